//! The client: endpoint, SOAP version, client-wide headers and the HTTP connection pool.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use tracing::Instrument;

use crate::envelope::reply::{self, Envelope};
use crate::envelope::request::Outgoing;
use crate::error::{Error, Result};
use crate::header::Header;
use crate::operation::Operation;
use crate::reply::ReplyHeaders;
use crate::secrets::Secrets;
use crate::version::SoapVersion;

/// Replies larger than this are refused unless the builder says otherwise.
pub const DEFAULT_MAX_REPLY_SIZE: usize = 32 * 1024 * 1024;

/// A SOAP endpoint to call: cheap to clone (clones share one connection pool), `Send`
/// and `Sync`.
///
/// Build one with [`Client::builder`] and hand it to a generated `{Trait}Client::new`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// A per-client override of the builder's timeout ([`Client::with_timeout`]).
    timeout: Option<Duration>,
}

struct Inner {
    endpoint: reqwest::Url,
    version: SoapVersion,
    headers: Vec<Header>,
    header_xml: String,
    /// Where the secret headers' values are in `header_xml`.
    header_secrets: Vec<std::ops::Range<usize>>,
    http: reqwest::Client,
    max_reply_size: usize,
    check: Option<Box<ReplyCheck>>,
    /// The SOAP 1.1 `Content-Type`, made once: it carries no action.
    soap11_content_type: HeaderValue,
}

/// A check run on every successful reply's headers ([`ClientBuilder::check_reply`]).
type ReplyCheck = dyn Fn(&ReplyHeaders) -> std::result::Result<(), String> + Send + Sync;

impl Client {
    /// Starts configuring a client for `endpoint` (an `http` or `https` URL).
    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            endpoint: endpoint.into(),
            version: SoapVersion::default(),
            headers: Vec::new(),
            timeout: None,
            connect_timeout: None,
            max_reply_size: DEFAULT_MAX_REPLY_SIZE,
            http: None,
            root_certificates: Vec::new(),
            identity: None,
            check: None,
        }
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> &str {
        self.inner.endpoint.as_str()
    }

    /// The SOAP version the client speaks.
    pub fn soap_version(&self) -> SoapVersion {
        self.inner.version
    }

    /// Runs the client's reply check, if it has one, on a successful reply.
    pub(crate) fn check_reply(&self, envelope: Envelope) -> Result<Envelope> {
        let Some(check) = &self.inner.check else { return Ok(envelope) };
        let Envelope { doc, header, wrapper, secrets } = envelope;
        let doc = doc.map(Arc::new);
        let headers = ReplyHeaders::new(doc.clone(), header);
        if let Err(message) = check(&headers) {
            return Err(Error::service(message, headers).redacting(&secrets));
        }
        drop(headers);
        // The document goes back to the reply reader; it is copied only if the check kept a
        // clone of the headers.
        let doc = doc.map(Arc::unwrap_or_clone);
        Ok(Envelope { doc, header, wrapper, secrets })
    }

    /// The header blocks sent with every call.
    pub fn headers(&self) -> &[Header] {
        &self.inner.headers
    }

    pub(crate) fn header_xml(&self) -> &str {
        &self.inner.header_xml
    }

    pub(crate) fn header_secrets(&self) -> &[std::ops::Range<usize>] {
        &self.inner.header_secrets
    }

    /// Posts an encoded envelope for `op` and reads the reply, inside a `soap_call` span
    /// that records the HTTP status, the bytes each way, the duration and the fault code.
    pub(crate) async fn execute(&self, op: &Operation, outgoing: Outgoing) -> Result<Envelope> {
        let span = tracing::debug_span!(
            "soap_call",
            operation = op.name,
            version = %self.inner.version,
            status = tracing::field::Empty,
            bytes_out = outgoing.body.len(),
            bytes_in = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
            fault = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let result = self.post(op, outgoing).instrument(span.clone()).await;
        span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
        if let Err(error) = &result {
            if let Some(fault) = error.fault() {
                span.record("fault", fault.code().local_name());
            }
            tracing::debug!(parent: &span, %error, "call failed");
        }
        result
    }

    async fn post(&self, op: &Operation, outgoing: Outgoing) -> Result<Envelope> {
        let inner = &*self.inner;
        // Envelopes are logged only at TRACE, and only with every secret value replaced.
        let trace = tracing::enabled!(tracing::Level::TRACE);
        if trace {
            tracing::trace!(envelope = %outgoing.redacted(), "request");
        }
        // The secret values, to hide in the reply's log and in any error made from the
        // reply; found only for calls that carry secrets.
        let secrets =
            if outgoing.secrets.is_empty() { Secrets::default() } else { Secrets::from_parts(outgoing.secret_texts()) };
        let request = inner.http.post(inner.endpoint.clone()).body(outgoing.body);
        let request = match inner.version {
            SoapVersion::Soap11 => request
                .header(CONTENT_TYPE, inner.soap11_content_type.clone())
                .header(SOAP_ACTION, quoted_action(op.soap_action)?),
            SoapVersion::Soap12 => request.header(CONTENT_TYPE, content_type(SoapVersion::Soap12, op.soap_action)?),
        };
        let request = match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        };
        let mut response = request.send().await.map_err(Error::transport)?;
        let status = response.status().as_u16();
        let span = tracing::Span::current();
        span.record("status", status);
        let body = read_limited(&mut response, inner.max_reply_size)
            .await
            .map_err(|e| e.with_status(status).redacting(&secrets))?;
        span.record("bytes_in", body.len());
        if trace {
            let text = String::from_utf8_lossy(&body);
            tracing::trace!(status, envelope = %secrets.redact(&text), "reply");
        }
        match reply::read(status, body, inner.version, op) {
            Ok(mut envelope) => {
                envelope.secrets = secrets;
                Ok(envelope)
            }
            Err(error) => Err(error.redacting(&secrets)),
        }
    }

    /// The same client (sharing its connections) with a different timeout for each whole
    /// call, from connecting to the last byte of the reply. This overrides the builder's
    /// [`timeout`](ClientBuilder::timeout) for calls made through the returned client:
    /// `PersonAgentClient::new(client.with_timeout(Duration::from_secs(2)))`.
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Client {
        Client { inner: Arc::clone(&self.inner), timeout: Some(timeout) }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint.as_str())
            .field("version", &self.inner.version)
            .field("headers", &self.inner.headers)
            .finish_non_exhaustive()
    }
}

