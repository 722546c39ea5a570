//! The client's reply check ([`ClientBuilder::check_reply`](crate::ClientBuilder::check_reply)):
//! a failure the service reports in a successful reply's headers rather than as a Fault.

use std::sync::Arc;

use crate::envelope::reply::Envelope;
use crate::error::{BoxError, Error, Result};
use crate::reply::ReplyHeaders;

/// The check a client runs on every successful reply, if it has one.
#[derive(Clone, Default)]
pub(crate) struct ReplyCheck(Option<Arc<CheckFn>>);

type CheckFn = dyn Fn(&ReplyHeaders) -> std::result::Result<(), BoxError> + Send + Sync;

impl ReplyCheck {
    pub(crate) fn new<E: Into<BoxError>>(
        check: impl Fn(&ReplyHeaders) -> std::result::Result<(), E> + Send + Sync + 'static,
    ) -> Self {
        ReplyCheck(Some(Arc::new(move |headers| check(headers).map_err(Into::into))))
    }

    /// Passes `envelope` on, or the check's failure as an error of kind
    /// [`Service`](crate::ErrorKind::Service) with the reply's headers and, as its
    /// `source()`, the check's own error.
    pub(crate) fn apply(&self, envelope: Envelope) -> Result<Envelope> {
        if self.0.is_none() {
            return Ok(envelope);
        }
        let Envelope { doc, header, body, wrapper, secrets, log, pending } = envelope;
        let doc = doc.map(Arc::new);
        self.check(ReplyHeaders::new(doc.clone(), header))?;
        // The document goes back to the reply reader; it is copied only if the check kept a
        // clone of the headers.
        let doc = doc.map(Arc::unwrap_or_clone);
        Ok(Envelope { doc, header, body, wrapper, secrets, log, pending })
    }

    /// Whether there is a check to run.
    pub(crate) fn is_set(&self) -> bool {
        self.0.is_some()
    }

    /// Runs the check on a reply's `headers`.
    pub(crate) fn check(&self, headers: ReplyHeaders) -> Result<()> {
        let Some(check) = &self.0 else { return Ok(()) };
        match check(&headers) {
            Ok(()) => Ok(()),
            Err(failure) => Err(Error::service(headers).with_source(failure)),
        }
    }
}
