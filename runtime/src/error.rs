//! The one error type of soapkit.

use std::fmt;

use crate::fault::Fault;
use crate::secrets::Secrets;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What went wrong in a SOAP call, or while setting one up.
///
/// The message says what happened in one line; what caused it (a value that does not
/// decode, the connection's failure, the reply check's own error) is its
/// [`source()`](std::error::Error::source), not repeated in the message, so error
/// reporters that walk the chain print each once. [`kind`](Error::kind) and the `is_*`
/// predicates let code react without matching on text. The server's fault, HTTP status
/// and a short excerpt of a bad reply are kept for inspection.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    excerpt: Option<String>,
    fault: Option<Fault>,
    headers: Option<crate::reply::ReplyHeaders>,
    source: Option<BoxError>,
    /// The call's secret values, hidden in `Display` and `Debug` (the server may have
    /// echoed them into a fault or a page).
    redact: Secrets,
}

/// The kind of an [`Error`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A caller's value cannot be sent: a character XML 1.0 cannot carry, a name that is not
    /// an XML name, a value serde cannot write as XML. Nothing was sent.
    Input,
    /// The client was configured wrongly (endpoint URL, TLS settings). Nothing was sent.
    Builder,
    /// The request or the reply failed on the way: connection refused or reset, TLS, a
    /// reply cut off. Whether the server acted on the request is unknown.
    Transport,
    /// A connect, request or read timeout elapsed.
    Timeout,
    /// The server answered with an HTTP error status and no SOAP fault.
    Status,
    /// The reply is not the SOAP message the operation expects: not XML, not an envelope,
    /// the other SOAP version, the wrong body element, a value that does not decode, or
    /// larger than the client's limit.
    Reply,
    /// The server answered with a SOAP Fault; see [`Error::fault`].
    Fault,
    /// The reply was a success on the wire, but the client's reply check
    /// ([`ClientBuilder::check_reply`](crate::ClientBuilder::check_reply)) found a failure
    /// the service reports another way (Services88: `Succeeded` false with an
    /// `ExceptionInfo` header); see [`Error::reply_headers`].
    Service,
}

impl Error {
    fn new(kind: ErrorKind, message: String) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                message,
                status: None,
                excerpt: None,
                fault: None,
                headers: None,
                source: None,
                redact: Secrets::default(),
            }),
        }
    }

    #[cold]
    pub(crate) fn input(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Input, message.into())
    }

    #[cold]
    pub(crate) fn builder(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Builder, message.into())
    }

    #[cold]
    pub(crate) fn reply(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Reply, message.into())
    }

    #[cold]
    pub(crate) fn http_status(status: u16) -> Self {
        let mut error = Error::new(ErrorKind::Status, String::new());
        error.inner.status = Some(status);
        error
    }

    #[cold]
    pub(crate) fn service(headers: crate::reply::ReplyHeaders) -> Self {
        let mut error = Error::new(ErrorKind::Service, String::new());
        error.inner.headers = Some(headers);
        error
    }

    #[cold]
    pub(crate) fn from_fault(fault: Fault) -> Self {
        let mut error = Error::new(ErrorKind::Fault, String::new());
        error.inner.fault = Some(fault);
        error
    }

    #[cold]
    pub(crate) fn transport(source: reqwest::Error) -> Self {
        let kind = if source.is_timeout() { ErrorKind::Timeout } else { ErrorKind::Transport };
        let mut error = Error::new(kind, String::new());
        error.inner.status = source.status().map(|s| s.as_u16());
        error.inner.source = Some(Box::new(source.without_url()));
        error
    }

    /// A transport's error: a soapkit error passes through, tower's timeout is a timeout,
    /// anything else is a transport error caused by it.
    #[cold]
    pub(crate) fn from_transport(source: BoxError) -> Self {
        let source = match source.downcast::<Error>() {
            Ok(error) => return *error,
            Err(source) => source,
        };
        let kind =
            if source.is::<tower::timeout::error::Elapsed>() { ErrorKind::Timeout } else { ErrorKind::Transport };
        Error::new(kind, String::new()).with_source(source)
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// Keeps the first 200 characters of a reply, so the error shows what came back
    /// without holding (or printing) a whole page.
    pub(crate) fn with_excerpt(mut self, body: &str) -> Self {
        const MAX: usize = 200;
        let trimmed = body.trim();
        let mut excerpt: String = trimmed.chars().take(MAX).collect();
        if excerpt.len() < trimmed.len() {
            excerpt.push('…');
        }
        self.inner.excerpt = Some(excerpt);
        self
    }

    /// Hides `secrets` wherever this error shows text, its causes included.
    pub(crate) fn redacting(mut self, secrets: &Secrets) -> Self {
        if !secrets.is_empty() {
            self.inner.redact = secrets.clone();
            self.inner.source = self.inner.source.take().map(|source| Redacted::chain(source, secrets));
        }
        self
    }

    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        let source = source.into();
        self.inner.source =
            Some(if self.inner.redact.is_empty() { source } else { Redacted::chain(source, &self.inner.redact) });
        self
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The SOAP Fault the server sent, if that is what this error is.
    pub fn fault(&self) -> Option<&Fault> {
        self.inner.fault.as_ref()
    }

    pub(crate) fn fault_mut(&mut self) -> Option<&mut Fault> {
        self.inner.fault.as_mut()
    }

    /// The reply's header blocks, for an error of kind [`Service`](ErrorKind::Service).
    pub fn reply_headers(&self) -> Option<&crate::reply::ReplyHeaders> {
        self.inner.headers.as_ref()
    }

    /// The HTTP status of the reply, when one came.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The start of the reply body, for replies that were not the expected SOAP message.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.inner.excerpt.as_deref()
    }

    /// Whether the server answered with a SOAP Fault.
    pub fn is_fault(&self) -> bool {
        self.inner.kind == ErrorKind::Fault
    }

    /// Whether a timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// Whether the connection failed (including timeouts).
    pub fn is_transport(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Transport | ErrorKind::Timeout)
    }

    /// Whether the server answered with an HTTP error status and no fault.
    pub fn is_status(&self) -> bool {
        self.inner.kind == ErrorKind::Status
    }

    /// Whether the reply was not the SOAP message the operation expects.
    pub fn is_reply(&self) -> bool {
        self.inner.kind == ErrorKind::Reply
    }

    /// Whether a caller's value could not be sent (nothing was sent).
    pub fn is_input(&self) -> bool {
        self.inner.kind == ErrorKind::Input
    }

    /// Whether the client's reply check found a failure in a successful reply.
    pub fn is_service(&self) -> bool {
        self.inner.kind == ErrorKind::Service
    }

    /// Whether the client was misconfigured.
    pub fn is_builder(&self) -> bool {
        self.inner.kind == ErrorKind::Builder
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.inner.redact.is_empty() {
            return self.describe(f);
        }
        let mut text = String::new();
        self.describe(&mut text)?;
        f.write_str(&self.inner.redact.redact(&text))
    }
}

