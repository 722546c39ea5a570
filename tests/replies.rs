//! Reading replies from a real HTTP server on 127.0.0.1: every prefix style, extra
//! headers, comments, CDATA and references; reply headers; faults of both versions at
//! HTTP 500, 400 and 200; and replies that are not SOAP at all.

mod support;

use serde::Deserialize;
use soapkit::{ErrorKind, SOAP11_ENVELOPE, SOAP12_ENVELOPE, SoapVersion};
use support::NS;
use support::person::{self, PersonAgent, PersonAgentWithHeaders, PersonAgentWithHeadersClient, TemporaryKeyDomain};
use support::server::{Canned, TestServer};

async fn create_key(canned: Canned, version: SoapVersion) -> soapkit::Result<String> {
    let server = TestServer::replying(canned).await;
    let person = person::client(&server.url("/Person.svc"), version);
    person
        .create_temporary_key_with_payload(TemporaryKeyDomain::LoginCustomerCenter, 0, 1, person::expires(), "p".into())
        .await
}

/// The same 1.1 reply written in each prefix style servers use.
fn reply_with_prefix(prefix: &str) -> String {
    let (open, close, decl) = if prefix.is_empty() {
        ("".to_owned(), "".to_owned(), format!(r#" xmlns="{SOAP11_ENVELOPE}""#))
    } else {
        (format!("{prefix}:"), format!("{prefix}:"), format!(r#" xmlns:{prefix}="{SOAP11_ENVELOPE}""#))
    };
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<{open}Envelope{decl} xmlns:p="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <{open}Header>
    <x:Trace xmlns:x="urn:unknown:header" {open}mustUnderstand="0">ignored</x:Trace>
    <p:Succeeded>true</p:Succeeded>
  </{close}Header>
  <{open}Body>
    <!-- comment -->
    <p:CreateTemporaryKeyWithPayloadResponse>
      <p:Response xsi:type="xsd:string">k&#233;y &amp; <![CDATA[<raw>]]>&#x1F600;</p:Response>
      <p:Unknown>ignored</p:Unknown>
    </p:CreateTemporaryKeyWithPayloadResponse>
  </{close}Body>
  <{open}Trailer/>
</{close}Envelope>"#
    )
}

#[tokio::test]
async fn every_prefix_style_reads_the_same() {
    for prefix in ["s", "soap", "soapenv", "SOAP-ENV", "S", "env", ""] {
        let key = create_key(Canned::soap11(200, reply_with_prefix(prefix)), SoapVersion::Soap11).await;
        assert_eq!(key.unwrap(), "kéy & <raw>😀", "prefix {prefix:?}");
    }
}

#[tokio::test]
async fn the_result_may_be_declared_on_an_ancestor_with_a_default_namespace() {
    let body = format!(
        r#"<Envelope xmlns="{SOAP12_ENVELOPE}"><Body><R:CreateTemporaryKeyWithPayloadResponse xmlns:R="{NS}"><Response xmlns="{NS}">
        key</Response></R:CreateTemporaryKeyWithPayloadResponse></Body></Envelope>"#
    );
    assert_eq!(create_key(Canned::soap12(200, body), SoapVersion::Soap12).await.unwrap(), "\n        key");
}

#[tokio::test]
async fn reply_headers_are_readable() {
    let server = TestServer::serving(support::person_svc::server_with_headers()).await;
    let person = PersonAgentWithHeadersClient::new(person::raw_client(&server.url("/p"), SoapVersion::Soap11));
    let reply = person
        .create_key_with_headers(TemporaryKeyDomain::PublicFaq, 5, 6, person::expires(), "x".into())
        .await
        .unwrap();
    assert_eq!(reply.value(), "PublicFaq|5|6|2025-09-19T01:40:55Z|x");
    let headers = reply.headers();
    let names: Vec<_> = headers.names().map(|n| n.local_name().to_owned()).collect();
    assert_eq!(names, ["ExceptionInfo", "ExtraInfo", "Succeeded", "TimeZone"]);
    assert_eq!(headers.get::<bool>(NS, "Succeeded").unwrap(), Some(true));
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct ExceptionInfo {
        #[serde(rename = "Message")]
        message: String,
    }
    // `i:nil="true"` reads as absent.
    assert!(headers.get::<ExceptionInfo>(NS, "ExceptionInfo").unwrap().is_none());
    assert!(headers.xml(NS, "Succeeded").unwrap().contains(">true<"));
    assert!(headers.get::<bool>("urn:other", "Succeeded").unwrap().is_none());
}

/// A fault contract, as WCF writes it in `detail`.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct SoapFaultDetail {
    message: String,
    error_code: i32,
}

fn fault11(detail: bool) -> String {
    let detail = if detail {
        format!(
            r#"<detail><d:SoapFaultDetail xmlns:d="{NS}"><d:Message>ticket expired</d:Message><d:ErrorCode>42</d:ErrorCode></d:SoapFaultDetail></detail>"#
        )
    } else {
        String::new()
    };
    format!(
        r#"<soapenv:Envelope xmlns:soapenv="{SOAP11_ENVELOPE}"><soapenv:Body><soapenv:Fault>
        <faultcode>soapenv:Client</faultcode><faultstring xml:lang="en">Invalid ticket</faultstring>
        <faultactor>urn:actor</faultactor>{detail}</soapenv:Fault></soapenv:Body></soapenv:Envelope>"#
    )
}

fn fault12(detail: bool) -> String {
    let detail = if detail {
        format!(
            r#"<env:Detail><SoapFaultDetail xmlns="{NS}"><Message>ticket expired</Message><ErrorCode>42</ErrorCode></SoapFaultDetail></env:Detail>"#
        )
    } else {
        String::new()
    };
    format!(
        r#"<env:Envelope xmlns:env="{SOAP12_ENVELOPE}" xmlns:so="{NS}"><env:Body><env:Fault>
        <env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>so:InvalidTicket</env:Value>
          <env:Subcode><env:Value>so:Expired</env:Value></env:Subcode></env:Subcode></env:Code>
        <env:Reason><env:Text xml:lang="en">Invalid ticket</env:Text><env:Text xml:lang="no">Ugyldig billett</env:Text></env:Reason>
        <env:Node>urn:node</env:Node><env:Role>urn:role</env:Role>{detail}</env:Fault></env:Body></env:Envelope>"#
    )
}

#[tokio::test]
async fn soap11_faults_at_500_and_200_with_and_without_detail() {
    for (status, detail) in [(500, true), (500, false), (200, true), (200, false)] {
        let error = create_key(Canned::soap11(status, fault11(detail)), SoapVersion::Soap11).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Fault);
        assert_eq!(error.status(), Some(status));
        let fault = error.fault().unwrap();
        assert!(fault.code().is(SOAP11_ENVELOPE, "Client"));
        assert!(fault.is_sender());
        assert_eq!(fault.reason(), "Invalid ticket");
        assert_eq!(fault.actor(), Some("urn:actor"));
        assert_eq!(error.to_string(), "soap fault Client: Invalid ticket");
        if detail {
            let decoded: SoapFaultDetail = fault.detail().unwrap().unwrap();
            assert_eq!(decoded, SoapFaultDetail { message: "ticket expired".into(), error_code: 42 });
            assert!(fault.detail_xml().unwrap().contains("<d:ErrorCode>42</d:ErrorCode>"));
            assert_eq!(fault.detail_name().unwrap().local_name(), "SoapFaultDetail");
        } else {
            assert!(fault.detail::<SoapFaultDetail>().unwrap().is_none());
            assert!(fault.detail_xml().is_none());
        }
    }
}

#[tokio::test]
async fn soap12_faults_with_subcodes_at_500_400_and_200() {
    for (status, detail) in [(500, true), (400, false), (200, true)] {
        let error = create_key(Canned::soap12(status, fault12(detail)), SoapVersion::Soap12).await.unwrap_err();
        let fault = error.fault().expect("a fault");
        assert_eq!(error.status(), Some(status));
        assert!(fault.code().is(SOAP12_ENVELOPE, "Sender"));
        let subcodes: Vec<_> = fault.subcodes().iter().map(|q| (q.namespace(), q.local_name())).collect();
        assert_eq!(subcodes, [(NS, "InvalidTicket"), (NS, "Expired")]);
        assert_eq!(fault.reason(), "Invalid ticket");
        let reasons: Vec<_> = fault.reasons().collect();
        assert_eq!(reasons, [("en", "Invalid ticket"), ("no", "Ugyldig billett")]);
        assert_eq!(fault.node(), Some("urn:node"));
        assert_eq!(fault.actor(), Some("urn:role"));
        assert_eq!(error.to_string(), "soap fault Sender/InvalidTicket/Expired: Invalid ticket");
        assert_eq!(fault.detail::<SoapFaultDetail>().unwrap().is_some(), detail);
    }
}

#[tokio::test]
async fn a_detail_of_another_shape_is_an_error_with_the_raw_xml_kept() {
    let error = create_key(Canned::soap11(500, fault11(true)), SoapVersion::Soap11).await.unwrap_err();
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Other {
        #[serde(rename = "Missing")]
        missing: String,
    }
    let fault = error.fault().unwrap();
    let err = fault.detail::<Other>().unwrap_err();
    assert!(err.is_reply(), "{err}");
    assert!(fault.detail_xml().unwrap().contains("ticket expired"));
}

#[tokio::test]
async fn non_soap_replies_carry_status_and_excerpt() {
    let envelope11 = reply_with_prefix("s");
    let cases: Vec<(&str, Canned, SoapVersion, ErrorKind, u16, &str)> = vec![
        (
            "HTML 502",
            Canned::html(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
            SoapVersion::Soap11,
            ErrorKind::Status,
            502,
            "502 Bad Gateway",
        ),
        ("empty 200", Canned::soap11(200, ""), SoapVersion::Soap11, ErrorKind::Reply, 200, ""),
        (
            "truncated envelope",
            Canned::soap11(200, envelope11[..envelope11.len() / 2].to_owned()),
            SoapVersion::Soap11,
            ErrorKind::Reply,
            200,
            "Envelope",
        ),
        (
            "the other version's envelope",
            Canned::soap11(200, envelope11.clone()),
            SoapVersion::Soap12,
            ErrorKind::Reply,
            200,
            "Envelope",
        ),
        (
            "HTML 200",
            Canned::html(200, "<html><p>login</p></html>"),
            SoapVersion::Soap11,
            ErrorKind::Reply,
            200,
            "login",
        ),
        (
            "plain text 500",
            Canned::html(500, "Internal error"),
            SoapVersion::Soap11,
            ErrorKind::Status,
            500,
            "Internal error",
        ),
    ];
    for (name, canned, version, kind, status, excerpt) in cases {
        let error = create_key(canned, version).await.unwrap_err();
        assert_eq!(error.kind(), kind, "{name}: {error}");
        assert_eq!(error.status(), Some(status), "{name}");
        assert!(error.fault().is_none(), "{name}");
        if !excerpt.is_empty() {
            assert!(error.body_excerpt().unwrap().contains(excerpt), "{name}: {error:?}");
        }
        assert!(!support::report(&error).contains('\n'), "{name}: one line: {error}");
    }
}

#[tokio::test]
async fn a_wrong_wrapper_or_an_empty_body_is_a_reply_error() {
    let wrong = format!(
        r#"<s:Envelope xmlns:s="{SOAP11_ENVELOPE}"><s:Body><OtherResponse xmlns="{NS}"/></s:Body></s:Envelope>"#
    );
    let error = create_key(Canned::soap11(200, wrong), SoapVersion::Soap11).await.unwrap_err();
    assert!(error.is_reply());
    assert!(support::report(&error).contains("expected <CreateTemporaryKeyWithPayloadResponse>"), "{error}");

    let empty = format!(r#"<s:Envelope xmlns:s="{SOAP11_ENVELOPE}"><s:Body/></s:Envelope>"#);
    let error = create_key(Canned::soap11(200, empty), SoapVersion::Soap11).await.unwrap_err();
    assert!(error.is_reply() && support::report(&error).contains("the Body is empty"), "{error}");

    let missing = format!(
        r#"<s:Envelope xmlns:s="{SOAP11_ENVELOPE}"><s:Body><CreateTemporaryKeyWithPayloadResponse xmlns="{NS}"/></s:Body></s:Envelope>"#
    );
    let error = create_key(Canned::soap11(200, missing), SoapVersion::Soap11).await.unwrap_err();
    assert!(error.is_reply() && support::report(&error).contains("missing element"), "{error}");
}

#[tokio::test]
async fn a_dtd_is_refused() {
    let body = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><s:Envelope xmlns:s="{SOAP11_ENVELOPE}"><s:Body/></s:Envelope>"#
    );
    let error = create_key(Canned::soap11(200, body), SoapVersion::Soap11).await.unwrap_err();
    assert!(error.is_reply() && support::report(&error).contains("DOCTYPE"), "{error}");
}

#[tokio::test]
async fn a_delete_reads_its_empty_wrapper() {
    let server = TestServer::serving(support::person_svc::server()).await;
    let person = person::client(&server.url("/p"), SoapVersion::Soap12);
    person.delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 3).await.unwrap();
}

#[tokio::test]
async fn a_dotted_soap11_code_still_says_who_is_at_fault() {
    let body = format!(
        r#"<s:Envelope xmlns:s="{SOAP11_ENVELOPE}"><s:Body><s:Fault><faultcode>s:Client.SchemaValidationError</faultcode><faultstring>bad</faultstring></s:Fault></s:Body></s:Envelope>"#
    );
    let error = create_key(Canned::soap11(500, body), SoapVersion::Soap11).await.unwrap_err();
    let fault = error.fault().unwrap();
    assert!(fault.is_sender() && !fault.is_receiver());
    assert_eq!(fault.code().local_name(), "Client.SchemaValidationError");
}

#[tokio::test]
async fn an_undeclared_xsi_prefix_is_read_as_xml_schema_instance() {
    // node-soap writes xsi:nil without declaring xsi.
    let body = format!(
        r#"<soap:Envelope xmlns:soap="{SOAP11_ENVELOPE}"><soap:Body><CreateTemporaryKeyWithPayloadResponse xmlns="{NS}"><Response xsi:nil="true"/></CreateTemporaryKeyWithPayloadResponse></soap:Body></soap:Envelope>"#
    );
    let server = TestServer::replying(Canned::soap11(200, body)).await;
    let client = PersonAgentWithHeadersClient::new(person::raw_client(&server.url("/p"), SoapVersion::Soap11));
    let error = client
        .create_key_with_headers(TemporaryKeyDomain::Unknown, 0, 0, person::expires(), String::new())
        .await
        .unwrap_err();
    // Read as nil (not refused as an undeclared prefix): a String result cannot hold null.
    assert!(error.is_reply(), "{error}");
    assert!(support::report(&error).contains("is xsi:nil; declare it as an Option"), "{error}");
}

/// Services88's ExceptionInfo header, as a check reads it.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct ExceptionInfoHeader {
    message: String,
    exception_type: Option<String>,
}

