//! Digest access authentication (RFC 7616): the server's challenge read from
//! `WWW-Authenticate`, kept for later requests, and answered with `qop=auth` and a fresh
//! client nonce. MD5 from the `md-5` crate (ring has none), SHA-256 and SHA-512/256 from
//! ring.

use std::fmt::Write as _;
use std::sync::Mutex;

use http::header::HeaderValue;
use md5::Digest as _;

use crate::secrets::Secret;

/// The hash a Digest challenge names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DigestAlgorithm {
    /// `MD5`, what most servers and cameras offer, and the default when none is named.
    Md5,
    /// `SHA-256`.
    Sha256,
    /// `SHA-512-256`.
    Sha512_256,
}

impl DigestAlgorithm {
    fn of(name: &str) -> Option<(DigestAlgorithm, bool)> {
        let (base, session) = match name.len().checked_sub(5).map(|at| name.split_at(at)) {
            Some((base, suffix)) if suffix.eq_ignore_ascii_case("-sess") => (base, true),
            _ => (name, false),
        };
        let algorithm = match base.to_ascii_uppercase().as_str() {
            "MD5" => DigestAlgorithm::Md5,
            "SHA-256" => DigestAlgorithm::Sha256,
            "SHA-512-256" => DigestAlgorithm::Sha512_256,
            _ => return None,
        };
        Some((algorithm, session))
    }

    fn name(self) -> &'static str {
        match self {
            DigestAlgorithm::Md5 => "MD5",
            DigestAlgorithm::Sha256 => "SHA-256",
            DigestAlgorithm::Sha512_256 => "SHA-512-256",
        }
    }

    /// The lowercase hex of the hash of `data`.
    fn hex(self, data: &str) -> String {
        let bytes: Vec<u8> = match self {
            DigestAlgorithm::Md5 => md5::Md5::digest(data.as_bytes()).to_vec(),
            DigestAlgorithm::Sha256 => ring::digest::digest(&ring::digest::SHA256, data.as_bytes()).as_ref().to_vec(),
            DigestAlgorithm::Sha512_256 => {
                ring::digest::digest(&ring::digest::SHA512_256, data.as_bytes()).as_ref().to_vec()
            }
        };
        let mut hex = String::with_capacity(2 * bytes.len());
        for byte in bytes {
            let _ = write!(hex, "{byte:02x}");
        }
        hex
    }
}

/// A challenge being answered.
#[derive(Debug, Clone)]
struct Challenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    algorithm: DigestAlgorithm,
    session: bool,
    /// `qop=auth` offered; without it, the RFC 2069 answer.
    qop: bool,
    /// Requests answered with this nonce so far.
    count: u32,
}

/// A user's Digest credentials and the challenge they answer.
pub(crate) struct Digest {
    user: String,
    password: Secret<String>,
    challenge: Mutex<Option<Challenge>>,
}

impl Digest {
    pub(crate) fn new(user: String, password: String) -> Digest {
        Digest { user, password: Secret::new(password), challenge: Mutex::new(None) }
    }

    pub(crate) fn user(&self) -> &str {
        &self.user
    }

