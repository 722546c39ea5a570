//! Faults a program sends: a service implementation's typed errors, which a soapkit server
//! writes as a SOAP Fault of the request's version, and a test double's.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::fault::Fault;
use crate::version::{SOAP12_ENVELOPE, SoapVersion};
use crate::xml::escape::{self, Context};
use crate::xml::ser;
use crate::xml::tree::Document;

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

/// Builds a [`Fault`]: `Fault::sender("Ticket expired").subcode(NS, "InvalidTicket")
/// .detail(NS, "SoError", &info)`, turned into a [`soapkit::Error`](crate::Error) with
/// `.into()` (an implementation's `Err(..)`) or into a `Fault` with [`build`](Self::build).
#[derive(Debug, Clone)]
#[must_use]
pub struct FaultBuilder {
    code: FaultCode,
    subcodes: Vec<(String, String)>,
    reason: String,
    lang: String,
    /// The detail's element, written; or why it could not be.
    detail: Option<std::result::Result<String, String>>,
}

impl Fault {
    /// A fault that blames the request (`Sender`, 1.1 `Client`).
    pub fn sender(reason: impl Into<String>) -> FaultBuilder {
        Fault::builder(FaultCode::Sender, reason)
    }

    /// A fault that blames the service (`Receiver`, 1.1 `Server`).
    pub fn receiver(reason: impl Into<String>) -> FaultBuilder {
        Fault::builder(FaultCode::Receiver, reason)
    }

    /// A fault with `code` and a reason in English (see [`FaultBuilder::lang`]).
    pub fn builder(code: FaultCode, reason: impl Into<String>) -> FaultBuilder {
        FaultBuilder { code, subcodes: Vec::new(), reason: reason.into(), lang: "en".into(), detail: None }
    }
}

impl FaultBuilder {
    /// Adds a subcode `{namespace}local`, inside those added before (SOAP 1.2 only: a
    /// SOAP 1.1 fault has none, and keeps its `Client`/`Server` code).
    pub fn subcode(mut self, namespace: impl Into<String>, local: impl Into<String>) -> Self {
        self.subcodes.push((namespace.into(), local.into()));
        self
    }

    /// The reason's language (`xml:lang`), `en` unless set.
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = lang.into();
        self
    }

    /// The detail: `value` written as the element `{namespace}name`, as a parameter is
    /// (the operation's `fault` contract type reads it back on the client).
    pub fn detail<T: Serialize + ?Sized>(mut self, namespace: &str, name: &str, value: &T) -> Self {
        let mut xml = Vec::new();
        self.detail = Some(
            ser::write_element(&mut xml, name, Some(namespace), value)
                .map(|()| String::from_utf8(xml).expect("the XML writer writes UTF-8"))
                .map_err(|e| format!("the fault detail `{name}` cannot be written: {}", crate::error::report(&e))),
        );
        self
    }

    /// The fault, or an [`Input`](crate::ErrorKind::Input) error when a part cannot be
    /// carried by XML (a character in the reason, a subcode that is not a name).
    pub fn build(self) -> Result<Fault> {
        // Written as a SOAP 1.2 fault and read back: one representation for faults
        // received and sent, with every accessor the same.
        let mut xml = Vec::with_capacity(256 + self.reason.len());
        xml.extend_from_slice(b"<s:Fault xmlns:s=\"");
        xml.extend_from_slice(SOAP12_ENVELOPE.as_bytes());
        xml.extend_from_slice(b"\"><s:Code><s:Value>s:");
        xml.extend_from_slice(self.code.local_name(SoapVersion::Soap12).as_bytes());
        xml.extend_from_slice(b"</s:Value>");
        for (namespace, local) in &self.subcodes {
            if !escape::is_ncname(local) {
                return Err(Error::input(format!("fault subcode `{local}` is not an XML name")));
            }
            xml.extend_from_slice(b"<s:Subcode><s:Value xmlns:c=\"");
            escape::escape_into(&mut xml, namespace, Context::Attribute)
                .map_err(|e| Error::input("a fault subcode's namespace").with_source(e))?;
            xml.extend_from_slice(b"\">c:");
            xml.extend_from_slice(local.as_bytes());
            xml.extend_from_slice(b"</s:Value>");
        }
        for _ in &self.subcodes {
            xml.extend_from_slice(b"</s:Subcode>");
        }
        xml.extend_from_slice(b"</s:Code><s:Reason><s:Text xml:lang=\"");
        escape::escape_into(&mut xml, &self.lang, Context::Attribute)
            .map_err(|e| Error::input("a fault reason's language").with_source(e))?;
        xml.extend_from_slice(b"\">");
        escape::escape_into(&mut xml, &self.reason, Context::Text)
            .map_err(|e| Error::input("a fault reason").with_source(e))?;
        xml.extend_from_slice(b"</s:Text></s:Reason>");
        if let Some(detail) = self.detail {
            let detail = detail.map_err(Error::input)?;
            xml.extend_from_slice(b"<s:Detail>");
            xml.extend_from_slice(detail.as_bytes());
            xml.extend_from_slice(b"</s:Detail>");
        }
        xml.extend_from_slice(b"</s:Fault>");
        let text = String::from_utf8(xml).expect("the fault is written as UTF-8");
        let doc =
            Document::parse(text).map_err(|(e, _)| Error::input("the fault is not well-formed").with_source(e))?;
        let root = doc.root();
        Ok(Fault::read(doc, root, SoapVersion::Soap12))
    }
}

/// A fault as an implementation's error: an error of kind [`Fault`](crate::ErrorKind::Fault),
/// or of kind [`Input`](crate::ErrorKind::Input) when the fault cannot be built.
impl From<FaultBuilder> for Error {
    fn from(builder: FaultBuilder) -> Error {
        match builder.build() {
            Ok(fault) => Error::from(fault),
            Err(error) => error,
        }
    }
}

impl From<Fault> for Error {
    fn from(fault: Fault) -> Error {
        Error::from_fault(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_built_fault_reads_like_a_received_one() {
        #[derive(Serialize)]
        struct Info {
            #[serde(rename = "Message")]
            message: String,
        }
        let fault = Fault::sender("ticket <expired> & gone")
            .subcode("urn:so", "InvalidTicket")
            .lang("nb")
            .detail("urn:so", "SoError", &Info { message: "x".into() })
            .build()
            .unwrap();
        assert!(fault.is_sender());
        assert_eq!(fault.reasons().collect::<Vec<_>>(), [("nb", "ticket <expired> & gone")]);
        assert_eq!(fault.subcodes()[0].local_name(), "InvalidTicket");
        assert_eq!(fault.subcodes()[0].namespace(), "urn:so");
        assert_eq!(fault.detail_name().unwrap().local_name(), "SoError");
        let error = Error::from(Fault::receiver("bell \u{7}"));
        assert!(error.is_input(), "{error:?}");
        assert!(Fault::sender("x").subcode("urn:so", "not a name").build().unwrap_err().is_input());
    }
}
