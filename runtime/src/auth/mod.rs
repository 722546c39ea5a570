//! HTTP authentication (feature `http-auth`): Basic (RFC 7617) and Bearer (RFC 6750)
//! credentials on every request, and Digest (RFC 7616) answering the server's challenge,
//! as a tower layer around the client's transport. The password and the token are secrets:
//! `Debug` shows the scheme and the user name only, and the `Authorization` header is
//! marked sensitive.
//!
//! ```
//! use soapkit_runtime::auth::HttpAuth;
//! use soapkit_runtime::Client;
//!
//! # fn main() -> soapkit_runtime::Result<()> {
//! let client = Client::builder("http://camera.local/onvif/device_service")
//!     .layer(HttpAuth::digest("admin", "s3cret"))
//!     .build()?;
//! # Ok(())
//! # }
//! ```

mod digest;

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use http::header::{AUTHORIZATION, HeaderValue, WWW_AUTHENTICATE};

use crate::error::{Error, Result};
use crate::layers::{Around, Layered, copy};
use crate::transport::{Transport, TransportRequest, TransportResponse};

pub use digest::DigestAlgorithm;

/// HTTP authentication for every request of a client, given to
/// [`ClientBuilder::layer`](crate::ClientBuilder::layer).
#[derive(Clone)]
pub struct HttpAuth {
    scheme: Scheme,
    /// The credentials as a server could quote them back, cut from every reply.
    echoes: Arc<Echoes>,
}

#[derive(Clone)]
enum Scheme {
    /// The whole `Authorization` value, built once.
    Basic {
        user: String,
        header: HeaderValue,
    },
    Bearer {
        header: HeaderValue,
    },
    Digest(Arc<digest::Digest>),
}

impl HttpAuth {
    /// `Authorization: Basic`, user and password in UTF-8, on every request: only over TLS,
    /// since the password goes as it is. A user name with `:` or a control character, or a
    /// password with a control character, is an error of kind
    /// [`Builder`](crate::ErrorKind::Builder).
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Result<HttpAuth> {
        let (user, password) = (user.into(), password.into());
        if user.contains(':') || user.chars().chain(password.chars()).any(char::is_control) {
            return Err(Error::builder(
                "a Basic user name cannot hold `:`, and neither it nor the password a control character",
            ));
        }
        let token = BASE64.encode(format!("{user}:{password}"));
        let header = sensitive(&format!("Basic {token}"))?;
        Ok(HttpAuth { scheme: Scheme::Basic { user, header }, echoes: Arc::new(Echoes::of(&[&password, &token])) })
    }

    /// `Authorization: Bearer` with `token` on every request (an OAuth access token).
    pub fn bearer(token: impl AsRef<str>) -> Result<HttpAuth> {
        let header = sensitive(&format!("Bearer {}", token.as_ref()))?;
        Ok(HttpAuth { scheme: Scheme::Bearer { header }, echoes: Arc::new(Echoes::of(&[token.as_ref()])) })
    }

    /// Digest access authentication: the first request goes without credentials, the
    /// server's `401` challenge is answered (SHA-512-256, SHA-256 or MD5, as the server
    /// offers, the strongest first; `qop=auth`, a fresh client nonce) and the request sent
    /// again, once. Later requests answer the same challenge at once, counting up the nonce
    /// count, until the server says the nonce is stale.
    pub fn digest(user: impl Into<String>, password: impl Into<String>) -> HttpAuth {
        let password = password.into();
        let echoes = Arc::new(Echoes::of(&[&password]));
        HttpAuth { scheme: Scheme::Digest(Arc::new(digest::Digest::new(user.into(), password))), echoes }
    }
}

/// A header value marked sensitive (HTTP/2 keeps it out of compression tables; `Debug`
/// shows `Sensitive`). The value itself is never quoted in the error.
fn sensitive(value: &str) -> Result<HeaderValue> {
    let mut header = HeaderValue::from_str(value)
        .map_err(|_| Error::builder("the credentials hold a character an HTTP header cannot carry"))?;
    header.set_sensitive(true);
    Ok(header)
}

