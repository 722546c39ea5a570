//! Broken and hostile servers on 127.0.0.1: every case ends in a typed error, bounded in
//! memory and time, never a panic or a hang; and the client recovers for the next call.

mod support;

use soapkit::{Client, SoapVersion};
use std::time::Duration;
use support::person::{self, PersonAgent, PersonAgentClient, TemporaryKeyDomain};
use support::raw::{self, RawServer};
use support::server::{Canned, TestServer};

/// Guards each call against a hang: a test fails here rather than running forever.
async fn bounded<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), call).await.expect("the call hung")
}

fn client_for(
    url: &str,
    configure: impl FnOnce(soapkit::ClientBuilder) -> soapkit::ClientBuilder,
) -> PersonAgentClient {
    PersonAgentClient::new(configure(Client::builder(url)).build().unwrap())
}

async fn delete(client: &PersonAgentClient) -> soapkit::Result<()> {
    bounded(client.delete_temporary_keys_of_domain(TemporaryKeyDomain::Unknown, 1)).await
}

const OK_REPLY: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><DeleteTemporaryKeysOfDomainResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"/></s:Body></s:Envelope>"#;

fn http_ok(body: &str) -> String {
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{body}", body.len())
}

#[tokio::test]
async fn a_reply_over_the_limit_is_refused_with_and_without_content_length() {
    let limit = 64 * 1024;
    // Announced: refused from the header, before the body is read.
    let announced = RawServer::start(|mut s, _| async move {
        raw::write(&mut s, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000000\r\n\r\n").await;
        raw::write(&mut s, vec![b' '; 1024]).await;
    })
    .await;
    // Chunked and endless: refused once the limit is passed, while it streams in.
    let endless = RawServer::start(|mut s, _| async move {
        raw::write(&mut s, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n").await;
        let chunk = format!("{:x}\r\n{}\r\n", 8192, " ".repeat(8192));
        loop {
            if s.try_write(chunk.as_bytes()).is_err() {
                tokio::time::sleep(Duration::from_millis(1)).await;
                if s.peer_addr().is_err() {
                    return;
                }
            }
            tokio::task::yield_now().await;
        }
    })
    .await;
    for server in [&announced, &endless] {
        let client = client_for(&server.url(), |b| b.max_reply_size(limit));
        let error = delete(&client).await.unwrap_err();
        assert!(error.is_reply(), "{error}");
        assert!(support::report(&error).contains("larger than the client's limit of 65536 bytes"), "{error}");
    }
}

#[tokio::test]
async fn a_stalled_server_times_out() {
    let silent = RawServer::start(|s, _| async move {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        drop(s);
    })
    .await;
    let half = RawServer::start(|mut s, _| async move {
        raw::write(&mut s, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n<s:Env").await;
        tokio::time::sleep(Duration::from_secs(3600)).await;
    })
    .await;
    for server in [&silent, &half] {
        let client = client_for(&server.url(), |b| b.timeout(Duration::from_millis(300)));
        let error = delete(&client).await.unwrap_err();
        assert!(error.is_timeout() && error.is_transport(), "{error:?}");
    }
    // The per-client override: a client without a timeout, given one.
    let client = client_for(&silent.url(), |b| b);
    let short = PersonAgentClient::new(client.client().with_timeout(Duration::from_millis(300)));
    assert!(delete(&short).await.unwrap_err().is_timeout());
}

#[tokio::test]
async fn a_connection_closed_or_reset_mid_reply_fails_this_call_only() {
    // Connection 1 is cut half-way through the reply; the next one is answered.
    let server = RawServer::start(|mut s, n| async move {
        if n == 1 {
            raw::write(&mut s, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 400\r\n\r\n<s:Envelope")
                .await;
            drop(s);
        } else if n == 2 {
            // Reset: SO_LINGER 0 makes the close send RST. (Deprecated because linger can
            // block on drop; with a zero timeout it cannot.)
            #[allow(deprecated)]
            let _ = s.set_linger(Some(Duration::ZERO));
            drop(s);
        } else {
            raw::write(&mut s, http_ok(OK_REPLY)).await;
        }
    })
    .await;
    let client = client_for(&server.url(), |b| b);
    let first = delete(&client).await.unwrap_err();
    assert!(first.is_transport(), "{first:?}");
    let second = delete(&client).await.unwrap_err();
    assert!(second.is_transport(), "{second:?}");
    delete(&client).await.unwrap();
}

#[tokio::test]
async fn a_server_restart_between_calls_is_survived() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let url = format!("http://{addr}/svc");
    let client = client_for(&url, |b| b);
    for _ in 0..2 {
        // Each round binds the same port anew: the pooled connection of the previous
        // round is dead, and the call must open a fresh one.
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let task = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 65536];
            let _ = tokio::io::AsyncReadExt::read(&mut s, &mut buf).await;
            raw::write(&mut s, http_ok(OK_REPLY)).await;
        });
        delete(&client).await.unwrap();
        task.await.unwrap();
    }
}

/// Which kind of error a case must give: one of `Error`'s `is_*` predicates.
type ErrorCheck = fn(&soapkit::Error) -> bool;

