//! The server reads requests as they stream: a long request (or one sent chunked, of
//! unknown length) is decoded while its bytes arrive, every body parameter in one pass
//! over the tokens; the limits and timeouts hold while it streams; and whatever the stream
//! does not read to the end is answered in the words of a request read whole.
//!
//! Requests are written by hand on a raw TCP connection to a server on 127.0.0.1, so the
//! test decides when each part of the body is sent.

use serde::{Deserialize, Serialize};
use soapkit::server::Serving;
use soapkit::{soap_operation, soap_service};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Rows numbered from [`COUNTED`] counted as the server decodes them, so a test can see
/// decoding happen (only one test sends such rows, so the others cannot move the count).
static DECODED: AtomicUsize = AtomicUsize::new(0);
const COUNTED: i32 = 1_000_000;

#[derive(Debug, PartialEq)]
pub struct Row(i32);

impl Serialize for Row {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Row {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = i32::deserialize(d)?;
        if id >= COUNTED {
            DECODED.fetch_add(1, Ordering::SeqCst);
        }
        Ok(Row(id))
    }
}

#[soap_service(ns = "urn:uploads", server)]
pub trait Uploads {
    /// Answers with what it was given, as text.
    #[soap_operation(action = "Store")]
    async fn store(
        &self,
        rows: Vec<Row>,
        tag: String,
        note: Option<String>,
        #[soap(rename = "Ids/Id")] ids: Vec<i64>,
    ) -> soapkit::Result<String>;

    #[soap_operation(action = "Count", bare)]
    async fn count(&self, count: Counted) -> soapkit::Result<usize>;
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Counted {
    #[serde(rename = "Row", default)]
    rows: Vec<i32>,
}

struct Store;

impl Uploads for Store {
    fn store(&self, rows: Vec<Row>, tag: String, note: Option<String>, ids: Vec<i64>) -> soapkit::Call<'_, String> {
        let first = rows.first().map(|r| r.0);
        soapkit::Call::ready(Ok(format!("{} rows from {first:?}, tag {tag}, note {note:?}, ids {ids:?}", rows.len())))
    }

    fn count(&self, count: Counted) -> soapkit::Call<'_, usize> {
        soapkit::Call::ready(Ok(count.rows.len()))
    }
}

async fn serve() -> Serving {
    UploadsServer::new(Store)
        .max_request_size(1024 * 1024)
        .read_timeout(Duration::from_millis(500))
        .bind("127.0.0.1:0")
        .await
        .unwrap()
}

const ENVELOPE: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>"#;
const END: &str = "</s:Body></s:Envelope>";

fn rows(from: i32, to: i32) -> String {
    (from..to).map(|i| format!("<Rows>{i}</Rows>")).collect()
}

fn chunk(text: &str) -> String {
    format!("{:x}\r\n{text}\r\n", text.len())
}

