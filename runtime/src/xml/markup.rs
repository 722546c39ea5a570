//! Splitting a reply into tags, text, CDATA and references, for the tree builder.
//!
//! quick-xml's `Reader` does this too, but it keeps its own copy of every open element's
//! name whatever its configuration (four to six allocations per reply, growing with the
//! nesting), and validates every piece of the input as UTF-8 again although it was given a
//! `&str`; the two cost about a tenth of a whole decode (BENCHMARKS.md). The tree builder
//! checks end tags against its own stack, so this is the reader without those: quick-xml
//! still finds where a tag ends (`ElementParser`, which knows about quoted `>`) and
//! normalizes line ends and attribute values, and this module walks from one `<` to the
//! next and splits attributes at their quotes (quick-xml's attribute iterator steps through
//! every byte, which was a sixth of a decode of a reply full of namespace declarations).

use memchr::memmem;
use quick_xml::events::{BytesCData, BytesText};
use quick_xml::parser::{ElementParser, Parser};
use std::borrow::Cow;
use std::ops::Range;

/// One piece of a document. Comments, processing instructions and the XML declaration
/// are skipped; a DOCTYPE is an error.
pub(crate) enum Token<'a> {
    /// A start tag, or an empty-element tag (`<a/>`) when `empty`.
    Start { name: &'a str, attributes: Attributes<'a>, empty: bool },
    /// An end tag's qualified name.
    End(&'a str),
    /// Character data, line ends normalized; borrowed when it is the input as it stands.
    Text(Cow<'a, str>),
    /// A CDATA section's content, line ends normalized.
    CData(Cow<'a, str>),
    /// A reference: the name between `&` and `;` (`amp`, `#38`, `#x26`).
    Ref(&'a str),
}

/// Where a token is refused, and why.
pub(crate) struct MarkupError {
    pub(crate) message: &'static str,
    pub(crate) offset: usize,
}

/// The tokens of a document, in order, each with the range of the input it spans.
pub(crate) struct Tokens<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        // A byte-order mark is not part of the document.
        Tokens { src, pos: if src.starts_with('\u{FEFF}') { 3 } else { 0 } }
    }

    /// The tokens of `src` from `pos`, which is where an earlier token ended: how the
    /// streaming reader goes on after its input has grown.
    pub(crate) fn resume(src: &'a str, pos: usize) -> Self {
        Tokens { src, pos }
    }

    /// Where the next token starts.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The next token and the range of the input it spans, or `None` at the end of the input.
    pub(crate) fn next_token(&mut self) -> Result<Option<(Token<'a>, Range<usize>)>, MarkupError> {
        loop {
            let start = self.pos;
            let bytes = &self.src.as_bytes()[start..];
            let Some(&first) = bytes.first() else { return Ok(None) };
            let (token, len) = match first {
                b'<' => match self.markup(start)? {
                    Some(found) => found,
                    None => continue,
                },
                b'&' => {
                    let end = memchr::memchr2(b';', b'<', bytes)
                        .filter(|&i| bytes[i] == b';' && i > 1)
                        .ok_or_else(|| error("a `&` that starts no reference (write `&amp;`)", start))?;
                    (Token::Ref(&self.src[start + 1..start + end]), end + 1)
                }
                _ => {
                    // One search finds the text's end or, first, a CR: only text with a CR
                    // has line ends to normalize, and most has none.
                    let stop = memchr::memchr3(b'<', b'&', b'\r', bytes).unwrap_or(bytes.len());
                    if bytes.get(stop) == Some(&b'\r') {
                        let len = stop + memchr::memchr2(b'<', b'&', &bytes[stop..]).unwrap_or(bytes.len() - stop);
                        let text = BytesText::from_escaped(&self.src[start..start + len]).xml10_content();
                        (Token::Text(text), len)
                    } else {
                        (Token::Text(Cow::Borrowed(&self.src[start..start + stop])), stop)
                    }
                }
            };
            self.pos = start + len;
            return Ok(Some((token, start..self.pos)));
        }
    }

    /// The markup at `start` (a `<`) and its length; `None` for markup that is skipped,
    /// which has been stepped over.
    fn markup(&mut self, start: usize) -> Result<Option<(Token<'a>, usize)>, MarkupError> {
        let rest = &self.src.as_bytes()[start + 1..];
        let ends = |close: &[u8], what: &'static str, from: usize| {
            memmem::find(&rest[from..], close).map(|i| from + i + close.len() + 1).ok_or_else(|| error(what, start))
        };
        match rest.first() {
            Some(b'/') => {
                // An end tag is a name: a plain loop beats `memchr`'s set-up for it.
                let end = rest.iter().position(|&b| b == b'>').ok_or_else(|| error("an end tag without `>`", start))?;
                let name = &self.src[start + 2..start + 1 + end];
                let name =
                    if name.bytes().last().is_some_and(is_space) { name.trim_end_matches(is_space_char) } else { name };
                Ok(Some((Token::End(name), end + 2)))
            }
            Some(b'?') => {
                self.pos = start + ends(b"?>", "a processing instruction without `?>`", 1)?;
                Ok(None)
            }
            Some(b'!') if rest.starts_with(b"!--") => {
                self.pos = start + ends(b"-->", "a comment without `-->`", 3)?;
                Ok(None)
            }
            Some(b'!') if rest.starts_with(b"![CDATA[") => {
                let len = ends(b"]]>", "a CDATA section without `]]>`", 8)?;
                let content = &self.src[start + 9..start + len - 3];
                Ok(Some((Token::CData(BytesCData::new(content).xml10_content()), len)))
            }
            Some(b'!') if rest.starts_with(b"!DOCTYPE") => {
                Err(error("a DOCTYPE, which SOAP forbids (SOAP 1.1 section 3, SOAP 1.2 part 1 section 5)", start))
            }
            Some(b'!') => Err(error("a markup declaration, which SOAP forbids", start)),
            Some(_) => {
                // Most tags are a name alone (`<Id>`, `<Item/>`): one loop over the name
                // finds their end.
                let name_len = rest.iter().position(|&b| matches!(b, b'>' | b'/' | b'"' | b'\'') || is_space(b));
                let scanned = name_len.unwrap_or(rest.len());
                match name_len.map(|n| (n, rest[n], rest.get(n + 1))) {
                    Some((0, _, _)) => return Err(error("a tag without a name", start)),
                    Some((n, b'>', _)) => {
                        let attributes = Attributes { rest: "", offset: start + 1 + n };
                        return Ok(Some((
                            Token::Start { name: &self.src[start + 1..start + 1 + n], attributes, empty: false },
                            n + 2,
                        )));
                    }
                    Some((n, b'/', Some(b'>'))) => {
                        let attributes = Attributes { rest: "", offset: start + 1 + n };
                        return Ok(Some((
                            Token::Start { name: &self.src[start + 1..start + 1 + n], attributes, empty: true },
                            n + 3,
                        )));
                    }
                    _ => {}
                }
                // A tag without quotes before its `>` ends at that `>`; a loop finds it
                // sooner than quick-xml's quote-aware parser. Where the tag has a quote
                // first, quick-xml's parser goes on from inside it.
                // The name has neither, so the search goes on from its end.
                let first = rest[scanned..].iter().position(|&b| matches!(b, b'>' | b'"' | b'\'')).map(|i| scanned + i);
                let end = match first.map(|i| (i, rest[i])) {
                    Some((end, b'>')) => Some(end),
                    Some((quote, q)) => {
                        let mut parser = if q == b'"' { ElementParser::DoubleQ } else { ElementParser::SingleQ };
                        parser.feed(&rest[quote + 1..]).map(|end| quote + 1 + end)
                    }
                    None => None,
                }
                .ok_or_else(|| error("a tag without `>`", start))?;
                let content = &self.src[start + 1..start + 1 + end];
                let (content, empty) = match content.strip_suffix('/') {
                    Some(content) => (content, true),
                    None => (content, false),
                };
                let name_len = content.bytes().position(is_space).unwrap_or(content.len());
                if name_len == 0 {
                    return Err(error("a tag without a name", start));
                }
                let attributes = Attributes { rest: &content[name_len..], offset: start + 1 + name_len };
                Ok(Some((Token::Start { name: &content[..name_len], attributes, empty }, end + 2)))
            }
            None => Err(error("a `<` at the end of the input", start)),
        }
    }
}

