//! XML equivalence for tests: two documents are equal when their elements have the same
//! namespace URIs, local names, attributes (namespace declarations aside) and trimmed
//! text, in the same order. Prefixes are free.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use std::collections::BTreeMap;

#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Element {
    pub namespace: String,
    pub local: String,
    pub attributes: BTreeMap<(String, String), String>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    /// The first child named `local`, at any depth.
    pub fn find(&self, local: &str) -> Option<&Element> {
        self.children.iter().find_map(|c| if c.local == local { Some(c) } else { c.find(local) })
    }
}

fn ns_of(r: ResolveResult<'_>) -> String {
    match r {
        ResolveResult::Bound(ns) => ns.as_ref().to_owned(),
        ResolveResult::Unbound => String::new(),
        ResolveResult::Unknown(p) => panic!("undeclared prefix {p}"),
    }
}

fn element(reader: &NsReader<&[u8]>, namespace: String, e: &BytesStart<'_>) -> Element {
    let mut attributes = BTreeMap::new();
    for attr in e.attributes() {
        let attr = attr.unwrap();
        if attr.key.as_namespace_binding().is_some() {
            continue;
        }
        let (ns, local) = reader.resolver().resolve_attribute(attr.key);
        let value = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned();
        attributes.insert((ns_of(ns), local.as_ref().to_owned()), value);
    }
    Element {
        namespace,
        local: e.local_name().as_ref().to_owned(),
        attributes,
        text: String::new(),
        children: Vec::new(),
    }
}

/// Parses `xml` into a comparable tree, text trimmed; panics on anything that is not
/// well-formed.
pub fn parse(xml: &str) -> Element {
    parse_with(xml, true)
}

/// Parses `xml` keeping text exactly as sent.
pub fn parse_exact(xml: &str) -> Element {
    parse_with(xml, false)
}

fn parse_with(xml: &str, trim: bool) -> Element {
    let mut reader = NsReader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let mut close = |stack: &mut Vec<Element>, done: Element| match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None => root = Some(done),
    };
    loop {
        let (resolved, event) = reader.read_resolved_event().unwrap();
        let namespace = ns_of(resolved);
        match event {
            Event::Start(e) => {
                let el = element(&reader, namespace, &e);
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = element(&reader, namespace, &e);
                close(&mut stack, el);
            }
            Event::End(_) => {
                let mut done = stack.pop().unwrap();
                if trim {
                    done.text = done.text.trim().to_owned();
                }
                close(&mut stack, done);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c,
                    None => match r.into_inner().as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        other => panic!("entity {other}"),
                    },
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    root.expect("a root element")
}

/// Asserts that two documents are XML-equivalent, showing both trees when not.
#[track_caller]
pub fn assert_equivalent(actual: &str, expected: &str) {
    let (a, e) = (parse(actual), parse(expected));
    assert!(
        a == e,
        "XML differs\n--- actual ---\n{actual}\n--- expected ---\n{expected}\n--- trees ---\n{a:#?}\n{e:#?}"
    );
}
