//! The transport: an HTTP request's bytes and headers out, the reply's status, headers and
//! bytes in. It knows nothing of SOAP, so what wraps or replaces it (retries, recording, a
//! test double, WS-Security signing) needs no SOAP code, and the SOAP code needs no HTTP
//! client.
//!
//! A transport is a [`tower::Service`]: `http::Request<Vec<u8>>` in, `http::Response<Vec<u8>>`
//! out. The client's own is reqwest with rustls, refusing a reply larger than the
//! client's limit as it streams in; [`ClientBuilder::layer`](crate::ClientBuilder::layer)
//! wraps it in any tower middleware and
//! [`ClientBuilder::transport`](crate::ClientBuilder::transport) replaces it.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tower::util::BoxCloneSyncService;
use tower::{Service, ServiceExt};

use crate::error::{BoxError, Error, Result};

/// What a transport sends: a POST to the endpoint with the envelope as its body, the
/// `Content-Type` (and for SOAP 1.1 the `SOAPAction`) set, and a [`CallTimeout`] extension
/// when the call has a timeout of its own.
pub type TransportRequest = http::Request<Vec<u8>>;

/// What a transport returns: the reply's status, headers and whole body. Any status is a
/// response (SOAP faults come with 500); an error is for a reply that did not come whole.
pub type TransportResponse = http::Response<Vec<u8>>;

/// The timeout of one whole call, set by
/// [`Client::with_timeout`](crate::Client::with_timeout), as an extension of the
/// [`TransportRequest`]. The client's own transport honours it; a replacement should too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallTimeout(pub Duration);

/// A client's transport: any [`tower::Service`] of the right shape, boxed once.
///
/// Its errors are soapkit [`Error`]s: a service's own error becomes one of kind
/// [`Transport`](crate::ErrorKind::Transport) with it as its `source()` (kind
/// [`Timeout`](crate::ErrorKind::Timeout) for tower's `Elapsed`), and a soapkit error it
/// returns passes through as it is.
#[derive(Clone)]
pub struct Transport(Kind);

#[derive(Clone)]
enum Kind {
    /// The client's own, unwrapped: called directly, without boxing the service or its
    /// future (about 2,000 instructions a call, 2% of a round trip in process).
    Http(HttpTransport),
    Service(BoxCloneSyncService<TransportRequest, TransportResponse, Error>),
}

impl Transport {
    /// Boxes `service` as a transport.
    pub fn new<S>(service: S) -> Transport
    where
        S: Service<TransportRequest, Response = TransportResponse> + Clone + Send + Sync + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
    {
        Transport(Kind::Service(BoxCloneSyncService::new(
            service.map_err(|e: S::Error| Error::from_transport(e.into())),
        )))
    }

    pub(crate) fn http(transport: HttpTransport) -> Transport {
        Transport(Kind::Http(transport))
    }

    /// Whether requests pass through a layer or a transport of the user's, which may read
    /// what the request is for ([`CallOperation`](crate::layers::CallOperation) and the
    /// secrets to hide): the client's own transport alone needs neither, and a request
    /// without extensions saves their allocation.
    pub(crate) fn is_service(&self) -> bool {
        matches!(self.0, Kind::Service(_))
    }

    /// The client's own transport, when nothing wraps or replaces it: only it can hand
    /// over a reply still arriving.
    pub(crate) fn own_http(&self) -> Option<&HttpTransport> {
        match &self.0 {
            Kind::Http(http) => Some(http),
            Kind::Service(_) => None,
        }
    }

    /// Sends one request. A boxed service is cloned, made ready, then called, as tower's
    /// services are shared.
    pub(crate) async fn send(&self, request: TransportRequest) -> Result<TransportResponse> {
        match &self.0 {
            Kind::Http(http) => http.send(request).await,
            Kind::Service(service) => service.clone().oneshot(request).await,
        }
    }
}

impl Service<TransportRequest> for Transport {
    type Response = TransportResponse;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<TransportResponse>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        match &mut self.0 {
            Kind::Http(http) => http.poll_ready(cx),
            Kind::Service(service) => service.poll_ready(cx),
        }
    }

    fn call(&mut self, request: TransportRequest) -> Self::Future {
        match &mut self.0 {
            Kind::Http(http) => http.call(request),
            Kind::Service(service) => service.call(request),
        }
    }
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Transport")
    }
}