/// A value's shortcut: at `pos`, right after the start tag of the element named `qname`,
/// text as it stands (no reference, CDATA, comment or CR) and then that element's own end
/// tag. Returns where the end tag starts and where it ends (the text is `pos..start`).
/// `None` when the input there is anything else, to be read token by token, which reads
/// the same text and end tag (and says what is wrong, if anything is). The commonest
/// element in a reply is such a value, and reading it in one step saves its two tokens'
/// round trips through the streaming reader. (The tree builder reads its tokens in one
/// tight loop, where the shortcut saved less than its failed tries cost on other elements.)
#[inline]
pub(crate) fn plain_leaf(src: &str, pos: usize, qname: &str) -> Option<(usize, usize)> {
    let rest = &src.as_bytes()[pos..];
    let len = memchr::memchr3(b'<', b'&', b'\r', rest)?;
    let tag = &rest[len..];
    let name = qname.as_bytes();
    // `</name>`, or `</name` and white space before the `>`.
    if tag[0] != b'<' || tag.get(1) != Some(&b'/') || !tag[2..].starts_with(name) {
        return None;
    }
    let after = &tag[2 + name.len()..];
    let close = after.iter().position(|&b| !matches!(b, b' ' | b'\t' | b'\n'))?;
    if after[close] != b'>' {
        return None;
    }
    let start = pos + len;
    Some((start, start + 2 + name.len() + close + 1))
}

