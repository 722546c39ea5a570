//! The streaming decoder against the tree's: over generated documents, a value reads the
//! same whichever reads it, or both refuse it; and it reads the same whether the document
//! comes whole or in chunks cut anywhere (inside a tag, a reference, a UTF-8 sequence).

use proptest::prelude::*;
use serde::Deserialize;
use std::collections::VecDeque;

use super::de;
use super::events::{Event, Events, Feed};
use super::tree::Document;

/// A feed of `document` cut at `cuts` (byte offsets, any order).
struct Chunks(VecDeque<bytes::Bytes>);

impl Feed for Chunks {
    fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, crate::Error> {
        Ok(self.0.pop_front())
    }
}

fn chunked(document: &str, mut cuts: Vec<usize>) -> Events {
    cuts.retain(|&c| c > 0 && c < document.len());
    cuts.sort_unstable();
    cuts.dedup();
    let bytes = document.as_bytes();
    let mut pieces = VecDeque::new();
    let mut from = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        pieces.push_back(bytes::Bytes::copy_from_slice(&bytes[from..cut]));
        from = cut;
    }
    let first = pieces.pop_front().unwrap_or_default().to_vec();
    Events::from_bytes(first, Some(Box::new(Chunks(pieces)))).expect("a prefix of UTF-8 is kept for later")
}

/// `T` read by the streaming decoder, through the end of the document.
fn streamed<T: serde::de::DeserializeOwned>(mut events: Events) -> Result<T, String> {
    let start = loop {
        match events.next().map_err(|e| format!("{e:?}"))? {
            Event::Start(start) => break start,
            Event::Eof => return Err("no root".into()),
            _ => {}
        }
    };
    let value = de::stream::from_start(&mut events, start).map_err(|e| e.0)?;
    events.finish().map_err(|e| format!("{e:?}"))?;
    Ok(value)
}

fn tree<T: serde::de::DeserializeOwned>(document: &str) -> Result<T, String> {
    let doc = Document::parse(document.to_owned()).map_err(|(e, _)| e.to_string())?;
    de::from_node(&doc, doc.root()).map_err(|e| e.0)
}

/// Both read `document` alike, whole and in chunks.
fn agree<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
    document: &str,
    cuts: Vec<usize>,
) -> Result<(), TestCaseError> {
    let by_tree = tree::<T>(document);
    let whole = streamed::<T>(Events::new(document.to_owned(), None));
    let in_chunks = streamed::<T>(chunked(document, cuts));
    match (&by_tree, &whole) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", document),
        (Err(_), Err(_)) => {}
        _ => prop_assert!(false, "tree {:?}, stream {:?}: {}", by_tree, whole, document),
    }
    match (&whole, &in_chunks) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b, "{}", document),
        (Err(_), Err(_)) => {}
        _ => prop_assert!(false, "whole {:?}, in chunks {:?}: {}", whole, in_chunks, document),
    }
    Ok(())
}

/// Any element, read through `deserialize_any`: text, or a map of its attributes and runs.
#[derive(Debug, PartialEq)]
enum Any {
    None,
    Text(String),
    Map(Vec<(String, Any)>),
    Seq(Vec<Any>),
}

