//! A reply parsed once into a compact, namespace-resolved tree.
//!
//! Finding the Body, reading a Fault, exposing header blocks as raw XML and deserializing
//! values all need the same facts about each element (namespace URI, local name, text,
//! where it sits in the input), so the reply is parsed once and every reader walks the
//! tree. Nodes live in one `Vec`, names and plain text are ranges of the input, and only
//! text with entity references or CDATA is copied, so a typical reply costs a handful of
//! allocations whatever its size.

use quick_xml::events::BytesRef;
use quick_xml::events::attributes::Attribute as RawAttribute;
use quick_xml::name::{PrefixDeclaration, QName};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use super::markup::{Attributes, MarkupError, Token, Tokens};
use super::scope::{self, Scope};

/// The XML Schema instance namespace, home of `nil` and `type`.
pub(crate) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Deepest element nesting accepted. Deeper documents are refused as hostile: no SOAP
/// contract nests this far, and recursion over the tree must stay bounded.
pub(crate) const MAX_DEPTH: usize = 256;

/// Index of a node in [`Document::nodes`].
pub(crate) type NodeId = u32;
const NONE: NodeId = u32::MAX;

/// Why a reply could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub(crate) message: String,
    pub(crate) offset: usize,
}

impl From<MarkupError> for ParseError {
    fn from(e: MarkupError) -> Self {
        ParseError { message: e.message.into(), offset: e.offset }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// Indexes of [`KNOWN_URIS`].
pub(super) const XML_INDEX: u32 = 1;
pub(super) const XSI_INDEX: u32 = 2;

/// Where an element's text is: a range of the input (unescaped text as it stands), or of
/// [`Document::text`] (text rebuilt because it held references or CDATA, or came in
/// pieces). Packed into two `u32`s, the top bit of `end` telling which, because a node is
/// kept per element and large replies hold hundreds of thousands of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Text {
    start: u32,
    end: u32,
}

const DECODED: u32 = 1 << 31;

/// Inputs this long or longer are refused: text ranges are `u32`s with a flag bit.
pub(super) const MAX_INPUT: usize = DECODED as usize;

impl Text {
    const NONE: Text = Text { start: 0, end: 0 };

    fn source(r: Range<u32>) -> Text {
        Text { start: r.start, end: r.end }
    }

    fn decoded(r: Range<u32>) -> Text {
        Text { start: r.start, end: r.end | DECODED }
    }

    fn is_none(self) -> bool {
        self == Text::NONE
    }

    fn is_decoded(self) -> bool {
        self.end & DECODED != 0
    }

    fn range(self) -> Range<u32> {
        self.start..self.end & !DECODED
    }

    /// The text, given the input and the decoded-text buffer; `""` for none.
    fn in_<'s>(self, source: &'s str, decoded: &'s str) -> &'s str {
        let r = self.range();
        let from = if self.is_decoded() { decoded } else { source };
        &from[r.start as usize..r.end as usize]
    }
}

/// A namespace URI: one of the few the parser knows without a declaration, or the value of
/// a declaration, kept where it is like any other text (no allocation per namespace).
#[derive(Debug, Clone, Copy)]
enum Uri {
    Known(&'static str),
    Declared(Text),
}

/// The URIs every document starts with: index 0 is "no namespace".
const KNOWN_URIS: [Uri; 3] = [Uri::Known(""), Uri::Known(scope::XML), Uri::Known(XSI)];

#[derive(Debug, Clone)]
struct Attribute {
    ns: u32,
    local: Range<u32>,
    value: Text,
}

#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// Index into [`Document::namespaces`]; 0 is "no namespace".
    ns: u16,
    local: Range<u32>,
    /// The element from `<` of its start tag to `>` of its end tag.
    span: Range<u32>,
    /// The content between the start tag and the end tag.
    inner: Range<u32>,
    attributes: Range<u32>,
    text: Text,
    first_child: NodeId,
    next_sibling: NodeId,
    nil: bool,
}

/// A parsed document. It owns its input, so a reply's header blocks and fault detail can
/// be decoded after the call has returned, without parsing again.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    source: String,
    nodes: Vec<Node>,
    attributes: Vec<Attribute>,
    namespaces: Vec<Uri>,
    /// Namespace declarations: (element, prefix, namespace index), in document order; the
    /// prefix is `""` for a default namespace. Kept to resolve QNames in text content.
    declarations: Vec<(NodeId, Range<u32>, u32)>,
    text: String,
}

