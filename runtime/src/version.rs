//! The two SOAP versions and what each means on the wire.

/// The SOAP version a client speaks: it decides the envelope namespace, the HTTP
/// `Content-Type`, and where the action goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SoapVersion {
    /// SOAP 1.1: `text/xml`, and the action in a quoted `SOAPAction` header.
    #[default]
    Soap11,
    /// SOAP 1.2: `application/soap+xml`, and the action as a `Content-Type` parameter.
    Soap12,
}

/// The SOAP 1.1 envelope namespace.
pub const SOAP11_ENVELOPE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.2 envelope namespace.
pub const SOAP12_ENVELOPE: &str = "http://www.w3.org/2003/05/soap-envelope";

impl SoapVersion {
    /// The envelope namespace URI of this version.
    pub const fn envelope_namespace(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => SOAP11_ENVELOPE,
            SoapVersion::Soap12 => SOAP12_ENVELOPE,
        }
    }

    /// The version whose envelope namespace is `ns`.
    pub fn from_envelope_namespace(ns: &str) -> Option<Self> {
        match ns {
            SOAP11_ENVELOPE => Some(SoapVersion::Soap11),
            SOAP12_ENVELOPE => Some(SoapVersion::Soap12),
            _ => None,
        }
    }

    /// The media type of a request, without parameters.
    pub const fn media_type(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "text/xml",
            SoapVersion::Soap12 => "application/soap+xml",
        }
    }

    /// The `Content-Type` of an envelope in UTF-8 without an action parameter: what a
    /// reply always is, and a request whenever the action goes elsewhere.
    pub const fn content_type(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "text/xml; charset=utf-8",
            SoapVersion::Soap12 => "application/soap+xml; charset=utf-8",
        }
    }

    /// `"SOAP 1.1"` or `"SOAP 1.2"`.
    pub const fn name(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "SOAP 1.1",
            SoapVersion::Soap12 => "SOAP 1.2",
        }
    }
}

impl std::fmt::Display for SoapVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
