//! The request generated code builds: the envelope written in one pass, header blocks
//! first, then parameters, before anything is sent.
//!
//! A generated method is a handful of lines: [`Request::new`] with its entry in the
//! service's `static` table of [`Operation`]s, one [`Request::param`] per parameter and
//! [`Request::send`]. Everything else is written once, here and in the modules after it,
//! for all operations.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

use crate::call::{Call, DetailDecoder};
use crate::client::Client;
use crate::envelope::writer::{EnvelopeWriter, Outgoing};
use crate::error::{Error, Result};
use crate::operation::Operation;
use crate::result::FromReply;

/// A request being built by generated code: header blocks first, then parameters.
#[doc(hidden)]
pub struct Request<'c> {
    client: &'c Client,
    op: &'static Operation,
    writer: EnvelopeWriter,
    error: Option<Error>,
    detail: Option<DetailDecoder>,
    /// The WS-Addressing `MessageID` of this request.
    #[cfg(feature = "wsa")]
    message_id: Option<String>,
}

impl<'c> Request<'c> {
    /// Starts the envelope of `op` with the client's headers.
    pub fn new(client: &'c Client, op: &'static Operation) -> Self {
        let hint = 2 * op.name.len() + op.namespace.len() + 128;
        #[cfg_attr(not(any(feature = "wsse", feature = "wsa")), allow(unused_mut))]
        let mut writer =
            EnvelopeWriter::start(client.soap_version(), client.header_xml(), client.header_secrets(), hint);
        #[cfg(feature = "wsse")]
        if let Some((xml, secrets, signature_at)) = client.security().and_then(|s| s.header(client.soap_version())) {
            writer.security_header(&xml, &secrets, signature_at);
        }
        // What the client was configured with, or else what the service's policy asks for.
        #[cfg(feature = "wsa")]
        let addressing = client
            .addressing()
            .copied()
            .or_else(|| op.policy.addressing.map(|v| crate::wsa::WsAddressing::new().version(v)));
        #[cfg(feature = "wsa")]
        let message_id = addressing.map(|addressing| {
            let (xml, id) = addressing.headers(op, client.endpoint(), client.soap_version());
            writer.raw_header(&xml, &Default::default());
            id
        });
        #[cfg(feature = "wsse")]
        let error = op.policy.unmet_by_client(op.name, client.security());
        #[cfg(not(feature = "wsse"))]
        let error = op.policy.unmet_by_client(op.name, None);
        Request {
            client,
            op,
            writer,
            error,
            detail: None,
            #[cfg(feature = "wsa")]
            message_id,
        }
    }

    /// Closes the header part and opens the body wrapper, once: parameters, `encode` and
    /// `send` all need it open.
    fn open_body(&mut self) {
        if !self.writer.in_body() {
            self.writer.begin_body(self.op.wrapper().map(|name| (name, self.op.namespace)));
        }
    }