/// Connects and writes a chunked request's head.
async fn chunked(serving: &Serving) -> TcpStream {
    let mut stream = TcpStream::connect(serving.local_addr()).await.unwrap();
    let head = "POST / HTTP/1.1\r\nHost: test\r\nContent-Type: text/xml; charset=utf-8\r\n\
                Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

/// Sends a whole request with a `Content-Length`.
async fn post(serving: &Serving, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(serving.local_addr()).await.unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: test\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    response(stream).await
}

/// The response's status and body (bounded: a server that never answers fails the test).
async fn response(mut stream: TcpStream) -> (u16, String) {
    let mut text = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut text))
        .await
        .expect("the server answers")
        .unwrap();
    let text = String::from_utf8_lossy(&text).replace("&lt;", "<").replace("&gt;", ">");
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parameters_are_decoded_while_the_rest_of_the_request_is_on_its_way() {
    let serving = serve().await;
    let mut stream = chunked(&serving).await;
    let first = format!(r#"{ENVELOPE}<Store xmlns="urn:uploads"><Tag>t</Tag>{}"#, rows(COUNTED, COUNTED + 500));
    stream.write_all(chunk(&first).as_bytes()).await.unwrap();
    // The second half goes only once the server has decoded rows of the first: a server
    // that read the whole body before decoding would wait here forever.
    let waited = tokio::time::timeout(Duration::from_secs(20), async {
        while DECODED.load(Ordering::SeqCst) < 100 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(waited.is_ok(), "no row was decoded before the request's end arrived");
    let rest = format!("{}<Ids><Id>7</Id><Id>8</Id></Ids></Store>{END}", rows(COUNTED + 500, COUNTED + 1000));
    stream.write_all(chunk(&rest).as_bytes()).await.unwrap();
    stream.write_all(b"0\r\n\r\n").await.unwrap();
    let (status, text) = response(stream).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("1000 rows from Some(1000000), tag t, note None, ids [7, 8]"), "{text}");
}

#[tokio::test]
async fn parameters_read_as_the_tree_reads_them() {
    let serving = serve().await;
    // The first run of a name counts; a later one is read past; an absent Option is
    // None; a wrapped array is read from its element's children; unknown elements and
    // attributes are read past.
    let body = format!(
        r#"{ENVELOPE}<u:Store xmlns:u="urn:uploads" u:x="1"><Rows>1</Rows><Rows>2</Rows><Tag>a</Tag><Other><Rows>9</Rows></Other><Rows>3</Rows><Ids><Id>5</Id></Ids><Tag>b</Tag></u:Store>{END}"#
    );
    let (status, text) = post(&serving, &body).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("2 rows from Some(1), tag a, note None, ids [5]"), "{text}");
    // A bare operation's parameter is the body element itself.
    let body = format!(r#"{ENVELOPE}<Count xmlns="urn:uploads"><Row>1</Row><Row>2</Row><Row>3</Row></Count>{END}"#);
    let (status, text) = post(&serving, &body).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains(">3</CountResult>"), "{text}");
}

#[tokio::test]
async fn what_the_stream_does_not_finish_is_refused_in_the_words_of_a_whole_request() {
    let serving = serve().await;
    let long = rows(0, 30_000); // over 256 KiB: read as it arrives
    let cases = [
        (
            "a missing parameter",
            format!(r#"{ENVELOPE}<Store xmlns="urn:uploads">{long}</Store>{END}"#),
            "missing element <Tag>",
        ),
        (
            "a parameter that does not decode",
            format!(r#"{ENVELOPE}<Store xmlns="urn:uploads"><Tag>t</Tag>{long}<Rows>x</Rows></Store>{END}"#),
            "parameter `Rows` of Store does not decode",
        ),
        (
            "XML broken after the parameters",
            format!(r#"{ENVELOPE}<Store xmlns="urn:uploads"><Tag>t</Tag>{long}</Store></s:Bdy></s:Envelope>"#),
            "the request is not a SOAP envelope: not well-formed XML",
        ),
        (
            "an unknown operation whose XML breaks later",
            format!(r#"{ENVELOPE}<Unknown xmlns="urn:uploads">{long}</Unknown>{END}<second/>"#),
            "not well-formed XML",
        ),
    ];
    for (case, body, expected) in cases {
        assert!(body.len() > 256 * 1024);
        let (status, text) = post(&serving, &body).await;
        assert_eq!(status, 500, "{case}: {text}");
        assert!(text.contains(expected), "{case}: {expected:?} not in {text}");
    }
}

#[tokio::test]
async fn the_size_limit_and_read_timeout_hold_while_a_request_streams() {
    let serving = serve().await;
    // Over the limit, sent chunked: refused once the limit is passed.
    let mut stream = chunked(&serving).await;
    stream.write_all(chunk(&format!(r#"{ENVELOPE}<Store xmlns="urn:uploads"><Tag>t</Tag>"#)).as_bytes()).await.unwrap();
    let mut sent = 0;
    while sent <= 1024 * 1024 {
        let part = rows(0, 2_000);
        sent += part.len();
        if stream.write_all(chunk(&part).as_bytes()).await.is_err() {
            break;
        }
    }
    let (status, text) = response(stream).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("larger than the server's limit"), "{text}");

    // A body that stops coming: HTTP 408 once the read timeout has passed.
    let mut stream = chunked(&serving).await;
    let first = format!(r#"{ENVELOPE}<Store xmlns="urn:uploads"><Tag>t</Tag>{}"#, rows(0, 100));
    stream.write_all(chunk(&first).as_bytes()).await.unwrap();
    let (status, text) = response(stream).await;
    assert_eq!(status, 408, "{text}");

    // Chunked framing that is not HTTP: the body could not be read.
    let mut stream = chunked(&serving).await;
    stream.write_all(chunk(&first).as_bytes()).await.unwrap();
    stream.write_all(b"zz\r\nnot a chunk\r\n").await.unwrap();
    let (status, text) = response(stream).await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("could not be read"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_streaming_limit_a_long_request_is_read_whole_first() {
    let serving = UploadsServer::new(Store)
        .max_streaming_requests(1)
        .read_timeout(Duration::from_secs(60))
        .bind("127.0.0.1:0")
        .await
        .unwrap();
    // A slow client holds the one permit: its request streams, half sent.
    let mut slow = chunked(&serving).await;
    let first = format!(r#"{ENVELOPE}<Store xmlns="urn:uploads"><Tag>slow</Tag>{}"#, rows(0, 100));
    slow.write_all(chunk(&first).as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Another long request is still served (read whole, then decoded), while the slow one
    // waits for its second half.
    let body = format!(r#"{ENVELOPE}<Store xmlns="urn:uploads"><Tag>t</Tag>{}</Store>{END}"#, rows(0, 30_000));
    assert!(body.len() > 256 * 1024);
    let (status, text) = post(&serving, &body).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("30000 rows from Some(0), tag t"), "{text}");
    let mut byte = [0u8; 1];
    let pending = tokio::time::timeout(Duration::from_millis(50), slow.read(&mut byte)).await;
    assert!(pending.is_err(), "the slow request was answered before its end");
    // And the slow one is served once its end arrives.
    let rest = format!("{}</Store>{END}", rows(100, 200));
    slow.write_all(chunk(&rest).as_bytes()).await.unwrap();
    slow.write_all(b"0\r\n\r\n").await.unwrap();
    let (status, text) = response(slow).await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("200 rows from Some(0), tag slow"), "{text}");
}
