//! WS-Addressing between soapkit's client and soapkit's server over real HTTP on
//! 127.0.0.1: the request's `Action`, `To`, `MessageID` and anonymous `ReplyTo`, the
//! reply's `RelatesTo` and `Action`, in both namespaces; a reply that relates to another
//! message or to none is an error; what the server cannot do is a WS-Addressing fault.
//! (zeep's WS-Addressing against soapkit's server: `tests/interop.rs`.)

mod support;

use soapkit::wsa::{WSA_2004, WSA_2005, WsAddressing, WsaVersion};
use soapkit::{Call, Client, Reply, SoapVersion, soap_operation, soap_service};
use support::server::{Canned, TestServer};

const ACTION: &str = "urn:soapkit:wsa/Echo";

#[soap_service(ns = "urn:soapkit:wsa", server)]
pub trait Echo {
    #[soap_operation(action = "Echo", soap_action = "urn:soapkit:wsa/Echo")]
    async fn echo(&self, text: String) -> soapkit::Result<Reply<String>>;
}

struct EchoSvc;

impl Echo for EchoSvc {
    fn echo(&self, text: String) -> Call<'_, Reply<String>> {
        if text == "fail" {
            return Call::ready(Err(soapkit::Fault::sender("no echo for fail").into()));
        }
        Call::ready(Ok(Reply::from_value(text)))
    }
}

fn client(url: &str, version: SoapVersion, wsa: WsaVersion) -> EchoClient {
    let client = Client::builder(url).soap_version(version).ws_addressing(WsAddressing::new().version(wsa));
    EchoClient::new(client.build().unwrap())
}

/// The text of the first element `local` in namespace `ns` of `xml`.
fn element<'x>(xml: &'x str, prefix: &str, local: &str) -> Option<&'x str> {
    let open = format!("<{prefix}:{local}");
    let start = xml.find(&open)?;
    let content = &xml[start..];
    let content = &content[content.find('>')? + 1..];
    Some(&content[..content.find('<')?])
}

#[tokio::test]
async fn requests_carry_the_headers_and_replies_relate_to_them() {
    let server = TestServer::serving(EchoServer::new(EchoSvc)).await;
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        for (wsa, ns) in [(WsaVersion::W3c2005, WSA_2005), (WsaVersion::Submission2004, WSA_2004)] {
            let reply = client(&server.url("/e"), version, wsa).echo("hi".into()).await.unwrap();
            assert_eq!(reply.value(), "hi");
            let request = server.requests().pop().unwrap();
            let body = &request.body;
            assert_eq!(element(body, "wsa", "Action"), Some(ACTION), "{body}");
            assert_eq!(element(body, "wsa", "To"), Some(server.url("/e").as_str()), "{body}");
            assert_eq!(element(body, "wsa", "Address"), Some(wsa.anonymous()), "{body}");
            let id = element(body, "wsa", "MessageID").unwrap();
            assert!(id.starts_with("urn:uuid:"), "{body}");
            // The server answers with RelatesTo and its own Action, in the request's namespace.
            let relates = reply.headers().get::<String>(ns, "RelatesTo").unwrap();
            assert_eq!(relates.as_deref(), Some(id), "{version} {wsa:?}");
            let action = reply.headers().get::<String>(ns, "Action").unwrap();
            assert_eq!(action, Some(format!("{ACTION}Response")));
        }
    }
}

#[tokio::test]
async fn a_reply_that_relates_to_another_message_or_to_none_is_an_error() {
    let ok = |relates: &str| {
        format!(
            r#"<s:Envelope xmlns:s="{}"><s:Header>{relates}</s:Header><s:Body><EchoResponse xmlns="urn:soapkit:wsa"><EchoResult>hi</EchoResult></EchoResponse></s:Body></s:Envelope>"#,
            soapkit::SOAP11_ENVELOPE
        )
    };
    for header in ["".to_owned(), format!("<a:RelatesTo xmlns:a=\"{WSA_2005}\">urn:uuid:someone-else</a:RelatesTo>")] {
        let server = TestServer::replying(Canned::soap11(200, ok(&header))).await;
        let error = client(&server.url("/e"), SoapVersion::Soap11, WsaVersion::W3c2005).echo("hi".into()).await;
        let error = error.unwrap_err();
        assert!(error.is_reply() && error.to_string().to_lowercase().contains("relates"), "{error}");
    }
}

