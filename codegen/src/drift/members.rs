//! The drift of types: what a declaration's parameter and result types read, member by
//! member, against the schema's types for the same elements.

use soapkit_runtime::description::{Operation as Declared, OperationShapes, ResultElement};
use soapkit_runtime::shape::{Member, Shape};
use std::collections::BTreeSet;

use super::element;
use crate::items::{Card, Field, ItemKind, Ty};
use crate::service::{Operation, Output};
use crate::types::Types;

/// Which way a value goes: what may be left out differs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    /// In a request: a member the schema requires must always be sent.
    Sent,
    /// In a reply: a member the server may leave out must be optional.
    Received,
}

/// Where a value stands: a parameter or result is the declarer's own choice of `Option`
/// (WCF marks every result optional, and a `String` result that the server always sends
/// is no drift); inside a type, a member required where the schema has it optional is.
#[derive(Clone, Copy)]
enum Level {
    Top(Way),
    Member(Way),
}

/// Compares the types of `op` (traced as `shapes`) with those `expected` names.
pub(super) fn compare(
    op: &Declared,
    shapes: &OperationShapes,
    expected: &Operation,
    types: &Types<'_>,
    out: &mut Vec<String>,
) {
    let mut diff = Diff { method: op.method, types, out, seen: BTreeSet::new() };
    let mut body = expected.params.iter();
    for (param, value) in op.params.iter().zip(&shapes.params) {
        let field = if param.header {
            expected.headers.iter().find(|h| h.xml_name == param.element && h.ns == param.namespace)
        } else {
            body.next()
        };
        // Elements that differ are reported by the operation's comparison already.
        let (Some(field), Some(value)) = (field, value) else { continue };
        if param.header || element(param.element) == field.xml_name {
            diff.value(
                &format!("parameter `{}` <{}>", param.ident, field.xml_name),
                value,
                field,
                Level::Top(Way::Sent),
            );
        }
    }
    match (&expected.output, &shapes.result) {
        (Output::Child(field), Some(value)) if op.result != ResultElement::Wrapper => {
            diff.value(&format!("the result <{}>", field.xml_name), value, field, Level::Top(Way::Received))
        }
        (Output::Wrapper(ty), Some(value)) if op.result == ResultElement::Wrapper => {
            diff.structure(&format!("the reply <{}>", expected.response), &value.shape, ty, Way::Received)
        }
        _ => {}
    }
}

struct Diff<'a, 't> {
    method: &'static str,
    types: &'a Types<'t>,
    out: &'a mut Vec<String>,
    /// (Rust type, schema item, way) compared already: recursion and shared types.
    seen: BTreeSet<(&'static str, usize, bool)>,
}

impl Diff<'_, '_> {
    fn report(&mut self, text: String) {
        self.out.push(format!("`{}`: {text}", self.method));
    }

    /// A value declared as `member` (a parameter, a result, a struct's member) where the
    /// schema has `field`: how it occurs, then what it holds.
    fn value(&mut self, what: &str, member: &Member, field: &Field, level: Level) {
        let (Level::Top(way) | Level::Member(way)) = level;
        let repeated = field.card == Card::Many || field.wrapped.is_some();
        // A wrapped array may be declared as a struct of one repeated member (WCF's
        // `ArrayOfX` written by hand, `wcf::ArrayOf`): the same on the wire.
        let items = match &member.shape {
            Shape::Struct { members, .. } if field.wrapped.is_some() && !member.repeated && members.len() == 1 => {
                members.first().filter(|m| m.repeated)
            }
            _ => None,
        };
        if repeated && !member.repeated && items.is_none() {
            self.report(format!("{what} is declared single; the schema repeats it: items after the first are lost"));
        } else if !repeated && member.repeated {
            self.report(format!("{what} is declared repeated; the schema has one"));
        }
        let optional = matches!(field.card, Card::Optional | Card::Nillable);
        match level {
            Level::Top(_) => {}
            Level::Member(Way::Sent) if member.optional && field.card == Card::One => {
                self.report(format!("{what} is optional in the declaration; the schema requires it"))
            }
            Level::Member(Way::Received) if !member.optional && !member.repeated && optional => self.report(format!(
                "{what} is required in the declaration; the schema lets the server leave it out, and a reply without it does not decode"
            )),
            _ => {}
        }
        let shape = items.map_or(&member.shape, |items| &items.shape);
        self.structure(what, shape, &field.ty, way);
    }

    /// The members of a struct `shape` against the schema's type `ty`, when both are
    /// structs.
    fn structure(&mut self, what: &str, shape: &Shape, ty: &Ty, way: Way) {
        let (Shape::Struct { name, members }, Ty::Item(index)) = (shape, ty) else { return };
        let ItemKind::Struct(fields) = &self.types.out.items[*index].kind else { return };
        if !self.seen.insert((name, *index, way == Way::Sent)) {
            return;
        }
        let in_type = format!("{what} ({name}; the schema's {})", self.types.out.items[*index].ident);
        let mut last: Option<usize> = None;
        let mut matched = BTreeSet::new();
        for member in members.iter().filter(|m| !m.name.starts_with('$')) {
            let wanted = element(member.name);
            let found = fields.iter().position(|f| (f.is_element() || f.attribute) && f.xml_name == wanted);
            let Some(at) = found else {
                let consequence = match way {
                    Way::Sent => "the server does not expect it",
                    Way::Received => "nothing ever fills it",
                };
                self.report(format!(
                    "{in_type} declares <{wanted}>, which the schema's type does not have: {consequence}"
                ));
                continue;
            };
            matched.insert(at);
            let field = &fields[at];
            if field.is_element() {
                if let Some(after) = last.filter(|&after| at < after) {
                    let after = &fields[after].xml_name;
                    self.report(format!("{in_type} declares <{wanted}> after <{after}>; the schema has it before"));
                }
                last = last.max(Some(at));
                let expected_ns = field.explicit_ns.then_some(field.ns.as_str());
                if member.namespace != expected_ns {
                    let show =
                        |ns: Option<&str>| ns.map_or("its parent's namespace".to_owned(), |ns| format!("{ns:?}"));
                    self.report(format!(
                        "{in_type} puts <{wanted}> in {}; the schema in {}",
                        show(member.namespace),
                        show(expected_ns)
                    ));
                }
            }
            self.value(&format!("{in_type} <{wanted}>"), member, field, Level::Member(way));
        }
        let missing =
            fields.iter().enumerate().filter(|(at, f)| !matched.contains(at) && (f.is_element() || f.attribute));
        let missing: Vec<(String, bool)> = missing.map(|(_, f)| (f.xml_name.clone(), f.card == Card::One)).collect();
        for (name, required) in missing {
            match way {
                Way::Received => {
                    self.report(format!("{in_type} does not declare the schema's <{name}>: its value is dropped"))
                }
                Way::Sent if required => {
                    self.report(format!("{in_type} does not declare <{name}>, which the schema requires"))
                }
                Way::Sent => {}
            }
        }
    }
}
