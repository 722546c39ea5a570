//! A reply read as a stream of elements and text, while its bytes arrive: what the
//! streaming decoder ([`super::de::stream`]) builds values from, without a tree.
//!
//! It splits the input with the tree builder's tokenizer ([`super::markup`]) and applies
//! the same rules as the builder: namespace prefixes resolved and checked (the same
//! [`Scope`] and limits), end tags matched, nesting bounded by [`MAX_DEPTH`], references
//! resolved the same way, nothing but one root. So a document reads the same, or is
//! refused, whichever of the two reads it.
//!
//! The input grows from a [`Feed`] as the reader needs it, and stays: a value of the reply
//! kept as XML (`RawXml`) is a range of it, and a reply the stream cannot decode is read
//! again whole by the tree (faults, open content). Holding the reply while its result is
//! built is within the memory the decoder is allowed (BENCHMARKS.md, "Large replies").

use quick_xml::events::attributes::Attribute as RawAttribute;
use quick_xml::name::QName;
use std::borrow::Cow;
use std::ops::Range;

use super::markup::{self, Token, Tokens};
use super::scope::{self, Scope};
use super::tree::{self, MAX_DEPTH, ParseError, XSI};
use crate::error::Error;

/// Where more of a document comes from.
pub(crate) trait Feed: Send {
    /// The next piece of the document, `None` after its last byte. An error ends the read
    /// (the connection failed, or the reply grew past the client's limit).
    fn next_chunk(&mut self) -> std::result::Result<Option<bytes::Bytes>, Error>;
}

/// Why the stream stopped.
#[derive(Debug)]
pub(crate) enum StreamError {
    /// The document is not well-formed, or breaks a limit: the tree says the same.
    /// (Boxed: the error is rare, and every event's `Result` is as large as it.)
    Xml(Box<ParseError>),
    /// The bytes stopped coming: the transport's error is kept by the reader
    /// ([`Events::transport_error`]).
    Feed,
}

impl From<ParseError> for StreamError {
    fn from(e: ParseError) -> Self {
        StreamError::Xml(Box::new(e))
    }
}

pub(crate) type Result<T> = std::result::Result<T, StreamError>;

/// A start tag, its namespace prefixes resolved.
#[derive(Debug, Clone)]
pub(crate) struct Start {
    /// The local name, a range of the input.
    pub(crate) local: Range<u32>,
    /// The namespace, an index into the reader's URI table, or [`DEFAULT`] for a name
    /// without a prefix: the default namespace is looked up only when asked for
    /// ([`Events::namespace`]), as values are read by local name.
    ns: u32,
    /// The tag, `<` to `>`.
    pub(crate) span: Range<usize>,
    /// `xsi:nil` is `true` or `1`.
    pub(crate) nil: bool,
    /// It has attributes other than namespace declarations (they are in
    /// [`Events::attributes`] until the next start tag).
    pub(crate) attributes: bool,
}

/// One step through the document.
#[derive(Debug, Clone)]
pub(crate) enum Event {
    Start(Start),
    /// The end tag (empty for an empty-element tag's end) of the innermost open element.
    End(Range<usize>),
    /// A piece of an element's text.
    Text(Piece),
    /// After the root element, at the end of the input.
    Eof,
}

/// A piece of text: a range of the input as it stands, the reader's copy of text that
/// had to change (line ends normalized, CDATA), or the character of a reference.
#[derive(Debug, Clone)]
pub(crate) enum Piece {
    Source(Range<usize>),
    Owned,
    Char(char),
}

/// An element's text: where it is once assembled from its pieces.
#[derive(Debug, Clone)]
pub(crate) enum TextRef {
    Source(Range<usize>),
    Scratch,
}

/// An attribute of the last start tag: its namespace index, local name and value.
#[derive(Debug, Clone)]
pub(crate) struct Attribute {
    pub(crate) ns: u32,
    pub(crate) local: Range<u32>,
    value: Value,
}

#[derive(Debug, Clone)]
enum Value {
    Source(Range<usize>),
    /// A range of [`Events::values`]: normalized or with references resolved.
    Owned(Range<usize>),
}

