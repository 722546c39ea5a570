//! How a signature names its signer's certificate (WS-Security X.509 Token Profile 1.1,
//! section 3.2): a reference to a BinarySecurityToken sent along, or, for a peer that has
//! the certificate already, its issuer and serial number, its subject key identifier or its
//! SHA-1 thumbprint. Certificates are read with `x509-cert`; names compare as RFC 4514
//! writes them, attribute by attribute.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use x509_cert::der::Decode as _;

use super::verify::{DSIG, X509V3};
use super::{BASE64_BINARY, WSSE};
use crate::xml::escape::{self, Context};
use crate::xml::tree::{Document, NodeId};

const SKI: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509SubjectKeyIdentifier";
const THUMBPRINT: &str = "http://docs.oasis-open.org/wss/oasis-wss-soap-message-security-1.1#ThumbprintSHA1";

/// How a signature names the certificate that signed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyReference {
    /// The certificate goes along as a BinarySecurityToken, referred to by its id: any
    /// verifier can check it, including one that trusts only its CA.
    #[default]
    BinarySecurityToken,
    /// Its issuer's name and its serial number (`ds:X509IssuerSerial`), WSS4J's default.
    IssuerSerial,
    /// Its subject key identifier extension (`X509SubjectKeyIdentifier`).
    SubjectKeyIdentifier,
    /// The SHA-1 of the certificate (`ThumbprintSHA1`), as WCF names certificates.
    Thumbprint,
}

/// What a certificate is named by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Names {
    /// The issuer as RFC 4514 writes it.
    issuer: String,
    /// The serial number in decimal.
    serial: String,
    subject_key_identifier: Option<Vec<u8>>,
    thumbprint: Vec<u8>,
}

impl Names {
    /// The names of the DER certificate `der`.
    pub(crate) fn of(der: &[u8]) -> Option<Names> {
        let certificate = x509_cert::Certificate::from_der(der).ok()?;
        let tbs = &certificate.tbs_certificate;
        let ski = tbs.extensions.iter().flatten().find(|e| e.extn_id == SUBJECT_KEY_IDENTIFIER).and_then(|e| {
            x509_cert::ext::pkix::SubjectKeyIdentifier::from_der(e.extn_value.as_bytes())
                .ok()
                .map(|ski| ski.0.as_bytes().to_vec())
        });
        Some(Names {
            issuer: tbs.issuer.to_string(),
            serial: decimal(tbs.serial_number.as_bytes()),
            subject_key_identifier: ski,
            thumbprint: super::x509::SignatureAlgorithm::RsaSha1.digest(der).as_ref().to_vec(),
        })
    }

    /// Whether `reference` can name this certificate.
    pub(crate) fn supports(&self, reference: KeyReference) -> bool {
        reference != KeyReference::SubjectKeyIdentifier || self.subject_key_identifier.is_some()
    }

    /// The `KeyInfo` content naming this certificate by `reference` (`token_id`: the id of
    /// the BinarySecurityToken, for that reference).
    pub(crate) fn write(&self, reference: KeyReference, token_id: &str, xml: &mut String) {
        xml.push_str("<wsse:SecurityTokenReference>");
        let key_identifier = |xml: &mut String, value_type: &str, value: &[u8]| {
            let _ = write!(
                xml,
                "<wsse:KeyIdentifier EncodingType=\"{BASE64_BINARY}\" ValueType=\"{value_type}\">{}</wsse:KeyIdentifier>",
                BASE64.encode(value)
            );
        };
        match reference {
            KeyReference::BinarySecurityToken => {
                let _ = write!(xml, "<wsse:Reference URI=\"#{token_id}\" ValueType=\"{X509V3}\"/>");
            }
            KeyReference::IssuerSerial => {
                let _ = write!(xml, "<ds:X509Data><ds:X509IssuerSerial><ds:X509IssuerName>");
                // A name is UTF-8 text already checked by the DER parser; a character XML
                // cannot carry is left out rather than sent.
                let _ = escape::escape_into_string(xml, &self.issuer, Context::Text);
                let _ = write!(
                    xml,
                    "</ds:X509IssuerName><ds:X509SerialNumber>{}</ds:X509SerialNumber></ds:X509IssuerSerial></ds:X509Data>",
                    self.serial
                );
            }
            KeyReference::SubjectKeyIdentifier => {
                key_identifier(xml, SKI, self.subject_key_identifier.as_deref().unwrap_or_default());
            }
            KeyReference::Thumbprint => key_identifier(xml, THUMBPRINT, &self.thumbprint),
        }
        xml.push_str("</wsse:SecurityTokenReference>");
    }

