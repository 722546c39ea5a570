//! NTLM over HTTP (feature `ntlm`), as IIS wants it: NTLM authenticates the connection, not
//! the request, so its three legs must travel on one kept-alive connection, and the
//! requests after them on that same connection need no credentials. reqwest's pool does
//! not promise which connection a request takes; this transport therefore keeps a few
//! *lanes*, each a reqwest client with at most one connection, used by one request at a
//! time: a lane's handshake and the requests that follow it share its connection.
//!
//! The messages come from the `ntlmssp` crate: NTLMv2 with the MIC, checked against
//! MS-NLMP section 4.2.4's test vectors, in 800 lines over RustCrypto's `md4`, `md-5` and
//! `hmac`. `sspi` was the other candidate: a whole SSPI (Kerberos, CredSSP) with a large
//! tree that includes `rsa` and its open timing advisory (RUSTSEC-2023-0071), for the one
//! mechanism used here. The `Negotiate` scheme is answered with the same NTLM tokens,
//! which Windows accepts inside `Negotiate`; Kerberos is not offered.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use http::header::{AUTHORIZATION, HeaderValue, WWW_AUTHENTICATE};

use crate::error::{Error, Result};
use crate::layers::copy;
use crate::secrets::Secret;
use crate::transport::{HttpSettings, HttpTransport, Transport, TransportRequest, TransportResponse};

/// The Windows account a client authenticates as with NTLM, given to
/// [`ClientBuilder::ntlm`](crate::ClientBuilder::ntlm). The password is a secret: not in
/// `Debug`, errors or logs, and never sent (NTLMv2 proves it with a keyed hash).
#[derive(Clone)]
pub struct NtlmCredentials {
    domain: String,
    user: String,
    password: Secret<String>,
    workstation: String,
    lanes: usize,
}

impl std::fmt::Debug for NtlmCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NtlmCredentials")
            .field("domain", &self.domain)
            .field("user", &self.user)
            .field("workstation", &self.workstation)
            .field("connections", &self.lanes)
            .finish_non_exhaustive()
    }
}

impl NtlmCredentials {
    /// `DOMAIN\user` with `password` (an empty domain for a local account).
    pub fn new(domain: impl Into<String>, user: impl Into<String>, password: impl Into<String>) -> Self {
        NtlmCredentials {
            domain: domain.into(),
            user: user.into(),
            password: Secret::new(password.into()),
            workstation: String::new(),
            lanes: 4,
        }
    }

    /// The workstation name the AUTHENTICATE message gives (none unless set).
    pub fn workstation(mut self, name: impl Into<String>) -> Self {
        self.workstation = name.into();
        self
    }

    /// How many connections (each authenticated once) carry the calls: 4 unless set, so
    /// that four calls run at once and a fifth waits for one of them.
    pub fn connections(mut self, lanes: usize) -> Self {
        self.lanes = lanes.max(1);
        self
    }
}

/// One connection's worth of client: its own reqwest client (at most one idle connection)
/// and whether that connection has been authenticated.
struct Lane {
    http: HttpTransport,
    authenticated: tokio::sync::Mutex<bool>,
}

/// The transport of a client with `credentials`: one reqwest client per lane
/// built from `settings`, each keeping one connection to `endpoint`.
pub(crate) fn transport(
    credentials: NtlmCredentials,
    settings: &HttpSettings,
    endpoint: (http::Uri, reqwest::Url),
) -> Result<Transport> {
    let lanes = (0..credentials.lanes)
        .map(|_| Ok(HttpTransport::new(settings.build(true)?, endpoint.clone(), settings)))
        .collect::<Result<Vec<_>>>()?;
    let ntlm = NtlmTransport::new(credentials, lanes);
    Ok(Transport::new(tower::service_fn(move |request| {
        let ntlm = ntlm.clone();
        async move { ntlm.send(request).await }
    })))
}

/// The NTLM transport: lanes taken in turn, each used by one request at a time.
#[derive(Clone)]
struct NtlmTransport {
    credentials: Arc<NtlmCredentials>,
    lanes: Arc<[Lane]>,
    next: Arc<AtomicUsize>,
}

