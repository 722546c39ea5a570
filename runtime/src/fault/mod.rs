//! SOAP Faults, both versions, read into one type ([`Fault`]), built by a program
//! ([`builder`]) and written by the one writer both sides use ([`writer`]).

mod builder;
pub(crate) mod writer;

pub use builder::FaultBuilder;

use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::qname::QName;
use crate::version::SoapVersion;
use crate::xml::de;
use crate::xml::scope;
use crate::xml::tree::{Document, NodeId};

/// A SOAP Fault sent by the server: the error a service means to report.
///
/// SOAP 1.1 (`faultcode`, `faultstring`, `faultactor`, `detail`) and SOAP 1.2 (`Code` with
/// `Subcode`s, `Reason`, `Node`, `Role`, `Detail`) are read into the same shape. The code
/// is a resolved [`QName`], so `s:Client` and `soap:Client` compare equal.
#[derive(Clone)]
pub struct Fault {
    typed_detail: Option<TypedDetail>,
    version: SoapVersion,
    code: QName,
    subcodes: Vec<QName>,
    // The texts are read from the document when asked for: most faults are matched on
    // their code and dropped, and copying them out cost a third of a fault's decode.
    /// 1.1 `faultstring`, or 1.2 `Reason` (whose `Text` children are the reasons).
    reason: Option<NodeId>,
    actor: Option<NodeId>,
    node: Option<NodeId>,
    detail: Option<NodeId>,
    // Owned, not shared: a fault is read once, and an `Arc` would cost an allocation on
    // every fault for the rare clone.
    document: Document,
}

impl Fault {
    /// Reads the `Fault` element `id` of an envelope of `version`.
    pub(crate) fn read(document: Document, id: NodeId, version: SoapVersion) -> Self {
        let doc = &document;
        let (mut code, mut subcodes) = (QName::default(), Vec::new());
        let (mut reason, mut actor, mut node, mut detail) = (None, None, None, None);
        // Children are matched by local name: 1.1 says they are unqualified and 1.2 puts
        // them in the envelope namespace, and servers get both wrong both ways.
        for child in doc.children(id) {
            match (version, doc.local_name(child)) {
                (SoapVersion::Soap11, "faultcode") => code = qname_text(doc, child),
                (SoapVersion::Soap11, "faultstring") | (SoapVersion::Soap12, "Reason") => {
                    reason = reason.or(Some(child))
                }
                (SoapVersion::Soap11, "faultactor") | (SoapVersion::Soap12, "Role") => actor = Some(child),
                (SoapVersion::Soap12, "Code") => (code, subcodes) = read_code(doc, child),
                (SoapVersion::Soap12, "Node") => node = Some(child),
                (SoapVersion::Soap11, "detail") | (SoapVersion::Soap12, "Detail") => detail = Some(child),
                _ => {}
            }
        }
        Fault { typed_detail: None, version, code, subcodes, reason, actor, node, detail, document }
    }

    /// The SOAP version of the fault's envelope.
    pub fn version(&self) -> SoapVersion {
        self.version
    }

    /// The fault code (`faultcode`, or 1.2's `Code/Value`), e.g. `{…/soap/envelope/}Client`.
    pub fn code(&self) -> &QName {
        &self.code
    }

    /// SOAP 1.2 `Subcode` values, outermost first; empty for SOAP 1.1.
    pub fn subcodes(&self) -> &[QName] {
        &self.subcodes
    }

    /// The reason: `faultstring`, or the first 1.2 `Reason/Text`. `""` if the server sent none.
    pub fn reason(&self) -> &str {
        self.reasons().next().map_or("", |(_, text)| text)
    }

    /// Every reason text with its `xml:lang` (`""` when absent).
    pub fn reasons(&self) -> impl Iterator<Item = (&str, &str)> {
        let doc = &self.document;
        let (faultstring, reason) = match self.version {
            SoapVersion::Soap11 => (self.reason, None),
            SoapVersion::Soap12 => (None, self.reason.map(|id| doc.children(id))),
        };
        faultstring.into_iter().chain(reason.into_iter().flatten()).map(|id| (lang(doc, id), doc.text(id).trim()))
    }

    /// `faultactor` (1.1) or `Role` (1.2).
    pub fn actor(&self) -> Option<&str> {
        self.actor.map(|id| self.document.text(id).trim())
    }

    /// SOAP 1.2 `Node`.
    pub fn node(&self) -> Option<&str> {
        self.node.map(|id| self.document.text(id).trim())
    }

    /// Whether the code says the request was at fault: 1.1 `Client` (or a dotted
    /// refinement such as spyne's `Client.SchemaValidationError`, SOAP 1.1 section 4.4.1)
    /// or 1.2 `Sender`.
    pub fn is_sender(&self) -> bool {
        self.is_code("Client", "Sender")
    }

    /// Whether the code says the server was at fault: 1.1 `Server` (or `Server.…`) or 1.2
    /// `Receiver`.
    pub fn is_receiver(&self) -> bool {
        self.is_code("Server", "Receiver")
    }

    fn is_code(&self, soap11: &str, soap12: &str) -> bool {
        let local = self.code.local_name();
        match self.code.namespace() {
            crate::version::SOAP11_ENVELOPE => {
                local.strip_prefix(soap11).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            }
            crate::version::SOAP12_ENVELOPE => local == soap12,
            _ => false,
        }
    }