#[tokio::test]
async fn what_the_server_cannot_do_is_a_ws_addressing_fault() {
    // This test posts with reqwest alone, before any soapkit client installs a provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = TestServer::serving(EchoServer::new(EchoSvc)).await;
    let send = |headers: String, soap_action: &'static str| {
        let url = server.url("/e");
        async move {
            let envelope = format!(
                r#"<s:Envelope xmlns:s="{}" xmlns:a="{WSA_2005}"><s:Header>{headers}</s:Header><s:Body><Echo xmlns="urn:soapkit:wsa"><Text>hi</Text></Echo></s:Body></s:Envelope>"#,
                soapkit::SOAP11_ENVELOPE
            );
            let reply = reqwest::Client::new()
                .post(url)
                .header("content-type", "text/xml; charset=utf-8")
                .header("soapaction", format!("\"{soap_action}\""))
                .body(envelope)
                .send()
                .await
                .unwrap();
            (reply.status().as_u16(), reply.text().await.unwrap())
        }
    };
    let elsewhere = "<a:MessageID>urn:uuid:1</a:MessageID><a:ReplyTo><a:Address>http://client.example/callback</a:Address></a:ReplyTo>".to_owned();
    let (status, body) = send(elsewhere, ACTION).await;
    assert!(status == 500 && body.contains("answers on the request's connection only"), "{body}");
    let mismatch = "<a:Action s:mustUnderstand=\"1\">urn:other</a:Action>".to_owned();
    let (status, body) = send(mismatch, ACTION).await;
    assert!(status == 500 && body.contains("is not the SOAP action"), "{body}");
    // What a server that speaks WS-Addressing understands is no MustUnderstand fault.
    let understood =
        format!("<a:Action s:mustUnderstand=\"1\">{ACTION}</a:Action><a:To s:mustUnderstand=\"1\">x</a:To>");
    let (status, body) = send(understood, ACTION).await;
    assert!(status == 200 && body.contains("<EchoResult>hi</EchoResult>"), "{body}");
}

/// The same service, declaring that every call carries WS-Addressing (as a WSDL's
/// `wsaw:UsingAddressing` makes the generator declare it).
#[soap_service(ns = "urn:soapkit:wsa", server, ws_addressing = "2004/08")]
pub trait Addressed {
    #[soap_operation(action = "Echo", soap_action = "urn:soapkit:wsa/Echo")]
    async fn echo(&self, text: String) -> soapkit::Result<Reply<String>>;
}

impl Addressed for EchoSvc {
    fn echo(&self, text: String) -> Call<'_, Reply<String>> {
        Call::ready(Ok(Reply::from_value(text)))
    }
}

#[tokio::test]
async fn a_service_that_declares_addressing_sends_it_unasked_and_requires_it() {
    let server = TestServer::serving(AddressedServer::new(EchoSvc)).await;
    // A client not configured for WS-Addressing sends the declared version's headers.
    let plain = AddressedClient::new(Client::builder(server.url("/e")).build().unwrap());
    let reply = plain.echo("hi".into()).await.unwrap();
    let request = server.requests().pop().unwrap();
    assert_eq!(element(&request.body, "wsa", "Action"), Some(ACTION), "{}", request.body);
    assert!(request.body.contains(WSA_2004), "{}", request.body);
    assert!(reply.headers().get::<String>(WSA_2004, "RelatesTo").unwrap().is_some());
    // A client's own configuration wins.
    let configured = Client::builder(server.url("/e")).ws_addressing(WsAddressing::new()).build().unwrap();
    AddressedClient::new(configured).echo("hi".into()).await.unwrap();
    assert!(server.requests().pop().unwrap().body.contains(WSA_2005));
    // The server refuses a request without them, as WS-Addressing's SOAP binding says.
    let (status, body) = post(&server.url("/e"), "").await;
    assert!(status == 400 && body.contains("MessageAddressingHeaderRequired"), "{body}");
    // The undeclared service serves the same request.
    let server = TestServer::serving(EchoServer::new(EchoSvc)).await;
    let (status, body) = post(&server.url("/e"), "").await;
    assert!(status == 200 && body.contains("<EchoResult>hi</EchoResult>"), "{body}");
}

/// Posts an Echo request with `headers` as a SOAP 1.2 envelope, as another stack would.
async fn post(url: &str, headers: &str) -> (u16, String) {
    let envelope = format!(
        r#"<s:Envelope xmlns:s="{}"><s:Header>{headers}</s:Header><s:Body><Echo xmlns="urn:soapkit:wsa"><Text>hi</Text></Echo></s:Body></s:Envelope>"#,
        soapkit::SOAP12_ENVELOPE
    );
    let reply = reqwest::Client::new()
        .post(url)
        .header("content-type", format!("application/soap+xml; charset=utf-8; action=\"{ACTION}\""))
        .body(envelope)
        .send()
        .await
        .unwrap();
    (reply.status().as_u16(), reply.text().await.unwrap())
}

#[tokio::test]
async fn a_fault_relates_to_the_request_and_has_the_fault_action() {
    // This test posts with reqwest alone, before any soapkit client installs a provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = TestServer::serving(EchoServer::new(EchoSvc)).await;
    let headers = format!(
        "<a:Action xmlns:a=\"{WSA_2005}\">{ACTION}</a:Action><a:MessageID xmlns:a=\"{WSA_2005}\">urn:uuid:7</a:MessageID>"
    );
    let envelope = format!(
        r#"<s:Envelope xmlns:s="{}"><s:Header>{headers}</s:Header><s:Body><Echo xmlns="urn:soapkit:wsa"><Text>fail</Text></Echo></s:Body></s:Envelope>"#,
        soapkit::SOAP11_ENVELOPE
    );
    let reply = reqwest::Client::new()
        .post(server.url("/e"))
        .header("content-type", "text/xml; charset=utf-8")
        .header("soapaction", format!("\"{ACTION}\""))
        .body(envelope)
        .send()
        .await
        .unwrap();
    let body = reply.text().await.unwrap();
    assert!(body.contains("no echo for fail"), "{body}");
    assert!(body.contains(&format!(r#"<RelatesTo xmlns="{WSA_2005}">urn:uuid:7</RelatesTo>"#)), "{body}");
    assert!(body.contains("http://www.w3.org/2005/08/addressing/soap/fault"), "{body}");
}
