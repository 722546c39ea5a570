//! The transport's middleware (`soapkit::layers`) against servers on 127.0.0.1: retries
//! only where repeating is safe, the history of exchanges with secrets redacted, hooks on
//! the request and the reply, and credentials fetched again when the server refuses them.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use soapkit::layers::{CallOperation, History, Hooks, RefreshingCredentials, Retry};
use soapkit::{Client, Header};
use support::NS;
use support::person::{PersonAgent as _, PersonAgentClient, TemporaryKeyDomain};
use support::raw::{self, RawServer};
use support::server::{Canned, TestServer};

const OK_REPLY: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><DeleteTemporaryKeysOfDomainResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"/></s:Body></s:Envelope>"#;

fn client(url: &str, configure: impl FnOnce(soapkit::ClientBuilder) -> soapkit::ClientBuilder) -> PersonAgentClient {
    PersonAgentClient::new(configure(Client::builder(url)).build().unwrap())
}

async fn delete(client: &PersonAgentClient) -> soapkit::Result<()> {
    let call = client.delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 1);
    tokio::time::timeout(Duration::from_secs(60), call).await.expect("the call hung")
}

/// The OK reply as a raw HTTP response.
fn http_ok() -> String {
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{OK_REPLY}", OK_REPLY.len())
}

fn fast() -> Retry {
    Retry::new().attempts(4).backoff(Duration::from_millis(10), Duration::from_millis(50))
}

#[tokio::test]
async fn a_connection_cut_after_sending_is_retried_only_for_idempotent_operations() {
    // The first two connections are cut after the request arrived; the third is answered.
    let server = || {
        RawServer::start(|mut s, n| async move {
            if n <= 2 {
                drop(s);
            } else {
                raw::write(&mut s, http_ok()).await;
            }
        })
    };
    let idempotent = server().await;
    delete(&client(&idempotent.url(), |b| b.layer(fast().idempotent(|op| op.name.starts_with("Delete")))))
        .await
        .unwrap();
    // Only safe to repeat when never sent: this failure may have been seen, so no retry.
    let safe_only = server().await;
    let error = delete(&client(&safe_only.url(), |b| b.layer(fast().safe_to_repeat(|_| true)))).await.unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    // Without the layer's say-so nothing is retried at all.
    let untold = server().await;
    assert!(delete(&client(&untold.url(), |b| b.layer(fast()))).await.is_err());
}

#[tokio::test]
async fn a_server_not_yet_listening_is_tried_again_when_safe_to_repeat() {
    let address = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let url = format!("http://{address}/p");
    let late = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let listener = tokio::net::TcpListener::bind(address).await.unwrap();
        let (mut s, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 65536];
        let _ = tokio::io::AsyncReadExt::read(&mut s, &mut buf).await;
        raw::write(&mut s, http_ok()).await;
    });
    let retry = Retry::new().attempts(10).backoff(Duration::from_millis(50), Duration::from_millis(100));
    delete(&client(&url, |b| b.layer(retry.safe_to_repeat(|_| true)))).await.unwrap();
    late.await.unwrap();
}

#[tokio::test]
async fn a_fault_is_never_retried_and_a_503_is_for_idempotent_operations() {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let fault = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>busy</faultstring></s:Fault></s:Body></s:Envelope>"#;
    let server = TestServer::start(move |request| {
        let n = seen.fetch_add(1, Ordering::SeqCst);
        match request.path.as_str() {
            "/fault" => Canned::soap11(500, fault),
            // Unavailable twice, with Retry-After, then answered.
            _ if n % 3 < 2 => {
                Canned::html(503, "<html>down</html>").with(Vec::from(&b"<html>down</html>"[..]), "retry-after", "0")
            }
            _ => Canned::soap11(200, OK_REPLY),
        }
    })
    .await;
    let retry = || fast().idempotent(|_| true);
    let error = delete(&client(&server.url("/fault"), |b| b.layer(retry()))).await.unwrap_err();
    assert!(error.fault().is_some());
    assert_eq!(count.load(Ordering::SeqCst), 1, "a fault is an answer");
    count.store(0, Ordering::SeqCst);
    delete(&client(&server.url("/busy"), |b| b.layer(retry()))).await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 3);
    count.store(0, Ordering::SeqCst);
    let error = delete(&client(&server.url("/busy"), |b| b.layer(fast().safe_to_repeat(|_| true)))).await.unwrap_err();
    assert_eq!((error.status(), count.load(Ordering::SeqCst)), (Some(503), 1));
}