impl<'de> Deserialize<'de> for Any {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Any;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("anything")
            }
            fn visit_none<E>(self) -> Result<Any, E> {
                Ok(Any::None)
            }
            fn visit_str<E>(self, v: &str) -> Result<Any, E> {
                Ok(Any::Text(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Any, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    // A run is read as a sequence of its elements.
                    let value = if key.starts_with('@') { map.next_value()? } else { Any::Seq(map.next_value()?) };
                    entries.push((key, value));
                }
                Ok(Any::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// The generated documents' element names as fields: nested runs, an optional one, texts.
#[derive(Debug, PartialEq, Deserialize)]
struct Shape {
    #[serde(rename = "@p")]
    p: Option<String>,
    #[serde(rename = "@q")]
    q: Option<String>,
    #[serde(rename = "x", default)]
    x: Vec<Shape>,
    #[serde(rename = "Item")]
    item: Option<Box<Shape>>,
    #[serde(rename = "y_1")]
    y: Option<String>,
    #[serde(rename = "é", default)]
    e: Vec<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
enum Domain {
    LoginCustomerCenter,
    PublicFaq,
    Circle {
        #[serde(rename = "R")]
        r: f64,
    },
}

/// Typed members in the forms servers write them.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Record {
    #[serde(rename = "@id")]
    id: Option<u32>,
    age: Option<i32>,
    active: Option<bool>,
    score: Option<f64>,
    name: Option<String>,
    domain: Option<Domain>,
    #[serde(rename = "Tag", default)]
    tags: Vec<String>,
    #[serde(rename = "Ids/int", default)]
    ids: Vec<i64>,
    #[serde(rename = "Raw")]
    raw: Option<crate::xsd::RawXml>,
    #[serde(rename = "$text")]
    text: Option<String>,
}

fn member() -> impl Strategy<Value = String> {
    let nil = " xmlns:i='http://www.w3.org/2001/XMLSchema-instance' i:nil='true'";
    prop_oneof![
        prop_oneof![Just("42"), Just(" \n7 "), Just("-0"), Just("x"), Just("99999999999")]
            .prop_map(|v| format!("<Age>{v}</Age>")),
        prop_oneof![Just("true"), Just("0"), Just(" 1 "), Just("yes")].prop_map(|v| format!("<Active>{v}</Active>")),
        prop_oneof![Just("INF"), Just("-1.5e3"), Just(" -INF"), Just("1,5")]
            .prop_map(|v| format!("<Score>{v}</Score>")),
        prop_oneof![
            Just("a &amp; b"),
            Just("<![CDATA[<x>]]>y"),
            Just(""),
            Just("&#x1F600;"),
            // Text that looks like the end tag after a CR or a reference.
            Just("a\r/Name>"),
            Just("a&amp;/Name>"),
            Just("a<!-- c --></Name >"),
        ]
        .prop_map(|v| format!("<Name>{v}</Name>")),
        Just("<Name>a</Name\r\n><Name >b</Name\t>".to_owned()),
        Just(format!("<Name{nil}/>")),
        Just(format!("<Age{nil}></Age>")),
        prop_oneof![
            Just("<Domain> PublicFaq </Domain>"),
            Just("<Domain><Circle><R>2</R></Circle><Other/></Domain>"),
            Just("<Domain>Nope</Domain>"),
        ]
        .prop_map(str::to_owned),
        prop_oneof![Just("a"), Just("b"), Just("")].prop_map(|v| format!("<Tag>{v}</Tag>")),
        prop_oneof![Just("<Ids/>"), Just("<Ids><int>1</int> <int>2</int></Ids>"), Just("<Ids><int>z</int></Ids>")]
            .prop_map(str::to_owned),
        Just("<Raw a='1'>x<b>&amp;</b></Raw>".to_owned()),
        Just("<Unknown><Deep><Deeper/></Deep>t</Unknown>".to_owned()),
        Just("text between".to_owned()),
    ]
}

fn record() -> impl Strategy<Value = String> {
    (proptest::collection::vec(member(), 0..8), prop_oneof![Just(""), Just(" id='3'"), Just(" id='-3'")])
        .prop_map(|(members, id)| format!("<r:Record xmlns:r='urn:r'{id}>{}</r:Record>", members.concat()))
}

fn cuts() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(0..4096usize, 0..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_read_alike((_, xml) in super::tree_properties::document(), cuts in cuts()) {
        let cuts: Vec<usize> = cuts.into_iter().map(|c| c % (xml.len() + 1)).collect();
        agree::<Any>(&xml, cuts.clone())?;
        agree::<Shape>(&xml, cuts)?;
    }

    #[test]
    fn typed_members_read_alike(xml in record(), cuts in cuts()) {
        let cuts: Vec<usize> = cuts.into_iter().map(|c| c % (xml.len() + 1)).collect();
        agree::<Record>(&xml, cuts)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Cut anywhere, a document is refused by both, never half read.
    #[test]
    fn every_proper_prefix_is_refused(xml in record()) {
        for cut in (0..xml.len()).filter(|&cut| xml.is_char_boundary(cut)) {
            prop_assert!(streamed::<Record>(Events::new(xml[..cut].to_owned(), None)).is_err(), "{}", &xml[..cut]);
        }
    }
}
