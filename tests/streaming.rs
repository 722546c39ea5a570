//! Large replies decoded as they stream in, from a raw HTTP server on 127.0.0.1 that sends
//! them chunked (no `Content-Length`, as servers send what they generate row by row):
//! values are built while the rest of the reply is still on its way; what the stream
//! does not read (a fault at HTTP 200, open content) is read by the tree as before; a reply
//! cut in the middle fails with nothing of it handed out.

mod support;

use serde::Deserialize;
use soapkit::{Client, soap_operation, soap_service};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use support::raw::{self, RawServer};

const NS: &str = "urn:rows";

/// Rows counted as they are decoded, so a test can see decoding happen.
static DECODED: AtomicUsize = AtomicUsize::new(0);

#[derive(Debug, PartialEq)]
struct Row {
    id: i32,
    name: String,
}

impl<'de> Deserialize<'de> for Row {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Fields {
            id: i32,
            name: String,
        }
        let Fields { id, name } = Fields::deserialize(d)?;
        DECODED.fetch_add(1, Ordering::SeqCst);
        Ok(Row { id, name })
    }
}

/// The same rows, not counted.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlainRow {
    pub id: i32,
}

#[derive(Debug, Deserialize)]
struct Opaque {
    #[serde(rename = "$any", default)]
    any: Vec<soapkit::xsd::AnyElement>,
}

#[soap_service(ns = "urn:rows")]
pub trait Rows {
    #[soap_operation(action = "List", result = "Rows")]
    async fn list(&self) -> soapkit::Result<soapkit::Reply<Vec<Row>>>;

    #[soap_operation(action = "Plain", result = "Rows")]
    async fn plain(&self) -> soapkit::Result<Vec<PlainRow>>;

    #[soap_operation(action = "Open", result = "Rows")]
    async fn open(&self) -> soapkit::Result<Opaque>;
}

fn row(i: usize) -> String {
    format!("<Row><Id>{i}</Id><Name>row {i} &amp; more</Name></Row>")
}

const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n";

fn start(response: &str) -> String {
    format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><Page xmlns="{NS}">7</Page></s:Header><s:Body><{response} xmlns="{NS}"><Rows>"#
    )
}

fn end(response: &str) -> String {
    format!("</Rows></{response}></s:Body></s:Envelope>")
}

fn chunk(text: &str) -> String {
    format!("{:x}\r\n{text}\r\n", text.len())
}

async fn bounded<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), call).await.expect("the call hung")
}

fn client(url: &str) -> RowsClient {
    RowsClient::new(Client::builder(url).build().unwrap())
}