    /// Adds a per-call header block `{namespace}name`, after the client's.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &'static str, namespace: &'static str, value: &T) -> Self {
        if self.error.is_none()
            && let Err(e) = self.writer.header(name, namespace, value)
        {
            self.error = Some(Error::input(format!("header `{name}` of {}", self.op.name)).with_source(e));
        }
        self
    }

    /// [`header`](Request::header) for a `#[soap(header, secret)]` parameter.
    pub fn secret_header<T: Serialize + ?Sized>(self, name: &'static str, namespace: &'static str, value: &T) -> Self {
        let mark = self.writer.len();
        let mut request = self.header(name, namespace, value);
        request.writer.mark_secret(mark, name);
        request
    }

    /// [`param`](Request::param) for a `#[soap(secret)]` parameter: its value is shown as
    /// `***` in logs.
    pub fn secret_param<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Self {
        self.put_secret(name, None, value)
    }

    /// [`param_in`](Request::param_in) for a `#[soap(secret, ns = "...")]` parameter.
    pub fn secret_param_in<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        namespace: &'static str,
        value: &T,
    ) -> Self {
        self.put_secret(name, Some(namespace), value)
    }

    /// Adds a parameter as the wrapper's next child, in the wrapper's namespace. The first
    /// failure is kept and returned by [`send`](Request::send) before anything is sent.
    pub fn param<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Self {
        self.put(name, None, value)
    }

    /// Adds a parameter whose element is in `namespace` (`""`: in none, as the parts of an
    /// rpc/literal message and the members of an unqualified schema are).
    pub fn param_in<T: Serialize + ?Sized>(self, name: &'static str, namespace: &'static str, value: &T) -> Self {
        self.put(name, Some(namespace), value)
    }

    fn put_secret<T: Serialize + ?Sized>(mut self, name: &'static str, namespace: Option<&str>, value: &T) -> Self {
        self.open_body();
        let mark = self.writer.len();
        let (element, _) = self.element(name, namespace);
        let mut request = self.put(name, namespace, value);
        request.writer.mark_secret(mark, crate::xml::fields::element(element));
        request
    }

    /// The element a parameter is written as: its own, or for a bare operation the body
    /// element itself.
    fn element<'n>(&self, name: &'static str, namespace: Option<&'n str>) -> (&'static str, Option<&'n str>) {
        if self.op.bare { (self.op.name, Some(self.op.namespace)) } else { (name, namespace) }
    }

    fn put<T: Serialize + ?Sized>(mut self, name: &'static str, namespace: Option<&str>, value: &T) -> Self {
        self.open_body();
        let (name, namespace) = self.element(name, namespace);
        if self.error.is_none()
            && let Err(e) = self.writer.param(name, namespace, value)
        {
            self.error = Some(param_error(self.op, name, e));
        }
        self
    }

    /// Decodes the detail of a fault into `D`, the operation's fault contract, for
    /// [`Fault::typed_detail`].
    pub fn fault_detail<D: DeserializeOwned + Send + Sync + 'static>(mut self) -> Self {
        self.detail = Some(|fault| fault.detail::<D>().ok().flatten().map(|d| Arc::new(d) as _));
        self
    }

    /// The envelope as it would be sent, without sending it (for benchmarks and tools).
    pub fn encode(self) -> Result<Vec<u8>> {
        self.finish().3.map(|outgoing| outgoing.body)
    }

    /// Sends the request and reads the reply as `T`. The envelope is complete before this
    /// returns: the future holds the bytes to send, not the caller's values.
    pub fn send<T: FromReply>(self) -> Call<'c, T> {
        match self.finish() {
            (client, op, detail, Ok(outgoing)) => Call::exchange(client, op, detail, outgoing),
            (_, _, _, Err(e)) => Call::failed(e),
        }
    }

    /// The envelope complete: its body closed, signed when the client signs, with the
    /// WS-Addressing message id its reply must relate to.
    fn finish(mut self) -> (&'c Client, &'static Operation, Option<DetailDecoder>, Result<Outgoing>) {
        self.open_body();
        let Request { client, op, writer, error, detail, .. } = self;
        if let Some(error) = error {
            return (client, op, detail, Err(error));
        }
        #[cfg_attr(not(any(feature = "wsa", feature = "wsse")), allow(unused_mut))]
        let mut outgoing = writer.finish(op.wrapper());
        #[cfg(feature = "wsa")]
        {
            outgoing.message_id = self.message_id;
        }
        #[cfg(feature = "wsse")]
        if let Some(security) = client.security()
            && let Some(signer) = security.signer()
            && let Err(error) = outgoing.sign(signer, security.signed_headers())
        {
            return (client, op, detail, Err(error));
        }
        (client, op, detail, Ok(outgoing))
    }
}

#[cold]
fn param_error(op: &Operation, name: &str, e: crate::xml::error::EncodeError) -> Error {
    Error::input(format!("parameter `{name}` of {}", op.name)).with_source(e)
}
