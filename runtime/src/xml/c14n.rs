//! Exclusive XML Canonicalization 1.0 without comments (W3C, 2002), of one element of a
//! parsed document and everything inside it: the form XML signatures digest and sign, so
//! that two documents that differ only in what XML does not count (attribute order, quotes,
//! empty-element tags, references, CDATA, namespace declarations nothing uses) canonicalize
//! to the same bytes.
//!
//! The element's own text is tokenized again (the tree keeps values, not the markup), with
//! the namespace declarations of its ancestors in scope. Namespace declarations are written
//! where an element or attribute uses their prefix (or, for the prefixes of an
//! `InclusiveNamespaces PrefixList`, wherever they are in scope) and no output ancestor has
//! written the same one already.

use std::borrow::Cow;
use std::fmt;

use super::markup::{Token, Tokens};
use super::tree::{Document, NodeId};

/// Why an element cannot be canonicalized: its markup is broken, or a prefix is not
/// declared (neither can happen to an element of a document that parsed).
#[derive(Debug)]
pub(crate) struct C14nError(&'static str);

impl fmt::Display for C14nError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot canonicalize the element: {}", self.0)
    }
}

impl std::error::Error for C14nError {}

/// A namespace binding: prefix (`""` for the default namespace) and URI (rebuilt only when
/// the declaration holds a reference).
type Binding<'a> = (&'a str, Cow<'a, str>);

/// Writes the exclusive canonical form of element `id` of `doc` to `out`. `inclusive` is
/// the `InclusiveNamespaces PrefixList` (`#default` for the default namespace): those
/// prefixes are written as inclusive canonicalization would.
pub(crate) fn exclusive<'d>(
    doc: &'d Document,
    id: NodeId,
    inclusive: &[&'d str],
    out: &mut Vec<u8>,
) -> Result<(), C14nError> {
    let mut scope: Vec<Binding<'_>> = doc.ancestor_declarations(id).map(|(p, uri)| (p, Cow::Borrowed(uri))).collect();
    // What output ancestors have written, innermost last; the default namespace starts as
    // none, which needs no declaration.
    let mut rendered: Vec<Binding<'_>> = Vec::new();
    // Per open element: its qualified name and how much of `scope` and `rendered` to keep
    // when it closes.
    let mut open: Vec<(&str, usize, usize)> = Vec::new();
    let mut tokens = Tokens::new(doc.raw(id));
    while let Some((token, _)) = tokens.next_token().map_err(|e| C14nError(e.message))? {
        match token {
            Token::Start { name, attributes, empty } => {
                open.push((name, scope.len(), rendered.len()));
                let mut plain: Vec<(&str, Cow<'_, str>)> = Vec::new();
                for attribute in attributes {
                    let (key, value) = attribute.map_err(|e| C14nError(e.message))?;
                    let value = normalized(value)?;
                    match key.strip_prefix("xmlns") {
                        Some("") => scope.push(("", value)),
                        Some(rest) if rest.starts_with(':') => scope.push((&rest[1..], value)),
                        _ => plain.push((key, value)),
                    }
                }
                start_tag(out, name, &plain, &scope, &mut rendered, inclusive)?;
                if empty {
                    end(out, &mut open, &mut scope, &mut rendered);
                }
            }
            Token::End(_) => end(out, &mut open, &mut scope, &mut rendered),
            Token::Text(text) | Token::CData(text) => escape_text(out, &text),
            Token::Ref(name) => {
                let c = reference(name)?;
                escape_text(out, c.encode_utf8(&mut [0; 4]));
            }
        }
        if open.is_empty() {
            break;
        }
    }
    Ok(())
}

fn start_tag<'a>(
    out: &mut Vec<u8>,
    name: &'a str,
    attributes: &[(&'a str, Cow<'a, str>)],
    scope: &[Binding<'a>],
    rendered: &mut Vec<Binding<'a>>,
    inclusive: &[&'a str],
) -> Result<(), C14nError> {
    let lookup = |prefix: &str| bound(scope, prefix);
    // The prefixes this element uses: its own, and its prefixed attributes' (an attribute
    // without a prefix is in no namespace, whatever the default is).
    let mut used: Vec<&str> = vec![prefix_of(name)];
    used.extend(attributes.iter().map(|(key, _)| prefix_of(key)).filter(|p| !p.is_empty() && *p != "xml"));
    for prefix in inclusive {
        let prefix = if *prefix == "#default" { "" } else { prefix };
        if lookup(prefix).is_some() {
            used.push(prefix);
        }
    }
    used.sort_unstable();
    used.dedup();
    let mut declarations = Vec::new();
    for prefix in used {
        let uri = match (lookup(prefix), prefix) {
            (Some(uri), _) => uri.clone(),
            (None, "") => Cow::Borrowed(""),
            (None, _) => return Err(C14nError("a prefix that is not declared")),
        };
        // A prefix is never bound to no namespace, so one not written yet differs here.
        if bound(rendered, prefix).map_or("", |uri| uri.as_ref()) != uri {
            declarations.push((prefix, uri));
        }
    }
    // Attributes in order of namespace URI, then local name; those without one first.
    let mut sorted: Vec<(&str, &str, &str, &str)> = Vec::with_capacity(attributes.len());
    for (key, value) in attributes {
        let (prefix, local) = key.split_once(':').unwrap_or(("", key));
        let uri = match prefix {
            "" => "",
            "xml" => super::scope::XML,
            _ => lookup(prefix).ok_or(C14nError("an attribute prefix that is not declared"))?.as_ref(),
        };
        sorted.push((uri, local, key, value));
    }
    sorted.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    out.push(b'<');
    out.extend_from_slice(name.as_bytes());
    for (prefix, uri) in &declarations {
        if prefix.is_empty() {
            out.extend_from_slice(b" xmlns=\"");
        } else {
            out.extend_from_slice(b" xmlns:");
            out.extend_from_slice(prefix.as_bytes());
            out.extend_from_slice(b"=\"");
        }
        escape_attribute(out, uri);
        out.push(b'"');
    }
    for (_, _, key, value) in sorted {
        out.push(b' ');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"=\"");
        escape_attribute(out, value);
        out.push(b'"');
    }
    out.push(b'>');
    rendered.extend(declarations);
    Ok(())
}

/// The URI `prefix` is bound to in `bindings`, the innermost binding winning.
fn bound<'b, 'a>(bindings: &'b [Binding<'a>], prefix: &str) -> Option<&'b Cow<'a, str>> {
    bindings.iter().rev().find(|(p, _)| *p == prefix).map(|(_, uri)| uri)
}

