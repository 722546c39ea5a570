//! An operation as the macros describe it: the first step of a call's path.
//!
//! A call runs through the runtime's modules in this order: the [`Operation`] (here) →
//! the request, its envelope written (`request`, `envelope::writer`) → the SOAP HTTP
//! binding (`binding`) → the transport, bytes out and bytes in (`transport`) → the reply:
//! envelope or fault (`envelope::reply`, `fault`), the client's reply check (`check`), the
//! result (`result`). `call` drives the steps after the request is written.

pub use crate::policy::Policy;

/// One operation of a service, as the macros describe it: what a call sends and expects,
/// read by the client's and the server's code paths and by the drift check alike.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The Rust method.
    pub method: &'static str,
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
    /// The parameters, header blocks and body elements, in order.
    pub params: &'static [ParamDescription],
    /// What every call must carry beside them (WS-Addressing, WS-Security).
    pub policy: Policy,
}

impl Operation {
    /// A wrapped operation `name` in `namespace` that answers `{name}Response` with its
    /// first child as the result, and takes no parameter: what unit tests, benchmarks and
    /// fuzz targets start from (feature `fuzzing`).
    #[cfg(any(test, feature = "fuzzing"))]
    pub const fn example(name: &'static str, namespace: &'static str, response: &'static str) -> Operation {
        Operation {
            method: "",
            name,
            namespace,
            response,
            result: ResultElement::First,
            soap_action: "",
            one_way: false,
            bare: false,
            params: &[],
            policy: Policy::NONE,
        }
    }

    /// The request's wrapper element, unless the operation is bare.
    pub(crate) fn wrapper(&self) -> Option<&'static str> {
        (!self.bare).then_some(self.name)
    }
}

/// Where a reply's result is, inside the wrapper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultElement {
    /// The wrapper's first child element, whatever its name (`Response`, `{op}Result`,
    /// `return`): one rule that fits WCF, Services88 and JAX-WS alike.
    First,
    /// The child element with this local name.
    Named(&'static str),
    /// The wrapper itself, read as a struct of its children.
    Wrapper,
    /// No child: the operation returns nothing (`()`), and its reply wrapper is empty.
    Nothing,
}

/// One parameter of an operation.
#[derive(Debug, Clone, Copy)]
pub struct ParamDescription {
    /// The Rust parameter.
    pub ident: &'static str,
    /// Its element's local name.
    pub element: &'static str,
    /// Its element's namespace: the wrapper's unless `#[soap(ns = "...")]` says otherwise,
    /// the operation's or the given one for a header block.
    pub namespace: &'static str,
    /// Sent as a header block (`#[soap(header)]`) rather than in the body.
    pub header: bool,
}