    /// The content of `detail`/`Detail` as the server wrote it (prefixes are those of the
    /// reply, declared possibly on an ancestor), or `None` without a detail.
    pub fn detail_xml(&self) -> Option<&str> {
        self.detail.map(|id| self.document.raw_inner(id))
    }

    /// The name of the detail's first element, the fault contract it carries (WCF writes
    /// one element named after the contract type).
    pub fn detail_name(&self) -> Option<QName> {
        let id = self.document.children(self.detail?).next()?;
        Some(QName::read(self.document.namespace(id), self.document.local_name(id)))
    }

    /// Decodes the detail's first element into `T`: `Ok(None)` when the fault has no detail
    /// or an empty one, an error of kind [`Reply`](crate::ErrorKind::Reply) when it does not
    /// decode (the raw XML stays available from [`detail_xml`](Fault::detail_xml)).
    pub fn detail<T: DeserializeOwned>(&self) -> Result<Option<T>> {
        let Some(first) = self.detail.and_then(|id| self.document.children(id).next()) else {
            return Ok(None);
        };
        de::from_node(&self.document, first)
            .map(Some)
            .map_err(|e| Error::reply("the fault detail does not decode").with_source(e))
    }
}

/// A SOAP 1.2 `Code`: its `Value`, and the `Value`s of its nested `Subcode`s.
fn read_code(doc: &Document, code: NodeId) -> (QName, Vec<QName>) {
    let (mut value, mut subcodes) = (QName::default(), Vec::new());
    let mut level = Some(code);
    while let Some(current) = level {
        level = None;
        for child in doc.children(current) {
            match doc.local_name(child) {
                "Value" if current == code => value = qname_text(doc, child),
                "Value" => subcodes.push(qname_text(doc, child)),
                "Subcode" => level = Some(child),
                _ => {}
            }
        }
    }
    (value, subcodes)
}

fn qname_text(doc: &Document, id: NodeId) -> QName {
    let (ns, local) = doc.resolve_qname_in_text(id, doc.text(id).trim());
    QName::read(ns, local)
}

fn lang(doc: &Document, id: NodeId) -> &str {
    doc.attributes(id).find(|(ns, local, _)| *ns == scope::XML && *local == "lang").map_or("", |(_, _, value)| value)
}

/// The fault codes both SOAP versions define, by their SOAP 1.2 names (a SOAP 1.1 fault
/// says `Client` for `Sender` and `Server` for `Receiver`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultCode {
    /// The request was at fault: it would fail again unchanged.
    Sender,
    /// The service failed to process a request that may succeed later.
    Receiver,
    /// The envelope is of a SOAP version the receiver does not speak.
    VersionMismatch,
    /// A header block marked `mustUnderstand` was not understood.
    MustUnderstand,
}

impl FaultCode {
    /// The code a fault's local name in an envelope namespace stands for, in either
    /// version's words.
    pub(crate) fn of(local_name: &str) -> Option<FaultCode> {
        Some(match local_name {
            "Sender" | "Client" => FaultCode::Sender,
            "Receiver" | "Server" => FaultCode::Receiver,
            "VersionMismatch" => FaultCode::VersionMismatch,
            "MustUnderstand" => FaultCode::MustUnderstand,
            _ => return None,
        })
    }

    pub(crate) fn local_name(self, version: SoapVersion) -> &'static str {
        match (self, version) {
            (FaultCode::Sender, SoapVersion::Soap11) => "Client",
            (FaultCode::Sender, SoapVersion::Soap12) => "Sender",
            (FaultCode::Receiver, SoapVersion::Soap11) => "Server",
            (FaultCode::Receiver, SoapVersion::Soap12) => "Receiver",
            (FaultCode::VersionMismatch, _) => "VersionMismatch",
            (FaultCode::MustUnderstand, _) => "MustUnderstand",
        }
    }
}

/// A fault detail decoded into an operation's fault contract type.
pub(crate) type TypedDetail = Arc<dyn std::any::Any + Send + Sync>;

impl Fault {
    pub(crate) fn set_typed_detail(&mut self, detail: Option<TypedDetail>) {
        self.typed_detail = detail;
    }

    /// The detail decoded into the operation's fault contract (`#[soap_operation(fault =
    /// "Type")]`): `Some` when the operation declares `D` and the detail decoded as one.
    /// [`detail`](Fault::detail) decodes into any type on demand instead.
    pub fn typed_detail<D: 'static>(&self) -> Option<&D> {
        self.typed_detail.as_deref()?.downcast_ref()
    }
}

/// One line: `soap fault Client: Invalid ticket`, with the subcodes in 1.2.
impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "soap fault {}", self.code.local_name())?;
        for sub in &self.subcodes {
            write!(f, "/{}", sub.local_name())?;
        }
        write!(f, ": {}", self.reason())
    }
}

impl fmt::Debug for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fault")
            .field("version", &self.version)
            .field("code", &self.code)
            .field("subcodes", &self.subcodes)
            .field("reasons", &self.reasons().collect::<Vec<_>>())
            .field("actor", &self.actor())
            .field("node", &self.node())
            .field("detail", &self.detail_xml())
            .finish()
    }
}