fn end<'a>(
    out: &mut Vec<u8>,
    open: &mut Vec<(&str, usize, usize)>,
    scope: &mut Vec<Binding<'a>>,
    rendered: &mut Vec<Binding<'a>>,
) {
    if let Some((name, in_scope, written)) = open.pop() {
        out.extend_from_slice(b"</");
        out.extend_from_slice(name.as_bytes());
        out.push(b'>');
        scope.truncate(in_scope);
        rendered.truncate(written);
    }
}

fn prefix_of(name: &str) -> &str {
    name.split_once(':').map_or("", |(prefix, _)| prefix)
}

/// An attribute value as XML reads it: references replaced, and each white space
/// character written literally (line ends already normalized) a space.
fn normalized(raw: &str) -> Result<Cow<'_, str>, C14nError> {
    if !raw.contains(['&', '\t', '\n', '\r']) {
        return Ok(Cow::Borrowed(raw));
    }
    let mut value = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find(['&', '\t', '\n', '\r']) {
        value.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'&' {
            let end = rest[at..].find(';').ok_or(C14nError("a reference without `;`"))?;
            value.push(reference(&rest[at + 1..at + end])?);
            rest = &rest[at + end + 1..];
        } else {
            // `\r\n` is one line end, and one space.
            let skip = if rest[at..].starts_with("\r\n") { 2 } else { 1 };
            value.push(' ');
            rest = &rest[at + skip..];
        }
    }
    value.push_str(rest);
    Ok(Cow::Owned(value))
}

