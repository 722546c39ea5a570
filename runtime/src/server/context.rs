//! What an implementation can see of the request it is serving, and add to its reply:
//! the request's header blocks (an `ApplicationToken` to check) and reply header blocks
//! (Services88's `Succeeded` and `ExceptionInfo`). Task-local, so the trait's methods keep
//! the signatures the client uses.

use std::sync::{Arc, Mutex};

use crate::header::Header;
use crate::reply::ReplyHeaders;

tokio::task_local! {
    static CONTEXT: Arc<Context>;
}

/// The request being served.
pub(crate) struct Context {
    pub(crate) request_headers: ReplyHeaders,
    pub(crate) reply_headers: Mutex<Vec<Header>>,
}

impl Context {
    pub(crate) fn new(request_headers: ReplyHeaders) -> Arc<Context> {
        Arc::new(Context { request_headers, reply_headers: Mutex::new(Vec::new()) })
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
pub fn request_headers() -> Option<ReplyHeaders> {
    CONTEXT.try_with(|context| context.request_headers.clone()).ok()
}

/// Adds a header block to the reply of the request being served. Returns `false`, adding
/// nothing, outside a handler.
pub fn add_reply_header(header: Header) -> bool {
    CONTEXT.try_with(|context| context.reply_headers.lock().unwrap_or_else(|e| e.into_inner()).push(header)).is_ok()
}