impl NtlmTransport {
    fn new(credentials: NtlmCredentials, lanes: Vec<HttpTransport>) -> Self {
        let lanes =
            lanes.into_iter().map(|http| Lane { http, authenticated: tokio::sync::Mutex::new(false) }).collect();
        NtlmTransport { credentials: Arc::new(credentials), lanes, next: Arc::new(AtomicUsize::new(0)) }
    }

    async fn send(&self, request: TransportRequest) -> Result<TransportResponse> {
        // A lane that is free now, else the next in turn.
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let count = self.lanes.len();
        let (lane, mut authenticated) = match (0..count)
            .map(|i| &self.lanes[(start + i) % count])
            .find_map(|lane| lane.authenticated.try_lock().ok().map(|guard| (lane, guard)))
        {
            Some(free) => free,
            None => {
                let lane = &self.lanes[start % count];
                (lane, lane.authenticated.lock().await)
            }
        };
        if *authenticated {
            let again = copy(&request);
            let response = lane.http.send(request).await?;
            // The server closed or forgot the connection's authentication: once more, from the start.
            if !is_challenge(&response) {
                return Ok(response);
            }
            *authenticated = false;
            return self.handshake(lane, &mut authenticated, again).await;
        }
        self.handshake(lane, &mut authenticated, request).await
    }

    /// The three legs on the lane's connection: NEGOTIATE with the request, the server's
    /// CHALLENGE, AUTHENTICATE with the request again. A server that needs no
    /// authentication answers the first and is done; one that offers only `Negotiate` gets
    /// the same tokens under that name.
    async fn handshake(
        &self,
        lane: &Lane,
        authenticated: &mut bool,
        request: TransportRequest,
    ) -> Result<TransportResponse> {
        let ntlm = ntlmssp::Ntlm::new();
        let mut scheme = "NTLM";
        let mut response;
        loop {
            let mut first = copy(&request);
            first.headers_mut().insert(AUTHORIZATION, header(scheme, ntlm.negotiate())?);
            response = lane.http.send(first).await?;
            let only_negotiate = is_challenge(&response) && !schemes(&response).any(|s| s.eq_ignore_ascii_case("ntlm"));
            if scheme == "NTLM" && only_negotiate && challenge(&response).is_none() {
                scheme = "Negotiate";
                continue;
            }
            break;
        }
        let Some(challenge) = challenge(&response) else {
            // Served without a challenge (no authentication needed), or refused outright.
            *authenticated = response.status() != http::StatusCode::UNAUTHORIZED;
            return Ok(response);
        };
        let credentials = &self.credentials;
        let (authenticate, _session_key) = ntlm
            .authenticate(
                &challenge,
                &credentials.domain,
                &credentials.user,
                credentials.password.expose(),
                &credentials.workstation,
            )
            .map_err(|_| Error::reply("the server's NTLM challenge is not one soapkit can read"))?;
        let mut last = request;
        last.headers_mut().insert(AUTHORIZATION, header(scheme, &authenticate)?);
        let response = lane.http.send(last).await?;
        *authenticated = response.status() != http::StatusCode::UNAUTHORIZED;
        Ok(response)
    }
}

/// `{scheme} {base64(token)}`, sensitive.
fn header(scheme: &str, token: &[u8]) -> Result<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("{scheme} {}", BASE64.encode(token)))
        .map_err(|_| Error::input("an NTLM token that cannot be a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Whether `response` asks for NTLM or Negotiate authentication.
fn is_challenge(response: &TransportResponse) -> bool {
    response.status() == http::StatusCode::UNAUTHORIZED
        && schemes(response).any(|s| s.eq_ignore_ascii_case("ntlm") || s.eq_ignore_ascii_case("negotiate"))
}

fn schemes(response: &TransportResponse) -> impl Iterator<Item = &str> {
    response
        .headers()
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split_whitespace().next().unwrap_or(""))
}

/// The CHALLENGE token of a 401 that carries one, under either scheme.
fn challenge(response: &TransportResponse) -> Option<Vec<u8>> {
    if response.status() != http::StatusCode::UNAUTHORIZED {
        return None;
    }
    response.headers().get_all(WWW_AUTHENTICATE).iter().filter_map(|v| v.to_str().ok()).find_map(|value| {
        let (scheme, token) = value.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("ntlm") && !scheme.eq_ignore_ascii_case("negotiate") {
            return None;
        }
        let token = BASE64.decode(token.trim()).ok()?;
        token.starts_with(b"NTLMSSP\0").then_some(token)
    })
}
