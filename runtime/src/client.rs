//! The client: what every call to one endpoint shares. Its SOAP version and client-wide
//! headers (for the request), its transport (for the bytes), and its reply check.

use std::sync::Arc;
use std::time::Duration;

use crate::binding::Binding;
use crate::check::ReplyCheck;
use crate::error::{BoxError, Error, Result};
use crate::header::Header;
use crate::reply::ReplyHeaders;
use crate::secrets::Marks;
use crate::transport::{HttpSettings, HttpTransport, Transport, TransportRequest, TransportResponse};
use crate::version::SoapVersion;

/// Replies larger than this are refused unless the builder says otherwise.
pub const DEFAULT_MAX_REPLY_SIZE: usize = 32 * 1024 * 1024;

/// The longest a whole call may take unless the builder says otherwise: 100 seconds, as
/// .NET's `HttpClient` (WCF's `sendTimeout` is 60). A server that accepts the connection
/// and never answers fails the call after this, instead of holding it forever.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);

/// The longest connecting (TCP and TLS) may take unless the builder says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

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
    /// The endpoint as the builder normalized it.
    endpoint: Box<str>,
    binding: Binding,
    headers: Vec<Header>,
    header_xml: String,
    /// Where the secret headers' values are in `header_xml`.
    header_secrets: Marks,
    transport: Transport,
    check: ReplyCheck,
    #[cfg(feature = "wsse")]
    security: Option<crate::wsse::WsSecurity>,
    #[cfg(feature = "wsa")]
    addressing: Option<crate::wsa::WsAddressing>,
}

impl Client {
    /// Starts configuring a client for `endpoint` (an `http` or `https` URL).
    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            endpoint: endpoint.into(),
            version: SoapVersion::default(),
            headers: Vec::new(),
            http: None,
            settings: HttpSettings {
                timeout: Some(DEFAULT_TIMEOUT),
                connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
                max_reply_size: DEFAULT_MAX_REPLY_SIZE,
                ..HttpSettings::default()
            },
            transport: None,
            layers: Vec::new(),
            check: ReplyCheck::default(),
            #[cfg(feature = "wsse")]
            security: None,
            #[cfg(feature = "wsa")]
            addressing: None,
            #[cfg(feature = "ntlm")]
            ntlm: None,
        }
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The SOAP version the client speaks.
    pub fn soap_version(&self) -> SoapVersion {
        self.inner.binding.version()
    }

    /// The header blocks sent with every call.
    pub fn headers(&self) -> &[Header] {
        &self.inner.headers
    }

    /// The same client (sharing its connections) with a different timeout for each whole
    /// call, from connecting to the last byte of the reply. This overrides the builder's
    /// [`timeout`](ClientBuilder::timeout) for calls made through the returned client:
    /// `PersonAgentClient::new(client.with_timeout(Duration::from_secs(2)))`. The transport
    /// sees it as the request's [`CallTimeout`](crate::transport::CallTimeout).
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client { inner: Arc::clone(&self.inner), timeout: Some(timeout) }
    }

    pub(crate) fn header_xml(&self) -> &str {
        &self.inner.header_xml
    }

    pub(crate) fn header_secrets(&self) -> &Marks {
        &self.inner.header_secrets
    }

    /// The WS-Addressing each request carries, if any.
    #[cfg(feature = "wsa")]
    pub(crate) fn addressing(&self) -> Option<&crate::wsa::WsAddressing> {
        self.inner.addressing.as_ref()
    }

    /// The WS-Security header block each request carries, if any.
    #[cfg(feature = "wsse")]
    pub(crate) fn security(&self) -> Option<&crate::wsse::WsSecurity> {
        self.inner.security.as_ref()
    }

    pub(crate) fn binding(&self) -> &Binding {
        &self.inner.binding
    }

    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    pub(crate) fn reply_check(&self) -> &ReplyCheck {
        &self.inner.check
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("version", &self.inner.binding.version())
            .field("headers", &self.inner.headers)
            .finish_non_exhaustive()
    }
}

/// A tower layer as the builder keeps it, until the transport it wraps is built.
type LayerFn = Box<dyn FnOnce(Transport) -> Transport + Send + Sync>;

