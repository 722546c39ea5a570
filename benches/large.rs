//! Large replies over loopback: a 1.9 MB and a 9.9 MB array reply from an in-process hyper
//! server on 127.0.0.1, in interleaved rounds:
//!
//! - `reqwest`: plain reqwest posting the request and reading the body to its end, the
//!   time to read the reply at loopback speed;
//! - `soapkit`: the whole call, the reply decoded as it arrives (`Vec<Item>`), and the
//!   time from the reply's last byte (when the decoder got it) to the result;
//! - `read, then tree`: reqwest reading the body, then soapkit's tree decoding it, which
//!   is how the client read every reply before it decoded large ones as they arrive.
//!
//! And the peak of the bytes the whole process holds during one call of each, above what
//! it held before (a counting allocator over all threads: the decoder runs on a blocking
//! thread).
//!
//! Then the same replies from a server that sends them at 100 MiB/s (256 KiB every 2.5
//! ms), as a real service generating rows does: the time from the server's write of the
//! last byte to the result, for soapkit and for read-then-tree.
//!
//! Then the same arrays as requests to soapkit's server (`#[soap_service(server)]`), which
//! decodes a long request as it arrives: the time of the whole call against posting the
//! same bytes to a server that only reads them, and the peak of the bytes the process holds
//! during one call. `cargo bench --bench large`.

#[path = "support/arrays.rs"]
mod arrays;
#[path = "support/loopback.rs"]
#[allow(dead_code)]
mod loopback;

use arrays::{Item, LIST, array_reply};
use loopback::Loopback;
use serde::{Deserialize, Serialize};
use soapkit::{Client, SoapVersion, soap_operation, soap_service};
use soapkit_runtime::fuzzing::{Request, decode_reply_by_tree as decode_reply};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

/// Live and peak bytes of the whole process.
struct Peak;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn grow(bytes: isize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the
// counters are atomics, which neither allocate nor panic.
unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size() as isize);
        // SAFETY: the caller's `layout` meets `alloc`'s requirements.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        grow(-(layout.size() as isize));
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grow(new_size as isize - layout.size() as isize);
        // SAFETY: `ptr` came from `System` with `layout`; `new_size` is valid for it.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Peak = Peak;

const REQUEST: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><List xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"/></s:Body></s:Envelope>"#;

struct Round {
    read: Duration,
    call: Duration,
    tail: Duration,
    old: Duration,
}

async fn round(client: &Client, http: &reqwest::Client, url: &str, items: usize) -> Round {
    let started = Instant::now();
    let mut response = http.post(url).header("content-type", "text/xml").body(REQUEST).send().await.unwrap();
    let mut read = 0;
    while let Some(chunk) = response.chunk().await.unwrap() {
        read += chunk.len();
    }
    let read_time = started.elapsed();
    assert!(read > 0);

    let started = Instant::now();
    let list: Vec<Item> = Request::new(client, &LIST).send().await.unwrap();
    let done = Instant::now();
    let call = done - started;
    let tail = done - soapkit_runtime::fuzzing::last_body_end().expect("the reply was read as it arrived");
    assert_eq!(list.len(), items);
    drop(list);

    let started = Instant::now();
    let body = http.post(url).header("content-type", "text/xml").body(REQUEST).send().await.unwrap();
    let bytes = body.bytes().await.unwrap().to_vec();
    let list: Vec<Item> = decode_reply(&LIST, 200, bytes, SoapVersion::Soap11).unwrap();
    let old = started.elapsed();
    assert_eq!(list.len(), items);
    Round { read: read_time, call, tail, old }
}

/// The server side: the array as a request's parameter.
#[derive(Serialize, Deserialize)]
pub struct ItemList {
    #[serde(rename = "Item", default)]
    items: Vec<Item>,
}

#[soap_service(ns = "http://www.superoffice.net/ws/crm/NetServer/Services88", server)]
pub trait Uploads {
    #[soap_operation(action = "Save")]
    async fn save(&self, list: ItemList) -> soapkit::Result<usize>;
}

struct Saved;

impl Uploads for Saved {
    fn save(&self, list: ItemList) -> soapkit::Call<'_, usize> {
        soapkit::Call::ready(Ok(list.items.len()))
    }
}

/// The array reply rewritten as a `Save` request carrying the array.
fn array_request(items: usize, long: bool) -> String {
    array_reply(items, long).replacen("<ListResponse ", "<Save ", 1).replacen("<Response>", "<List>", 1).replacen(
        "</Response></ListResponse>",
        "</List></Save>",
        1,
    )
}

