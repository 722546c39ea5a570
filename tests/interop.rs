//! soapkit against third-party SOAP stacks: spyne (Python, schema validation on) and
//! node-soap (Node), each over SOAP 1.1 and 1.2, and zeep (Python) as a reference encoder.
//!
//! These tests need the peers running: `interop/run` installs and starts them, then runs
//! `cargo test --test interop -- --ignored` with `SOAPKIT_INTEROP` naming the endpoints.

mod support;

use serde::{Deserialize, Serialize};
use soapkit::wcf::ArrayOf;
use soapkit::{Client, Header, SoapVersion, soap_operation, soap_service};
use support::NS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemporaryKeyDomain {
    Unknown,
    MailingRecipient,
    LoginCustomerCenter,
    PublicFaq,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EntityElement {
    pub value: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArrayOfEntityElement {
    #[serde(rename = "EntityElement", default)]
    pub items: Vec<EntityElement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PersonEntity {
    // Optional as the schema has them (`minOccurs="0"`): the drift check holds the
    // declaration to it, since a reply without one would not decode.
    pub person_id: Option<i32>,
    pub firstname: Option<String>,
    pub middle_name: Option<String>,
    pub emails: Option<ArrayOfEntityElement>,
    pub interests: ArrayOf<i32>,
    pub active: Option<bool>,
    pub rank: Option<f64>,
    pub picture: Option<soapkit::xsd::Base64Binary>,
    pub born: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Credentials {
    pub ticket: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticateResponse {
    pub response: Option<bool>,
    pub credentials: Option<Credentials>,
    pub authentication_succeeded: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SoapFaultDetail {
    pub message: String,
    pub error_code: i32,
}

/// interop/person.wsdl, declared; `server` serves it too (the reverse direction below).
#[soap_service(
    server,
    ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
    action_base = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person"
)]
pub trait InteropPerson {
    #[soap_operation(action = "CreateTemporaryKeyWithPayload", result = "Response")]
    async fn create_temporary_key_with_payload(
        &self,
        domain: TemporaryKeyDomain,
        target_id: i32,
        person_id: i32,
        expires: chrono::DateTime<chrono::Utc>,
        payload: String,
    ) -> soapkit::Result<String>;

    #[soap_operation(action = "SavePerson", result = "Response")]
    async fn save_person(&self, person: PersonEntity) -> soapkit::Result<PersonEntity>;

    #[soap_operation(action = "AuthenticateWithPassword", response = "AuthenticateResponse", whole_response)]
    async fn authenticate(&self, user_name: String, password: String) -> soapkit::Result<AuthenticateResponse>;

    #[soap_operation(action = "Fail", result = "Response", fault = "SoapFaultDetail")]
    async fn fail(&self, reason: String) -> soapkit::Result<String>;
}

/// The declaration above is what `interop/person.wsdl` says (no peers needed).
#[test]
fn the_declaration_matches_the_wsdl() {
    let drift = soapkit_codegen::drift::check::<InteropPersonClient>("interop/person.wsdl").unwrap();
    assert!(drift.is_empty(), "{drift}");
}

/// (peer name, endpoint, SOAP version) from `SOAPKIT_INTEROP`.
fn peers() -> Vec<(String, String, SoapVersion)> {
    let spec = std::env::var("SOAPKIT_INTEROP").expect("SOAPKIT_INTEROP names the peers: run interop/run");
    spec.split(',')
        .map(|entry| {
            let (name, url) = entry.split_once('=').expect("name=url");
            let version = if name.ends_with("12") { SoapVersion::Soap12 } else { SoapVersion::Soap11 };
            (name.to_owned(), url.to_owned(), version)
        })
        .collect()
}

fn client(url: &str, version: SoapVersion) -> InteropPersonClient {
    let client = Client::builder(url)
        .soap_version(version)
        .header(Header::new(NS, "ApplicationToken", "tok").unwrap())
        .build()
        .unwrap();
    InteropPersonClient::new(client)
}

fn expires() -> chrono::DateTime<chrono::Utc> {
    "2025-09-19T01:40:55Z".parse().unwrap()
}

fn person() -> PersonEntity {
    PersonEntity {
        person_id: Some(41),
        firstname: Some("Åse".into()),
        middle_name: None,
        emails: Some(ArrayOfEntityElement {
            items: vec![EntityElement { value: Some("a@example.com".into()), description: Some("work".into()) }],
        }),
        interests: ArrayOf(vec![1, 2, 3]),
        active: Some(true),
        rank: Some(2.5),
        picture: Some(soapkit::xsd::Base64Binary(vec![0, 1, 2, 254, 255])),
        born: Some("1980-02-29".parse().unwrap()),
    }
}

#[tokio::test]
#[ignore = "needs the third-party peers: run interop/run"]
async fn scalars_enums_dates_and_the_header_reach_every_peer() {
    for (name, url, version) in peers() {
        let key = client(&url, version)
            .create_temporary_key_with_payload(
                TemporaryKeyDomain::LoginCustomerCenter,
                0,
                123,
                expires(),
                "<hello & bye> ]]>".into(),
            )
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(key, "LoginCustomerCenter|0|123|2025-09-19T01:40:55Z|<hello & bye> ]]>|tok", "{name}");
    }
}

#[tokio::test]
#[ignore = "needs the third-party peers: run interop/run"]
async fn a_rich_entity_round_trips_through_every_peer() {
    for (name, url, version) in peers() {
        let sent = person();
        let back = client(&url, version).save_person(sent.clone()).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, PersonEntity { person_id: Some(42), ..sent }, "{name}");
    }
}

#[tokio::test]
#[ignore = "needs the third-party peers: run interop/run"]
async fn a_reply_wrapper_of_another_name_with_several_children() {
    for (name, url, version) in peers() {
        let client = client(&url, version);
        let ok = client.authenticate("ann".into(), "secret".into()).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            ok,
            AuthenticateResponse {
                response: Some(true),
                credentials: Some(Credentials { ticket: Some("7T:ann".into()) }),
                authentication_succeeded: Some(true)
            },
            "{name}"
        );
        let refused = client.authenticate("ann".into(), "wrong".into()).await.unwrap();
        assert_eq!((refused.response, refused.authentication_succeeded), (Some(false), Some(false)), "{name}");
        assert_eq!(refused.credentials.and_then(|c| c.ticket), None, "{name}");
    }
}

#[tokio::test]
#[ignore = "needs the third-party peers: run interop/run"]
async fn faults_come_back_typed_from_every_peer() {
    for (name, url, version) in peers() {
        let error = client(&url, version).fail("ticket expired".into()).await.unwrap_err();
        let fault = error.fault().unwrap_or_else(|| panic!("{name}: not a fault: {error}"));
        assert_eq!(fault.version(), version, "{name}");
        assert!(fault.is_sender(), "{name}: {:?}", fault.code());
        assert_eq!(fault.reason(), "ticket expired", "{name}");
        let detail =
            fault.typed_detail::<SoapFaultDetail>().unwrap_or_else(|| panic!("{name}: {:?}", fault.detail_xml()));
        assert_eq!(detail, &SoapFaultDetail { message: "ticket expired".into(), error_code: 42 }, "{name}");
    }
}

/// soapkit's envelope for each operation is XML-equivalent to zeep's for the same WSDL and
/// arguments (prefixes free).
/// gSOAP's WS-Security plugin (wsseapi) verifies soapkit's UsernameTokens: a password
/// digest with a Timestamp and a text password over both SOAP versions are accepted, and
/// a wrong password is refused with gSOAP's WS-Security fault.
#[tokio::test]
#[ignore = "needs gSOAP's server: run interop/run"]
async fn gsoap_verifies_soapkits_username_tokens() {
    use soapkit::wsse::{PasswordType, WsSecurity};
    use support::person::{PersonAgent as _, PersonAgentClient, TemporaryKeyDomain, expires};
    let url = std::env::var("SOAPKIT_GSOAP").expect("SOAPKIT_GSOAP names gSOAP's server: run interop/run");
    let client = |version: SoapVersion, password: &str, kind: PasswordType| {
        let security =
            WsSecurity::new().username_token("alice", password, kind).timestamp(std::time::Duration::from_secs(300));
        let client = Client::builder(&url)
            .soap_version(version)
            .header(Header::new(NS, "ApplicationToken", "1234567-1234-9876").unwrap())
            .ws_security(security)
            .build()
            .unwrap();
        PersonAgentClient::new(client)
    };
    let call = |person: PersonAgentClient| async move {
        let domain = TemporaryKeyDomain::LoginCustomerCenter;
        person.create_temporary_key_with_payload(domain, 7, 123, expires(), "<wsse> & \u{e5}".into()).await
    };
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        for kind in [PasswordType::Digest, PasswordType::Text] {
            let key = call(client(version, "wonder&land<1>", kind)).await.unwrap();
            assert_eq!(key, "gsoap:alice:<wsse> & \u{e5}", "{version} {kind:?}");
        }
        let error = call(client(version, "looking-glass", PasswordType::Digest)).await.unwrap_err();
        let fault = error.fault().unwrap_or_else(|| panic!("{version}: {error:?}"));
        // SOAP 1.1: the code is wsse:FailedAuthentication; SOAP 1.2: Sender with that subcode.
        let failed = |code: &soapkit::QName| code.is(soapkit::wsse::WSSE, "FailedAuthentication");
        assert!(failed(fault.code()) || fault.subcodes().iter().any(failed), "{version}: {fault:?}");
    }
}

/// gSOAP's WS-Security plugin verifies soapkit's X.509 signatures: a request signed with a
/// key its CA certified is accepted over both SOAP versions, one signed by a stranger is
/// refused.
#[tokio::test]
#[ignore = "needs gSOAP's server: run interop/run"]
async fn gsoap_verifies_soapkits_signatures() {
    use soapkit::wsse::{Signer, WsSecurity};
    use support::person::{PersonAgent as _, PersonAgentClient, TemporaryKeyDomain, expires};
    let url =
        std::env::var("SOAPKIT_GSOAP_SIGNED").expect("SOAPKIT_GSOAP_SIGNED names gSOAP's server: run interop/run");
    let call = |version: SoapVersion, who: &'static str| {
        let read = |name: String| std::fs::read_to_string(format!("tests/data/x509/{name}")).unwrap();
        let signer = Signer::from_pem(&read(format!("{who}.key")), &read(format!("{who}.pem"))).unwrap();
        let security = WsSecurity::new().timestamp(std::time::Duration::from_secs(300)).sign_with(signer);
        let client = Client::builder(&url).soap_version(version).ws_security(security).build().unwrap();
        async move {
            let person = PersonAgentClient::new(client);
            let domain = TemporaryKeyDomain::LoginCustomerCenter;
            person.create_temporary_key_with_payload(domain, 7, 123, expires(), "signed <&> \u{e5}".into()).await
        }
    };
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        assert_eq!(call(version, "client").await.unwrap(), "gsoap:signed:signed <&> \u{e5}", "{version}");
        let error = call(version, "stranger").await.unwrap_err();
        // gSOAP finds no trusted token for an untrusted certificate: wsse:SecurityTokenUnavailable
        // (the 1.1 code, or the 1.2 subcode).
        let fault = error.fault().unwrap_or_else(|| panic!("{version}: {error:?}"));
        let unavailable = |code: &soapkit::QName| code.is(soapkit::wsse::WSSE, "SecurityTokenUnavailable");
        assert!(unavailable(fault.code()) || fault.subcodes().iter().any(unavailable), "{version}: {fault:?}");
    }
}

