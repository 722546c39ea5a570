//! A server's check of a request's `wsse:Security` header block: the UsernameToken's
//! password (text or digest) against the user's lookup, its nonce not seen before within
//! the freshness window, and the Timestamp not stale or from the future.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, Utc};

use super::{PASSWORD_DIGEST, PASSWORD_TEXT, WSSE, WSU, digest, time};
use crate::secrets::Secret;
use crate::xml::tree::{Document, NodeId};

/// Looks up a user's password: `None` for a user that does not exist.
type Lookup = dyn Fn(&str) -> Option<Secret<String>> + Send + Sync;

/// What a server requires of each request's `wsse:Security` header block: a UsernameToken
/// whose password the lookup confirms (feature `wsse`). Given to
/// `Server::ws_security`; an implementation reads the user it names with
/// `soapkit::server::authenticated_user()`.
///
/// A digest's nonce is remembered for the freshness window, so the same token is refused
/// the second time; the remembered nonces are bounded ([`max_nonces`](Self::max_nonces)),
/// and when that many are still fresh a new token is refused rather than one forgotten.
#[derive(Clone)]
pub struct UsernameTokens {
    lookup: Arc<Lookup>,
    accept_text: bool,
    require_timestamp: bool,
    skew: Duration,
    freshness: Duration,
    max_nonces: usize,
    nonces: Arc<Mutex<Nonces>>,
}

impl UsernameTokens {
    /// Checks UsernameTokens against `lookup`, which gives the password of a user name.
    /// Digests and text passwords are accepted, a Timestamp is checked when there is one,
    /// clocks may differ by 5 minutes, and a token is fresh for 5 minutes.
    pub fn new(lookup: impl Fn(&str) -> Option<Secret<String>> + Send + Sync + 'static) -> Self {
        UsernameTokens {
            lookup: Arc::new(lookup),
            accept_text: true,
            require_timestamp: false,
            skew: Duration::from_secs(300),
            freshness: Duration::from_secs(300),
            max_nonces: 100_000,
            nonces: Arc::default(),
        }
    }

    /// Whether a password sent as text is accepted (it is unless set); digests always are.
    #[must_use]
    pub fn accept_text(mut self, accept: bool) -> Self {
        self.accept_text = accept;
        self
    }

    /// Whether a request without a Timestamp is refused (it is not unless set).
    #[must_use]
    pub fn require_timestamp(mut self, require: bool) -> Self {
        self.require_timestamp = require;
        self
    }

    /// How far the client's clock may be from the server's.
    #[must_use]
    pub fn clock_skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// How long after its `Created` a token is accepted, and its nonce remembered.
    #[must_use]
    pub fn freshness(mut self, freshness: Duration) -> Self {
        self.freshness = freshness;
        self
    }

    /// How many nonces are remembered at most.
    #[must_use]
    pub fn max_nonces(mut self, max: usize) -> Self {
        self.max_nonces = max;
        self
    }

    /// The user the request's token authenticates, or why it does not.
    pub(crate) fn check(&self, doc: &Document, header: Option<NodeId>) -> Result<String, Refusal> {
        self.check_at(doc, header, time::now())
    }

    fn check_at(&self, doc: &Document, header: Option<NodeId>, now: DateTime<Utc>) -> Result<String, Refusal> {
        let security = header
            .and_then(|h| doc.children(h).find(|&c| doc.is(c, WSSE, "Security")))
            .ok_or(Refusal::Invalid("the request has no wsse:Security header block"))?;
        let child = |parent: NodeId, ns: &str, name: &str| doc.children(parent).find(|&c| doc.is(c, ns, name));
        match child(security, WSU, "Timestamp") {
            Some(timestamp) => self.timestamp(doc, timestamp, now)?,
            None if self.require_timestamp => return Err(Refusal::Invalid("the request has no wsu:Timestamp")),
            None => {}
        }
        let token = child(security, WSSE, "UsernameToken").ok_or(Refusal::Failed("no wsse:UsernameToken"))?;
        let username = child(token, WSSE, "Username").map(|u| doc.text(u).trim()).unwrap_or_default();
        let password = child(token, WSSE, "Password").ok_or(Refusal::Failed("no wsse:Password"))?;
        let kind = doc.attributes(password).find(|(ns, local, _)| ns.is_empty() && *local == "Type").map(|a| a.2);
        let nonce = child(token, WSSE, "Nonce").map(|n| BASE64.decode(doc.text(n).trim()));
        let nonce = nonce.transpose().map_err(|_| Refusal::Failed("a nonce that is not base64"))?;
        let created = child(token, WSU, "Created").map(|c| doc.text(c).trim());
        if let Some(created) = created {
            let at = time::parse(created).ok_or(Refusal::Failed("a Created that is not a UTC time"))?;
            self.fresh(at, now)?;
        }
        let expected = (self.lookup)(username);
        let sent = doc.text(password).trim();
        let matches = match kind.unwrap_or(PASSWORD_TEXT) {
            PASSWORD_DIGEST => {
                let (Some(nonce), Some(created)) = (&nonce, created) else {
                    return Err(Refusal::Failed("a password digest without its nonce and Created"));
                };
                expected.is_some_and(|p| same(digest(nonce, created, p.expose()).as_bytes(), sent.as_bytes()))
            }
            PASSWORD_TEXT if self.accept_text => expected.is_some_and(|p| same(p.expose().as_bytes(), sent.as_bytes())),
            PASSWORD_TEXT => return Err(Refusal::Failed("a password sent as text, which this server does not accept")),
            _ => return Err(Refusal::Failed("a password of an unknown type")),
        };
        if !matches {
            return Err(Refusal::Failed("a wrong user name or password"));
        }
        // Remembered only once the password is right: a stranger cannot fill the memory.
        if let Some(nonce) = nonce {
            self.remember(nonce, now)?;
        }
        Ok(username.to_owned())
    }

