//! Requests per second a SOAP server answers for the CreateTemporaryKeyWithPayload
//! exchange, at 1 and 64 concurrent keep-alive callers, side by side in one run:
//!
//! - soapkit: `PersonServer` from the `#[soap_service(server)]` trait below;
//! - the floor: a server written by hand on the same hyper, reading the request with one
//!   quick-xml `NsReader` pass and writing the reply with `format!`;
//! - spyne and node-soap serving `interop/person.wsdl` (the interoperability suite's
//!   servers), when `interop/run` has installed them;
//! - gSOAP's server generated from the same WSDL (`interop/gsoap/bench.cpp`, a thread per
//!   keep-alive connection), when `interop/gsoap/build.sh` has built it.
//!
//! The load generator is soapkit's client, in the same process as the Rust servers. Each
//! round gives every server the same time in turn (interleaved, so the shared machine's
//! load lands on all alike); the figures are medians over the rounds. It then counts the
//! server's memory per in-flight request: 64 requests held inside the implementation at
//! once, the bytes the allocator holds for them, divided by 64.
//!
//! `cargo bench --bench server`

#[path = "support/alloc.rs"]
mod alloc;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use serde::{Deserialize, Serialize};
use soapkit::{Call, Client, Header, soap_operation, soap_service};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

/// Calls that failed (timed out), per server, reset before each measurement.
static FAILED: AtomicU64 = AtomicU64::new(0);

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub enum Domain {
    LoginCustomerCenter,
}

#[soap_service(
    server,
    ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
    action_base = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person"
)]
pub trait Person {
    #[soap_operation(action = "CreateTemporaryKeyWithPayload", result = "Response")]
    async fn create(
        &self,
        domain: Domain,
        target_id: i32,
        person_id: i32,
        expires: String,
        payload: String,
    ) -> soapkit::Result<String>;
}

/// The implementation soapkit serves; `hold` counts each call in and makes it wait until
/// released (for the memory count).
struct Keys {
    hold: Option<(Arc<AtomicU64>, Arc<tokio::sync::Barrier>)>,
}

impl Person for Keys {
    fn create(
        &self,
        domain: Domain,
        target_id: i32,
        person_id: i32,
        expires: String,
        payload: String,
    ) -> Call<'_, String> {
        let hold = self.hold.clone();
        Call::from_future(async move {
            if let Some((inside, release)) = hold {
                inside.fetch_add(1, Ordering::SeqCst);
                release.wait().await;
            }
            Ok(format!("{domain:?}|{target_id}|{person_id}|{expires}|{payload}"))
        })
    }
}

/// The floor: the same exchange by hand on hyper and quick-xml.
async fn floor<B>(request: http::Request<B>) -> Result<http::Response<Full<Bytes>>, Infallible>
where
    B: hyper::body::Body,
    B::Error: std::fmt::Debug,
{
    let body = request.into_body().collect().await.unwrap().to_bytes();
    let text = std::str::from_utf8(&body).unwrap();
    let mut reader = NsReader::from_str(text);
    let mut fields: [String; 5] = Default::default();
    let mut current = None;
    loop {
        match reader.read_resolved_event().unwrap() {
            (ResolveResult::Bound(ns), Event::Start(e)) if ns.as_ref() == NS => {
                current = ["Domain", "TargetId", "PersonId", "Expires", "Payload"]
                    .iter()
                    .position(|name| e.local_name().as_ref() == *name);
            }
            (_, Event::Text(t)) => {
                if let Some(i) = current {
                    fields[i].push_str(&t.xml10_content());
                }
            }
            (_, Event::GeneralRef(r)) => {
                if let Some(i) = current {
                    let name = r.xml10_content();
                    fields[i].push_str(quick_xml::escape::resolve_predefined_entity(&name).unwrap_or(""));
                }
            }
            (_, Event::End(_)) => current = None,
            (_, Event::Eof) => break,
            _ => {}
        }
    }
    let target: i32 = fields[1].parse().unwrap();
    let person: i32 = fields[2].parse().unwrap();
    let key = format!("{}|{target}|{person}|{}|{}", fields[0], fields[3], fields[4]);
    let reply = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><CreateTemporaryKeyWithPayloadResponse xmlns="{NS}"><Response>{}</Response></CreateTemporaryKeyWithPayloadResponse></s:Body></s:Envelope>"#,
        quick_xml::escape::escape(key.as_str())
    );
    let mut response = http::Response::new(Full::new(Bytes::from(reply)));
    response.headers_mut().insert("content-type", http::HeaderValue::from_static("text/xml; charset=utf-8"));
    Ok(response)
}