/// gSOAP's WS-Addressing plugin checks soapkit's headers (wsaapi's `soap_wsa_check`) and
/// answers with RelatesTo, which soapkit's client checks; a request without them gets
/// gSOAP's MessageAddressingHeaderRequired fault.
#[tokio::test]
#[ignore = "needs gSOAP's server: run interop/run"]
async fn gsoap_checks_soapkits_ws_addressing() {
    use soapkit::wsa::WsAddressing;
    use support::person::{PersonAgent as _, PersonAgentClient, TemporaryKeyDomain, expires};
    let url = std::env::var("SOAPKIT_GSOAP_WSA").expect("SOAPKIT_GSOAP_WSA names gSOAP's server: run interop/run");
    let call = |version: SoapVersion, addressing: bool| {
        let builder = Client::builder(&url).soap_version(version);
        let builder = if addressing { builder.ws_addressing(WsAddressing::new()) } else { builder };
        let person = PersonAgentClient::new(builder.build().unwrap());
        async move {
            let domain = TemporaryKeyDomain::LoginCustomerCenter;
            person.create_temporary_key_with_payload(domain, 7, 123, expires(), "<wsa> & \u{e5}".into()).await
        }
    };
    let action = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person/CreateTemporaryKeyWithPayload";
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        assert_eq!(call(version, true).await.unwrap(), format!("gsoap:wsa:{action}:<wsa> & \u{e5}"), "{version}");
        let error = call(version, false).await.unwrap_err();
        let fault = error.fault().unwrap_or_else(|| panic!("{version}: {error:?}"));
        let required = |code: &soapkit::QName| code.is(soapkit::wsa::WSA_2005, "MessageAddressingHeaderRequired");
        assert!(required(fault.code()) || fault.subcodes().iter().any(required), "{version}: {fault:?}");
    }
}

