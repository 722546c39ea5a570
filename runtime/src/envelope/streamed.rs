//! The client's reading of a successful reply as it streams in: the envelope's start, its
//! Header (kept as a small tree for the header blocks), the Body's wrapper, then the
//! result decoded from the tokens ([`crate::xml::de::stream`]) while the bytes arrive.
//!
//! Anything else a reply may be (a Fault, another wrapper, an empty or crowded Body, a
//! value the stream leaves to the tree, XML that is not well-formed) is read again whole
//! by the tree's reader ([`super::reply`]), which says what it is exactly as it always
//! has: the stream only ever hands out a result it read to the end of the document.

use serde::de::DeserializeOwned;
use std::sync::Arc;

use super::opening::Opening;
use super::reply;
use crate::check::ReplyCheck;
use crate::error::{Error, Result};
use crate::operation::{Operation, ResultElement};
use crate::reply::ReplyHeaders;
use crate::version::SoapVersion;
use crate::xml::de;
use crate::xml::events::{Events, Start, StreamError};
use crate::xml::tree::{Document, NodeId};

/// A reply with a 2xx status, read no further than its HTTP head (its body in memory or
/// still arriving through a [`Feed`]).
pub(crate) struct PendingReply {
    events: Events,
    /// For a reply still arriving: what stops its reading when the call is dropped, taken
    /// by the call that decodes it on a blocking thread. `None` for a reply in memory.
    pub(crate) stop: Option<crate::transport::StopOnDrop>,
    status: u16,
    /// The request's SOAP version.
    version: SoapVersion,
    checks: Checks,
}

/// What the client checks on every reply before its result is read.
#[derive(Clone, Default)]
pub(crate) struct Checks {
    pub(crate) reply_check: ReplyCheck,
    /// The request's WS-Addressing `MessageID`, which the reply must relate to.
    #[cfg(feature = "wsa")]
    pub(crate) message_id: Option<String>,
}

impl Checks {
    /// Whether a check reads the header blocks.
    fn read_headers(&self) -> bool {
        #[cfg(feature = "wsa")]
        if self.message_id.is_some() {
            return true;
        }
        self.reply_check.is_set()
    }

    /// Runs the checks on a reply read by the tree.
    pub(crate) fn apply(&self, envelope: reply::Envelope) -> Result<reply::Envelope> {
        #[cfg(feature = "wsa")]
        if let (Some(id), Some(doc)) = (&self.message_id, &envelope.doc) {
            crate::wsa::check_relates_to(Some(doc), envelope.header, id)?;
        }
        self.reply_check.apply(envelope)
    }

    /// Runs the checks on the header blocks of a reply read as it streams.
    fn apply_to_headers(&self, headers: &Headers) -> Result<()> {
        let (doc, header) = match headers {
            Some((doc, header)) => (Some(doc), Some(*header)),
            None => (None, None),
        };
        #[cfg(feature = "wsa")]
        if let Some(id) = &self.message_id {
            crate::wsa::check_relates_to(doc.map(|doc| &**doc), header, id)?;
        }
        self.reply_check.check(ReplyHeaders::new(doc.cloned(), header))
    }
}

/// The header blocks of a reply read as it streamed: the Header's tree, if there is one.
pub(crate) type Headers = Option<(Arc<Document>, NodeId)>;

impl PendingReply {
    /// A reply whose body is all in `body`.
    /// Bytes that are no UTF-8 come back, for the tree's reader to say what they are.
    pub(crate) fn whole(
        status: u16,
        body: Vec<u8>,
        version: SoapVersion,
        checks: Checks,
    ) -> std::result::Result<Self, Vec<u8>> {
        let events = Events::from_bytes(body, None)?;
        Ok(PendingReply { events, stop: None, status, version, checks })
    }

