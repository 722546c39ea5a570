//! The call: once the request is written, the steps of the path in order, as one future.
//!
//! The envelope goes through the SOAP HTTP binding to the client's transport; what comes
//! back is read as an envelope (or a fault), passed through the client's reply check and
//! decoded as the method's result. Tracing and the secrets' redaction happen here, around
//! those steps, so that neither the transport nor the readers need to know about them.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tracing::Instrument;

use crate::client::Client;
use crate::envelope::reply::{self, Envelope, ReplyLog};
use crate::envelope::streamed::{Checks, PendingReply};
use crate::envelope::writer::Outgoing;
use crate::error::{Error, Result};
use crate::fault::{Fault, TypedDetail};
use crate::operation::Operation;
use crate::result::FromReply;
use crate::secrets::Secrets;
use crate::transport::{Body, Received};

/// Decodes a fault's detail into an operation's fault contract type.
pub(crate) type DetailDecoder = fn(&Fault) -> Option<TypedDetail>;

/// The future of one call: the HTTP exchange, then the reply read as `T`.
///
/// Every operation of a `#[soap_service]` trait returns it: `fn op(&self, ..) ->
/// soapkit::Call<'_, T>`, awaited like the `async fn` it was declared as, `Send`, so calls
/// can be spawned. The envelope is already written when the method returns, so the future
/// borrows only the client, not the arguments; an argument XML cannot carry makes it
/// resolve to an [`Input`](crate::ErrorKind::Input) error without sending anything. Like
/// every future it does nothing until awaited.
///
/// One named type rather than `impl Future` in the trait: each opaque return type costs
/// rustc a hidden type to infer and check, and for a service of hundreds of operations
/// that was the larger part of its build (measured in BENCHMARKS.md).
///
/// An implementation written by hand, such as a fake for tests, makes its calls with
/// [`Call::ready`] or [`Call::from_future`]:
///
/// ```
/// use soapkit_runtime::Call;
///
/// fn find_name(id: i32) -> Call<'static, String> {
///     Call::ready(Ok(format!("person {id}")))
/// }
///
/// fn find_later(id: i32) -> Call<'static, String> {
///     Call::from_future(async move { Ok(format!("person {id}, later")) })
/// }
/// # tokio_test(async {
/// assert_eq!(find_name(7).await.unwrap(), "person 7");
/// assert_eq!(find_later(7).await.unwrap(), "person 7, later");
/// # });
/// # fn tokio_test(f: impl std::future::Future<Output = ()>) {
/// #     let waker = std::task::Waker::noop();
/// #     let mut f = std::pin::pin!(f);
/// #     assert!(f.as_mut().poll(&mut std::task::Context::from_waker(&waker)).is_ready());
/// # }
/// ```
#[must_use = "a call does nothing until awaited"]
pub struct Call<'c, T> {
    state: CallState<'c, T>,
}

type Exchange<'c> = Pin<Box<dyn Future<Output = Result<Envelope>> + Send + 'c>>;

enum CallState<'c, T> {
    /// The request could not be encoded; nothing is sent.
    Failed(Option<Error>),
    Exchange {
        op: &'static Operation,
        detail: Option<DetailDecoder>,
        exchange: Exchange<'c>,
    },
    /// A reply being decoded as it arrives, on a thread that may block on the connection.
    Decoding {
        decoder: tokio::task::JoinHandle<(Result<T>, Secrets)>,
        /// Stops the decoder if the call is dropped before it is done.
        _stop: crate::transport::StopOnDrop,
        detail: Option<DetailDecoder>,
        /// The request's secrets and the reply's log, for when the result is read.
        secrets: Secrets,
        log: Option<ReplyLog>,
    },
    /// A call made by other means ([`Call::from_future`]).
    Other(Pin<Box<dyn Future<Output = Result<T>> + Send + 'c>>),
}

impl<'c, T> Call<'c, T> {
    /// A call that resolves to `result` at once.
    pub fn ready(result: Result<T>) -> Self
    where
        T: Send + 'c,
    {
        Self::from_future(std::future::ready(result))
    }

    /// A call that resolves to what `future` does.
    pub fn from_future(future: impl Future<Output = Result<T>> + Send + 'c) -> Self {
        Call { state: CallState::Other(Box::pin(future)) }
    }

    /// The call of an operation an implementation leaves out: it fails with a `Receiver`
    /// fault saying that `operation` is not implemented, which a server sends as it is.
    /// What a trait's methods do unless implemented, so that a server or a test double
    /// needs only the operations it serves.
    pub fn not_implemented(operation: &str) -> Self {
        Call::failed(not_implemented(operation))
    }