    /// Whether the `SecurityTokenReference` (or `KeyInfo`) `reference` of `doc` names this
    /// certificate by issuer and serial, subject key identifier or thumbprint.
    pub(crate) fn named_by(&self, doc: &Document, reference: NodeId) -> bool {
        for child in doc.children(reference) {
            if doc.is(child, WSSE, "KeyIdentifier") {
                let value_type = doc.attributes(child).find(|(ns, l, _)| ns.is_empty() && *l == "ValueType");
                let Ok(value) = BASE64.decode(doc.text(child).split_whitespace().collect::<String>()) else {
                    return false;
                };
                return match value_type.map(|(_, _, v)| v) {
                    Some(SKI) => self.subject_key_identifier.as_deref() == Some(&value[..]),
                    Some(THUMBPRINT) => self.thumbprint == value,
                    _ => false,
                };
            }
            if doc.is(child, DSIG, "X509Data") {
                let Some(issuer_serial) = doc.children(child).find(|&c| doc.is(c, DSIG, "X509IssuerSerial")) else {
                    continue;
                };
                let text = |name| doc.children(issuer_serial).find(|&c| doc.is(c, DSIG, name)).map(|c| doc.text(c));
                return text("X509SerialNumber").map(str::trim) == Some(self.serial.as_str())
                    && text("X509IssuerName").is_some_and(|name| same_name(name, &self.issuer));
            }
        }
        false
    }
}

/// `id-ce-subjectKeyIdentifier`, 2.5.29.14.
const SUBJECT_KEY_IDENTIFIER: x509_cert::der::oid::ObjectIdentifier =
    x509_cert::der::oid::ObjectIdentifier::new_unwrap("2.5.29.14");

/// A big-endian unsigned integer in decimal.
fn decimal(bytes: &[u8]) -> String {
    let mut number: Vec<u8> = bytes.iter().copied().skip_while(|&b| b == 0).collect();
    let mut digits = Vec::new();
    while !number.is_empty() {
        let mut remainder = 0u32;
        for byte in &mut number {
            let value = (remainder << 8) | u32::from(*byte);
            *byte = (value / 10) as u8;
            remainder = value % 10;
        }
        digits.push(b'0' + remainder as u8);
        let zeros = number.iter().take_while(|&&b| b == 0).count();
        number.drain(..zeros);
    }
    if digits.is_empty() {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8(digits).expect("ASCII digits")
}

/// Whether two distinguished names in RFC 4514 (or .NET's or Java's) text are the same:
/// the same attributes with the same values, whatever the spaces around `,` and `=`, the
/// case of the attribute types, their order and the aliases of the email and state types.
fn same_name(a: &str, b: &str) -> bool {
    let mut a = attributes(a);
    let mut b = attributes(b);
    a.sort();
    b.sort();
    a == b
}

fn attributes(name: &str) -> Vec<(String, String)> {
    let mut parts = Vec::new();
    let (mut current, mut escaped) = (String::new(), false);
    for c in name.chars() {
        match c {
            _ if escaped => {
                current.push(c);
                escaped = false;
            }
            '\\' => {
                current.push(c);
                escaped = true;
            }
            ',' | '+' | ';' => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts
        .iter()
        .filter_map(|part| {
            let (kind, value) = part.split_once('=')?;
            let kind = match kind.trim().to_ascii_uppercase().as_str() {
                "E" | "EMAIL" | "1.2.840.113549.1.9.1" => "EMAILADDRESS".to_owned(),
                "S" => "ST".to_owned(),
                other => other.to_owned(),
            };
            Some((kind, value.trim().to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_are_written_in_decimal() {
        assert_eq!(decimal(&[]), "0");
        assert_eq!(decimal(&[0, 0]), "0");
        assert_eq!(decimal(&[0x01, 0x00]), "256");
        assert_eq!(decimal(&[0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), u64::MAX.to_string());
        let big = [0xfeu8; 16];
        assert_eq!(decimal(&big), u128::from_be_bytes(big).to_string());
    }

    #[test]
    fn names_compare_attribute_by_attribute() {
        assert!(same_name("CN=soapkit test CA,O=soapkit", "O = soapkit, CN = soapkit test CA"));
        assert!(same_name("E=a@b.c, CN=x", "CN=x,EMAILADDRESS=a@b.c"));
        assert!(same_name("CN=a\\,b,O=o", "O=o, CN=a\\,b"));
        assert!(!same_name("CN=a\\,b,O=o", "CN=a,B=,O=o"));
        assert!(!same_name("CN=x,O=y", "CN=x,O=z"));
    }
}
