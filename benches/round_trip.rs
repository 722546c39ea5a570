//! Round trips against an in-process hyper server on 127.0.0.1 with keep-alive, one caller
//! and 64 concurrent callers, against the transport ceiling: plain reqwest posting the same
//! pre-built envelope and reading the body; and against the floor of a hand-written client:
//! the same plus the hand-written quick-xml decode of the reply.
//! `cargo bench --bench round_trip`.

#[path = "support/floor.rs"]
mod floor;
#[path = "support/loopback.rs"]
mod loopback;

use criterion::{Criterion, criterion_group};
use loopback::Loopback;
use serde::Serialize;
use soapkit::{Client, Header, soap_operation, soap_service};
use std::sync::Arc;
use std::time::{Duration, Instant};

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize)]
pub enum Domain {
    LoginCustomerCenter,
}

#[soap_service(
    ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
    action_base = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person"
)]
pub trait Person {
    #[soap_operation(action = "CreateTemporaryKeyWithPayload")]
    async fn create(
        &self,
        domain: Domain,
        target_id: i32,
        person_id: i32,
        expires: String,
        payload: String,
    ) -> soapkit::Result<String>;
}

const REPLY: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:Succeeded xmlns:h="http://www.superoffice.net/ws/crm/NetServer/Services88">true</h:Succeeded></s:Header><s:Body><CreateTemporaryKeyWithPayloadResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"><Response>YmFzZTY0a2V5Zm9yYXVybA==</Response></CreateTemporaryKeyWithPayloadResponse></s:Body></s:Envelope>"#;

/// The client every soapkit variant calls through: the endpoint and the client header.
fn person_client(url: &str) -> PersonClient {
    person_client_with(url, |b| b)
}

/// [`person_client`] with more of the builder: a layer, no timeout.
fn person_client_with(
    url: &str,
    configure: impl FnOnce(soapkit::ClientBuilder) -> soapkit::ClientBuilder,
) -> PersonClient {
    let builder = Client::builder(url).header(Header::new(NS, "ApplicationToken", "1234567-1234-9876").unwrap());
    PersonClient::new(configure(builder).build().unwrap())
}

/// The client of a `round_trip/soapkit+…` variant: one setting or layer more than the
/// plain client, to count what it costs.
fn variant_client(url: &str, variant: &str) -> Option<PersonClient> {
    use soapkit::layers::{History, Hooks, RefreshingCredentials, Retry};
    Some(match variant {
        "round_trip/soapkit+no_timeout" => person_client_with(url, |b| b.no_timeout()),
        "round_trip/soapkit+retry" => person_client_with(url, |b| b.layer(Retry::new().idempotent(|_| true))),
        "round_trip/soapkit+history" => person_client_with(url, |b| b.layer(History::new(16))),
        "round_trip/soapkit+hooks" => {
            person_client_with(url, |b| b.layer(Hooks::new().on_request(|_| {}).on_response(|_| {})))
        }
        "round_trip/soapkit+basic" => {
            person_client_with(url, |b| b.layer(soapkit::auth::HttpAuth::basic("alice", "s3cret").unwrap()))
        }
        "round_trip/soapkit+refresh" => {
            person_client_with(url, |b| b.layer(RefreshingCredentials::bearer(|| async { Ok("token".to_owned()) })))
        }
        _ => return None,
    })
}

async fn soapkit_calls(person: &PersonClient, calls: u64) {
    for _ in 0..calls {
        let key = person
            .create(Domain::LoginCustomerCenter, 0, 123, "2025-09-19T01:40:55Z".into(), "<hello & bye>".into())
            .await
            .unwrap();
        assert_eq!(key.len(), 24);
    }
}

/// The baselines: plain reqwest reading the body bytes, and (`decode`) also reading them
/// with the hand-written decoder, as a client without soapkit would.
async fn reqwest_calls(http: &reqwest::Client, url: &str, body: &bytes::Bytes, calls: u64, decode: bool) {
    for _ in 0..calls {
        let reply = http
            .post(url)
            .header("content-type", "text/xml; charset=utf-8")
            .header(
                "SOAPAction",
                "\"http://www.superoffice.net/ws/crm/NetServer/Services88/Person/CreateTemporaryKeyWithPayload\"",
            )
            .body(body.clone())
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert!(reply.len() > 100);
        if decode {
            assert_eq!(floor::decode_services88_by_hand(&reply).key.len(), 24);
        }
    }
}

/// Runs `calls` calls split over `callers` tasks; returns the elapsed time.
async fn spread<F, Fut>(callers: u64, calls: u64, one: F) -> Duration
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let start = Instant::now();
    let tasks: Vec<_> =
        (0..callers).map(|i| tokio::spawn(one(calls / callers + u64::from(i < calls % callers)))).collect();
    for task in tasks {
        task.await.unwrap();
    }
    start.elapsed()
}

