//! What generated code calls: an operation's static description, the request it builds,
//! and how a reply becomes the method's return value.
//!
//! A generated method is a handful of lines: [`Request::new`] with its entry in the
//! service's `static` table of [`Operation`]s, one [`Request::param`] per parameter and
//! [`Request::send`]. Everything else is written once, here and in the client, for all
//! operations.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::client::Client;
use crate::envelope::reply::Envelope;
use crate::envelope::request::EnvelopeWriter;
use crate::error::{Error, Result};
use crate::fault::{Fault, TypedDetail};
use crate::reply::{Reply, ReplyHeaders};
use crate::xml::de;
use std::sync::Arc;

/// One operation of a service, as the macros describe it.
#[derive(Debug)]
#[doc(hidden)]
pub struct Operation {
    /// The request wrapper's local name (the operation name).
    pub name: &'static str,
    /// The namespace of the request and reply wrappers.
    pub namespace: &'static str,
    /// The reply wrapper's local name.
    pub response: &'static str,
    /// Which child of the reply wrapper holds the result.
    pub result: ResultElement,
    /// The SOAP action URI (`""` is legal and means "none").
    pub soap_action: &'static str,
    /// No reply body is expected: HTTP 200 or 202 with an empty body is success.
    pub one_way: bool,
    /// document/literal bare: no wrapper; the one parameter is the body element `name`.
    pub bare: bool,
}

impl Operation {
    /// The request's wrapper element, unless the operation is bare.
    fn wrapper(&self) -> Option<&'static str> {
        (!self.bare).then_some(self.name)
    }
}

/// Where a reply's result is, inside the wrapper.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub enum ResultElement {
    /// The wrapper's first child element, whatever its name (`Response`, `{op}Result`,
    /// `return`): one rule that fits WCF, Services88 and JAX-WS alike.
    First,
    /// The child element with this local name.
    Named(&'static str),
    /// The wrapper itself, read as a struct of its children.
    Wrapper,
}

/// Decodes a fault's detail into an operation's fault contract type.
type DetailDecoder = fn(&Fault) -> Option<TypedDetail>;

/// A request being built by generated code: header blocks first, then parameters.
#[doc(hidden)]
pub struct Request<'c> {
    client: &'c Client,
    op: &'static Operation,
    writer: EnvelopeWriter,
    error: Option<Error>,
    detail: Option<DetailDecoder>,
}

impl<'c> Request<'c> {
    /// Starts the envelope of `op` with the client's headers.
    pub fn new(client: &'c Client, op: &'static Operation) -> Self {
        let hint = 2 * op.name.len() + op.namespace.len() + 128;
        let writer = EnvelopeWriter::start(client.soap_version(), client.header_xml(), client.header_secrets(), hint);
        Request { client, op, writer, error: None, detail: None }
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
            self.error = Some(Error::input(format!("header `{name}` of {}: {e}", self.op.name)));
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
        request.writer.mark_secret(mark, element);
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
        self.detail = Some(|fault| fault.detail::<D>().ok().flatten().map(|d| Arc::new(d) as TypedDetail));
        self
    }

    /// The envelope as it would be sent, without sending it (for benchmarks and tools).
    pub fn encode(mut self) -> Result<Vec<u8>> {
        self.open_body();
        match self.error {
            None => Ok(self.writer.finish(self.op.wrapper()).body),
            Some(e) => Err(e),
        }
    }

    /// Sends the request and reads the reply as `T`. The envelope is complete before this
    /// returns: the future holds the bytes to send, not the caller's values.
    pub fn send<T: FromReply>(mut self) -> Call<'c, T> {
        self.open_body();
        let Request { client, op, writer, error, detail } = self;
        let state = match error {
            None => CallState::Exchange {
                client,
                op,
                detail,
                exchange: Box::pin(client.execute(op, writer.finish(op.wrapper()))),
            },
            Some(e) => CallState::Failed(Some(e)),
        };
        Call { state }
    }
}

/// The future of one call: the HTTP exchange, then the reply read as `T`.
///
/// Every operation of a `#[soap_service]` trait returns it: `fn op(&self, ..) ->
/// soapkit::Call<'_, T>`, awaited like the `async fn` it was declared as, `Send`, so calls
/// can be spawned. The envelope is already written when the method returns, so the future
/// borrows only the client, not the arguments; an argument XML cannot carry makes it
/// resolve to an [`Input`](crate::ErrorKind::Input) error without sending anything. Like
/// every future it does nothing until awaited.
///
/// One named type rather than `impl Future` in the trait: each opaque return type costs
/// rustc a hidden type to infer and check, and for a service of hundreds of operations
/// that was the larger part of its build (measured in BENCHMARKS.md).
///
/// An implementation written by hand, such as a fake for tests, makes its calls with
/// [`Call::ready`] or [`Call::from_future`]:
///
/// ```
/// use soapkit_runtime::Call;
///
/// fn find_name(id: i32) -> Call<'static, String> {
///     Call::ready(Ok(format!("person {id}")))
/// }
///
/// fn find_later(id: i32) -> Call<'static, String> {
///     Call::from_future(async move { Ok(format!("person {id}, later")) })
/// }
/// # tokio_test(async {
/// assert_eq!(find_name(7).await.unwrap(), "person 7");
/// assert_eq!(find_later(7).await.unwrap(), "person 7, later");
/// # });
/// # fn tokio_test(f: impl std::future::Future<Output = ()>) {
/// #     let waker = std::task::Waker::noop();
/// #     let mut f = std::pin::pin!(f);
/// #     assert!(f.as_mut().poll(&mut std::task::Context::from_waker(&waker)).is_ready());
/// # }
/// ```
#[must_use = "a call does nothing until awaited"]
pub struct Call<'c, T> {
    state: CallState<'c, T>,
}