impl Document {
    /// Parses `source`, refusing DTDs, undeclared prefixes and nesting deeper than
    /// [`MAX_DEPTH`]. On error the input is handed back for the error message.
    pub(crate) fn parse(source: String) -> Result<Self, (ParseError, String)> {
        if source.len() >= DECODED as usize {
            return Err((ParseError { message: "a document of 2 GiB or more".into(), offset: 0 }, source));
        }
        let mut builder = Builder::new(&source);
        let result = builder.run();
        let Builder { mut doc, scratch, .. } = builder;
        scratch.recycle();
        match result {
            Ok(()) => {
                doc.source = source;
                Ok(doc)
            }
            Err(e) => Err((e, source)),
        }
    }

    /// The root element.
    pub(crate) fn root(&self) -> NodeId {
        0
    }

    pub(crate) fn source(&self) -> &str {
        &self.source
    }

    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    fn range(&self, r: &Range<u32>) -> &str {
        &self.source[r.start as usize..r.end as usize]
    }

    fn text_of(&self, text: &Text) -> Option<&str> {
        (!text.is_none()).then(|| text.in_(&self.source, &self.text))
    }

    fn uri(&self, index: u32) -> &str {
        match self.namespaces[index as usize] {
            Uri::Known(uri) => uri,
            Uri::Declared(text) => text.in_(&self.source, &self.text),
        }
    }

    /// The element's namespace URI, `""` when it has none.
    pub(crate) fn namespace(&self, id: NodeId) -> &str {
        self.uri(self.node(id).ns as u32)
    }

    pub(crate) fn local_name(&self, id: NodeId) -> &str {
        self.range(&self.node(id).local)
    }

    /// Whether the element is `{ns}local`.
    pub(crate) fn is(&self, id: NodeId, ns: &str, local: &str) -> bool {
        self.local_name(id) == local && self.namespace(id) == ns
    }

    /// The element's direct text (character data and CDATA, references resolved); `""`
    /// for an empty element.
    pub(crate) fn text(&self, id: NodeId) -> &str {
        self.text_of(&self.node(id).text).unwrap_or("")
    }

    pub(crate) fn is_nil(&self, id: NodeId) -> bool {
        self.node(id).nil
    }

    /// Where the element's start tag begins in the input.
    #[cfg(feature = "wsse")]
    pub(crate) fn start(&self, id: NodeId) -> usize {
        self.node(id).span.start as usize
    }

    /// The element as it stands in the input, start tag to end tag.
    pub(crate) fn raw(&self, id: NodeId) -> &str {
        let span = &self.node(id).span;
        &self.source[span.start as usize..span.end as usize]
    }

    /// The element's content as it stands in the input, between its tags.
    pub(crate) fn raw_inner(&self, id: NodeId) -> &str {
        let inner = &self.node(id).inner;
        &self.source[inner.start as usize..inner.end as usize]
    }

