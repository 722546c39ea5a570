//! The server from the same trait: an implementation of the tests' `PersonAgent` served on
//! 127.0.0.1 and called by the generated client of that same trait, and by hand-made
//! requests for everything a client would never send.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use soapkit::server::{Serving, add_reply_header, request_headers};
use soapkit::{Fault, Header, Reply, SoapVersion, soap_operation, soap_service};
use support::NS;
use support::person::{self, PersonAgent, PersonAgentServer, TemporaryKeyDomain};

/// The fault contract of the implementation below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SoError {
    message: String,
    code: i32,
}

/// A Services88 Person agent as a stand-in would be: it checks the ApplicationToken,
/// answers with the Succeeded header, refuses person 0 with a typed fault, and panics for
/// person 666.
struct People {
    deleted: AtomicUsize,
}

impl PersonAgent for People {
    fn create_temporary_key_with_payload(
        &self,
        domain: TemporaryKeyDomain,
        target_id: i32,
        person_id: i32,
        expires: chrono::DateTime<chrono::Utc>,
        payload: String,
    ) -> soapkit::Call<'_, String> {
        soapkit::Call::from_future(async move {
            let token = request_headers().and_then(|h| h.get::<String>(NS, "ApplicationToken").ok().flatten());
            if token.as_deref() != Some("1234567-1234-9876") {
                return Err(Fault::sender("invalid application token").subcode(NS, "InvalidToken").into());
            }
            match person_id {
                0 => Err(Fault::sender("no person 0")
                    .detail(NS, "SoError", &SoError { message: "person 0 does not exist".into(), code: 404 })
                    .into()),
                666 => panic!("the implementation broke"),
                _ => {
                    add_reply_header(Header::new(NS, "Succeeded", &true).unwrap());
                    let expires = expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                    Ok(format!("{domain:?}|{target_id}|{person_id}|{expires}|{payload}"))
                }
            }
        })
    }

    fn delete_temporary_keys_of_domain(&self, _: TemporaryKeyDomain, _: i32) -> soapkit::Call<'_, ()> {
        self.deleted.fetch_add(1, Ordering::SeqCst);
        soapkit::Call::ready(Ok(()))
    }
}

const WSDL: &str = include_str!("../interop/person.wsdl");

async fn serve() -> Serving {
    PersonAgentServer::new(People { deleted: AtomicUsize::new(0) })
        .wsdl(WSDL)
        .max_request_size(64 * 1024)
        .read_timeout(Duration::from_millis(500))
        .bind("127.0.0.1:0")
        .await
        .unwrap()
}

/// The create operation declared to return the reply's headers, as a client would.
#[soap_service(
    ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
    action_base = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person"
)]
trait PersonHeaders {
    #[soap_operation(action = "CreateTemporaryKeyWithPayload", fault = "SoError")]
    async fn create_temporary_key_with_payload(
        &self,
        domain: TemporaryKeyDomain,
        target_id: i32,
        person_id: i32,
        expires: chrono::DateTime<chrono::Utc>,
        payload: String,
    ) -> soapkit::Result<Reply<String>>;
}

#[tokio::test]
async fn the_generated_client_calls_the_generated_server_in_both_versions() {
    let serving = serve().await;
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let person = person::client(&serving.url("/Person.svc"), version);
        let key = person
            .create_temporary_key_with_payload(
                TemporaryKeyDomain::PublicFaq,
                7,
                123,
                person::expires(),
                "<hello & bye> \u{e9}".into(),
            )
            .await
            .unwrap();
        assert_eq!(key, "PublicFaq|7|123|2025-09-19T01:40:55Z|<hello & bye> \u{e9}", "{version}");
        person.delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 3).await.unwrap();

        let with_headers = PersonHeadersClient::new(person::raw_client(&serving.url("/Person.svc"), version));
        let reply = with_headers
            .create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 1, person::expires(), String::new())
            .await
            .unwrap();
        assert_eq!(reply.headers().get::<bool>(NS, "Succeeded").unwrap(), Some(true), "{version}");
    }
}