/// The `SOAPAction` header's name, made once rather than parsed on every call (HTTP
/// header names are case-insensitive; hyper writes them in lowercase).
const SOAP_ACTION: HeaderName = HeaderName::from_static("soapaction");

/// `SOAPAction: "uri"`: SOAP 1.1 section 6.1.1 requires the quotes.
fn quoted_action(action: &str) -> Result<HeaderValue> {
    let mut value = Vec::with_capacity(action.len() + 2);
    value.push(b'"');
    value.extend_from_slice(action.as_bytes());
    value.push(b'"');
    HeaderValue::try_from(value)
        .map_err(|_| Error::input(format!("SOAP action {action:?} cannot be an HTTP header value")))
}

/// `{media type}; charset=utf-8`, and for SOAP 1.2 `; action="uri"` when there is an action
/// (SOAP 1.2 part 2, section 7.1.4); SOAP 1.1 carries its action in `SOAPAction` instead.
fn content_type(version: SoapVersion, action: &str) -> Result<HeaderValue> {
    let media_type = version.media_type();
    let value = if action.is_empty() || version == SoapVersion::Soap11 {
        format!("{media_type}; charset=utf-8")
    } else {
        format!("{media_type}; charset=utf-8; action=\"{action}\"")
    };
    HeaderValue::try_from(value)
        .map_err(|_| Error::input(format!("SOAP action {action:?} cannot be an HTTP header value")))
}

