//! What an implementation can see of the request it is serving, and add to its reply:
//! the request's header blocks (an `ApplicationToken` to check) and reply header blocks
//! (Services88's `Succeeded` and `ExceptionInfo`). Task-local, so the trait's methods keep
//! the signatures the client uses.

use std::fmt;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::fault::Fault;
use crate::header::Header;
use crate::header_blocks::HeaderBlocks;
use crate::qname::QName;
use crate::xml::tree::{Document, NodeId};

tokio::task_local! {
    static CONTEXT: Arc<Context>;
}

/// The request being served.
pub(crate) struct Context {
    pub(crate) request_headers: RequestHeaders,
    /// Who the request's WS-Security header says sent it.
    pub(crate) sender: Authenticated,
    pub(crate) reply_headers: Mutex<Vec<Header>>,
}

impl Context {
    pub(crate) fn new(request_headers: RequestHeaders, sender: Authenticated) -> Arc<Context> {
        Arc::new(Context { request_headers, sender, reply_headers: Mutex::new(Vec::new()) })
    }

    /// Runs `future` as the handling of this request.
    pub(crate) async fn scope<F: Future>(self: &Arc<Self>, future: F) -> F::Output {
        CONTEXT.scope(Arc::clone(self), future).await
    }

    pub(crate) fn take_reply_headers(&self) -> Vec<Header> {
        std::mem::take(&mut *self.reply_headers.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// The header blocks of the request being served, or `None` outside a handler (a method
/// called directly rather than through a [`Server`](super::Server)).
pub fn request_headers() -> Option<RequestHeaders> {
    CONTEXT.try_with(|context| context.request_headers.clone()).ok()
}

/// The user name the request's WS-Security UsernameToken authenticated
/// (`Server::ws_security`), or `None` without one or outside a handler.
pub fn authenticated_user() -> Option<String> {
    CONTEXT.try_with(|context| context.sender.user.clone()).ok().flatten()
}

/// The certificate (DER) whose key signed the request being served
/// (`Server::require_signatures`), or `None` without one or outside a handler.
pub fn signed_by() -> Option<Vec<u8>> {
    CONTEXT.try_with(|context| context.sender.certificate.clone()).ok().flatten()
}

/// Who a request's WS-Security header says sent it: the user its UsernameToken
/// authenticated, and the certificate that signed it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Authenticated {
    pub(crate) user: Option<String>,
    pub(crate) certificate: Option<Vec<u8>>,
}

/// Adds a header block to the reply of the request being served. Returns `false`, adding
/// nothing, outside a handler.
pub fn add_reply_header(header: Header) -> bool {
    CONTEXT.try_with(|context| context.reply_headers.lock().unwrap_or_else(|e| e.into_inner()).push(header)).is_ok()
}

/// The header blocks of the request being served, readable by name as raw XML or as any
/// serde type.
#[derive(Clone)]
pub struct RequestHeaders(HeaderBlocks);

impl RequestHeaders {
    pub(crate) fn new(doc: Arc<Document>, header: Option<NodeId>) -> Self {
        RequestHeaders(HeaderBlocks::new(Some(doc), header))
    }

    /// The names of all header blocks, in order.
    pub fn names(&self) -> impl Iterator<Item = QName> + '_ {
        self.0.names()
    }

    /// Whether there are no header blocks.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The block `{namespace}name` as the client wrote it.
    pub fn xml(&self, namespace: &str, name: &str) -> Option<&str> {
        self.0.xml(namespace, name)
    }

    /// Decodes the block `{namespace}name` into `T`: `Ok(None)` when it is absent or
    /// `xsi:nil`. A block that does not decode is the request's fault: the error is a
    /// `Sender` fault saying so, which an implementation's `?` sends back as it is.
    pub fn get<T: DeserializeOwned>(&self, namespace: &str, name: &str) -> Result<Option<T>> {
        self.0.get(namespace, name).map_err(|e| {
            let reason = format!("the request header {name} does not decode: {}", crate::error::report(&e));
            Error::from(Fault::sender(reason))
        })
    }
}

impl fmt::Debug for RequestHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
