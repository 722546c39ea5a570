//! The one envelope reader: bytes to a parsed SOAP envelope with its version, `Header` and
//! `Body`, or what the bytes are instead. The client reads replies with it (the envelope's
//! `reply` module) and the server requests; each side says in its own words what
//! the failure means for it.

use std::fmt;
use std::str::Utf8Error;

use crate::version::SoapVersion;
use crate::xml::tree::{Document, NodeId, ParseError};

/// An envelope read from bytes.
pub(crate) struct ReadEnvelope {
    pub(crate) doc: Document,
    /// The version the envelope's namespace says.
    pub(crate) version: SoapVersion,
    pub(crate) header: Option<NodeId>,
    pub(crate) body: NodeId,
}

/// Bytes that are no SOAP envelope, and why.
#[derive(Debug)]
pub(crate) enum Unreadable {
    /// UTF-16, which the SOAP stacks we target never send.
    Utf16,
    NotUtf8(Utf8Error),
    /// Nothing but whitespace.
    Empty,
    NotXml(ParseError),
    /// A document whose root is some other element.
    NotEnvelope {
        root: String,
    },
    /// An `Envelope` in a namespace of no SOAP version.
    UnknownVersion {
        namespace: String,
    },
    NoBody,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::Utf16 => f.write_str("UTF-16, which soapkit does not read"),
            Unreadable::NotUtf8(_) => f.write_str("not UTF-8"),
            Unreadable::Empty => f.write_str("empty"),
            Unreadable::NotXml(_) => f.write_str("not well-formed XML"),
            Unreadable::NotEnvelope { root } => write!(f, "the root element is <{root}>, not a SOAP Envelope"),
            Unreadable::UnknownVersion { namespace } => {
                write!(f, "an Envelope in {namespace:?}, the namespace of no SOAP version")
            }
            Unreadable::NoBody => f.write_str("the envelope has no Body"),
        }
    }
}

impl std::error::Error for Unreadable {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Unreadable::NotUtf8(e) => Some(e),
            Unreadable::NotXml(e) => Some(e),
            _ => None,
        }
    }
}

/// Reads `bytes` as an envelope of either version, reusing their buffer. On failure, the
/// bytes come back (as text where they were) for an error's excerpt.
///
/// SOAP messages are UTF-8 in practice (WS-I Basic Profile allows UTF-16 too, which no
/// stack we target sends); a byte-order mark is skipped and anything else is refused
/// rather than guessed at. The parser brings the defences (no DTD, depth and namespace
/// limits).
pub(crate) fn read(mut bytes: Vec<u8>) -> Result<ReadEnvelope, (Unreadable, Vec<u8>)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err((Unreadable::Utf16, bytes));
    }
    let text = String::from_utf8(bytes).map_err(|e| (Unreadable::NotUtf8(e.utf8_error()), e.into_bytes()))?;
    if text.trim().is_empty() {
        return Err((Unreadable::Empty, text.into_bytes()));
    }
    let doc = Document::parse(text).map_err(|(e, text)| (Unreadable::NotXml(e), text.into_bytes()))?;
    let root = doc.root();
    let refused = |why: Unreadable| Err((why, doc.source().as_bytes().to_vec()));
    if doc.local_name(root) != "Envelope" {
        return refused(Unreadable::NotEnvelope { root: doc.local_name(root).to_owned() });
    }
    let Some(version) = SoapVersion::from_envelope_namespace(doc.namespace(root)) else {
        return refused(Unreadable::UnknownVersion { namespace: doc.namespace(root).to_owned() });
    };
    let (header, body) = header_and_body(&doc, root, version.envelope_namespace());
    let Some(body) = body else { return refused(Unreadable::NoBody) };
    Ok(ReadEnvelope { doc, version, header, body })
}

/// An envelope's `Header` (only before the `Body`) and its first `Body`, in the envelope
/// namespace `env_ns`.
fn header_and_body(doc: &Document, root: NodeId, env_ns: &str) -> (Option<NodeId>, Option<NodeId>) {
    let (mut header, mut body) = (None, None);
    for child in doc.children(root) {
        if doc.is(child, env_ns, "Header") && header.is_none() && body.is_none() {
            header = Some(child);
        } else if doc.is(child, env_ns, "Body") && body.is_none() {
            body = Some(child);
        }
    }
    (header, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(bytes: &[u8]) -> Unreadable {
        match read(bytes.to_vec()) {
            Ok(_) => panic!("read {:?} as an envelope", String::from_utf8_lossy(bytes)),
            Err((why, _)) => why,
        }
    }

    #[test]
    fn each_way_of_not_being_an_envelope_is_told_apart() {
        assert!(matches!(refusal(b"\xFF\xFE<\x00"), Unreadable::Utf16));
        assert!(matches!(refusal(b"<a>\xC3</a>"), Unreadable::NotUtf8(_)));
        assert!(matches!(refusal(b" \n"), Unreadable::Empty));
        assert!(matches!(refusal(b"<a>"), Unreadable::NotXml(_)));
        assert!(matches!(refusal(b"<html/>"), Unreadable::NotEnvelope { root } if root == "html"));
        assert!(
            matches!(refusal(b"<Envelope xmlns='urn:x'/>"), Unreadable::UnknownVersion { namespace } if namespace == "urn:x")
        );
        let no_body = format!("<s:Envelope xmlns:s='{}'><s:Header/></s:Envelope>", crate::SOAP12_ENVELOPE);
        assert!(matches!(refusal(no_body.as_bytes()), Unreadable::NoBody));
    }

    #[test]
    fn a_bom_is_skipped_and_the_header_is_found_only_before_the_body() {
        let env = crate::SOAP11_ENVELOPE;
        let text = format!("\u{FEFF}<e:Envelope xmlns:e='{env}'><e:Body/><e:Header/></e:Envelope>");
        let read = read(text.into_bytes()).unwrap();
        assert_eq!(read.version, SoapVersion::Soap11);
        assert!(read.header.is_none());
        assert_eq!(read.doc.local_name(read.body), "Body");
    }
}
