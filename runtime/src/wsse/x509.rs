//! The keys and certificates of X.509 signatures: a signer's RSA key and certificate from
//! PEM, and what a verifier trusts (certificates pinned as they are, or CAs a certificate
//! must chain to), with ring's RSA and webpki's path building, which rustls brings already.

use std::fmt;
use std::sync::Arc;

use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{
    AlgorithmIdentifier, CertificateDer, InvalidSignature, PrivateKeyDer, SignatureVerificationAlgorithm, TrustAnchor,
    UnixTime, alg_id,
};

use super::key_reference::{KeyReference, Names};
use crate::error::{Error, Result};
use crate::xml::tree::{Document, NodeId};

/// The digest and signature algorithms of a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignatureAlgorithm {
    /// SHA-256 digests, RSA-SHA256 signature.
    #[default]
    RsaSha256,
    /// SHA-1 digests, RSA-SHA1 signature: only for servers that know nothing newer.
    RsaSha1,
}

impl SignatureAlgorithm {
    pub(crate) const fn signature_uri(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaSha256 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            SignatureAlgorithm::RsaSha1 => "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
        }
    }

    pub(crate) const fn digest_uri(self) -> &'static str {
        match self {
            SignatureAlgorithm::RsaSha256 => "http://www.w3.org/2001/04/xmlenc#sha256",
            SignatureAlgorithm::RsaSha1 => "http://www.w3.org/2000/09/xmldsig#sha1",
        }
    }

    pub(crate) fn of_signature(uri: &str) -> Option<Self> {
        [SignatureAlgorithm::RsaSha256, SignatureAlgorithm::RsaSha1].into_iter().find(|a| a.signature_uri() == uri)
    }

    pub(crate) fn of_digest(uri: &str) -> Option<Self> {
        [SignatureAlgorithm::RsaSha256, SignatureAlgorithm::RsaSha1].into_iter().find(|a| a.digest_uri() == uri)
    }

    pub(crate) fn digest(self, data: &[u8]) -> ring::digest::Digest {
        let algorithm = match self {
            SignatureAlgorithm::RsaSha256 => &ring::digest::SHA256,
            SignatureAlgorithm::RsaSha1 => &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
        };
        ring::digest::digest(algorithm, data)
    }
}

/// A signer: an RSA private key and its certificate, sent along as a
/// BinarySecurityToken; it signs with RSA-SHA256 over SHA-256 digests. The key is not
/// shown by `Debug`.
#[derive(Clone)]
pub struct Signer {
    key: Arc<ring::signature::RsaKeyPair>,
    pub(crate) certificate: CertificateDer<'static>,
    pub(crate) names: Arc<Names>,
    pub(crate) key_reference: KeyReference,
}

impl Signer {
    /// The key (PKCS#8 or PKCS#1 PEM) and its certificate (PEM).
    pub fn from_pem(key_pem: &str, certificate_pem: &str) -> Result<Signer> {
        // The parser's error may quote a line of the key: it is not kept as the cause.
        let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
            .map_err(|_| Error::builder("the signing key is not a PEM private key"))?;
        let key = match &key {
            PrivateKeyDer::Pkcs8(der) => ring::signature::RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()),
            PrivateKeyDer::Pkcs1(der) => ring::signature::RsaKeyPair::from_der(der.secret_pkcs1_der()),
            _ => return Err(Error::builder("the signing key is not an RSA key")),
        }
        .map_err(|e| Error::builder(format!("the signing key is not a usable RSA key ({e})")))?;
        let certificate = CertificateDer::from_pem_slice(certificate_pem.as_bytes())
            .map_err(|e| Error::builder("the signing certificate is not a PEM certificate").with_source(e))?;
        let names = Names::of(&certificate).ok_or_else(|| Error::builder("the signing certificate does not parse"))?;
        Ok(Signer {
            key: Arc::new(key),
            certificate,
            names: Arc::new(names),
            key_reference: KeyReference::BinarySecurityToken,
        })
    }

    /// How the signature names the certificate: by default it is sent along as a
    /// BinarySecurityToken; a peer that has it already may want it named by issuer and
    /// serial, subject key identifier or thumbprint instead. An error when the certificate
    /// has no subject key identifier to name it by.
    pub fn key_reference(mut self, reference: KeyReference) -> Result<Signer> {
        if !self.names.supports(reference) {
            return Err(Error::builder("the signing certificate has no subject key identifier extension"));
        }
        self.key_reference = reference;
        Ok(self)
    }

    /// What every signer signs with (ring signs RSA-SHA1 no longer, so there is no other).
    pub(crate) const ALGORITHM: SignatureAlgorithm = SignatureAlgorithm::RsaSha256;

    /// The RSA-SHA256 signature of `message` ([`Self::ALGORITHM`]; a verifier still accepts
    /// RSA-SHA1 when allowed).
    pub(crate) fn sign(&self, message: &[u8]) -> Vec<u8> {
        let mut signature = vec![0; self.key.public().modulus_len()];
        self.key
            .sign(&ring::signature::RSA_PKCS1_SHA256, &ring::rand::SystemRandom::new(), message, &mut signature)
            .expect("an RSA key signs any message into a buffer of its modulus' length");
        signature
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer").field("key", &"***").field("algorithm", &Self::ALGORITHM).finish_non_exhaustive()
    }
}

