//! Errors and warnings, each with the place in a WSDL or schema it is about.

use std::fmt;
use std::sync::Arc;

/// A place in an input file: its path or URL as the generator read it, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file's path or URL.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// The cause of an [`Error`]: an I/O, HTTP, UTF-8 or XML parser error.
type Cause = Arc<dyn std::error::Error + Send + Sync>;

/// Why generation failed: the input could not be read, is not a WSDL or schema the generator
/// understands, or asks for something soapkit cannot do (rpc/encoded). The error that
/// caused it, if any, is its [`source`](std::error::Error::source).
#[derive(Debug, Clone)]
pub struct Error {
    location: Option<Location>,
    message: String,
    source: Option<Cause>,
}

impl Error {
    pub(crate) fn new(location: Option<Location>, message: impl Into<String>) -> Self {
        Error { location, message: message.into(), source: None }
    }

    pub(crate) fn with_source(mut self, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        self.source = Some(Arc::from(source.into()));
        self
    }

    pub(crate) fn at(location: &Location, message: impl Into<String>) -> Self {
        Error::new(Some(location.clone()), message)
    }

    /// Where in the input the problem is, when it is in one place.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// What is wrong, without the location or the cause.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

/// Something the generator mapped to a fallback (raw XML, text) or left out, with where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// Where in the input.
    pub location: Location,
    /// What was done instead, and why.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.location, self.message)
    }
}
