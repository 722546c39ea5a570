//! Writing a request envelope.
//!
//! The envelope is written into one buffer, sized up front, in a single pass: the prefix
//! and the client's header blocks (already rendered), per-call header blocks, the body
//! wrapper, each parameter through the serde writer, then the closing tags. Nothing goes
//! on the wire until the whole envelope is written, so a value that cannot be sent is
//! refused before any byte is.

use serde::Serialize;

use crate::secrets::Marks;
use crate::version::SoapVersion;
use crate::xml::error::EncodeError;
use crate::xml::ser;

/// Where the writer is in the envelope.
#[derive(PartialEq, Eq)]
enum Part {
    /// After the envelope's start tag; no `Header` written yet.
    Start,
    /// Inside an open `Header`.
    Header,
    /// Inside the body wrapper.
    Body,
}

pub(crate) struct EnvelopeWriter {
    buf: Vec<u8>,
    part: Part,
    secrets: Marks,
    /// Where the signature goes, in the Security header, when the envelope is signed: the
    /// Body then carries the id the signature refers to it by.
    #[cfg(feature = "wsse")]
    signature_at: Option<usize>,
}

/// An encoded request: the bytes to send, and where the secret values are in them.
pub(crate) struct Outgoing {
    pub(crate) body: Vec<u8>,
    pub(crate) secrets: Marks,
    /// The WS-Addressing `MessageID` the reply must relate to.
    #[cfg(feature = "wsa")]
    pub(crate) message_id: Option<String>,
    /// Where the signature goes, when the envelope is to be signed.
    #[cfg(feature = "wsse")]
    signature_at: Option<usize>,
}

impl Outgoing {
    /// The envelope for logs: every secret value replaced by `***`.
    pub(crate) fn redacted(&self) -> String {
        self.secrets.redact(&self.body)
    }

    /// Signs the envelope as `security` says, when it was written to be signed: the header
    /// blocks it names get ids, the Signature goes at the end of its Security header, and
    /// the marks of the secret values after each insertion move along.
    #[cfg(feature = "wsse")]
    pub(crate) fn sign(
        &mut self,
        signer: &crate::wsse::Signer,
        headers: &[(String, String)],
    ) -> crate::error::Result<()> {
        let Some(mut at) = self.signature_at.take() else { return Ok(()) };
        if !headers.is_empty() {
            // From the last to the first, so that each position still holds.
            for (position, text) in crate::wsse::sign::header_ids(&self.body, headers)?.into_iter().rev() {
                self.body.splice(position..position, text.bytes());
                self.secrets.insert(position, text.len());
                if position < at {
                    at += text.len();
                }
            }
        }
        let signature = crate::wsse::sign::signature(signer, &self.body, headers)?;
        self.body.splice(at..at, signature.bytes());
        self.secrets.insert(at, signature.len());
        Ok(())
    }
}

impl EnvelopeWriter {
    /// Starts an envelope with the client's rendered header blocks. The envelope prefix is
    /// `s`, as WCF writes it; servers accept any.
    pub(crate) fn start(version: SoapVersion, headers: &str, header_secrets: &Marks, size_hint: usize) -> Self {
        let mut buf = Vec::with_capacity(192 + headers.len() + size_hint);
        buf.extend_from_slice(b"<s:Envelope xmlns:s=\"");
        buf.extend_from_slice(version.envelope_namespace().as_bytes());
        buf.extend_from_slice(b"\">");
        let mut writer = EnvelopeWriter {
            buf,
            part: Part::Start,
            secrets: Marks::default(),
            #[cfg(feature = "wsse")]
            signature_at: None,
        };
        // The `Secret` values of everything written from here to `finish` are marked.
        crate::secrets::begin_marking();
        if !headers.is_empty() {
            writer.open_header();
            let at = writer.buf.len();
            writer.buf.extend_from_slice(headers.as_bytes());
            writer.secrets.extend_at(header_secrets, at);
        }
        writer
    }

    fn open_header(&mut self) {
        if self.part == Part::Start {
            self.buf.extend_from_slice(b"<s:Header>");
            self.part = Part::Header;
        }
    }

