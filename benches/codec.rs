//! Encode and decode against the floor: hand-written quick-xml code that produces the same
//! bytes (encode) or the same Rust values (decode), measured in the same run; plus exact
//! allocation counts per operation. `cargo bench --bench codec`; the figures are in
//! BENCHMARKS.md.

#[path = "support/alloc.rs"]
mod alloc;
#[path = "support/arrays.rs"]
mod arrays;
#[path = "support/floor.rs"]
mod floor;

use arrays::{Item, LIST, array_reply};
use floor::KeyReply;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use quick_xml::events::{BytesText, Event};
use quick_xml::reader::NsReader;
use quick_xml::writer::Writer;
use serde::{Deserialize, Serialize};
use soapkit::{Client, Header, Reply, SoapVersion};
use soapkit_runtime::fuzzing::{Operation, Request};
use std::hint::black_box;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
const S11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const S12: &str = "http://www.w3.org/2003/05/soap-envelope";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const TOKEN: &str = "1234567-1234-9876";
const TICKET: &str = "7T:1234abcxyzExample==";
const EXPIRES: &str = "2025-09-19T01:40:55Z";
const PAYLOAD: &str = "<hello & bye>";

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Credentials<'a> {
    ticket: &'a str,
}

#[derive(Clone, Copy, Serialize)]
enum Domain {
    LoginCustomerCenter,
}

static CREATE: Operation =
    Operation::example("CreateTemporaryKeyWithPayload", NS, "CreateTemporaryKeyWithPayloadResponse");

fn client() -> Client {
    Client::builder("http://127.0.0.1:9/Person.svc")
        .header(Header::new(NS, "ApplicationToken", TOKEN).unwrap())
        .header(Header::new(NS, "Credentials", &Credentials { ticket: TICKET }).unwrap())
        .build()
        .unwrap()
}

fn encode_soapkit(client: &Client) -> Vec<u8> {
    Request::new(client, &CREATE)
        .param("Domain", &Domain::LoginCustomerCenter)
        .param("TargetId", &0i32)
        .param("PersonId", &123i32)
        .param("Expires", EXPIRES)
        .param("Payload", PAYLOAD)
        .encode()
        .unwrap()
}

/// The client of [`client`] with WS-Security or WS-Addressing, for what each costs per
/// request (`benches/instructions.py security`).
fn secured_client(variant: &str) -> Client {
    use soapkit_runtime::wsa::WsAddressing;
    use soapkit_runtime::wsse::{PasswordType, WsSecurity};
    let builder = Client::builder("http://127.0.0.1:9/Person.svc")
        .header(Header::new(NS, "ApplicationToken", TOKEN).unwrap())
        .header(Header::new(NS, "Credentials", &Credentials { ticket: TICKET }).unwrap());
    let token = |kind| WsSecurity::new().username_token("SYSTEM", "s3cret-Passw0rd", kind);
    match variant {
        "plain" => builder,
        "wsse_text" => builder.ws_security(token(PasswordType::Text)),
        "wsse_digest" => builder.ws_security(token(PasswordType::Digest)),
        "wsse_digest_timestamp" => {
            builder.ws_security(token(PasswordType::Digest).timestamp(std::time::Duration::from_secs(300)))
        }
        "wsa" => builder.ws_addressing(WsAddressing::new()),
        "wsse_signed" => {
            let signer = soapkit_runtime::wsse::Signer::from_pem(
                include_str!("../tests/data/x509/client.key"),
                include_str!("../tests/data/x509/client.pem"),
            )
            .unwrap();
            builder.ws_security(WsSecurity::new().timestamp(std::time::Duration::from_secs(300)).sign_with(signer))
        }
        _ => panic!("unknown variant {variant}"),
    }
    .build()
    .unwrap()
}

