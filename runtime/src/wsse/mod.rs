//! WS-Security (feature `wsse`): the OASIS Web Services Security `Security` header block,
//! with a UsernameToken (UsernameToken Profile 1.1: the password as text or as a digest,
//! a fresh nonce and creation time on every call) and a Timestamp, written by a client
//! ([`WsSecurity`]) and checked by a server ([`UsernameTokens`], with the `server`
//! feature).

#[cfg(feature = "server")]
pub(crate) mod check;
mod key_reference;
pub(crate) mod sign;
mod time;
pub(crate) mod verify;
mod x509;

#[cfg(feature = "server")]
pub use check::UsernameTokens;
pub use key_reference::KeyReference;
pub use x509::{SignatureAlgorithm, Signer, Trust};

use std::fmt;
use std::fmt::Write as _;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::secrets::{Marks, Secret};
use crate::version::SoapVersion;
use crate::xml::escape::{self, Context};

/// The WS-Security 1.0 extension namespace (`wsse`).
pub const WSSE: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
/// The WS-Security 1.0 utility namespace (`wsu`): `Timestamp`, `Created`, `Id`.
pub const WSU: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
/// The UsernameToken Profile's password types and the nonce's encoding.
const PASSWORD_TEXT: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
const PASSWORD_DIGEST: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
const BASE64_BINARY: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";

/// How a UsernameToken carries the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PasswordType {
    /// `Base64(SHA-1(nonce + created + password))`: the password itself never goes out,
    /// and the digest is good for one nonce only.
    #[default]
    Digest,
    /// The password as it is: only over TLS.
    Text,
}

/// What a client puts in each request's `wsse:Security` header block: a UsernameToken, a
/// Timestamp, or both. Given to [`ClientBuilder::ws_security`](crate::ClientBuilder::ws_security).
///
/// ```
/// # use std::time::Duration;
/// use soapkit_runtime::wsse::{PasswordType, WsSecurity};
/// let security = WsSecurity::new()
///     .username_token("SYSTEM", "s3cret", PasswordType::Digest)
///     .timestamp(Duration::from_secs(300));
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct WsSecurity {
    username: Option<(String, Secret<String>, PasswordType)>,
    timestamp: Option<Duration>,
    signer: Option<Signer>,
    signed_headers: Vec<(String, String)>,
    trust: Option<Trust>,
}

impl WsSecurity {
    /// Nothing yet: add a UsernameToken, a Timestamp or both.
    pub fn new() -> Self {
        WsSecurity::default()
    }

    /// A UsernameToken on every request, with a fresh `Nonce` and `Created`.
    pub fn username_token(
        mut self,
        username: impl Into<String>,
        password: impl Into<String>,
        kind: PasswordType,
    ) -> Self {
        self.username = Some((username.into(), Secret::new(password.into()), kind));
        self
    }

    /// An X.509 signature on every request: the Body (and the Timestamp, when there is
    /// one) signed with `signer`'s key, its certificate sent as a BinarySecurityToken.
    pub fn sign_with(mut self, signer: Signer) -> Self {
        self.signer = Some(signer);
        self
    }

    /// Also signs the header block `{namespace}name` of every request that has it (a
    /// WS-Addressing `To` or `Action`, an application's token): it gets a `wsu:Id` unless
    /// it has one, and a Reference in the signature. Only with [`sign_with`](Self::sign_with).
    pub fn sign_header(mut self, namespace: impl Into<String>, name: impl Into<String>) -> Self {
        self.signed_headers.push((namespace.into(), name.into()));
        self
    }

    pub(crate) fn signed_headers(&self) -> &[(String, String)] {
        &self.signed_headers
    }

    /// Every reply must be signed by a certificate `trust` accepts, its Body (and
    /// Timestamp) covered, or the call fails with an error of kind
    /// [`Reply`](crate::ErrorKind::Reply) before any of its values is read.
    pub fn verify_replies(mut self, trust: Trust) -> Self {
        self.trust = Some(trust);
        self
    }

    pub(crate) fn has_username_token(&self) -> bool {
        self.username.is_some()
    }

    pub(crate) fn signer(&self) -> Option<&Signer> {
        self.signer.as_ref()
    }

    pub(crate) fn trust(&self) -> Option<&Trust> {
        self.trust.as_ref()
    }

    /// A Timestamp on every request: created now, expiring after `lifetime`.
    pub fn timestamp(mut self, lifetime: Duration) -> Self {
        self.timestamp = Some(lifetime);
        self
    }

    /// Whether the username and password can be written in XML: checked when the client
    /// is built, so that no call fails for it later.
    pub(crate) fn check(&self) -> Result<(), escape::InvalidChar> {
        if let Some((username, password, _)) = &self.username {
            escape::check(username)?;
            escape::check(password.expose())?;
        }
        Ok(())
    }