    /// Adds a header block `{namespace}name` holding `value`; only before the body.
    pub(crate) fn header<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        namespace: &str,
        value: &T,
    ) -> Result<(), EncodeError> {
        debug_assert!(self.part != Part::Body, "headers come before the body");
        let mark = self.buf.len();
        let part_before = self.part == Part::Start;
        self.open_header();
        ser::write_element(&mut self.buf, name, Some(namespace), value).inspect_err(|_| {
            self.buf.truncate(mark);
            if part_before {
                self.part = Part::Start;
            }
        })
    }

    /// Adds header blocks written already (WS-Security's, WS-Addressing's), with where
    /// their secret values are; returns where they start.
    #[cfg(any(feature = "wsse", feature = "wsa"))]
    pub(crate) fn raw_header(&mut self, xml: &str, secrets: &Marks) -> usize {
        debug_assert!(self.part != Part::Body, "headers come before the body");
        self.open_header();
        let at = self.buf.len();
        self.buf.extend_from_slice(xml.as_bytes());
        self.secrets.extend_at(secrets, at);
        at
    }

    /// Adds the WS-Security header block `xml`; with `signature_at` (where in `xml` the
    /// Signature goes), the envelope is written to be signed ([`Outgoing::sign`]).
    #[cfg(feature = "wsse")]
    pub(crate) fn security_header(&mut self, xml: &str, secrets: &Marks, signature_at: Option<usize>) {
        let at = self.raw_header(xml, secrets);
        self.signature_at = signature_at.map(|offset| at + offset);
    }

    /// Closes the header (if any) and opens the body, with the wrapper `{namespace}name`
    /// unless the operation is bare.
    pub(crate) fn begin_body(&mut self, wrapper: Option<(&str, &str)>) {
        if self.part == Part::Header {
            self.buf.extend_from_slice(b"</s:Header>");
        }
        #[cfg(feature = "wsse")]
        if self.signature_at.is_some() {
            self.buf.extend_from_slice(b"<s:Body xmlns:wsu=\"");
            self.buf.extend_from_slice(crate::wsse::WSU.as_bytes());
            self.buf.extend_from_slice(b"\" wsu:Id=\"");
            self.buf.extend_from_slice(crate::wsse::sign::BODY_ID.as_bytes());
            self.buf.extend_from_slice(b"\">");
        } else {
            self.buf.extend_from_slice(b"<s:Body>");
        }
        #[cfg(not(feature = "wsse"))]
        self.buf.extend_from_slice(b"<s:Body>");
        if let Some((name, namespace)) = wrapper {
            self.buf.push(b'<');
            self.buf.extend_from_slice(name.as_bytes());
            self.buf.extend_from_slice(b" xmlns=\"");
            self.buf.extend_from_slice(namespace.as_bytes());
            self.buf.extend_from_slice(b"\">");
        }
        self.part = Part::Body;
    }

    pub(crate) fn in_body(&self) -> bool {
        self.part == Part::Body
    }

    /// Writes one parameter as a child of the wrapper.
    pub(crate) fn param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        namespace: Option<&str>,
        value: &T,
    ) -> Result<(), EncodeError> {
        let mark = self.buf.len();
        ser::write_element(&mut self.buf, name, namespace, value).inspect_err(|_| self.buf.truncate(mark))
    }

    /// Marks what was written since `mark` (one element named `name`) as secret.
    pub(crate) fn mark_secret(&mut self, mark: usize, name: &str) {
        if self.buf.len() > mark {
            self.secrets.element(&self.buf, mark, name);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.buf.len()
    }

    /// Closes the wrapper (if any) and the envelope.
    pub(crate) fn finish(mut self, wrapper: Option<&str>) -> Outgoing {
        if let Some(wrapper) = wrapper {
            self.buf.extend_from_slice(b"</");
            self.buf.extend_from_slice(wrapper.as_bytes());
            self.buf.push(b'>');
        }
        self.buf.extend_from_slice(b"</s:Body></s:Envelope>");
        self.secrets.extend_at(&crate::secrets::end_marking(), 0);
        Outgoing {
            body: self.buf,
            secrets: self.secrets,
            #[cfg(feature = "wsa")]
            message_id: None,
            #[cfg(feature = "wsse")]
            signature_at: self.signature_at,
        }
    }
}
