//! Signing an outgoing envelope (WS-Security X.509 Token Profile, XML-DSig): its Body and
//! Timestamp digested in exclusive canonical form, the `SignedInfo` signed with the
//! signer's key, and the `Signature` put at the end of the Security header, naming the
//! BinarySecurityToken that carries the signer's certificate.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::key_reference::KeyReference;
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

/// The BinarySecurityToken with the signer's certificate, when its signature refers to one.
pub(crate) fn token(signer: &Signer, xml: &mut String) {
    if signer.key_reference != KeyReference::BinarySecurityToken {
        return;
    }
    let _ = write!(
        xml,
        "<wsse:BinarySecurityToken wsu:Id=\"{TOKEN_ID}\" ValueType=\"{X509V3}\" EncodingType=\"{BASE64_BINARY}\">{}</wsse:BinarySecurityToken>",
        BASE64.encode(signer.certificate.as_ref())
    );
}

/// The ids of header blocks the user names to be signed: `H-1`, `H-2`, ...
const HEADER_ID_PREFIX: &str = "H-";

/// What to insert into the envelope `xml` (position, text) so that each header block named
/// in `headers` has a `wsu:Id` a signature can refer to; the ids it has are kept.
pub(crate) fn header_ids(xml: &[u8], headers: &[(String, String)]) -> Result<Vec<(usize, String)>> {
    let doc = parse(xml)?;
    let Some(header) = doc.children(doc.root()).find(|&c| doc.local_name(c) == "Header") else {
        return Ok(Vec::new());
    };
    let mut inserts = Vec::new();
    for block in doc.children(header) {
        let named = headers.iter().any(|(ns, name)| doc.namespace(block) == ns && doc.local_name(block) == name);
        let has_id = doc.attributes(block).any(|(ns, local, _)| ns == WSU && local == "Id");
        if named && !has_id {
            let start = doc.start(block);
            // After `<` and the element's qualified name.
            let name_len = doc.raw(block)[1..].find([' ', '\t', '\r', '\n', '/', '>']).unwrap_or(0);
            let id = format!(" xmlns:wsu=\"{WSU}\" wsu:Id=\"{HEADER_ID_PREFIX}{}\"", inserts.len() + 1);
            inserts.push((start + 1 + name_len, id));
        }
    }
    Ok(inserts)
}

fn parse(xml: &[u8]) -> Result<Document> {
    let text = std::str::from_utf8(xml).map_err(|e| Error::input("the envelope to sign").with_source(e))?;
    Document::parse(text.to_owned())
        .map_err(|(e, _)| Error::input("the envelope to sign is not well-formed").with_source(e))
}

/// The `Signature` of the envelope `xml`, whose Body has the id [`BODY_ID`], whose
/// Security header may hold a Timestamp with the id [`TIMESTAMP_ID`], and whose header
/// blocks in `headers` have ids ([`header_ids`]).
pub(crate) fn signature(signer: &Signer, xml: &[u8], headers: &[(String, String)]) -> Result<String> {
    let doc = parse(xml)?;
    let header = doc.children(doc.root()).find(|&c| doc.local_name(c) == "Header");
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
    let named = |block| headers.iter().any(|(ns, name)| doc.namespace(block) == ns && doc.local_name(block) == name);
    for block in header.into_iter().flat_map(|h| doc.children(h)).filter(|&b| named(b)) {
        if let Some((_, _, value)) = doc.attributes(block).find(|(ns, local, _)| *ns == WSU && *local == "Id") {
            targets.push((value, block));
        }
    }
    // The Timestamp first, as WCF and WSS4J order them, the Body last.
    targets.sort_by_key(|(value, _)| (*value == BODY_ID, *value != TIMESTAMP_ID));
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
    let mut xml = format!(
        "<ds:Signature xmlns:ds=\"{DSIG}\">{signed_info}<ds:SignatureValue>{value}</ds:SignatureValue><ds:KeyInfo>"
    );
    signer.names.write(signer.key_reference, TOKEN_ID, &mut xml);
    xml.push_str("</ds:KeyInfo></ds:Signature>");
    Ok(xml)
}