    /// The call of a request that could not be written: it fails with `error`, sending
    /// nothing.
    pub(crate) fn failed(error: Error) -> Self {
        Call { state: CallState::Failed(Some(error)) }
    }

    /// The call of a written request.
    pub(crate) fn exchange(
        client: &'c Client,
        op: &'static Operation,
        detail: Option<DetailDecoder>,
        outgoing: Outgoing,
    ) -> Self {
        Call { state: CallState::Exchange { op, detail, exchange: Box::pin(exchange(client, op, outgoing)) } }
    }
}

impl<T> std::fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut call = f.debug_struct("Call");
        match &self.state {
            CallState::Failed(_) => call.field("state", &"failed before sending"),
            CallState::Exchange { op, .. } => call.field("operation", &op.name),
            CallState::Decoding { .. } => call.field("state", &"decoding the reply"),
            CallState::Other(_) => call.field("state", &"made by other means"),
        };
        call.finish_non_exhaustive()
    }
}

impl<T: FromReply + Send + 'static> Future for Call<'_, T> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        let state = &mut self.get_mut().state;
        loop {
            match state {
                CallState::Failed(error) => {
                    return Poll::Ready(Err(error.take().expect("a call polled after it completed")));
                }
                CallState::Exchange { op, detail, exchange } => match exchange.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Ok(mut envelope)) => {
                        let (op, detail) = (*op, *detail);
                        let secrets = std::mem::take(&mut envelope.secrets);
                        let log = envelope.log.take();
                        if let Some(stop) = envelope.pending.as_mut().and_then(|pending| pending.stop.take()) {
                            // A reply still arriving: its decoding waits for the bytes as they
                            // come, not on this task's thread, which the runtime needs to
                            // bring them.
                            let decoder = tokio::task::spawn_blocking(move || {
                                crate::secrets::collecting(|| T::from_reply(op, envelope))
                            });
                            *state = CallState::Decoding { decoder, _stop: stop, detail, secrets, log };
                            continue;
                        }
                        // The result's own `Secret` members are known once it is read: only
                        // then is the reply logged, with them hidden too.
                        let read = crate::secrets::collecting(|| T::from_reply(op, envelope));
                        return Poll::Ready(finish(read, secrets, log, detail));
                    }
                    Poll::Ready(Err(error)) => return Poll::Ready(Err(with_typed_detail(error, *detail))),
                },
                CallState::Decoding { decoder, detail, secrets, log, .. } => {
                    let read = match Pin::new(decoder).poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Ok(read)) => read,
                        Poll::Ready(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                        Poll::Ready(Err(e)) => (Err(Error::from_transport(e.into())), Secrets::default()),
                    };
                    let (secrets, log, detail) = (std::mem::take(secrets), log.take(), *detail);
                    *state = CallState::Failed(None);
                    return Poll::Ready(finish(read, secrets, log, detail));
                }
                CallState::Other(future) => return future.as_mut().poll(cx),
            }
        }
    }
}

/// A read result with the secrets it read: the reply logged with all secrets hidden, and
/// any error with them hidden too. A value that does not decode is quoted in the error.
fn finish<T>(
    (result, read): (Result<T>, Secrets),
    mut secrets: Secrets,
    log: Option<ReplyLog>,
    detail: Option<DetailDecoder>,
) -> Result<T> {
    secrets.extend(read);
    if let Some(log) = log {
        log.write(&secrets);
    }
    // A fault may come from the reply read as it streamed, once it is read whole.
    result.map_err(|error| with_typed_detail(error.redacting(&secrets), detail))
}

#[cold]
fn not_implemented(operation: &str) -> Error {
    Fault::receiver(format!("the operation {operation} is not implemented")).into()
}

#[cold]
fn with_typed_detail(mut error: Error, decoder: Option<DetailDecoder>) -> Error {
    if let Some(decoder) = decoder
        && let Some(fault) = error.fault_mut()
    {
        let typed = decoder(fault);
        fault.set_typed_detail(typed);
    }
    error
}

