//! The server's one-pass reading of a request's parameters against the tree's reading by
//! name: over generated wrappers (runs of a name, names repeated later, unknown elements,
//! wrapped arrays, nil, text that does not parse), the stream reads what the tree reads, or
//! both refuse. (The stream never answers with its own error: a refusal is the tree's.)

use proptest::prelude::*;

use super::params::{BodyParam, Param, Source};
use super::streamed;
use crate::envelope::reader;
use crate::xml::events::Events;

type Values = (Vec<i32>, Option<String>, Vec<i64>, Option<bool>, i32);
type Slots = (Param<Vec<i32>>, Param<Option<String>>, Param<Vec<i64>>, Param<Option<bool>>, Param<i32>);

/// The operation's parameters: a run, an optional text, a wrapped array, an optional
/// boolean and a required integer.
fn params() -> Slots {
    (Param::new("A"), Param::new("B"), Param::new("C/Id"), Param::new("D"), Param::new("E"))
}

fn by_stream(document: &str) -> Option<Values> {
    let events = Events::from_bytes(document.as_bytes().to_vec(), None).ok()?;
    let opened = streamed::open(Box::new(events)).ok()?;
    let (mut a, mut b, mut c, mut d, mut e) = params();
    streamed::read_params(opened.body, false, &mut [&mut a, &mut b, &mut c, &mut d, &mut e]).ok()?;
    Some((a.take("Op").ok()?, b.take("Op").ok()?, c.take("Op").ok()?, d.take("Op").ok()?, e.take("Op").ok()?))
}

fn by_tree(document: &str) -> Option<Values> {
    let read = reader::read(document.as_bytes().to_vec()).ok()?;
    let element = read.doc.children(read.body).next()?;
    let (mut a, mut b, mut c, mut d, mut e) = params();
    let all: [&mut dyn BodyParam; 5] = [&mut a, &mut b, &mut c, &mut d, &mut e];
    for param in all {
        param.read(Source::tree(&read.doc, element, false)).ok()?;
    }
    Some((a.take("Op").ok()?, b.take("Op").ok()?, c.take("Op").ok()?, d.take("Op").ok()?, e.take("Op").ok()?))
}

/// One child of the wrapper.
fn child() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec!["A", "B", "C", "D", "E", "F", "p:A"]);
    let content = prop_oneof![
        Just("1".to_owned()),
        Just(" -42 ".to_owned()),
        Just("x &amp; y".to_owned()),
        Just("true".to_owned()),
        Just(String::new()),
        Just("<Id>5</Id><Id>6</Id>".to_owned()),
        Just("<Id>z</Id>".to_owned()),
        Just("<![CDATA[7]]>".to_owned()),
    ];
    let nil = prop::bool::weighted(0.1);
    (name, content, nil).prop_map(|(name, content, nil)| {
        let attribute = if nil { r#" xsi:nil="true""# } else { "" };
        format!("<{name}{attribute}>{content}</{name}>")
    })
}

fn wrapper() -> impl Strategy<Value = String> {
    (prop::collection::vec(child(), 0..12), prop::bool::weighted(0.05)).prop_map(|(children, nil)| {
        let attribute = if nil { r#" xsi:nil="true""# } else { "" };
        format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s:Body><Op xmlns="urn:op" xmlns:p="urn:op"{attribute}>{}</Op></s:Body></s:Envelope>"#,
            children.concat()
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn the_stream_reads_parameters_as_the_tree_does(document in wrapper()) {
        prop_assert_eq!(by_stream(&document), by_tree(&document), "{}", document);
    }
}

#[test]
fn the_generated_wrappers_are_read_both_ways() {
    // The property above is not vacuous: some wrappers read, and some are refused.
    let read = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Op xmlns="urn:op"><A>1</A><A>2</A><C><Id>5</Id></C><E>3</E><A>9</A></Op></s:Body></s:Envelope>"#;
    assert_eq!(by_stream(read), Some((vec![1, 2], None, vec![5], None, 3)));
    let refused = read.replace("<E>3</E>", "");
    assert_eq!((by_stream(&refused), by_tree(&refused)), (None, None));
}