/// Configures a [`Client`].
#[must_use]
pub struct ClientBuilder {
    endpoint: String,
    version: SoapVersion,
    headers: Vec<Header>,
    http: Option<reqwest::Client>,
    settings: HttpSettings,
    transport: Option<Transport>,
    layers: Vec<LayerFn>,
    check: ReplyCheck,
    #[cfg(feature = "wsse")]
    security: Option<crate::wsse::WsSecurity>,
    #[cfg(feature = "wsa")]
    addressing: Option<crate::wsa::WsAddressing>,
    #[cfg(feature = "ntlm")]
    ntlm: Option<crate::ntlm::NtlmCredentials>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("version", &self.version)
            .field("headers", &self.headers)
            .field("http", &self.settings)
            .field("transport", &self.transport)
            .field("layers", &self.layers.len())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Checks every successful reply's headers, turning a failure the service reports
    /// outside a SOAP Fault into an error of kind [`Service`](crate::ErrorKind::Service),
    /// whose `source()` is the check's own error. Services88 answers business errors as
    /// HTTP 200 with `Succeeded` false and an `ExceptionInfo` header:
    ///
    /// ```
    /// # use soapkit_runtime::Client;
    /// const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
    ///
    /// #[derive(Debug)]
    /// struct NotSucceeded;
    ///
    /// impl std::fmt::Display for NotSucceeded {
    ///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    ///         f.write_str("Succeeded is false; see the ExceptionInfo header")
    ///     }
    /// }
    ///
    /// impl std::error::Error for NotSucceeded {}
    ///
    /// let client = Client::builder("http://127.0.0.1:8080/Person.svc")
    ///     .check_reply(|headers| match headers.get::<bool>(NS, "Succeeded") {
    ///         Ok(Some(false)) => Err(NotSucceeded),
    ///         _ => Ok(()),
    ///     })
    ///     .build()?;
    /// # Ok::<(), soapkit_runtime::Error>(())
    /// ```
    pub fn check_reply<E: Into<BoxError>>(
        mut self,
        check: impl Fn(&ReplyHeaders) -> std::result::Result<(), E> + Send + Sync + 'static,
    ) -> Self {
        self.check = ReplyCheck::new(check);
        self
    }

