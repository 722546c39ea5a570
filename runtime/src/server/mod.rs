//! A SOAP server from the same `#[soap_service]` trait the client uses (feature `server`).
//!
//! Declare the trait with `#[soap_service(server, ...)]`, implement it for your type, and
//! `{Trait}Server::new(implementation)` is a [`Server`]: a `tower::Service` over `http`
//! requests that mounts in axum (`Router::route_service`) or runs on hyper, and
//! [`Server::bind`] serves it on a port.
//!
//! The path of a request: the body read up to the size limit ([`Server::max_request_size`])
//! within the read timeout, a long one as it arrives → the envelope read as it streams,
//! with the client's defences (no DTD, depth and namespace limits) → the operation found
//! by the body's element, the SOAP action cross-checked → the parameters decoded in one
//! pass (`dispatch`, `params`, `streamed`) → the implementation
//! called with the request's context ([`request_headers`], [`add_reply_header`]) → the
//! reply, or a fault in the request's SOAP version (`response`).

mod bad_request;
mod context;
mod dispatch;
mod encoding;
mod incoming;
mod listen;
mod must_understand;
mod params;
#[cfg(test)]
mod params_properties;
mod response;
mod route;
mod streamed;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;

#[doc(hidden)]
pub use bad_request::BadRequest;
pub use context::{RequestHeaders, add_reply_header, authenticated_user, request_headers, signed_by};
#[doc(hidden)]
pub use dispatch::{Answer, Decoded, Dispatch, Handled, ReplyExtras, RoutedRequest};
pub use listen::Serving;
pub use params::{BodyParam, Param, Source, Unread};
pub use response::ServerResponse;
#[cfg(feature = "fuzzing")]
pub use streamed::read_params_both_ways;

/// Requests larger than this are refused (HTTP 413) unless [`Server::max_request_size`]
/// says otherwise.
pub const DEFAULT_MAX_REQUEST_SIZE: usize = 4 * 1024 * 1024;

/// How many long requests are decoded as they arrive at once, unless
/// [`Server::max_streaming_requests`] says otherwise: each holds a blocking thread while
/// its client sends it.
pub const DEFAULT_MAX_STREAMING_REQUESTS: usize = 64;

/// How long a client may take to send a request's body, unless
/// [`Server::read_timeout`] says otherwise. (Its headers have hyper's own timeout.)
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A SOAP service over HTTP: one implementation of a `#[soap_service(server)]` trait.
/// Cheap to clone; clones serve the same implementation.
#[derive(Clone)]
pub struct Server {
    shared: Arc<Shared>,
    // Apart from the implementation, and shared too: a server is cloned for each request
    // (`tower::Service::call`), and this is a pointer to copy.
    config: Arc<Config>,
}

/// How the server is set up.
#[derive(Clone)]
struct Config {
    /// Header blocks the implementation reads itself (`request_headers`), understood
    /// beside the operations' header parameters.
    understood: Vec<(String, String)>,
    wsdl: Option<Bytes>,
    max_request_size: usize,
    read_timeout: Duration,
    /// Permits for long requests decoded as they arrive; without one, a request is read
    /// whole first.
    streaming: Arc<tokio::sync::Semaphore>,
    #[cfg(feature = "wsse")]
    security: Option<crate::wsse::UsernameTokens>,
    #[cfg(feature = "wsse")]
    signatures: Option<crate::wsse::Trust>,
    #[cfg(feature = "wsse")]
    signer: Option<Arc<crate::wsse::Signer>>,
}

struct Shared {
    dispatch: Box<dyn Dispatch>,
    /// Operations by their body element `(namespace, local name)`; several operations
    /// may share one, told apart by their SOAP action.
    by_element: HashMap<(&'static str, &'static str), Vec<usize>>,
}

impl Server {
    /// Serves `dispatch`; generated code calls this from `{Trait}Server::new`.
    #[doc(hidden)]
    pub fn new(dispatch: impl Dispatch) -> Server {
        let mut by_element: HashMap<_, Vec<usize>> = HashMap::new();
        for (index, op) in dispatch.operations().iter().enumerate() {
            by_element.entry((op.namespace, op.name)).or_default().push(index);
        }
        Server {
            shared: Arc::new(Shared { dispatch: Box::new(dispatch), by_element }),
            config: Arc::new(Config {
                understood: Vec::new(),
                wsdl: None,
                max_request_size: DEFAULT_MAX_REQUEST_SIZE,
                read_timeout: DEFAULT_READ_TIMEOUT,
                streaming: Arc::new(tokio::sync::Semaphore::new(DEFAULT_MAX_STREAMING_REQUESTS)),
                #[cfg(feature = "wsse")]
                security: None,
                #[cfg(feature = "wsse")]
                signatures: None,
                #[cfg(feature = "wsse")]
                signer: None,
            }),
        }
    }