impl fmt::Debug for HttpAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.scheme {
            Scheme::Basic { user, .. } => f.debug_struct("HttpAuth::Basic").field("user", user).finish_non_exhaustive(),
            Scheme::Bearer { .. } => f.debug_struct("HttpAuth::Bearer").finish_non_exhaustive(),
            Scheme::Digest(digest) => {
                f.debug_struct("HttpAuth::Digest").field("user", &digest.user()).finish_non_exhaustive()
            }
        }
    }
}

impl tower::Layer<Transport> for HttpAuth {
    type Service = Layered<HttpAuth>;

    fn layer(&self, inner: Transport) -> Layered<HttpAuth> {
        Layered::new(self.clone(), inner)
    }
}

impl Around for HttpAuth {
    async fn around(self, inner: Transport, request: TransportRequest) -> Result<TransportResponse> {
        let mut response = self.exchange(&inner, request).await?;
        // A server that quotes the credentials back (in a fault, an error page) must not
        // hand them to errors, logs or values: they are cut out before anything reads it.
        self.echoes.scrub(response.body_mut());
        Ok(response)
    }
}

impl HttpAuth {
    async fn exchange(&self, inner: &Transport, mut request: TransportRequest) -> Result<TransportResponse> {
        let digest = match &self.scheme {
            Scheme::Basic { header, .. } | Scheme::Bearer { header, .. } => {
                request.headers_mut().insert(AUTHORIZATION, header.clone());
                return inner.send(request).await;
            }
            Scheme::Digest(digest) => digest,
        };
        let target = target(&request);
        let method = request.method().as_str().to_owned();
        let answered = digest.authorization(&method, &target);
        let again = copy(&request);
        if let Some(authorization) = &answered {
            request.headers_mut().insert(AUTHORIZATION, authorization.clone());
        }
        let response = inner.send(request).await?;
        if response.status() != http::StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        let challenges = response.headers().get_all(WWW_AUTHENTICATE).iter().filter_map(|v| v.to_str().ok());
        // A new challenge is answered once; the same nonce refused again means the
        // credentials are wrong, and the 401 is the caller's answer.
        if !digest.accept_challenge(challenges, answered.is_some()) {
            return Ok(response);
        }
        let Some(authorization) = digest.authorization(&method, &target) else { return Ok(response) };
        let mut again = again;
        again.headers_mut().insert(AUTHORIZATION, authorization);
        inner.send(again).await
    }
}

/// The credentials as a server could quote them back: as they are and XML-escaped.
struct Echoes {
    finders: Vec<memchr::memmem::Finder<'static>>,
}

impl Echoes {
    fn of(secrets: &[&str]) -> Echoes {
        let mut forms: Vec<String> = Vec::new();
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            forms.push((*secret).to_owned());
            for context in [crate::xml::escape::Context::Text, crate::xml::escape::Context::Attribute] {
                let mut escaped = String::new();
                if crate::xml::escape::escape_into_string(&mut escaped, secret, context).is_ok()
                    && !forms.contains(&escaped)
                {
                    forms.push(escaped);
                }
            }
        }
        // The longest first, so that a form inside another is not cut first.
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        Echoes { finders: forms.iter().map(|f| memchr::memmem::Finder::new(f.as_bytes()).into_owned()).collect() }
    }

    /// Replaces every occurrence in `body` with `***`.
    fn scrub(&self, body: &mut Vec<u8>) {
        for finder in &self.finders {
            if finder.find(body).is_none() {
                continue;
            }
            let mut out = Vec::with_capacity(body.len());
            let mut at = 0;
            for found in finder.find_iter(body) {
                out.extend_from_slice(&body[at..found]);
                out.extend_from_slice(b"***");
                at = found + finder.needle().len();
            }
            out.extend_from_slice(&body[at..]);
            *body = out;
        }
    }
}

/// The request target a Digest answer names: the URI's path and query.
fn target(request: &TransportRequest) -> String {
    request.uri().path_and_query().map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
}