/// HTTP Digest (RFC 7616) against gSOAP's httpda plugin, MD5 and SHA-256 (it offers
/// SHA-512-256 but cannot check it, and its -sess variants hash the binary HA1 of RFC
/// 2617's sample code rather than RFC 7616's hex): the first call answers the 401
/// challenge, the second reuses the nonce with the next count; a wrong password ends in the
/// server's 401. HTTP Basic against gSOAP's own check, right and wrong.
#[tokio::test]
#[ignore = "needs gSOAP's servers: run interop/run"]
async fn gsoap_accepts_soapkits_http_basic_and_digest() {
    use soapkit::auth::HttpAuth;
    use support::person::{PersonAgent as _, PersonAgentClient, TemporaryKeyDomain, expires};
    let var =
        |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} names a gSOAP server: run interop/run"));
    let call = |url: String, auth: HttpAuth, version: SoapVersion| async move {
        let client = Client::builder(url).soap_version(version).layer(auth).build().unwrap();
        let person = PersonAgentClient::new(client);
        let domain = TemporaryKeyDomain::LoginCustomerCenter;
        person.create_temporary_key_with_payload(domain, 7, 123, expires(), "<auth> & \u{e5}".into()).await
    };
    let expected = "gsoap:http:alice:<auth> & \u{e5}";
    for (algorithm, url) in var("SOAPKIT_GSOAP_DIGEST").split(',').filter_map(|e| e.split_once('=')) {
        for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
            let auth = HttpAuth::digest("alice", "wonder&land<1>");
            // The same credentials twice: the second call answers the kept challenge.
            assert_eq!(call(url.to_owned(), auth.clone(), version).await.unwrap(), expected, "{algorithm} {version}");
            assert_eq!(call(url.to_owned(), auth, version).await.unwrap(), expected, "{algorithm} {version}");
            let wrong = call(url.to_owned(), HttpAuth::digest("alice", "looking-glass"), version).await.unwrap_err();
            assert_eq!(wrong.status(), Some(401), "{algorithm} {version}: {wrong:?}");
        }
    }
    let basic = var("SOAPKIT_GSOAP_BASIC");
    let auth = HttpAuth::basic("alice", "wonder&land<1>").unwrap();
    assert_eq!(call(basic.clone(), auth, SoapVersion::Soap11).await.unwrap(), expected);
    let wrong = HttpAuth::basic("alice", "looking-glass").unwrap();
    assert_eq!(call(basic, wrong, SoapVersion::Soap11).await.unwrap_err().status(), Some(401));
}

/// A real HTTP proxy (tinyproxy): plain HTTP requests forwarded to a soapkit server (which
/// sees tinyproxy's `Via`), HTTPS tunnelled with CONNECT to a TLS server; a proxy that
/// wants credentials refuses a client without them (407) or with a wrong password, and
/// takes them given apart or in the URL.
#[tokio::test]
#[ignore = "needs tinyproxy: run interop/run"]
async fn requests_go_through_http_proxies_and_connect_tunnels() {
    use support::person::{PersonAgent as _, PersonAgentClient, TemporaryKeyDomain};
    let open = std::env::var("SOAPKIT_PROXY").expect("SOAPKIT_PROXY: run interop/run");
    let auth = std::env::var("SOAPKIT_PROXY_AUTH").expect("SOAPKIT_PROXY_AUTH: run interop/run");
    let plain = support::server::TestServer::serving(support::person_svc::server()).await;
    let pki = support::tls::pki();
    let tls = support::tls::serve(&pki, false).await;
    let delete = |url: String, configure: Box<dyn FnOnce(soapkit::ClientBuilder) -> soapkit::ClientBuilder>| {
        let client = configure(Client::builder(url).add_root_certificate_pem(pki.ca_pem.clone())).build().unwrap();
        async move { PersonAgentClient::new(client).delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 1).await }
    };
    let http = plain.url("/Person.svc");
    for target in [http.clone(), tls.clone()] {
        let proxy = open.clone();
        delete(target.clone(), Box::new(move |b| b.proxy(proxy))).await.unwrap_or_else(|e| panic!("{target}: {e:?}"));
        let proxy = auth.clone();
        let refused = delete(target.clone(), Box::new(move |b| b.proxy(proxy))).await.unwrap_err();
        assert!(refused.status() == Some(407) || refused.is_transport(), "{target}: {refused:?}");
        let proxy = auth.clone();
        let wrong = delete(target.clone(), Box::new(move |b| b.proxy(proxy).proxy_credentials("alice", "nope")));
        assert!(wrong.await.is_err(), "{target}");
        let proxy = auth.clone();
        let given =
            Box::new(move |b: soapkit::ClientBuilder| b.proxy(proxy).proxy_credentials("alice", "proxy-secret"));
        delete(target.clone(), given).await.unwrap_or_else(|e| panic!("{target}: {e:?}"));
        let in_url = auth.replace("http://", "http://alice:proxy-secret@");
        delete(target.clone(), Box::new(move |b| b.proxy(in_url))).await.unwrap_or_else(|e| panic!("{target}: {e:?}"));
    }
    let via: Vec<_> = plain.requests().iter().map(|r| r.header("via").unwrap_or("").to_owned()).collect();
    assert!(!via.is_empty() && via.iter().all(|v| v.contains("tinyproxy")), "{via:?}");
}

