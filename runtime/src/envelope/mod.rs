//! The SOAP envelope: written around a request's parameters ([`writer`]), read around a
//! reply's body ([`reader`]).

pub(crate) mod reader;
pub(crate) mod writer;