/// The client's own transport: reqwest, and a limit on the reply's size.
#[derive(Clone)]
pub(crate) struct HttpTransport {
    http: reqwest::Client,
    /// The endpoint as reqwest's `Url` and as the `Uri` requests carry, parsed once: a
    /// request to the endpoint, as every request of the client is, needs no parsing.
    endpoint: Arc<(http::Uri, reqwest::Url)>,
    max_reply_size: usize,
    /// Requests go gzip-compressed (feature `compression`).
    #[cfg(feature = "compression")]
    compress_requests: bool,
}

impl HttpTransport {
    pub(crate) fn new(http: reqwest::Client, endpoint: (http::Uri, reqwest::Url), settings: &HttpSettings) -> Self {
        HttpTransport {
            http,
            endpoint: Arc::new(endpoint),
            max_reply_size: settings.max_reply_size,
            #[cfg(feature = "compression")]
            compress_requests: settings.compress_requests,
        }
    }

    pub(crate) async fn send(&self, request: TransportRequest) -> Result<TransportResponse> {
        let mut response = self.execute(request).await?;
        let status = response.status();
        let body =
            read_limited(&mut response, self.max_reply_size).await.map_err(|e| e.with_status(status.as_u16()))?;
        let mut reply = http::Response::new(body);
        *reply.status_mut() = status;
        *reply.headers_mut() = std::mem::take(response.headers_mut());
        Ok(reply)
    }

    /// Sends one request and returns the reply's status with its body: whole when it is
    /// known to be small, else still arriving, for the caller to read as it streams.
    pub(crate) async fn receive(&self, request: TransportRequest) -> Result<Received> {
        let mut response = self.execute(request).await?;
        let status = response.status().as_u16();
        let body = match response.content_length() {
            Some(length) if length <= STREAM_ABOVE => {
                Body::Whole(read_limited(&mut response, self.max_reply_size).await.map_err(|e| e.with_status(status))?)
            }
            _ => Body::Arriving(ReplyFeed::new(response, self.max_reply_size)?),
        };
        Ok(Received { status, body })
    }

    async fn execute(&self, request: TransportRequest) -> Result<reqwest::Response> {
        let (parts, body) = request.into_parts();
        let url = if same_uri(&parts.uri, &self.endpoint.0) {
            self.endpoint.1.clone()
        } else {
            reqwest::Url::parse(&parts.uri.to_string())
                .map_err(|e| Error::input(format!("{} is not a URL", parts.uri)).with_source(e))?
        };
        let mut request = reqwest::Request::new(parts.method, url);
        *request.headers_mut() = parts.headers;
        #[cfg(feature = "compression")]
        let body = if self.compress_requests { compress(body, request.headers_mut())? } else { body };
        *request.body_mut() = Some(body.into());
        if let Some(CallTimeout(timeout)) = parts.extensions.get() {
            *request.timeout_mut() = Some(*timeout);
        }
        self.http.execute(request).await.map_err(Error::transport)
    }
}

/// Replies up to this long, by their `Content-Length`, are read whole before they are
/// decoded; longer ones, and those of unknown length, are decoded as they arrive. A
/// small reply arrives in a read or two, where handing its decoding to another thread
/// would cost more than it saves.
pub(crate) const STREAM_ABOVE: u64 = 256 * 1024;

/// A reply's status and body, as [`HttpTransport::receive`] returns it.
pub(crate) struct Received {
    pub(crate) status: u16,
    pub(crate) body: Body,
}

pub(crate) enum Body {
    Whole(Vec<u8>),
    Arriving(ReplyFeed),
}

/// A body read as the decoder asks for it, on the decoder's own (blocking) thread: each
/// chunk is awaited there on the runtime's handle, while the runtime drives the connection.
/// The client's limit holds as the bytes arrive, as in [`read_limited`].
pub(crate) struct ReplyFeed {
    response: reqwest::Response,
    runtime: tokio::runtime::Handle,
    limit: usize,
    read: usize,
    /// Set when the call is dropped: the decoder then stops reading.
    dropped: Arc<AtomicBool>,
}

