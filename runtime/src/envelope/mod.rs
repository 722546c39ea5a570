//! The SOAP envelope: written around a message's body ([`writer`]), read from bytes by
//! either side ([`reader`]), and read by the client as the reply to an operation
//! ([`reply`]), for a successful reply as it streams in ([`streamed`]).

pub(crate) mod reader;
pub(crate) mod reply;
pub(crate) mod streamed;
pub(crate) mod writer;