#[tokio::test]
async fn an_implementation_s_fault_reaches_the_client_typed() {
    let serving = serve().await;
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let client = PersonHeadersClient::new(person::raw_client(&serving.url("/p"), version));
        let error = client
            .create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 0, person::expires(), String::new())
            .await
            .unwrap_err();
        let fault = error.fault().unwrap_or_else(|| panic!("{version}: {error:?}"));
        assert!(fault.is_sender() && fault.reason() == "no person 0", "{version}: {fault:?}");
        assert_eq!(fault.typed_detail::<SoError>().unwrap().code, 404);
        assert_eq!(error.status(), Some(if version == SoapVersion::Soap12 { 400 } else { 500 }));

        // Without the ApplicationToken the implementation refuses, with a subcode in 1.2.
        let bare = PersonHeadersClient::new(
            soapkit::Client::builder(serving.url("/p")).soap_version(version).build().unwrap(),
        );
        let error = bare
            .create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 1, person::expires(), String::new())
            .await
            .unwrap_err();
        let fault = error.fault().unwrap();
        assert_eq!(fault.reason(), "invalid application token");
        let subcodes: Vec<_> = fault.subcodes().iter().map(|q| q.local_name().to_owned()).collect();
        assert_eq!(subcodes, if version == SoapVersion::Soap12 { vec!["InvalidToken"] } else { vec![] });
    }
}

#[tokio::test]
async fn a_panicking_implementation_is_a_receiver_fault_and_the_server_goes_on() {
    let serving = serve().await;
    let person = person::client(&serving.url("/p"), SoapVersion::Soap12);
    let error = person
        .create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 666, person::expires(), String::new())
        .await
        .unwrap_err();
    let fault = error.fault().unwrap();
    assert!(fault.is_receiver(), "{fault:?}");
    assert!(!fault.reason().contains("broke"), "the panic's message stays on the server: {fault:?}");
    assert_eq!(error.status(), Some(500));
    let key = person
        .create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 1, person::expires(), String::new())
        .await
        .unwrap();
    assert!(key.starts_with("Unknown|0|1|"));
}