    /// The `Security` header block for one request of `version`, where its secret values
    /// are (the password, or its digest, which is as good as the password for as long as
    /// the server accepts the nonce), and where the signature goes when there is one.
    /// `None` when there is nothing to send (a client that only verifies replies).
    pub(crate) fn header(&self, version: SoapVersion) -> Option<(String, Marks, Option<usize>)> {
        if self.username.is_none() && self.timestamp.is_none() && self.signer.is_none() {
            return None;
        }
        let now = time::now();
        let mut xml = String::with_capacity(640);
        let mut marks = Marks::default();
        open_security(&mut xml, version);
        if let Some(lifetime) = self.timestamp {
            timestamp(&mut xml, now, lifetime);
        }
        if let Some(signer) = &self.signer {
            sign::token(signer, &mut xml);
        }
        if let Some((username, password, kind)) = &self.username {
            let created = time::format(now);
            let nonce = random_nonce();
            xml.push_str("<wsse:UsernameToken wsu:Id=\"UT-1\"><wsse:Username>");
            escape::escape_into_string(&mut xml, username, Context::Text).expect("checked when the client was built");
            let (type_uri, value) = match kind {
                PasswordType::Digest => (PASSWORD_DIGEST, digest(&nonce, &created, password.expose())),
                PasswordType::Text => (PASSWORD_TEXT, password.expose().clone()),
            };
            xml.push_str(&format!("</wsse:Username><wsse:Password Type=\"{type_uri}\">"));
            let at = xml.len();
            escape::escape_into_string(&mut xml, &value, Context::Text).expect("checked when the client was built");
            marks.range(at..xml.len());
            xml.push_str(&format!(
                "</wsse:Password><wsse:Nonce EncodingType=\"{BASE64_BINARY}\">{}</wsse:Nonce><wsu:Created>{created}</wsu:Created></wsse:UsernameToken>",
                BASE64.encode(nonce)
            ));
        }
        let signature_at = self.signer.as_ref().map(|_| xml.len());
        xml.push_str("</wsse:Security>");
        Some((xml, marks, signature_at))
    }
}

/// `<wsse:Security ...>`, marked `mustUnderstand` as `version` writes it.
fn open_security(xml: &mut String, version: SoapVersion) {
    let must_understand = match version {
        SoapVersion::Soap11 => "1",
        SoapVersion::Soap12 => "true",
    };
    let _ =
        write!(xml, "<wsse:Security xmlns:wsse=\"{WSSE}\" xmlns:wsu=\"{WSU}\" s:mustUnderstand=\"{must_understand}\">");
}

/// A Timestamp created `now` and expiring after `lifetime`.
fn timestamp(xml: &mut String, now: chrono::DateTime<chrono::Utc>, lifetime: Duration) {
    let (created, expires) = (time::format(now), time::format(time::add(now, lifetime)));
    let _ = write!(
        xml,
        "<wsu:Timestamp wsu:Id=\"{}\"><wsu:Created>{created}</wsu:Created><wsu:Expires>{expires}</wsu:Expires></wsu:Timestamp>",
        sign::TIMESTAMP_ID
    );
}

/// The Security header block of a reply a server signs: a Timestamp good for 5 minutes and
/// the signer's token; and where the signature goes.
#[cfg(feature = "server")]
pub(crate) fn reply_header(signer: &Signer, version: SoapVersion) -> (String, usize) {
    let mut xml = String::with_capacity(2048);
    open_security(&mut xml, version);
    timestamp(&mut xml, time::now(), Duration::from_secs(300));
    sign::token(signer, &mut xml);
    let at = xml.len();
    xml.push_str("</wsse:Security>");
    (xml, at)
}

/// The password is not shown.
impl fmt::Debug for WsSecurity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WsSecurity")
            .field("username", &self.username.as_ref().map(|(name, _, kind)| (name, "***", kind)))
            .field("timestamp", &self.timestamp)
            .field("signer", &self.signer)
            .field("signed_headers", &self.signed_headers)
            .field("trust", &self.trust)
            .finish()
    }
}

/// `Base64(SHA-1(nonce + created + password))`, UsernameToken Profile 1.1 section 3.1.
pub(crate) fn digest(nonce: &[u8], created: &str, password: &str) -> String {
    let mut context = ring::digest::Context::new(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY);
    context.update(nonce);
    context.update(created.as_bytes());
    context.update(password.as_bytes());
    BASE64.encode(context.finish())
}

/// 16 random bytes from the operating system.
fn random_nonce() -> [u8; 16] {
    use ring::rand::SecureRandom as _;
    let mut nonce = [0; 16];
    // The operating system's generator does not fail on the platforms ring supports; a
    // nonce that is not random would be a replayable one, so this does not go on without.
    ring::rand::SystemRandom::new().fill(&mut nonce).expect("the operating system gives random bytes");
    nonce
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A digest computed independently, with Python's `hashlib` and `base64`, from the
    /// same nonce, creation time and password.
    #[test]
    fn the_digest_is_base64_of_sha1_of_nonce_created_and_password() {
        let nonce = BASE64.decode("LKqI6G/AikKCQrN0zqZFlg==").unwrap();
        assert_eq!(digest(&nonce, "2010-09-16T07:50:45Z", "userpassword"), "tuOSpGlFlIXsozq4HFNeeGeFLEI=");
    }

    #[test]
    fn each_header_has_a_fresh_nonce_and_hides_the_password() {
        let security =
            WsSecurity::new().username_token("u<1>", "pw&", PasswordType::Text).timestamp(Duration::from_secs(60));
        let (first, marks, _) = security.header(SoapVersion::Soap11).unwrap();
        let (second, _, _) = security.header(SoapVersion::Soap12).unwrap();
        assert!(WsSecurity::new().header(SoapVersion::Soap11).is_none());
        let nonce = |xml: &str| xml.split("<wsse:Nonce").nth(1).unwrap().split('>').nth(1).unwrap().to_owned();
        assert_ne!(nonce(&first), nonce(&second));
        assert!(first.contains("s:mustUnderstand=\"1\"") && second.contains("s:mustUnderstand=\"true\""));
        assert!(first.contains("<wsse:Username>u&lt;1&gt;</wsse:Username>"), "{first}");
        let redacted = marks.redact(first.as_bytes());
        assert!(redacted.contains(">***</wsse:Password>") && !redacted.contains("pw&amp;"), "{redacted}");
        assert!(!format!("{security:?}").contains("pw"));
    }
}
