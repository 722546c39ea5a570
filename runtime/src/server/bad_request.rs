//! A request whose parameters do not decode: the server's own error for it, answered with
//! a `Sender` fault that says which parameter and why.

use std::fmt;

use crate::xml::error::DecodeError;

/// A parameter or header block of a request that does not decode into its declared type.
#[derive(Debug)]
#[doc(hidden)]
pub struct BadRequest {
    /// `parameter` or `header`.
    part: &'static str,
    name: &'static str,
    operation: &'static str,
    cause: DecodeError,
}

impl BadRequest {
    pub(crate) fn parameter(name: &'static str, operation: &'static str, cause: DecodeError) -> Self {
        BadRequest { part: "parameter", name, operation, cause }
    }

    pub(crate) fn header(name: &'static str, operation: &'static str, cause: DecodeError) -> Self {
        BadRequest { part: "header", name, operation, cause }
    }
}

/// `parameter `Id` of GetPerson does not decode`: the words a fault's reason starts with.
impl fmt::Display for BadRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}` of {} does not decode", self.part, self.name, self.operation)
    }
}

impl std::error::Error for BadRequest {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.cause)
    }
}
