//! From a WSDL port type and its SOAP binding to a `#[soap_service]` trait: one method per
//! operation, the wrapper and parameters of document/literal (wrapped) and rpc/literal
//! messages, results, faults, and typed header blocks. Planned first (`plan`: what each
//! operation sends and expects, which the drift check reads too), then written (`emit`).

mod emit;
mod plan;

use proc_macro2::TokenStream;

use crate::error::{Error, Location, Warning};
use crate::items::{Field, Ty};
use crate::model::*;
use crate::types::Types;

/// What an operation's reply becomes.
pub(crate) enum Output {
    /// One-way: no reply.
    None,
    /// An empty wrapper: `()`.
    Unit,
    /// The wrapper's one child.
    Child(Field),
    /// The wrapper read whole as this type.
    Wrapper(Ty),
}

pub(crate) struct Operation {
    pub(crate) method: String,
    pub(crate) doc: Option<String>,
    /// The request wrapper's local name and namespace.
    pub(crate) action: String,
    pub(crate) ns: String,
    pub(crate) soap_action: Option<String>,
    pub(crate) response: String,
    pub(crate) params: Vec<Field>,
    pub(crate) headers: Vec<Field>,
    pub(crate) output: Output,
    pub(crate) fault: Option<Ty>,
    pub(crate) reply_headers: bool,
    /// document/literal bare: the one parameter is the body element.
    pub(crate) bare: bool,
}

/// What a request's body holds.
struct Request {
    /// The wrapper's (or the bare element's) local name and namespace.
    action: String,
    ns: String,
    params: Vec<Field>,
    bare: bool,
}

/// A port type's trait and its helper types.
pub(crate) struct ServiceGen<'a, 's> {
    pub(crate) defs: &'a Definitions,
    pub(crate) schemas: &'s Schemas,
    pub(crate) types: &'a mut Types<'s>,
    pub(crate) warnings: Vec<Warning>,
    /// Operations declared so far.
    pub(crate) operations: usize,
    /// The traits are declared `server` too ([`Options::server`](crate::Options::server)).
    pub(crate) server: bool,
    /// The bindings' WS-Policy is left out ([`Options::ignore_policy`](crate::Options::ignore_policy)).
    pub(crate) ignore_policy: bool,
}

impl<'a, 's> ServiceGen<'a, 's> {
    /// A generator for the services of `defs`, naming their types in `types`.
    pub(crate) fn new(
        defs: &'a Definitions,
        schemas: &'s Schemas,
        types: &'a mut Types<'s>,
        options: &crate::Options,
    ) -> Self {
        let (server, ignore_policy) = (options.server, options.ignore_policy);
        ServiceGen { defs, schemas, types, warnings: Vec::new(), operations: 0, server, ignore_policy }
    }
}

/// Each port type with the binding its service is generated from (SOAP 1.1 before 1.2),
/// in the WSDL's order; a port type no binding implements has no service.
pub(crate) fn bound_port_types(defs: &Definitions) -> Vec<(&PortType, &Binding)> {
    let bindings = crate::read::bindings_by_port_type(defs);
    defs.port_types.iter().filter_map(|port_type| Some((port_type, *bindings.get(&port_type.name)?.first()?))).collect()
}

impl ServiceGen<'_, '_> {
    fn warn(&mut self, at: &Location, message: String) {
        self.warnings.push(Warning { location: at.clone(), message });
    }

    /// The trait (and header structs) for `port_type`, bound by `binding`.
    pub(crate) fn service(
        &mut self,
        port_type: &PortType,
        binding: &Binding,
        trait_name: &str,
    ) -> Result<TokenStream, Error> {
        let operations = self.plan(port_type, binding)?;
        Ok(self.emit(port_type, binding, trait_name, operations))
    }
}
