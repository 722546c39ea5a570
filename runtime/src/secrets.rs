//! Everything about secrets, in one place: the values a request marks secret
//! (`Header::secret`, `#[soap(secret)]`, `#[soap(header, secret)]`, a [`Secret`] member of
//! a value written), and the [`Secret`] members of a reply.
//!
//! - [`Secret`]: a value whose `Debug` and `Display` are `***`, written and read as the
//!   value it holds; the XML writer marks where it wrote one ([`marking`]) and the reader
//!   collects what it read into one ([`collecting`]), so that neither shows in logs.
//! - [`Marks`]: where the secret values are in the envelope being written, so that the
//!   request logged at TRACE shows `***` in their place.
//! - [`Secrets`]: the values themselves, found from the marks once the envelope is
//!   written, and hidden wherever soapkit shows text that came from the server: the reply
//!   at TRACE, and an error's `Display` and `Debug` (a fault's reason and detail, the
//!   excerpt of a reply that is not SOAP, the causes in its `source()` chain). Servers echo
//!   what they were sent ("invalid ticket 7T:…", a request quoted in an error page), and
//!   not byte for byte, so the values themselves are looked for, escaped as the client
//!   wrote them and unescaped as a reader shows them, whatever their length.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::ops::Range;

use crate::xml::escape::{Context, escape_into};
use crate::xml::markers;
use crate::xml::tree::{Document, NodeId};

/// A value that must not be seen, such as a password, a ticket or a token: its `Debug` and
/// `Display` are `***`, and soapkit hides it in the envelopes it logs and in the errors it
/// makes, including where a server echoes it back.
///
/// On the wire it is the value it holds, so the XML does not change: a struct member
/// `ticket: Option<Secret<String>>` is written and read as `<Ticket>…</Ticket>`. Other serde
/// formats see the value as a newtype, which most of them write as the value itself.
///
/// Code generated from a WSDL uses it for the members whose names say they hold
/// credentials; a hand-written type uses it the same way:
///
/// ```
/// use soapkit_runtime::Secret;
///
/// #[derive(Debug, serde::Deserialize)]
/// #[serde(rename_all = "PascalCase")]
/// struct Credentials {
///     user_name: String,
///     ticket: Secret<String>,
/// }
///
/// let credentials = Credentials { user_name: "sam".into(), ticket: Secret::new("7T:abc".into()) };
/// assert_eq!(format!("{credentials:?}"), r#"Credentials { user_name: "sam", ticket: *** }"#);
/// assert_eq!(credentials.ticket.expose(), "7T:abc");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value, to use it: a named call, so that a reader sees where a secret leaves
    /// its wrapper.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// The value, unwrapped.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl<T: Serialize> Serialize for Secret<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(markers::SECRET, &self.0)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Secret<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        markers::newtype(deserializer, markers::SECRET).map(Secret)
    }
}