/// NTLM against pyspnego's acceptor behind a server that, like IIS, authenticates the
/// connection (`interop/ntlm_server.py`): the handshake's legs share a connection (its
/// state is the connection's, so they could not succeed otherwise), the calls after it on
/// that connection carry no credentials, calls run at once on two connections, a server
/// that offers only `Negotiate` gets the same tokens, and a wrong password ends in 401.
#[tokio::test]
#[ignore = "needs pyspnego: run interop/run"]
async fn ntlm_authenticates_each_connection_once() {
    use soapkit::layers::Hooks;
    use soapkit::ntlm::NtlmCredentials;
    use support::person::{PersonAgent as _, PersonAgentClient, TemporaryKeyDomain};
    let url = std::env::var("SOAPKIT_NTLM").expect("SOAPKIT_NTLM: run interop/run");
    let negotiate_only = std::env::var("SOAPKIT_NTLM_NEGOTIATE").expect("SOAPKIT_NTLM_NEGOTIATE: run interop/run");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(String, String, String)>::new()));
    let client = |url: &str, password: &str| {
        let keep = std::sync::Arc::clone(&seen);
        let hooks = Hooks::new().on_response(move |response| {
            let header = |name: &str| response.headers().get(name).map_or("", |v| v.to_str().unwrap_or("")).to_owned();
            keep.lock().unwrap().push((
                header("x-ntlm-user"),
                header("x-ntlm-connection"),
                response.status().to_string(),
            ));
        });
        let credentials = NtlmCredentials::new("SOAPKIT", "alice", password).connections(2);
        PersonAgentClient::new(Client::builder(url).ntlm(credentials).layer(hooks).build().unwrap())
    };
    fn delete(person: &PersonAgentClient) -> soapkit::Call<'_, ()> {
        person.delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 1)
    }
    let person = client(&url, "wonder&land<1>");
    for _ in 0..3 {
        delete(&person).await.unwrap();
    }
    let together = tokio::join!(delete(&person), delete(&person), delete(&person), delete(&person));
    for result in [together.0, together.1, together.2, together.3] {
        result.unwrap();
    }
    {
        let seen = seen.lock().unwrap();
        assert!(seen.iter().all(|(user, _, status)| user == "SOAPKIT\\alice" && status.starts_with("200")), "{seen:?}");
        // The first call took a handshake (the third request on its connection); the next
        // ones on that connection came without one.
        assert_eq!(seen[0].1, "2", "{seen:?}");
        assert!(seen.iter().any(|(_, n, _)| n.parse::<u32>().unwrap() >= 4), "connections reused: {seen:?}");
    }
    delete(&client(&negotiate_only, "wonder&land<1>")).await.unwrap();
    let wrong = delete(&client(&url, "looking-glass")).await.unwrap_err();
    assert_eq!(wrong.status(), Some(401), "{wrong:?}");
}

#[tokio::test]
#[ignore = "needs zeep's reference envelopes: run interop/run"]
async fn requests_are_equivalent_to_zeeps() {
    let path = std::env::var("SOAPKIT_ZEEP_BODIES").expect("SOAPKIT_ZEEP_BODIES: run interop/run");
    let zeep: std::collections::BTreeMap<String, String> = serde_json_lite(&std::fs::read_to_string(path).unwrap());
    let server = support::server::TestServer::serving(support::person_svc::server()).await;
    let client = client(&server.url("/p"), SoapVersion::Soap11);
    let _ = client
        .create_temporary_key_with_payload(
            TemporaryKeyDomain::LoginCustomerCenter,
            0,
            123,
            expires(),
            "<hello & bye>".into(),
        )
        .await;
    let mut zeep_person = person();
    zeep_person.middle_name = None;
    let _ = client.save_person(zeep_person).await;
    let _ = client.authenticate("ann".into(), "secret".into()).await;
    let _ = client.fail("ticket expired".into()).await;
    let requests = server.requests();
    let operations = ["CreateTemporaryKeyWithPayload", "SavePerson", "AuthenticateWithPassword", "Fail"];
    assert_eq!(requests.len(), operations.len());
    for (request, operation) in requests.iter().zip(operations) {
        support::xml::assert_equivalent(&request.body, &zeep[operation]);
    }
}

/// The JSON zeep_bodies.py writes is a flat object of strings; reading it needs no crate.
fn serde_json_lite(text: &str) -> std::collections::BTreeMap<String, String> {
    let mut map = std::collections::BTreeMap::new();
    let mut chars = text.chars().peekable();
    let mut strings = Vec::new();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('r') => s.push('\r'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        s.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                    }
                    Some(other) => s.push(other),
                    None => break,
                },
                other => s.push(other),
            }
        }
        strings.push(s);
    }
    for pair in strings.chunks(2) {
        map.insert(pair[0].clone(), pair[1].clone());
    }
    map
}

/// The Person service declared with the wrong namespace: what a client that qualifies
/// elements wrongly sends.
#[soap_service(ns = "urn:wrong:namespace")]
pub trait WronglyQualified {
    #[soap_operation(action = "Fail")]
    async fn fail(&self, reason: String) -> soapkit::Result<String>;
}

/// spyne validates requests against its schema, so the passing tests above mean soapkit's
/// qualification is right, not merely tolerated. Over SOAP 1.1 spyne answers with a
/// `Client.SchemaValidationError` fault; its SOAP 1.2 protocol fails while writing that
/// fault and answers a plain HTTP 500, which soapkit reports as a status error.
#[tokio::test]
#[ignore = "needs the third-party peers: run interop/run"]
async fn spyne_refuses_a_wrongly_qualified_request() {
    for (name, url, version) in peers().into_iter().filter(|(name, ..)| name.starts_with("spyne")) {
        let client = Client::builder(url).soap_version(version).build().unwrap();
        let error = WronglyQualifiedClient::new(client).fail("x".into()).await.unwrap_err();
        match version {
            SoapVersion::Soap11 => {
                let fault = error.fault().unwrap_or_else(|| panic!("{name}: {error}"));
                assert!(fault.is_sender(), "{name}: {fault:?}");
                assert!(fault.reason().contains("urn:wrong:namespace"), "{name}: {fault:?}");
            }
            _ => assert!(error.is_status() && error.status() == Some(500), "{name}: {error}"),
        }
    }
}

/// node-soap's SOAP 1.2 port answers with a SOAP 1.1 envelope; soapkit says so instead of
/// reading it.
#[tokio::test]
#[ignore = "needs the third-party peers: run interop/run"]
async fn node_soap_answers_soap12_with_a_soap11_envelope_and_soapkit_says_so() {
    let url = std::env::var("SOAPKIT_INTEROP_NODE12").expect("SOAPKIT_INTEROP_NODE12: run interop/run");
    let error = client(&url, SoapVersion::Soap12)
        .create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 0, expires(), String::new())
        .await
        .unwrap_err();
    assert!(error.is_reply(), "{error}");
    assert!(support::report(&error).contains("a SOAP 1.1 envelope in reply to a SOAP 1.2 request"), "{error}");
}