    /// The configuration, to change before the server is cloned.
    fn config(&mut self) -> &mut Config {
        Arc::make_mut(&mut self.config)
    }

    /// Signs every reply with `signer` (feature `wsse`): a Timestamp and the signer's
    /// certificate in its Security header, and an XML signature over its Body and
    /// Timestamp. (Faults are not signed.)
    #[cfg(feature = "wsse")]
    #[must_use]
    pub fn sign_replies(mut self, signer: crate::wsse::Signer) -> Server {
        self.config().signer = Some(Arc::new(signer));
        self
    }

    /// Requires every request to be signed by a certificate `trust` accepts (feature
    /// `wsse`): its Body and Timestamp covered by an XML signature in its Security header,
    /// or the request is answered with the WS-Security fault `FailedCheck` and the
    /// implementation is not called.
    #[cfg(feature = "wsse")]
    #[must_use]
    pub fn require_signatures(mut self, trust: crate::wsse::Trust) -> Server {
        self.config().signatures = Some(trust);
        self
    }

    /// Requires a WS-Security UsernameToken on every request (feature `wsse`): a request
    /// without one, with a wrong password, a replayed nonce or a stale Timestamp is answered
    /// with the WS-Security fault for it, and the implementation is not called. The user
    /// it authenticates is [`authenticated_user`].
    #[cfg(feature = "wsse")]
    #[must_use]
    pub fn ws_security(mut self, tokens: crate::wsse::UsernameTokens) -> Server {
        self.config().security = Some(tokens);
        self
    }

    /// Declares the header block `{namespace}name` understood: the implementation reads it
    /// with [`request_headers`], so a request that marks it `mustUnderstand` is served
    /// rather than answered with the MustUnderstand fault. (An operation's header
    /// parameters are understood without this.)
    #[must_use]
    pub fn understand(mut self, namespace: impl Into<String>, name: impl Into<String>) -> Server {
        self.config().understood.push((namespace.into(), name.into()));
        self
    }

    /// Serves `wsdl` (the service's WSDL, as a file the user has) at `GET ...?wsdl`.
    #[must_use]
    pub fn wsdl(mut self, wsdl: impl Into<String>) -> Server {
        self.config().wsdl = Some(Bytes::from(wsdl.into()));
        self
    }

    /// The largest request body accepted, in bytes ([`DEFAULT_MAX_REQUEST_SIZE`] unless
    /// set): a larger one is refused with HTTP 413 as soon as it grows past it.
    #[must_use]
    pub fn max_request_size(mut self, bytes: usize) -> Server {
        self.config().max_request_size = bytes;
        self
    }

    /// How many long requests (over 256 KiB, or sent chunked) may be decoded as they
    /// arrive at once ([`DEFAULT_MAX_STREAMING_REQUESTS`] unless set). Each holds a thread
    /// of Tokio's blocking pool while its client sends it, so slow clients cannot take the
    /// whole pool: past this many, a request is read whole first, within
    /// [`max_request_size`](Server::max_request_size), then decoded.
    #[must_use]
    pub fn max_streaming_requests(mut self, requests: usize) -> Server {
        self.config().streaming = Arc::new(tokio::sync::Semaphore::new(requests));
        self
    }

    /// The longest a client may take to send a request's body ([`DEFAULT_READ_TIMEOUT`]
    /// unless set); a slower one gets HTTP 408.
    #[must_use]
    pub fn read_timeout(mut self, timeout: Duration) -> Server {
        self.config().read_timeout = timeout;
        self
    }

    /// Answers one HTTP request. (A body of 256 KiB or more, or of unknown length, is
    /// moved to a blocking thread and decoded as it arrives, hence `'static`.) Must be
    /// called on a Tokio runtime.
    pub async fn handle<B>(&self, request: http::Request<B>) -> ServerResponse
    where
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        route::handle(self, request).await
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ops: Vec<_> = self.shared.dispatch.operations().iter().map(|op| op.name).collect();
        f.debug_struct("Server")
            .field("operations", &ops)
            .field("wsdl", &self.config.wsdl.is_some())
            .field("max_request_size", &self.config.max_request_size)
            .field("read_timeout", &self.config.read_timeout)
            .field("understood", &self.config.understood)
            .finish()
    }
}

impl<B> tower::Service<http::Request<B>> for Server
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = ServerResponse;
    type Error = std::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<ServerResponse, std::convert::Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), std::convert::Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let server = self.clone();
        Box::pin(async move { Ok(server.handle(request).await) })
    }
}