/// Tells a reply's decoder that nobody waits for its result any more, when dropped: a call
/// dropped while its reply streams in (a timeout around it, a `select!`) stops reading
/// the reply at its next chunk, rather than reading it to the end for nothing.
pub(crate) struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl ReplyFeed {
    fn new(response: reqwest::Response, limit: usize) -> Result<Self> {
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(too_large(limit).with_status(response.status().as_u16()));
        }
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|e| Error::from_transport(e.into()).with_status(response.status().as_u16()))?;
        Ok(ReplyFeed { response, runtime, limit, read: 0, dropped: Arc::default() })
    }

    /// What stops this feed when the call that waits for it is dropped.
    pub(crate) fn stop_on_drop(&self) -> StopOnDrop {
        StopOnDrop(Arc::clone(&self.dropped))
    }

    /// The body's length when the reply says it (it is within the limit), for a buffer
    /// allocated once: a body of unknown length grows as it arrives.
    pub(crate) fn expected_len(&self) -> usize {
        self.response.content_length().map_or(0, |length| length as usize)
    }

    /// Reads the rest of the body here, for a reply that is not decoded as it streams.
    pub(crate) async fn read_all(mut self) -> Result<Vec<u8>> {
        let status = self.response.status().as_u16();
        read_limited(&mut self.response, self.limit).await.map_err(|e| e.with_status(status))
    }
}

impl crate::xml::events::Feed for ReplyFeed {
    fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>> {
        if self.dropped.load(Ordering::Relaxed) {
            return Err(Error::reply("the call was dropped while its reply arrived"));
        }
        let chunk = self.runtime.block_on(self.response.chunk()).map_err(Error::transport)?;
        match chunk {
            Some(chunk) => {
                self.read += chunk.len();
                if self.read > self.limit {
                    return Err(too_large(self.limit));
                }
                Ok(Some(chunk))
            }
            None => {
                #[cfg(feature = "fuzzing")]
                {
                    *BODY_ENDED.lock().unwrap_or_else(|e| e.into_inner()) = Some(std::time::Instant::now());
                }
                Ok(None)
            }
        }
    }
}

/// When the last body read by a [`ReplyFeed`] ended (feature `fuzzing`, for the benchmarks).
#[cfg(feature = "fuzzing")]
pub(crate) static BODY_ENDED: std::sync::Mutex<Option<std::time::Instant>> = std::sync::Mutex::new(None);

#[cold]
fn too_large(limit: usize) -> Error {
    Error::reply(format!("the reply is larger than the client's limit of {limit} bytes"))
}

impl Service<TransportRequest> for HttpTransport {
    type Response = TransportResponse;
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<TransportResponse>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<()>> {
        // reqwest queues requests in its own pool.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: TransportRequest) -> Self::Future {
        let this = self.clone();
        Box::pin(async move { this.send(request).await })
    }
}

/// `body` gzip-compressed, with the `Content-Encoding` that says so (after the layers, so
/// that they see the envelope as it is).
#[cfg(feature = "compression")]
fn compress(body: Vec<u8>, headers: &mut http::HeaderMap) -> Result<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4 + 64), flate2::Compression::fast());
    encoder.write_all(&body).map_err(|e| Error::input("the request cannot be compressed").with_source(e))?;
    let compressed = encoder.finish().map_err(|e| Error::input("the request cannot be compressed").with_source(e))?;
    headers.insert(http::header::CONTENT_ENCODING, http::HeaderValue::from_static("gzip"));
    Ok(compressed)
}

/// Whether `a` and `b` are written the same. `Uri`'s `==` compares the authority without
/// regard to case, which cost 350 instructions a call; the endpoint's own `Uri`, cloned
/// into every request, matches byte for byte, and any other is parsed as it should be.
fn same_uri(a: &http::Uri, b: &http::Uri) -> bool {
    a.scheme_str() == b.scheme_str()
        && a.authority().map(|a| a.as_str()) == b.authority().map(|b| b.as_str())
        && a.path_and_query().map(|p| p.as_str()) == b.path_and_query().map(|p| p.as_str())
}