/// The client soapkit-codegen generates from `interop/person.wsdl` (in `tests/generated`).
mod generated {
    use soapkit::{Client, SoapVersion, xsd::Base64Binary};
    use soapkit_generated_tests::person::*;

    pub fn client(url: &str, version: SoapVersion) -> PersonClient {
        let headers = PersonHeaders { application_token: Some("tok".into()) };
        PersonClient::new(headers.apply(Client::builder(url).soap_version(version)).unwrap().build().unwrap())
    }

    pub fn person() -> PersonEntity {
        PersonEntity {
            person_id: Some(41),
            firstname: Some("Åse".into()),
            middle_name: None,
            emails: Some(vec![EntityElement { value: Some("a@example.com".into()), description: Some("work".into()) }]),
            interests: Some(vec![1, 2, 3]),
            active: Some(true),
            rank: Some(2.5),
            picture: Some(Base64Binary(vec![0, 1, 2, 254, 255])),
            born: Some("1980-02-29".parse().unwrap()),
        }
    }

    pub async fn call_every_operation(client: &PersonClient) -> Vec<soapkit::Result<()>> {
        vec![
            client
                .create_temporary_key_with_payload(
                    TemporaryKeyDomain::LoginCustomerCenter,
                    0,
                    123,
                    "2025-09-19T01:40:55Z".parse().unwrap(),
                    Some("<hello & bye>".into()),
                )
                .await
                .map(drop),
            client.save_person(Some(person())).await.map(drop),
            client.authenticate_with_password(Some("ann".into()), Some("secret".into())).await.map(drop),
            client.fail(Some("ticket expired".into())).await.map(drop),
        ]
    }
}

#[tokio::test]
#[ignore = "needs the third-party peers: run interop/run"]
async fn the_generated_client_reaches_every_peer() {
    use soapkit_generated_tests::person::{AuthenticateResponse, Credentials, Person, PersonEntity, SoapFaultDetail};
    for (name, url, version) in peers() {
        let client = generated::client(&url, version);
        let key = client
            .create_temporary_key_with_payload(
                soapkit_generated_tests::person::TemporaryKeyDomain::LoginCustomerCenter,
                0,
                123,
                "2025-09-19T01:40:55Z".parse().unwrap(),
                Some("<hello & bye> ]]>".into()),
            )
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            key.as_deref(),
            Some("LoginCustomerCenter|0|123|2025-09-19T01:40:55Z|<hello & bye> ]]>|tok"),
            "{name}"
        );
        let back = client.save_person(Some(generated::person())).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, Some(PersonEntity { person_id: Some(42), ..generated::person() }), "{name}");
        let ok = client.authenticate_with_password(Some("ann".into()), Some("secret".into())).await.unwrap();
        assert_eq!(
            ok,
            AuthenticateResponse {
                response: Some(true),
                credentials: Some(Credentials { ticket: Some("7T:ann".into()) }),
                authentication_succeeded: Some(true)
            },
            "{name}"
        );
        let error = client.fail(Some("ticket expired".into())).await.unwrap_err();
        let fault = error.fault().unwrap_or_else(|| panic!("{name}: not a fault: {error}"));
        assert_eq!(
            fault.typed_detail::<SoapFaultDetail>(),
            Some(&SoapFaultDetail { message: Some("ticket expired".into()), error_code: Some(42) }),
            "{name}"
        );
    }
}

/// The generated client's envelopes are XML-equivalent to zeep's for the same WSDL and
/// arguments, as the hand-written one's are.
#[tokio::test]
#[ignore = "needs zeep's reference envelopes: run interop/run"]
async fn generated_requests_are_equivalent_to_zeeps() {
    let path = std::env::var("SOAPKIT_ZEEP_BODIES").expect("SOAPKIT_ZEEP_BODIES: run interop/run");
    let zeep: std::collections::BTreeMap<String, String> = serde_json_lite(&std::fs::read_to_string(path).unwrap());
    let server = support::server::TestServer::serving(support::person_svc::server()).await;
    let _ = generated::call_every_operation(&generated::client(&server.url("/p"), SoapVersion::Soap11)).await;
    let requests = server.requests();
    let operations = ["CreateTemporaryKeyWithPayload", "SavePerson", "AuthenticateWithPassword", "Fail"];
    assert_eq!(requests.len(), operations.len());
    for (request, operation) in requests.iter().zip(operations) {
        support::xml::assert_equivalent(&request.body, &zeep[operation]);
    }
}

/// The reverse direction: the same declaration served by soapkit, called by zeep (SOAP 1.1
/// and 1.2) and node-soap (SOAP 1.1) from `person.wsdl`, each checking the answers on its
/// own side: values, nil, arrays, enums, dates, base64, the header and typed faults.
mod served {
    use super::*;
    use soapkit::{Call, Fault};

    struct StandIn;

    impl InteropPerson for StandIn {
        fn create_temporary_key_with_payload(
            &self,
            domain: TemporaryKeyDomain,
            target_id: i32,
            person_id: i32,
            expires: chrono::DateTime<chrono::Utc>,
            payload: String,
        ) -> Call<'_, String> {
            Call::from_future(async move {
                let headers = soapkit::server::request_headers();
                let token = headers.and_then(|h| h.get::<String>(NS, "ApplicationToken").ok().flatten());
                if token.as_deref() != Some("1234567-1234-9876") {
                    return Err(Fault::sender("invalid application token").into());
                }
                let expires = expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                Ok(format!("{domain:?}|{target_id}|{person_id}|{expires}|{payload}"))
            })
        }

