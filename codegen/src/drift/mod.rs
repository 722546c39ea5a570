//! The drift check: a hand-written `#[soap_service]` declaration compared with the
//! vendor's WSDL, every difference listed.
//!
//! ```no_run
//! # fn run<PersonClient: soapkit_runtime::description::Declaration>() {
//! let drift = soapkit_codegen::drift::check::<PersonClient>("wsdl/Person.wsdl").unwrap();
//! assert!(drift.is_empty(), "{drift}");
//! # }
//! ```
//!
//! Per declared operation, matched to the WSDL's by its request element (namespace and
//! local name): the SOAP action, the reply wrapper, the body parameters' elements and
//! namespaces in order, the result element, header parameters and the one-way flag.
//! Operations the WSDL has and the declaration leaves out are listed as a note, not as
//! differences: a declaration may cover part of a service. Header blocks the WSDL binds
//! but the declaration does not take are not differences either, since clients usually
//! set them once on the builder.
//!
//! Then the types each operation sends and receives, member by member, as their
//! `Deserialize` implementations read them ([`soapkit_runtime::shape`]) against the
//! schema's types: members the schema does not have (a rename that would drop data), the
//! schema's members a reply type does not declare, the order, the namespace, optional or
//! required (an optional member sent where the schema requires it, a required one read
//! where the server may leave it out), repeated or single. A type that is not
//! `Deserialize` (a parameter type that only serializes) is not looked into.

mod members;

use soapkit_runtime::description::{
    Declaration, Operation as Declared, OperationShapes, ResultElement, ServiceDescription,
};
use std::fmt;

use crate::error::Error;
use crate::items::Card;
use crate::read;
use crate::service::{self, Operation, Output, ServiceGen};
use crate::types::Types;

/// The differences between a declaration and a WSDL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    service: String,
    wsdl: String,
    port_type: Option<String>,
    differences: Vec<String>,
    undeclared: Vec<String>,
}

impl Drift {
    /// Whether the declaration matches the WSDL.
    pub fn is_empty(&self) -> bool {
        self.differences.is_empty()
    }

    /// Each difference, as one sentence that names the method.
    pub fn differences(&self) -> &[String] {
        &self.differences
    }

    /// The WSDL's operations (by name) that the declaration does not declare.
    pub fn undeclared(&self) -> &[String] {
        &self.undeclared
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let against = match &self.port_type {
            Some(port_type) => format!("port type {port_type} of {}", self.wsdl),
            None => self.wsdl.clone(),
        };
        match self.differences.len() {
            0 => write!(f, "{} matches {against}", self.service)?,
            n => {
                write!(f, "{} differs from {against} in {n} place{}:", self.service, if n == 1 { "" } else { "s" })?;
                for difference in &self.differences {
                    write!(f, "\n  - {difference}")?;
                }
            }
        }
        if !self.undeclared.is_empty() {
            write!(f, "\n  (not declared, which is no difference: {})", self.undeclared.join(", "))?;
        }
        Ok(())
    }
}

/// Compares the declaration of `C` (a `#[soap_service]` trait's `{Trait}Client`), its
/// operations and the types they send and receive, with the WSDL at `wsdl` (a path or
/// URL). The port type compared is the one sharing the most request elements.
pub fn check<C: Declaration>(wsdl: &str) -> Result<Drift, Error> {
    compare_with(wsdl, C::description(), Some(C::shapes::<()>()))
}

/// [`check`] of the operations of `declared` only (a `{Trait}Client::description()`),
/// without the types.
pub fn check_description(wsdl: &str, declared: &ServiceDescription) -> Result<Drift, Error> {
    compare_with(wsdl, declared, None)
}

fn compare_with(
    wsdl: &str,
    declared: &ServiceDescription,
    shapes: Option<Vec<OperationShapes>>,
) -> Result<Drift, Error> {
    let input = read::read(wsdl)?;
    let mut types = Types::new(&input.schemas, &input.definitions.target_namespace, Default::default());
    let mut candidates = Vec::new();
    for (port_type, binding) in service::bound_port_types(&input.definitions) {
        let mut planner = ServiceGen::new(&input.definitions, &input.schemas, &mut types, &crate::Options::default());
        let operations = planner.plan(port_type, binding)?;
        candidates.push((port_type.name.local.clone(), operations));
    }
    let matches = |ops: &[Operation]| {
        declared.operations.iter().filter(|d| ops.iter().any(|o| o.action == d.name && o.ns == d.namespace)).count()
    };
    let best = candidates.into_iter().max_by_key(|(_, ops)| matches(ops));
    let mut drift = Drift {
        service: declared.name.to_owned(),
        wsdl: wsdl.to_owned(),
        port_type: best.as_ref().map(|(name, _)| name.clone()),
        differences: Vec::new(),
        undeclared: Vec::new(),
    };
    let wsdl_ops = best.map(|(_, ops)| ops).unwrap_or_default();
    types.settle_namespaces();
    for (index, op) in declared.operations.iter().enumerate() {
        match wsdl_ops.iter().find(|o| o.action == op.name && o.ns == op.namespace) {
            Some(expected) => {
                compare(op, expected, &types, &mut drift.differences);
                if let Some(shapes) = shapes.as_ref().and_then(|s| s.get(index)) {
                    members::compare(op, shapes, expected, &types, &mut drift.differences);
                }
            }
            None => {
                let elsewhere = wsdl_ops
                    .iter()
                    .find(|o| o.action == op.name)
                    .map(|o| format!(" (it has <{}> in {})", o.action, o.ns));
                drift.differences.push(format!(
                    "`{}`: the WSDL has no operation whose request element is <{}> in {}{}",
                    op.method,
                    op.name,
                    op.namespace,
                    elsewhere.unwrap_or_default()
                ));
            }
        }
    }
    drift.undeclared = wsdl_ops
        .iter()
        .filter(|o| !declared.operations.iter().any(|d| d.name == o.action && d.namespace == o.ns))
        .map(|o| o.action.clone())
        .collect();
    Ok(drift)
}

