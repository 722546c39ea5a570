//! Why a value could not be written or read: the errors of the XML writer and reader,
//! which every serializer and deserializer of `xml/` returns, in one module that imports
//! neither side.

use serde::{de, ser};
use std::fmt;

use super::escape::InvalidChar;

/// Why a value could not be written.
#[derive(Debug)]
pub(crate) enum EncodeError {
    InvalidChar { element: String, source: InvalidChar },
    Unsupported(String),
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The character is the cause (`source()`): an error reporter prints it next.
            EncodeError::InvalidChar { element, .. } => write!(f, "in <{element}>"),
            EncodeError::Unsupported(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for EncodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EncodeError::InvalidChar { source, .. } => Some(source),
            EncodeError::Unsupported(_) => None,
        }
    }
}

impl ser::Error for EncodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        EncodeError::Unsupported(msg.to_string())
    }
}

/// Why a value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError(pub(crate) String);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

impl de::Error for DecodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DecodeError(msg.to_string())
    }
}