type Exchange<'c> = Pin<Box<dyn Future<Output = Result<Envelope>> + Send + 'c>>;

enum CallState<'c, T> {
    /// The request could not be encoded; nothing is sent.
    Failed(Option<Error>),
    Exchange {
        client: &'c Client,
        op: &'static Operation,
        detail: Option<DetailDecoder>,
        exchange: Exchange<'c>,
    },
    /// A call made by other means ([`Call::from_future`]).
    Other(Pin<Box<dyn Future<Output = Result<T>> + Send + 'c>>),
}

impl<'c, T> Call<'c, T> {
    /// A call that resolves to `result` at once.
    pub fn ready(result: Result<T>) -> Self
    where
        T: Send + 'c,
    {
        Self::from_future(std::future::ready(result))
    }

    /// A call that resolves to what `future` does.
    pub fn from_future(future: impl Future<Output = Result<T>> + Send + 'c) -> Self {
        Call { state: CallState::Other(Box::pin(future)) }
    }
}

impl<T: FromReply> Future for Call<'_, T> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        match &mut self.get_mut().state {
            CallState::Failed(error) => Poll::Ready(Err(error.take().expect("a call polled after it completed"))),
            CallState::Exchange { client, op, detail, exchange } => match exchange.as_mut().poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(mut envelope)) => {
                    // A value that does not decode is quoted in the error: the secrets the
                    // server may have echoed into it stay hidden.
                    let secrets = std::mem::take(&mut envelope.secrets);
                    let result = client.check_reply(envelope).and_then(|envelope| T::from_reply(op, envelope));
                    Poll::Ready(result.map_err(|error| error.redacting(&secrets)))
                }
                Poll::Ready(Err(error)) => Poll::Ready(Err(with_typed_detail(error, *detail))),
            },
            CallState::Other(future) => future.as_mut().poll(cx),
        }
    }
}

#[cold]
fn with_typed_detail(mut error: Error, decoder: Option<DetailDecoder>) -> Error {
    if let Some(decoder) = decoder
        && let Some(fault) = error.fault_mut()
    {
        let typed = decoder(fault);
        fault.set_typed_detail(typed);
    }
    error
}

#[cold]
fn param_error(op: &Operation, name: &str, e: crate::xml::ser::EncodeError) -> Error {
    Error::input(format!("parameter `{name}` of {}: {e}", op.name))
}

/// A type an operation can return: any `DeserializeOwned` value (read from the result
/// element), or [`Reply<T>`] for the value together with the reply's headers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from a SOAP reply: it does not implement `serde::Deserialize`",
    label = "an operation's result must be `Deserialize`, or `soapkit::Reply<T>` of such a `T`"
)]
pub trait FromReply: Sized {
    #[doc(hidden)]
    fn from_reply(op: &Operation, envelope: Envelope) -> Result<Self>;
}

impl<T: DeserializeOwned> FromReply for T {
    fn from_reply(op: &Operation, envelope: Envelope) -> Result<Self> {
        read_result(op, &envelope)
    }
}

impl<T: DeserializeOwned> FromReply for Reply<T> {
    fn from_reply(op: &Operation, envelope: Envelope) -> Result<Self> {
        let value = read_result(op, &envelope)?;
        Ok(Reply::new(value, ReplyHeaders::new(envelope.doc.map(Arc::new), envelope.header)))
    }
}

fn read_result<T: DeserializeOwned>(op: &Operation, envelope: &Envelope) -> Result<T> {
    let (Some(doc), Some(wrapper)) = (&envelope.doc, envelope.wrapper) else {
        return de::from_absent(op.response).map_err(|e| result_error(op, e));
    };
    let (node, name) = match op.result {
        ResultElement::Wrapper => (Some(wrapper), op.response),
        ResultElement::First => (doc.children(wrapper).next(), "result"),
        ResultElement::Named(name) => (doc.children(wrapper).find(|&c| doc.local_name(c) == name), name),
    };
    match node {
        Some(node) => de::from_node(doc, node),
        None => de::from_absent(name),
    }
    .map_err(|e| result_error(op, e))
}

#[cold]
fn result_error(op: &Operation, e: de::DecodeError) -> Error {
    Error::reply(format!("the result of {} does not decode: {e}", op.name))
}

/// Decodes a reply to `op` as the client would after receiving it (for benchmarks).
#[doc(hidden)]
pub fn decode_reply<T: FromReply>(
    op: &Operation,
    status: u16,
    body: Vec<u8>,
    version: crate::SoapVersion,
) -> Result<T> {
    let envelope = crate::envelope::reply::read(status, body, version, op)?;
    T::from_reply(op, envelope)
}
