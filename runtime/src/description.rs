//! What a `#[soap_service]` declaration sends and expects, as data: the generated
//! `{Trait}Client::description()` returns it, so that a test can compare a hand-written
//! declaration with the vendor's WSDL (`soapkit_codegen::drift`) and tools can list a
//! service's operations.

/// A service declaration: its trait and operations, in declaration order.
#[derive(Debug, Clone, Copy)]
pub struct ServiceDescription {
    /// The trait's name.
    pub name: &'static str,
    /// Its operations.
    pub operations: &'static [OperationDescription],
}

/// One declared operation.
#[derive(Debug, Clone, Copy)]
pub struct OperationDescription {
    /// The Rust method.
    pub method: &'static str,
    /// The request wrapper's local name (`action`).
    pub name: &'static str,
    /// The namespace of the request and reply wrappers.
    pub namespace: &'static str,
    /// The reply wrapper's local name.
    pub response: &'static str,
    /// The child of the reply wrapper read as the result: `Some(name)` when `result` names
    /// it, `None` for the first child whatever its name.
    pub result: Option<&'static str>,
    /// The reply wrapper itself is the result (`whole_response`).
    pub whole_response: bool,
    /// The SOAP action (`""`: none).
    pub soap_action: &'static str,
    /// No reply is expected.
    pub one_way: bool,
    /// document/literal bare: the one body parameter is the body element itself.
    pub bare: bool,
    /// The parameters, header blocks and body elements, in order.
    pub params: &'static [ParamDescription],
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
