//! A reply's value together with its SOAP header blocks.

use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::header_blocks::HeaderBlocks;
use crate::qname::QName;
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
pub struct ReplyHeaders(HeaderBlocks);

impl ReplyHeaders {
    pub(crate) fn new(doc: Option<Arc<Document>>, header: Option<NodeId>) -> Self {
        ReplyHeaders(HeaderBlocks::new(doc, header))
    }

    /// The names of all header blocks, in order.
    pub fn names(&self) -> impl Iterator<Item = QName> + '_ {
        self.0.names()
    }

    /// Whether there are no header blocks.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The block `{namespace}name` as the server wrote it.
    pub fn xml(&self, namespace: &str, name: &str) -> Option<&str> {
        self.0.xml(namespace, name)
    }

    /// Decodes the block `{namespace}name` into `T`: `Ok(None)` when it is absent or
    /// `xsi:nil`, an error of kind [`Reply`](crate::ErrorKind::Reply) when it does not decode.
    pub fn get<T: DeserializeOwned>(&self, namespace: &str, name: &str) -> Result<Option<T>> {
        self.0
            .get(namespace, name)
            .map_err(|e| Error::reply(format!("reply header {name} does not decode")).with_source(e))
    }
}

impl fmt::Debug for ReplyHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