/// Posts `body` by hand with `content_type` and `SOAPAction`; returns status and body.
async fn post(
    serving: &Serving,
    content_type: &str,
    action: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> (u16, String) {
    let mut request = reqwest::Client::new().post(serving.url("/p")).header("content-type", content_type).body(body);
    if let Some(action) = action {
        request = request.header("SOAPAction", action);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn envelope11(body: &str) -> String {
    format!(r#"<soap:Envelope xmlns:soap="{}"><soap:Body>{body}</soap:Body></soap:Envelope>"#, soapkit::SOAP11_ENVELOPE)
}

#[tokio::test]
async fn requests_no_client_of_ours_would_send_get_a_fault_or_an_http_error() {
    let serving = serve().await;
    let xml = "text/xml; charset=utf-8";
    // (case, content type, SOAPAction, body, status, what the answer says)
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, String, u16, &'a str);
    let cases: Vec<Case> = vec![
        ("unknown operation", xml, None, envelope11(&format!(r#"<Nope xmlns="{NS}"/>"#)), 500, "no operation at this endpoint takes <Nope>"),
        ("not XML", xml, None, "<soap:Envelope".into(), 500, "not well-formed XML"),
        ("not an envelope", xml, None, "<html/>".into(), 500, "not a SOAP Envelope"),
        ("empty body", xml, None, envelope11(""), 500, "the Body is empty"),
        (
            "billion laughs",
            xml,
            None,
            r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&lol2;</soap:Body></soap:Envelope>"#.into(),
            500,
            "DOCTYPE",
        ),
        ("deep nesting", xml, None, envelope11(&"<a>".repeat(5_000)), 500, "deep"),
        (
            "a parameter that does not decode",
            xml,
            None,
            envelope11(&format!(r#"<DeleteTemporaryKeysOfDomain xmlns="{NS}"><Domain>Unknown</Domain><PersonId>twelve</PersonId></DeleteTemporaryKeysOfDomain>"#)),
            500,
            "parameter `PersonId` of DeleteTemporaryKeysOfDomain does not decode",
        ),
        (
            "the wrong SOAP action",
            xml,
            Some("\"urn:other\""),
            envelope11(&format!(r#"<DeleteTemporaryKeysOfDomain xmlns="{NS}"><Domain>Unknown</Domain><PersonId>1</PersonId></DeleteTemporaryKeysOfDomain>"#)),
            500,
            "the SOAP action \"urn:other\" is not",
        ),
        (
            "a 1.2 envelope sent as 1.1",
            xml,
            None,
            format!(r#"<s:Envelope xmlns:s="{}"><s:Body/></s:Envelope>"#, soapkit::SOAP12_ENVELOPE),
            400,
            "sent with the content type of SOAP 1.1",
        ),
        ("another envelope version", xml, None, r#"<s:Envelope xmlns:s="urn:soap-2"><s:Body/></s:Envelope>"#.into(), 500, "VersionMismatch"),
        ("a wrong content type", "application/json", None, "{}".into(), 415, "text/xml"),
        ("a body over the limit", xml, None, envelope11(&"x".repeat(100 * 1024)), 413, "larger than the server's limit"),
    ];
    for (case, content_type, action, body, status, expected) in cases {
        let (got_status, text) = post(&serving, content_type, action, body).await;
        let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        assert_eq!(got_status, status, "{case}: {text}");
        assert!(text.contains(expected), "{case}: {expected:?} not in {text}");
    }
    // The server still serves.
    let person = person::client(&serving.url("/p"), SoapVersion::Soap11);
    person.delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 1).await.unwrap();
}

#[tokio::test]
async fn a_slow_client_gets_408_and_others_are_served_meanwhile() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let serving = serve().await;
    // Promises 100 bytes of body, sends 14 and stalls.
    let mut slow = tokio::net::TcpStream::connect(serving.local_addr()).await.unwrap();
    slow.write_all(
        b"POST /p HTTP/1.1\r\nhost: x\r\ncontent-type: text/xml\r\ncontent-length: 100\r\n\r\n<soap:Envelope",
    )
    .await
    .unwrap();
    let person = person::client(&serving.url("/p"), SoapVersion::Soap11);
    person.delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 1).await.unwrap();
    let mut answer = vec![0; 64];
    let read = tokio::time::timeout(Duration::from_secs(10), slow.read(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn the_wsdl_is_served_at_query_wsdl() {
    let serving = serve().await;
    let response = reqwest::get(serving.url("/Person.svc?wsdl")).await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), WSDL);
    assert_eq!(reqwest::get(serving.url("/Person.svc")).await.unwrap().status().as_u16(), 405);
    let without = PersonAgentServer::new(People { deleted: AtomicUsize::new(0) }).bind("127.0.0.1:0").await.unwrap();
    assert_eq!(reqwest::get(without.url("/p?wsdl")).await.unwrap().status().as_u16(), 404);
}

/// An operation declared to return `Reply<T>` is served from `Reply::from_value`, its
/// reply headers added by the implementation.
#[tokio::test]
async fn an_operation_returning_reply_is_served() {
    use support::person::{PersonAgentWithHeaders, PersonAgentWithHeadersClient, PersonAgentWithHeadersServer};
    struct WithHeaders;
    impl PersonAgentWithHeaders for WithHeaders {
        fn create_key_with_headers(
            &self,
            _: TemporaryKeyDomain,
            _: i32,
            person_id: i32,
            _: chrono::DateTime<chrono::Utc>,
            _: String,
        ) -> soapkit::Call<'_, Reply<String>> {
            soapkit::Call::from_future(async move {
                add_reply_header(Header::new(NS, "Succeeded", &true).unwrap());
                Ok(Reply::from_value(format!("key {person_id}")))
            })
        }
    }
    let serving = PersonAgentWithHeadersServer::new(WithHeaders).bind("127.0.0.1:0").await.unwrap();
    let client = PersonAgentWithHeadersClient::new(person::raw_client(&serving.url("/p"), SoapVersion::Soap12));
    let reply = client
        .create_key_with_headers(TemporaryKeyDomain::Unknown, 0, 5, person::expires(), String::new())
        .await
        .unwrap();
    assert_eq!(reply.value(), "key 5");
    assert_eq!(reply.headers().get::<bool>(NS, "Succeeded").unwrap(), Some(true));
}

/// A `#[soap(header)]` parameter is read from the request's header blocks, and a one-way
/// operation is answered with 202 and no body.
#[tokio::test]
async fn header_parameters_and_one_way_operations_are_served() {
    #[soap_service(server, ns = "urn:audit")]
    trait Audit {
        #[soap_operation(action = "Record")]
        async fn record(
            &self,
            #[soap(header, ns = "urn:audit")] session: String,
            entry: String,
        ) -> soapkit::Result<String>;

        #[soap_operation(action = "Forget", one_way)]
        async fn forget(&self, entry: String) -> soapkit::Result<()>;
    }
    struct Log(std::sync::Mutex<Vec<String>>);
    // Written with `async fn`s, through `#[soap_impl]`.
    #[soapkit::soap_impl]
    impl Audit for Log {
        async fn record(&self, session: String, entry: String) -> soapkit::Result<String> {
            Ok(format!("{session}: {entry}"))
        }
        async fn forget(&self, entry: String) -> soapkit::Result<()> {
            self.0.lock().unwrap().push(entry);
            Ok(())
        }
    }
    let serving = AuditServer::new(Log(Default::default())).bind("127.0.0.1:0").await.unwrap();
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let audit =
            AuditClient::new(soapkit::Client::builder(serving.url("/audit")).soap_version(version).build().unwrap());
        assert_eq!(audit.record("s-1".into(), "opened".into()).await.unwrap(), "s-1: opened");
        audit.forget("old".into()).await.unwrap();
    }
    let recorded = support::server::TestServer::serving(AuditServer::new(Log(Default::default()))).await;
    let audit = AuditClient::new(soapkit::Client::builder(recorded.url("/audit")).build().unwrap());
    audit.forget("old".into()).await.unwrap();
    let request = &recorded.requests()[0];
    assert!(request.body.contains("<Entry>old</Entry>"), "{}", request.body);
    // On the wire: 202 and nothing in it.
    let raw = reqwest::Client::new()
        .post(serving.url("/audit"))
        .header("content-type", "text/xml")
        .body(envelope11(r#"<Forget xmlns="urn:audit"><Entry>x</Entry></Forget>"#))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 202);
    assert_eq!(raw.bytes().await.unwrap().len(), 0);
}

/// A parameter that repeats (a `Vec`, as `maxOccurs="unbounded"` maps) is read from every
/// element of its name, as the client writes it.
#[tokio::test]
async fn a_repeated_parameter_is_read_whole() {
    #[soap_service(server, ns = "urn:sum")]
    trait Sums {
        #[soap_operation(action = "Sum")]
        async fn sum(&self, label: String, values: Vec<i32>, note: Option<String>) -> soapkit::Result<String>;
    }
    struct Adder;
    #[soapkit::soap_impl]
    impl Sums for Adder {
        async fn sum(&self, label: String, values: Vec<i32>, note: Option<String>) -> soapkit::Result<String> {
            Ok(format!("{label}={} ({} values, {note:?})", values.iter().sum::<i32>(), values.len()))
        }
    }
    let serving = SumsServer::new(Adder).bind("127.0.0.1:0").await.unwrap();
    let sums = SumsClient::new(soapkit::Client::builder(serving.url("/sum")).build().unwrap());
    assert_eq!(sums.sum("s".into(), vec![1, 2, 3], None).await.unwrap(), "s=6 (3 values, None)");
    assert_eq!(sums.sum("e".into(), vec![], Some("n".into())).await.unwrap(), "e=0 (0 values, Some(\"n\"))");
}

/// An implementation may leave operations out (the trait's default bodies): a server or a
/// test double of a large service implements what it serves, and a call to the rest is
/// answered with a `Receiver` fault that names the operation, and the server goes on.
#[tokio::test]
async fn an_operation_left_out_is_answered_with_a_not_implemented_fault() {
    struct OnlyDeletes;
    #[soapkit::soap_impl]
    impl PersonAgent for OnlyDeletes {
        // `Result<T, soapkit::Error>`, as the trait may be declared, is taken as well.
        async fn delete_temporary_keys_of_domain(&self, _: TemporaryKeyDomain, _: i32) -> Result<(), soapkit::Error> {
            Ok(())
        }
    }
    let serving = PersonAgentServer::new(OnlyDeletes).bind("127.0.0.1:0").await.unwrap();
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let client = person::client(&serving.url("/Person.svc"), version);
        let error = client
            .create_temporary_key_with_payload(TemporaryKeyDomain::PublicFaq, 1, 2, person::expires(), "x".into())
            .await
            .unwrap_err();
        let fault = error.fault().unwrap_or_else(|| panic!("a fault, not {error:?}"));
        assert!(fault.is_receiver(), "{fault:?}");
        assert_eq!(fault.reason(), "the operation CreateTemporaryKeyWithPayload is not implemented");
        client.delete_temporary_keys_of_domain(TemporaryKeyDomain::PublicFaq, 2).await.unwrap();
    }
}

/// A header block marked `mustUnderstand` is served only when the server understands it:
/// an operation's header parameter, or a block the implementation reads itself and the
/// server was told of (`Server::understand`). Otherwise: the MustUnderstand fault.
#[tokio::test]
#[allow(deprecated)] // ring's provider, as soapkit's client installs it (see tests/tls.rs)
async fn a_header_block_that_must_be_understood_is_served_only_when_understood() {
    // This test posts with reqwest alone, before any soapkit client installs a provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let request = format!(
        r#"<s:Envelope xmlns:s="{}"><s:Header><t:Token xmlns:t="urn:t" s:mustUnderstand="1">x</t:Token></s:Header><s:Body><DeleteTemporaryKeysOfDomain xmlns="{NS}"><Domain>Unknown</Domain><PersonId>1</PersonId></DeleteTemporaryKeysOfDomain></s:Body></s:Envelope>"#,
        soapkit::SOAP11_ENVELOPE
    );
    for (server, served) in
        [(support::person_svc::server(), false), (support::person_svc::server().understand("urn:t", "Token"), true)]
    {
        let server = support::server::TestServer::serving(server).await;
        let reply = reqwest::Client::new()
            .post(server.url("/p"))
            .header("content-type", "text/xml; charset=utf-8")
            .body(request.clone())
            .send()
            .await
            .unwrap();
        let status = reply.status().as_u16();
        let body = reply.text().await.unwrap();
        if served {
            assert_eq!(status, 200, "{body}");
        } else {
            assert!(status == 500 && body.contains("MustUnderstand") && body.contains("{urn:t}Token"), "{body}");
        }
    }
    // SOAP 1.2 names the block in a NotUnderstood header block of the fault.
    let server = support::server::TestServer::serving(support::person_svc::server()).await;
    let request = request.replace(soapkit::SOAP11_ENVELOPE, soapkit::SOAP12_ENVELOPE);
    let reply = reqwest::Client::new()
        .post(server.url("/p"))
        .header("content-type", "application/soap+xml; charset=utf-8")
        .body(request)
        .send()
        .await
        .unwrap();
    let body = reply.text().await.unwrap();
    assert!(
        body.contains(r#"<s:Header><s:NotUnderstood qname="nu:Token" xmlns:nu="urn:t"/></s:Header>"#)
            && body.contains("s:MustUnderstand"),
        "{body}"
    );
}
