//! Credentials that expire: a token or ticket from the application's async provider, kept
//! and put on every request, and fetched again, once, when the server says it is no longer
//! valid; the call is then sent again with the new one.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::{Around, Layered, copy};
use crate::error::{Error, Result};
use crate::fault::Fault;
use crate::secrets::Secret;
use crate::transport::{Transport, TransportRequest, TransportResponse};

type Fetch = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<String>> + Send>> + Send + Sync>;
type Apply = Arc<dyn Fn(&mut TransportRequest, &str) -> Result<()> + Send + Sync>;
type Expired = Arc<dyn Fn(&TransportResponse) -> bool + Send + Sync>;
type ExpiredFault = Arc<dyn Fn(&Fault) -> bool + Send + Sync>;

/// A credential fetched by `fetch` when first needed, put on each request by `apply`, and
/// fetched again when a reply says it expired: HTTP 401, or a SOAP fault
/// [`expired_on_fault`](Self::expired_on_fault) recognises (an expired SuperOffice ticket).
/// A call that met an expired credential is sent once more with the new one; calls that
/// meet it together fetch it once. The credential is a secret: not in `Debug`, and what
/// `apply` writes is the application's to mark.
///
/// ```
/// use soapkit_runtime::layers::RefreshingCredentials;
///
/// // An OAuth access token (20 minutes at SuperOffice), fetched again when refused.
/// let token = RefreshingCredentials::bearer(|| async { Ok("eyJ...".to_owned()) });
/// let client = soapkit_runtime::Client::builder("https://online.superoffice.com/Cust1/Remote/Services88/Person.svc")
///     .layer(token)
///     .build();
/// ```
#[derive(Clone)]
#[must_use]
pub struct RefreshingCredentials {
    fetch: Fetch,
    apply: Apply,
    expired: Expired,
    expired_fault: Option<ExpiredFault>,
    /// The credential and how many times it was fetched, shared by the clones; the lock is
    /// held while fetching so that one fetch serves every waiting call.
    current: Arc<tokio::sync::Mutex<(u64, Option<Secret<String>>)>>,
}

impl std::fmt::Debug for RefreshingCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshingCredentials").finish_non_exhaustive()
    }
}

impl RefreshingCredentials {
    /// A credential from `fetch`, written into each request by `apply` (an HTTP header, or
    /// a rewrite of the envelope's ticket).
    pub fn new<F, Fut>(
        fetch: F,
        apply: impl Fn(&mut TransportRequest, &str) -> Result<()> + Send + Sync + 'static,
    ) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String>> + Send + 'static,
    {
        RefreshingCredentials {
            fetch: Arc::new(move || Box::pin(fetch())),
            apply: Arc::new(apply),
            expired: Arc::new(|response| response.status() == http::StatusCode::UNAUTHORIZED),
            expired_fault: None,
            current: Arc::new(tokio::sync::Mutex::new((0, None))),
        }
    }

    /// A bearer token from `fetch`, sent as `Authorization: Bearer` (marked sensitive).
    pub fn bearer<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String>> + Send + 'static,
    {
        RefreshingCredentials::new(fetch, |request, token| {
            let mut value = http::HeaderValue::from_str(&format!("Bearer {token}"))
                .map_err(|_| Error::input("the token holds a character an HTTP header cannot carry"))?;
            value.set_sensitive(true);
            request.headers_mut().insert(http::header::AUTHORIZATION, value);
            Ok(())
        })
    }

    /// Also takes a SOAP fault that `expired` recognises as saying the credential is no
    /// longer valid.
    pub fn expired_on_fault(mut self, expired: impl Fn(&Fault) -> bool + Send + Sync + 'static) -> Self {
        self.expired_fault = Some(Arc::new(expired));
        self
    }

    /// Decides by `expired` instead of by HTTP 401 which replies say the credential expired.
    pub fn expired_when(mut self, expired: impl Fn(&TransportResponse) -> bool + Send + Sync + 'static) -> Self {
        self.expired = Arc::new(expired);
        self
    }

    /// The credential and its generation; fetched when there is none, or when the one that
    /// failed (`stale`) is still the current one.
    async fn credential(&self, stale: Option<u64>) -> Result<(u64, Secret<String>)> {
        let mut current = self.current.lock().await;
        if let (generation, Some(credential)) = &*current
            && stale != Some(*generation)
        {
            return Ok((*generation, credential.clone()));
        }
        let fresh = Secret::new((self.fetch)().await?);
        *current = (current.0 + 1, Some(fresh.clone()));
        Ok((current.0, fresh))
    }

    fn has_expired(&self, response: &TransportResponse) -> bool {
        if (self.expired)(response) {
            return true;
        }
        let Some(recognise) = &self.expired_fault else { return false };
        if response.status().is_success() {
            return false;
        }
        let Ok(read) = crate::envelope::reader::read(response.body().clone()) else { return false };
        let Some(first) = read.doc.children(read.body).next() else { return false };
        if read.doc.local_name(first) != "Fault" || read.doc.namespace(first) != read.version.envelope_namespace() {
            return false;
        }
        recognise(&Fault::read(read.doc, first, read.version))
    }
}

impl tower::Layer<Transport> for RefreshingCredentials {
    type Service = Layered<RefreshingCredentials>;

    fn layer(&self, inner: Transport) -> Layered<RefreshingCredentials> {
        Layered::new(self.clone(), inner)
    }
}

impl Around for RefreshingCredentials {
    async fn around(self, inner: Transport, mut request: TransportRequest) -> Result<TransportResponse> {
        let again = copy(&request);
        let (generation, credential) = self.credential(None).await?;
        (self.apply)(&mut request, credential.expose())?;
        let response = inner.send(request).await?;
        if !self.has_expired(&response) {
            return Ok(response);
        }
        tracing::debug!(generation, "the credential expired: fetching a new one");
        let (_, fresh) = self.credential(Some(generation)).await?;
        let mut again = again;
        (self.apply)(&mut again, fresh.expose())?;
        inner.send(again).await
    }
}