#[derive(Debug, Clone)]
enum Uri {
    Known(&'static str),
    Source(Range<usize>),
    Owned(String),
}

struct Open {
    /// The qualified name, a range of the input.
    name: Range<u32>,
    /// The bindings in scope outside this element.
    scope: u32,
}

/// The reader. See the module documentation.
pub(crate) struct Events {
    input: String,
    /// The end of the last chunk when it ended inside a UTF-8 sequence.
    carry: Vec<u8>,
    feed: Option<Box<dyn Feed>>,
    pos: usize,
    uris: Vec<Uri>,
    scope: Scope,
    stack: Vec<Open>,
    attributes: Vec<Attribute>,
    /// The last start tag's attributes as written: ranges of name and value.
    raw: Vec<(Range<usize>, Range<usize>)>,
    /// The last start tag's changed attribute values.
    values: String,
    /// The last changed text piece.
    piece: String,
    /// An element's text assembled from several pieces.
    scratch: String,
    peeked: Option<Event>,
    /// An empty-element tag was the last start: its end comes next.
    empty: bool,
    seen_root: bool,
    /// The feed's error, once it has failed.
    failed: Option<Error>,
}

/// [`Start::ns`] of a name in the default namespace, not yet looked up.
const DEFAULT: u32 = u32::MAX;

/// Index of [`scope::XML`] and of [`XSI`] in the URI table, as in the tree's.
const XML_INDEX: u32 = tree::XML_INDEX;
const XSI_INDEX: u32 = tree::XSI_INDEX;

impl Events {
    /// A reader of `input`, the document so far, then of what `feed` brings (`None`:
    /// `input` is the whole document).
    pub(crate) fn new(input: String, feed: Option<Box<dyn Feed>>) -> Self {
        Events {
            input,
            carry: Vec::new(),
            feed,
            pos: 0,
            uris: vec![Uri::Known(""), Uri::Known(scope::XML), Uri::Known(XSI)],
            scope: Scope::with_capacity(8),
            stack: Vec::with_capacity(16),
            attributes: Vec::new(),
            raw: Vec::new(),
            values: String::new(),
            piece: String::new(),
            scratch: String::new(),
            peeked: None,
            empty: false,
            seen_root: false,
            failed: None,
        }
    }

    /// A reader of bytes that may not be UTF-8: bytes that are not come back (an
    /// unfinished sequence at the end is kept for the feed to finish).
    pub(crate) fn from_bytes(bytes: Vec<u8>, feed: Option<Box<dyn Feed>>) -> std::result::Result<Self, Vec<u8>> {
        match String::from_utf8(bytes) {
            Ok(input) => Ok(Events::new(input, feed)),
            Err(e) if feed.is_some() && e.utf8_error().error_len().is_none() => {
                let valid = e.utf8_error().valid_up_to();
                let mut bytes = e.into_bytes();
                let carry = bytes.split_off(valid);
                let input = String::from_utf8(bytes).expect("checked up to here");
                Ok(Events { carry, ..Events::new(input, feed) })
            }
            Err(e) => Err(e.into_bytes()),
        }
    }

    /// The transport's error, if the feed failed: what the call fails with.
    pub(crate) fn transport_error(&mut self) -> Option<Error> {
        self.failed.take()
    }

    /// Reads what the feed still has, for a reader that gives up on the stream.
    pub(crate) fn read_all(&mut self) -> std::result::Result<(), Error> {
        while self.feed.is_some() {
            match self.grow() {
                Ok(()) => {}
                Err(StreamError::Feed) => return Err(self.failed.take().expect("kept when the feed failed")),
                // Bytes that are no UTF-8: the whole reply's reader says so.
                Err(StreamError::Xml(_)) => {
                    self.feed = None;
                }
            }
        }
        Ok(())
    }

    /// The whole input as bytes, for the tree (any bytes that were no UTF-8 included).
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        let mut bytes = self.input.into_bytes();
        bytes.extend_from_slice(&self.carry);
        bytes
    }

    #[inline]
    pub(crate) fn str(&self, range: Range<usize>) -> &str {
        &self.input[range]
    }

    #[inline]
    pub(crate) fn local(&self, start: &Start) -> &str {
        &self.input[start.local.start as usize..start.local.end as usize]
    }

    /// The namespace of the element `start` opened, which must be the innermost open
    /// element (its declarations in scope, no child's yet).
    pub(crate) fn namespace(&self, start: &Start) -> &str {
        let ns = match start.ns {
            DEFAULT => self.scope.lookup(&self.input, "").unwrap_or(0),
            ns => ns,
        };
        self.uri(ns)
    }

    #[inline]
    fn uri(&self, ns: u32) -> &str {
        match &self.uris[ns as usize] {
            Uri::Known(uri) => uri,
            Uri::Source(r) => &self.input[r.clone()],
            Uri::Owned(uri) => uri,
        }
    }

