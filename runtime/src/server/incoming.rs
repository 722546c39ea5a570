//! A request's body as it arrives: read whole within the server's size limit and read
//! timeout, or (a long one) handed to the decoder as a [`Feed`] that it reads on its own
//! blocking thread, under the same limit and timeout, while the runtime drives the
//! connection. The server's counterpart of the client's reply feed.

use std::fmt;
use std::pin::Pin;

use bytes::Buf;
use http::StatusCode;
use http_body_util::BodyExt;

use super::response::{self, ServerResponse};
use crate::error::Error;
use crate::xml::events::Feed;

/// Why a request's body stopped before its end: answered with a plain HTTP error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Incomplete {
    TooLarge,
    TooSlow,
    Broken,
}

impl Incomplete {
    /// The plain HTTP error that answers it, its `Display` as the text.
    pub(super) fn response(self) -> ServerResponse {
        let status = match self {
            Incomplete::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Incomplete::TooSlow => StatusCode::REQUEST_TIMEOUT,
            Incomplete::Broken => StatusCode::BAD_REQUEST,
        };
        response::plain(status, &self.to_string())
    }

    /// Why a feed failed with `error`.
    pub(super) fn of(error: &Error) -> Self {
        let why = std::error::Error::source(error).and_then(|source| source.downcast_ref::<Incomplete>());
        why.copied().unwrap_or(Incomplete::Broken)
    }
}

impl fmt::Display for Incomplete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Incomplete::TooLarge => "the request is larger than the server's limit",
            Incomplete::TooSlow => "the request body came too slowly",
            Incomplete::Broken => "the request body could not be read",
        })
    }
}

impl std::error::Error for Incomplete {}

/// The body of a request, read as the decoder asks for it.
pub(super) struct BodyFeed<B> {
    body: Pin<Box<B>>,
    runtime: tokio::runtime::Handle,
    limit: usize,
    read: usize,
    deadline: tokio::time::Instant,
}

impl<B> BodyFeed<B> {
    /// Called on the runtime (whose timers the read timeout already needs).
    pub(super) fn new(body: B, limit: usize, deadline: tokio::time::Instant) -> Self {
        let runtime = tokio::runtime::Handle::current();
        BodyFeed { body: Box::pin(body), runtime, limit, read: 0, deadline }
    }
}

impl<B> Feed for BodyFeed<B>
where
    B: http_body::Body + Send,
{
    fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, Error> {
        let fail = |why: Incomplete| Err(Error::from_transport(Box::new(why)));
        loop {
            let frame = self.runtime.block_on(tokio::time::timeout_at(self.deadline, self.body.frame()));
            let frame = match frame {
                Err(_) => return fail(Incomplete::TooSlow),
                Ok(None) => return Ok(None),
                Ok(Some(Err(_))) => return fail(Incomplete::Broken),
                Ok(Some(Ok(frame))) => frame,
            };
            // Trailers carry no body.
            let Ok(mut data) = frame.into_data() else { continue };
            self.read += data.remaining();
            if self.read > self.limit {
                return fail(Incomplete::TooLarge);
            }
            return Ok(Some(data.copy_to_bytes(data.remaining())));
        }
    }
}