/// Reads the body, refusing it as soon as it grows past `limit`, so a huge or endless
/// reply costs at most `limit` bytes of memory.
async fn read_limited(response: &mut reqwest::Response, limit: usize) -> Result<Vec<u8>> {
    let too_large = || Error::reply(format!("the reply is larger than the client's limit of {limit} bytes"));
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

/// Configures a [`Client`].
#[must_use]
pub struct ClientBuilder {
    endpoint: String,
    version: SoapVersion,
    headers: Vec<Header>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_reply_size: usize,
    http: Option<reqwest::Client>,
    root_certificates: Vec<Vec<u8>>,
    identity: Option<Vec<u8>>,
    check: Option<Box<ReplyCheck>>,
}

/// The client identity holds a private key: `Debug` says only whether there is one.
impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("version", &self.version)
            .field("headers", &self.headers)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_reply_size", &self.max_reply_size)
            .field("root_certificates", &self.root_certificates.len())
            .field("identity", &self.identity.is_some())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Checks every successful reply's headers, turning a failure the service reports
    /// outside a SOAP Fault into an error of kind [`Service`](crate::ErrorKind::Service).
    /// Services88 answers business errors as HTTP 200 with `Succeeded` false and an
    /// `ExceptionInfo` header:
    ///
    /// ```
    /// # use soapkit_runtime::Client;
    /// const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
    /// let client = Client::builder("http://127.0.0.1:8080/Person.svc")
    ///     .check_reply(|headers| match headers.get::<bool>(NS, "Succeeded") {
    ///         Ok(Some(false)) => Err("Succeeded is false; see the ExceptionInfo header".into()),
    ///         _ => Ok(()),
    ///     })
    ///     .build()?;
    /// # Ok::<(), soapkit_runtime::Error>(())
    /// ```
    pub fn check_reply(
        mut self,
        check: impl Fn(&ReplyHeaders) -> std::result::Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        self.check = Some(Box::new(check));
        self
    }

    /// Trusts the CA certificates of this PEM in addition to the platform's roots: for
    /// servers with a private CA or a self-signed certificate.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Presents this client certificate for mutual TLS: one PEM holding the private key
    /// and the certificate chain.
    pub fn identity_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.identity = Some(pem.into());
        self
    }

    /// The SOAP version: [`SoapVersion::Soap11`] unless set. It switches the envelope
    /// namespace, the `Content-Type` and where the action goes.
    pub fn soap_version(mut self, version: SoapVersion) -> Self {
        self.version = version;
        self
    }

    /// Adds a header block sent with every call, after those added before.
    pub fn header(mut self, header: Header) -> Self {
        self.headers.push(header);
        self
    }

    /// The longest a whole call may take, from connecting to the last byte of the reply.
    /// None by default.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest connecting may take. None by default.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The largest reply accepted, in bytes ([`DEFAULT_MAX_REPLY_SIZE`] unless set).
    pub fn max_reply_size(mut self, bytes: usize) -> Self {
        self.max_reply_size = bytes;
        self
    }

    /// Uses this `reqwest` client (for proxies, TLS roots, client certificates) instead of
    /// building one. The timeouts set here are then ignored: set them on `client`.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    ///
    /// Fails with a [`Builder`](crate::ErrorKind::Builder) error when the endpoint is not
    /// an `http`/`https` URL or the HTTP client cannot be set up.
    pub fn build(self) -> Result<Client> {
        let endpoint = reqwest::Url::parse(&self.endpoint)
            .map_err(|e| Error::builder(format!("endpoint {:?} is not a URL: {e}", self.endpoint)))?;
        if !matches!(endpoint.scheme(), "http" | "https") {
            return Err(Error::builder(format!("endpoint {:?} is not an http or https URL", self.endpoint)));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                install_crypto_provider();
                let mut builder = reqwest::Client::builder()
                    // A redirected POST would turn into a GET (301/302) or resend the
                    // envelope elsewhere; SOAP endpoints do not move, so a 3xx is reported.
                    .redirect(reqwest::redirect::Policy::none())
                    .user_agent(concat!("soapkit/", env!("CARGO_PKG_VERSION")));
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
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
                    let identity = reqwest::Identity::from_pem(pem).map_err(|e| {
                        Error::builder("the client identity is not a PEM key and certificate").with_source(e)
                    })?;
                    builder = builder.identity(identity);
                }
                builder.build().map_err(|e| Error::builder("the HTTP client cannot be built").with_source(e))?
            }
        };
        let mut header_xml = String::new();
        let mut header_secrets = Vec::new();
        for header in &self.headers {
            let at = header_xml.len();
            header_xml.push_str(header.xml());
            if header.is_secret() {
                let range = header.content_range();
                header_secrets.push(range.start + at..range.end + at);
            }
        }
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint,
                version: self.version,
                headers: self.headers,
                header_xml,
                header_secrets,
                http,
                max_reply_size: self.max_reply_size,
                check: self.check,
                soap11_content_type: content_type(SoapVersion::Soap11, "")?,
            }),
            timeout: None,
        })
    }
}

/// reqwest is built without a default TLS crypto provider (to keep aws-lc-rs and its C
/// build out); ring is installed as the process default unless the application has
/// installed one already.
fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
