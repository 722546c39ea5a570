//! WS-Addressing (feature `wsa`): a client's requests carry `Action`, `To`, a fresh
//! `MessageID` and an anonymous `ReplyTo`, and its replies must answer that `MessageID`
//! with `RelatesTo`; a server reads these headers and answers with `RelatesTo` and its
//! own `Action`. WS-Addressing 1.0 (W3C, 2005/08) unless the 2004/08 submission is asked
//! for.

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::operation::Operation;
use crate::version::SoapVersion;
use crate::xml::escape::{self, Context};
use crate::xml::tree::{Document, NodeId};

pub use crate::policy::{WSA_2004, WSA_2005, WsaVersion};

/// WS-Addressing headers on every request of a client, given to
/// [`ClientBuilder::ws_addressing`](crate::ClientBuilder::ws_addressing).
#[derive(Debug, Clone, Copy, Default)]
#[must_use]
pub struct WsAddressing {
    version: WsaVersion,
}

impl WsAddressing {
    /// WS-Addressing 1.0.
    pub fn new() -> Self {
        WsAddressing::default()
    }

    /// The 2004/08 submission instead.
    pub fn version(mut self, version: WsaVersion) -> Self {
        self.version = version;
        self
    }

    /// The headers of one request to `endpoint` for `op`, and the `MessageID` its reply
    /// must relate to. `Action` is the operation's SOAP action (so the SOAP 1.2 `action`
    /// parameter and `SOAPAction` agree with it), or `{namespace}/{operation}` when it has
    /// none; `Action` and `To` are marked `mustUnderstand`.
    pub(crate) fn headers(&self, op: &Operation, endpoint: &str, version: SoapVersion) -> (String, String) {
        let ns = self.version.namespace();
        let must = match version {
            SoapVersion::Soap11 => "1",
            SoapVersion::Soap12 => "true",
        };
        let action = action(op);
        let id = message_id();
        let mut xml = String::with_capacity(400 + action.len() + endpoint.len());
        let _ = write!(xml, "<wsa:Action xmlns:wsa=\"{ns}\" s:mustUnderstand=\"{must}\">");
        // An action is checked when it is declared and an endpoint when the client is
        // built: one XML cannot carry is left out rather than sent broken.
        let _ = escape::escape_into_string(&mut xml, &action, Context::Text);
        let _ = write!(xml, "</wsa:Action><wsa:MessageID xmlns:wsa=\"{ns}\">{id}</wsa:MessageID>");
        let _ = write!(
            xml,
            "<wsa:ReplyTo xmlns:wsa=\"{ns}\"><wsa:Address>{}</wsa:Address></wsa:ReplyTo>",
            self.version.anonymous()
        );
        let _ = write!(xml, "<wsa:To xmlns:wsa=\"{ns}\" s:mustUnderstand=\"{must}\">");
        let _ = escape::escape_into_string(&mut xml, endpoint, Context::Text);
        xml.push_str("</wsa:To>");
        (xml, id)
    }
}

/// The action of `op` as WS-Addressing states it.
fn action(op: &Operation) -> String {
    if op.soap_action.is_empty() {
        format!("{}/{}", op.namespace.trim_end_matches('/'), op.name)
    } else {
        op.soap_action.to_owned()
    }
}

/// Checks that a reply's `RelatesTo` (in either namespace) answers `message_id`.
/// A reply without a document has no header: `doc` is `None`.
pub(crate) fn check_relates_to(doc: Option<&Document>, header: Option<NodeId>, message_id: &str) -> Result<()> {
    let relates = doc.zip(header).and_then(|(doc, h)| {
        let found =
            doc.children(h).find(|&c| WsaVersion::of(doc.namespace(c)).is_some() && doc.local_name(c) == "RelatesTo");
        found.map(|r| doc.text(r).trim())
    });
    match relates {
        Some(id) if id == message_id => Ok(()),
        Some(other) => Err(Error::reply(format!(
            "the reply relates to the message {other:?}, not to this request's {message_id:?}"
        ))),
        None => Err(Error::reply(format!("the reply has no WS-Addressing RelatesTo for the request {message_id:?}"))),
    }
}

/// `urn:uuid:` and a random (version 4) UUID.
fn message_id() -> String {
    use ring::rand::SecureRandom as _;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new().fill(&mut bytes).expect("the operating system gives random bytes");
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(45);
    id.push_str("urn:uuid:");
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        id.push(HEX[usize::from(byte >> 4)] as char);
        id.push(HEX[usize::from(byte & 0xf)] as char);
    }
    id
}

/// What a request's WS-Addressing headers ask of the server's reply.
#[cfg(feature = "server")]
#[derive(Debug, Clone)]
pub(crate) struct Addressed {
    pub(crate) version: WsaVersion,
    pub(crate) message_id: Option<String>,
    pub(crate) action: Option<String>,
}

#[cfg(feature = "server")]
impl Addressed {
    /// The reply's `RelatesTo` (the request's `MessageID`) and `Action` (the request's
    /// with `Response` after it, as WCF and JAX-WS name a reply's action).
    pub(crate) fn reply_headers(&self) -> Vec<crate::Header> {
        self.answer(self.action.as_ref().map(|a| format!("{a}Response")).as_deref())
    }

    /// A fault reply's `RelatesTo` and `Action`: the fault action of the request's
    /// WS-Addressing (SOAP binding 1.0 section 6; the submission's section 5).
    pub(crate) fn fault_headers(&self) -> Vec<crate::Header> {
        self.answer(Some(match self.version {
            WsaVersion::W3c2005 => "http://www.w3.org/2005/08/addressing/soap/fault",
            WsaVersion::Submission2004 => "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault",
        }))
    }