/// Each hostile or broken reply, and the kind of error it must give.
#[tokio::test]
async fn every_broken_reply_is_a_typed_error() {
    let deep = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>{}{}</s:Body></s:Envelope>"#,
        "<a>".repeat(300),
        "</a>".repeat(300)
    );
    let cases: Vec<(&str, Canned, ErrorCheck)> = vec![
        (
            "billion laughs",
            Canned::soap11(
                200,
                r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>"#,
            ),
            soapkit::Error::is_reply,
        ),
        (
            "external entity",
            Canned::soap11(200, r#"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"#),
            soapkit::Error::is_reply,
        ),
        ("nesting deeper than 256", Canned::soap11(200, deep), soapkit::Error::is_reply),
        ("malformed", Canned::soap11(200, "<s:Envelope xmlns:s='x'><a></b></s:Envelope>"), soapkit::Error::is_reply),
        ("undeclared prefix", Canned::soap11(200, "<p:Envelope/>"), soapkit::Error::is_reply),
        (
            "fault without parts",
            Canned::soap11(
                500,
                r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault/></s:Body></s:Envelope>"#,
            ),
            soapkit::Error::is_fault,
        ),
        (
            "several body children",
            Canned::soap11(
                200,
                r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><a/><b/></s:Body></s:Envelope>"#,
            ),
            soapkit::Error::is_reply,
        ),
        (
            "no body",
            Canned::soap11(200, r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>"#),
            soapkit::Error::is_reply,
        ),
        ("not an envelope", Canned::soap11(200, "<html/>"), soapkit::Error::is_reply),
        ("redirect without a location", Canned::of(302, "text/html", String::new()), soapkit::Error::is_status),
        ("HTML 503", Canned::html(503, "<html>busy</html>"), soapkit::Error::is_status),
        (
            "unknown entity",
            Canned::soap11(
                200,
                r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&nbsp;</s:Body></s:Envelope>"#,
            ),
            soapkit::Error::is_reply,
        ),
        (
            "reference to NUL",
            Canned::soap11(
                200,
                r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&#0;</s:Body></s:Envelope>"#,
            ),
            soapkit::Error::is_reply,
        ),
    ];
    for (name, canned, expected) in cases {
        let server = TestServer::replying(canned).await;
        let error = delete(&person::client(&server.url("/p"), SoapVersion::Soap11)).await.unwrap_err();
        assert!(expected(&error), "{name}: {error:?}");
    }
}

#[tokio::test]
async fn wrong_encodings_are_refused_and_a_bom_is_read() {
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(OK_REPLY.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let latin1 = OK_REPLY.replace("/>", ">\u{e9}</DeleteTemporaryKeysOfDomainResponse>").replace('\u{e9}', "\u{0}");
    let mut latin1 = latin1.into_bytes();
    let nul = latin1.iter().position(|&b| b == 0).unwrap();
    latin1[nul] = 0xE9; // é in Latin-1: not UTF-8
    let bom = [b"\xEF\xBB\xBF".as_slice(), OK_REPLY.as_bytes()].concat();
    for (name, body, ok) in [("UTF-16", utf16, false), ("Latin-1", latin1, false), ("UTF-8 BOM", bom, true)] {
        let server = RawServer::start(move |mut s, _| {
            let body = body.clone();
            async move {
                let head =
                    format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n", body.len());
                raw::write(&mut s, [head.as_bytes(), &body].concat()).await;
            }
        })
        .await;
        let result = delete(&client_for(&server.url(), |b| b)).await;
        match ok {
            true => result.unwrap(),
            false => assert!(result.unwrap_err().is_reply(), "{name}"),
        }
    }
}

/// Many concurrent callers on one client: every reply matches its own request.
async fn load(calls: usize, concurrency: usize) {
    let server = TestServer::serving(support::person_svc::server()).await;
    let person = person::client(&server.url("/p"), SoapVersion::Soap11);
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (person, next) = (person.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= calls {
                    return;
                }
                let id = i as i32;
                let key = person
                    .create_temporary_key_with_payload(
                        TemporaryKeyDomain::PublicFaq,
                        id % 7,
                        id,
                        person::expires(),
                        format!("p{i}"),
                    )
                    .await
                    .unwrap();
                assert_eq!(key, format!("PublicFaq|{}|{id}|2025-09-19T01:40:55Z|p{i}", id % 7));
            }
        }));
    }
    for worker in workers {
        bounded(worker).await.unwrap();
    }
    assert_eq!(server.requests().len(), calls);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_small_64_callers() {
    load(4_000, 64).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_1000_concurrent_callers_on_one_client() {
    load(3_000, 1_000).await;
}

/// The full load run, 100,000 calls: `cargo test --release --test reliability -- --ignored load_100k`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: 100,000 calls; run with --release -- --ignored"]
async fn load_100k_calls_64_callers() {
    load(100_000, 64).await;
}

#[tokio::test]
async fn calls_have_a_default_timeout_unless_told_to_wait_forever() {
    let builder = soapkit::Client::builder("http://127.0.0.1:1/p");
    let shown = format!("{builder:?}");
    assert!(shown.contains("timeout: Some(100s)") && shown.contains("connect_timeout: Some(30s)"), "{shown}");
    assert_eq!(soapkit::DEFAULT_TIMEOUT, Duration::from_secs(100));
    let forever = format!("{:?}", builder.no_timeout().no_connect_timeout());
    assert!(forever.contains("timeout: None") && forever.contains("connect_timeout: None"), "{forever}");
    // Waiting forever is what it says: the call to a silent server is still waiting when
    // a client whose timeout is shorter has given up.
    let silent = RawServer::start(|s, _| async move {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        drop(s);
    })
    .await;
    let patient = client_for(&silent.url(), |b| b.no_timeout());
    let hasty = client_for(&silent.url(), |b| b.timeout(Duration::from_millis(200)));
    assert!(delete(&hasty).await.unwrap_err().is_timeout());
    assert!(tokio::time::timeout(Duration::from_millis(400), delete(&patient)).await.is_err(), "still waiting");
}
