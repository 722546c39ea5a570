//! Retrying a call that failed on the way, only where that is safe: never after the server
//! answered with a SOAP fault, and never sending again a request the server may have acted
//! on unless the operation is idempotent.

use std::hash::{BuildHasher as _, Hasher as _};
use std::sync::Arc;
use std::time::Duration;

use super::{Around, CallOperation, Layered, copy};
use crate::error::{Error, Result};
use crate::operation::Operation;
use crate::transport::{Transport, TransportRequest, TransportResponse};

type Predicate = Arc<dyn Fn(&Operation) -> bool + Send + Sync>;

/// Retries for the operations it is told about: `attempts` in all (3 unless set), waiting
/// between them an exponential backoff (100 ms, doubled each time, at most 5 s, unless
/// set) with full jitter, or what a 503's `Retry-After` asks when that is shorter.
///
/// - An operation [`safe_to_repeat`](Retry::safe_to_repeat) is sent again only when its
///   request cannot have reached the server: the connection could not be made.
/// - An operation [`idempotent`](Retry::idempotent) is also sent again after a failure
///   the server may have seen (a reset or timed-out connection, a 502, 503 or 504 without a
///   SOAP fault).
/// - A SOAP fault is the server's answer and is never retried; nor is any other operation.
///
/// ```
/// use std::time::Duration;
/// use soapkit_runtime::layers::Retry;
///
/// let retry = Retry::new()
///     .attempts(4)
///     .backoff(Duration::from_millis(200), Duration::from_secs(2))
///     .idempotent(|op| op.name.starts_with("Get"))
///     .safe_to_repeat(|_| true);
/// let client = soapkit_runtime::Client::builder("http://127.0.0.1:8080/Person.svc").layer(retry).build();
/// ```
#[derive(Clone)]
#[must_use]
pub struct Retry {
    attempts: u32,
    base: Duration,
    max: Duration,
    safe: Option<Predicate>,
    idempotent: Option<Predicate>,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            attempts: 3,
            base: Duration::from_millis(100),
            max: Duration::from_secs(5),
            safe: None,
            idempotent: None,
        }
    }
}

impl std::fmt::Debug for Retry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Retry")
            .field("attempts", &self.attempts)
            .field("base", &self.base)
            .field("max", &self.max)
            .finish_non_exhaustive()
    }
}

impl Retry {
    /// Retries nothing until told which operations: see [`safe_to_repeat`](Self::safe_to_repeat)
    /// and [`idempotent`](Self::idempotent).
    pub fn new() -> Self {
        Retry::default()
    }

    /// Tries each call at most `attempts` times in all (at least once).
    pub fn attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts.max(1);
        self
    }

    /// Waits `base` before the second try, twice that before the third, and so on up to
    /// `max`; each wait a random part of that (full jitter), so that clients that failed
    /// together do not come back together.
    pub fn backoff(mut self, base: Duration, max: Duration) -> Self {
        self.base = base;
        self.max = max.max(base);
        self
    }

    /// The operations sent again when their request cannot have reached the server.
    pub fn safe_to_repeat(mut self, which: impl Fn(&Operation) -> bool + Send + Sync + 'static) -> Self {
        self.safe = Some(Arc::new(which));
        self
    }

    /// The operations sent again after any failure on the way, even one the server may
    /// have acted on: those that do the same when done twice (reads, puts of a whole value).
    pub fn idempotent(mut self, which: impl Fn(&Operation) -> bool + Send + Sync + 'static) -> Self {
        self.idempotent = Some(Arc::new(which));
        self
    }

    fn allows(&self, op: Option<&Operation>, failure: Failure) -> bool {
        let Some(op) = op else { return false };
        let idempotent = self.idempotent.as_ref().is_some_and(|p| p(op));
        match failure {
            Failure::NotSent => idempotent || self.safe.as_ref().is_some_and(|p| p(op)),
            Failure::MaybeSeen => idempotent,
            Failure::Answered => false,
        }
    }

    /// The wait before try `next` (2 for the second), at most `cap`.
    fn wait(&self, next: u32, cap: Option<Duration>) -> Duration {
        let exponential = self.base.saturating_mul(1u32 << (next - 2).min(20)).min(self.max);
        let jittered = exponential.mul_f64(random_fraction());
        cap.map_or(jittered, |cap| jittered.min(cap))
    }
}