    pub(crate) fn children(&self, id: NodeId) -> Children<'_> {
        Children { doc: self, next: self.node(id).first_child }
    }

    pub(crate) fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        let next = self.node(id).next_sibling;
        (next != NONE).then_some(next)
    }

    pub(crate) fn has_children(&self, id: NodeId) -> bool {
        self.node(id).first_child != NONE
    }

    /// The element's attributes other than namespace declarations: (namespace, local, value).
    pub(crate) fn attributes(&self, id: NodeId) -> impl Iterator<Item = (&str, &str, &str)> {
        let r = &self.node(id).attributes;
        self.attributes[r.start as usize..r.end as usize]
            .iter()
            .map(|a| (self.uri(a.ns), self.range(&a.local), self.text_of(&a.value).unwrap_or("")))
    }

    /// Resolves a QName found in text content (a SOAP 1.1 `faultcode`, an `xsi:type`) against
    /// the namespace declarations in scope at element `id`.
    /// A prefix declared nowhere in scope resolves to no namespace.
    pub(crate) fn resolve_qname_in_text<'q>(&'q self, id: NodeId, qname: &'q str) -> (&'q str, &'q str) {
        let (prefix, local) = match qname.split_once(':') {
            Some((p, l)) => (p, l),
            None => ("", qname),
        };
        (self.scope_lookup(id, prefix).unwrap_or_default(), local)
    }

    /// The namespace declarations of `id`'s ancestors, outermost first, as `(prefix,
    /// namespace)` (`""` for the default namespace): what is in scope where `id` starts,
    /// before its own declarations.
    #[cfg(feature = "wsse")]
    pub(crate) fn ancestor_declarations(&self, id: NodeId) -> impl Iterator<Item = (&str, &str)> {
        let span = self.node(id).span.clone();
        self.declarations
            .iter()
            .take_while(move |(node, _, _)| *node < id)
            .filter(move |(node, _, _)| {
                let outer = &self.node(*node).span;
                outer.start < span.start && span.end <= outer.end
            })
            .map(|(_, prefix, ns)| (self.range(prefix), self.uri(*ns)))
    }

    /// The namespace `prefix` is bound to at element `id`: the innermost declaration on
    /// `id` or an ancestor. Declarations are in document order, and an element's span
    /// contains exactly its descendants' spans, so one backward walk from `id` finds it,
    /// without a parent link in every node.
    fn scope_lookup(&self, id: NodeId, prefix: &str) -> Option<&str> {
        let span = &self.node(id).span;
        let declared = self.declarations.iter().rev().skip_while(|(node, _, _)| *node > id).find(|(node, p, _)| {
            let outer = &self.node(*node).span;
            outer.start <= span.start && span.end <= outer.end && self.range(p) == prefix
        });
        match (declared, prefix) {
            (Some((_, _, ns)), _) => Some(self.uri(*ns)),
            (None, "xml") => Some(scope::XML),
            (None, "") => Some(""),
            (None, _) => None,
        }
    }
}

/// Iterator over an element's child elements.
pub(crate) struct Children<'d> {
    doc: &'d Document,
    next: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.doc.node(id).next_sibling;
        Some(id)
    }
}

struct Open {
    id: NodeId,
    last_child: NodeId,
    /// The namespace bindings in scope outside this element.
    scope: u32,
}

/// The builder's working stacks: the open elements and the namespace bindings in scope.
/// They are empty between parses and kept per thread, which saves two allocations per
/// reply; both are bounded (`MAX_DEPTH`, the scope's own limit), so what a thread keeps is
/// a few KiB at most.
struct Scratch {
    stack: Vec<Open>,
    scope: Scope,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Option<Scratch>> = const { std::cell::Cell::new(None) };
}

impl Scratch {
    fn take() -> Scratch {
        SCRATCH
            .with(|kept| kept.take())
            .unwrap_or_else(|| Scratch { stack: Vec::with_capacity(16), scope: Scope::with_capacity(8) })
    }

    fn recycle(mut self) {
        self.stack.clear();
        self.scope.truncate(0);
        SCRATCH.with(|kept| kept.set(Some(self)));
    }
}

struct Builder<'a> {
    src: &'a str,
    doc: Document,
    scratch: Scratch,
    /// Where the token being built ends, for error messages.
    at: usize,
}

impl<'a> Builder<'a> {
    fn new(source: &'a str) -> Self {
        // Every element but an empty one has two tags, so half the count of `<` sizes the
        // node vector in one allocation for most replies: growing it by doubling would keep
        // the old and the new vector alive at once, at the peak.
        let estimate = memchr::memchr_iter(b'<', source.as_bytes()).count() / 2 + 8;
        Builder {
            src: source,
            doc: Document {
                source: String::new(),
                nodes: Vec::with_capacity(estimate),
                attributes: Vec::with_capacity(estimate / 4 + 4),
                namespaces: {
                    let mut namespaces = Vec::with_capacity(8);
                    namespaces.extend(KNOWN_URIS);
                    namespaces
                },
                declarations: Vec::with_capacity(8),
                text: String::new(),
            },
            scratch: Scratch::take(),
            at: 0,
        }
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        ParseError { message: message.into(), offset: self.at }
    }

