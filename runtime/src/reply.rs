//! A reply's value together with its SOAP header blocks.

use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::qname::QName;
use crate::xml::de;
use crate::xml::tree::{Document, NodeId};

/// An operation's result with the reply's header blocks.
///
/// Declare an operation as returning `soapkit::Result<soapkit::Reply<T>>` to see the
/// headers a server sends back (Services88's `Succeeded` and `ExceptionInfo`, a session
/// id, paging state); `soapkit::Result<T>` drops them.
#[derive(Debug, Clone)]
pub struct Reply<T> {
    value: T,
    headers: ReplyHeaders,
}

impl<T> Reply<T> {
    pub(crate) fn new(value: T, headers: ReplyHeaders) -> Self {
        Reply { value, headers }
    }

    /// A reply of `value` without header blocks: what an implementation served by
    /// soapkit's server returns for an operation declared with `Reply<T>` (its reply
    /// headers are added with `soapkit::server::add_reply_header`), or a test double.
    pub fn from_value(value: T) -> Self {
        Reply { value, headers: ReplyHeaders::new(None, None) }
    }

    /// The result.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The result, without the headers.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The reply's header blocks.
    pub fn headers(&self) -> &ReplyHeaders {
        &self.headers
    }

    /// The result and the headers.
    pub fn into_parts(self) -> (T, ReplyHeaders) {
        (self.value, self.headers)
    }
}

/// The header blocks of a reply, readable by name as raw XML or as any serde type.
#[derive(Clone)]
pub struct ReplyHeaders {
    doc: Option<Arc<Document>>,
    header: Option<NodeId>,
}

impl ReplyHeaders {
    pub(crate) fn new(doc: Option<Arc<Document>>, header: Option<NodeId>) -> Self {
        ReplyHeaders { doc, header }
    }

    fn blocks(&self) -> impl Iterator<Item = (&Document, NodeId)> {
        let doc = self.doc.as_deref();
        let first = doc.zip(self.header).and_then(|(doc, h)| doc.children(h).next());
        std::iter::successors(first, move |&id| doc?.next_sibling(id)).filter_map(move |id| Some((doc?, id)))
    }

    fn find(&self, namespace: &str, name: &str) -> Option<(&Document, NodeId)> {
        self.blocks().find(|(doc, id)| doc.is(*id, namespace, name))
    }

    /// The names of all header blocks, in order.
    pub fn names(&self) -> impl Iterator<Item = QName> + '_ {
        self.blocks().map(|(doc, id)| QName::new(doc.namespace(id), doc.local_name(id)))
    }

    /// Whether there are no header blocks.
    pub fn is_empty(&self) -> bool {
        self.blocks().next().is_none()
    }

    /// The block `{namespace}name` as the server wrote it.
    pub fn xml(&self, namespace: &str, name: &str) -> Option<&str> {
        self.find(namespace, name).map(|(doc, id)| doc.raw(id))
    }

    /// Decodes the block `{namespace}name` into `T`: `Ok(None)` when it is absent or
    /// `xsi:nil`, an error of kind [`Reply`](crate::ErrorKind::Reply) when it does not decode.
    pub fn get<T: DeserializeOwned>(&self, namespace: &str, name: &str) -> Result<Option<T>> {
        match self.find(namespace, name) {
            Some((doc, id)) if !doc.is_nil(id) => de::from_node(doc, id)
                .map(Some)
                .map_err(|e| Error::reply(format!("reply header {name} does not decode")).with_source(e)),
            _ => Ok(None),
        }
    }
}

impl fmt::Debug for ReplyHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}