/// The floor: quick-xml's writer, by hand, the same bytes.
fn encode_by_hand() -> Vec<u8> {
    let mut w = Writer::new(Vec::with_capacity(1024));
    w.create_element("s:Envelope")
        .with_attribute(("xmlns:s", S11))
        .write_inner_content(|w| {
            w.create_element("s:Header").write_inner_content(|w| {
                w.create_element("ApplicationToken")
                    .with_attribute(("xmlns", NS))
                    .write_text_content(BytesText::new(TOKEN))?;
                w.create_element("Credentials").with_attribute(("xmlns", NS)).write_inner_content(|w| {
                    w.create_element("Ticket").write_text_content(BytesText::new(TICKET))?;
                    Ok(())
                })?;
                Ok(())
            })?;
            w.create_element("s:Body").write_inner_content(|w| {
                w.create_element("CreateTemporaryKeyWithPayload").with_attribute(("xmlns", NS)).write_inner_content(
                    |w| {
                        let mut n = itoa::Buffer::new();
                        w.create_element("Domain").write_text_content(BytesText::new("LoginCustomerCenter"))?;
                        w.create_element("TargetId").write_text_content(BytesText::new(n.format(0)))?;
                        w.create_element("PersonId").write_text_content(BytesText::new(n.format(123)))?;
                        w.create_element("Expires").write_text_content(BytesText::new(EXPIRES))?;
                        w.create_element("Payload").write_text_content(BytesText::new(PAYLOAD))?;
                        Ok(())
                    },
                )?;
                Ok(())
            })?;
            Ok(())
        })
        .unwrap();
    w.into_inner()
}

/// How the decode cases decode: as the client does (0), by the tree alone (1, the
/// `…/tree` variants of `count_loop`) or by the streaming decoder alone (2, `…/stream`),
/// so that both decoders are counted in the same run.
static DECODER: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

fn decode_reply<T: soapkit_runtime::FromReply>(
    op: &Operation,
    status: u16,
    body: Vec<u8>,
    version: SoapVersion,
) -> soapkit::Result<T> {
    use soapkit_runtime::fuzzing::{decode_reply, decode_reply_by_tree, decode_reply_streaming};
    match DECODER.load(std::sync::atomic::Ordering::Relaxed) {
        1 => decode_reply_by_tree(op, status, body, version),
        2 => decode_reply_streaming(op, status, body, version),
        _ => decode_reply(op, status, body, version),
    }
}

fn services88_reply() -> String {
    format!(
        r#"<s:Envelope xmlns:s="{S11}"><s:Header><h:ExceptionInfo i:nil="true" xmlns:h="{NS}" xmlns:i="{XSI}"/><h:ExtraInfo i:nil="true" xmlns:h="{NS}" xmlns:i="{XSI}"/><h:Succeeded xmlns:h="{NS}">true</h:Succeeded><h:TimeZone i:nil="true" xmlns:h="{NS}" xmlns:i="{XSI}"/></s:Header><s:Body><CreateTemporaryKeyWithPayloadResponse xmlns="{NS}"><Response>YmFzZTY0a2V5Zm9yYXVybA==</Response></CreateTemporaryKeyWithPayloadResponse></s:Body></s:Envelope>"#
    )
}

fn decode_services88_soapkit(body: Vec<u8>) -> KeyReply {
    let reply: Reply<String> = decode_reply(&CREATE, 200, body, SoapVersion::Soap11).unwrap();
    let succeeded = reply.headers().get::<bool>(NS, "Succeeded").unwrap().unwrap_or(false);
    KeyReply { key: reply.into_value(), succeeded }
}

// The 10,000-item array reply (about 2 MB, `Vec<Item>` of three members each) and its
// operation: `support/arrays.rs`, shared with the large-reply bench.

fn decode_array_soapkit(body: Vec<u8>) -> Vec<Item> {
    decode_reply(&LIST, 200, body, SoapVersion::Soap11).unwrap()
}

fn decode_array_by_hand(body: &[u8]) -> Vec<Item> {
    let text = std::str::from_utf8(body).unwrap();
    let mut reader = NsReader::from_str(text);
    let mut items = Vec::new();
    let (mut id, mut name, mut active, mut field) = (0, String::new(), false, 0u8);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                field = match e.local_name().as_ref() {
                    "Id" => 1,
                    "Name" => 2,
                    "Active" => 3,
                    _ => 0,
                }
            }
            Event::Text(t) => match field {
                1 => id = t.xml10_content().trim().parse().unwrap(),
                2 => name = t.xml10_content().into_owned(),
                3 => active = t.xml10_content().trim() == "true",
                _ => {}
            },
            Event::End(e) => {
                if e.local_name().as_ref() == "Item" {
                    items.push(Item { id, name: std::mem::take(&mut name), active });
                }
                field = 0;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    items
}