    fn run(&mut self) -> Result<(), ParseError> {
        let mut tokens = Tokens::new(self.src);
        let mut seen_root = false;
        while let Some((token, span)) = tokens.next_token()? {
            self.at = span.end;
            let (start, end) = (span.start as u32, span.end as u32);
            let outside = self.scratch.stack.is_empty();
            match token {
                Token::Start { .. } if outside && seen_root => return Err(self.error("a second root element")),
                Token::Start { name, attributes, empty } => {
                    seen_root = true;
                    self.open(name, attributes, start..end, empty)?;
                }
                Token::End(name) => self.close(name, start, end)?,
                Token::Text(text) if outside => {
                    if !text.trim().is_empty() {
                        return Err(self.error("text outside the root element"));
                    }
                }
                Token::Text(text) => {
                    let in_source = match &text {
                        Cow::Borrowed(s) => source_range(self.src, s),
                        Cow::Owned(_) => None,
                    };
                    self.push_text(&text, in_source);
                }
                Token::CData(_) if outside => return Err(self.error("CDATA outside the root element")),
                Token::CData(text) => self.push_text(&text, None),
                Token::Ref(_) if outside => return Err(self.error("a reference outside the root element")),
                Token::Ref(name) => {
                    let resolved = reference(name).map_err(|message| self.error(message))?;
                    self.push_text(resolved.encode_utf8(&mut [0; 4]), None);
                }
            }
        }
        if !self.scratch.stack.is_empty() {
            return Err(self.error("the document ends inside an element (truncated?)"));
        }
        if !seen_root {
            return Err(self.error("no root element"));
        }
        Ok(())
    }

    /// Copies `value` into the decoded-text buffer.
    fn decoded(&mut self, value: &str) -> Text {
        let from = self.doc.text.len() as u32;
        self.doc.text.push_str(value);
        Text::decoded(from..self.doc.text.len() as u32)
    }

    /// Where a name of the input is; names always borrow from it.
    fn name_range(&self, name: &str) -> Range<u32> {
        source_range(self.src, name).unwrap_or(0..0)
    }

    /// The index of `uri` in the document's table, added if new; `uri` is a known URI or a
    /// declaration's value, which is in the input or the decoded-text buffer already.
    fn intern(&mut self, uri: &str) -> Result<u32, ParseError> {
        let doc = &self.doc;
        let found = doc.namespaces.iter().position(|known| match *known {
            Uri::Known(known) => known == uri,
            Uri::Declared(text) => text.in_(self.src, &doc.text) == uri,
        });
        if let Some(index) = found {
            return Ok(index as u32);
        }
        if doc.namespaces.len() >= scope::MAX_NAMESPACES {
            return Err(self.error(format!("more than {} distinct namespaces", scope::MAX_NAMESPACES)));
        }
        let text = match source_range(self.src, uri) {
            Some(range) => Text::source(range),
            None => self.decoded(uri),
        };
        self.doc.namespaces.push(Uri::Declared(text));
        Ok(self.doc.namespaces.len() as u32 - 1)
    }

    /// The namespace of a name with `prefix` (`""`: none): an element without one is in the
    /// default namespace, an attribute without one in none.
    fn resolve(&self, prefix: &str, element: bool) -> Result<u32, ParseError> {
        match prefix {
            "" if !element => Ok(0),
            "xml" => Ok(XML_INDEX),
            _ => match self.scratch.scope.lookup(self.src, prefix) {
                Some(ns) => Ok(ns),
                None if prefix.is_empty() => Ok(0),
                // node-soap writes `xsi:nil="true"` without declaring `xsi`; the prefix is so
                // conventional that reading it as XML Schema instance loses nothing.
                None if !element && prefix == "xsi" => Ok(XSI_INDEX),
                None => Err(self.error(format!("undeclared namespace prefix `{prefix}`"))),
            },
        }
    }

    /// Brings a namespace declaration of element `id` into scope.
    fn declare(&mut self, id: NodeId, binding: PrefixDeclaration<'_>, uri: &str) -> Result<(), ParseError> {
        let prefix = match binding {
            PrefixDeclaration::Default => 0..0,
            PrefixDeclaration::Named(prefix) => self.name_range(prefix),
        };
        let name = &self.src[prefix.start as usize..prefix.end as usize];
        if !Scope::check(name, uri).map_err(|message| self.error(message))? {
            return Ok(());
        }
        let ns = self.intern(uri)?;
        self.scratch.scope.bind(prefix.clone(), ns).map_err(|message| self.error(message))?;
        self.doc.declarations.push((id, prefix, ns));
        Ok(())
    }

