//! Functions that look at or change the request going out and the reply coming in (zeep's
//! plugins' `egress` and `ingress`).

use std::sync::Arc;

use super::{Around, Layered};
use crate::error::Result;
use crate::transport::{Transport, TransportRequest, TransportResponse};

type RequestHook = Arc<dyn Fn(&mut TransportRequest) + Send + Sync>;
type ResponseHook = Arc<dyn Fn(&mut TransportResponse) + Send + Sync>;

/// Runs its request hooks, in the order added, on each request before it is sent, and its
/// response hooks on each reply before soapkit reads it. A hook may change the body:
/// the bytes it leaves are what is sent or read (so a hook that changes a signed request
/// breaks its signature).
///
/// ```
/// use soapkit_runtime::layers::{CallOperation, Hooks};
///
/// let hooks = Hooks::new()
///     .on_request(|request| {
///         let name = CallOperation::of(request).map_or("", |op| op.name);
///         request.headers_mut().insert("x-operation", name.parse().unwrap());
///     })
///     .on_response(|response| {
///         // A server that sends a byte-order mark before a UTF-8 envelope's declaration.
///         if response.body().starts_with(b"\xEF\xBB\xBF") {
///             response.body_mut().drain(..3);
///         }
///     });
/// let client = soapkit_runtime::Client::builder("http://127.0.0.1:8080/Person.svc").layer(hooks).build();
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct Hooks {
    requests: Vec<RequestHook>,
    responses: Vec<ResponseHook>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks")
            .field("requests", &self.requests.len())
            .field("responses", &self.responses.len())
            .finish()
    }
}

impl Hooks {
    /// No hooks yet.
    pub fn new() -> Self {
        Hooks::default()
    }

    /// Runs `hook` on each request before it is sent.
    pub fn on_request(mut self, hook: impl Fn(&mut TransportRequest) + Send + Sync + 'static) -> Self {
        self.requests.push(Arc::new(hook));
        self
    }

    /// Runs `hook` on each reply before it is read.
    pub fn on_response(mut self, hook: impl Fn(&mut TransportResponse) + Send + Sync + 'static) -> Self {
        self.responses.push(Arc::new(hook));
        self
    }
}

impl tower::Layer<Transport> for Hooks {
    type Service = Layered<Hooks>;

    fn layer(&self, inner: Transport) -> Layered<Hooks> {
        Layered::new(self.clone(), inner)
    }
}

impl Around for Hooks {
    async fn around(self, inner: Transport, mut request: TransportRequest) -> Result<TransportResponse> {
        for hook in &self.requests {
            hook(&mut request);
        }
        let mut response = inner.send(request).await?;
        for hook in &self.responses {
            hook(&mut response);
        }
        Ok(response)
    }
}