fn compare(op: &Declared, expected: &Operation, types: &Types<'_>, out: &mut Vec<String>) {
    let method = op.method;
    let expected_action = expected.soap_action.as_deref().unwrap_or("");
    if op.soap_action != expected_action {
        out.push(format!("`{method}`: the SOAP action is {:?}; the WSDL says {expected_action:?}", op.soap_action));
    }
    let one_way = matches!(expected.output, Output::None);
    if op.one_way != one_way {
        let (is, says) = if op.one_way { ("one-way", "a reply") } else { ("expecting a reply", "none (one-way)") };
        out.push(format!("`{method}`: declared {is}; the WSDL has {says}"));
    }
    if !one_way && !op.one_way && op.response != expected.response {
        out.push(format!("`{method}`: the reply wrapper is <{}>; the WSDL says <{}>", op.response, expected.response));
    }
    if op.bare != expected.bare {
        let (is, says) = if op.bare {
            ("bare", "a wrapper of parameters")
        } else {
            ("with a wrapper", "the parameter as the body (bare)")
        };
        out.push(format!("`{method}`: declared {is}; the WSDL sends {says}"));
    }
    let body: Vec<_> = op.params.iter().filter(|p| !p.header).collect();
    // A bare operation's one parameter is the body element, already compared as `name`.
    let compared = if op.bare && expected.bare { 0 } else { body.len().max(expected.params.len()) };
    for i in 0..compared {
        let n = i + 1;
        match (body.get(i), expected.params.get(i)) {
            // A wrapped array (`Ids/int`) and a type that writes its items itself
            // (`wcf::ArrayOf`) send the same element.
            (Some(p), Some(e)) if element(p.element) != e.xml_name => out.push(format!(
                "`{method}`: parameter {n} (`{}`) is <{}>; the WSDL has <{}> there",
                p.ident, p.element, e.xml_name
            )),
            (Some(p), Some(e)) if p.namespace != e.ns => out.push(format!(
                "`{method}`: parameter {n} <{}> is in {:?}; the WSDL puts it in {:?}",
                p.element, p.namespace, e.ns
            )),
            (Some(p), None) => out.push(format!(
                "`{method}`: parameter {n} (`{}`, <{}>) is not in the WSDL's request",
                p.ident, p.element
            )),
            (None, Some(e)) => {
                let optional = matches!(e.card, Card::Optional | Card::Many);
                let note = if optional { ", an optional one" } else { "" };
                out.push(format!(
                    "`{method}`: the WSDL's request has a parameter {n} <{}>{note} that is not declared",
                    e.xml_name
                ));
            }
            _ => {}
        }
    }
    for header in op.params.iter().filter(|p| p.header) {
        if !expected.headers.iter().any(|h| h.xml_name == header.element && h.ns == header.namespace) {
            out.push(format!(
                "`{method}`: header parameter `{}` sends <{}> in {}, which the WSDL does not bind to this operation",
                header.ident, header.element, header.namespace
            ));
        }
    }
    let (result, whole_response) = match op.result {
        ResultElement::Named(name) => (Some(name), false),
        ResultElement::Wrapper => (None, true),
        ResultElement::First | ResultElement::Nothing => (None, false),
    };
    match (&expected.output, result, whole_response) {
        (Output::Child(field), Some(name), false) if element(name) != field.xml_name => out.push(format!(
            "`{method}`: the result is read from <{name}>; the WSDL's reply holds <{}>",
            field.xml_name
        )),
        (Output::Wrapper(ty), _, false) => out.push(format!(
            "`{method}`: the WSDL's reply <{}> is read whole (as {}), but the declaration reads its first child: declare `whole_response`",
            expected.response,
            types.out.path(ty)
        )),
        (Output::Child(field), _, true) => out.push(format!(
            "`{method}`: declared `whole_response`, but the WSDL's reply holds one result, <{}>",
            field.xml_name
        )),
        _ => {}
    }
}

/// The element a declared name stands for: `Outer` of a wrapped array's `Outer/Item`.
pub(super) fn element(name: &str) -> &str {
    name.split_once('/').map_or(name, |(outer, _)| outer)
}