/// Reads the body, refusing it as soon as it grows past `limit`, so a huge or endless
/// reply costs at most `limit` bytes of memory. A compressed reply arrives here
/// decompressed, chunk by chunk: the limit counts the decompressed bytes, and a small body
/// that inflates without end is cut off at the limit.
async fn read_limited(response: &mut reqwest::Response, limit: usize) -> Result<Vec<u8>> {
    let too_large = || too_large(limit);
    let expected = response.content_length().unwrap_or(0);
    if expected > limit as u64 {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(expected as usize);
    while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The settings of the reqwest client a [`ClientBuilder`](crate::ClientBuilder) builds.
#[derive(Default)]
pub(crate) struct HttpSettings {
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) root_certificates: Vec<Vec<u8>>,
    pub(crate) identity: Option<Vec<u8>>,
    pub(crate) max_reply_size: usize,
    /// Requests go gzip-compressed (feature `compression`).
    #[cfg(feature = "compression")]
    pub(crate) compress_requests: bool,
    pub(crate) proxy: Proxy,
}

/// Which proxy requests go through.
#[derive(Default)]
pub(crate) enum Proxy {
    /// `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` (either case), as curl reads them.
    #[default]
    FromEnvironment,
    /// None, whatever the environment says.
    Direct,
    /// This one, with these credentials; `NO_PROXY` still exempts hosts.
    Given { url: String, credentials: Option<(String, crate::secrets::Secret<String>)> },
}

impl std::fmt::Debug for Proxy {
    /// Where the proxy is, without its credentials (in the URL or given apart).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Proxy::FromEnvironment => f.write_str("FromEnvironment"),
            Proxy::Direct => f.write_str("Direct"),
            Proxy::Given { url, credentials } => {
                let shown = reqwest::Url::parse(url).map_or_else(
                    |_| "(not a URL)".to_owned(),
                    |u| {
                        format!(
                            "{}://{}:{}",
                            u.scheme(),
                            u.host_str().unwrap_or(""),
                            u.port_or_known_default().unwrap_or(0)
                        )
                    },
                );
                f.debug_struct("Given").field("url", &shown).field("credentials", &credentials.is_some()).finish()
            }
        }
    }
}

/// The client identity holds a private key: `Debug` says only whether there is one.
impl std::fmt::Debug for HttpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpSettings")
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("root_certificates", &self.root_certificates.len())
            .field("identity", &self.identity.is_some())
            .field("max_reply_size", &self.max_reply_size)
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

impl HttpSettings {
    /// The reqwest client; with `one_connection`, one that keeps at most one idle
    /// connection to the endpoint (an NTLM lane).
    pub(crate) fn build(&self, one_connection: bool) -> Result<reqwest::Client> {
        install_crypto_provider();
        let mut builder = reqwest::Client::builder();
        if one_connection {
            builder = builder.pool_max_idle_per_host(1);
        }
        let mut builder = builder
            // A redirected POST would turn into a GET (301/302) or resend the envelope
            // elsewhere; SOAP endpoints do not move, so a 3xx is reported.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("soapkit/", env!("CARGO_PKG_VERSION")));
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        builder = match &self.proxy {
            // reqwest reads the environment unless told otherwise.
            Proxy::FromEnvironment => builder,
            Proxy::Direct => builder.no_proxy(),
            Proxy::Given { url, .. } if url.is_empty() => {
                return Err(Error::builder("proxy credentials were given without a proxy (ClientBuilder::proxy)"));
            }
            Proxy::Given { url, credentials } => {
                // The URL may hold credentials: the parser's error is not kept, it could quote them.
                let mut proxy = reqwest::Proxy::all(url.as_str())
                    .map_err(|_| Error::builder("the proxy is not a URL reqwest can use"))?
                    .no_proxy(reqwest::NoProxy::from_env());
                if let Some((user, password)) = credentials {
                    proxy = proxy.basic_auth(user, password.expose());
                }
                builder.proxy(proxy)
            }
        };
        if let Some(timeout) = self.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        let mut roots = Vec::new();
        for pem in &self.root_certificates {
            let bundle = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| Error::builder("a root certificate is not valid PEM").with_source(e))?;
            if bundle.is_empty() {
                return Err(Error::builder("a root certificate PEM holds no certificate"));
            }
            roots.extend(bundle);
        }
        if !roots.is_empty() {
            builder = builder.tls_certs_merge(roots);
        }
        if let Some(pem) = &self.identity {
            let identity = reqwest::Identity::from_pem(pem)
                .map_err(|e| Error::builder("the client identity is not a PEM key and certificate").with_source(e))?;
            builder = builder.identity(identity);
        }
        builder.build().map_err(|e| Error::builder("the HTTP client cannot be built").with_source(e))
    }
}

/// reqwest is built without a default TLS crypto provider (to keep aws-lc-rs and its C
/// build out); ring is installed as the process default unless the application has
/// installed one already.
///
/// Newer rustls 0.23 releases deprecate ring's provider because it has no post-quantum key
/// exchange. It is still the one that builds without a C toolchain, which is why it was
/// chosen; the warning is allowed here, where the choice is made, so that a build on the
/// newest versions the manifest allows stays clean. An application that wants
/// post-quantum key exchange installs aws-lc-rs's provider first and this one is not used.
#[allow(deprecated)]
fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
