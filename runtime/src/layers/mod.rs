//! Middleware for a client's transport, each a `tower::Layer` given to
//! [`ClientBuilder::layer`](crate::ClientBuilder::layer): [`Retry`] (opt-in, for the
//! operations it is told are safe to repeat, with exponential backoff and jitter),
//! [`History`] (the last exchanges, their secrets redacted, like zeep's `HistoryPlugin`),
//! [`Hooks`] (look at or change the envelope going out and the reply coming in, like zeep's
//! plugins) and [`RefreshingCredentials`] (a token or ticket from an async provider, fetched
//! again once when the server says it is no longer valid).
//!
//! Each sees the request as the SOAP HTTP binding made it, with the
//! [`CallOperation`] it is for among its extensions.

mod history;
mod hooks;
mod refresh;
mod retry;

pub(crate) use history::Redactions;
pub use history::{Exchange, History};
pub use hooks::Hooks;
pub use refresh::RefreshingCredentials;
pub use retry::Retry;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::{Error, Result};
use crate::operation::Operation;
use crate::transport::{Transport, TransportRequest, TransportResponse};

/// The operation a [`TransportRequest`] is for, among its extensions: what a layer decides
/// by (which operations to retry, how to name an exchange).
#[derive(Debug, Clone, Copy)]
pub struct CallOperation(pub &'static Operation);

impl CallOperation {
    /// The operation of `request`, when soapkit's client made it.
    pub fn of(request: &TransportRequest) -> Option<&'static Operation> {
        request.extensions().get::<CallOperation>().map(|c| c.0)
    }
}

/// What a layer does around the inner transport for one request.
pub trait Around: Clone + Send + Sync + 'static {
    /// Sends `request` through `inner`, doing the layer's work before and after.
    fn around(
        self,
        inner: Transport,
        request: TransportRequest,
    ) -> impl Future<Output = Result<TransportResponse>> + Send;
}

/// A transport with a layer's [`Around`] wrapped around it: the `Service` every layer of
/// this module (and [`HttpAuth`](crate::auth::HttpAuth)) makes.
#[derive(Clone, Debug)]
pub struct Layered<A> {
    around: A,
    inner: Transport,
}

impl<A> Layered<A> {
    pub(crate) fn new(around: A, inner: Transport) -> Self {
        Layered { around, inner }
    }
}

impl<A: Around> tower::Service<TransportRequest> for Layered<A> {
    type Response = TransportResponse;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<TransportResponse>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<()>> {
        // The inner transport is made ready (and cloned) for each send.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: TransportRequest) -> Self::Future {
        Box::pin(self.around.clone().around(self.inner.clone(), request))
    }
}

/// The request again, to send a second time (the body copied).
pub(crate) fn copy(request: &TransportRequest) -> TransportRequest {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    *copy.extensions_mut() = request.extensions().clone();
    copy
}
