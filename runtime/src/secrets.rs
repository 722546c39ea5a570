//! The values a request marks secret (`Header::secret`, `#[soap(secret)]`), found in the
//! envelope and hidden wherever soapkit shows text that came from the server: the reply
//! at TRACE, and an error's `Display` and `Debug` (a fault's reason and detail, the
//! excerpt of a reply that is not SOAP). Servers echo what they were sent ("invalid
//! ticket 7T:…", a request quoted in an error page), and not byte for byte, so the values
//! themselves are looked for, escaped as the client wrote them and unescaped as a reader
//! shows them, whatever their length.

use std::borrow::Cow;

use crate::xml::escape::{Context, escape_into};
use crate::xml::tree::{Document, NodeId};

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
    use super::Secrets;

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