    /// Trusts the CA certificates of this PEM in addition to the platform's roots: for
    /// servers with a private CA or a self-signed certificate.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.settings.root_certificates.push(pem.into());
        self
    }

    /// Presents this client certificate for mutual TLS: one PEM holding the private key
    /// and the certificate chain.
    pub fn identity_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.settings.identity = Some(pem.into());
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

    /// A WS-Security header block on every request: a UsernameToken with a fresh nonce,
    /// a Timestamp, or both (feature `wsse`). A username or password XML cannot carry is
    /// refused by [`build`](Self::build).
    #[cfg(feature = "wsse")]
    pub fn ws_security(mut self, security: crate::wsse::WsSecurity) -> Self {
        self.security = Some(security);
        self
    }

    /// WS-Addressing headers on every request (feature `wsa`): `Action`, `To`, a fresh
    /// `MessageID` and an anonymous `ReplyTo`; a reply whose `RelatesTo` does not answer
    /// the `MessageID` is an error of kind [`Reply`](crate::ErrorKind::Reply).
    #[cfg(feature = "wsa")]
    pub fn ws_addressing(mut self, addressing: crate::wsa::WsAddressing) -> Self {
        self.addressing = Some(addressing);
        self
    }

    /// The longest a whole call may take, from connecting to the last byte of the reply
    /// ([`DEFAULT_TIMEOUT`] unless set).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = Some(timeout);
        self
    }

    /// No limit on how long a call may take: it waits for the server as long as the
    /// connection lives. Only when asked for; [`Client::with_timeout`] still sets one.
    pub fn no_timeout(mut self) -> Self {
        self.settings.timeout = None;
        self
    }

    /// The longest connecting may take ([`DEFAULT_CONNECT_TIMEOUT`] unless set).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = Some(timeout);
        self
    }

    /// No limit on how long connecting may take, beyond the call's own timeout.
    pub fn no_connect_timeout(mut self) -> Self {
        self.settings.connect_timeout = None;
        self
    }

    /// The largest reply accepted, in bytes ([`DEFAULT_MAX_REPLY_SIZE`] unless set).
    pub fn max_reply_size(mut self, bytes: usize) -> Self {
        self.settings.max_reply_size = bytes;
        self
    }

    /// Sends every request gzip-compressed, with `Content-Encoding: gzip` (feature
    /// `compression`), for servers that accept it (IIS with dynamic compression of
    /// requests, Apache with `mod_deflate`'s input filter, soapkit's server). Replies are
    /// decompressed with the feature whether or not this is set: gzip, deflate, brotli and
    /// zstd are offered in `Accept-Encoding`, and the reply size limit counts the
    /// decompressed bytes.
    #[cfg(feature = "compression")]
    pub fn compress_requests(mut self, compress: bool) -> Self {
        self.settings.compress_requests = compress;
        self
    }

    /// Sends every request through the HTTP proxy at `url` (`http://proxy:3128`): plain
    /// HTTP requests to it, HTTPS ones tunnelled with `CONNECT`. Credentials may be in the
    /// URL or given with [`proxy_credentials`](Self::proxy_credentials); hosts in
    /// `NO_PROXY` still go direct. Without this, the proxies of the environment are used
    /// (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, either case), unless
    /// [`no_proxy`](Self::no_proxy) says otherwise.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        let credentials = match &mut self.settings.proxy {
            crate::transport::Proxy::Given { credentials, .. } => credentials.take(),
            _ => None,
        };
        self.settings.proxy = crate::transport::Proxy::Given { url: url.into(), credentials };
        self
    }

    /// The proxy's user and password (Basic, in `Proxy-Authorization`), for
    /// [`proxy`](Self::proxy). The password is a secret: never in `Debug` or errors.
    pub fn proxy_credentials(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        let given = Some((user.into(), crate::Secret::new(password.into())));
        match &mut self.settings.proxy {
            crate::transport::Proxy::Given { credentials, .. } => *credentials = given,
            other => *other = crate::transport::Proxy::Given { url: String::new(), credentials: given },
        }
        self
    }

    /// Authenticates with NTLM (feature `ntlm`), on connections that each do the handshake
    /// once and then carry calls without it, as IIS expects (Dynamics NAV/AX, SharePoint,
    /// Exchange, an on-site NetServer behind Windows authentication). The client builds its
    /// own HTTP clients for it, with this builder's TLS, proxy and timeout settings.
    #[cfg(feature = "ntlm")]
    pub fn ntlm(mut self, credentials: crate::ntlm::NtlmCredentials) -> Self {
        self.ntlm = Some(credentials);
        self
    }

    /// No proxy, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.settings.proxy = crate::transport::Proxy::Direct;
        self
    }

    /// Uses this `reqwest` client (for proxies, TLS roots, client certificates) instead of
    /// building one. The timeouts set here are then ignored: set them on `client`.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends requests through `transport` instead of HTTP with reqwest: a test double, a
    /// recording, another HTTP stack. It receives each request as the SOAP HTTP binding
    /// makes it ([`TransportRequest`]); the reply size limit, the TLS settings and the
    /// timeouts are then its own to enforce.
    pub fn transport<S>(mut self, transport: S) -> Self
    where
        S: tower::Service<TransportRequest, Response = TransportResponse> + Clone + Send + Sync + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
    {
        self.transport = Some(Transport::new(transport));
        self
    }

    /// Wraps the transport in a tower middleware (retries, rate limits, logging, signing),
    /// the first one added innermost, next to the transport.
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: tower::Layer<Transport> + Send + Sync + 'static,
        L::Service: tower::Service<TransportRequest, Response = TransportResponse> + Clone + Send + Sync + 'static,
        <L::Service as tower::Service<TransportRequest>>::Error: Into<BoxError>,
        <L::Service as tower::Service<TransportRequest>>::Future: Send + 'static,
    {
        self.layers.push(Box::new(move |inner| Transport::new(layer.layer(inner))));
        self
    }

    /// The client's own transport to `endpoint`: reqwest (the client given, or one built
    /// from the settings), or with NTLM its lanes of one connection each.
    fn own_transport(&mut self, endpoint: (http::Uri, reqwest::Url)) -> Result<Transport> {
        #[cfg(feature = "ntlm")]
        if let Some(credentials) = self.ntlm.take() {
            if self.http.is_some() {
                return Err(Error::builder("NTLM builds its own HTTP clients: give no http_client with ntlm"));
            }
            return crate::ntlm::transport(credentials, &self.settings, endpoint);
        }
        let http = match self.http.take() {
            Some(http) => http,
            None => self.settings.build(false)?,
        };
        Ok(Transport::http(HttpTransport::new(http, endpoint, &self.settings)))
    }

    /// Builds the client.
    ///
    /// Fails with a [`Builder`](crate::ErrorKind::Builder) error when the endpoint is not
    /// an `http`/`https` URL or the HTTP client cannot be set up.
    pub fn build(mut self) -> Result<Client> {
        #[cfg(feature = "wsse")]
        if let Some(security) = &self.security {
            security.check().map_err(|e| Error::builder("the WS-Security username or password").with_source(e))?;
        }
        let url = reqwest::Url::parse(&self.endpoint)
            .map_err(|e| Error::builder(format!("endpoint {:?} is not a URL", self.endpoint)).with_source(e))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::builder(format!("endpoint {:?} is not an http or https URL", self.endpoint)));
        }
        let uri = http::Uri::try_from(url.as_str())
            .map_err(|e| Error::builder(format!("endpoint {:?} is not a URI", self.endpoint)).with_source(e))?;
        let endpoint = url.as_str().into();
        let mut transport = match self.transport.take() {
            Some(transport) => transport,
            None => self.own_transport((uri.clone(), url))?,
        };
        for layer in self.layers {
            transport = layer(transport);
        }
        let mut header_xml = String::new();
        let mut header_secrets = Marks::default();
        for header in &self.headers {
            let at = header_xml.len();
            header_xml.push_str(header.xml());
            header_secrets.extend_at(&header.secrets(), at);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint,
                binding: Binding::new(self.version, uri)?,
                headers: self.headers,
                header_xml,
                header_secrets,
                transport,
                check: self.check,
                #[cfg(feature = "wsse")]
                security: self.security,
                #[cfg(feature = "wsa")]
                addressing: self.addressing,
            }),
            timeout: None,
        })
    }
}