/// A SOAP 1.2 fault with a detail.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FaultDetail {
    message: String,
    error_code: i32,
}

fn fault_reply() -> String {
    format!(
        r#"<env:Envelope xmlns:env="{S12}" xmlns:so="{NS}"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>so:InvalidTicket</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">Invalid ticket</env:Text></env:Reason><env:Detail><so:SoapFaultDetail><so:Message>ticket expired</so:Message><so:ErrorCode>42</so:ErrorCode></so:SoapFaultDetail></env:Detail></env:Fault></env:Body></env:Envelope>"#
    )
}

fn decode_fault_soapkit(body: Vec<u8>) -> (String, FaultDetail) {
    let error = decode_reply::<String>(&CREATE, 500, body, SoapVersion::Soap12).unwrap_err();
    let fault = error.fault().unwrap();
    (fault.reason().to_owned(), fault.detail().unwrap().unwrap())
}

fn decode_fault_by_hand(body: &[u8]) -> (String, FaultDetail) {
    let text = std::str::from_utf8(body).unwrap();
    let mut reader = NsReader::from_str(text);
    let (mut reason, mut message, mut code, mut field) = (String::new(), String::new(), 0, 0u8);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                field = match e.local_name().as_ref() {
                    "Text" => 1,
                    "Message" => 2,
                    "ErrorCode" => 3,
                    _ => 0,
                }
            }
            Event::Text(t) => match field {
                1 => reason = t.xml10_content().into_owned(),
                2 => message = t.xml10_content().into_owned(),
                3 => code = t.xml10_content().trim().parse().unwrap(),
                _ => {}
            },
            Event::End(_) => field = 0,
            Event::Eof => break,
            _ => {}
        }
    }
    (reason, FaultDetail { message, error_code: code })
}

/// A PersonEntity-like reply of about 50 members: 36 scalars (strings, ints, bools,
/// doubles, nils), a nested address of 5, 3 e-mail elements, 5 WCF array items.
#[derive(Debug, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Entity {
    person_id: i32,
    #[serde(default)]
    texts: Vec<String>,
    s0: String,
    s1: String,
    s2: String,
    s3: String,
    s4: String,
    s5: String,
    s6: String,
    s7: String,
    s8: String,
    s9: String,
    n0: i32,
    n1: i32,
    n2: i32,
    n3: i32,
    n4: i32,
    n5: i32,
    n6: i32,
    n7: i32,
    n8: i32,
    n9: i32,
    b0: bool,
    b1: bool,
    b2: bool,
    b3: bool,
    b4: bool,
    d0: f64,
    d1: f64,
    d2: f64,
    d3: f64,
    d4: f64,
    o0: Option<String>,
    o1: Option<String>,
    o2: Option<String>,
    o3: Option<String>,
    o4: Option<String>,
    address: Address,
    emails: Emails,
    interests: soapkit::wcf::ArrayOf<i32>,
}

#[derive(Debug, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Address {
    street: String,
    city: String,
    zip: String,
    country_id: i32,
    primary: bool,
}

#[derive(Debug, PartialEq, Default, Deserialize)]
struct Emails {
    #[serde(rename = "EntityElement", default)]
    items: Vec<Email>,
}

#[derive(Debug, PartialEq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Email {
    value: String,
    description: Option<String>,
}

