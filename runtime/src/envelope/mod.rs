//! The SOAP envelope: written around a request body, read around a reply.

pub(crate) mod reply;
pub(crate) mod request;