impl Error {
    /// The one-line message `Display` shows, before secrets are hidden.
    fn describe(&self, f: &mut dyn fmt::Write) -> fmt::Result {
        let inner = &self.inner;
        match inner.kind {
            ErrorKind::Input => write!(f, "invalid input: {}", inner.message)?,
            ErrorKind::Builder => write!(f, "invalid client configuration: {}", inner.message)?,
            ErrorKind::Transport => f.write_str("transport error")?,
            ErrorKind::Timeout => f.write_str("timed out")?,
            ErrorKind::Status => write!(f, "HTTP status {} without a SOAP fault", inner.status.unwrap_or(0))?,
            ErrorKind::Reply => {
                f.write_str("unexpected reply")?;
                if let Some(status) = inner.status {
                    write!(f, " (HTTP {status})")?;
                }
                write!(f, ": {}", inner.message)?;
            }
            ErrorKind::Service => f.write_str("the service reported a failure")?,
            ErrorKind::Fault => match &inner.fault {
                Some(fault) => write!(f, "{fault}")?,
                None => f.write_str("soap fault")?,
            },
        }
        if let Some(excerpt) = &inner.excerpt {
            write!(f, "; body: {excerpt:?}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.inner.redact.is_empty() {
            return self.debug_fields(f);
        }
        let text = if f.alternate() { format!("{:#?}", Fields(self)) } else { format!("{:?}", Fields(self)) };
        f.write_str(&self.inner.redact.redact(&text))
    }
}

/// The error's fields, for `Debug` before secrets are hidden.
struct Fields<'e>(&'e Error);

impl fmt::Debug for Fields<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.debug_fields(f)
    }
}

impl Error {
    fn debug_fields(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("soapkit::Error");
        d.field("kind", &self.inner.kind);
        if !self.inner.message.is_empty() {
            d.field("message", &self.inner.message);
        }
        if let Some(status) = self.inner.status {
            d.field("status", &status);
        }
        if let Some(fault) = &self.inner.fault {
            d.field("fault", fault);
        }
        if let Some(excerpt) = &self.inner.excerpt {
            d.field("excerpt", excerpt);
        }
        if let Some(source) = &self.inner.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.source.as_ref().map(|s| &**s as _)
    }
}

/// `error` and its causes in one line, as an error reporter prints them: the server's
/// logs and fault reasons.
#[cfg(feature = "server")]
pub(crate) fn report(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(link) = cause {
        text.push_str(": ");
        text.push_str(&link.to_string());
        cause = link.source();
    }
    text
}

/// A cause whose text held a secret, kept as its redacted `Display` and `Debug`: the cause
/// chain is part of what an error shows, and a reporter prints each link.
struct Redacted {
    display: String,
    debug: String,
    source: Option<Box<Redacted>>,
}

impl Redacted {
    /// `source` as it is, unless a link of its chain shows a secret: then the whole chain,
    /// redacted (its types are lost, which only a call with secrets pays).
    fn chain(source: BoxError, secrets: &Secrets) -> BoxError {
        let mut link: Option<&(dyn std::error::Error + 'static)> = Some(&*source);
        let mut links = Vec::new();
        let mut shows_secret = false;
        while let Some(error) = link {
            let (display, debug) = (error.to_string(), format!("{error:?}"));
            let (redacted_display, redacted_debug) = (secrets.redact(&display), secrets.redact(&debug));
            shows_secret |= redacted_display != display || redacted_debug != debug;
            links.push((redacted_display.into_owned(), redacted_debug.into_owned()));
            link = error.source();
        }
        if !shows_secret {
            return source;
        }
        let mut chain = None;
        for (display, debug) in links.into_iter().rev() {
            chain = Some(Box::new(Redacted { display, debug, source: chain }));
        }
        chain.expect("a chain has at least its first link")
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.debug)
    }
}

impl std::error::Error for Redacted {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|s| s as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_send_sync_and_small() {
        fn assert<T: Send + Sync + 'static>() {}
        assert::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn displays_one_line() {
        let e = Error::reply("no Body in the envelope").with_status(200).with_excerpt("<x>\n</x>");
        assert_eq!(e.to_string(), "unexpected reply (HTTP 200): no Body in the envelope; body: \"<x>\\n</x>\"");
        assert!(e.is_reply() && !e.is_fault());
        assert_eq!(Error::http_status(502).with_excerpt(&"x".repeat(500)).body_excerpt().unwrap().chars().count(), 201);
    }
}
