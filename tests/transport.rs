//! The transport as its own interface: wrapped in tower middleware around real HTTP, or
//! replaced outright, without touching the SOAP code.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use soapkit::transport::{CallTimeout, TransportRequest, TransportResponse};
use soapkit::{Client, SoapVersion};
use support::person::{self, PersonAgent, PersonAgentClient, TemporaryKeyDomain};
use support::server::TestServer;
use tower::ServiceExt;

const KEY_REPLY: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><CreateTemporaryKeyWithPayloadResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"><Response>from the double</Response></CreateTemporaryKeyWithPayloadResponse></s:Body></s:Envelope>"#;

async fn create_key(person: &PersonAgentClient) -> soapkit::Result<String> {
    person.create_temporary_key_with_payload(TemporaryKeyDomain::Unknown, 0, 1, person::expires(), "x".into()).await
}

/// A layer around the real HTTP transport sees each request as the binding made it and
/// each response as it came, and the call goes on as without it.
#[tokio::test]
async fn a_layer_sees_every_request_and_response_around_http() {
    let server = TestServer::serving(support::person_svc::server()).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let client = Client::builder(server.url("/p"))
        .layer(tower::layer::layer_fn(move |inner: soapkit::transport::Transport| {
            let log = Arc::clone(&log);
            tower::service_fn(move |request: TransportRequest| {
                let (log, inner) = (Arc::clone(&log), inner.clone());
                async move {
                    let action = request.headers()["soapaction"].to_str().unwrap().to_owned();
                    let response = inner.oneshot(request).await?;
                    log.lock().unwrap().push((action, response.status().as_u16()));
                    Ok::<_, soapkit::Error>(response)
                }
            })
        }))
        .build()
        .unwrap();
    let key = create_key(&PersonAgentClient::new(client)).await.unwrap();
    assert_eq!(key, "Unknown|0|1|2025-09-19T01:40:55Z|x");
    assert_eq!(
        *seen.lock().unwrap(),
        [(
            "\"http://www.superoffice.net/ws/crm/NetServer/Services88/Person/CreateTemporaryKeyWithPayload\""
                .to_owned(),
            200
        )]
    );
    assert_eq!(server.requests().len(), 1);
}

/// A replacement transport (a test double here) gets the envelope and the binding's
/// headers, and its bytes are read as the reply; no HTTP is involved.
#[tokio::test]
async fn a_replacement_transport_answers_instead_of_http() {
    let sent = Arc::new(Mutex::new(None));
    let record = Arc::clone(&sent);
    let double = tower::service_fn(move |request: TransportRequest| {
        let record = Arc::clone(&record);
        async move {
            let content_type = request.headers()["content-type"].to_str().unwrap().to_owned();
            *record.lock().unwrap() = Some((request.uri().to_string(), content_type, request.into_body()));
            Ok::<_, std::convert::Infallible>(TransportResponse::new(KEY_REPLY.as_bytes().to_vec()))
        }
    });
    // Nothing listens on port 9: only the double can answer.
    let client = Client::builder("http://127.0.0.1:9/Person.svc").transport(double).build().unwrap();
    assert_eq!(create_key(&PersonAgentClient::new(client)).await.unwrap(), "from the double");
    let (uri, content_type, body) = sent.lock().unwrap().take().unwrap();
    assert_eq!(uri, "http://127.0.0.1:9/Person.svc");
    assert_eq!(content_type, "text/xml; charset=utf-8");
    let body = String::from_utf8(body).unwrap();
    assert!(body.starts_with("<s:Envelope") && body.contains("<Payload>x</Payload>"), "{body}");
}

/// A double answers with a fault made by the fault writer a soapkit server uses, in either
/// version, with the status a server gives it; the client reads it as any fault.
#[tokio::test]
async fn a_double_answers_with_a_built_fault() {
    for (version, status) in [(SoapVersion::Soap11, 500), (SoapVersion::Soap12, 400)] {
        let double = tower::service_fn(move |_: TransportRequest| async move {
            let fault = soapkit::Fault::sender("ticket expired").subcode("urn:so", "InvalidTicket");
            let mut response = TransportResponse::new(fault.envelope(version)?);
            *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
            Ok::<_, soapkit::Error>(response)
        });
        let client = Client::builder("http://127.0.0.1:9/p").soap_version(version).transport(double).build().unwrap();
        let error = create_key(&PersonAgentClient::new(client)).await.unwrap_err();
        let fault = error.fault().unwrap_or_else(|| panic!("{version}: {error:?}"));
        assert!(fault.is_sender() && fault.reason() == "ticket expired", "{version}: {fault:?}");
        assert_eq!(fault.version(), version);
        let subcodes: Vec<_> = fault.subcodes().iter().map(|c| c.local_name()).collect();
        let expected: &[&str] = if version == SoapVersion::Soap12 { &["InvalidTicket"] } else { &[] };
        assert_eq!(subcodes, expected, "{version}");
        assert_eq!(error.status(), Some(status));
    }
}

/// A transport's own error becomes a transport error caused by it, reachable by
/// downcasting; tower's timeout is a timeout.
#[tokio::test]
async fn a_transport_s_errors_keep_their_type() {
    let refusing = tower::service_fn(|_: TransportRequest| async {
        Err::<TransportResponse, _>(std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "no route to the CRM"))
    });
    let client = Client::builder("http://127.0.0.1:9/p").transport(refusing).build().unwrap();
    let error = create_key(&PersonAgentClient::new(client)).await.unwrap_err();
    assert!(error.is_transport() && !error.is_timeout(), "{error:?}");
    let cause = std::error::Error::source(&error).unwrap().downcast_ref::<std::io::Error>().unwrap();
    assert_eq!(cause.kind(), std::io::ErrorKind::ConnectionRefused);
    assert_eq!(support::report(&error), "transport error: no route to the CRM");

    let slow = tower::service_fn(|_: TransportRequest| async {
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok::<_, std::convert::Infallible>(TransportResponse::new(KEY_REPLY.as_bytes().to_vec()))
    });
    let client = Client::builder("http://127.0.0.1:9/p")
        .transport(slow)
        .layer(tower::timeout::TimeoutLayer::new(Duration::from_millis(50)))
        .build()
        .unwrap();
    let error = create_key(&PersonAgentClient::new(client)).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

/// `Client::with_timeout` reaches the transport as the request's `CallTimeout`, and the
/// client's own transport enforces it against a server that never answers.
#[tokio::test]
async fn a_call_s_timeout_travels_with_the_request() {
    let seen = Arc::new(Mutex::new(None));
    let record = Arc::clone(&seen);
    let double = tower::service_fn(move |request: TransportRequest| {
        *record.lock().unwrap() = request.extensions().get::<CallTimeout>().copied();
        async { Ok::<_, std::convert::Infallible>(TransportResponse::new(KEY_REPLY.as_bytes().to_vec())) }
    });
    let client = Client::builder("http://127.0.0.1:9/p").transport(double).build().unwrap();
    create_key(&PersonAgentClient::new(client.clone())).await.unwrap();
    assert_eq!(*seen.lock().unwrap(), None);
    create_key(&PersonAgentClient::new(client.with_timeout(Duration::from_secs(2)))).await.unwrap();
    assert_eq!(*seen.lock().unwrap(), Some(CallTimeout(Duration::from_secs(2))));

    // A listener that accepts and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/p", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let client = person::raw_client(&url, SoapVersion::Soap11).with_timeout(Duration::from_millis(100));
    let error = create_key(&PersonAgentClient::new(client)).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}