async fn serve_floor() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, hyper::service::service_fn(floor))
                    .await;
            });
        }
    });
    format!("http://{addr}/Person.svc")
}

fn client(url: &str) -> PersonClient {
    // Timeouts, so that a peer that cannot take 64 connections (spyne's single-threaded
    // server has a listen backlog of 5) costs failed calls, counted, not a stuck round.
    let client = Client::builder(url)
        .header(Header::new(NS, "ApplicationToken", "1234567-1234-9876").unwrap())
        .connect_timeout(Duration::from_secs(1))
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    PersonClient::new(client)
}

/// Calls per second `callers` concurrent callers get from `person` in `time`; failed calls
/// are counted in `FAILED` and not in the rate.
async fn rate(person: &PersonClient, callers: usize, time: Duration) -> f64 {
    let calls = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + time;
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let (person, calls) = (person.clone(), Arc::clone(&calls));
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let key = person
                        .create(
                            Domain::LoginCustomerCenter,
                            0,
                            123,
                            "2025-09-19T01:40:55Z".into(),
                            "<hello & bye>".into(),
                        )
                        .await;
                    match key {
                        Ok(key) => {
                            assert!(key.starts_with("LoginCustomerCenter|0|123|"), "{key}");
                            calls.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(_) => {
                            FAILED.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    let start = Instant::now();
    for task in tasks {
        task.await.unwrap();
    }
    calls.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

/// The third-party servers, if installed, as (name, URL, child process).
fn peers() -> Vec<(&'static str, String, std::process::Child)> {
    let mut peers = Vec::new();
    let base = 40_000 + (std::process::id() % 10_000) as u16;
    if std::path::Path::new("interop/.venv/bin/python").exists() {
        let child = std::process::Command::new("interop/.venv/bin/python")
            .args(["interop/spyne_server.py", &base.to_string(), "11"])
            .spawn()
            .unwrap();
        peers.push(("spyne", format!("http://127.0.0.1:{base}/"), child));
    }
    if std::path::Path::new("interop/node_modules/soap").exists() {
        let child = std::process::Command::new("node")
            .args(["interop/node_server.js", &(base + 1).to_string(), &(base + 2).to_string()])
            .spawn()
            .unwrap();
        peers.push(("node-soap", format!("http://127.0.0.1:{}/Person11", base + 1), child));
    }
    if std::path::Path::new("interop/gsoap/out/bench/bench").exists() {
        let child = std::process::Command::new("interop/gsoap/out/bench/bench")
            .args(["serve", &(base + 3).to_string()])
            .spawn()
            .unwrap();
        peers.push(("gSOAP", format!("http://127.0.0.1:{}/Person.svc", base + 3), child));
    }
    if peers.is_empty() {
        println!("no peer is installed (run interop/run): measuring soapkit and the floor only");
    }
    peers
}

/// Bytes the server holds per in-flight request: 64 requests handed to `Server::handle`
/// at once, all waiting inside the implementation, against the bytes live before them.
/// A current-thread runtime keeps every allocation on the thread the counter watches.
/// hyper's own per-connection buffers are not included (they are hyper's, the same for
/// the floor).
/// The request the load generator sends, for `Server::handle` without HTTP.
fn request() -> http::Request<Full<Bytes>> {
    let body = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><ApplicationToken xmlns="{NS}">1234567-1234-9876</ApplicationToken></s:Header><s:Body><CreateTemporaryKeyWithPayload xmlns="{NS}"><Domain>LoginCustomerCenter</Domain><TargetId>0</TargetId><PersonId>123</PersonId><Expires>2025-09-19T01:40:55Z</Expires><Payload>&lt;hello &amp; bye&gt;</Payload></CreateTemporaryKeyWithPayload></s:Body></s:Envelope>"#
    );
    http::Request::post("/Person.svc")
        .header("content-type", "text/xml; charset=utf-8")
        .body(Full::new(Bytes::from(body)))
        .unwrap()
}

/// `SOAPKIT_COUNT_LOOP=server/{soapkit,floor}:count` (set by `benches/instructions.py`):
/// `count` requests answered by soapkit's `Server::handle`, or by the floor's handler, on
/// a single-threaded runtime without HTTP, for callgrind to count instructions.
fn count_loop(variant: &str, count: u64) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let server = PersonServer::new(Keys { hold: None });
        for _ in 0..count {
            let response = match variant {
                "server/soapkit" => server.handle(request()).await,
                "server/floor" => floor(request()).await.unwrap(),
                _ => panic!("unknown variant {variant}"),
            };
            assert_eq!(response.status(), 200);
            std::hint::black_box(response.into_body().collect().await.unwrap().to_bytes());
        }
    });
}

