//! Writing a request envelope.
//!
//! The envelope is written into one buffer, sized up front, in a single pass: the prefix
//! and the client's header blocks (already rendered), the body wrapper, each parameter
//! through the serde writer, then the closing tags. Nothing goes on the wire until the
//! whole envelope is written, so a value that cannot be sent is refused before any byte is.

use serde::Serialize;

use crate::version::SoapVersion;
use crate::xml::ser::{self, EncodeError};

pub(crate) struct EnvelopeWriter {
    buf: Vec<u8>,
}

impl EnvelopeWriter {
    /// Starts an envelope and opens the body wrapper `{namespace}wrapper`.
    /// The envelope prefix is `s`, as WCF writes it; servers accept any.
    pub(crate) fn start(version: SoapVersion, headers: &str, wrapper: &str, namespace: &str) -> Self {
        let mut buf = Vec::with_capacity(256 + headers.len() + 2 * wrapper.len() + namespace.len());
        buf.extend_from_slice(b"<s:Envelope xmlns:s=\"");
        buf.extend_from_slice(version.envelope_namespace().as_bytes());
        buf.extend_from_slice(b"\">");
        if !headers.is_empty() {
            buf.extend_from_slice(b"<s:Header>");
            buf.extend_from_slice(headers.as_bytes());
            buf.extend_from_slice(b"</s:Header>");
        }
        buf.extend_from_slice(b"<s:Body><");
        buf.extend_from_slice(wrapper.as_bytes());
        buf.extend_from_slice(b" xmlns=\"");
        buf.extend_from_slice(namespace.as_bytes());
        buf.extend_from_slice(b"\">");
        EnvelopeWriter { buf }
    }

    /// Writes one parameter as a child of the wrapper.
    pub(crate) fn param<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), EncodeError> {
        let mark = self.buf.len();
        ser::write_element(&mut self.buf, name, None, value).inspect_err(|_| self.buf.truncate(mark))
    }

    /// Closes the wrapper and the envelope.
    pub(crate) fn finish(mut self, wrapper: &str) -> Vec<u8> {
        self.buf.extend_from_slice(b"</");
        self.buf.extend_from_slice(wrapper.as_bytes());
        self.buf.extend_from_slice(b"></s:Body></s:Envelope>");
        self.buf
    }
}