fn round_trip(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let server = runtime.block_on(Loopback::start(REPLY));
    let url = server.url("/Person.svc");
    let person = Arc::new(person_client(&url));
    let http = reqwest::Client::builder().build().unwrap();
    // The same envelope soapkit sends, built once.
    let body: bytes::Bytes = {
        let recorder = runtime.block_on(Loopback::start(REPLY));
        runtime.block_on(soapkit_calls(&person_client(&recorder.url("/x")), 1));
        recorder.first_body()
    };

    // Interleaved rounds (soapkit, reqwest, reqwest + decode, soapkit, ...), so that load
    // from elsewhere on this shared machine lands on all alike; the median per-round ratio
    // is the figure.
    for callers in [1u64, 64] {
        let (mut to_reqwest, mut to_floor) = (Vec::new(), Vec::new());
        let calls = if callers == 1 { 1_000 } else { 3_000 };
        for _ in 0..ROUNDS {
            let p = person.clone();
            let ours = runtime.block_on(spread(callers, calls, move |n| {
                let p = p.clone();
                async move { soapkit_calls(&p, n).await }
            }));
            let [plain, floor] = [false, true].map(|decode| {
                let (h, u, b) = (http.clone(), url.clone(), body.clone());
                runtime.block_on(spread(callers, calls, move |n| {
                    let (h, u, b) = (h.clone(), u.clone(), b.clone());
                    async move { reqwest_calls(&h, &u, &b, n, decode).await }
                }))
            });
            to_reqwest.push(plain.as_secs_f64() / ours.as_secs_f64());
            to_floor.push(floor.as_secs_f64() / ours.as_secs_f64());
        }
        for (against, ratios) in [("reqwest", &mut to_reqwest), ("reqwest + hand-written decode", &mut to_floor)] {
            ratios.sort_by(f64::total_cmp);
            println!(
                "round trip, {callers} caller(s): soapkit / {against} throughput, median of {ROUNDS} interleaved rounds of {calls} calls: {:.3} (quartiles {:.3}..{:.3})",
                ratios[ROUNDS / 2],
                ratios[ROUNDS / 4],
                ratios[3 * ROUNDS / 4]
            );
        }
    }

    for callers in [1u64, 64] {
        let mut group = c.benchmark_group(format!("round_trip_{callers}_callers"));
        group.throughput(criterion::Throughput::Elements(1));
        group.bench_function("soapkit", |b| {
            b.iter_custom(|calls| {
                let person = person.clone();
                runtime.block_on(spread(callers, calls, move |n| {
                    let person = person.clone();
                    async move { soapkit_calls(&person, n).await }
                }))
            })
        });
        group.bench_function("reqwest", |b| {
            b.iter_custom(|calls| {
                let (http, url, body) = (http.clone(), url.clone(), body.clone());
                runtime.block_on(spread(callers, calls, move |n| {
                    let (http, url, body) = (http.clone(), url.clone(), body.clone());
                    async move { reqwest_calls(&http, &url, &body, n, false).await }
                }))
            })
        });
        group.finish();
    }
}

const ROUNDS: usize = 21;

/// `SOAPKIT_COUNT_LOOP=variant:count` (set by `benches/instructions.py`): `count` sequential
/// calls of one variant on a single-threaded runtime, client and server in this process, for
/// callgrind to count instructions, which repeat where wall-clock times do not.
fn count_loop(variant: &str, count: u64) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let server = Loopback::start(REPLY).await;
        let url = server.url("/Person.svc");
        let person = person_client(&url);
        let http = reqwest::Client::builder().build().unwrap();
        // Warm: the connection is open before counting starts in every variant.
        soapkit_calls(&person, 1).await;
        let body: bytes::Bytes = server.first_body();
        reqwest_calls(&http, &url, &body, 1, true).await;
        if let Some(layered) = variant_client(&url, variant) {
            soapkit_calls(&layered, 1).await;
            return soapkit_calls(&layered, count).await;
        }
        match variant {
            "round_trip/soapkit" => soapkit_calls(&person, count).await,
            "round_trip/reqwest" => reqwest_calls(&http, &url, &body, count, false).await,
            "round_trip/reqwest+floor" => reqwest_calls(&http, &url, &body, count, true).await,
            _ => panic!("unknown variant {variant}"),
        }
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    targets = round_trip
}
/// `SOAPKIT_SERVE=1` (set by `benches/zeep_compare.py`): serves the reply on 127.0.0.1,
/// prints the URL and runs until stdin closes, so that zeep and soapkit can be timed
/// against this same server.
fn serve() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let server = runtime.block_on(Loopback::start(REPLY));
    println!("{}", server.url("/Person11"));
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new()).unwrap();
}

/// `SOAPKIT_CALLS=url` (set by `benches/zeep_compare.py`): sequential soapkit calls to `url`
/// for three seconds; prints the calls per second.
fn timed_calls(url: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let person = person_client(url);
    runtime.block_on(soapkit_calls(&person, 100));
    let (start, mut calls) = (Instant::now(), 0u64);
    while start.elapsed() < Duration::from_secs(3) {
        runtime.block_on(soapkit_calls(&person, 100));
        calls += 100;
    }
    println!("{:.0}", calls as f64 / start.elapsed().as_secs_f64());
}

fn main() {
    if let Ok(spec) = std::env::var("SOAPKIT_COUNT_LOOP") {
        let (variant, count) = spec.rsplit_once(':').expect("variant:count");
        count_loop(variant, count.parse().expect("a count"));
        return;
    }
    if std::env::var_os("SOAPKIT_SERVE").is_some() {
        return serve();
    }
    if let Ok(url) = std::env::var("SOAPKIT_CALLS") {
        return timed_calls(&url);
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