/// The attributes of a start tag, as `(qualified name, value as written)`; the value's
/// references and white space are left to the caller, which needs them only where there are
/// any. Quotes are matched here and `=` is required; whether names repeat is not checked.
pub(crate) struct Attributes<'a> {
    rest: &'a str,
    /// Where `rest` starts in the document, for errors.
    offset: usize,
}

impl Attributes<'_> {
    /// The attributes, or `None` for a tag that has none (most: `<Id>`), told without
    /// stepping the iterator.
    pub(crate) fn filter_empty(self) -> Option<Self> {
        (!self.rest.bytes().all(is_space)).then_some(self)
    }
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<(&'a str, &'a str), MarkupError>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest.trim_start_matches(is_space_char);
        self.offset += self.rest.len() - rest.len();
        self.rest = rest;
        if rest.is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let fail = |message| {
            let offset = self.offset;
            Some(Err(error(message, offset)))
        };
        let name_len = bytes.iter().position(|&b| b == b'=' || is_space(b)).unwrap_or(bytes.len());
        if name_len == 0 {
            self.rest = "";
            return fail("an attribute without a name");
        }
        let after = rest[name_len..].trim_start_matches(is_space_char);
        let Some(after) = after.strip_prefix('=') else {
            self.rest = "";
            return fail("an attribute without `=` and a value");
        };
        let after = after.trim_start_matches(is_space_char);
        let quote = after.as_bytes().first().copied().filter(|&q| q == b'"' || q == b'\'');
        // The closing quote, or a `<` before it, which XML does not allow in a value: one
        // search finds either.
        let close = quote.and_then(|q| memchr::memchr2(q, b'<', &after.as_bytes()[1..]));
        let (Some(_), Some(close)) = (quote, close) else {
            self.rest = "";
            return fail("an attribute value without quotes around it");
        };
        if after.as_bytes()[1 + close] == b'<' {
            self.rest = "";
            return fail("a `<` in an attribute value (write `&lt;`)");
        }
        let value = &after[1..1 + close];
        let consumed = rest.len() - after.len() + close + 2;
        self.rest = &rest[consumed..];
        self.offset += consumed;
        Some(Ok((&rest[..name_len], value)))
    }
}

