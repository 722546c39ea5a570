//! Checking an envelope's XML signature (WS-Security X.509 Token Profile, XML-DSig) before
//! anything in it is used: the signature over the canonical `SignedInfo` by a certificate
//! the verifier trusts, each reference's digest, and that what was signed is what will be
//! processed. The rules that keep the known attacks out:
//!
//! - A reference is `#id` only, resolved among the `wsu:Id`, `Id` and `ID` attributes of the
//!   whole document, and an id that occurs twice refuses the envelope (wrapping by a second
//!   element with the signed one's id).
//! - The Body signed must be the envelope's own Body, and the Timestamp the Security
//!   header's own: a signed Body moved into a header or a wrapper, with another Body
//!   processed, is refused.
//! - A reference may point at the Body, a child of the Security header or another header
//!   block, nothing else; its transform is exclusive C14N and nothing else (no XPath, no
//!   external URIs); the digest and signature algorithms are SHA-256 and RSA-SHA256, and
//!   SHA-1 only where the verifier allows it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::x509::{SignatureAlgorithm, Trust};
use super::{WSSE, WSU};
use crate::xml::c14n;
use crate::xml::tree::{Document, NodeId};

pub(crate) const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
pub(crate) const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub(crate) const X509V3: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3";

/// Each id of the document and its element.
type Ids<'d> = std::collections::HashMap<&'d str, NodeId>;

/// Why a signature is refused (the verifier's log; the peer is told less).
pub(crate) type Refused = &'static str;

/// Checks the signature of the envelope whose root is `doc`'s, with `header` and `body`
/// its Header and Body. Returns the signer's certificate (DER).
pub(crate) fn verify(doc: &Document, header: Option<NodeId>, body: NodeId, trust: &Trust) -> Result<Vec<u8>, Refused> {
    let header = header.ok_or("the envelope has no Header, so no signature")?;
    let security = only(doc, header, WSSE, "Security").ok_or("not one wsse:Security header block")?;
    let signature = only(doc, security, DSIG, "Signature").ok_or("the envelope is not signed")?;
    let signed_info = only(doc, signature, DSIG, "SignedInfo").ok_or("no SignedInfo")?;
    let ids = ids(doc)?;

    let method = only(doc, signed_info, DSIG, "CanonicalizationMethod").ok_or("no CanonicalizationMethod")?;
    let signed_info_prefixes = c14n_prefixes(doc, method)?;
    let algorithm = only(doc, signed_info, DSIG, "SignatureMethod")
        .and_then(|m| attribute(doc, m, "Algorithm"))
        .and_then(SignatureAlgorithm::of_signature)
        .filter(|a| trust.allows(*a))
        .ok_or("a signature algorithm this verifier does not accept")?;

    let mut signed = Vec::new();
    for reference in doc.children(signed_info).filter(|&c| doc.is(c, DSIG, "Reference")) {
        let target = resolve(&ids, attribute(doc, reference, "URI").unwrap_or(""))?;
        let allowed = target == body
            || parent_is(doc, target, security)
            || (parent_is(doc, target, header) && !doc.is(target, WSSE, "Security"));
        if !allowed {
            return Err("a reference to something other than the Body, a header block or a security token");
        }
        let transforms = only(doc, reference, DSIG, "Transforms").ok_or("a reference without its transform")?;
        let mut transform = doc.children(transforms);
        let (Some(only_transform), None) = (transform.next(), transform.next()) else {
            return Err("a reference with other transforms than exclusive C14N");
        };
        if !doc.is(only_transform, DSIG, "Transform") {
            return Err("a reference with other transforms than exclusive C14N");
        }
        let prefixes = c14n_prefixes(doc, only_transform)?;
        let digest = only(doc, reference, DSIG, "DigestMethod")
            .and_then(|m| attribute(doc, m, "Algorithm"))
            .and_then(SignatureAlgorithm::of_digest)
            .filter(|a| trust.allows(*a))
            .ok_or("a digest algorithm this verifier does not accept")?;
        let expected = only(doc, reference, DSIG, "DigestValue")
            .and_then(|v| BASE64.decode(doc.text(v).trim()).ok())
            .ok_or("a reference without a base64 digest")?;
        let mut canonical = Vec::new();
        c14n::exclusive(doc, target, &prefixes, &mut canonical)
            .map_err(|_| "a signed element that does not canonicalize")?;
        if digest.digest(&canonical).as_ref() != expected.as_slice() {
            return Err("a signed element was changed after it was signed");
        }
        if signed.contains(&target) {
            return Err("an element referenced twice");
        }
        signed.push(target);
    }
    if !signed.contains(&body) {
        return Err("the Body is not signed");
    }
    if let Some(timestamp) = doc.children(security).find(|&c| doc.is(c, WSU, "Timestamp"))
        && !signed.contains(&timestamp)
    {
        return Err("the Timestamp is not signed");
    }

    let certificate = signer_certificate(doc, signature, security, &ids, trust)?;
    let value = only(doc, signature, DSIG, "SignatureValue")
        .and_then(|v| BASE64.decode(doc.text(v).split_whitespace().collect::<String>()).ok())
        .ok_or("no base64 SignatureValue")?;
    let mut canonical = Vec::new();
    c14n::exclusive(doc, signed_info, &signed_info_prefixes, &mut canonical)
        .map_err(|_| "a SignedInfo that does not canonicalize")?;
    trust.verify(&certificate, algorithm, &canonical, &value)?;
    Ok(certificate)
}

