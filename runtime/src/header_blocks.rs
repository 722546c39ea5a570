//! The header blocks of a received envelope, readable by name: what a reply's
//! [`ReplyHeaders`](crate::ReplyHeaders) and, on the server, a request's `RequestHeaders`
//! both read through. Each side words its own errors.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::qname::QName;
use crate::xml::de;
use crate::xml::error::DecodeError;
use crate::xml::tree::{Document, NodeId};

/// The `Header` element of a parsed envelope, or none.
#[derive(Clone, Default)]
pub(crate) struct HeaderBlocks {
    doc: Option<Arc<Document>>,
    header: Option<NodeId>,
}

impl HeaderBlocks {
    pub(crate) fn new(doc: Option<Arc<Document>>, header: Option<NodeId>) -> Self {
        HeaderBlocks { doc, header }
    }

    fn blocks(&self) -> impl Iterator<Item = (&Document, NodeId)> {
        let doc = self.doc.as_deref();
        let first = doc.zip(self.header).and_then(|(doc, h)| doc.children(h).next());
        std::iter::successors(first, move |&id| doc?.next_sibling(id)).filter_map(move |id| Some((doc?, id)))
    }

    fn find(&self, namespace: &str, name: &str) -> Option<(&Document, NodeId)> {
        self.blocks().find(|(doc, id)| doc.is(*id, namespace, name))
    }

    pub(crate) fn names(&self) -> impl Iterator<Item = QName> + '_ {
        self.blocks().map(|(doc, id)| QName::new(doc.namespace(id), doc.local_name(id)))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.blocks().next().is_none()
    }

    pub(crate) fn xml(&self, namespace: &str, name: &str) -> Option<&str> {
        self.find(namespace, name).map(|(doc, id)| doc.raw(id))
    }

    /// The block decoded: `Ok(None)` when it is absent or `xsi:nil`.
    pub(crate) fn get<T: DeserializeOwned>(&self, namespace: &str, name: &str) -> Result<Option<T>, DecodeError> {
        match self.find(namespace, name) {
            Some((doc, id)) if !doc.is_nil(id) => de::from_node(doc, id).map(Some),
            _ => Ok(None),
        }
    }
}

impl std::fmt::Debug for HeaderBlocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}
