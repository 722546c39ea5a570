//! Round trips against an in-process hyper server on 127.0.0.1 with keep-alive, one caller
//! and 64 concurrent callers, against the transport ceiling: plain reqwest posting the same
//! pre-built envelope and reading the body. `cargo bench --bench round_trip`.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use serde::Serialize;
use soapkit::{Client, Header, soap_operation, soap_service};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::NS;
use support::server::{Canned, TestServer};

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

async fn soapkit_calls(person: &PersonClient, calls: u64) {
    for _ in 0..calls {
        let key = person
            .create(Domain::LoginCustomerCenter, 0, 123, "2025-09-19T01:40:55Z".into(), "<hello & bye>".into())
            .await
            .unwrap();
        assert_eq!(key.len(), 24);
    }
}

async fn reqwest_calls(http: &reqwest::Client, url: &str, body: &bytes::Bytes, calls: u64) {
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
    let server = runtime.block_on(TestServer::start(|_| Canned::soap11(200, REPLY)));
    let url = server.url("/Person.svc");
    let client = Client::builder(&url)
        .header(Header::new(NS, "ApplicationToken", "1234567-1234-9876").unwrap())
        .build()
        .unwrap();
    let person = Arc::new(PersonClient::new(client));
    let http = reqwest::Client::builder().build().unwrap();
    // The same envelope soapkit sends, built once.
    let body: bytes::Bytes = {
        let recorder = runtime.block_on(TestServer::start(|_| Canned::soap11(200, REPLY)));
        let client = Client::builder(recorder.url("/x"))
            .header(Header::new(NS, "ApplicationToken", "1234567-1234-9876").unwrap())
            .build()
            .unwrap();
        runtime.block_on(soapkit_calls(&PersonClient::new(client), 1));
        recorder.requests()[0].body.clone().into()
    };

    // Interleaved rounds (soapkit, reqwest, soapkit, ...), so that load from elsewhere on
    // this shared machine lands on both alike; the median per-round ratio is the figure.
    for callers in [1u64, 64] {
        let mut ratios = Vec::new();
        let calls = if callers == 1 { 500 } else { 3_000 };
        for _ in 0..11 {
            let p = person.clone();
            let ours = runtime.block_on(spread(callers, calls, move |n| {
                let p = p.clone();
                async move { soapkit_calls(&p, n).await }
            }));
            let (h, u, b) = (http.clone(), url.clone(), body.clone());
            let theirs = runtime.block_on(spread(callers, calls, move |n| {
                let (h, u, b) = (h.clone(), u.clone(), b.clone());
                async move { reqwest_calls(&h, &u, &b, n).await }
            }));
            ratios.push(theirs.as_secs_f64() / ours.as_secs_f64());
        }
        ratios.sort_by(f64::total_cmp);
        println!(
            "round trip, {callers} caller(s): soapkit/reqwest throughput, median of 11 interleaved rounds of {calls} calls: {:.3} (min {:.3}, max {:.3})",
            ratios[5], ratios[0], ratios[10]
        );
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
                    async move { reqwest_calls(&http, &url, &body, n).await }
                }))
            })
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    targets = round_trip
}
criterion_main!(benches);
