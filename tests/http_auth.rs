//! HTTP authentication on soapkit's client (feature `http-auth`), against a soapkit server
//! on 127.0.0.1 that records what arrives: Basic and Bearer credentials go with every
//! request in a sensitive `Authorization` header. (Digest against gSOAP's httpda plugin,
//! and Basic refused by gSOAP: `tests/interop.rs`; the credentials in no log, error or
//! `Debug` output: `tests/secrets.rs`.)

mod support;

use soapkit::auth::HttpAuth;
use soapkit::{Client, SoapVersion};
use support::person::{PersonAgent as _, PersonAgentClient, TemporaryKeyDomain};
use support::server::TestServer;

async fn call_with(url: &str, auth: HttpAuth) -> soapkit::Result<()> {
    let client = Client::builder(url).soap_version(SoapVersion::Soap11).layer(auth).build().unwrap();
    PersonAgentClient::new(client).delete_temporary_keys_of_domain(TemporaryKeyDomain::LoginCustomerCenter, 1).await
}

#[tokio::test]
async fn basic_and_bearer_credentials_go_with_every_request() {
    let server = TestServer::serving(support::person_svc::server()).await;
    let url = server.url("/Person.svc");
    for _ in 0..2 {
        call_with(&url, HttpAuth::basic("alice", "wonder&land<1> \u{e5}").unwrap()).await.unwrap();
    }
    call_with(&url, HttpAuth::bearer("eyJ.token").unwrap()).await.unwrap();
    let seen: Vec<_> = server.requests().iter().map(|r| r.header("authorization").unwrap_or("").to_owned()).collect();
    // base64("alice:wonder&land<1> å"), the password in UTF-8 (RFC 7617).
    let basic = "Basic YWxpY2U6d29uZGVyJmxhbmQ8MT4gw6U=";
    assert_eq!(seen, [basic, basic, "Bearer eyJ.token"]);
}

#[test]
fn credentials_an_http_header_cannot_carry_are_refused_when_given() {
    assert!(HttpAuth::basic("ali:ce", "pw").unwrap_err().is_builder());
    assert!(HttpAuth::basic("alice", "pw\n").unwrap_err().is_builder());
    assert!(HttpAuth::bearer("line\nbreak").unwrap_err().is_builder());
    // The error does not quote the credentials.
    let error = HttpAuth::bearer("secret-token\n").unwrap_err();
    assert!(!format!("{error:?} {error}").contains("secret-token"), "{error:?}");
}