    /// Adds the element whose start tag, named `name`, spans `tag`.
    fn open(
        &mut self,
        name: &'a str,
        attributes: Attributes<'a>,
        tag: Range<u32>,
        empty: bool,
    ) -> Result<(), ParseError> {
        if self.scratch.stack.len() >= MAX_DEPTH {
            return Err(self.error(format!("elements nested deeper than {MAX_DEPTH}")));
        }
        let id = self.doc.nodes.len() as NodeId;
        let outer_scope = self.scratch.scope.len();
        let attr_start = self.doc.attributes.len();
        // Duplicate attributes are not looked for: the check costs a few percent of every
        // parse, and a duplicate changes nothing a client reads (the first one wins).
        for attr in attributes.filter_empty().into_iter().flatten() {
            let (key, value) = attr?;
            let attr = RawAttribute { key: QName(key), value: Cow::Borrowed(value) };
            let value = attribute_value(&attr).map_err(|err| self.error(err.to_string()))?;
            if let Some(binding) = attr.key.as_namespace_binding() {
                self.declare(id, binding, &value)?;
                continue;
            }
            let value = match &value {
                Cow::Borrowed(s) => source_range(self.src, s).map(Text::source),
                Cow::Owned(_) => None,
            }
            .unwrap_or_else(|| self.decoded(&value));
            // The qualified name for now: its prefix can be resolved only once all the
            // tag's declarations, which may follow it, are in scope.
            let qname = self.name_range(key);
            self.doc.attributes.push(Attribute { ns: 0, local: qname, value });
        }
        let src = self.src;
        let (prefix, local) = split_qname(src, self.name_range(name));
        let ns = self.resolve(&src[prefix], true)? as u16;
        let mut nil = false;
        for i in attr_start..self.doc.attributes.len() {
            let (prefix, local) = split_qname(src, self.doc.attributes[i].local.clone());
            let attr_ns = self.resolve(&src[prefix], false)?;
            let attr = &mut self.doc.attributes[i];
            attr.ns = attr_ns;
            attr.local = local.start as u32..local.end as u32;
            if attr_ns == XSI_INDEX && &src[local] == "nil" {
                // The document's input is not in place yet: read the value from the builder's.
                nil = matches!(attr.value.in_(src, &self.doc.text).trim(), "true" | "1");
            }
        }
        let local = local.start as u32..local.end as u32;
        self.doc.nodes.push(Node {
            ns,
            local,
            inner: tag.end..tag.end,
            span: tag,
            attributes: attr_start as u32..self.doc.attributes.len() as u32,
            text: Text::NONE,
            first_child: NONE,
            next_sibling: NONE,
            nil,
        });
        if let Some(parent) = self.scratch.stack.last_mut() {
            if parent.last_child == NONE {
                self.doc.nodes[parent.id as usize].first_child = id;
            } else {
                self.doc.nodes[parent.last_child as usize].next_sibling = id;
            }
            parent.last_child = id;
        }
        if empty {
            self.scratch.scope.truncate(outer_scope);
        } else {
            self.scratch.stack.push(Open { id, last_child: NONE, scope: outer_scope });
        }
        Ok(())
    }

    /// Ends the open element at its end tag `name`, which spans `start..end`.
    fn close(&mut self, name: &str, start: u32, end: u32) -> Result<(), ParseError> {
        let open =
            self.scratch.stack.pop().ok_or_else(|| self.error(format!("the end tag </{name}> closes nothing")))?;
        let node = &mut self.doc.nodes[open.id as usize];
        // The start tag's qualified name runs from after its `<` to the end of the local name.
        let opened = &self.src[node.span.start as usize + 1..node.local.end as usize];
        if opened != name {
            let message = format!("the end tag </{name}> closes <{opened}>");
            return Err(ParseError { message, offset: start as usize });
        }
        node.inner.end = start;
        node.span.end = end;
        self.scratch.scope.truncate(open.scope);
        Ok(())
    }

