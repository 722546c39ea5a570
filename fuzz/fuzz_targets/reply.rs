//! Any bytes as a SOAP reply: a value or an error, never a panic, a hang or an unbounded
//! allocation. The bytes are read for both SOAP versions, as a success and as a fault
//! status, into a result that uses every form soapkit offers (each `xsd` and `wcf` helper,
//! scalars of every width, dates, base64, lists, `xsi:type` enums, choices, wildcards),
//! into a `Reply` with its headers, and as a fault whose detail is decoded too.
//!
//! And each successful reply by the streaming decoder too (what the client uses for a
//! large reply as it arrives), into a result of every form it reads itself (no open
//! content, which it leaves to the tree): it must agree with the tree, the same value or
//! both an error.
#![no_main]

use serde::Deserialize;
use soapkit_runtime::fuzzing::{
    Operation, Policy, ResultElement, decode_reply, decode_reply_by_tree, decode_reply_streaming,
};
use soapkit_runtime::xsd::{
    self, AnyElement, Base64Binary, InNamespace, KeyValue, List, Namespace, Nillable, RawXml, Unqualified,
};
use soapkit_runtime::{Reply, Secret, SoapVersion, wcf::ArrayOf};

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
enum Color {
    Red,
    #[serde(rename = "dark-green")]
    DarkGreen,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Circle {
    #[serde(rename = "@unit")]
    unit: Option<String>,
    #[serde(rename = "Radius")]
    radius: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Carrier {
    #[serde(rename = "Id")]
    id: Option<i16>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "$soapkit::xsi_type")]
#[allow(dead_code)]
enum CarrierOrDerived {
    #[serde(rename = "Carrier")]
    Carrier(Carrier),
    #[serde(rename = "{urn:fuzz}Circle")]
    Circle(Circle),
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
enum Contact {
    #[serde(rename = "ByEmail")]
    ByEmail(String),
    #[serde(rename = "ByPhone")]
    ByPhone(u64),
}

struct Fuzz;
impl Namespace for Fuzz {
    const URI: &'static str = "urn:fuzz";
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Value {
    #[serde(rename = "@id")]
    id: Option<i64>,
    #[serde(rename = "@kind")]
    kind: Option<Color>,
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Item", default)]
    items: Vec<f64>,
    #[serde(rename = "Flag")]
    flag: Option<bool>,
    #[serde(rename = "Inner")]
    inner: Option<Box<Value>>,
    #[serde(rename = "Small")]
    small: Option<i8>,
    #[serde(rename = "Big")]
    big: Option<u128>,
    #[serde(rename = "Letter")]
    letter: Option<char>,
    #[serde(rename = "Color")]
    color: Option<Color>,
    #[serde(rename = "Flags")]
    flags: Option<List<Color>>,
    #[serde(rename = "Bytes")]
    bytes: Option<Base64Binary>,
    #[serde(rename = "When")]
    when: Option<xsd::DateTime>,
    #[serde(rename = "Span", with = "xsd::duration", default)]
    span: std::time::Duration,
    #[serde(rename = "Nil")]
    nil: Nillable<String>,
    #[serde(rename = "Pair", default)]
    pairs: Vec<KeyValue<String, i32>>,
    #[serde(rename = "Ints")]
    ints: Option<ArrayOf<i32>>,
    #[serde(rename = "Raw")]
    raw: Option<RawXml>,
    #[serde(rename = "Base")]
    base: Option<CarrierOrDerived>,
    #[serde(rename = "Shapes", default)]
    shapes: Vec<CarrierOrDerived>,
    #[serde(rename = "$choice:ByEmail|ByPhone", default)]
    contacts: Vec<Contact>,
    #[serde(rename = "Ns")]
    ns: Option<InNamespace<Fuzz, u8>>,
    #[serde(rename = "Unq")]
    unq: Option<Unqualified<u16>>,
    #[serde(rename = "Wrapped/Carrier")]
    wrapped: Option<Vec<Carrier>>,
    #[serde(rename = "Nums/{urn:arrays}int")]
    nums: Nillable<Vec<i32>>,
    #[serde(rename = "Ticket")]
    ticket: Option<Secret<String>>,
    #[serde(rename = "$any", default)]
    any: Vec<AnyElement>,
    #[serde(rename = "$text", default)]
    text: String,
}

/// Every field of [`Value`] but its open content, which the streaming decoder leaves to
/// the tree.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Streamable {
    #[serde(rename = "@id")]
    id: Option<i64>,
    #[serde(rename = "@kind")]
    kind: Option<Color>,
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Item", default)]
    items: Vec<f64>,
    #[serde(rename = "Flag")]
    flag: Option<bool>,
    #[serde(rename = "Inner")]
    inner: Option<Box<Streamable>>,
    #[serde(rename = "Small")]
    small: Option<i8>,
    #[serde(rename = "Big")]
    big: Option<u128>,
    #[serde(rename = "Letter")]
    letter: Option<char>,
    #[serde(rename = "Color")]
    color: Option<Color>,
    #[serde(rename = "Flags")]
    flags: Option<List<Color>>,
    #[serde(rename = "Bytes")]
    bytes: Option<Base64Binary>,
    #[serde(rename = "When")]
    when: Option<xsd::DateTime>,
    #[serde(rename = "Span", with = "xsd::duration", default)]
    span: std::time::Duration,
    #[serde(rename = "Nil")]
    nil: Nillable<String>,
    #[serde(rename = "Pair", default)]
    pairs: Vec<KeyValue<String, i32>>,
    #[serde(rename = "Ints")]
    ints: Option<ArrayOf<i32>>,
    #[serde(rename = "Raw")]
    raw: Option<RawXml>,
    #[serde(rename = "Any")]
    any: Option<AnyElement>,
    #[serde(rename = "Base")]
    base: Option<CarrierOrDerived>,
    #[serde(rename = "Shapes", default)]
    shapes: Vec<CarrierOrDerived>,
    #[serde(rename = "Ns")]
    ns: Option<InNamespace<Fuzz, u8>>,
    #[serde(rename = "Unq")]
    unq: Option<Unqualified<u16>>,
    #[serde(rename = "Wrapped/Carrier")]
    wrapped: Option<Vec<Carrier>>,
    #[serde(rename = "Nums/{urn:arrays}int")]
    nums: Nillable<Vec<i32>>,
    #[serde(rename = "Ticket")]
    ticket: Option<Secret<String>>,
    #[serde(rename = "$text", default)]
    text: String,
}

/// Both decoders agree: the same value (compared as `Debug`, where NaN equals NaN), or
/// both an error.
fn agree<T: std::fmt::Debug + soapkit_runtime::FromReply>(op: &Operation, data: &[u8], version: SoapVersion) {
    let tree = decode_reply_by_tree::<T>(op, 200, data.to_vec(), version).map(|v| format!("{v:?}"));
    let streamed = decode_reply_streaming::<T>(op, 200, data.to_vec(), version).map(|v| format!("{v:?}"));
    match (&tree, &streamed) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "the decoders disagree"),
        (Err(_), Err(_)) => {}
        _ => panic!("the tree gives {tree:?}, the stream {streamed:?}"),
    }
}