/// Sends an encoded envelope for `op` and reads the reply up to the checked envelope,
/// inside a `soap_call` span that records the HTTP status, the bytes each way, the
/// duration and the fault code.
async fn exchange(client: &Client, op: &'static Operation, outgoing: Outgoing) -> Result<Envelope> {
    let span = tracing::debug_span!(
        "soap_call",
        operation = op.name,
        version = %client.soap_version(),
        status = tracing::field::Empty,
        bytes_out = outgoing.body.len(),
        bytes_in = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
        fault = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    let result = send_and_read(client, op, outgoing).instrument(span.clone()).await;
    span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
    if let Err(error) = &result {
        if let Some(fault) = error.fault() {
            span.record("fault", fault.code().local_name());
        }
        tracing::debug!(parent: &span, %error, "call failed");
    }
    result
}

/// Replies read whole from this size on are decoded by the streaming decoder
/// (BENCHMARKS.md, "Large replies": the instructions of each decoder by reply).
pub(crate) const STREAM_WHOLE_FROM: usize = 1024;

async fn send_and_read(client: &Client, op: &'static Operation, outgoing: Outgoing) -> Result<Envelope> {
    // Envelopes are logged only at TRACE, and only with every secret value replaced.
    let trace = tracing::enabled!(tracing::Level::TRACE);
    if trace {
        tracing::trace!(envelope = %outgoing.redacted(), "request");
    }
    // The secret values, to hide in the reply's log and in any error made from the reply;
    // found only for calls that carry secrets.
    let secrets = outgoing.secrets.values(&outgoing.body);
    let checks = Checks {
        reply_check: client.reply_check().clone(),
        #[cfg(feature = "wsa")]
        message_id: outgoing.message_id,
    };
    let described = client.transport().is_service();
    let mut request = client.binding().request(op, outgoing.body, client.timeout(), described)?;
    if described && !secrets.is_empty() {
        // For the layers that show the request (History): what they must hide.
        let redactions = crate::layers::Redactions(std::sync::Arc::new(secrets.clone()));
        request.extensions_mut().insert(redactions);
    }
    let span = tracing::Span::current();
    // A large successful reply is decoded as it streams in, unless something must see it
    // whole first: a signature to verify over the Body, the TRACE log of the reply; and
    // only from the client's own transport, which can hand a body over still arriving.
    #[cfg(feature = "wsse")]
    let verifies = client.security().is_some_and(|security| security.trust().is_some());
    #[cfg(not(feature = "wsse"))]
    let verifies = false;
    let streams = !trace && !verifies && !op.one_way;
    let (status, body) = match client.transport().own_http().filter(|_| streams) {
        Some(http) => {
            let Received { status, body } = http.receive(request).await.map_err(|e| e.redacting(&secrets))?;
            span.record("status", status);
            let success = (200..300).contains(&status);
            let body = match body {
                Body::Arriving(feed) if success => {
                    let pending = PendingReply::live(feed, status, client.soap_version(), checks);
                    return Ok(Envelope { secrets, ..Envelope::pending(pending) });
                }
                Body::Arriving(feed) => feed.read_all().await.map_err(|e| e.redacting(&secrets))?,
                Body::Whole(body) => body,
            };
            span.record("bytes_in", body.len());
            (status, body)
        }
        None => {
            let response = client.transport().send(request).await.map_err(|e| e.redacting(&secrets))?;
            let status = response.status().as_u16();
            let body = response.into_body();
            span.record("status", status);
            span.record("bytes_in", body.len());
            (status, body)
        }
    };
    // A successful reply of some size already in memory is decoded from its tokens too:
    // for a reply of values that costs fewer instructions than the tree. A small one, as
    // Services88's, is mostly header blocks, which cost the stream more than the tree.
    let body = if streams && (200..300).contains(&status) && body.len() >= STREAM_WHOLE_FROM {
        match PendingReply::whole(status, body, client.soap_version(), checks.clone()) {
            Ok(pending) => return Ok(Envelope { secrets, ..Envelope::pending(pending) }),
            Err(body) => body,
        }
    } else {
        body
    };
    let log = trace.then(|| ReplyLog::new(span.clone(), status, &body));
    let envelope = reply::read(status, body, client.soap_version(), op)
        .and_then(|envelope| {
            #[cfg(feature = "wsse")]
            if let Some(trust) = client.security().and_then(|security| security.trust()) {
                let (Some(doc), Some(body)) = (&envelope.doc, envelope.body) else {
                    return Err(Error::reply("the reply has no envelope to carry the signature it must have"));
                };
                crate::wsse::verify::verify(doc, envelope.header, body, trust)
                    .map_err(|why| Error::reply(format!("the reply's signature is refused: {why}")))?;
            }
            checks.apply(envelope)
        })
        .map_err(|error| error.redacting(&secrets));
    match envelope {
        Ok(envelope) => Ok(Envelope { secrets, log, ..envelope }),
        Err(error) => {
            if let Some(log) = log {
                log.write(&secrets);
            }
            Err(error)
        }
    }
}
