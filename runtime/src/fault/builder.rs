//! Faults a program sends: a service implementation's typed errors, which a soapkit server
//! writes as a SOAP Fault of the request's version, and a test double's.

use std::sync::Arc;

use serde::Serialize;

use super::writer::FaultParts;
use super::{Fault, FaultCode};
use crate::error::{Error, Result};
use crate::qname::QName;
use crate::version::{SOAP12_ENVELOPE, SoapVersion};
use crate::xml::error::EncodeError;
use crate::xml::ser;
use crate::xml::tree::Document;

/// Builds a [`Fault`]: `Fault::sender("Ticket expired").subcode(NS, "InvalidTicket")
/// .detail(NS, "SoError", &info)`, turned into a [`soapkit::Error`](crate::Error) with
/// `.into()` (an implementation's `Err(..)`) or into a `Fault` with [`build`](Self::build).
#[derive(Debug, Clone)]
#[must_use]
pub struct FaultBuilder {
    code: FaultCode,
    subcodes: Vec<QName>,
    reason: String,
    lang: String,
    /// The detail's element, written; or which it was and why it could not be (shared,
    /// so that the builder stays `Clone`).
    detail: Option<std::result::Result<String, (String, Arc<EncodeError>)>>,
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
        self.subcodes.push(QName::new(namespace, local));
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
                .map_err(|e| (name.to_owned(), Arc::new(e))),
        );
        self
    }

    /// The fault, or an [`Input`](crate::ErrorKind::Input) error when a part cannot be
    /// carried by XML (a character in the reason, a subcode that is not a name).
    pub fn build(self) -> Result<Fault> {
        let code = QName::read(SOAP12_ENVELOPE, self.code.local_name(SoapVersion::Soap12));
        let parts = FaultParts {
            code: &code,
            subcodes: &self.subcodes,
            reasons: vec![(&self.lang, &self.reason)],
            node: None,
            role: None,
            detail: match &self.detail {
                None => None,
                Some(Ok(xml)) => Some(xml),
                Some(Err((name, cause))) => {
                    return Err(Error::input(format!("the fault detail `{name}`")).with_source(Arc::clone(cause)));
                }
            },
        };
        // Written as a SOAP 1.2 fault and read back: one representation for faults
        // received and sent, with every accessor the same.
        let mut xml = Vec::with_capacity(256 + self.reason.len());
        parts.write(&mut xml, SoapVersion::Soap12, true)?;
        let text = String::from_utf8(xml).expect("the fault writer writes UTF-8");
        let doc =
            Document::parse(text).map_err(|(e, _)| Error::input("the fault is not well-formed").with_source(e))?;
        let root = doc.root();
        Ok(Fault::read(doc, root, SoapVersion::Soap12))
    }

    /// The whole reply envelope a soapkit server answers with for this fault, in `version`:
    /// what a test double standing in for a server sends.
    pub fn envelope(self, version: SoapVersion) -> Result<Vec<u8>> {
        let fault = self.build()?;
        let mut xml = Vec::with_capacity(512);
        super::writer::envelope(&mut xml, version, &fault, "")?;
        Ok(xml)
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
