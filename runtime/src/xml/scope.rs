//! Namespace bindings in scope while a reply is parsed, and the table of namespace URIs.
//!
//! quick-xml's `NsReader` can resolve names, but it walks each start tag's attributes for
//! declarations before handing the tag over, and the tree builder then walks them again for
//! their values. Resolving in the builder's one walk, against this small stack, saves that
//! second walk and the resolver's own buffer: about a quarter of a small reply's parse.

use std::ops::Range;

/// The namespace the `xml` prefix is bound to, without a declaration.
pub(crate) const XML: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS: &str = "http://www.w3.org/2000/xmlns/";

/// Most bindings in scope at once (quick-xml's default limit too). Every name is looked up
/// along the stack, so a hostile reply must not grow it without bound.
const MAX_BINDINGS: usize = 128;

/// Most distinct namespace URIs in one reply. Real replies use a few dozen; the document's
/// table of them is searched for each declaration, so it too must stay small.
pub(crate) const MAX_NAMESPACES: usize = 1024;

/// The bindings in scope, innermost last: the prefix's place in the input (empty for the
/// default namespace) and the namespace's index in the URI table.
pub(crate) struct Scope {
    bindings: Vec<(Range<u32>, u32)>,
}

impl Scope {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Scope { bindings: Vec::with_capacity(capacity) }
    }

    /// How many bindings are in scope: an element records it when it opens and hands it to
    /// [`Scope::truncate`] when it closes.
    pub(crate) fn len(&self) -> u32 {
        self.bindings.len() as u32
    }

    pub(crate) fn truncate(&mut self, len: u32) {
        self.bindings.truncate(len as usize);
    }

    /// Checks a declaration of `prefix` (`""` for the default namespace) as Namespaces in
    /// XML 1.0 section 3 requires. `Ok(false)` for a declaration of `xml` to its own
    /// namespace, which is allowed and changes nothing.
    pub(crate) fn check(prefix: &str, uri: &str) -> Result<bool, String> {
        match prefix {
            "xml" if uri == XML => Ok(false),
            "xml" => Err(format!("the `xml` prefix bound to `{uri}`")),
            "xmlns" => Err("a declaration of the `xmlns` prefix".to_owned()),
            _ if uri == XML || uri == XMLNS => Err(format!("the prefix `{prefix}` bound to the reserved `{uri}`")),
            _ => Ok(true),
        }
    }

    pub(crate) fn bind(&mut self, prefix: Range<u32>, namespace: u32) -> Result<(), String> {
        if self.bindings.len() >= MAX_BINDINGS {
            return Err(format!("more than {MAX_BINDINGS} namespace declarations in scope"));
        }
        self.bindings.push((prefix, namespace));
        Ok(())
    }

    /// The innermost binding of `prefix` (`""`: the default namespace); `source` is the
    /// input the prefixes are ranges of.
    pub(crate) fn lookup(&self, source: &str, prefix: &str) -> Option<u32> {
        self.bindings.iter().rev().find(|(p, _)| &source[p.start as usize..p.end as usize] == prefix).map(|(_, ns)| *ns)
    }
}