    fn timestamp(&self, doc: &Document, timestamp: NodeId, now: DateTime<Utc>) -> Result<(), Refusal> {
        let value = |name: &str| doc.children(timestamp).find(|&c| doc.is(c, WSU, name)).map(|c| doc.text(c));
        let created =
            value("Created").and_then(time::parse).ok_or(Refusal::Expired("a Timestamp without a UTC Created"))?;
        if created > time::add(now, self.skew) {
            return Err(Refusal::Expired("a Timestamp created in the future"));
        }
        if let Some(expires) = value("Expires") {
            let expires =
                time::parse(expires).ok_or(Refusal::Expired("a Timestamp whose Expires is not a UTC time"))?;
            if time::add(expires, self.skew) < now {
                return Err(Refusal::Expired("a Timestamp that has expired"));
            }
        }
        Ok(())
    }

    /// A token's `Created` within the freshness window (with the clock skew either side).
    fn fresh(&self, created: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), Refusal> {
        if created > time::add(now, self.skew) {
            return Err(Refusal::Failed("a token created in the future"));
        }
        if time::add(created, self.freshness + self.skew) < now {
            return Err(Refusal::Failed("a token older than the freshness window"));
        }
        Ok(())
    }

    fn remember(&self, nonce: Vec<u8>, now: DateTime<Utc>) -> Result<(), Refusal> {
        let mut nonces = self.nonces.lock().unwrap_or_else(|e| e.into_inner());
        // A nonce older than the window belongs to a token that is refused as stale anyway.
        let horizon =
            now - chrono::TimeDelta::from_std(self.freshness + 2 * self.skew).unwrap_or(chrono::TimeDelta::MAX);
        while nonces.order.front().is_some_and(|(at, _)| *at < horizon) {
            if let Some((_, old)) = nonces.order.pop_front() {
                nonces.seen.remove(&old);
            }
        }
        if nonces.seen.contains(&nonce) {
            return Err(Refusal::Failed("a nonce seen before (a replayed token)"));
        }
        if nonces.seen.len() >= self.max_nonces {
            return Err(Refusal::Busy);
        }
        nonces.seen.insert(nonce.clone());
        nonces.order.push_back((now, nonce));
        Ok(())
    }
}

impl fmt::Debug for UsernameTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UsernameTokens")
            .field("accept_text", &self.accept_text)
            .field("require_timestamp", &self.require_timestamp)
            .field("skew", &self.skew)
            .field("freshness", &self.freshness)
            .field("max_nonces", &self.max_nonces)
            .finish_non_exhaustive()
    }
}

/// The nonces of the freshness window, oldest first.
#[derive(Default)]
struct Nonces {
    seen: HashSet<Vec<u8>>,
    order: VecDeque<(DateTime<Utc>, Vec<u8>)>,
}

