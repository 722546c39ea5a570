//! Properties of the tree over generated documents: each parses into exactly the
//! elements, namespaces, attributes and texts it was written from, whatever the spelling
//! (namespaces declared and redeclared, attributes quoted either way with references and
//! white space in them, text in pieces with references and CDATA, comments, processing
//! instructions and white space between elements and inside tags); and every proper
//! prefix of it is refused.

use proptest::prelude::*;

use super::tree::{Document, NodeId};

const PREFIXES: [&str; 3] = ["", "a", "b"];
/// Names, among them characters whose UTF-8 ends in the byte of a space (U+0120, U+0109).
const LOCALS: [&str; 5] = ["x", "Item", "y_1", "é", "\u{120}z\u{109}"];
/// Attribute names: unprefixed (no namespace), or with a prefix of `PREFIXES`.
const ATTRIBUTES: [(usize, &str); 3] = [(0, "p"), (1, "q"), (2, "r")];
const SPACE: [&str; 4] = [" ", "  ", "\n", "\t"];
const MISC: [&str; 4] = ["", "\n  ", "<!-- a > b -->", "<?pi x='>'?>"];

/// A piece of character data and how it is written.
#[derive(Debug, Clone)]
enum Piece {
    /// Written as it stands with `&` and `<` escaped, or with all five characters that
    /// have predefined entities escaped.
    Plain(String, bool),
    /// Written as a character reference, decimal or hexadecimal.
    Char(char, bool),
    /// Written as a CDATA section.
    CData(String),
}

#[derive(Debug, Clone)]
enum Content {
    Text(Vec<Piece>),
    Children(Vec<Element>, usize),
}

#[derive(Debug, Clone)]
pub(super) struct Element {
    prefix: usize,
    local: usize,
    /// Declarations: (index into `PREFIXES`, number of the namespace `urn:{prefix}{n}`).
    declare: Vec<(usize, u8)>,
    /// (index into `ATTRIBUTES`, value, quoted with `'`).
    attributes: Vec<(usize, String, bool)>,
    /// White space inside the tags.
    space: (usize, usize),
    content: Content,
}

fn text() -> impl Strategy<Value = String> {
    // The characters that need escaping or normalizing, beside ordinary ones.
    proptest::collection::vec(
        prop_oneof![
            Just('&'),
            Just('<'),
            Just('>'),
            Just('"'),
            Just('\''),
            Just('\r'),
            Just('\n'),
            Just('\t'),
            Just(' '),
            Just('é'),
            Just('z'),
            Just(']')
        ],
        0..8,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        3 => (text(), any::<bool>()).prop_map(|(text, all)| Piece::Plain(text, all)),
        1 => (prop_oneof![Just('\t'), Just('\r'), Just('<'), Just('&'), Just('€'), Just('\u{10000}')], any::<bool>())
            .prop_map(|(c, hex)| Piece::Char(c, hex)),
        1 => text().prop_map(|t| Piece::CData(t.replace("]]>", ""))),
    ]
}

fn element() -> impl Strategy<Value = Element> {
    let leaf = proptest::collection::vec(piece(), 0..4).prop_map(Content::Text);
    let content = leaf.prop_recursive(4, 24, 3, |inner| {
        (proptest::collection::vec(shell(inner), 0..4), 0..MISC.len())
            .prop_map(|(children, misc)| Content::Children(children, misc))
    });
    shell(content)
}

/// An element around `content`.
fn shell(content: impl Strategy<Value = Content>) -> impl Strategy<Value = Element> {
    let attribute = (0..ATTRIBUTES.len(), text(), any::<bool>());
    (
        0..PREFIXES.len(),
        0..LOCALS.len(),
        proptest::collection::vec((0..PREFIXES.len(), 0..3u8), 0..3),
        proptest::collection::vec(attribute, 0..3),
        (0..SPACE.len(), 0..SPACE.len()),
        content,
    )
        .prop_map(|(prefix, local, declare, mut attributes, space, content)| {
            attributes.sort_by_key(|a| a.0);
            attributes.dedup_by_key(|a| a.0);
            let mut declare = declare;
            declare.sort_by_key(|d| d.0);
            declare.dedup_by_key(|d| d.0);
            Element { prefix, local, declare, attributes, space, content }
        })
}

fn qname(prefix: usize, local: &str) -> String {
    match prefix {
        0 => local.to_owned(),
        p => format!("{}:{local}", PREFIXES[p]),
    }
}

