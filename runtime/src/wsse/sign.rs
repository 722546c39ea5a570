//! Signing an outgoing envelope (WS-Security X.509 Token Profile, XML-DSig): its Body and
//! Timestamp digested in exclusive canonical form, the `SignedInfo` signed with the
//! signer's key, and the `Signature` put at the end of the Security header, naming the
//! BinarySecurityToken that carries the signer's certificate.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::verify::{DSIG, EXC_C14N, X509V3};
use super::x509::Signer;
use super::{BASE64_BINARY, WSU};
use crate::error::{Error, Result};
use crate::xml::c14n;
use crate::xml::tree::Document;

/// The ids soapkit gives what it signs.
pub(crate) const BODY_ID: &str = "Body";
pub(crate) const TIMESTAMP_ID: &str = "TS-1";
pub(crate) const TOKEN_ID: &str = "X509-1";

/// The BinarySecurityToken with the signer's certificate.
pub(crate) fn token(signer: &Signer, xml: &mut String) {
    let _ = write!(
        xml,
        "<wsse:BinarySecurityToken wsu:Id=\"{TOKEN_ID}\" ValueType=\"{X509V3}\" EncodingType=\"{BASE64_BINARY}\">{}</wsse:BinarySecurityToken>",
        BASE64.encode(signer.certificate.as_ref())
    );
}

/// The `Signature` of the envelope `xml`, whose Body has the id [`BODY_ID`] and whose
/// Security header may hold a Timestamp with the id [`TIMESTAMP_ID`].
pub(crate) fn signature(signer: &Signer, xml: &[u8]) -> Result<String> {
    let text = std::str::from_utf8(xml).map_err(|e| Error::input("the envelope to sign").with_source(e))?;
    let doc = Document::parse(text.to_owned())
        .map_err(|(e, _)| Error::input("the envelope to sign is not well-formed").with_source(e))?;
    let mut signed_info = format!(
        "<ds:SignedInfo xmlns:ds=\"{DSIG}\"><ds:CanonicalizationMethod Algorithm=\"{EXC_C14N}\"></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm=\"{}\"></ds:SignatureMethod>",
        Signer::ALGORITHM.signature_uri()
    );
    let mut stack = vec![doc.root()];
    let mut targets = Vec::new();
    while let Some(id) = stack.pop() {
        let value = doc.attributes(id).find(|(ns, local, _)| *ns == WSU && *local == "Id").map(|(_, _, v)| v);
        if let Some(value @ (BODY_ID | TIMESTAMP_ID)) = value {
            targets.push((value, id));
        }
        stack.extend(doc.children(id));
    }
    // The Timestamp first, as WCF and WSS4J order them.
    targets.sort_by_key(|(value, _)| *value == BODY_ID);
    for (value, id) in targets {
        let mut canonical = Vec::new();
        c14n::exclusive(&doc, id, &[], &mut canonical)
            .map_err(|e| Error::input("the element to sign").with_source(e))?;
        let digest = BASE64.encode(Signer::ALGORITHM.digest(&canonical));
        let _ = write!(
            signed_info,
            "<ds:Reference URI=\"#{value}\"><ds:Transforms><ds:Transform Algorithm=\"{EXC_C14N}\"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm=\"{}\"></ds:DigestMethod><ds:DigestValue>{digest}</ds:DigestValue></ds:Reference>",
            Signer::ALGORITHM.digest_uri()
        );
    }
    signed_info.push_str("</ds:SignedInfo>");
    // Written in its canonical form, so the bytes signed are the bytes sent.
    let value = BASE64.encode(signer.sign(signed_info.as_bytes()));
    Ok(format!(
        "<ds:Signature xmlns:ds=\"{DSIG}\">{signed_info}<ds:SignatureValue>{value}</ds:SignatureValue><ds:KeyInfo><wsse:SecurityTokenReference><wsse:Reference URI=\"#{TOKEN_ID}\" ValueType=\"{X509V3}\"/></wsse:SecurityTokenReference></ds:KeyInfo></ds:Signature>"
    ))
}