/// The certificate `KeyInfo` names: a `SecurityTokenReference` to a BinarySecurityToken of
/// the same Security header (or holding the certificate as a `KeyIdentifier`), an
/// `X509Data/X509Certificate` given in place, or a certificate `trust` pins named by issuer
/// and serial, subject key identifier or thumbprint.
fn signer_certificate(
    doc: &Document,
    signature: NodeId,
    security: NodeId,
    ids: &Ids<'_>,
    trust: &Trust,
) -> Result<Vec<u8>, Refused> {
    let key_info = only(doc, signature, DSIG, "KeyInfo").ok_or("no KeyInfo")?;
    let reference = only(doc, key_info, WSSE, "SecurityTokenReference");
    let token = if let Some(token) = reference.and_then(|r| only(doc, r, WSSE, "Reference")) {
        let token = resolve(ids, attribute(doc, token, "URI").unwrap_or(""))?;
        let x509 = attribute(doc, token, "ValueType") == Some(X509V3);
        if !doc.is(token, WSSE, "BinarySecurityToken") || !parent_is(doc, token, security) || !x509 {
            return Err("the key reference is not an X.509 token of the Security header");
        }
        token
    } else if let Some(given) = reference
        .and_then(|r| only(doc, r, WSSE, "KeyIdentifier"))
        .filter(|&k| attribute(doc, k, "ValueType") == Some(X509V3))
    {
        given
    } else if let Some(certificate) =
        only(doc, key_info, DSIG, "X509Data").and_then(|data| only(doc, data, DSIG, "X509Certificate"))
    {
        certificate
    } else {
        let named = trust.pinned_named_by(doc, reference.unwrap_or(key_info));
        return named.map(<[u8]>::to_vec).ok_or("a KeyInfo that names no certificate this verifier pins");
    };
    BASE64
        .decode(doc.text(token).split_whitespace().collect::<String>())
        .map_err(|_| "a certificate that is not base64")
}

/// Every element's id (`wsu:Id`, or an unqualified `Id` or `ID`), refusing a document in
/// which one id names two elements.
fn ids(doc: &Document) -> Result<Ids<'_>, Refused> {
    let mut ids = Ids::new();
    let mut stack = vec![doc.root()];
    while let Some(id) = stack.pop() {
        for (ns, local, value) in doc.attributes(id) {
            let is_id = (ns == WSU && local == "Id") || (ns.is_empty() && (local == "Id" || local == "ID"));
            if is_id && ids.insert(value, id).is_some() {
                return Err("two elements with the same id");
            }
        }
        stack.extend(doc.children(id));
    }
    Ok(ids)
}

/// The element a same-document reference `#id` names.
fn resolve(ids: &Ids<'_>, uri: &str) -> Result<NodeId, Refused> {
    let id = uri.strip_prefix('#').filter(|id| !id.is_empty()).ok_or("a reference that is not #id in this document")?;
    ids.get(id).copied().ok_or("a reference to an id no element has")
}

/// The `InclusiveNamespaces PrefixList` of a canonicalization method or transform, which
/// must be exclusive C14N.
fn c14n_prefixes(doc: &Document, method: NodeId) -> Result<Vec<&str>, Refused> {
    if attribute(doc, method, "Algorithm") != Some(EXC_C14N) {
        return Err("a canonicalization other than exclusive C14N");
    }
    let list = doc.children(method).find(|&c| doc.is(c, EXC_C14N, "InclusiveNamespaces"));
    Ok(list.and_then(|l| attribute(doc, l, "PrefixList")).map(|p| p.split_whitespace().collect()).unwrap_or_default())
}

