//! The client's reading of a reply: from HTTP status and body bytes, through the envelope
//! reader, to the body's wrapper element, a Fault, or a typed error that says what came
//! instead.

use super::reader::{self, ReadEnvelope, Unreadable};
use crate::error::{Error, Result};
use crate::fault::Fault;
use crate::operation::Operation;
use crate::version::SoapVersion;
use crate::xml::tree::{Document, NodeId};

/// A reply envelope whose body holds the operation's wrapper element.
///
/// Public in name only (it appears in [`FromReply`](crate::FromReply)'s hidden method);
/// nothing outside this crate can reach it.
pub struct Envelope {
    /// `None` for a one-way reply with an empty body.
    pub(crate) doc: Option<Document>,
    pub(crate) header: Option<NodeId>,
    /// The envelope's Body, what a signature must cover; `None` without a reply.
    pub(crate) body: Option<NodeId>,
    /// The body's wrapper element; `None` for a one-way reply without a body.
    pub(crate) wrapper: Option<NodeId>,
    /// The request's secret values, hidden in any error made from this reply.
    pub(crate) secrets: crate::secrets::Secrets,
    /// The reply, kept for the TRACE log until the result is read.
    pub(crate) log: Option<ReplyLog>,
    /// A successful reply not yet read: its result is decoded as it streams
    /// ([`super::streamed`]), and the fields above are empty.
    pub(crate) pending: Option<Box<super::streamed::PendingReply>>,
}

impl Envelope {
    /// A reply read by the tree: its document and where its parts are.
    fn read(doc: Option<Document>, header: Option<NodeId>, body: Option<NodeId>, wrapper: Option<NodeId>) -> Self {
        Envelope { doc, header, body, wrapper, secrets: Default::default(), log: None, pending: None }
    }

    /// A successful reply to read as it streams.
    pub(crate) fn pending(pending: super::streamed::PendingReply) -> Self {
        Envelope { pending: Some(Box::new(pending)), ..Envelope::read(None, None, None, None) }
    }
}

/// Turns an HTTP reply into the operation's envelope, or the error it stands for.
///
/// A Fault is recognized by its place (the single child of `Body`), not by the status:
/// servers send faults with 500, 400 (SOAP 1.2 `Sender`) and 200 alike.
pub(crate) fn read(status: u16, body: Vec<u8>, version: SoapVersion, op: &Operation) -> Result<Envelope> {
    let success = (200..300).contains(&status);
    if op.one_way && success && body.iter().all(u8::is_ascii_whitespace) {
        // One-way: HTTP 202 (or 200) with nothing in it is the whole answer.
        return Ok(Envelope::read(None, None, None, None));
    }
    let read = match reader::read(body) {
        Ok(read) => read,
        Err((why, body)) => {
            // An error page (HTML from a proxy, a plain-text 503) is told by its status; a
            // success that is no envelope, or text no page is written in, is a broken reply.
            let broken = success || matches!(why, Unreadable::Utf16 | Unreadable::NotUtf8(_) | Unreadable::NoBody);
            let error = match why {
                _ if broken => Error::reply("not a SOAP envelope").with_source(why),
                Unreadable::Empty => return Err(Error::http_status(status)),
                _ => Error::http_status(status),
            };
            return Err(error.with_status(status).with_excerpt(&String::from_utf8_lossy(&body)));
        }
    };
    let ReadEnvelope { doc, version: reply_version, header, body: body_element } = read;
    let env_ns = reply_version.envelope_namespace();
    let mut children = doc.children(body_element);
    let first = children.next();
    let extra = children.next();
    if let Some(first) = first
        && extra.is_none()
        && doc.is(first, env_ns, "Fault")
    {
        // A fault in the other version's envelope is still the server's answer (a SOAP 1.2
        // server answers a 1.1 request with a 1.1 VersionMismatch fault), so it is read
        // in its own version.
        return Err(Error::from_fault(Fault::read(doc, first, reply_version)).with_status(status));
    }
    if reply_version != version {
        return Err(Error::reply(format!("a {reply_version} envelope in reply to a {version} request"))
            .with_status(status)
            .with_excerpt(doc.source()));
    }
    if !success {
        return Err(Error::http_status(status).with_excerpt(doc.source()));
    }
    if op.one_way {
        return Ok(Envelope::read(Some(doc), header, Some(body_element), None));
    }
    let wrapper = match (first, extra) {
        (Some(first), None) => first,
        (None, _) => {
            return Err(Error::reply(format!("the Body is empty; expected <{}>", op.response)).with_status(status));
        }
        (Some(_), Some(_)) => {
            return Err(Error::reply(format!("the Body has several elements; expected one <{}>", op.response))
                .with_status(status)
                .with_excerpt(doc.source()));
        }
    };
    if !doc.is(wrapper, op.namespace, op.response) {
        return Err(Error::reply(format!(
            "expected <{}> in namespace {:?}, found <{}> in namespace {:?}",
            op.response,
            op.namespace,
            doc.local_name(wrapper),
            doc.namespace(wrapper)
        ))
        .with_status(status)
        .with_excerpt(doc.source()));
    }
    Ok(Envelope::read(Some(doc), header, Some(body_element), Some(wrapper)))
}

/// A reply to log at TRACE once the secrets in it are known: the request's, and those
/// the result reads into [`Secret`](crate::Secret)s.
pub(crate) struct ReplyLog {
    span: tracing::Span,
    status: u16,
    text: String,
}

impl ReplyLog {
    pub(crate) fn new(span: tracing::Span, status: u16, body: &[u8]) -> Self {
        ReplyLog { span, status, text: String::from_utf8_lossy(body).into_owned() }
    }

    pub(crate) fn write(self, secrets: &crate::secrets::Secrets) {
        let ReplyLog { span, status, text } = self;
        tracing::trace!(parent: &span, status, envelope = %secrets.redact(&text), "reply");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation =
        Operation::example("CreateTemporaryKeyWithPayload", "urn:so", "CreateTemporaryKeyWithPayloadResponse");

    const REPLY: &str = r#"<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><h:Succeeded xmlns:h="urn:so">true</h:Succeeded></s:Header><s:Body><CreateTemporaryKeyWithPayloadResponse xmlns="urn:so"><Response>k&amp;ey <![CDATA[x]]></Response></CreateTemporaryKeyWithPayloadResponse></s:Body></s:Envelope>"#;

    #[test]
    fn the_whole_reply_reads() {
        let envelope = read(200, REPLY.as_bytes().to_vec(), SoapVersion::Soap11, &OP).unwrap();
        assert!(envelope.wrapper.is_some() && envelope.header.is_some());
    }

    /// Cut at every byte: always an error of kind Reply, never a panic.
    #[test]
    fn truncation_at_every_offset_is_a_reply_error() {
        for end in 0..REPLY.len() {
            let error = match read(200, REPLY.as_bytes()[..end].to_vec(), SoapVersion::Soap11, &OP) {
                Ok(_) => panic!("accepted a reply cut at {end}"),
                Err(error) => error,
            };
            assert!(error.is_reply(), "cut at {end}: {error}");
        }
    }

    #[test]
    fn one_way_accepts_an_empty_202() {
        static ONE_WAY: Operation = Operation { one_way: true, ..OP };
        assert!(read(202, Vec::new(), SoapVersion::Soap11, &ONE_WAY).unwrap().wrapper.is_none());
        assert!(read(202, Vec::new(), SoapVersion::Soap11, &OP).is_err_and(|e| e.is_reply()));
    }
}
