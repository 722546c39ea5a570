//! Calling: strings round-trip exactly, strings XML cannot carry are refused before any
//! byte is sent, futures are `Send`, and the trait can be implemented by hand.

mod support;

use soapkit::SoapVersion;
use support::person::{self, PersonAgent, TemporaryKeyDomain};
use support::server::TestServer;

async fn echo(server: &TestServer, version: SoapVersion, payload: &str) -> soapkit::Result<String> {
    let person = person::client(&server.url("/p"), version);
    let key = person
        .create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 0, person::expires(), payload.into())
        .await?;
    Ok(key.rsplit_once('|').map(|(_, payload)| payload.to_owned()).unwrap())
}

#[tokio::test]
async fn strings_round_trip_exactly() {
    let server = TestServer::serving(support::person_svc::server()).await;
    let samples = [
        "<hello & bye>",
        r#"quotes " and ' apostrophes"#,
        "]]> ends CDATA, <![CDATA[ starts it",
        "Ærlig talt, Øystein – ﬁ “typographic” ₿",
        "astral 😀 𝄞 𠜎",
        "tab\tcr\rcrlf\r\nlf\n",
        "  surrounding spaces  ",
        "&amp; already escaped &#x41;",
        "\u{FFFD}\u{E000}\u{10FFFF}",
    ];
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        for sample in samples {
            assert_eq!(echo(&server, version, sample).await.unwrap(), sample, "{version}");
        }
    }
}

#[tokio::test]
async fn characters_xml_cannot_carry_are_refused_before_sending() {
    let server = TestServer::serving(support::person_svc::server()).await;
    for bad in ["nul\0", "bell\u{7}", "esc\u{1b}[0m", "\u{FFFE}", "\u{FFFF}", "vt\u{b}"] {
        let error = echo(&server, SoapVersion::Soap11, bad).await.unwrap_err();
        assert!(error.is_input(), "{bad:?}: {error}");
        let message = support::report(&error);
        assert!(message.contains("parameter `Payload` of CreateTemporaryKeyWithPayload"), "{message}");
        assert!(message.contains("cannot be carried by XML 1.0"), "{message}");
    }
    assert_eq!(server.requests().len(), 0, "nothing may reach the server");
}

#[tokio::test]
async fn a_header_value_xml_cannot_carry_is_refused() {
    let error = soapkit::Header::new(support::NS, "ApplicationToken", "tok\u{0}en").unwrap_err();
    assert!(error.is_input());
}

/// Generic over the trait, so only the trait's own `Send` bound makes this compile.
fn spawn_delete<P: PersonAgent + Send + Sync + 'static>(
    agent: P,
    person_id: i32,
) -> tokio::task::JoinHandle<soapkit::Result<()>> {
    tokio::spawn(async move { agent.delete_temporary_keys_of_domain(TemporaryKeyDomain::PublicFaq, person_id).await })
}

#[tokio::test]
async fn futures_are_send_and_the_client_is_shared_across_tasks() {
    let server = TestServer::serving(support::person_svc::server()).await;
    let person = person::client(&server.url("/p"), SoapVersion::Soap11);
    let mut tasks = Vec::new();
    for id in 0..16 {
        tasks.push(spawn_delete(person.clone(), id));
        let concrete = person.clone();
        tasks.push(tokio::spawn(async move {
            let key = concrete
                .create_temporary_key_with_payload(
                    TemporaryKeyDomain::Unknown,
                    id,
                    id,
                    person::expires(),
                    id.to_string(),
                )
                .await?;
            assert_eq!(key, format!("Unknown|{id}|{id}|2025-09-19T01:40:55Z|{id}"));
            Ok(())
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(server.requests().len(), 32);
}

/// A fake, written the way an app writes one for its own tests: each method returns a
/// `soapkit::Call` made from a value or from an `async` block.
struct FakePerson;

impl PersonAgent for FakePerson {
    fn create_temporary_key_with_payload(
        &self,
        domain: TemporaryKeyDomain,
        _target_id: i32,
        person_id: i32,
        _expires: chrono::DateTime<chrono::Utc>,
        _payload: String,
    ) -> soapkit::Call<'_, String> {
        soapkit::Call::from_future(async move { Ok(format!("fake-{domain:?}-{person_id}")) })
    }

    fn delete_temporary_keys_of_domain(&self, _: TemporaryKeyDomain, _: i32) -> soapkit::Call<'_, ()> {
        soapkit::Call::ready(Ok(()))
    }
}

#[tokio::test]
async fn the_trait_can_be_implemented_by_hand() {
    let key = FakePerson
        .create_temporary_key_with_payload(TemporaryKeyDomain::PublicFaq, 0, 9, person::expires(), String::new())
        .await
        .unwrap();
    assert_eq!(key, "fake-PublicFaq-9");
    spawn_delete(FakePerson, 1).await.unwrap().unwrap();
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let person = person::client(&format!("http://{addr}/p"), SoapVersion::Soap11);
    let error = person.delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 1).await.unwrap_err();
    assert!(error.is_transport() && !error.is_timeout(), "{error:?}");
    assert_eq!(error.status(), None);
}

#[test]
fn a_bad_endpoint_is_a_builder_error() {
    for endpoint in ["not a url", "ftp://example.com/x"] {
        let error = soapkit::Client::builder(endpoint).build().unwrap_err();
        assert!(error.is_builder(), "{endpoint}: {error}");
    }
}
