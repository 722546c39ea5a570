//! The one fault writer: a [`Fault`]'s parts as the `Fault` element of either SOAP
//! version. The server writes its faults with it, and [`FaultBuilder`](super::FaultBuilder)
//! writes the fault it builds (and reads it back, so that a built fault and a received one
//! are the same value).

use super::{Fault, FaultCode};
use crate::error::{Error, Result};
use crate::qname::QName;
use crate::version::SoapVersion;
use crate::xml::escape::{self, Context};

/// What a `Fault` element says, borrowed from wherever it comes from.
pub(crate) struct FaultParts<'a> {
    pub(crate) code: &'a QName,
    pub(crate) subcodes: &'a [QName],
    /// `(xml:lang, text)`; SOAP 1.1 carries only the first.
    pub(crate) reasons: Vec<(&'a str, &'a str)>,
    pub(crate) node: Option<&'a str>,
    pub(crate) role: Option<&'a str>,
    /// The detail's content, as XML.
    pub(crate) detail: Option<&'a str>,
}

impl<'a> FaultParts<'a> {
    pub(crate) fn of(fault: &'a Fault) -> Self {
        FaultParts {
            code: fault.code(),
            subcodes: fault.subcodes(),
            reasons: fault.reasons().collect(),
            node: fault.node(),
            role: fault.actor(),
            detail: fault.detail_xml(),
        }
    }

    /// Writes `<s:Fault>…</s:Fault>` in `version`, where the prefix `s` is the envelope
    /// namespace: declared by the caller's envelope, or on the `Fault` itself with
    /// `declare`. An [`Input`](crate::ErrorKind::Input) error when a part cannot be
    /// carried by XML (the buffer then holds a partial element).
    pub(crate) fn write(&self, xml: &mut Vec<u8>, version: SoapVersion, declare: bool) -> Result<()> {
        xml.extend_from_slice(b"<s:Fault");
        if declare {
            xml.extend_from_slice(b" xmlns:s=\"");
            xml.extend_from_slice(version.envelope_namespace().as_bytes());
            xml.push(b'"');
        }
        xml.push(b'>');
        let (lang, reason) = self.reasons.first().copied().unwrap_or(("en", ""));
        match version {
            SoapVersion::Soap11 => {
                xml.extend_from_slice(b"<faultcode");
                code(xml, self.code, version)?;
                // `xml:lang` is allowed on a 1.1 faultstring (WS-I Basic Profile), but 1.1
                // stacks such as node-soap then read the reason as an object: it is
                // written only for a language other than the default.
                xml.extend_from_slice(b"</faultcode><faultstring");
                if !lang.is_empty() && lang != "en" {
                    xml.extend_from_slice(b" xml:lang=\"");
                    text(xml, lang, Context::Attribute, "a fault reason's language")?;
                    xml.push(b'"');
                }
                xml.push(b'>');
                text(xml, reason, Context::Text, "a fault reason")?;
                xml.extend_from_slice(b"</faultstring>");
                optional(xml, "faultactor", self.role)?;
                if let Some(detail) = self.detail {
                    xml.extend_from_slice(b"<detail>");
                    xml.extend_from_slice(detail.as_bytes());
                    xml.extend_from_slice(b"</detail>");
                }
            }
            SoapVersion::Soap12 => {
                xml.extend_from_slice(b"<s:Code><s:Value");
                code(xml, self.code, version)?;
                xml.extend_from_slice(b"</s:Value>");
                for subcode in self.subcodes {
                    xml.extend_from_slice(b"<s:Subcode><s:Value");
                    code(xml, subcode, version)?;
                    xml.extend_from_slice(b"</s:Value>");
                }
                for _ in self.subcodes {
                    xml.extend_from_slice(b"</s:Subcode>");
                }
                xml.extend_from_slice(b"</s:Code><s:Reason>");
                // A 1.2 Reason has at least one Text, and every Text a language.
                let reasons = if self.reasons.is_empty() { &[("en", "")][..] } else { &self.reasons };
                for &(lang, reason) in reasons {
                    xml.extend_from_slice(b"<s:Text xml:lang=\"");
                    let lang = if lang.is_empty() { "en" } else { lang };
                    text(xml, lang, Context::Attribute, "a fault reason's language")?;
                    xml.extend_from_slice(b"\">");
                    text(xml, reason, Context::Text, "a fault reason")?;
                    xml.extend_from_slice(b"</s:Text>");
                }
                xml.extend_from_slice(b"</s:Reason>");
                optional(xml, "s:Node", self.node)?;
                optional(xml, "s:Role", self.role)?;
                if let Some(detail) = self.detail {
                    xml.extend_from_slice(b"<s:Detail>");
                    xml.extend_from_slice(detail.as_bytes());
                    xml.extend_from_slice(b"</s:Detail>");
                }
            }
        }
        xml.extend_from_slice(b"</s:Fault>");
        Ok(())
    }
}