    /// A reply whose body is still arriving through `feed`.
    pub(crate) fn live(feed: crate::transport::ReplyFeed, status: u16, version: SoapVersion, checks: Checks) -> Self {
        let stop = Some(feed.stop_on_drop());
        let events = Events::new(String::with_capacity(feed.expected_len()), Some(Box::new(feed)));
        PendingReply { events, stop, status, version, checks }
    }

    /// The result of `op`, with the reply's header blocks when `headers` asks for them.
    pub(crate) fn decode<T: DeserializeOwned>(mut self, op: &Operation, headers: bool) -> Result<(T, Headers)> {
        match self.stream(op, headers) {
            Ok(read) => Ok(read),
            Err(Stop::Refused(error)) => Err(error.with_status(self.status)),
            Err(Stop::Tree) => {
                if let Some(error) = self.events.transport_error() {
                    return Err(error.with_status(self.status));
                }
                self.events.read_all().map_err(|e| e.with_status(self.status))?;
                self.by_tree(op, headers)
            }
        }
    }

    /// The reply read whole by the tree: the same errors, checks and result as a reply
    /// that never streamed.
    #[cold]
    fn by_tree<T: DeserializeOwned>(self, op: &Operation, headers: bool) -> Result<(T, Headers)> {
        let PendingReply { events, status, version, checks, .. } = self;
        let envelope = checks.apply(reply::read(status, events.into_bytes(), version, op)?)?;
        let value = crate::result::read_result(op, &envelope)?;
        let kept = if headers { envelope.doc.map(Arc::new).zip(envelope.header) } else { None };
        Ok((value, kept))
    }

    fn stream<T: DeserializeOwned>(
        &mut self,
        op: &Operation,
        headers: bool,
    ) -> std::result::Result<(T, Headers), Stop> {
        let r = &mut self.events;
        let Some(opening) = Opening::read(r)? else { return Err(Stop::Tree) };
        let wrapper = &opening.element;
        if opening.version != self.version || r.local(wrapper) != op.response || r.namespace(wrapper) != op.namespace {
            return Err(Stop::Tree);
        }
        let kept =
            if headers || self.checks.read_headers() { opening.header_tree(r).map_err(|()| Stop::Tree)? } else { None };
        if self.checks.read_headers() {
            self.checks.apply_to_headers(&kept).map_err(Stop::Refused)?;
        }
        let value = result(r, op, opening.element)?;
        // One element in the Body, and a well-formed end: only then is the value handed out.
        if r.next_child()?.is_some() {
            return Err(Stop::Tree);
        }
        r.finish()?;
        Ok((value, if headers { kept } else { None }))
    }
}

/// Why the stream stopped: the reply is for the tree to read, or a check refused it.
enum Stop {
    Tree,
    Refused(Error),
}

impl From<StreamError> for Stop {
    fn from(_: StreamError) -> Self {
        Stop::Tree
    }
}

impl From<crate::xml::error::DecodeError> for Stop {
    fn from(_: crate::xml::error::DecodeError) -> Self {
        Stop::Tree
    }
}

/// The operation's result from its wrapper element, whose start tag has been read; the
/// wrapper is read through its end tag.
fn result<T: DeserializeOwned>(r: &mut Events, op: &Operation, wrapper: Start) -> std::result::Result<T, Stop> {
    let (found, name) = match op.result {
        ResultElement::Wrapper => return Ok(de::stream::from_start(r, wrapper)?),
        ResultElement::First => (r.next_child()?, "result"),
        ResultElement::Nothing => {
            r.skip_element()?;
            return Ok(de::from_absent("result")?);
        }
        ResultElement::Named(name) => {
            let element = crate::xml::fields::element(name);
            let found = loop {
                match r.next_child()? {
                    Some(child) if r.local(&child) == element => break Some(child),
                    Some(_) => {
                        r.skip_element()?;
                    }
                    None => break None,
                }
            };
            (found, element)
        }
    };
    match found {
        Some(start) => {
            let value = de::stream::from_start(r, start)?;
            r.skip_element()?;
            Ok(value)
        }
        None => Ok(de::from_absent(name)?),
    }
}