        fn save_person(&self, person: PersonEntity) -> Call<'_, PersonEntity> {
            Call::ready(Ok(PersonEntity { person_id: person.person_id.map(|id| id + 1), ..person }))
        }

        fn authenticate(&self, user_name: String, password: String) -> Call<'_, AuthenticateResponse> {
            let ok = password == "secret";
            Call::ready(Ok(AuthenticateResponse {
                response: Some(ok),
                credentials: ok.then(|| Credentials { ticket: Some(format!("7T:{user_name}")) }),
                authentication_succeeded: Some(ok),
            }))
        }

        fn fail(&self, reason: String) -> Call<'_, String> {
            let detail = SoapFaultDetail { message: reason.clone(), error_code: 42 };
            Call::ready(Err(Fault::sender(reason).detail(NS, "SoapFaultDetail", &detail).into()))
        }
    }

    /// zeep (over both SOAP versions) and node-soap call every operation at `url`, each
    /// checking the answers on its side.
    async fn peers_call(url: &str) {
        run("interop/.venv/bin/python", &["interop/zeep_client.py", url, "11"]).await;
        run("interop/.venv/bin/python", &["interop/zeep_client.py", url, "12"]).await;
        run("node", &["interop/node_client.js", url]).await;
    }

    /// Runs `program args` to the end; its output is shown when it fails.
    async fn run(program: &str, args: &[&str]) {
        let (program, args) = (program.to_owned(), args.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        let output = tokio::task::spawn_blocking(move || std::process::Command::new(&program).args(&args).output())
            .await
            .unwrap()
            .expect("the peer's client runs (interop/run installs it)");
        let shown = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "{shown}");
        println!("{shown}");
    }

    /// The same stand-in over the trait soapkit-codegen generates from person.wsdl, with its
    /// server: its replies are written from the generated types (wrapped arrays as `Vec`s, the
    /// ticket a `Secret`), which zeep and node-soap must read as the WSDL says.
    struct GeneratedStandIn;

    #[soapkit::soap_impl]
    impl soapkit_generated_tests::person_server::Person for GeneratedStandIn {
        async fn create_temporary_key_with_payload(
            &self,
            domain: soapkit_generated_tests::person_server::TemporaryKeyDomain,
            target_id: i32,
            person_id: i32,
            expires: soapkit::xsd::DateTime,
            payload: Option<String>,
        ) -> soapkit::Result<Option<String>> {
            let headers = soapkit::server::request_headers();
            let token = headers.and_then(|h| h.get::<String>(NS, "ApplicationToken").ok().flatten());
            if token.as_deref() != Some("1234567-1234-9876") {
                return Err(Fault::sender("invalid application token").into());
            }
            Ok(Some(format!("{domain:?}|{target_id}|{person_id}|{expires}|{}", payload.unwrap_or_default())))
        }

        async fn save_person(
            &self,
            person: Option<soapkit_generated_tests::person_server::PersonEntity>,
        ) -> soapkit::Result<Option<soapkit_generated_tests::person_server::PersonEntity>> {
            Ok(person.map(|person| soapkit_generated_tests::person_server::PersonEntity {
                person_id: person.person_id.map(|id| id + 1),
                ..person
            }))
        }

        async fn authenticate_with_password(
            &self,
            user_name: Option<String>,
            password: Option<String>,
        ) -> soapkit::Result<soapkit_generated_tests::person_server::AuthenticateResponse> {
            use soapkit_generated_tests::person_server::{AuthenticateResponse, Credentials};
            let ok = password.as_deref() == Some("secret");
            let ticket = format!("7T:{}", user_name.unwrap_or_default());
            Ok(AuthenticateResponse {
                response: Some(ok),
                credentials: ok.then(|| Credentials { ticket: Some(ticket.into()) }),
                authentication_succeeded: Some(ok),
            })
        }

        async fn fail(&self, reason: Option<String>) -> soapkit::Result<Option<String>> {
            let reason = reason.unwrap_or_default();
            let detail = SoapFaultDetail { message: reason.clone(), error_code: 42 };
            Err(Fault::sender(reason).detail(NS, "SoapFaultDetail", &detail).into())
        }
    }

    #[tokio::test]
    #[ignore = "needs zeep and node-soap installed: run interop/run"]
    async fn zeep_and_node_soap_call_the_generated_server() {
        let serving = soapkit_generated_tests::person_server::PersonServer::new(GeneratedStandIn)
            .wsdl(include_str!("../interop/person.wsdl"))
            .bind("127.0.0.1:0")
            .await
            .unwrap();
        peers_call(&serving.url("/Person.svc")).await;
    }

    /// zeep's UsernameTokens (a digest with its Timestamp, a text password, a wrong one, a
    /// replayed one) against a soapkit server that checks them.
    #[tokio::test]
    #[ignore = "needs zeep installed: run interop/run"]
    async fn zeeps_username_tokens_are_checked_by_a_soapkit_server() {
        let tokens = soapkit::wsse::UsernameTokens::new(|user| {
            (user == "alice").then(|| soapkit::Secret::new("wonder&land<1>".to_owned()))
        });
        let serving = InteropPersonServer::new(StandIn)
            .ws_security(tokens)
            .wsdl(include_str!("../interop/person.wsdl"))
            .bind("127.0.0.1:0")
            .await
            .unwrap();
        let url = serving.url("/Person.svc");
        run("interop/.venv/bin/python", &["interop/zeep_wsse_client.py", &url, "11"]).await;
        run("interop/.venv/bin/python", &["interop/zeep_wsse_client.py", &url, "12"]).await;
    }

    /// zeep's X.509 signatures (xmlsec, RSA-SHA256 and its default RSA-SHA1) against a
    /// soapkit server that requires them and signs its replies, which zeep verifies; and a
    /// request soapkit's client signed, verified by xmlsec.
    #[tokio::test]
    #[ignore = "needs zeep and xmlsec installed: run interop/run"]
    async fn xml_signatures_verify_between_zeep_xmlsec_and_soapkit() {
        use soapkit::wsse::{KeyReference, Signer, Trust, WsSecurity};
        use support::person::PersonAgent as _;
        let x509 = "tests/data/x509";
        let read = |name: &str| std::fs::read_to_string(format!("{x509}/{name}")).unwrap();
        // The client's certificate pinned too, for zeep's `Signature`, which names it by
        // issuer and serial number rather than sending it.
        let trust = Trust::new()
            .authority_pem(&read("ca.pem"))
            .unwrap()
            .certificate_pem(&read("client.pem"))
            .unwrap()
            .allow_sha1(true);
        let serving = InteropPersonServer::new(StandIn)
            .require_signatures(trust)
            .sign_replies(Signer::from_pem(&read("server.key"), &read("server.pem")).unwrap())
            .bind("127.0.0.1:0")
            .await
            .unwrap();
        let url = serving.url("/Person.svc");
        run("interop/.venv/bin/python", &["interop/zeep_signed_client.py", &url, "11", x509]).await;
        run("interop/.venv/bin/python", &["interop/zeep_signed_client.py", &url, "12", x509]).await;

        // soapkit's signed requests, the certificate sent along or named by issuer and
        // serial, each verified by xmlsec.
        let pinned = Trust::new().certificate_pem(&read("client.pem")).unwrap();
        let recorder =
            support::server::TestServer::serving(support::person_svc::server().require_signatures(pinned)).await;
        for reference in [KeyReference::BinarySecurityToken, KeyReference::IssuerSerial] {
            let signer = Signer::from_pem(&read("client.key"), &read("client.pem")).unwrap();
            let security = WsSecurity::new()
                .timestamp(std::time::Duration::from_secs(300))
                .sign_with(signer.key_reference(reference).unwrap());
            let client = soapkit::Client::builder(recorder.url("/Person.svc"))
                .header(soapkit::Header::new(NS, "ApplicationToken", "1234567-1234-9876").unwrap())
                .ws_security(security)
                .build()
                .unwrap();
            let person = support::person::PersonAgentClient::new(client);
            let payload = "signed <&> \u{e5}".to_owned();
            let domain = support::person::TemporaryKeyDomain::LoginCustomerCenter;
            let expires = support::person::expires();
            person.create_temporary_key_with_payload(domain, 7, 123, expires, payload).await.unwrap();
            let file = std::env::temp_dir().join(format!("soapkit-signed-{}.xml", std::process::id()));
            std::fs::write(&file, &recorder.requests().pop().unwrap().body).unwrap();
            run(
                "interop/.venv/bin/python",
                &["interop/xmlsec_verify.py", file.to_str().unwrap(), &format!("{x509}/client.pem")],
            )
            .await;
            let _ = std::fs::remove_file(file);
        }
    }

    /// gSOAP's signing client (wsseapi: Timestamp, BinarySecurityToken, RSA-SHA256 over the
    /// Body, the Timestamp and the token) against a soapkit server that requires signatures
    /// from the test CA: accepted over both SOAP versions, and refused when a stranger signs;
    /// the server's signed replies verified by gSOAP against the CA, and refused by it when
    /// a stranger's key signs them.
    #[tokio::test]
    #[ignore = "needs gSOAP's client: run interop/run"]
    async fn gsoaps_signed_requests_verify_in_a_soapkit_server() {
        let x509 = "tests/data/x509";
        let ca = std::fs::read_to_string(format!("{x509}/ca.pem")).unwrap();
        // gSOAP marks the WSDL's header part mustUnderstand; the stand-in reads it itself.
        let read = |name: &str| std::fs::read_to_string(format!("{x509}/{name}")).unwrap();
        // Two servers: one signs its replies with a key the CA certified, one with a
        // stranger's, which gSOAP's client must refuse.
        let mut urls = Vec::new();
        let mut servings = Vec::new();
        for signer in ["server", "stranger"] {
            let signer =
                soapkit::wsse::Signer::from_pem(&read(&format!("{signer}.key")), &read(&format!("{signer}.pem")));
            let serving = InteropPersonServer::new(StandIn)
                .understand(NS, "ApplicationToken")
                .require_signatures(soapkit::wsse::Trust::new().authority_pem(&ca).unwrap())
                .sign_replies(signer.unwrap())
                .bind("127.0.0.1:0")
                .await
                .unwrap();
            urls.push(serving.url("/Person.svc"));
            servings.push(serving);
        }
        let call = |url: &str, version: &'static str, who: &'static str| {
            let (url, key, cert) = (url.to_owned(), format!("{x509}/{who}.key"), format!("{x509}/{who}.pem"));
            let ca = format!("{x509}/ca.pem");
            tokio::task::spawn_blocking(move || {
                std::process::Command::new("interop/gsoap/out/client")
                    .args([&url, version, &key, &cert, "--verify", &ca])
                    .output()
            })
        };
        for version in ["11", "12"] {
            let output =
                call(&urls[0], version, "client").await.unwrap().expect("gSOAP's client runs (interop/run builds it)");
            let shown =
                format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
            assert!(output.status.success(), "{version}: {shown}");
            assert_eq!(
                shown.trim(),
                "LoginCustomerCenter|7|123|2025-09-19T01:40:55Z|gsoap <&> signed|reply verified",
                "{version}"
            );
            let refused = call(&urls[0], version, "stranger").await.unwrap().unwrap();
            let shown = String::from_utf8_lossy(&refused.stderr);
            assert!(
                !refused.status.success() && shown.contains("The signature or decryption was invalid"),
                "{version}: {shown}"
            );
            // A reply signed by a certificate the CA did not issue is refused by gSOAP.
            let untrusted = call(&urls[1], version, "client").await.unwrap().unwrap();
            let shown =
                format!("{}{}", String::from_utf8_lossy(&untrusted.stdout), String::from_utf8_lossy(&untrusted.stderr));
            assert!(!untrusted.status.success() && !shown.contains("reply verified"), "{version}: {shown}");
        }
    }

    /// gSOAP's WS-Addressing client (wsaapi: MessageID, To, Action, ReplyTo) against a soapkit
    /// server, whose RelatesTo gSOAP's side checks, over both SOAP versions.
    #[tokio::test]
    #[ignore = "needs gSOAP's client: run interop/run"]
    async fn gsoaps_ws_addressing_is_answered_by_a_soapkit_server() {
        // gSOAP marks the WSDL's header part mustUnderstand; the stand-in reads it itself.
        let serving =
            InteropPersonServer::new(StandIn).understand(NS, "ApplicationToken").bind("127.0.0.1:0").await.unwrap();
        let url = serving.url("/Person.svc");
        for version in ["11", "12"] {
            let (url, version) = (url.clone(), version.to_owned());
            let output = tokio::task::spawn_blocking(move || {
                std::process::Command::new("interop/gsoap/out/client").args([&url, &version, "wsa"]).output()
            })
            .await
            .unwrap()
            .expect("gSOAP's client runs (interop/run builds it)");
            let shown =
                format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
            assert!(output.status.success(), "{shown}");
            let action = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person/CreateTemporaryKeyWithPayload";
            assert_eq!(
                shown.trim(),
                format!("LoginCustomerCenter|7|123|2025-09-19T01:40:55Z|gsoap <&> signed|{action}Response")
            );
        }
    }

    /// zeep's WS-Addressing plugin against a soapkit server, which answers its MessageID
    /// with RelatesTo (checked on zeep's side).
    #[tokio::test]
    #[ignore = "needs zeep installed: run interop/run"]
    async fn zeeps_ws_addressing_is_answered_by_a_soapkit_server() {
        let serving = InteropPersonServer::new(StandIn).bind("127.0.0.1:0").await.unwrap();
        let url = serving.url("/Person.svc");
        run("interop/.venv/bin/python", &["interop/zeep_wsa_client.py", &url, "11"]).await;
        run("interop/.venv/bin/python", &["interop/zeep_wsa_client.py", &url, "12"]).await;
    }

    #[tokio::test]
    #[ignore = "needs zeep and node-soap installed: run interop/run"]
    async fn zeep_and_node_soap_call_a_soapkit_server() {
        let serving = InteropPersonServer::new(StandIn)
            .wsdl(include_str!("../interop/person.wsdl"))
            .bind("127.0.0.1:0")
            .await
            .unwrap();
        peers_call(&serving.url("/Person.svc")).await;
    }
}