fn entity_reply() -> String {
    let mut e = format!(
        r#"<s:Envelope xmlns:s="{S11}"><s:Body><GetPersonResponse xmlns="{NS}" xmlns:i="{XSI}"><Response><PersonId>42</PersonId>"#
    );
    for i in 0..10 {
        e.push_str(&format!("<S{i}>text value number {i}</S{i}>"));
    }
    for i in 0..10 {
        e.push_str(&format!("<N{i}>{}</N{i}>", i * 1000 - 3));
    }
    for i in 0..5 {
        e.push_str(&format!("<B{i}>{}</B{i}>", i % 2 == 0));
    }
    for i in 0..5 {
        e.push_str(&format!("<D{i}>{}.25</D{i}>", i));
    }
    for i in 0..5 {
        if i % 2 == 0 {
            e.push_str(&format!(r#"<O{i} i:nil="true"/>"#));
        } else {
            e.push_str(&format!("<O{i}>opt {i}</O{i}>"));
        }
    }
    e.push_str("<Address><Street>Wergelandsveien 1</Street><City>Oslo</City><Zip>0167</Zip><CountryId>578</CountryId><Primary>true</Primary></Address>");
    e.push_str("<Emails>");
    for i in 0..3 {
        e.push_str(&format!(
            "<EntityElement><Value>p{i}@example.com</Value><Description>mail {i}</Description></EntityElement>"
        ));
    }
    e.push_str(r#"</Emails><Interests xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">"#);
    for i in 0..5 {
        e.push_str(&format!("<a:int>{i}</a:int>"));
    }
    e.push_str("</Interests></Response></GetPersonResponse></s:Body></s:Envelope>");
    e
}

static GET_PERSON: Operation = Operation::example("GetPerson", NS, "GetPersonResponse");

fn decode_entity_soapkit(body: Vec<u8>) -> Entity {
    decode_reply(&GET_PERSON, 200, body, SoapVersion::Soap11).unwrap()
}

/// The floor: one reader loop that knows every member by name and where it sits.
fn decode_entity_by_hand(body: &[u8]) -> Entity {
    let text = std::str::from_utf8(body).unwrap();
    let mut reader = NsReader::from_str(text);
    let mut e = Entity::default();
    let mut field = String::new();
    let (mut in_address, mut email): (bool, Option<Email>) = (false, None);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(s) => {
                let name = s.local_name();
                match name.as_ref() {
                    "Address" => in_address = true,
                    "EntityElement" => email = Some(Email::default()),
                    other => {
                        field.clear();
                        field.push_str(other);
                    }
                }
            }
            Event::Empty(s) => {
                // Only the nil O fields are empty here: they stay None.
                let _ = s;
            }
            Event::Text(t) => {
                let v = t.xml10_content();
                let int = || v.trim().parse::<i32>().unwrap();
                if let Some(mail) = email.as_mut() {
                    match field.as_str() {
                        "Value" => mail.value = v.clone().into_owned(),
                        "Description" => mail.description = Some(v.clone().into_owned()),
                        _ => {}
                    }
                    continue;
                }
                if in_address {
                    match field.as_str() {
                        "Street" => e.address.street = v.into_owned(),
                        "City" => e.address.city = v.into_owned(),
                        "Zip" => e.address.zip = v.into_owned(),
                        "CountryId" => e.address.country_id = int(),
                        "Primary" => e.address.primary = v.trim() == "true",
                        _ => {}
                    }
                    continue;
                }
                let (kind, index) = field.split_at(1);
                match (kind, index.parse::<usize>()) {
                    ("S", Ok(i)) => {
                        *[
                            &mut e.s0, &mut e.s1, &mut e.s2, &mut e.s3, &mut e.s4, &mut e.s5, &mut e.s6, &mut e.s7,
                            &mut e.s8, &mut e.s9,
                        ][i] = v.into_owned()
                    }
                    ("N", Ok(i)) => {
                        *[
                            &mut e.n0, &mut e.n1, &mut e.n2, &mut e.n3, &mut e.n4, &mut e.n5, &mut e.n6, &mut e.n7,
                            &mut e.n8, &mut e.n9,
                        ][i] = int()
                    }
                    ("B", Ok(i)) => *[&mut e.b0, &mut e.b1, &mut e.b2, &mut e.b3, &mut e.b4][i] = v.trim() == "true",
                    ("D", Ok(i)) => {
                        *[&mut e.d0, &mut e.d1, &mut e.d2, &mut e.d3, &mut e.d4][i] = v.trim().parse().unwrap()
                    }
                    ("O", Ok(i)) => *[&mut e.o0, &mut e.o1, &mut e.o2, &mut e.o3, &mut e.o4][i] = Some(v.into_owned()),
                    _ if field == "PersonId" => e.person_id = int(),
                    _ if field == "int" => e.interests.0.push(int()),
                    _ => {}
                }
            }
            Event::End(end) => match end.local_name().as_ref() {
                "Address" => in_address = false,
                "EntityElement" => e.emails.items.extend(email.take()),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    e
}

/// Allocations of `f(input())`, not counting the making of the input: the HTTP body the
/// client reads is the decoder's input, owned, as the `Vec` here is.
fn report_allocations<I, O>(name: &str, input: impl Fn() -> I, f: impl Fn(I) -> O) {
    drop(f(input())); // warm
    let given = input();
    let (count, out) = alloc::allocations(|| f(given));
    drop(black_box(out));
    println!("allocations {name}: {count}");
}

fn codec(c: &mut Criterion) {
    let client = client();
    assert_eq!(encode_soapkit(&client), encode_by_hand(), "the floor writes the same bytes");
    let services88 = services88_reply();
    let array = array_reply(10_000, true);
    let fault = fault_reply();
    let entity = entity_reply();
    assert_eq!(
        decode_services88_soapkit(services88.clone().into_bytes()),
        floor::decode_services88_by_hand(services88.as_bytes())
    );
    assert_eq!(decode_array_soapkit(array.clone().into_bytes()), decode_array_by_hand(array.as_bytes()));
    assert_eq!(decode_fault_soapkit(fault.clone().into_bytes()), decode_fault_by_hand(fault.as_bytes()));
    assert_eq!(decode_entity_soapkit(entity.clone().into_bytes()), decode_entity_by_hand(entity.as_bytes()));
    println!("entity reply: {} bytes", entity.len());
    println!("array reply: {} bytes", array.len());

    report_allocations("encode soapkit", || (), |()| encode_soapkit(&client));
    report_allocations("encode by hand", || (), |()| encode_by_hand());
    report_allocations("decode services88 soapkit", || services88.clone().into_bytes(), decode_services88_soapkit);
    report_allocations("decode services88 by hand", || services88.as_bytes(), floor::decode_services88_by_hand);
    report_allocations("decode array soapkit", || array.clone().into_bytes(), decode_array_soapkit);
    report_allocations("decode array by hand", || array.as_bytes(), decode_array_by_hand);
    report_allocations("decode entity soapkit", || entity.clone().into_bytes(), decode_entity_soapkit);
    report_allocations("decode entity by hand", || entity.as_bytes(), decode_entity_by_hand);
    report_allocations("decode fault soapkit", || fault.clone().into_bytes(), decode_fault_soapkit);
    report_allocations("decode fault by hand", || fault.as_bytes(), decode_fault_by_hand);

    let mut group = c.benchmark_group("encode");
    group.bench_function("soapkit", |b| b.iter(|| encode_soapkit(black_box(&client))));
    group.bench_function("by_hand", |b| b.iter(encode_by_hand));
    group.finish();

    let mut group = c.benchmark_group("decode");
    decode_pair(&mut group, "services88", &services88, decode_services88_soapkit, floor::decode_services88_by_hand);
    decode_pair(&mut group, "entity_50", &entity, decode_entity_soapkit, decode_entity_by_hand);
    decode_pair(&mut group, "array_10k", &array, decode_array_soapkit, decode_array_by_hand);
    decode_pair(&mut group, "fault12", &fault, decode_fault_soapkit, decode_fault_by_hand);
    group.finish();
}

/// Times soapkit's decode of `reply` against the hand-written one. Both get the same owned
/// copy of the reply, made outside the timing (soapkit takes the body the client read by
/// value), and both results, input included, are dropped outside it: the harness treats
/// the two alike.
fn decode_pair<A, B>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    reply: &str,
    soapkit: fn(Vec<u8>) -> A,
    by_hand: fn(&[u8]) -> B,
) {
    group.throughput(Throughput::Bytes(reply.len() as u64));
    let owned = || reply.as_bytes().to_vec();
    let batch = criterion::BatchSize::LargeInput;
    group.bench_function(BenchmarkId::new("soapkit", name), |b| b.iter_batched(owned, soapkit, batch));
    group.bench_function(BenchmarkId::new("by_hand", name), |b| {
        b.iter_batched(owned, |input| (by_hand(&input), input), batch)
    });
}

/// Runs one case `count` times and nothing else, for `benches/instructions.py`, which counts
/// instructions under callgrind: wall-clock medians on this shared machine move by tens of
/// percent, instruction counts repeat to the last digit. Each iteration copies the reply for
/// both variants (soapkit takes the body by value), so the copy cancels in the ratio.
fn count_loop(case: &str, count: usize) {
    let client = client();
    let services88 = services88_reply();
    let entity = entity_reply();
    let array = array_reply(10_000, true);
    let fault = fault_reply();
    let short_array = array_reply(10_000, false);
    if let Some(variant) = case.strip_prefix("security/") {
        let client = secured_client(variant);
        for _ in 0..count {
            drop(black_box(encode_soapkit(&client)));
        }
        return;
    }
    let decoder = if case.ends_with("/tree") {
        1
    } else if case.ends_with("/stream") {
        2
    } else {
        0
    };
    DECODER.store(decoder, std::sync::atomic::Ordering::Relaxed);
    let case = match case.rsplit_once('/') {
        Some((case, "tree" | "stream")) => format!("{case}/soapkit"),
        _ => case.to_owned(),
    };
    for _ in 0..count {
        match case.as_str() {
            "encode/soapkit" => drop(black_box(encode_soapkit(&client))),
            "encode/by_hand" => drop(black_box(encode_by_hand())),
            "services88/soapkit" => drop(black_box(decode_services88_soapkit(services88.clone().into_bytes()))),
            // The value alone, as the round trip's call reads it (no header blocks kept).
            "services88_value/soapkit" => drop(black_box(
                decode_reply::<String>(&CREATE, 200, services88.clone().into_bytes(), SoapVersion::Soap11).unwrap(),
            )),
            "services88/by_hand" => drop(black_box(floor::decode_services88_by_hand(services88.clone().as_bytes()))),
            "entity_50/soapkit" => drop(black_box(decode_entity_soapkit(entity.clone().into_bytes()))),
            "entity_50/by_hand" => drop(black_box(decode_entity_by_hand(entity.clone().as_bytes()))),
            "array_10k/soapkit" => drop(black_box(decode_array_soapkit(array.clone().into_bytes()))),
            "short_array/soapkit" => drop(black_box(decode_array_soapkit(short_array.clone().into_bytes()))),
            "short_array/by_hand" => drop(black_box(decode_array_by_hand(short_array.clone().as_bytes()))),
            "array_10k/by_hand" => drop(black_box(decode_array_by_hand(array.clone().as_bytes()))),
            "fault12/soapkit" => drop(black_box(decode_fault_soapkit(fault.clone().into_bytes()))),
            "fault12/by_hand" => drop(black_box(decode_fault_by_hand(fault.clone().as_bytes()))),
            _ => panic!("unknown case {case}"),
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3)).warm_up_time(std::time::Duration::from_secs(1));
    targets = codec
}

fn main() {
    // `SOAPKIT_COUNT_LOOP=case:count` (set by benches/instructions.py) runs one case alone.
    if let Ok(spec) = std::env::var("SOAPKIT_COUNT_LOOP") {
        let (case, count) = spec.rsplit_once(':').expect("case:count");
        count_loop(case, count.parse().expect("a count"));
        return;
    }
    // `SOAPKIT_WRITE_SERVICES88=path` (set by benches/instructions.py gsoap): the reply the
    // services88 case decodes, for gSOAP's decoder to read the same bytes.
    if let Some(path) = std::env::var_os("SOAPKIT_WRITE_SERVICES88") {
        std::fs::write(path, services88_reply()).unwrap();
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
