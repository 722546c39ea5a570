//! Everything about secrets, in one place: the values a request marks secret
//! (`Header::secret`, `#[soap(secret)]`, `#[soap(header, secret)]`).
//!
//! - [`Marks`]: where the secret values are in the envelope being written, so that the
//!   request logged at TRACE shows `***` in their place.
//! - [`Secrets`]: the values themselves, found from the marks once the envelope is
//!   written, and hidden wherever soapkit shows text that came from the server: the reply
//!   at TRACE, and an error's `Display` and `Debug` (a fault's reason and detail, the
//!   excerpt of a reply that is not SOAP, the causes in its `source()` chain). Servers echo
//!   what they were sent ("invalid ticket 7T:…", a request quoted in an error page), and
//!   not byte for byte, so the values themselves are looked for, escaped as the client
//!   wrote them and unescaped as a reader shows them, whatever their length.

use std::borrow::Cow;
use std::ops::Range;

use crate::xml::escape::{Context, escape_into};
use crate::xml::tree::{Document, NodeId};

/// Where secret values are in a text being written: byte ranges, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Marks(Vec<Range<usize>>);

impl Marks {
    /// Marks the content of the element `name` written at `start` of `xml` (up to its end)
    /// as secret, unless it is empty.
    pub(crate) fn element(&mut self, xml: &[u8], start: usize, name: &str) {
        let range = content_range(xml, start, name);
        if !range.is_empty() {
            self.0.push(range);
        }
    }

    /// Adds `other`'s marks, made in a text that now starts at `at`.
    pub(crate) fn extend_at(&mut self, other: &Marks, at: usize) {
        self.0.extend(other.0.iter().map(|r| r.start + at..r.end + at));
    }

    /// `xml` for logs, every marked value replaced by `***`.
    pub(crate) fn redact(&self, xml: &[u8]) -> String {
        let text = String::from_utf8_lossy(xml);
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for secret in &self.0 {
            out.push_str(&text[from..secret.start]);
            out.push_str("***");
            from = secret.end;
        }
        out.push_str(&text[from..]);
        out
    }

    /// The marked values of `xml`, to hide from what the server sends back.
    pub(crate) fn values(&self, xml: &[u8]) -> Secrets {
        if self.0.is_empty() {
            return Secrets::default();
        }
        Secrets::from_parts(self.0.iter().filter_map(|r| std::str::from_utf8(&xml[r.clone()]).ok()))
    }
}

/// The content of the element `name` written at `start` of `xml` (up to its end): between
/// the end of its start tag and its end tag, empty for `<name/>`. The writer escapes `>` in
/// attribute values, so the first `>` ends the start tag.
fn content_range(xml: &[u8], start: usize, name: &str) -> Range<usize> {
    let open_end = xml[start..].iter().position(|&b| b == b'>').map_or(xml.len(), |i| start + i + 1);
    if xml[..open_end].ends_with(b"/>") {
        return open_end..open_end;
    }
    open_end..xml.len().saturating_sub(name.len() + 3).max(open_end)
}

/// The text forms to hide, longest first (so that no shorter one breaks a longer apart).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Secrets(Vec<String>);

impl Secrets {
    /// The values inside the secret parts of an envelope: each part is the content of a
    /// secret element (text, or elements with text and attributes).
    pub(crate) fn from_parts<'a>(parts: impl Iterator<Item = &'a str>) -> Secrets {
        let mut values = Vec::new();
        for part in parts {
            match Document::parse(format!("<r>{part}</r>")) {
                Ok(doc) => collect(&doc, doc.root(), &mut values),
                Err(_) => values.push(part.to_owned()),
            }
        }
        let mut forms: Vec<String> = Vec::new();
        for value in values.iter().filter(|v| !v.trim().is_empty()) {
            forms.push(value.clone());
            for context in [Context::Text, Context::Attribute] {
                let mut escaped = Vec::new();
                if escape_into(&mut escaped, value, context).is_ok()
                    && let Ok(escaped) = String::from_utf8(escaped)
                {
                    forms.push(escaped);
                }
            }
        }
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        Secrets(forms)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `text` with every secret form replaced by `***`.
    pub(crate) fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = Cow::Borrowed(text);
        for form in &self.0 {
            if text.contains(form.as_str()) {
                text = Cow::Owned(text.replace(form.as_str(), "***"));
            }
        }
        text
    }
}

/// The text and attribute values of `id` and everything below it.
fn collect(doc: &Document, id: NodeId, out: &mut Vec<String>) {
    out.push(doc.text(id).to_owned());
    out.extend(doc.attributes(id).map(|(_, _, value)| value.to_owned()));
    for child in doc.children(id) {
        collect(doc, child, out);
    }
}

#[cfg(test)]
mod tests {
    use super::{Marks, Secrets};

    #[test]
    fn an_element_s_content_is_marked_and_redacted() {
        // Each element is marked as soon as it is written, the last thing in the text.
        let mut xml = br#"<a>x</a><Ticket xmlns="urn:so">7T:abc</Ticket>"#.to_vec();
        let mut marks = Marks::default();
        marks.element(&xml, 8, "Ticket");
        xml.extend_from_slice(b"<Empty/>");
        marks.element(&xml, xml.len() - 8, "Empty");
        let xml = &xml[..];
        assert_eq!(marks.0.len(), 1, "an empty element has nothing to hide");
        assert_eq!(&xml[marks.0[0].clone()], b"7T:abc");
        assert_eq!(marks.redact(xml), r#"<a>x</a><Ticket xmlns="urn:so">***</Ticket><Empty/>"#);
        assert_eq!(marks.values(xml).redact("bad ticket 7T:abc"), "bad ticket ***");
    }

    #[test]
    fn values_are_found_escaped_and_not_and_of_any_length() {
        let secrets = Secrets::from_parts(
            ["<Ticket>7T:a&amp;b&lt;c</Ticket><Pin code=\"x&quot;y\">ab1</Pin>", "plain &amp; simple"].into_iter(),
        );
        let shown = "reason: ticket 7T:a&b<c, escaped 7T:a&amp;b&lt;c, pin ab1, code x\"y, plain & simple";
        assert_eq!(secrets.redact(shown), "reason: ticket ***, escaped ***, pin ***, code ***, ***");
        assert!(Secrets::from_parts(["<Empty/>", "  "].into_iter()).is_empty());
    }
}
