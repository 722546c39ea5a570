//! Qualified names: how SOAP names fault codes (and everything else).

use std::borrow::Cow;
use std::fmt;

use crate::version::{SOAP11_ENVELOPE, SOAP12_ENVELOPE};

/// A namespace-qualified name: what identifies an XML element or a fault code, whatever
/// prefix the server happened to write.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct QName {
    // Most names a client builds are fault codes in an envelope namespace (`Client`,
    // `Sender`, ...): those parts are borrowed from the tables below, so that reading a
    // fault's code allocates nothing.
    namespace: Cow<'static, str>,
    local_name: Cow<'static, str>,
}

/// The envelope namespaces, and the fault codes both versions define (SOAP 1.1 section
/// 4.4.1, SOAP 1.2 part 1 section 5.4.6).
const KNOWN: [&str; 9] = [
    SOAP11_ENVELOPE,
    SOAP12_ENVELOPE,
    "Client",
    "Server",
    "Sender",
    "Receiver",
    "VersionMismatch",
    "MustUnderstand",
    "DataEncodingUnknown",
];

fn part(text: &str) -> Cow<'static, str> {
    match KNOWN.iter().find(|known| **known == text) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(text.to_owned()),
    }
}

impl QName {
    /// A name in `namespace` (`""` for none).
    pub fn new(namespace: impl Into<String>, local_name: impl Into<String>) -> Self {
        QName { namespace: Cow::Owned(namespace.into()), local_name: Cow::Owned(local_name.into()) }
    }

    /// A name read from a reply: the parts are copied unless they are well known.
    pub(crate) fn read(namespace: &str, local_name: &str) -> Self {
        QName { namespace: part(namespace), local_name: part(local_name) }
    }

    /// The namespace URI, `""` when the name has none.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The local part.
    pub fn local_name(&self) -> &str {
        &self.local_name
    }

    /// Whether this is `{namespace}local_name`.
    pub fn is(&self, namespace: &str, local_name: &str) -> bool {
        self.namespace == namespace && self.local_name == local_name
    }
}

/// Clark notation, `{namespace}local`, or just `local` without a namespace.
impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.local_name)
        } else {
            write!(f, "{{{}}}{}", self.namespace, self.local_name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_parts_are_borrowed_and_compare_like_copies() {
        let read = QName::read(SOAP12_ENVELOPE, "Sender");
        assert!(matches!((&read.namespace, &read.local_name), (Cow::Borrowed(_), Cow::Borrowed(_))));
        assert_eq!(read, QName::new(SOAP12_ENVELOPE, "Sender"));
        let other = QName::read("urn:so", "InvalidTicket");
        assert!(matches!((&other.namespace, &other.local_name), (Cow::Owned(_), Cow::Owned(_))));
        assert_eq!(other, QName::new("urn:so", "InvalidTicket"));
    }
}
