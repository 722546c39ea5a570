//! The last exchanges of a client, kept for looking at after the fact (zeep's
//! `HistoryPlugin`): each request and reply as text, every secret value the client marked
//! replaced by `***`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Around, CallOperation, Layered};
use crate::error::Result;
use crate::secrets::Secrets;
use crate::transport::{Transport, TransportRequest, TransportResponse};

/// One request and what came back.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The operation's name (empty for a request soapkit did not make).
    pub operation: &'static str,
    /// The request envelope, its secrets redacted.
    pub request: String,
    /// The reply's HTTP status, when one came.
    pub status: Option<u16>,
    /// The reply's body as text, the request's secrets redacted where it quotes them.
    pub response: Option<String>,
    /// Why no reply came (already redacted).
    pub error: Option<String>,
    /// From sending to the last byte of the reply.
    pub elapsed: Duration,
}

/// Keeps the last `capacity` exchanges; clones share them, so keep one to read them
/// from while the client has the layer.
///
/// ```
/// use soapkit_runtime::layers::History;
///
/// let history = History::new(10);
/// let client = soapkit_runtime::Client::builder("http://127.0.0.1:8080/Person.svc").layer(history.clone()).build();
/// // ... calls ...
/// for exchange in history.exchanges() {
///     println!("{} -> {:?}", exchange.operation, exchange.status);
/// }
/// ```
#[derive(Clone, Debug)]
pub struct History {
    capacity: usize,
    kept: Arc<Mutex<VecDeque<Exchange>>>,
}

impl History {
    /// Keeps the last `capacity` exchanges.
    pub fn new(capacity: usize) -> Self {
        History { capacity, kept: Arc::new(Mutex::new(VecDeque::with_capacity(capacity))) }
    }

    /// The exchanges kept, oldest first.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.lock().iter().cloned().collect()
    }

    /// The newest exchange.
    pub fn last(&self) -> Option<Exchange> {
        self.lock().back().cloned()
    }

    /// Forgets every exchange kept.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Exchange>> {
        self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn keep(&self, exchange: Exchange) {
        if self.capacity == 0 {
            return;
        }
        let mut kept = self.lock();
        if kept.len() == self.capacity {
            kept.pop_front();
        }
        kept.push_back(exchange);
    }
}

/// The secret values of a request's envelope, among its extensions when it has any: what
/// a layer that shows the request must hide.
#[derive(Debug, Clone)]
pub(crate) struct Redactions(pub(crate) Arc<Secrets>);

impl tower::Layer<Transport> for History {
    type Service = Layered<History>;

    fn layer(&self, inner: Transport) -> Layered<History> {
        Layered::new(self.clone(), inner)
    }
}

impl Around for History {
    async fn around(self, inner: Transport, request: TransportRequest) -> Result<TransportResponse> {
        let secrets = request.extensions().get::<Redactions>().map(|r| Arc::clone(&r.0));
        let redact = |bytes: &[u8]| {
            let text = String::from_utf8_lossy(bytes);
            secrets.as_ref().map_or_else(|| text.to_string(), |s| s.redact(&text).into_owned())
        };
        let operation = CallOperation::of(&request).map_or("", |op| op.name);
        let shown = redact(request.body());
        let started = Instant::now();
        let outcome = inner.send(request).await;
        let (status, response, error) = match &outcome {
            Ok(response) => (Some(response.status().as_u16()), Some(redact(response.body())), None),
            Err(error) => (error.status(), None, Some(error.to_string())),
        };
        self.keep(Exchange { operation, request: shown, status, response, error, elapsed: started.elapsed() });
        outcome
    }
}
