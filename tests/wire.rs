//! What goes on the wire, checked by a recording server on 127.0.0.1: HTTP method, path,
//! content type, action, and the envelope, compared namespace-aware with what a
//! Services88 server takes: the WSDL's document/literal form, headers inside `Header`.

mod support;

use soapkit::{Client, SoapVersion};
use support::person::{
    self, PersonAgent, PersonAgentClient, PersonAgentWithHeaders, PersonAgentWithHeadersClient, TemporaryKeyDomain,
};
use support::server::TestServer;
use support::xml::assert_equivalent;

const PATH: &str = "/Remote/Services88/Person.svc";

/// The request a Services88 Person.svc takes for CreateTemporaryKeyWithPayload, as its WSDL
/// binds it: SOAP 1.1, document/literal wrapped, ApplicationToken and Credentials as
/// header blocks in the service namespace.
const NOTES_REQUEST: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
  <s:Header>
    <ApplicationToken xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88">1234567-1234-9876</ApplicationToken>
    <Credentials xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"><Ticket>7T:1234abcxyzExample==</Ticket></Credentials>
  </s:Header>
  <s:Body>
    <CreateTemporaryKeyWithPayload xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88">
      <Domain>LoginCustomerCenter</Domain><TargetId>0</TargetId><PersonId>123</PersonId>
      <Expires>2025-09-19T01:40:55Z</Expires><Payload>&lt;hello &amp; bye&gt;</Payload>
    </CreateTemporaryKeyWithPayload>
  </s:Body>
</s:Envelope>"#;

/// The request of SuperOffice's reference page for the operation, corrected where that page
/// is not what the wire has: ApplicationToken and Credentials moved into `Header` (the
/// WSDL binds them as `soap:header`s) and every `xsi:type` dropped (document/literal needs
/// none, and WCF refuses unknown ones). The page's SOAP 1.2 namespace is kept: this is
/// what the client sends with `SoapVersion::Soap12`.
const REFERENCE_REQUEST_12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope
 xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope"
 xmlns:SOAP-ENC="http://www.w3.org/2003/05/soap-encoding"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xmlns:xsd="http://www.w3.org/2001/XMLSchema"
 xmlns:Person="http://www.superoffice.net/ws/crm/NetServer/Services88">
 <SOAP-ENV:Header>
  <Person:ApplicationToken>1234567-1234-9876</Person:ApplicationToken>
  <Person:Credentials>
    <Person:Ticket>7T:1234abcxyzExample==</Person:Ticket>
  </Person:Credentials>
 </SOAP-ENV:Header>
 <SOAP-ENV:Body>
   <Person:CreateTemporaryKeyWithPayload>
    <Person:Domain>Unknown</Person:Domain>
    <Person:TargetId>0</Person:TargetId>
    <Person:PersonId>0</Person:PersonId>
    <Person:Expires>2025-09-19T01:40:55Z</Person:Expires>
    <Person:Payload></Person:Payload>
   </Person:CreateTemporaryKeyWithPayload>
 </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

/// The reference page's request for DeleteTemporaryKeysOfDomain, corrected the same way, as
/// SOAP 1.1.
const REFERENCE_DELETE_11: &str = r#"<SOAP-ENV:Envelope
 xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
 xmlns:Person="http://www.superoffice.net/ws/crm/NetServer/Services88">
 <SOAP-ENV:Header>
  <Person:ApplicationToken>1234567-1234-9876</Person:ApplicationToken>
  <Person:Credentials><Person:Ticket>7T:1234abcxyzExample==</Person:Ticket></Person:Credentials>
 </SOAP-ENV:Header>
 <SOAP-ENV:Body>
   <Person:DeleteTemporaryKeysOfDomain>
    <Person:Domain>Unknown</Person:Domain>
    <Person:PersonId>0</Person:PersonId>
   </Person:DeleteTemporaryKeysOfDomain>
 </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

#[tokio::test]
async fn soap11_request_has_the_envelope_wcf_expects() {
    let server = TestServer::serving(support::person_svc::server()).await;
    let person = person::client(&server.url(PATH), SoapVersion::Soap11);
    person
        .create_temporary_key_with_payload(
            TemporaryKeyDomain::LoginCustomerCenter,
            0,
            123,
            person::expires(),
            "<hello & bye>".into(),
        )
        .await
        .unwrap();
    let [request] = &server.requests()[..] else { panic!("one request") };
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, PATH);
    assert_eq!(request.header("content-type"), Some("text/xml; charset=utf-8"));
    assert_eq!(
        request.header("soapaction"),
        Some("\"http://www.superoffice.net/ws/crm/NetServer/Services88/Person/CreateTemporaryKeyWithPayload\"")
    );
    assert_equivalent(&request.body, NOTES_REQUEST);
    assert!(!request.body.contains("xsi:type"));
}

#[tokio::test]
async fn soap12_request_is_the_reference_request_with_headers_in_header() {
    let server = TestServer::serving(support::person_svc::server()).await;
    let person = person::client(&server.url(PATH), SoapVersion::Soap12);
    let key = person
        .create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 0, person::expires(), String::new())
        .await
        .unwrap();
    assert_eq!(key, "Unknown|0|0|2025-09-19T01:40:55Z|");
    let [request] = &server.requests()[..] else { panic!("one request") };
    assert_eq!(
        request.header("content-type"),
        Some(
            "application/soap+xml; charset=utf-8; action=\"http://www.superoffice.net/ws/crm/NetServer/Services88/Person/CreateTemporaryKeyWithPayload\""
        )
    );
    assert_eq!(request.header("soapaction"), None);
    assert_equivalent(&request.body, REFERENCE_REQUEST_12);
}

#[tokio::test]
async fn soap11_delete_is_the_reference_delete_request() {
    let server = TestServer::serving(support::person_svc::server()).await;
    let person = person::client(&server.url(PATH), SoapVersion::Soap11);
    person.delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 0).await.unwrap();
    let [request] = &server.requests()[..] else { panic!("one request") };
    assert_eq!(
        request.header("soapaction"),
        Some("\"http://www.superoffice.net/ws/crm/NetServer/Services88/Person/DeleteTemporaryKeysOfDomain\"")
    );
    assert_equivalent(&request.body, REFERENCE_DELETE_11);
}

#[tokio::test]
async fn without_headers_there_is_no_header_element() {
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let server = TestServer::serving(support::person_svc::server()).await;
        let client = Client::builder(server.url(PATH)).soap_version(version).build().unwrap();
        PersonAgentClient::new(client).delete_temporary_keys_of_domain(TemporaryKeyDomain::PublicFaq, 7).await.unwrap();
        let body = &server.requests()[0].body;
        let envelope = support::xml::parse(body);
        assert_eq!(envelope.namespace, version.envelope_namespace());
        let names: Vec<_> = envelope.children.iter().map(|c| c.local.as_str()).collect();
        assert_eq!(names, ["Body"], "{body}");
    }
}

#[tokio::test]
async fn an_explicit_soap_action_replaces_the_derived_one() {
    let server = TestServer::serving(support::person_svc::server_with_headers()).await;
    let person = PersonAgentWithHeadersClient::new(person::raw_client(&server.url(PATH), SoapVersion::Soap11));
    person.create_key_with_headers(TemporaryKeyDomain::Unknown, 1, 2, person::expires(), "x".into()).await.unwrap();
    assert_eq!(server.requests()[0].header("soapaction"), Some("\"urn:create-with-headers\""));
}