/// soapkit's exclusive XML canonicalization (what WS-Security signatures digest) against
/// lxml's (libxml2's) on generated documents: nested elements, prefixes declared, redeclared
/// and used or not, default namespaces declared and undeclared, attributes in and out of
/// namespaces, references, CDATA, comments and white space in values and text; a random
/// element of each, with a random `InclusiveNamespaces` prefix list.
mod canonical {
    use std::fmt::Write as _;

    /// A small deterministic generator (xorshift): the same documents on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }
    }

    const PREFIXES: [&str; 3] = ["a", "b", "c"];
    // No `&` in a namespace URI: libxml2 writes it unescaped in a declaration, where the
    // C14N recommendation (section 2.3) escapes it as in any attribute value, as soapkit
    // does (runtime `xml/c14n.rs` tests).
    const URIS: [&str; 4] = ["urn:one", "urn:two", "http://example.com/x?y=1;z='2'", "urn:four"];
    const TEXTS: [&str; 10] = [
        "plain",
        " spaced  out ",
        "a &amp; b &lt; c &gt; d",
        "quote \" and ' apostrophe",
        "&#x41;&#66;&#xE5;",
        "<![CDATA[<raw> & ]]]]>",
        "line\nbreak\ttab",
        "å ✓ 🦀",
        "<!-- a comment -->after",
        "",
    ];
    const VALUES: [&str; 7] = ["1", "&amp;&lt;&quot;&apos;", "tab\tand\nnewline", "&#x9;&#xA;&#xD;", "å", "", "x > y"];

    /// An element: its namespace declarations, name, attributes, and content.
    fn element(rng: &mut Rng, depth: usize, declared: &mut Vec<&'static str>, out: &mut String, count: &mut usize) {
        *count += 1;
        let mut mine = Vec::new();
        let mut decls = String::new();
        for _ in 0..rng.below(3) {
            let prefix = rng.pick(&PREFIXES);
            if !mine.contains(&prefix) {
                mine.push(prefix);
                let _ = write!(decls, " xmlns:{prefix}=\"{}\"", rng.pick(&URIS));
            }
        }
        match rng.below(5) {
            0 => decls.push_str(&format!(" xmlns=\"{}\"", rng.pick(&URIS))),
            1 => decls.push_str(" xmlns=\"\""),
            _ => {}
        }
        let before = declared.len();
        declared.extend(&mine);
        let name_prefix = if declared.is_empty() || rng.below(3) == 0 { "" } else { rng.pick(declared) };
        let name = format!("{}{}e{}", name_prefix, if name_prefix.is_empty() { "" } else { ":" }, rng.below(4));
        let mut attributes = String::new();
        let mut used = Vec::new();
        for _ in 0..rng.below(4) {
            let prefix = if declared.is_empty() || rng.below(2) == 0 { "" } else { rng.pick(declared) };
            let local = ["id", "z", "a", "Name"][rng.below(4)];
            // Two prefixes may stand for one namespace: a local name is used once.
            if used.contains(&local) {
                continue;
            }
            used.push(local);
            let sep = if prefix.is_empty() { "" } else { ":" };
            let quote = if rng.below(2) == 0 { '"' } else { '\'' };
            let value = rng.pick(&VALUES).replace(quote, "");
            let _ = write!(attributes, " {prefix}{sep}{local}={quote}{value}{quote}");
        }
        if rng.below(6) == 0 {
            attributes.push_str(" xml:lang=\"nb\"");
        }
        let _ = write!(out, "<{name}{decls}{attributes}");
        let children = if depth >= 4 { 0 } else { rng.below(4) };
        if children == 0 && rng.below(2) == 0 {
            out.push_str("/>");
        } else {
            out.push('>');
            for _ in 0..children {
                out.push_str(rng.pick(&TEXTS));
                element(rng, depth + 1, declared, out, count);
            }
            out.push_str(rng.pick(&TEXTS));
            let _ = write!(out, "</{name}>");
        }
        declared.truncate(before);
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    #[ignore = "needs lxml installed: run interop/run"]
    fn exclusive_c14n_agrees_with_lxml() {
        let mut rng = Rng(0x5eed_c14e_0001);
        let dir = std::env::temp_dir().join(format!("soapkit-c14n-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut cases = Vec::new();
        let mut lines = String::new();
        for _ in 0..1000 {
            let mut xml = String::new();
            let mut count = 0;
            element(&mut rng, 0, &mut Vec::new(), &mut xml, &mut count);
            let nth = rng.below(count);
            let prefixes: Vec<&str> = PREFIXES.iter().copied().filter(|_| rng.below(4) == 0).collect();
            let _ = writeln!(lines, "{nth}\t{}\t{}", prefixes.join(","), hex(xml.as_bytes()));
            cases.push((xml, nth, prefixes));
        }
        let (input, output) = (dir.join("cases"), dir.join("lxml"));
        std::fs::write(&input, lines).unwrap();
        let status = std::process::Command::new("interop/.venv/bin/python")
            .args(["interop/c14n_reference.py", input.to_str().unwrap(), output.to_str().unwrap()])
            .status()
            .expect("lxml's canonicalizer runs (interop/run installs it)");
        assert!(status.success());
        let references = std::fs::read_to_string(&output).unwrap();
        let mut compared = 0;
        for ((xml, nth, prefixes), reference) in cases.iter().zip(references.lines()) {
            let ours = soapkit_runtime::fuzzing::exclusive_c14n(xml, *nth, prefixes);
            match reference.split_once('\t') {
                Some(("ok", canonical)) => {
                    let expected = String::from_utf8(unhex(canonical)).unwrap();
                    assert_eq!(ours.as_deref(), Ok(expected.as_str()), "element {nth} of {xml} with {prefixes:?}");
                    compared += 1;
                }
                // A document libxml2 refuses (none should be) must not pass silently.
                _ => panic!("lxml refused {xml}: {reference}"),
            }
        }
        assert_eq!(compared, cases.len());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