fn memory_per_request() -> f64 {
    const IN_FLIGHT: usize = 64;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let (inside, release) = (Arc::new(AtomicU64::new(0)), Arc::new(tokio::sync::Barrier::new(IN_FLIGHT + 1)));
        let server = PersonServer::new(Keys { hold: Some((Arc::clone(&inside), Arc::clone(&release))) });
        let requests: Vec<_> = (0..IN_FLIGHT).map(|_| request()).collect();
        let before = alloc::live_bytes();
        let tasks: Vec<_> = requests
            .into_iter()
            .map(|request| {
                let server = server.clone();
                tokio::spawn(async move { server.handle(request).await })
            })
            .collect();
        while inside.load(Ordering::SeqCst) < IN_FLIGHT as u64 {
            tokio::task::yield_now().await;
        }
        let held = alloc::live_bytes() - before;
        release.wait().await;
        for task in tasks {
            assert_eq!(task.await.unwrap().status(), 200);
        }
        held as f64 / IN_FLIGHT as f64
    })
}

fn main() {
    if let Ok(spec) = std::env::var("SOAPKIT_COUNT_LOOP") {
        let (variant, count) = spec.rsplit_once(':').expect("variant:count");
        return count_loop(variant, count.parse().expect("a count"));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let soapkit = PersonServer::new(Keys { hold: None }).bind("127.0.0.1:0").await.unwrap();
        let mut servers = vec![("soapkit", soapkit.url("/Person.svc")), ("floor", serve_floor().await)];
        let mut children = Vec::new();
        for (name, url, child) in peers() {
            servers.push((name, url));
            children.push(child);
        }
        // Wait for the peers to listen, and warm every server up.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let clients: Vec<_> = servers.iter().map(|(name, url)| (*name, client(url))).collect();
        for (_, person) in &clients {
            rate(person, 1, Duration::from_millis(300)).await;
        }
        const ROUNDS: usize = 5;
        for callers in [1, 64] {
            let mut rates: Vec<Vec<f64>> = vec![Vec::new(); clients.len()];
            let mut failed = vec![0; clients.len()];
            for _ in 0..ROUNDS {
                for (i, (_, person)) in clients.iter().enumerate() {
                    FAILED.store(0, Ordering::Relaxed);
                    rates[i].push(rate(person, callers, Duration::from_secs(1)).await);
                    failed[i] += FAILED.load(Ordering::Relaxed);
                }
            }
            let medians: Vec<f64> = rates
                .iter_mut()
                .map(|r| {
                    r.sort_by(f64::total_cmp);
                    r[ROUNDS / 2]
                })
                .collect();
            let line: Vec<String> = clients
                .iter()
                .zip(&medians)
                .zip(&failed)
                .map(|(((name, _), rps), failed)| match failed {
                    0 => format!("{name} {rps:.0}/s"),
                    n => format!("{name} {rps:.0}/s ({n} calls failed)"),
                })
                .collect();
            println!("{callers} caller(s), median of {ROUNDS} rounds of 1 s: {}", line.join(", "));
            let ratio = |i: usize| {
                let mut r: Vec<f64> = rates[0].iter().zip(&rates[i]).map(|(a, b)| a / b).collect();
                r.sort_by(f64::total_cmp);
                r[ROUNDS / 2]
            };
            println!("    soapkit / floor (median of the rounds' ratios): {:.3}", ratio(1));
            let peers: Vec<usize> = (2..clients.len()).collect();
            if let Some(&fastest) = peers.iter().max_by(|&&a, &&b| medians[a].total_cmp(&medians[b])) {
                println!("    soapkit / {} (the faster peer): {:.1}x", clients[fastest].0, ratio(fastest));
            }
        }
        for mut child in children {
            let _ = child.kill();
        }
    });
    println!("server memory per in-flight request (request body included): {:.0} bytes", memory_per_request());
}