/// `is_space` for chars: a cast to `u8` would also take U+0120 and the like for a space.
fn is_space_char(c: char) -> bool {
    c.is_ascii() && is_space(c as u8)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn error(message: &'static str, offset: usize) -> MarkupError {
    MarkupError { message, offset }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `xml`, each written back as a short string.
    fn tokens(xml: &str) -> Result<Vec<String>, (&'static str, usize)> {
        let mut tokens = Tokens::new(xml);
        let mut out = Vec::new();
        while let Some((token, _)) = tokens.next_token().map_err(|e| (e.message, e.offset))? {
            out.push(match token {
                Token::Start { name, attributes, empty } => {
                    let mut attrs = String::new();
                    for attribute in attributes {
                        let (key, value) = attribute.map_err(|e| (e.message, e.offset))?;
                        attrs += &format!(" {key}={value}");
                    }
                    format!("<{name}{attrs}{}>", if empty { "/" } else { "" })
                }
                Token::End(name) => format!("</{name}>"),
                Token::Text(text) => format!("{text:?}"),
                Token::CData(text) => format!("cdata {text:?}"),
                Token::Ref(name) => format!("&{name};"),
            });
        }
        Ok(out)
    }

    #[test]
    fn a_document_splits_into_its_pieces() {
        let xml = "\u{FEFF}<?xml version=\"1.0\"?><!-- c --><a x='1>2' y=\"'\">t\r\nu&amp;&#x26;<![CDATA[<c>\r]]><b/><?pi x?></a >";
        assert_eq!(
            tokens(xml).unwrap(),
            ["<a x=1>2 y='>", "\"t\\nu\"", "&amp;", "&#x26;", "cdata \"<c>\\n\"", "<b/>", "</a>",]
        );
    }

    #[test]
    fn characters_whose_last_byte_is_a_space_byte_are_not_space() {
        assert_eq!(tokens("<a \u{120}x='1'></a\u{109}>").unwrap(), ["<a \u{120}x=1>", "</a\u{109}>"]);
    }

    #[test]
    fn unfinished_and_forbidden_markup_is_refused_where_it_starts() {
        for (xml, message) in [
            ("<a>x</a", "an end tag without `>`"),
            ("<a x='>", "a tag without `>`"),
            ("<a>&amp</a>", "a `&` that starts no reference (write `&amp;`)"),
            ("<a>&;</a>", "a `&` that starts no reference (write `&amp;`)"),
            ("<a><!-- x -></a>", "a comment without `-->`"),
            ("<a><![CDATA[x]></a>", "a CDATA section without `]]>`"),
            ("<a><?pi</a>", "a processing instruction without `?>`"),
            ("<a></a><", "a `<` at the end of the input"),
            ("<a>< b/></a>", "a tag without a name"),
            ("<!DOCTYPE a []><a/>", "a DOCTYPE, which SOAP forbids (SOAP 1.1 section 3, SOAP 1.2 part 1 section 5)"),
            ("<!ENTITY x 'y'><a/>", "a markup declaration, which SOAP forbids"),
            // U+0120 ends in the byte of a space: it is part of the name, not space.
            ("<a>< \u{120}b/></a>", "a tag without a name"),
            ("<a x/>", "an attribute without `=` and a value"),
            ("<a x=1/>", "an attribute value without quotes around it"),
            ("<a x='1<2'/>", "a `<` in an attribute value (write `&lt;`)"),
            ("<a x='1' ='2'/>", "an attribute without a name"),
        ] {
            let Err((got, offset)) = tokens(xml) else { panic!("accepted {xml:?}") };
            assert_eq!(got, message, "{xml:?}");
            assert!(offset < xml.len(), "{xml:?}");
        }
    }

    /// Attributes cut anywhere end in an error or fewer attributes, never a panic.
    #[test]
    fn attributes_cut_anywhere_are_refused_or_shorter() {
        let content = " a = 'x' b=\"y\"\tc='' ";
        for cut in 0..=content.len() {
            let attributes = Attributes { rest: &content[..cut], offset: 0 };
            let read: Result<Vec<_>, _> = attributes.collect();
            match read {
                Ok(read) => assert!(read.len() <= 3 && (cut < content.len() || read.len() == 3), "{cut}"),
                Err(e) => assert!(e.offset <= cut, "{cut}"),
            }
        }
    }
}