static FIRST: Operation = operation(ResultElement::First);
static WHOLE: Operation = operation(ResultElement::Wrapper);

const fn operation(result: ResultElement) -> Operation {
    Operation {
        method: "",
        name: "Op",
        namespace: "urn:fuzz",
        response: "OpResponse",
        result,
        soap_action: "",
        one_way: false,
        bare: false,
        params: &[],
        policy: Policy::NONE,
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        for status in [200, 500] {
            match decode_reply::<Value>(&FIRST, status, data.to_vec(), version) {
                Ok(_) => {}
                Err(error) => {
                    let _ = error.to_string();
                    let _ = format!("{error:?}");
                    if let Some(fault) = error.fault() {
                        let _ = fault.detail::<Value>();
                        let _ = fault.to_string();
                    }
                }
            }
        }
        let _ = decode_reply::<Value>(&WHOLE, 200, data.to_vec(), version);
        agree::<Streamable>(&FIRST, data, version);
        agree::<Streamable>(&WHOLE, data, version);
        agree::<Value>(&FIRST, data, version);
        agree::<Reply<Vec<String>>>(&FIRST, data, version);
        if let Ok(reply) = decode_reply::<Reply<Vec<String>>>(&FIRST, 200, data.to_vec(), version) {
            let headers = reply.headers();
            let _ = headers.names().count();
            let _ = headers.get::<Value>("urn:fuzz", "Head");
        }
    }
});
