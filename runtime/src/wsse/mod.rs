//! WS-Security (feature `wsse`): the OASIS Web Services Security `Security` header block,
//! with a UsernameToken (UsernameToken Profile 1.1: the password as text or as a digest,
//! a fresh nonce and creation time on every call) and a Timestamp, written by a client
//! ([`WsSecurity`]) and checked by a server ([`UsernameTokens`], with the `server`
//! feature).

#[cfg(feature = "server")]
pub(crate) mod check;
mod time;

#[cfg(feature = "server")]
pub use check::UsernameTokens;

use std::fmt;
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

    /// The `Security` header block for one request of `version`, and where its secret
    /// values are (the password, or its digest, which is as good as the password for as
    /// long as the server accepts the nonce).
    pub(crate) fn header(&self, version: SoapVersion) -> (String, Marks) {
        let now = time::now();
        let mut xml = String::with_capacity(640);
        let mut marks = Marks::default();
        let must_understand = match version {
            SoapVersion::Soap11 => "1",
            SoapVersion::Soap12 => "true",
        };
        xml.push_str(&format!(
            "<wsse:Security xmlns:wsse=\"{WSSE}\" xmlns:wsu=\"{WSU}\" s:mustUnderstand=\"{must_understand}\">"
        ));
        if let Some(lifetime) = self.timestamp {
            let (created, expires) = (time::format(now), time::format(time::add(now, lifetime)));
            xml.push_str(&format!(
                "<wsu:Timestamp wsu:Id=\"TS-1\"><wsu:Created>{created}</wsu:Created><wsu:Expires>{expires}</wsu:Expires></wsu:Timestamp>"
            ));
        }
        if let Some((username, password, kind)) = &self.username {
            let created = time::format(now);
            let nonce = random_nonce();
            xml.push_str("<wsse:UsernameToken wsu:Id=\"UT-1\"><wsse:Username>");
            push_text(&mut xml, username);
            let (type_uri, value) = match kind {
                PasswordType::Digest => (PASSWORD_DIGEST, digest(&nonce, &created, password.expose())),
                PasswordType::Text => (PASSWORD_TEXT, password.expose().clone()),
            };
            xml.push_str(&format!("</wsse:Username><wsse:Password Type=\"{type_uri}\">"));
            let at = xml.len();
            push_text(&mut xml, &value);
            marks.range(at..xml.len());
            xml.push_str(&format!(
                "</wsse:Password><wsse:Nonce EncodingType=\"{BASE64_BINARY}\">{}</wsse:Nonce><wsu:Created>{created}</wsu:Created></wsse:UsernameToken>",
                BASE64.encode(nonce)
            ));
        }
        xml.push_str("</wsse:Security>");
        (xml, marks)
    }
}

/// The password is not shown.
impl fmt::Debug for WsSecurity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WsSecurity")
            .field("username", &self.username.as_ref().map(|(name, _, kind)| (name, "***", kind)))
            .field("timestamp", &self.timestamp)
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

/// Text already checked by [`WsSecurity::check`] (or made by soapkit), escaped.
fn push_text(xml: &mut String, text: &str) {
    let mut bytes = Vec::with_capacity(text.len());
    escape::escape_into(&mut bytes, text, Context::Text).expect("checked when the client was built");
    xml.push_str(std::str::from_utf8(&bytes).expect("escaping keeps UTF-8"));
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
        let (first, marks) = security.header(SoapVersion::Soap11);
        let (second, _) = security.header(SoapVersion::Soap12);
        let nonce = |xml: &str| xml.split("<wsse:Nonce").nth(1).unwrap().split('>').nth(1).unwrap().to_owned();
        assert_ne!(nonce(&first), nonce(&second));
        assert!(first.contains("s:mustUnderstand=\"1\"") && second.contains("s:mustUnderstand=\"true\""));
        assert!(first.contains("<wsse:Username>u&lt;1&gt;</wsse:Username>"), "{first}");
        let redacted = marks.redact(first.as_bytes());
        assert!(redacted.contains(">***</wsse:Password>") && !redacted.contains("pw&amp;"), "{redacted}");
        assert!(!format!("{security:?}").contains("pw"));
    }
}