    /// Appends a piece of text to the open element. `source` is the piece's place in the
    /// input when it is exactly the input's bytes.
    fn push_text(&mut self, piece: &str, source: Option<Range<u32>>) {
        let open = self.scratch.stack.last_mut().expect("caller checked the stack");
        let node = &mut self.doc.nodes[open.id as usize];
        if node.first_child != NONE {
            // Text after a child element (mixed content) carries no data in SOAP's
            // element-only content, and keeping it would mean copying the element's
            // earlier text forward each time: quadratic in a hostile reply.
            return;
        }
        // With no child yet, an element's pieces arrive one after another, so its decoded
        // text is always the end of the buffer and a new piece is simply appended.
        let text = node.text;
        match (text.is_none(), text.is_decoded(), source) {
            (true, _, Some(r)) => node.text = Text::source(r),
            (true, _, None) => {
                let from = self.doc.text.len() as u32;
                self.doc.text.push_str(piece);
                node.text = Text::decoded(from..self.doc.text.len() as u32);
            }
            (false, false, _) => {
                // A second piece: move the first one into the decoded buffer too.
                let r = text.range();
                let from = self.doc.text.len() as u32;
                self.doc.text.push_str(&self.src[r.start as usize..r.end as usize]);
                self.doc.text.push_str(piece);
                node.text = Text::decoded(from..self.doc.text.len() as u32);
            }
            (false, true, _) => {
                debug_assert_eq!(text.range().end as usize, self.doc.text.len());
                self.doc.text.push_str(piece);
                node.text = Text::decoded(text.range().start..self.doc.text.len() as u32);
            }
        }
    }
}

/// An attribute's value as XML defines it: references replaced and white space
/// normalized. Most values have neither, and are returned as they stand without the
/// normalizing pass.
pub(super) fn attribute_value<'a>(attr: &RawAttribute<'a>) -> quick_xml::Result<Cow<'a, str>> {
    let bytes = attr.value.as_bytes();
    if memchr::memchr3(b'&', b'\t', b'\n', bytes).is_none() && memchr::memchr(b'\r', bytes).is_none() {
        return Ok(attr.value.clone());
    }
    attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
}

/// A qualified name's prefix (empty when it has none) and local name, as ranges of `source`.
fn split_qname(source: &str, qname: Range<u32>) -> (Range<usize>, Range<usize>) {
    let (start, end) = (qname.start as usize, qname.end as usize);
    // Names are short: a plain loop beats `memchr`'s set-up here.
    match source.as_bytes()[start..end].iter().position(|&b| b == b':') {
        Some(colon) => (start..start + colon, start + colon + 1..end),
        None => (start..start, start..end),
    }
}