    /// `RelatesTo` the request's `MessageID`, and `action`, in the request's namespace.
    fn answer(&self, action: Option<&str>) -> Vec<crate::Header> {
        let ns = self.version.namespace();
        let relates = self.message_id.as_ref().and_then(|id| crate::Header::new(ns, "RelatesTo", id).ok());
        let action = action.and_then(|a| crate::Header::new(ns, "Action", a).ok());
        relates.into_iter().chain(action).collect()
    }
}

/// The header blocks a server that speaks WS-Addressing understands.
#[cfg(feature = "server")]
pub(crate) const UNDERSTOOD: [(&str, &str); 14] = [
    (WSA_2005, "Action"),
    (WSA_2005, "To"),
    (WSA_2005, "MessageID"),
    (WSA_2005, "ReplyTo"),
    (WSA_2005, "FaultTo"),
    (WSA_2005, "From"),
    (WSA_2005, "RelatesTo"),
    (WSA_2004, "Action"),
    (WSA_2004, "To"),
    (WSA_2004, "MessageID"),
    (WSA_2004, "ReplyTo"),
    (WSA_2004, "FaultTo"),
    (WSA_2004, "From"),
    (WSA_2004, "RelatesTo"),
];

/// Reads a request's WS-Addressing headers: `None` without any, the fault's subcode and
/// reason when they ask for what this server cannot do (a reply elsewhere than on this
/// connection) or contradict the HTTP binding (an `Action` that is not the SOAP action).
#[cfg(feature = "server")]
pub(crate) fn read_request(
    doc: &Document,
    header: Option<NodeId>,
    soap_action: Option<&str>,
) -> std::result::Result<Option<Addressed>, (&'static str, String)> {
    let Some(header) = header else { return Ok(None) };
    let mut found = None;
    for block in doc.children(header) {
        let Some(version) = WsaVersion::of(doc.namespace(block)) else { continue };
        let addressed = found.get_or_insert(Addressed { version, message_id: None, action: None });
        let text = doc.text(block).trim();
        match doc.local_name(block) {
            "MessageID" => addressed.message_id = Some(text.to_owned()),
            "Action" => addressed.action = Some(text.to_owned()),
            "ReplyTo" | "FaultTo" => {
                let address = doc.children(block).find(|&c| doc.local_name(c) == "Address").map(|a| doc.text(a).trim());
                let none =
                    version == WsaVersion::W3c2005 && address == Some("http://www.w3.org/2005/08/addressing/none");
                if address.is_some_and(|a| a != version.anonymous()) && !none {
                    return Err((
                        "OnlyAnonymousAddressSupported",
                        "this server answers on the request's connection only".into(),
                    ));
                }
            }
            _ => {}
        }
    }
    if let (Some(addressed), Some(given)) = (&found, soap_action.filter(|a| !a.is_empty()))
        && addressed.action.as_deref().is_some_and(|action| action != given)
    {
        return Err(("ActionMismatch", format!("the WS-Addressing Action is not the SOAP action {given:?}")));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation = Operation::example("Get", "urn:x", "GetResponse");

    #[test]
    fn each_request_has_a_fresh_uuid_and_the_action_it_is_sent_with() {
        let addressing = WsAddressing::new();
        let (xml, first) = addressing.headers(&OP, "http://h/p?a&b", SoapVersion::Soap12);
        let (_, second) = addressing.headers(&OP, "http://h/p", SoapVersion::Soap12);
        assert_ne!(first, second);
        assert!(first.starts_with("urn:uuid:") && first.len() == 45 && first.as_bytes()[23] == b'4', "{first}");
        assert!(xml.contains(">urn:x/Get</wsa:Action>") && xml.contains(">http://h/p?a&amp;b</wsa:To>"), "{xml}");
        assert!(xml.contains("s:mustUnderstand=\"true\""), "{xml}");
        let (xml, _) =
            WsAddressing::new().version(WsaVersion::Submission2004).headers(&OP, "http://h/p", SoapVersion::Soap11);
        assert!(
            xml.contains(WSA_2004) && xml.contains("role/anonymous") && xml.contains("mustUnderstand=\"1\""),
            "{xml}"
        );
    }

    #[test]
    fn a_reply_must_relate_to_the_request() {
        let reply = |header: &str| {
            Document::parse(format!(
                "<e:Envelope xmlns:e='{}'><e:Header>{header}</e:Header><e:Body/></e:Envelope>",
                crate::SOAP11_ENVELOPE
            ))
            .unwrap()
        };
        let check = |doc: &Document| check_relates_to(Some(doc), doc.children(doc.root()).next(), "urn:uuid:1");
        assert!(check(&reply(&format!("<a:RelatesTo xmlns:a='{WSA_2005}'>urn:uuid:1</a:RelatesTo>"))).is_ok());
        assert!(check(&reply(&format!("<a:RelatesTo xmlns:a='{WSA_2004}'> urn:uuid:1 </a:RelatesTo>"))).is_ok());
        assert!(
            check(&reply(&format!("<a:RelatesTo xmlns:a='{WSA_2005}'>urn:uuid:2</a:RelatesTo>")))
                .unwrap_err()
                .is_reply()
        );
        assert!(check(&reply("")).unwrap_err().is_reply());
    }
}