    /// Takes the strongest Digest challenge of `headers` that soapkit can answer, unless
    /// it is the one that was `answered` already and not stale (the credentials are wrong).
    /// Whether there is one to answer.
    pub(crate) fn accept_challenge<'h>(&self, headers: impl Iterator<Item = &'h str>, answered: bool) -> bool {
        let offered = headers.flat_map(challenges).filter(|(scheme, _)| scheme.eq_ignore_ascii_case("digest"));
        let best = offered.filter_map(|(_, params)| parse(&params)).max_by_key(|(c, _)| c.algorithm);
        let Some((challenge, stale)) = best else { return false };
        let mut current = self.challenge.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let same = current.as_ref().is_some_and(|c| c.nonce == challenge.nonce && c.realm == challenge.realm);
        if answered && same && !stale {
            return false;
        }
        *current = Some(challenge);
        true
    }

    /// The `Authorization` answering the current challenge for `method` on `target`, or
    /// `None` before any challenge.
    pub(crate) fn authorization(&self, method: &str, target: &str) -> Option<HeaderValue> {
        let challenge = {
            let mut current = self.challenge.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let challenge = current.as_mut()?;
            challenge.count += 1;
            challenge.clone()
        };
        let algorithm = challenge.algorithm;
        let cnonce = client_nonce();
        let nc = format!("{:08x}", challenge.count);
        let mut ha1 = algorithm.hex(&format!("{}:{}:{}", self.user, challenge.realm, self.password.expose()));
        if challenge.session {
            ha1 = algorithm.hex(&format!("{ha1}:{}:{cnonce}", challenge.nonce));
        }
        let ha2 = algorithm.hex(&format!("{method}:{target}"));
        let response = if challenge.qop {
            algorithm.hex(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", challenge.nonce))
        } else {
            algorithm.hex(&format!("{ha1}:{}:{ha2}", challenge.nonce))
        };
        let mut value = String::from("Digest ");
        if self.user.is_ascii() {
            let _ = write!(value, "username={}", quoted(&self.user));
        } else {
            let _ = write!(value, "username*=UTF-8''{}", percent_encoded(&self.user));
        }
        let session = if challenge.session { "-sess" } else { "" };
        let _ = write!(
            value,
            ", realm={}, uri={}, algorithm={}{session}, nonce={}",
            quoted(&challenge.realm),
            quoted(target),
            algorithm.name(),
            quoted(&challenge.nonce)
        );
        if challenge.qop {
            let _ = write!(value, ", nc={nc}, cnonce=\"{cnonce}\", qop=auth");
        }
        let _ = write!(value, ", response=\"{response}\"");
        if let Some(opaque) = &challenge.opaque {
            let _ = write!(value, ", opaque={}", quoted(opaque));
        }
        let mut header = HeaderValue::from_str(&value).ok()?;
        header.set_sensitive(true);
        Some(header)
    }
}

/// The challenge of one `Digest` challenge's parameters, and whether it says the nonce
/// was stale; `None` for one soapkit cannot answer (an unknown algorithm, only `auth-int`).
fn parse(params: &[(String, String)]) -> Option<(Challenge, bool)> {
    let get = |name: &str| params.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let (algorithm, session) = DigestAlgorithm::of(get("algorithm").unwrap_or("MD5"))?;
    let qop = match get("qop") {
        None => false,
        Some(list) if list.split(',').any(|q| q.trim().eq_ignore_ascii_case("auth")) => true,
        Some(_) => return None,
    };
    let challenge = Challenge {
        realm: get("realm")?.to_owned(),
        nonce: get("nonce")?.to_owned(),
        opaque: get("opaque").map(str::to_owned),
        algorithm,
        session,
        qop,
        count: 0,
    };
    Some((challenge, get("stale").is_some_and(|s| s.eq_ignore_ascii_case("true"))))
}

/// The challenges of one `WWW-Authenticate` value: each scheme with its parameters
/// (RFC 9110 section 11.6.1), quoted strings unescaped.
fn challenges(header: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for item in split_outside_quotes(header) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let param = |text: &str| {
            let (name, value) = text.split_once('=')?;
            let name = name.trim();
            (!name.is_empty() && !name.contains(char::is_whitespace)).then(|| (name.to_owned(), unquote(value.trim())))
        };
        if let Some(p) = param(item) {
            if let Some((_, params)) = found.last_mut() {
                params.push(p);
            }
            continue;
        }
        let (scheme, rest) = item.split_once(char::is_whitespace).unwrap_or((item, ""));
        found.push((scheme.to_owned(), param(rest.trim()).into_iter().collect()));
    }
    found
}

/// `text` split at the commas outside quoted strings.
fn split_outside_quotes(text: &str) -> Vec<&str> {
    let (mut parts, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else { return value.to_owned() };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next().unwrap_or('\\') } else { c });
    }
    out
}

fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// RFC 8187's encoding of a non-ASCII user name.
fn percent_encoded(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// 16 random bytes in hex.
fn client_nonce() -> String {
    use ring::rand::SecureRandom as _;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new().fill(&mut bytes).expect("the operating system gives random bytes");
    bytes.iter().fold(String::with_capacity(32), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_are_read_with_quotes_commas_and_several_schemes() {
        let found = challenges(
            r#"Basic realm="a, b", Digest realm="x@y", qop="auth,auth-int", nonce="n\"1", algorithm=SHA-256, Digest realm="x@y", nonce="n2""#,
        );
        assert_eq!(found.len(), 3);
        assert_eq!(found[0], ("Basic".into(), vec![("realm".into(), "a, b".into())]));
        assert_eq!(found[1].1[2], ("nonce".into(), "n\"1".into()));
        let (best, stale) =
            found.iter().skip(1).filter_map(|(_, p)| parse(p)).max_by_key(|(c, _)| c.algorithm).unwrap();
        assert_eq!((best.algorithm, best.qop, stale), (DigestAlgorithm::Sha256, true, false));
    }

    /// RFC 7616 section 3.9.1's example, MD5 and SHA-256.
    #[test]
    fn the_rfc_examples_are_answered_as_the_rfc_answers_them() {
        for (algorithm, expected) in [
            ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
            ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
        ] {
            let params = [
                ("realm", "http-auth@example.org"),
                ("qop", "auth, auth-int"),
                ("algorithm", algorithm),
                ("nonce", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"),
                ("opaque", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()));
            let (mut challenge, _) = parse(&params).unwrap();
            challenge.count = 0;
            let user = "Mufasa".to_owned();
            let ha1 = challenge.algorithm.hex(&format!("{user}:{}:Circle of Life", challenge.realm));
            let ha2 = challenge.algorithm.hex("GET:/dir/index.html");
            let response = challenge.algorithm.hex(&format!(
                "{ha1}:{}:00000001:f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ:auth:{ha2}",
                challenge.nonce
            ));
            assert_eq!(response, expected, "{algorithm}");
        }
    }

    /// SHA-512-256, which the RFC gives no example of, against Python's `hashlib`
    /// (`sha512_256`) for the same inputs.
    #[test]
    fn sha_512_256_is_the_truncated_sha_512_of_fips_180_4() {
        let ha1 = DigestAlgorithm::Sha512_256.hex("alice:soapkit interop:wonder&land<1>");
        let ha2 = DigestAlgorithm::Sha512_256.hex("POST:/Person.svc");
        let response = DigestAlgorithm::Sha512_256
            .hex(&format!("{ha1}:6b1423e1ca5716e9f90f:00000001:7e647fc4c0dd1de4009f30b865dcb2f5:auth:{ha2}"));
        assert_eq!(response, "57ac5ffcddba24c452743d81a45ad71800fed3cdf048b55b145efce5ab0d3465");
    }

    #[test]
    fn the_same_nonce_refused_again_is_not_answered_twice() {
        let digest = Digest::new("alice".into(), "pw".into());
        let header = r#"Digest realm="r", nonce="n1", qop="auth""#;
        assert!(digest.accept_challenge([header].into_iter(), false));
        let first = digest.authorization("POST", "/p").unwrap();
        assert!(first.is_sensitive() && first.to_str().unwrap().contains("nc=00000001"));
        assert!(digest.authorization("POST", "/p").unwrap().to_str().unwrap().contains("nc=00000002"));
        assert!(!digest.accept_challenge([header].into_iter(), true), "wrong credentials");
        let stale = r#"Digest realm="r", nonce="n2", qop="auth", stale=true"#;
        assert!(digest.accept_challenge([stale].into_iter(), true));
        assert!(digest.authorization("POST", "/p").unwrap().to_str().unwrap().contains("nc=00000001"));
        assert!(!digest.accept_challenge([r#"Digest realm="r", nonce="n3", qop="auth-int""#].into_iter(), false));
    }
}