/// The range of `part` within `source`, when `part` borrows from it.
fn source_range(source: &str, part: &str) -> Option<Range<u32>> {
    let start = (part.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
    (start + part.len() <= source.len()).then(|| start as u32..(start + part.len()) as u32)
}

/// The character a reference (`amp`, `#38`, `#x26`) stands for: one of the five
/// predefined entities or a character XML 1.0 allows.
pub(super) fn reference(name: &str) -> Result<char, String> {
    match BytesRef::new(name).resolve_char_ref() {
        Ok(Some(c)) if is_xml_char(c) => Ok(c),
        Ok(Some(c)) => Err(format!("reference to U+{:04X}, which XML 1.0 forbids", c as u32)),
        Ok(None) => predefined(name).ok_or_else(|| "an entity reference other than the five predefined ones".into()),
        Err(e) => Err(e.to_string()),
    }
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_mixed_content_costs_linear_memory() {
        // 100,000 text pieces after children: none is kept, so nothing is copied forward.
        let hostile = format!("<a>&amp;{}</a>", "x<b/>".repeat(100_000));
        let doc = Document::parse(hostile).unwrap();
        assert_eq!(doc.text(doc.root()), "&x");
        assert!(doc.text.len() < 16, "{}", doc.text.len());
    }

    /// One node per element: its size is most of a large reply's memory.
    #[test]
    fn a_node_stays_small() {
        assert_eq!(std::mem::size_of::<Node>(), 52);
    }

    #[test]
    fn qnames_in_text_resolve_against_the_declarations_in_scope() {
        let doc = Document::parse(
            r#"<a xmlns:p="urn:p"><b><c/></b><d xmlns:p="urn:q"><e/></d><f xmlns="urn:f"/><g/></a>"#.to_owned(),
        )
        .unwrap();
        let ns = |id, qname| doc.resolve_qname_in_text(id, qname).0;
        // c: declared on the grandparent; e: the inner declaration wins; g: d's is out of scope.
        assert_eq!((ns(2, "p:x"), ns(4, "p:x"), ns(6, "p:x")), ("urn:p", "urn:q", "urn:p"));
        assert_eq!((ns(5, "x"), ns(6, "x"), ns(1, "xml:x"), ns(1, "nope:x")), ("urn:f", "", scope::XML, ""));
        assert_eq!(doc.resolve_qname_in_text(3, "p:local").1, "local");
    }

    fn parse(xml: &str) -> Result<Document, String> {
        Document::parse(xml.to_owned()).map_err(|(e, _)| e.message)
    }

    #[test]
    fn names_resolve_against_the_declarations_in_scope() {
        // A prefix declared after the attribute that uses it, on the same tag; a default
        // namespace undeclared by `xmlns=""`; a rebinding that ends with its element.
        let doc = parse(
            r#"<p:a q:x="1" xmlns:q="urn:q" xmlns:p="urn:p" xmlns="urn:d"><b xmlns=""/><c/><p:d xmlns:p="urn:p2"/><p:e/></p:a>"#,
        )
        .unwrap();
        let root = doc.root();
        assert_eq!(doc.namespace(root), "urn:p");
        assert_eq!(doc.attributes(root).collect::<Vec<_>>(), [("urn:q", "x", "1")]);
        let names: Vec<_> = doc.children(root).map(|c| (doc.namespace(c), doc.local_name(c))).collect();
        assert_eq!(names, [("", "b"), ("urn:d", "c"), ("urn:p2", "d"), ("urn:p", "e")]);
        let doc = parse(r#"<a xml:lang="en" xmlns:xml="http://www.w3.org/XML/1998/namespace"/>"#).unwrap();
        assert_eq!(doc.attributes(doc.root()).next().unwrap().0, scope::XML);
    }

    #[test]
    fn a_failed_parse_leaves_nothing_behind_for_the_next() {
        // The working stacks are kept per thread: a parse that fails deep inside elements
        // with declarations must not leave them to the next one.
        assert!(parse(r#"<a xmlns:p="urn:p"><b xmlns="urn:d"><c>"#).is_err());
        let doc = parse("<p:x xmlns:p='urn:x'><y/></p:x>").unwrap();
        assert_eq!((doc.namespace(0), doc.local_name(0)), ("urn:x", "x"));
        assert_eq!(doc.namespace(1), "");
        assert!(parse("<c/>").is_ok());
        assert!(parse("<p:c/>").unwrap_err().contains("undeclared namespace prefix `p`"));
    }

    #[test]
    fn misused_and_unbounded_declarations_are_refused() {
        for (xml, message) in [
            (r#"<a xmlns:xml="urn:x"/>"#, "the `xml` prefix bound to `urn:x`"),
            (r#"<a xmlns:xmlns="urn:x"/>"#, "a declaration of the `xmlns` prefix"),
            (r#"<a xmlns:p="http://www.w3.org/2000/xmlns/"/>"#, "reserved"),
            (r#"<p:a/>"#, "undeclared namespace prefix `p`"),
            (r#"<a><p:b xmlns:p="urn:p"/><p:c/></a>"#, "undeclared namespace prefix `p`"),
            ("<a><b></a></b>", "the end tag </a> closes <b>"),
            (r#"<p:a xmlns:p="urn:p" xmlns:q="urn:p"></q:a>"#, "the end tag </q:a> closes <p:a>"),
            ("<a></a></a>", "the end tag </a> closes nothing"),
        ] {
            let error = parse(xml).unwrap_err();
            assert!(error.contains(message), "{xml}: {error}");
        }
        let nested = format!("{}{}", r#"<a xmlns:p="urn:p" xmlns:q="urn:q">"#.repeat(65), "</a>".repeat(65));
        assert!(parse(&nested).unwrap_err().contains("more than 128 namespace declarations in scope"));
        let distinct: String = (0..1100).map(|i| format!(r#"<b xmlns="urn:{i}"/>"#)).collect();
        assert!(parse(&format!("<a>{distinct}</a>")).unwrap_err().contains("more than 1024 distinct namespaces"));
        // Many declarations one after another, each going out of scope, are fine.
        let siblings = r#"<b xmlns:p="urn:p" xmlns:q="urn:q"/>"#.repeat(1000);
        assert!(parse(&format!("<a>{siblings}</a>")).is_ok());
    }
}