#[tokio::test]
async fn the_history_keeps_the_last_exchanges_with_secrets_redacted() {
    let server = TestServer::start(|request| {
        // A server that quotes the ticket back.
        let echoed = if request.body.contains("T-secret-42") { "T-secret-42" } else { "" };
        Canned::soap11(
            200,
            OK_REPLY.replace("/></s:Body>", &format!(">{echoed}</DeleteTemporaryKeysOfDomainResponse></s:Body>")),
        )
    })
    .await;
    let history = History::new(2);
    let person = client(&server.url("/p"), |b| {
        b.header(Header::secret(NS, "Ticket", "T-secret-42").unwrap()).layer(history.clone())
    });
    for _ in 0..3 {
        let _ = delete(&person).await;
    }
    let kept = history.exchanges();
    assert_eq!(kept.len(), 2, "the last two");
    for exchange in &kept {
        assert_eq!((exchange.operation, exchange.status), ("DeleteTemporaryKeysOfDomain", Some(200)));
        let response = exchange.response.as_deref().unwrap();
        assert!(
            exchange.request.contains("<Ticket xmlns=") && exchange.request.contains("***"),
            "{}",
            exchange.request
        );
        assert!(!exchange.request.contains("T-secret-42") && !response.contains("T-secret-42"), "{exchange:?}");
    }
    history.clear();
    assert!(history.last().is_none());
}

#[tokio::test]
async fn hooks_see_and_change_the_request_and_the_reply() {
    // The server names the operation the request hook told it, after junk no SOAP reader
    // takes: only a response hook that cuts the junk makes the reply readable.
    let server = TestServer::start(|request| {
        let operation = request.header("x-operation").unwrap_or("").to_owned();
        Canned::soap11(
            200,
            format!(
                "junk before the envelope{}",
                OK_REPLY
                    .replace("/></s:Body>", &format!(">{operation}</DeleteTemporaryKeysOfDomainResponse></s:Body>"))
            ),
        )
    })
    .await;
    let seen = Arc::new(std::sync::Mutex::new(String::new()));
    let keep = Arc::clone(&seen);
    let hooks = Hooks::new()
        .on_request(|request| {
            let name = CallOperation::of(request).map_or("", |op| op.name);
            request.headers_mut().insert("x-operation", name.parse().unwrap());
        })
        .on_response(move |response| {
            *keep.lock().unwrap() = String::from_utf8_lossy(response.body()).into_owned();
        })
        .on_response(|response| {
            let start = response.body().iter().position(|&b| b == b'<').unwrap_or(0);
            response.body_mut().drain(..start);
        });
    assert!(delete(&client(&server.url("/p"), |b| b)).await.is_err(), "unreadable without the hook");
    delete(&client(&server.url("/p"), |b| b.layer(hooks))).await.unwrap();
    assert!(seen.lock().unwrap().contains(">DeleteTemporaryKeysOfDomain</"), "{}", seen.lock().unwrap());
}

#[tokio::test]
async fn an_expired_credential_is_fetched_again_once_and_the_call_repeated() {
    // The server takes only the newest token; the provider hands out t1, t2, ...
    let fetched = Arc::new(AtomicUsize::new(0));
    let newest = Arc::new(AtomicUsize::new(2));
    let current = Arc::clone(&newest);
    let server = TestServer::start(move |request| {
        let expected = format!("Bearer t{}", current.load(Ordering::SeqCst));
        if request.header("authorization") == Some(expected.as_str()) {
            Canned::soap11(200, OK_REPLY)
        } else if request.path == "/fault" {
            Canned::soap11(500, r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>Ticket expired</faultstring></s:Fault></s:Body></s:Envelope>"#)
        } else {
            Canned::html(401, "expired")
        }
    })
    .await;
    let counter = Arc::clone(&fetched);
    let token = RefreshingCredentials::bearer(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok(format!("t{n}")) }
    });
    let person = client(&server.url("/p"), |b| b.layer(token.clone()));
    delete(&person).await.unwrap();
    assert_eq!(fetched.load(Ordering::SeqCst), 2, "t1 refused with 401, t2 fetched and taken");
    delete(&person).await.unwrap();
    assert_eq!(fetched.load(Ordering::SeqCst), 2, "kept");
    // Calls that meet the expiry together fetch once.
    newest.store(3, Ordering::SeqCst);
    let together = tokio::join!(delete(&person), delete(&person), delete(&person), delete(&person), delete(&person));
    for result in [together.0, together.1, together.2, together.3, together.4] {
        result.unwrap();
    }
    assert_eq!(fetched.load(Ordering::SeqCst), 3);
    // A fault the application recognises counts as expiry too.
    newest.store(4, Ordering::SeqCst);
    let by_fault = client(&server.url("/fault"), |b| {
        b.layer(token.clone().expired_on_fault(|fault| fault.reason().contains("Ticket expired")))
    });
    delete(&by_fault).await.unwrap();
    assert_eq!(fetched.load(Ordering::SeqCst), 4);
    // Without the fault predicate, the same fault is the caller's answer: nothing fetched.
    newest.store(5, Ordering::SeqCst);
    let error = delete(&client(&server.url("/fault"), |b| b.layer(token))).await.unwrap_err();
    assert!(error.fault().is_some_and(|f| f.reason() == "Ticket expired"), "{error:?}");
    assert_eq!(fetched.load(Ordering::SeqCst), 4);
}