/// The server sends the first half of the rows and waits until the client has decoded
/// some of them before it sends the rest: a client that decoded only once the reply was
/// whole would never see the second half (and the call would time out).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_are_decoded_while_the_rest_of_the_reply_is_on_its_way() {
    const ROWS: usize = 20_000;
    let server = RawServer::start(|mut s, _| async move {
        raw::write(&mut s, HEAD).await;
        raw::write(&mut s, chunk(&start("ListResponse"))).await;
        let half: String = (0..ROWS / 2).map(row).collect();
        raw::write(&mut s, chunk(&half)).await;
        let waited = tokio::time::timeout(Duration::from_secs(30), async {
            while DECODED.load(Ordering::SeqCst) == 0 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await;
        if waited.is_err() {
            // Nothing decoded yet: the reply is not finished, and the call times out.
            return;
        }
        let rest: String = (ROWS / 2..ROWS).map(row).collect();
        raw::write(&mut s, chunk(&rest)).await;
        raw::write(&mut s, chunk(&end("ListResponse"))).await;
        raw::write(&mut s, "0\r\n\r\n").await;
    })
    .await;
    let reply = bounded(client(&server.url()).list()).await.unwrap();
    assert_eq!(reply.value().len(), ROWS);
    assert_eq!(reply.value()[12_345], Row { id: 12_345, name: "row 12345 & more".into() });
    assert_eq!(reply.headers().get::<i32>(NS, "Page").unwrap(), Some(7));
}

#[tokio::test]
async fn a_fault_or_open_content_in_a_streamed_reply_is_read_by_the_tree() {
    let server = RawServer::start(|mut s, n| async move {
        raw::write(&mut s, HEAD).await;
        let body = if n == 1 {
            // A fault at HTTP 200, found where the wrapper should be.
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>no rows for you</faultstring></s:Fault></s:Body></s:Envelope>"#.to_owned()
        } else {
            format!("{}<Extra/>{}", start("OpenResponse"), end("OpenResponse"))
        };
        raw::write(&mut s, chunk(&body)).await;
        raw::write(&mut s, "0\r\n\r\n").await;
    })
    .await;
    let rows = client(&server.url());
    let error = bounded(rows.plain()).await.unwrap_err();
    assert_eq!(error.fault().map(|f| f.reason()), Some("no rows for you"), "{error:?}");
    let opaque = bounded(rows.open()).await.unwrap();
    assert_eq!(opaque.any.len(), 1);
}

#[tokio::test]
async fn a_streamed_reply_cut_or_broken_in_the_middle_fails_whole() {
    let server = RawServer::start(|mut s, n| async move {
        raw::write(&mut s, HEAD).await;
        let rows: String = (0..2_000).map(row).collect();
        raw::write(&mut s, chunk(&start("PlainResponse"))).await;
        raw::write(&mut s, chunk(&rows)).await;
        match n {
            // The connection closes before the last chunk.
            1 => drop(s),
            // The rest is not well-formed.
            2 => {
                raw::write(&mut s, chunk("<Row><Id>1</Id></Wrong>")).await;
                raw::write(&mut s, "0\r\n\r\n").await;
            }
            // It ends before the envelope does.
            _ => raw::write(&mut s, "0\r\n\r\n").await,
        }
    })
    .await;
    let rows = client(&server.url());
    let cut = bounded(rows.plain()).await.unwrap_err();
    assert!(cut.is_transport(), "{cut:?}");
    let broken = bounded(rows.plain()).await.unwrap_err();
    assert!(broken.is_reply(), "{broken:?}");
    assert!(support::report(&broken).contains("closes"), "{}", support::report(&broken));
    let short = bounded(rows.plain()).await.unwrap_err();
    assert!(short.is_reply(), "{short:?}");
}

/// A large reply with its `Content-Length` streams too; the client's reply check reads its
/// headers before any row is handed out, and refuses it as it would a small one.
#[tokio::test]
async fn a_long_reply_with_a_length_is_checked_and_streamed() {
    let server = RawServer::start(|mut s, n| async move {
        let page = if n == 1 { 7 } else { -1 };
        let rows: String = (0..10_000).map(row).collect();
        let body = format!("{}{rows}{}", start("PlainResponse"), end("PlainResponse"))
            .replace(">7</Page>", &format!(">{page}</Page>"));
        assert!(body.len() > 256 * 1024);
        raw::write(
            &mut s,
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n", body.len()),
        )
        .await;
        raw::write(&mut s, body).await;
    })
    .await;
    let client = Client::builder(server.url())
        .check_reply(|headers| match headers.get::<i32>(NS, "Page") {
            Ok(Some(page)) if page >= 0 => Ok(()),
            _ => Err(std::io::Error::other("no such page")),
        })
        .build()
        .unwrap();
    let rows = RowsClient::new(client);
    assert_eq!(bounded(rows.plain()).await.unwrap().len(), 10_000);
    let refused = bounded(rows.plain()).await.unwrap_err();
    assert_eq!(refused.kind(), soapkit::ErrorKind::Service, "{refused:?}");
}

/// A call dropped while its reply streams in (here by a timeout around it) stops reading
/// it: the server sees the connection closed long before the client's limit, rather than
/// the decoder reading an endless reply to the end for nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_call_stops_reading_its_reply() {
    static SENT: AtomicUsize = AtomicUsize::new(0);
    static CLOSED: AtomicUsize = AtomicUsize::new(0);
    let server = RawServer::start(|mut s, _| async move {
        use tokio::io::AsyncWriteExt;
        raw::write(&mut s, HEAD).await;
        raw::write(&mut s, chunk(&start("PlainResponse"))).await;
        let rows = chunk(&(0..1_000).map(row).collect::<String>());
        // An endless reply, sent as fast as the client takes it.
        while s.write_all(rows.as_bytes()).await.is_ok() {
            SENT.fetch_add(rows.len(), Ordering::SeqCst);
        }
        CLOSED.store(1, Ordering::SeqCst);
    })
    .await;
    let rows = client(&server.url());
    let call = tokio::time::timeout(Duration::from_millis(200), rows.plain()).await;
    assert!(call.is_err(), "the endless reply ended");
    bounded(async {
        while CLOSED.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    let sent = SENT.load(Ordering::SeqCst);
    assert!(sent < 16 << 20, "the decoder read {sent} bytes after the call was dropped");
}

/// A reply that stalls while it streams in ends in the client's timeout, as a whole one
/// does: the decoder's wait for the next chunk is bounded by it.
#[tokio::test]
async fn a_streamed_reply_that_stalls_times_out() {
    let server = RawServer::start(|mut s, _| async move {
        raw::write(&mut s, HEAD).await;
        raw::write(&mut s, chunk(&start("PlainResponse"))).await;
        raw::write(&mut s, chunk(&(0..100).map(row).collect::<String>())).await;
        tokio::time::sleep(Duration::from_secs(3600)).await;
    })
    .await;
    let rows = RowsClient::new(Client::builder(server.url()).timeout(Duration::from_millis(300)).build().unwrap());
    let error = bounded(rows.plain()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}