/// ` xmlns:c="ns">c:local` for a code, or `>s:Local` for one of the codes both versions
/// define, in `version`'s words (`Client` in 1.1 is `Sender` in 1.2).
fn code(xml: &mut Vec<u8>, code: &QName, version: SoapVersion) -> Result<()> {
    if !escape::is_ncname(code.local_name()) {
        return Err(Error::input(format!("fault code `{}` is not an XML name", code.local_name())));
    }
    let envelope_code = matches!(code.namespace(), crate::SOAP11_ENVELOPE | crate::SOAP12_ENVELOPE | "");
    if envelope_code {
        let local = FaultCode::of(code.local_name()).map_or(code.local_name(), |known| known.local_name(version));
        xml.extend_from_slice(b">s:");
        xml.extend_from_slice(local.as_bytes());
    } else {
        xml.extend_from_slice(b" xmlns:c=\"");
        text(xml, code.namespace(), Context::Attribute, "a fault code's namespace")?;
        xml.extend_from_slice(b"\">c:");
        xml.extend_from_slice(code.local_name().as_bytes());
    }
    Ok(())
}

fn optional(xml: &mut Vec<u8>, element: &str, value: Option<&str>) -> Result<()> {
    if let Some(value) = value {
        xml.push(b'<');
        xml.extend_from_slice(element.as_bytes());
        xml.push(b'>');
        text(xml, value, Context::Text, element)?;
        xml.extend_from_slice(b"</");
        xml.extend_from_slice(element.as_bytes());
        xml.push(b'>');
    }
    Ok(())
}

fn text(xml: &mut Vec<u8>, value: &str, context: Context, what: &str) -> Result<()> {
    escape::escape_into(xml, value, context).map_err(|e| Error::input(what.to_owned()).with_source(e))
}

/// `fault` in a reply envelope of `version`, after the rendered header blocks `headers`
/// (none: `""`).
pub(crate) fn envelope(xml: &mut Vec<u8>, version: SoapVersion, fault: &Fault, headers: &str) -> Result<()> {
    xml.extend_from_slice(b"<s:Envelope xmlns:s=\"");
    xml.extend_from_slice(version.envelope_namespace().as_bytes());
    xml.extend_from_slice(b"\">");
    if !headers.is_empty() {
        xml.extend_from_slice(b"<s:Header>");
        xml.extend_from_slice(headers.as_bytes());
        xml.extend_from_slice(b"</s:Header>");
    }
    xml.extend_from_slice(b"<s:Body>");
    FaultParts::of(fault).write(xml, version, false)?;
    xml.extend_from_slice(b"</s:Body></s:Envelope>");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::{SOAP11_ENVELOPE, SOAP12_ENVELOPE};

    fn written(version: SoapVersion, parts: &FaultParts) -> String {
        let mut xml = Vec::new();
        parts.write(&mut xml, version, true).unwrap();
        String::from_utf8(xml).unwrap()
    }

    #[test]
    fn codes_take_the_words_of_the_version_written() {
        let sender = QName::new(SOAP12_ENVELOPE, "Sender");
        let sub = [QName::new("urn:so", "InvalidTicket")];
        let parts = FaultParts {
            code: &sender,
            subcodes: &sub,
            reasons: vec![("nb", "nei")],
            node: Some("urn:node"),
            role: None,
            detail: Some("<d/>"),
        };
        assert_eq!(
            written(SoapVersion::Soap11, &parts),
            format!(
                r#"<s:Fault xmlns:s="{SOAP11_ENVELOPE}"><faultcode>s:Client</faultcode><faultstring xml:lang="nb">nei</faultstring><detail><d/></detail></s:Fault>"#
            )
        );
        assert_eq!(
            written(SoapVersion::Soap12, &parts),
            format!(
                r#"<s:Fault xmlns:s="{SOAP12_ENVELOPE}"><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value xmlns:c="urn:so">c:InvalidTicket</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="nb">nei</s:Text></s:Reason><s:Node>urn:node</s:Node><s:Detail><d/></s:Detail></s:Fault>"#
            )
        );
    }

    #[test]
    fn what_xml_cannot_carry_is_an_input_error() {
        let server = QName::new(SOAP11_ENVELOPE, "Server");
        let bad_code = QName::new("urn:x", "not a name");
        let reason = FaultParts {
            code: &server,
            subcodes: &[],
            reasons: vec![("en", "bell \u{7}")],
            node: None,
            role: None,
            detail: None,
        };
        let code = FaultParts { code: &bad_code, reasons: vec![], ..reason };
        for parts in [&reason, &code] {
            for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
                assert!(parts.write(&mut Vec::new(), version, false).unwrap_err().is_input());
            }
        }
    }
}