    /// The attributes of the last start tag, other than namespace declarations.
    pub(crate) fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    pub(crate) fn attribute_local(&self, a: &Attribute) -> &str {
        &self.input[a.local.start as usize..a.local.end as usize]
    }

    pub(crate) fn attribute_value(&self, a: &Attribute) -> &str {
        match &a.value {
            Value::Source(r) => &self.input[r.clone()],
            Value::Owned(r) => &self.values[r.clone()],
        }
    }

    #[inline]
    pub(crate) fn text_of(&self, text: &TextRef) -> &str {
        match text {
            TextRef::Source(r) => &self.input[r.clone()],
            TextRef::Scratch => &self.scratch,
        }
    }

    /// Resolves a QName in text (an `xsi:type`) against the bindings in scope, as the
    /// tree does: an undeclared prefix is no namespace.
    pub(crate) fn resolve_qname_in_text<'q>(&'q self, qname: &'q str) -> (&'q str, &'q str) {
        let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
        let ns = match prefix {
            "xml" => Some(XML_INDEX),
            _ => self.scope.lookup(&self.input, prefix),
        };
        (ns.map_or("", |ns| self.uri(ns)), local)
    }

    /// The next event, without taking it.
    pub(crate) fn peek(&mut self) -> Result<&Event> {
        if self.peeked.is_none() {
            let event = self.read()?;
            self.peeked = Some(event);
        }
        Ok(self.peeked.as_ref().expect("just read"))
    }

    #[inline]
    pub(crate) fn next(&mut self) -> Result<Event> {
        match self.peeked.take() {
            Some(event) => Ok(event),
            None => self.read(),
        }
    }

    /// The next child element of the open element, stepping over text; `None` when its
    /// end tag comes first (and has been read).
    #[inline]
    pub(crate) fn next_child(&mut self) -> Result<Option<Start>> {
        if let Some(start) = self.plain_start() {
            return Ok(Some(start));
        }
        loop {
            match self.next()? {
                Event::Start(start) => return Ok(Some(start)),
                Event::End(_) => return Ok(None),
                Event::Text(_) => {}
                Event::Eof => return Err(xml_error("the document ends inside an element (truncated?)", self.pos)),
            }
        }
    }

    /// The text of the open element up to its first child or its end, as the tree keeps
    /// it; `true` when its end tag has been read, `false` when a child comes next.
    #[inline]
    pub(crate) fn text(&mut self) -> Result<(TextRef, bool)> {
        if let Some(text) = self.leaf_text() {
            return Ok((TextRef::Source(text), true));
        }
        let mut text: Option<TextRef> = None;
        loop {
            let piece = match self.next()? {
                Event::Text(piece) => piece,
                start @ Event::Start(_) => {
                    self.peeked = Some(start);
                    return Ok((text.unwrap_or(TextRef::Source(0..0)), false));
                }
                Event::End(_) => return Ok((text.unwrap_or(TextRef::Source(0..0)), true)),
                Event::Eof => return Err(xml_error("the document ends inside an element (truncated?)", self.pos)),
            };
            text = Some(match (text, piece) {
                (None, Piece::Source(r)) => TextRef::Source(r),
                (earlier, piece) => {
                    match earlier {
                        None => self.scratch.clear(),
                        Some(TextRef::Source(r)) => {
                            self.scratch.clear();
                            self.scratch.push_str(&self.input[r]);
                        }
                        Some(TextRef::Scratch) => {}
                    }
                    match piece {
                        Piece::Source(r) => self.scratch.push_str(&self.input[r]),
                        Piece::Owned => self.scratch.push_str(&self.piece),
                        Piece::Char(c) => self.scratch.push(c),
                    }
                    TextRef::Scratch
                }
            });
        }
    }

    /// The commonest start tag, a name alone without a prefix (`<Item>`), after nothing but
    /// white space, opened in one step where it is in the input already. `None` leaves
    /// everything as it was, for the token by token reading (which reads the same tag).
    #[inline]
    fn plain_start(&mut self) -> Option<Start> {
        if self.peeked.is_some() || self.empty || self.stack.is_empty() || self.stack.len() >= MAX_DEPTH {
            return None;
        }
        let bytes = self.input.as_bytes();
        let at = self.pos + bytes[self.pos..].iter().position(|&b| !matches!(b, b' ' | b'\t' | b'\n'))?;
        if bytes[at] != b'<' {
            return None;
        }
        let name_len = bytes[at + 1..].iter().position(|&b| {
            matches!(
                b,
                b'>' | b'/' | b':' | b'!' | b'?' | b'"' | b'\'' | b'<' | b'&' | b'=' | b' ' | b'\t' | b'\r' | b'\n'
            )
        })?;
        let end = at + 1 + name_len;
        if name_len == 0 || bytes[end] != b'>' || (end + 1 == bytes.len() && self.feed.is_some()) {
            return None;
        }
        let name = at + 1..end;
        self.attributes.clear();
        self.stack.push(Open { name: name.start as u32..name.end as u32, scope: self.scope.len() });
        self.pos = end + 1;
        Some(Start {
            local: name.start as u32..name.end as u32,
            ns: DEFAULT,
            span: at..end + 1,
            nil: false,
            attributes: false,
        })
    }

    /// A value's text and its own end tag in one step, where both are plain and in the
    /// input already ([`markup::plain_leaf`]).
    #[inline]
    fn leaf_text(&mut self) -> Option<Range<usize>> {
        if self.peeked.is_some() || self.empty {
            return None;
        }
        let open = self.stack.last()?;
        let qname = &self.input[open.name.start as usize..open.name.end as usize];
        let (tag, end) = markup::plain_leaf(&self.input, self.pos, qname)?;
        if end == self.input.len() && self.feed.is_some() {
            // As `read` does: the input may be cut here, so let it grow first.
            return None;
        }
        let text = self.pos..tag;
        let scope = open.scope;
        self.stack.pop();
        self.scope.truncate(scope);
        self.pos = end;
        Some(text)
    }

    /// Reads the rest of the open element, through its end tag; returns that tag's range.
    pub(crate) fn skip_element(&mut self) -> Result<Range<usize>> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Event::Start(_) => depth += 1,
                Event::End(span) if depth == 0 => return Ok(span),
                Event::End(_) => depth -= 1,
                Event::Text(_) => {}
                Event::Eof => return Err(xml_error("the document ends inside an element (truncated?)", self.pos)),
            }
        }
    }

    /// Reads to the end of the document: only the end of the root may be left.
    pub(crate) fn finish(&mut self) -> Result<()> {
        while !self.stack.is_empty() {
            self.skip_element()?;
        }
        match self.next()? {
            Event::Eof => Ok(()),
            _ => Err(xml_error("a second root element", self.pos)),
        }
    }

    /// The next event from the input, growing it from the feed when a token may be cut.
    #[inline]
    fn read(&mut self) -> Result<Event> {
        if self.empty {
            self.empty = false;
            let at = self.pos;
            self.close(None, at..at)?;
            return Ok(Event::End(at..at));
        }
        loop {
            if self.pos == 0 && self.input.as_bytes().first() == Some(&0xEF) && self.input.starts_with('\u{FEFF}') {
                // A byte-order mark is not part of the document (it may arrive late).
                self.pos = 3;
            }
            let mut tokens = Tokens::resume(&self.input, self.pos);
            let read = tokens.next_token();
            let complete = self.feed.is_none() || matches!(&read, Ok(Some((_, span))) if span.end < self.input.len());
            if !complete {
                drop(read);
                self.grow()?;
                continue;
            }
            let Some((token, span)) = read.map_err(|e| xml_error(e.message, e.offset))? else {
                if !self.stack.is_empty() {
                    return Err(xml_error("the document ends inside an element (truncated?)", self.pos));
                }
                if !self.seen_root {
                    return Err(xml_error("no root element", self.pos));
                }
                return Ok(Event::Eof);
            };
            let next = tokens.pos();
            let outside = self.stack.is_empty();
            let event = match token {
                Token::Start { .. } if outside && self.seen_root => {
                    return Err(xml_error("a second root element", span.end));
                }
                Token::Start { name, attributes, empty } => {
                    let name = offset_range(&self.input, name);
                    self.raw.clear();
                    for attribute in attributes.filter_empty().into_iter().flatten() {
                        let (key, value) = attribute.map_err(|e| xml_error(e.message, e.offset))?;
                        self.raw.push((offset_range(&self.input, key), offset_range(&self.input, value)));
                    }
                    self.pos = next;
                    Event::Start(self.open(name, span, empty)?)
                }
                Token::End(name) => {
                    let name = offset_range(&self.input, name);
                    self.pos = next;
                    self.close(Some(name), span.clone())?;
                    Event::End(span)
                }
                Token::Text(text) if outside => {
                    if !text.trim().is_empty() {
                        return Err(xml_error("text outside the root element", span.end));
                    }
                    self.pos = next;
                    continue;
                }
                Token::CData(_) if outside => return Err(xml_error("CDATA outside the root element", span.end)),
                Token::Ref(_) if outside => return Err(xml_error("a reference outside the root element", span.end)),
                Token::Text(text) | Token::CData(text) => {
                    let piece = match text {
                        Cow::Borrowed(text) => Piece::Source(offset_range(&self.input, text)),
                        Cow::Owned(text) => {
                            self.piece = text;
                            Piece::Owned
                        }
                    };
                    self.pos = next;
                    Event::Text(piece)
                }
                Token::Ref(name) => {
                    let c = tree::reference(name).map_err(|message| xml_error(message, span.end))?;
                    self.pos = next;
                    Event::Text(Piece::Char(c))
                }
            };
            return Ok(event);
        }
    }

    /// Takes at least one more chunk from the feed, and as many more as double what the
    /// cut token has so far, so that a long token is not scanned again once per chunk.
    fn grow(&mut self) -> Result<()> {
        let Some(feed) = self.feed.as_mut() else { return Ok(()) };
        let wanted = self.input.len() + (self.input.len() - self.pos.min(self.input.len())).max(1);
        while self.input.len() < wanted {
            let chunk = match feed.next_chunk() {
                Ok(Some(chunk)) => chunk,
                Ok(None) => {
                    self.feed = None;
                    if !self.carry.is_empty() {
                        return Err(xml_error("not UTF-8", self.input.len()));
                    }
                    return Ok(());
                }
                Err(e) => {
                    self.feed = None;
                    self.failed = Some(e);
                    return Err(StreamError::Feed);
                }
            };
            if self.input.len() + chunk.len() >= tree::MAX_INPUT {
                return Err(xml_error("a document of 2 GiB or more", self.input.len()));
            }
            let joined;
            let bytes: &[u8] = if self.carry.is_empty() {
                &chunk
            } else {
                joined = [std::mem::take(&mut self.carry).as_slice(), &chunk].concat();
                &joined
            };
            match std::str::from_utf8(bytes) {
                Ok(text) => self.input.push_str(text),
                Err(e) if e.error_len().is_none() => {
                    let valid = e.valid_up_to();
                    self.input.push_str(std::str::from_utf8(&bytes[..valid]).expect("valid up to here"));
                    self.carry = bytes[valid..].to_vec();
                }
                Err(_) => return Err(xml_error("not UTF-8", self.input.len())),
            }
        }
        Ok(())
    }

    /// Opens the element whose qualified name is `name` and whose attributes are in
    /// `self.raw` (ranges of name and value), as the tree builder does.
    #[inline]
    fn open(&mut self, name: Range<usize>, span: Range<usize>, empty: bool) -> Result<Start> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(xml_error(format!("elements nested deeper than {MAX_DEPTH}"), span.end));
        }
        self.seen_root = true;
        let outer = self.scope.len();
        self.attributes.clear();
        let mut nil = false;
        if !self.raw.is_empty() {
            nil = self.open_attributes(span.end)?;
        }
        let (prefix, local) = split_qname(&self.input, name.clone());
        let ns = if prefix.is_empty() { DEFAULT } else { self.resolve(prefix, true, span.end)? };
        self.stack.push(Open { name: name.start as u32..name.end as u32, scope: outer });
        self.empty = empty;
        Ok(Start {
            local: local.start as u32..local.end as u32,
            ns,
            span,
            nil,
            attributes: !self.attributes.is_empty(),
        })
    }

    /// Reads the attributes of the tag being opened: declarations into scope, the others
    /// into `self.attributes` with their namespaces resolved. Returns whether `xsi:nil`
    /// is true.
    fn open_attributes(&mut self, at: usize) -> Result<bool> {
        self.values.clear();
        let raw = std::mem::take(&mut self.raw);
        for (key, value) in raw.iter().cloned() {
            let attr =
                RawAttribute { key: QName(&self.input[key.clone()]), value: Cow::Borrowed(&self.input[value.clone()]) };
            let normalized = tree::attribute_value(&attr).map_err(|e| xml_error(e.to_string(), at))?;
            let value = match normalized {
                Cow::Borrowed(_) => Value::Source(value),
                Cow::Owned(text) => {
                    let from = self.values.len();
                    self.values.push_str(&text);
                    Value::Owned(from..self.values.len())
                }
            };
            let key_text = &self.input[key.clone()];
            if key_text == "xmlns" || key_text.starts_with("xmlns:") {
                let prefix = if key_text == "xmlns" { key.end..key.end } else { key.start + 6..key.end };
                self.declare(prefix, value, at)?;
                continue;
            }
            // The qualified name for now: its prefix may be declared later in the tag.
            self.attributes.push(Attribute { ns: 0, local: key.start as u32..key.end as u32, value });
        }
        self.raw = raw;
        let mut nil = false;
        for i in 0..self.attributes.len() {
            let key = &self.attributes[i].local;
            let (prefix, local) = split_qname(&self.input, key.start as usize..key.end as usize);
            let ns = self.resolve(prefix, false, at)?;
            let is_nil = ns == XSI_INDEX && &self.input[local.clone()] == "nil";
            let attribute = &mut self.attributes[i];
            attribute.ns = ns;
            attribute.local = local.start as u32..local.end as u32;
            if is_nil {
                let value = self.attribute_value(&self.attributes[i]);
                nil = matches!(value.trim(), "true" | "1");
            }
        }
        Ok(nil)
    }

    #[inline]
    fn close(&mut self, name: Option<Range<usize>>, span: Range<usize>) -> Result<()> {
        let Some(open) = self.stack.pop() else {
            let name = name.map_or("", |n| &self.input[n]);
            return Err(xml_error(format!("the end tag </{name}> closes nothing"), span.end));
        };
        let opened = open.name.start as usize..open.name.end as usize;
        if let Some(name) = name
            && self.input.as_bytes()[name.clone()] != self.input.as_bytes()[opened.clone()]
        {
            let message = format!("the end tag </{}> closes <{}>", &self.input[name], &self.input[opened]);
            return Err(xml_error(message, span.start));
        }
        self.scope.truncate(open.scope);
        Ok(())
    }

    fn declare(&mut self, prefix: Range<usize>, value: Value, at: usize) -> Result<()> {
        let uri = match &value {
            Value::Source(r) => &self.input[r.clone()],
            Value::Owned(r) => &self.values[r.clone()],
        };
        if !Scope::check(&self.input[prefix.clone()], uri).map_err(|message| xml_error(message, at))? {
            return Ok(());
        }
        let found = self.uris.iter().position(|known| match known {
            Uri::Known(known) => *known == uri,
            Uri::Source(r) => self.input[r.clone()] == *uri,
            Uri::Owned(known) => known == uri,
        });
        let ns = match found {
            Some(index) => index as u32,
            None => {
                if self.uris.len() >= scope::MAX_NAMESPACES {
                    return Err(xml_error(format!("more than {} distinct namespaces", scope::MAX_NAMESPACES), at));
                }
                let uri = match value {
                    Value::Source(r) => Uri::Source(r),
                    Value::Owned(_) => Uri::Owned(uri.to_owned()),
                };
                self.uris.push(uri);
                self.uris.len() as u32 - 1
            }
        };
        self.scope.bind(prefix.start as u32..prefix.end as u32, ns).map_err(|message| xml_error(message, at))
    }

    /// As the tree builder resolves: an element without a prefix is in the default
    /// namespace, an attribute in none; `xsi` undeclared on an attribute is XML Schema
    /// instance (node-soap writes it so).
    fn resolve(&self, prefix: Range<usize>, element: bool, at: usize) -> Result<u32> {
        let prefix = &self.input[prefix];
        match prefix {
            "" if !element => Ok(0),
            "xml" => Ok(XML_INDEX),
            _ => match self.scope.lookup(&self.input, prefix) {
                Some(ns) => Ok(ns),
                None if prefix.is_empty() => Ok(0),
                None if !element && prefix == "xsi" => Ok(XSI_INDEX),
                None => Err(xml_error(format!("undeclared namespace prefix `{prefix}`"), at)),
            },
        }
    }
}

#[inline]
fn split_qname(input: &str, qname: Range<usize>) -> (Range<usize>, Range<usize>) {
    match input.as_bytes()[qname.clone()].iter().position(|&b| b == b':') {
        Some(colon) => (qname.start..qname.start + colon, qname.start + colon + 1..qname.end),
        None => (qname.start..qname.start, qname),
    }
}

/// Where `part`, a slice of `input`, is in it.
fn offset_range(input: &str, part: &str) -> Range<usize> {
    let start = part.as_ptr() as usize - input.as_ptr() as usize;
    start..start + part.len()
}

#[cold]
fn xml_error(message: impl Into<String>, offset: usize) -> StreamError {
    StreamError::Xml(Box::new(ParseError { message: message.into(), offset }))
}