impl Element {
    fn write(&self, out: &mut String, root: bool) {
        let name = qname(self.prefix, LOCALS[self.local]);
        let (open_space, close_space) = (SPACE[self.space.0], SPACE[self.space.1]);
        out.push('<');
        out.push_str(&name);
        let root_declarations = [(0, 0), (1, 0), (2, 0)];
        for &(p, n) in if root { &root_declarations[..] } else { &self.declare } {
            let attr = if p == 0 { "xmlns".to_owned() } else { format!("xmlns:{}", PREFIXES[p]) };
            out.push_str(&format!("{open_space}{attr}=\"urn:{}{n}\"", PREFIXES[p]));
        }
        for (a, value, single) in &self.attributes {
            let (p, local) = ATTRIBUTES[*a];
            let quote = if *single { '\'' } else { '"' };
            out.push_str(&format!("{open_space}{}{close_space}={close_space}{quote}", qname(p, local)));
            for c in value.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '\r' => out.push_str("&#13;"),
                    c if c == quote => out.push_str(if *single { "&apos;" } else { "&quot;" }),
                    c => out.push(c),
                }
            }
            out.push(quote);
        }
        out.push_str(close_space);
        match &self.content {
            Content::Text(pieces) if pieces.is_empty() => {
                out.push_str("/>");
                return;
            }
            Content::Text(pieces) => {
                out.push('>');
                for piece in pieces {
                    match piece {
                        Piece::Plain(text, all) => {
                            let text = text.replace('&', "&amp;").replace('<', "&lt;");
                            match all {
                                true => out.push_str(
                                    &text.replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;"),
                                ),
                                false => out.push_str(&text),
                            }
                        }
                        Piece::Char(c, true) => out.push_str(&format!("&#x{:X};", *c as u32)),
                        Piece::Char(c, false) => out.push_str(&format!("&#{};", *c as u32)),
                        Piece::CData(text) => out.push_str(&format!("<![CDATA[{text}]]>")),
                    }
                }
            }
            Content::Children(children, misc) => {
                out.push('>');
                for child in children {
                    out.push_str(MISC[*misc]);
                    child.write(out, false);
                }
                out.push_str(MISC[*misc]);
            }
        }
        out.push_str(&format!("</{name}{close_space}>"));
    }

    /// Compares the tree's element `id` with this element, under the namespace bindings
    /// `scope` (one per prefix) of its parent.
    fn check(&self, doc: &Document, id: NodeId, scope: [String; 3], root: bool) -> Result<(), TestCaseError> {
        let mut scope = scope;
        let declarations = if root { vec![(0, 0), (1, 0), (2, 0)] } else { self.declare.clone() };
        for (p, n) in declarations {
            scope[p] = format!("urn:{}{n}", PREFIXES[p]);
        }
        prop_assert_eq!(doc.local_name(id), LOCALS[self.local]);
        prop_assert_eq!(doc.namespace(id), scope[self.prefix].as_str());
        let expected: Vec<(String, String, String)> = self
            .attributes
            .iter()
            .map(|(a, value, _)| {
                let (p, local) = ATTRIBUTES[*a];
                let ns = if p == 0 { String::new() } else { scope[p].clone() };
                // Attribute-value normalization: white space written as it stands is a
                // space; `&#13;` stays a carriage return.
                let value = value.chars().map(|c| if matches!(c, '\t' | '\n') { ' ' } else { c }).collect();
                (ns, local.to_owned(), value)
            })
            .collect();
        let found: Vec<(String, String, String)> =
            doc.attributes(id).map(|(ns, local, value)| (ns.to_owned(), local.to_owned(), value.to_owned())).collect();
        prop_assert_eq!(found, expected);
        match &self.content {
            Content::Text(pieces) => {
                prop_assert_eq!(doc.text(id), expected_text(pieces));
                prop_assert!(!doc.has_children(id));
            }
            Content::Children(children, _) => {
                let ids: Vec<NodeId> = doc.children(id).collect();
                prop_assert_eq!(ids.len(), children.len());
                for (child, id) in children.iter().zip(ids) {
                    child.check(doc, id, scope.clone(), false)?;
                }
            }
        }
        Ok(())
    }
}

/// The text of `pieces` as XML defines it: line ends written as they stand are one `\n`
/// (in CDATA too); references are their characters.
fn expected_text(pieces: &[Piece]) -> String {
    let mut text = String::new();
    let mut plain = String::new();
    let eols = |raw: &str| raw.replace("\r\n", "\n").replace('\r', "\n");
    for piece in pieces {
        match piece {
            Piece::Plain(raw, _) => plain.push_str(raw),
            Piece::Char(c, _) => {
                text.push_str(&eols(&std::mem::take(&mut plain)));
                text.push(*c);
            }
            Piece::CData(raw) => {
                text.push_str(&eols(&std::mem::take(&mut plain)));
                text.push_str(&eols(raw));
            }
        }
    }
    text.push_str(&eols(&plain));
    text
}

pub(super) fn document() -> impl Strategy<Value = (Element, String)> {
    (element(), 0..3usize).prop_map(|(root, prolog)| {
        let mut xml = ["", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", "\u{FEFF}<!-- first -->"][prolog].to_owned();
        root.write(&mut xml, true);
        (root, xml)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_document_reads_as_it_was_written((root, xml) in document()) {
        let doc = Document::parse(xml.clone()).map_err(|(e, _)| TestCaseError::fail(format!("{e}: {xml}")))?;
        root.check(&doc, doc.root(), Default::default(), true)?;
    }

}

proptest! {
    // Each case parses every prefix of its document: fewer cases.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_proper_prefix_is_refused((_, xml) in document()) {
        for cut in (0..xml.len()).filter(|&cut| xml.is_char_boundary(cut)) {
            prop_assert!(Document::parse(xml[..cut].to_owned()).is_err(), "accepted {:?}", &xml[..cut]);
        }
    }
}