thread_local! {
    /// Whether a value is being written inside [`marking`]: a flag without a destructor,
    /// so that the writer's check per element is one load.
    static MARKING: Cell<bool> = const { Cell::new(false) };
    /// Whether anything was marked since [`marking`] began.
    static MARKED_ANY: Cell<bool> = const { Cell::new(false) };
    /// Where the [`Secret`]s went, once one is written.
    static MARKED: RefCell<Marks> = const { RefCell::new(Marks(Vec::new())) };
    /// While a reply is read inside [`collecting`]: the [`Secret`]s' text.
    static COLLECTED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Runs `write` (which writes XML, synchronously) and returns where in its output the
/// [`Secret`] values went, as the XML writer reports them with [`mark_written`].
pub(crate) fn marking<R>(write: impl FnOnce() -> R) -> (R, Marks) {
    let outer = MARKING.replace(true);
    let outer_any = MARKED_ANY.replace(false);
    // Nested (a header block rendered while a value is written): the outer marks wait.
    let outer_marks = outer_any.then(|| MARKED.take());
    let result = write();
    MARKING.set(outer);
    let marks = if MARKED_ANY.replace(outer_any) { MARKED.take() } else { Marks::default() };
    if let Some(outer_marks) = outer_marks {
        MARKED.set(outer_marks);
    }
    (result, marks)
}

/// Begins marking for an envelope being written into one buffer, which
/// [`end_marking`] ends: once per envelope rather than once per value, since the writer
/// writes every value of a request in one synchronous pass. A [`marking`] inside (a
/// header block rendered meanwhile) keeps its own marks apart.
pub(crate) fn begin_marking() {
    MARKING.set(true);
    if MARKED_ANY.replace(false) {
        MARKED.take();
    }
}

/// Where the [`Secret`]s went since [`begin_marking`].
pub(crate) fn end_marking() -> Marks {
    MARKING.set(false);
    if MARKED_ANY.replace(false) { MARKED.take() } else { Marks::default() }
}

/// Called by the XML writer when it has written a [`Secret`] as the element `name` at
/// `start` of `xml`.
pub(crate) fn mark_written(xml: &[u8], start: usize, name: &str) {
    if MARKING.get() && xml.len() > start {
        mark_range(content_range(xml, start, name));
    }
}

/// Called by the XML writer when it has written a [`Secret`] as text or an attribute's
/// value: `range` of its output.
pub(crate) fn mark_range(range: Range<usize>) {
    if MARKING.get() && !range.is_empty() {
        MARKED.with_borrow_mut(|marks| marks.push(range));
        MARKED_ANY.set(true);
    }
}

/// Runs `read` (which decodes a reply, synchronously) and returns the text of every
/// [`Secret`] it read, as the XML reader reports them with [`collect_read`].
pub(crate) fn collecting<R>(read: impl FnOnce() -> R) -> (R, Secrets) {
    let outer = COLLECTED.with(|c| c.replace(Some(Vec::new())));
    let result = read();
    let values = COLLECTED.with(|c| c.replace(outer)).unwrap_or_default();
    (result, Secrets::from_values(values))
}

/// Called by the XML reader when it reads a [`Secret`] from element `id` of `doc`.
pub(crate) fn collect_read(doc: &Document, id: NodeId) {
    COLLECTED.with(|c| {
        if let Some(values) = c.borrow_mut().as_mut() {
            collect(doc, id, values);
        }
    });
}

/// Called by the XML reader when it reads a [`Secret`] from an attribute's value.
pub(crate) fn collect_read_text(text: &str) {
    COLLECTED.with(|c| {
        if let Some(values) = c.borrow_mut().as_mut() {
            values.push(text.to_owned());
        }
    });
}

/// Where secret values are in a text being written: byte ranges, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Marks(Vec<Range<usize>>);

impl Marks {
    /// Marks the content of the element `name` written at `start` of `xml` (up to its end)
    /// as secret, unless it is empty.
    pub(crate) fn element(&mut self, xml: &[u8], start: usize, name: &str) {
        let range = content_range(xml, start, name);
        if !range.is_empty() {
            self.push(range);
        }
    }

    /// Adds the range of one secret value, in the text being marked.
    #[cfg(feature = "wsse")]
    pub(crate) fn range(&mut self, range: Range<usize>) {
        if !range.is_empty() {
            self.push(range);
        }
    }

    /// Moves the marks at or after `at` by `len`, for text inserted there.
    #[cfg(feature = "wsse")]
    pub(crate) fn insert(&mut self, at: usize, len: usize) {
        for range in &mut self.0 {
            if range.start >= at {
                *range = range.start + len..range.end + len;
            }
        }
    }

    /// Adds the range of one secret value.
    fn push(&mut self, range: Range<usize>) {
        self.0.push(range);
        self.settle();
    }

    /// Adds `other`'s marks, made in a text that now starts at `at`.
    pub(crate) fn extend_at(&mut self, other: &Marks, at: usize) {
        if !other.0.is_empty() {
            self.0.extend(other.0.iter().map(|r| r.start + at..r.end + at));
            self.settle();
        }
    }

    /// Keeps the ranges in order and apart: a secret parameter's mark covers the marks of
    /// the `Secret` members inside it, which were made first.
    fn settle(&mut self) {
        if self.0.windows(2).all(|w| w[0].end <= w[1].start) {
            return;
        }
        self.0.sort_by_key(|r| r.start);
        let mut settled: Vec<Range<usize>> = Vec::with_capacity(self.0.len());
        for range in self.0.drain(..) {
            match settled.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => settled.push(range),
            }
        }
        self.0 = settled;
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
        Secrets::from_values(values)
    }

    /// The forms of secret values as a reader shows them (unescaped).
    fn from_values(values: Vec<String>) -> Secrets {
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
        Secrets::longest_first(forms)
    }

    /// `forms` longest first (so that no shorter one breaks a longer apart), each once.
    fn longest_first(mut forms: Vec<String>) -> Secrets {
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        Secrets(forms)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `other`'s forms, keeping the longest first.
    pub(crate) fn extend(&mut self, other: Secrets) {
        if other.is_empty() {
            return;
        }
        let mut forms = std::mem::take(&mut self.0);
        forms.extend(other.0);
        *self = Secrets::longest_first(forms);
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