/// The character a reference (`amp`, `#38`, `#x26`) stands for.
fn reference(name: &str) -> Result<char, C14nError> {
    let code = match name {
        "lt" => return Ok('<'),
        "gt" => return Ok('>'),
        "amp" => return Ok('&'),
        "apos" => return Ok('\''),
        "quot" => return Ok('"'),
        _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => name.strip_prefix('#').and_then(|dec| dec.parse().ok()),
        },
    };
    code.and_then(char::from_u32).ok_or(C14nError("an unknown reference"))
}

/// Text as canonical XML writes it: `&`, `<`, `>` and CR as references.
fn escape_text(out: &mut Vec<u8>, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            '\r' => out.extend_from_slice(b"&#xD;"),
            c => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
}

/// An attribute value as canonical XML writes it: `&`, `<`, `"`, tab, LF and CR as
/// references.
fn escape_attribute(out: &mut Vec<u8>, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '"' => out.extend_from_slice(b"&quot;"),
            '\t' => out.extend_from_slice(b"&#x9;"),
            '\n' => out.extend_from_slice(b"&#xA;"),
            '\r' => out.extend_from_slice(b"&#xD;"),
            c => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The canonical form of the `nth` element (in document order) of `xml`.
    fn c14n(xml: &str, nth: usize, inclusive: &[&str]) -> String {
        let doc = Document::parse(xml.to_owned()).unwrap();
        let mut all = vec![doc.root()];
        fn walk(doc: &Document, id: NodeId, all: &mut Vec<NodeId>) {
            for child in doc.children(id) {
                all.push(child);
                walk(doc, child, all);
            }
        }
        walk(&doc, doc.root(), &mut all);
        let mut out = Vec::new();
        exclusive(&doc, all[nth], inclusive, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn only_the_namespaces_an_element_uses_are_written_once() {
        let xml = r#"<a:Envelope xmlns:a="urn:a" xmlns:b="urn:b" xmlns="urn:d"><a:Body b:id="1" xmlns:c="urn:c"><x y="1"/><c:z/></a:Body></a:Envelope>"#;
        assert_eq!(
            c14n(xml, 1, &[]),
            r#"<a:Body xmlns:a="urn:a" xmlns:b="urn:b" b:id="1"><x xmlns="urn:d" y="1"></x><c:z xmlns:c="urn:c"></c:z></a:Body>"#
        );
        // With the default namespace in the prefix list, it is written on the apex.
        assert_eq!(
            c14n(xml, 1, &["#default"]),
            r#"<a:Body xmlns="urn:d" xmlns:a="urn:a" xmlns:b="urn:b" b:id="1"><x y="1"></x><c:z xmlns:c="urn:c"></c:z></a:Body>"#
        );
    }

    #[test]
    fn attributes_are_sorted_and_values_and_text_escaped_canonically() {
        let xml = "<r xmlns:p='urn:p' z='1' p:b='2' a='&#x9;&lt;\"&apos;'>t &amp; &gt; <![CDATA[<c>]]>&#13;</r>";
        assert_eq!(
            c14n(xml, 0, &[]),
            "<r xmlns:p=\"urn:p\" a=\"&#x9;&lt;&quot;'\" z=\"1\" p:b=\"2\">t &amp; &gt; &lt;c&gt;&#xD;</r>"
        );
    }

    /// Declarations are escaped as attribute values are (C14N 1.0, section 2.3), which
    /// libxml2 does not do for `&`.
    #[test]
    fn a_namespace_uri_is_escaped_like_an_attribute_value() {
        assert_eq!(
            c14n("<a:r xmlns:a='urn:x?a=1&amp;b=\"2\"'/>", 0, &[]),
            "<a:r xmlns:a=\"urn:x?a=1&amp;b=&quot;2&quot;\"></a:r>"
        );
    }

    #[test]
    fn an_unprefixed_element_under_a_default_namespace_undeclares_it() {
        let xml = r#"<a xmlns="urn:d"><b xmlns=""><c/></b></a>"#;
        assert_eq!(c14n(xml, 0, &[]), r#"<a xmlns="urn:d"><b xmlns=""><c></c></b></a>"#);
        assert_eq!(c14n(xml, 1, &[]), r#"<b><c></c></b>"#);
    }
}
