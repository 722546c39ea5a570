//! The last step of a call: the reply's wrapper element read as the method's result.

use serde::de::DeserializeOwned;
use std::sync::Arc;

use crate::envelope::reply::Envelope;
use crate::error::{Error, Result};
use crate::operation::{Operation, ResultElement};
use crate::reply::{Reply, ReplyHeaders};
use crate::xml::de;

/// A type an operation can return: any `DeserializeOwned` value (read from the result
/// element), or [`Reply<T>`] for the value together with the reply's headers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from a SOAP reply: it does not implement `serde::Deserialize`",
    label = "an operation's result must be `Deserialize`, or `soapkit::Reply<T>` of such a `T`"
)]
pub trait FromReply: Sized + sealed::Sealed {
    #[doc(hidden)]
    fn from_reply(op: &Operation, envelope: Envelope) -> Result<Self>;
}

/// `FromReply` is implemented here only: how a result is read is the runtime's business,
/// and the envelope it reads from is not public.
mod sealed {
    pub trait Sealed {}
    impl<T: serde::de::DeserializeOwned> Sealed for T {}
    impl<T: serde::de::DeserializeOwned> Sealed for crate::reply::Reply<T> {}
}

impl<T: DeserializeOwned> FromReply for T {
    fn from_reply(op: &Operation, envelope: Envelope) -> Result<Self> {
        match envelope.pending {
            Some(pending) => pending.decode(op, false).map(|(value, _)| value),
            None => read_result(op, &envelope),
        }
    }
}

impl<T: DeserializeOwned> FromReply for Reply<T> {
    fn from_reply(op: &Operation, envelope: Envelope) -> Result<Self> {
        if let Some(pending) = envelope.pending {
            let (value, headers) = pending.decode(op, true)?;
            let (doc, header) = headers.unzip();
            return Ok(Reply::new(value, ReplyHeaders::new(doc, header)));
        }
        let value = read_result(op, &envelope)?;
        Ok(Reply::new(value, ReplyHeaders::new(envelope.doc.map(Arc::new), envelope.header)))
    }
}

/// The result of `op` from a reply read by the tree.
pub(crate) fn read_result<T: DeserializeOwned>(op: &Operation, envelope: &Envelope) -> Result<T> {
    let (Some(doc), Some(wrapper)) = (&envelope.doc, envelope.wrapper) else {
        return de::from_absent(op.response).map_err(|e| result_error(op, e));
    };
    let (node, name) = match op.result {
        ResultElement::Wrapper => (Some(wrapper), op.response),
        ResultElement::First => (doc.children(wrapper).next(), "result"),
        ResultElement::Nothing => (None, "result"),
        ResultElement::Named(name) => {
            let element = crate::xml::fields::element(name);
            (doc.children(wrapper).find(|&c| doc.local_name(c) == element), element)
        }
    };
    match node {
        Some(node) => de::from_node(doc, node),
        None => de::from_absent(name),
    }
    .map_err(|e| result_error(op, e))
}

#[cold]
fn result_error(op: &Operation, e: crate::xml::error::DecodeError) -> Error {
    Error::reply(format!("the result of {} does not decode", op.name)).with_source(e)
}

/// Decodes a reply to `op` as the client would after receiving it whole, without HTTP
/// (for the fuzz target and the benchmarks, through the `fuzzing` feature): a successful
/// reply of 1 KiB or more by the streaming decoder, anything else by the tree.
#[cfg(feature = "fuzzing")]
pub fn decode_reply<T: FromReply>(
    op: &Operation,
    status: u16,
    body: Vec<u8>,
    version: crate::SoapVersion,
) -> Result<T> {
    if body.len() >= crate::call::STREAM_WHOLE_FROM {
        decode_reply_streaming(op, status, body, version)
    } else {
        decode_reply_by_tree(op, status, body, version)
    }
}

/// Decodes a reply to `op` by the tree alone.
#[cfg(feature = "fuzzing")]
pub fn decode_reply_by_tree<T: FromReply>(
    op: &Operation,
    status: u16,
    body: Vec<u8>,
    version: crate::SoapVersion,
) -> Result<T> {
    let envelope = crate::envelope::reply::read(status, body, version, op)?;
    T::from_reply(op, envelope)
}

/// Decodes a reply to `op` as the client decodes a large one while it arrives, here with
/// all its bytes at hand: a successful reply by the streaming decoder (anything it leaves
/// to the tree, by the tree), anything else by the tree.
#[cfg(feature = "fuzzing")]
pub fn decode_reply_streaming<T: FromReply>(
    op: &Operation,
    status: u16,
    body: Vec<u8>,
    version: crate::SoapVersion,
) -> Result<T> {
    use crate::envelope::streamed::PendingReply;
    if !(200..300).contains(&status) || op.one_way {
        return decode_reply_by_tree(op, status, body, version);
    }
    match PendingReply::whole(status, body, version, Default::default()) {
        Ok(pending) => T::from_reply(op, Envelope::pending(pending)),
        Err(body) => decode_reply_by_tree(op, status, body, version),
    }
}