/// What a failed try tells about the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// The connection was never made: the server has not seen the request.
    NotSent,
    /// It may have been processed: the connection broke or timed out after sending, or a
    /// gateway or an overloaded server answered without a SOAP fault.
    MaybeSeen,
    /// The server answered: success, a SOAP fault, or a status retrying would not change.
    Answered,
}

fn classify(outcome: &Result<TransportResponse>) -> Failure {
    match outcome {
        Ok(response) => {
            let gateway = matches!(response.status().as_u16(), 502..=504);
            // A SOAP envelope (a fault) with that status is the service's own answer.
            let soap = response
                .headers()
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|t| t.starts_with("text/xml") || t.starts_with("application/soap+xml"));
            if gateway && !soap { Failure::MaybeSeen } else { Failure::Answered }
        }
        Err(error) if not_connected(error) => Failure::NotSent,
        Err(error) if error.is_transport() || error.is_timeout() => Failure::MaybeSeen,
        Err(_) => Failure::Answered,
    }
}

/// Whether the error is reqwest's "could not connect" somewhere in its causes.
fn not_connected(error: &Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(link) = cause {
        if link.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_connect) {
            return true;
        }
        cause = link.source();
    }
    false
}

/// A 503's `Retry-After` in seconds.
fn retry_after(outcome: &Result<TransportResponse>) -> Option<Duration> {
    let response = outcome.as_ref().ok()?;
    let seconds = response.headers().get(http::header::RETRY_AFTER)?.to_str().ok()?.trim().parse::<u64>().ok()?;
    Some(Duration::from_secs(seconds))
}

/// A number in [0, 1) from std's randomly keyed hasher: jitter needs no more.
fn random_fraction() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

impl tower::Layer<Transport> for Retry {
    type Service = Layered<Retry>;

    fn layer(&self, inner: Transport) -> Layered<Retry> {
        Layered::new(self.clone(), inner)
    }
}

impl Around for Retry {
    async fn around(self, inner: Transport, request: TransportRequest) -> Result<TransportResponse> {
        let op = CallOperation::of(&request);
        // The request is copied for a next try only where one could be allowed.
        let retriable = self.attempts > 1 && self.allows(op, Failure::NotSent);
        let mut next = retriable.then(|| copy(&request));
        let mut outcome = inner.send(request).await;
        for attempt in 2..=self.attempts {
            let Some(again) = next.take() else { break };
            let failure = classify(&outcome);
            if !self.allows(op, failure) {
                break;
            }
            // A server that says when to come back is believed, within the backoff's cap.
            let wait = self.wait(attempt, retry_after(&outcome).map(|after| after.min(self.max)));
            tracing::debug!(
                operation = op.map(|o| o.name),
                attempt,
                ?failure,
                wait_ms = wait.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(wait).await;
            next = (attempt < self.attempts).then(|| copy(&again));
            outcome = inner.send(again).await;
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static GET: Operation = Operation::example("GetPerson", "urn:x", "GetPersonResponse");
    static SAVE: Operation = Operation::example("SavePerson", "urn:x", "SavePersonResponse");

    #[test]
    fn only_what_was_never_sent_is_repeated_unless_idempotent() {
        let retry = Retry::new().safe_to_repeat(|_| true).idempotent(|op| op.name.starts_with("Get"));
        assert!(retry.allows(Some(&SAVE), Failure::NotSent));
        assert!(!retry.allows(Some(&SAVE), Failure::MaybeSeen));
        assert!(retry.allows(Some(&GET), Failure::MaybeSeen));
        assert!(!retry.allows(Some(&GET), Failure::Answered));
        assert!(!retry.allows(None, Failure::NotSent), "a request soapkit did not make");
        assert!(!Retry::new().allows(Some(&GET), Failure::NotSent), "opt-in");
    }

    #[test]
    fn waits_grow_to_the_cap_and_are_jittered_below_it() {
        let retry = Retry::new().backoff(Duration::from_millis(100), Duration::from_millis(400));
        for _ in 0..100 {
            assert!(retry.wait(2, None) <= Duration::from_millis(100));
            assert!(retry.wait(9, None) <= Duration::from_millis(400));
            assert!(retry.wait(9, Some(Duration::from_millis(10))) <= Duration::from_millis(10));
        }
        let waits: std::collections::HashSet<_> = (0..20).map(|_| retry.wait(9, None)).collect();
        assert!(waits.len() > 1, "jittered");
    }
}
