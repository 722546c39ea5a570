//! Growth: encode and decode time and peak memory for array messages from 1 KB to 10 MB,
//! each reply decoded by the tree (a reply the client read whole) and by the streaming
//! decoder (a large one, as it arrives). Time per byte should stay flat (linear growth);
//! the streaming decoder's peak should be at most 1.25x the reply plus the result.
//! `cargo bench --bench growth`.

#[path = "support/alloc.rs"]
mod alloc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde::{Deserialize, Serialize};
use soapkit::{Client, SoapVersion};
use soapkit_runtime::fuzzing::{Operation, Request, decode_reply_by_tree as decode_reply, decode_reply_streaming};
use std::hint::black_box;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Item {
    id: i32,
    name: String,
    active: bool,
}

#[derive(Serialize)]
struct Items<'a> {
    #[serde(rename = "Item")]
    items: &'a [Item],
}

static SAVE: Operation = Operation::example("Save", NS, "SaveResponse");

fn items(n: usize) -> Vec<Item> {
    (0..n)
        .map(|i| Item { id: i as i32, name: format!("Person number {i} with a longer name"), active: i % 2 == 0 })
        .collect()
}

fn reply(items: &[Item]) -> Vec<u8> {
    let mut body = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><SaveResponse xmlns="{NS}"><Response>"#
    );
    for item in items {
        body.push_str(&format!(
            "<Item><Id>{}</Id><Name>{}</Name><Active>{}</Active></Item>",
            item.id, item.name, item.active
        ));
    }
    body.push_str("</Response></SaveResponse></s:Body></s:Envelope>");
    body.into_bytes()
}

fn growth(c: &mut Criterion) {
    let client = Client::builder("http://127.0.0.1:9/x").build().unwrap();
    let mut encode = c.benchmark_group("growth_encode");
    let mut rows = Vec::new();
    for count in [10usize, 100, 1_000, 10_000, 100_000] {
        let list = items(count);
        let body = reply(&list);
        let size = body.len();
        let (encode_peak, request) = alloc::peak_bytes(|| {
            Request::new(&client, &SAVE).param("Items", &Items { items: &list }).encode().unwrap()
        });
        // The body is the decoder's input, allocated before it runs: the peak counts what
        // decoding adds on top of the reply it was given.
        let input = body.clone();
        let (decode_peak, decoded) =
            alloc::peak_bytes(move || decode_reply::<Vec<Item>>(&SAVE, 200, input, SoapVersion::Soap11).unwrap());
        assert_eq!(decoded, list);
        let input = body.clone();
        let (stream_peak, decoded) = alloc::peak_bytes(move || {
            decode_reply_streaming::<Vec<Item>>(&SAVE, 200, input, SoapVersion::Soap11).unwrap()
        });
        assert_eq!(decoded, list);
        // The result as it is in memory: the vector's capacity (serde grows it by doubling,
        // not knowing the count) and each name's.
        let result_bytes =
            decoded.capacity() * std::mem::size_of::<Item>() + decoded.iter().map(|i| i.name.capacity()).sum::<usize>();
        rows.push((size, request.len(), encode_peak, decode_peak, stream_peak, result_bytes));
        encode.throughput(Throughput::Bytes(request.len() as u64));
        encode.bench_with_input(BenchmarkId::from_parameter(request.len()), &list, |b, list| {
            b.iter(|| Request::new(&client, &SAVE).param("Items", &Items { items: black_box(list) }).encode().unwrap())
        });
    }
    encode.finish();
    let mut decode = c.benchmark_group("growth_decode");
    for count in [10usize, 100, 1_000, 10_000, 100_000] {
        let body = reply(&items(count));
        decode.throughput(Throughput::Bytes(body.len() as u64));
        decode.bench_with_input(BenchmarkId::new("tree", body.len()), &body, |b, body| {
            b.iter_batched(
                || body.clone(),
                |body| decode_reply::<Vec<Item>>(&SAVE, 200, body, SoapVersion::Soap11).unwrap(),
                criterion::BatchSize::LargeInput,
            )
        });
        decode.bench_with_input(BenchmarkId::new("streaming", body.len()), &body, |b, body| {
            b.iter_batched(
                || body.clone(),
                |body| decode_reply_streaming::<Vec<Item>>(&SAVE, 200, body, SoapVersion::Soap11).unwrap(),
                criterion::BatchSize::LargeInput,
            )
        });
    }
    decode.finish();
    println!(
        "reply bytes | request bytes | encode peak | result bytes | tree: decode peak above the reply | (reply + peak) / (reply + result) | streaming: decode peak above the reply | (reply + peak) / (reply + result)"
    );
    for (reply, request, encode_peak, decode_peak, stream_peak, result) in rows {
        let ratio = |peak: u64| (reply as u64 + peak) as f64 / (reply + result) as f64;
        println!(
            "{reply} | {request} | {encode_peak} | {result} | {decode_peak} | {:.2} | {stream_peak} | {:.2}",
            ratio(decode_peak),
            ratio(stream_peak)
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = growth
}
criterion_main!(benches);