/// Large requests: the time of a call to soapkit's server against posting the same bytes
/// to a server that only reads them, and the peak bytes during one call.
/// `results`: the bytes each array takes decoded (the client's figures, the same arrays).
async fn requests(results: &[usize]) {
    println!(
        "
Large requests to soapkit's server (median of 21 interleaved rounds)
"
    );
    println!(
        "| request | items | post, read only | soapkit server call | / post | MiB/s | peak | / (request + result) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let serving = UploadsServer::new(Saved).max_request_size(64 << 20).bind("127.0.0.1:0").await.unwrap();
    let url = serving.url("/Uploads");
    let reader = Loopback::start(REQUEST).await;
    let read_url = reader.url("/Read");
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    for (index, (items, long)) in [(10_000, true), (100_000, false)].into_iter().enumerate() {
        let body = bytes::Bytes::from(array_request(items, long));
        let post = |url: String| {
            let request = http.post(url).header("content-type", "text/xml; charset=utf-8").body(body.clone());
            async move {
                let response = request.send().await.unwrap();
                assert_eq!(response.status(), 200);
                response.bytes().await.unwrap()
            }
        };
        let mut rounds = Vec::new();
        for round in 0..24 {
            let started = Instant::now();
            post(read_url.clone()).await;
            let read = started.elapsed();
            let started = Instant::now();
            let reply = post(url.clone()).await;
            let call = started.elapsed();
            assert!(std::str::from_utf8(&reply).unwrap().contains(&format!(">{items}<")));
            if round >= 3 {
                rounds.push((read, call));
            }
        }
        let ms = |f: &dyn Fn(&(Duration, Duration)) -> Duration| {
            median(rounds.iter().map(|r| f(r).as_secs_f64() * 1e3).collect())
        };
        let (read, call) = (ms(&|r| r.0), ms(&|r| r.1));
        let share = median(rounds.iter().map(|r| r.1.as_secs_f64() / r.0.as_secs_f64()).collect());
        let mib = body.len() as f64 / (1 << 20) as f64 / (call / 1e3);
        // The request's body is the client's already; what the call adds is the server's.
        let (peak, _) = peak_during(post(url.clone())).await;
        let result = results[index];
        println!(
            "| {} | {items} | {read:.2} ms | {call:.2} ms | {share:.2}x | {mib:.0} | {peak} | {:.2} |",
            body.len(),
            peak as f64 / (body.len() + result) as f64
        );
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The peak of live bytes during `f`, above those live before it.
async fn peak_during<T>(f: impl std::future::Future<Output = T>) -> (isize, T) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let value = f.await;
    (PEAK.load(Ordering::Relaxed) - before, value)
}

/// A server on 127.0.0.1 that answers each request with `body` sent at `rate` bytes a
/// second, and keeps when it wrote the last byte.
async fn throttled(body: &'static [u8], rate: usize) -> (String, std::sync::Arc<std::sync::Mutex<Instant>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/List", listener.local_addr().unwrap());
    let last = std::sync::Arc::new(std::sync::Mutex::new(Instant::now()));
    let kept = last.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let last = kept.clone();
            // As hyper's server does: without it, Nagle's algorithm and the client's delayed
            // acknowledgement hold the head back for 40 ms now and then.
            stream.set_nodelay(true).unwrap();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                let mut seen = Vec::new();
                loop {
                    // One request: its head, then a body of its Content-Length.
                    let head_end = loop {
                        if let Some(i) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        let Ok(n) = stream.read(&mut buf).await else { return };
                        if n == 0 {
                            return;
                        }
                        seen.extend_from_slice(&buf[..n]);
                    };
                    let head = String::from_utf8_lossy(&seen[..head_end]).to_ascii_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    while seen.len() < head_end + length {
                        let Ok(n) = stream.read(&mut buf).await else { return };
                        if n == 0 {
                            return;
                        }
                        seen.extend_from_slice(&buf[..n]);
                    }
                    seen.drain(..head_end + length);
                    let head =
                        format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n", body.len());
                    stream.write_all(head.as_bytes()).await.unwrap();
                    const CHUNK: usize = 256 * 1024;
                    let pause = Duration::from_secs_f64(CHUNK as f64 / rate as f64);
                    let started = Instant::now();
                    let chunks = body.chunks(CHUNK).count();
                    for (i, chunk) in body.chunks(CHUNK).enumerate() {
                        stream.write_all(chunk).await.unwrap();
                        if i + 1 == chunks {
                            *last.lock().unwrap() = Instant::now();
                        } else {
                            tokio::time::sleep_until((started + pause * (i as u32 + 1)).into()).await;
                        }
                    }
                }
            });
        }
    });
    (url, last)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        println!(
            "| reply | items | read (reqwest) | soapkit call | MiB/s | last byte to result | / read | read, then tree | soapkit / read, then tree |"
        );
        println!("|---|---|---|---|---|---|---|---|---|");
        let mut peaks = Vec::new();
        for (items, long) in [(10_000, true), (100_000, false)] {
            let text: &'static str = Box::leak(array_reply(items, long).into_boxed_str());
            let size = text.len();
            let server = Loopback::start(text).await;
            let url = server.url("/List");
            let client = Client::builder(&url).no_proxy().build().unwrap();
            let http = reqwest::Client::builder().no_proxy().build().unwrap();
            for _ in 0..3 {
                round(&client, &http, &url, items).await;
            }
            let rounds: Vec<Round> = {
                let mut rounds = Vec::new();
                for _ in 0..21 {
                    rounds.push(round(&client, &http, &url, items).await);
                }
                rounds
            };
            let ms = |f: &dyn Fn(&Round) -> Duration| median(rounds.iter().map(|r| f(r).as_secs_f64() * 1e3).collect());
            let (read, call, tail, old) = (ms(&|r| r.read), ms(&|r| r.call), ms(&|r| r.tail), ms(&|r| r.old));
            let tail_share = median(rounds.iter().map(|r| r.tail.as_secs_f64() / r.read.as_secs_f64()).collect());
            let against_old = median(rounds.iter().map(|r| r.call.as_secs_f64() / r.old.as_secs_f64()).collect());
            let mib = size as f64 / (1 << 20) as f64 / (call / 1e3);
            println!(
                "| {size} | {items} | {read:.2} ms | {call:.2} ms | {mib:.0} | {tail:.3} ms | {:.1}% | {old:.2} ms | {against_old:.2}x |",
                tail_share * 100.0
            );
            let (streamed, list) = peak_during(Request::new(&client, &LIST).send::<Vec<Item>>()).await;
            let list = list.unwrap();
            // The result as it is in memory: the vector's capacity (serde grows it by
            // doubling, as it cannot know the count) and each name's.
            let result = list.capacity() * std::mem::size_of::<Item>()
                + list.iter().map(|i| i.name.capacity()).sum::<usize>();
            drop(list);
            let (whole, _) = peak_during(async {
                let body = http.post(&url).body(REQUEST).send().await.unwrap().bytes().await.unwrap().to_vec();
                decode_reply::<Vec<Item>>(&LIST, 200, body, SoapVersion::Soap11).unwrap()
            })
            .await;
            peaks.push((size, result, streamed, whole));
        }
        println!(
            "\nFrom a server sending at 100 MiB/s: from its write of the last byte to the result (median of 7)\n"
        );
        println!("| reply | sending takes | soapkit | read, then tree |");
        println!("|---|---|---|---|");
        for (items, long) in [(10_000, true), (100_000, false)] {
            let text: &'static str = Box::leak(array_reply(items, long).into_boxed_str());
            let (url, last) = throttled(text.as_bytes(), 100 << 20).await;
            let client = Client::builder(&url).no_proxy().build().unwrap();
            let http = reqwest::Client::builder().no_proxy().build().unwrap();
            let (mut streamed, mut whole, mut sending) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..7 {
                let started = Instant::now();
                let list: Vec<Item> = Request::new(&client, &LIST).send().await.unwrap();
                let done = Instant::now();
                let sent = *last.lock().unwrap();
                assert_eq!(list.len(), items);
                streamed.push((done - sent).as_secs_f64() * 1e3);
                sending.push((sent - started).as_secs_f64() * 1e3);
                let body = http.post(&url).body(REQUEST).send().await.unwrap().bytes().await.unwrap().to_vec();
                let list: Vec<Item> = decode_reply(&LIST, 200, body, SoapVersion::Soap11).unwrap();
                let done = Instant::now();
                assert_eq!(list.len(), items);
                whole.push((done - *last.lock().unwrap()).as_secs_f64() * 1e3);
            }
            println!(
                "| {} | {:.1} ms | {:.2} ms | {:.2} ms |",
                text.len(),
                median(sending),
                median(streamed),
                median(whole)
            );
        }
        println!("\n| reply | result | peak, soapkit | / (reply + result) | peak, read then tree | / (reply + result) |");
        println!("|---|---|---|---|---|---|");
        for &(size, result, streamed, whole) in &peaks {
            let base = (size + result) as f64;
            println!(
                "| {size} | {result} | {streamed} | {:.2} | {whole} | {:.2} |",
                streamed as f64 / base,
                whole as f64 / base
            );
        }
        requests(&peaks.iter().map(|p| p.1).collect::<Vec<_>>()).await;
    });
}