/// The one child `{ns}name` of `parent`, or `None` for none or several.
fn only(doc: &Document, parent: NodeId, ns: &str, name: &str) -> Option<NodeId> {
    let mut found = doc.children(parent).filter(|&c| doc.is(c, ns, name));
    match (found.next(), found.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

fn attribute<'d>(doc: &'d Document, id: NodeId, name: &str) -> Option<&'d str> {
    doc.attributes(id).find(|(ns, local, _)| ns.is_empty() && *local == name).map(|(_, _, value)| value)
}

fn parent_is(doc: &Document, child: NodeId, parent: NodeId) -> bool {
    doc.children(parent).any(|c| c == child)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::envelope::reader;
    use crate::version::SoapVersion;
    use crate::wsse::x509::Signer;
    use crate::wsse::{KeyReference, WsSecurity, sign};

    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject as _;

    const CA: &str = include_str!("../../../tests/data/x509/ca.pem");
    const CLIENT_KEY: &str = include_str!("../../../tests/data/x509/client.key");
    const CLIENT: &str = include_str!("../../../tests/data/x509/client.pem");
    const STRANGER_KEY: &str = include_str!("../../../tests/data/x509/stranger.key");
    const STRANGER: &str = include_str!("../../../tests/data/x509/stranger.pem");
    const BODY: &str = r#"<s:Body xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="Body"><Pay xmlns="urn:bank"><To>alice</To><Amount>10</Amount></Pay></s:Body>"#;

    /// An envelope signed as soapkit's client signs it.
    fn signed(key: &str, certificate: &str) -> String {
        signed_naming(key, certificate, KeyReference::BinarySecurityToken)
    }

    /// [`signed`], its certificate named by `reference`.
    fn signed_naming(key: &str, certificate: &str, reference: KeyReference) -> String {
        let signer = Signer::from_pem(key, certificate).unwrap().key_reference(reference).unwrap();
        let security = WsSecurity::new().timestamp(Duration::from_secs(300)).sign_with(signer.clone());
        let (header, _, at) = security.header(SoapVersion::Soap11).unwrap();
        let start = format!("<s:Envelope xmlns:s=\"{}\"><s:Header>", crate::SOAP11_ENVELOPE);
        let mut xml = format!("{start}{header}</s:Header>{BODY}</s:Envelope>");
        let signature = sign::signature(&signer, xml.as_bytes(), &[]).unwrap();
        xml.insert_str(start.len() + at.unwrap(), &signature);
        xml
    }

    fn check(xml: &str, trust: &Trust) -> Result<Vec<u8>, Refused> {
        let read = reader::read(xml.as_bytes().to_vec()).map_err(|_| "not an envelope")?;
        verify(&read.doc, read.header, read.body, trust)
    }

    fn ca() -> Trust {
        Trust::new().authority_pem(CA).unwrap()
    }

    #[test]
    fn a_signed_envelope_verifies_against_its_ca_or_its_pinned_certificate() {
        let xml = signed(CLIENT_KEY, CLIENT);
        assert!(check(&xml, &ca()).is_ok());
        assert!(check(&xml, &Trust::new().certificate_pem(CLIENT).unwrap()).is_ok());
        // A stranger's certificate chains to nothing trusted, unless it is pinned.
        let stranger = signed(STRANGER_KEY, STRANGER);
        assert_eq!(check(&stranger, &ca()), Err("the signer's certificate is not one this trusts"));
        assert!(check(&stranger, &Trust::new().certificate_pem(STRANGER).unwrap()).is_ok());
        assert_eq!(check(&xml, &Trust::new()), Err("the signer's certificate is not one this trusts"));
    }

    #[test]
    fn a_certificate_named_rather_than_sent_is_found_among_the_pinned_ones() {
        let pinned = Trust::new().certificate_pem(STRANGER).unwrap().certificate_pem(CLIENT).unwrap();
        let client = CertificateDer::from_pem_slice(CLIENT.as_bytes()).unwrap();
        for reference in [KeyReference::IssuerSerial, KeyReference::SubjectKeyIdentifier, KeyReference::Thumbprint] {
            let xml = signed_naming(CLIENT_KEY, CLIENT, reference);
            assert!(!xml.contains("BinarySecurityToken"), "{xml}");
            assert_eq!(check(&xml, &pinned).as_deref(), Ok(client.as_ref()), "{reference:?}");
            // A CA alone cannot check a certificate it is not shown.
            assert_eq!(check(&xml, &ca()), Err("a KeyInfo that names no certificate this verifier pins"));
            // Nor does another pinned certificate stand in for it.
            let other = Trust::new().certificate_pem(STRANGER).unwrap();
            assert_eq!(check(&xml, &other), Err("a KeyInfo that names no certificate this verifier pins"));
        }
        let xml = signed_naming(CLIENT_KEY, CLIENT, KeyReference::IssuerSerial);
        assert!(xml.contains("<ds:X509IssuerName>CN=soapkit test CA"), "{xml}");
    }

    #[test]
    fn a_changed_body_or_an_unsigned_envelope_is_refused() {
        let xml = signed(CLIENT_KEY, CLIENT);
        let tampered = xml.replace("<Amount>10</Amount>", "<Amount>10000</Amount>");
        assert_eq!(check(&tampered, &ca()), Err("a signed element was changed after it was signed"));
        let unsigned =
            xml[..xml.find("<ds:Signature").unwrap()].to_owned() + &xml[xml.find("</wsse:Security>").unwrap()..];
        assert_eq!(check(&unsigned, &ca()), Err("the envelope is not signed"));
        let forged = xml.replacen("<ds:SignatureValue>", "<ds:SignatureValue>AAAA", 1);
        assert_eq!(check(&forged, &ca()), Err("the signature does not verify"));
    }

    /// The signed Body moved where the processor does not look, and another Body put in
    /// its place (XML signature wrapping).
    #[test]
    fn wrapping_attacks_are_refused() {
        let xml = signed(CLIENT_KEY, CLIENT);
        let evil = r#"<s:Body><Pay xmlns="urn:bank"><To>mallory</To><Amount>10000</Amount></Pay></s:Body>"#;
        // Inside a wrapper header block.
        let wrapped = xml
            .replace(BODY, evil)
            .replace("</s:Header>", &format!("<w:Wrapper xmlns:w=\"urn:w\">{BODY}</w:Wrapper></s:Header>"));
        assert_eq!(
            check(&wrapped, &ca()),
            Err("a reference to something other than the Body, a header block or a security token")
        );
        // As a header block of its own.
        let as_block = xml.replace(BODY, evil).replace("</s:Header>", &format!("{BODY}</s:Header>"));
        assert_eq!(check(&as_block, &ca()), Err("the Body is not signed"));
        // With the unsigned Body claiming the signed one's id too.
        let evil_with_id = BODY.replace("<To>alice</To><Amount>10</Amount>", "<To>mallory</To><Amount>10000</Amount>");
        let twice = xml
            .replace(BODY, &evil_with_id)
            .replace("</s:Header>", &format!("<w:Wrapper xmlns:w=\"urn:w\">{BODY}</w:Wrapper></s:Header>"));
        assert_eq!(check(&twice, &ca()), Err("two elements with the same id"));
    }

    #[test]
    fn other_transforms_external_references_and_weak_digests_are_refused() {
        let xml = signed(CLIENT_KEY, CLIENT);
        let xpath = xml.replacen(
            &format!("<ds:Transform Algorithm=\"{EXC_C14N}\">"),
            "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\">",
            1,
        );
        assert_eq!(check(&xpath, &ca()), Err("a canonicalization other than exclusive C14N"));
        let two = xml.replacen(
            "</ds:Transforms>",
            &format!("<ds:Transform Algorithm=\"{EXC_C14N}\"></ds:Transform></ds:Transforms>"),
            1,
        );
        assert_eq!(check(&two, &ca()), Err("a reference with other transforms than exclusive C14N"));
        let external = xml.replacen("URI=\"#Body\"", "URI=\"http://attacker.example/body.xml\"", 1);
        assert_eq!(check(&external, &ca()), Err("a reference that is not #id in this document"));
        let sha1 = xml.replacen("http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1", 1);
        assert_eq!(check(&sha1, &ca()), Err("a digest algorithm this verifier does not accept"));
        // Allowed, SHA-1 gets as far as the digest, which is the SHA-256 one.
        assert_eq!(check(&sha1, &ca().allow_sha1(true)), Err("a signed element was changed after it was signed"));
    }
}