/// Whose signatures a verifier accepts: certificates trusted as they are, or issued (through
/// intermediates sent along) by a trusted CA, within their validity.
#[derive(Clone, Default)]
pub struct Trust {
    pinned: Vec<CertificateDer<'static>>,
    /// What each pinned certificate is named by, for signatures that name it rather than
    /// send it.
    pinned_names: Vec<Option<Names>>,
    /// The trusted CAs, read once as webpki's anchors.
    authorities: Vec<TrustAnchor<'static>>,
    sha1: bool,
}

impl Trust {
    /// Trusts nobody yet.
    pub fn new() -> Trust {
        Trust::default()
    }

    /// Trusts this certificate (PEM) as it is, whoever issued it.
    pub fn certificate_pem(mut self, pem: &str) -> Result<Trust> {
        let certificate = certificate(pem)?;
        self.pinned_names.push(Names::of(&certificate));
        self.pinned.push(certificate);
        Ok(self)
    }

    /// The pinned certificate (DER) the key reference `reference` of `doc` names by issuer
    /// and serial, subject key identifier or thumbprint.
    pub(crate) fn pinned_named_by(&self, doc: &Document, reference: NodeId) -> Option<&[u8]> {
        let found =
            self.pinned_names.iter().position(|names| names.as_ref().is_some_and(|n| n.named_by(doc, reference)));
        found.map(|i| self.pinned[i].as_ref())
    }

    /// Trusts every certificate this CA (PEM) issued.
    pub fn authority_pem(mut self, pem: &str) -> Result<Trust> {
        let authority = certificate(pem)?;
        let anchor = webpki::anchor_from_trusted_cert(&authority)
            .map_err(|e| Error::builder(format!("the CA certificate cannot be a trust anchor ({e})")))?;
        self.authorities.push(anchor.to_owned());
        Ok(self)
    }

    /// Also accepts SHA-1 digests and RSA-SHA1 signatures, for peers that know nothing newer.
    #[must_use]
    pub fn allow_sha1(mut self, allow: bool) -> Trust {
        self.sha1 = allow;
        self
    }

    pub(crate) fn allows(&self, algorithm: SignatureAlgorithm) -> bool {
        algorithm == SignatureAlgorithm::RsaSha256 || self.sha1
    }

    /// Checks that `der` is a certificate this trusts now, and that it signed `message`
    /// with `signature`.
    pub(crate) fn verify(
        &self,
        der: &[u8],
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> std::result::Result<(), &'static str> {
        let der = CertificateDer::from(der);
        let certificate =
            webpki::EndEntityCert::try_from(&der).map_err(|_| "the signer's certificate does not parse")?;
        let pinned = self.pinned.iter().any(|p| p.as_ref() == der.as_ref());
        if !pinned {
            let now = UnixTime::now();
            certificate
                .verify_for_usage(ALGORITHMS, &self.authorities, &[], now, AnyUsage, None, None)
                .map_err(|_| "the signer's certificate is not one this trusts")?;
        }
        let verifier: &dyn SignatureVerificationAlgorithm = match algorithm {
            SignatureAlgorithm::RsaSha256 => webpki::ring::RSA_PKCS1_2048_8192_SHA256,
            SignatureAlgorithm::RsaSha1 => &RsaSha1,
        };
        certificate.verify_signature(verifier, message, signature).map_err(|_| "the signature does not verify")
    }
}

impl fmt::Debug for Trust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trust")
            .field("pinned", &self.pinned.len())
            .field("authorities", &self.authorities.len())
            .field("sha1", &self.sha1)
            .finish()
    }
}

fn certificate(pem: &str) -> Result<CertificateDer<'static>> {
    CertificateDer::from_pem_slice(pem.as_bytes()).map_err(|e| Error::builder("not a PEM certificate").with_source(e))
}

/// The algorithms a certificate chain may be signed with.
static ALGORITHMS: &[&dyn SignatureVerificationAlgorithm] = &[
    webpki::ring::RSA_PKCS1_2048_8192_SHA256,
    webpki::ring::RSA_PKCS1_2048_8192_SHA384,
    webpki::ring::RSA_PKCS1_2048_8192_SHA512,
    webpki::ring::ECDSA_P256_SHA256,
    webpki::ring::ECDSA_P384_SHA384,
];

/// A signing certificate may name any extended key usage: WS-Security defines none.
#[derive(Debug, Clone, Copy)]
struct AnyUsage;

impl webpki::ExtendedKeyUsageValidator for AnyUsage {
    fn validate(&self, _: webpki::KeyPurposeIdIter<'_, '_>) -> std::result::Result<(), webpki::Error> {
        Ok(())
    }
}

/// RSA-SHA1 for legacy peers' message signatures, which webpki (rightly) offers no longer
/// for certificates.
#[derive(Debug)]
struct RsaSha1;

impl SignatureVerificationAlgorithm for RsaSha1 {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> std::result::Result<(), InvalidSignature> {
        ring::signature::UnparsedPublicKey::new(
            &ring::signature::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
            public_key,
        )
        .verify(message, signature)
        .map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::RSA_ENCRYPTION
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::RSA_PKCS1_SHA256
    }
}