#[tokio::test]
async fn a_reply_check_turns_succeeded_false_into_a_service_error() {
    let failed = format!(
        r#"<s:Envelope xmlns:s="{SOAP11_ENVELOPE}"><s:Header><h:ExceptionInfo xmlns:h="{NS}"><h:Message>Person 1 not found</h:Message><h:ExceptionType>SoException</h:ExceptionType></h:ExceptionInfo><h:Succeeded xmlns:h="{NS}">false</h:Succeeded></s:Header><s:Body><CreateTemporaryKeyWithPayloadResponse xmlns="{NS}"><Response i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/></CreateTemporaryKeyWithPayloadResponse></s:Body></s:Envelope>"#
    );
    let check = |headers: &soapkit::ReplyHeaders| match headers.get::<bool>(NS, "Succeeded") {
        Ok(Some(false)) => Err(headers
            .get::<ExceptionInfoHeader>(NS, "ExceptionInfo")
            .ok()
            .flatten()
            .map_or_else(|| "Succeeded is false".to_owned(), |info| info.message)),
        _ => Ok(()),
    };
    let server = TestServer::replying(Canned::soap11(200, failed)).await;
    let client = soapkit::Client::builder(server.url("/p")).check_reply(check).build().unwrap();
    let error = person::PersonAgentClient::new(client)
        .create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 1, person::expires(), String::new())
        .await
        .unwrap_err();
    assert!(error.is_service(), "{error:?}");
    assert_eq!(support::report(&error), "the service reported a failure: Person 1 not found");
    let info: ExceptionInfoHeader = error.reply_headers().unwrap().get(NS, "ExceptionInfo").unwrap().unwrap();
    assert_eq!(info.exception_type.as_deref(), Some("SoException"));

    // The same check lets a successful reply through untouched.
    let ok = TestServer::serving(support::person_svc::server()).await;
    let client = soapkit::Client::builder(ok.url("/p")).check_reply(check).build().unwrap();
    let key = person::PersonAgentClient::new(client)
        .create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 1, person::expires(), "x".into())
        .await
        .unwrap();
    assert_eq!(key, "Unknown|0|1|2025-09-19T01:40:55Z|x");
}
