//! Every kind of error keeps what caused it as its `source()`, and its own message does
//! not repeat it: an error reporter walking the chain prints each cause once.

mod support;

use std::error::Error as _;

use soapkit::{Client, ErrorKind, SOAP11_ENVELOPE, SoapVersion, soap_operation, soap_service};
use support::NS;
use support::person::{self, PersonAgent, PersonAgentClient, TemporaryKeyDomain};
use support::server::{Canned, TestServer};

/// The chain from `error` to its last cause, as each link displays itself.
fn chain(error: &soapkit::Error) -> Vec<String> {
    let mut links = vec![error.to_string()];
    let mut cause = error.source();
    while let Some(link) = cause {
        links.push(link.to_string());
        cause = link.source();
    }
    links
}

/// `error` is of `kind`, has at least one cause, and says nothing its first cause says.
fn assert_caused(error: &soapkit::Error, kind: ErrorKind) -> Vec<String> {
    assert_eq!(error.kind(), kind, "{error:?}");
    let links = chain(error);
    assert!(links.len() >= 2, "{kind:?} without a cause: {error:?}");
    assert!(!links[0].contains(&links[1]), "{kind:?} repeats its cause: {links:?}");
    links
}

async fn create_key(person: &PersonAgentClient, payload: &str) -> soapkit::Result<String> {
    person.create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 1, person::expires(), payload.into()).await
}

#[tokio::test]
async fn input_errors_are_caused_by_the_value() {
    let person = person::client("http://127.0.0.1:9/p", SoapVersion::Soap11);
    let error = create_key(&person, "nul\0").await.unwrap_err();
    let links = assert_caused(&error, ErrorKind::Input);
    assert_eq!(links[0], "invalid input: parameter `Payload` of CreateTemporaryKeyWithPayload");
    assert_eq!(links[1], "in <Payload>");
    assert!(links[2].contains("cannot be carried by XML 1.0"), "{links:?}");
}

#[test]
fn builder_errors_are_caused_by_the_url_parser() {
    let error = Client::builder("not a url").build().unwrap_err();
    let links = assert_caused(&error, ErrorKind::Builder);
    assert_eq!(
        links,
        ["invalid client configuration: endpoint \"not a url\" is not a URL", "relative URL without a base"]
    );
}

#[tokio::test]
async fn transport_errors_end_in_the_io_error() {
    // Port 9 (discard) is closed on the test machines: the connection is refused.
    let person = person::client("http://127.0.0.1:9/p", SoapVersion::Soap11);
    let error = create_key(&person, "x").await.unwrap_err();
    let links = assert_caused(&error, ErrorKind::Transport);
    assert_eq!(links[0], "transport error");
    let mut cause = error.source();
    let mut io = None;
    while let Some(link) = cause {
        io = io.or(link.downcast_ref::<std::io::Error>());
        cause = link.source();
    }
    assert_eq!(io.expect("the chain reaches the socket's error").kind(), std::io::ErrorKind::ConnectionRefused);
}

#[tokio::test]
async fn reply_errors_are_caused_by_the_parser_or_the_decoder() {
    let not_xml = TestServer::replying(Canned::soap11(200, "<s:Envelope><unclosed>")).await;
    let error = create_key(&person::client(&not_xml.url("/p"), SoapVersion::Soap11), "x").await.unwrap_err();
    let links = assert_caused(&error, ErrorKind::Reply);
    assert!(links[0].starts_with("unexpected reply (HTTP 200): not a SOAP envelope"), "{links:?}");
    assert_eq!(links[1], "not well-formed XML", "{links:?}");

    let not_a_number = format!(
        r#"<s:Envelope xmlns:s="{SOAP11_ENVELOPE}"><s:Body><GetResponse xmlns="{NS}"><Response>twelve</Response></GetResponse></s:Body></s:Envelope>"#
    );
    #[soap_service(ns = "http://www.superoffice.net/ws/crm/NetServer/Services88")]
    pub trait Numbers {
        #[soap_operation(action = "Get")]
        async fn get(&self) -> soapkit::Result<i32>;
    }
    let server = TestServer::replying(Canned::soap11(200, not_a_number)).await;
    let error = NumbersClient::new(Client::builder(server.url("/p")).build().unwrap()).get().await.unwrap_err();
    let links = assert_caused(&error, ErrorKind::Reply);
    assert_eq!(links[0], "unexpected reply: the result of Get does not decode");
    assert!(links[1].contains("twelve"), "{links:?}");
}

/// The reply check's own error type comes back as the cause.
#[tokio::test]
async fn service_errors_are_caused_by_the_check_s_error() {
    #[derive(Debug, PartialEq)]
    struct Refused(&'static str);
    impl std::fmt::Display for Refused {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "refused: {}", self.0)
        }
    }
    impl std::error::Error for Refused {}

    let server = TestServer::serving(support::person_svc::server()).await;
    let client = Client::builder(server.url("/p")).check_reply(|_| Err(Refused("every reply"))).build().unwrap();
    let error = create_key(&PersonAgentClient::new(client), "x").await.unwrap_err();
    let links = assert_caused(&error, ErrorKind::Service);
    assert_eq!(links, ["the service reported a failure", "refused: every reply"]);
    assert_eq!(error.source().unwrap().downcast_ref::<Refused>(), Some(&Refused("every reply")));
}

/// A fault and an HTTP status are the server's answer itself: nothing caused them.
#[tokio::test]
async fn faults_and_statuses_have_no_cause() {
    let fault = format!(
        r#"<s:Envelope xmlns:s="{SOAP11_ENVELOPE}"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>down</faultstring></s:Fault></s:Body></s:Envelope>"#
    );
    let server = TestServer::replying(Canned::soap11(500, fault)).await;
    let error = create_key(&person::client(&server.url("/p"), SoapVersion::Soap11), "x").await.unwrap_err();
    assert!(error.is_fault() && error.source().is_none(), "{error:?}");

    let server = TestServer::replying(Canned::html(503, "<html>busy</html>")).await;
    let error = create_key(&person::client(&server.url("/p"), SoapVersion::Soap11), "x").await.unwrap_err();
    assert!(error.is_status() && error.source().is_none(), "{error:?}");
}
