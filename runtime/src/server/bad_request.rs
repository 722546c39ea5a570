//! A request whose parameters do not decode: the server's own error for it, answered with
//! a `Sender` fault that says which parameter and why.

use std::fmt;

use super::incoming::Incomplete;
use crate::envelope::reader::Unreadable;
use crate::xml::error::DecodeError;

/// A parameter or header block of a request that does not decode into its declared type,
/// or (found only while its parameters stream) a request that is no envelope after all.
#[derive(Debug)]
#[doc(hidden)]
pub struct BadRequest(Kind);

#[derive(Debug)]
enum Kind {
    Part {
        /// `parameter` or `header`.
        part: &'static str,
        name: &'static str,
        operation: &'static str,
        cause: DecodeError,
    },
    NotEnvelope(Unreadable),
    /// The body stopped before its end while its parameters were read.
    Incomplete(Incomplete),
}

impl BadRequest {
    pub(crate) fn parameter(name: &'static str, operation: &'static str, cause: DecodeError) -> Self {
        BadRequest(Kind::Part { part: "parameter", name, operation, cause })
    }

    pub(crate) fn header(name: &'static str, operation: &'static str, cause: DecodeError) -> Self {
        BadRequest(Kind::Part { part: "header", name, operation, cause })
    }

    /// The words of the refusal of a request the server could not read before routing it.
    pub(crate) fn not_envelope(why: Unreadable) -> Self {
        BadRequest(Kind::NotEnvelope(why))
    }

    pub(super) fn incomplete(why: Incomplete) -> Self {
        BadRequest(Kind::Incomplete(why))
    }

    /// Why the request's body stopped, which is answered with an HTTP error, not a fault.
    pub(super) fn body_stopped(&self) -> Option<Incomplete> {
        match self.0 {
            Kind::Incomplete(why) => Some(why),
            _ => None,
        }
    }
}

/// `parameter `Id` of GetPerson does not decode`: the words a fault's reason starts with.
impl fmt::Display for BadRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Kind::Part { part, name, operation, .. } => write!(f, "{part} `{name}` of {operation} does not decode"),
            Kind::NotEnvelope(_) => f.write_str("the request is not a SOAP envelope"),
            Kind::Incomplete(why) => why.fmt(f),
        }
    }
}

impl std::error::Error for BadRequest {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0 {
            Kind::Part { cause, .. } => Some(cause),
            Kind::NotEnvelope(why) => Some(why),
            Kind::Incomplete(_) => None,
        }
    }
}
