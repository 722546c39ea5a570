//! What a `#[soap_service]` declaration sends and expects, as data: the generated
//! `{Trait}Client::description()` returns it, so that a test can compare a hand-written
//! declaration with the vendor's WSDL (`soapkit_codegen::drift`) and tools can list a
//! service's operations.

pub use crate::operation::{Operation, ParamDescription, ResultElement};
pub use crate::policy::{Policy, WsaVersion};
use crate::shape::Member;

/// A service declaration: its trait and operations, in declaration order.
#[derive(Debug, Clone, Copy)]
pub struct ServiceDescription {
    /// The trait's name.
    pub name: &'static str,
    /// Its operations.
    pub operations: &'static [Operation],
}

/// The shapes of one operation's parameter types and result type, where they can be
/// traced (a type that is not `Deserialize` cannot: `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationShapes {
    /// One per parameter, in the order of [`Operation::params`]: the value its
    /// type reads (`name` empty).
    pub params: Vec<Option<Member>>,
    /// The result's (`T` of `Result<T>` or `Reply<T>`).
    pub result: Option<Member>,
}

impl OperationShapes {
    /// Every operation's shapes from the shapes of the declaration's distinct types and,
    /// per operation, the indexes of its parameters' and result's types in them.
    #[doc(hidden)]
    pub fn from_table(types: &[Option<Member>], operations: &[(&[usize], usize)]) -> Vec<OperationShapes> {
        let shape = |index: usize| types.get(index).cloned().flatten();
        operations
            .iter()
            .map(|(params, result)| OperationShapes {
                params: params.iter().map(|&index| shape(index)).collect(),
                result: shape(*result),
            })
            .collect()
    }
}

/// A `#[soap_service]` declaration as data, implemented by each generated `{Trait}Client`:
/// what the drift check (`soapkit_codegen::drift::check::<PersonAgentClient>(wsdl)`)
/// compares with a WSDL.
pub trait Declaration {
    /// The operations, their elements and parameters.
    fn description() -> &'static ServiceDescription;

    /// The shapes of each operation's types, in the order of the description. Generic in
    /// `Lazy` (any type) so that it is compiled only where it is called, in the drift
    /// test, and not in every crate that declares a service.
    fn shapes<Lazy>() -> Vec<OperationShapes>;
}

/// Finds a type's shape where it is `Deserialize`, and `None` where it is not, in
/// generated code (autoref: the first trait applies when its bound holds).
#[doc(hidden)]
pub struct Probe<T: ?Sized>(std::marker::PhantomData<T>);

impl<T: ?Sized> Probe<T> {
    #[doc(hidden)]
    pub const fn new() -> Self {
        Probe(std::marker::PhantomData)
    }
}

#[doc(hidden)]
pub trait ShapeOfDeserialize {
    fn shape(&self) -> Option<Member>;
}

// `Deserialize<'static>` rather than `DeserializeOwned`: the same for the owned types a
// declaration uses, and no higher-ranked bound for rustc to prove at every parameter of
// every operation (a large service has thousands).
impl<T: serde::Deserialize<'static>> ShapeOfDeserialize for Probe<T> {
    fn shape(&self) -> Option<Member> {
        Some(crate::shape::value_of::<T>())
    }
}

#[doc(hidden)]
pub trait ShapeUnknown {
    fn shape(&self) -> Option<Member> {
        None
    }
}

impl<T: ?Sized> ShapeUnknown for &Probe<T> {}