/// Why a request's security header is refused, by the fault code WS-Security gives it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `wsse:InvalidSecurity`: the header is missing or incomplete.
    Invalid(&'static str),
    /// `wsse:FailedAuthentication`: the token does not authenticate anyone.
    Failed(&'static str),
    /// `wsse:MessageExpired`: the Timestamp is stale or from the future.
    Expired(&'static str),
    /// The nonce memory is full of fresh nonces: refused until some age out.
    Busy,
}

impl Refusal {
    /// The WS-Security fault subcode, and the reason the fault gives (WS-Security 1.1,
    /// section 12: the reason says no more than the code, so a prober learns nothing).
    pub(crate) fn fault(&self) -> (&'static str, &'static str) {
        match self {
            Refusal::Invalid(_) => ("InvalidSecurity", "An error was discovered processing the <wsse:Security> header"),
            Refusal::Failed(_) => {
                ("FailedAuthentication", "The security token could not be authenticated or authorized")
            }
            Refusal::Expired(_) => ("MessageExpired", "The message has expired"),
            Refusal::Busy => ("FailedAuthentication", "The security token could not be authenticated or authorized"),
        }
    }

    /// What the server's log says.
    pub(crate) fn detail(&self) -> &'static str {
        match self {
            Refusal::Invalid(why) | Refusal::Failed(why) | Refusal::Expired(why) => why,
            Refusal::Busy => "every remembered nonce is still fresh (UsernameTokens::max_nonces)",
        }
    }
}

/// Compares two secrets in time that depends on their lengths only.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && std::hint::black_box(a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y))) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version::SoapVersion;
    use crate::wsse::{PasswordType, WsSecurity};

    fn tokens() -> UsernameTokens {
        UsernameTokens::new(|user| (user == "alice").then(|| Secret::new("wonderland".to_owned())))
    }

    fn request(security: &WsSecurity) -> Document {
        let (xml, _, _) = security.header(SoapVersion::Soap11).unwrap_or_default();
        let env = crate::SOAP11_ENVELOPE;
        Document::parse(format!("<s:Envelope xmlns:s=\"{env}\"><s:Header>{xml}</s:Header><s:Body/></s:Envelope>"))
            .unwrap()
    }

    fn check(tokens: &UsernameTokens, doc: &Document, now: DateTime<Utc>) -> Result<String, Refusal> {
        let header = doc.children(doc.root()).next();
        tokens.check_at(doc, header, now)
    }

    #[test]
    fn a_right_password_passes_once_and_a_wrong_one_never() {
        let tokens = tokens();
        for kind in [PasswordType::Digest, PasswordType::Text] {
            let right = request(&WsSecurity::new().username_token("alice", "wonderland", kind));
            assert_eq!(check(&tokens, &right, time::now()), Ok("alice".to_owned()));
            assert!(
                matches!(check(&tokens, &right, time::now()), Err(Refusal::Failed(why)) if why.contains("replayed"))
            );
            let wrong = request(&WsSecurity::new().username_token("alice", "looking-glass", kind));
            assert!(matches!(check(&tokens, &wrong, time::now()), Err(Refusal::Failed(_))));
            let nobody = request(&WsSecurity::new().username_token("bob", "wonderland", kind));
            assert!(matches!(check(&tokens, &nobody, time::now()), Err(Refusal::Failed(_))));
        }
        let text = request(&WsSecurity::new().username_token("alice", "wonderland", PasswordType::Text));
        assert!(matches!(check(&tokens.clone().accept_text(false), &text, time::now()), Err(Refusal::Failed(_))));
    }

    #[test]
    fn stale_and_future_tokens_and_timestamps_are_refused() {
        let tokens = tokens();
        let later = |minutes: i64| time::now() + chrono::TimeDelta::minutes(minutes);
        let token = request(&WsSecurity::new().username_token("alice", "wonderland", PasswordType::Digest));
        assert!(matches!(check(&tokens, &token, later(11)), Err(Refusal::Failed(why)) if why.contains("older")));
        assert!(matches!(check(&tokens, &token, later(-6)), Err(Refusal::Failed(why)) if why.contains("future")));
        let stamped = request(&WsSecurity::new().timestamp(Duration::from_secs(60)).username_token(
            "alice",
            "wonderland",
            PasswordType::Digest,
        ));
        assert!(matches!(check(&tokens, &stamped, later(7)), Err(Refusal::Expired(_))));
        let bare = request(&WsSecurity::new().username_token("alice", "wonderland", PasswordType::Digest));
        assert!(matches!(check(&tokens.clone().require_timestamp(true), &bare, time::now()), Err(Refusal::Invalid(_))));
        assert!(matches!(check(&tokens, &request(&WsSecurity::new()), time::now()), Err(Refusal::Invalid(_))));
        let timestamp_only = request(&WsSecurity::new().timestamp(Duration::from_secs(60)));
        assert!(matches!(check(&tokens, &timestamp_only, time::now()), Err(Refusal::Failed(_))));
    }

    #[test]
    fn the_nonce_memory_is_bounded_and_forgets_what_is_stale() {
        let tokens = tokens().max_nonces(2);
        let token = || request(&WsSecurity::new().username_token("alice", "wonderland", PasswordType::Digest));
        let now = time::now();
        assert!(check(&tokens, &token(), now).is_ok());
        assert!(check(&tokens, &token(), now).is_ok());
        assert_eq!(check(&tokens, &token(), now), Err(Refusal::Busy));
        // Past the window, the old nonces go and a new token is remembered again (its own
        // Created is then checked with the later clock, so the check runs at `now` here).
        let mut nonces = tokens.nonces.lock().unwrap();
        for (at, _) in nonces.order.iter_mut() {
            *at -= chrono::TimeDelta::minutes(30);
        }
        drop(nonces);
        assert!(check(&tokens, &token(), now).is_ok());
        assert_eq!(tokens.nonces.lock().unwrap().seen.len(), 1);
    }
}
