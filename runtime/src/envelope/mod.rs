//! The SOAP envelope: written around a message's body ([`writer`]), read from bytes by
//! either side ([`reader`]), and read by the client as the reply to an operation
//! ([`reply`]), for a successful reply as it streams in ([`streamed`]); the start of an
//! envelope read as it streams, by either side ([`opening`]).

pub(crate) mod opening;
pub(crate) mod reader;
pub(crate) mod reply;
pub(crate) mod streamed;
pub(crate) mod writer;
