//! Qualified names: how SOAP names fault codes (and everything else).

use std::fmt;

/// A namespace-qualified name: what identifies an XML element or a fault code, whatever
/// prefix the server happened to write.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct QName {
    namespace: String,
    local_name: String,
}

impl QName {
    /// A name in `namespace` (`""` for none).
    pub fn new(namespace: impl Into<String>, local_name: impl Into<String>) -> Self {
        QName { namespace: namespace.into(), local_name: local_name.into() }
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
