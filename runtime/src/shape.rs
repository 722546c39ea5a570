//! The XML shape of a Rust type, as its `Deserialize` implementation reads it: which
//! elements a struct holds, in what order, in which namespace, optional or required,
//! single or repeated. The drift check compares it with a WSDL's schema, so that a member
//! renamed or moved in a hand-written type is found before it silently drops data.
//!
//! The shape is found by tracing: `T::deserialize` runs against a deserializer that reads
//! nothing and records what it is asked for. A struct names its fields
//! (`deserialize_struct`), an `Option` asks `deserialize_option`, a `Vec`
//! `deserialize_seq`, `xsd::InNamespace` a newtype named by its namespace URI. A field
//! whose value cannot be made up (an enum, a date parsed from text, a struct already
//! described) ends that run once it is recorded; the next run, from the top, passes it by,
//! so every field is seen and the runs are as many as such fields, at most.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::xml::markers;

/// What a type reads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Shape {
    /// Text content: a number, a string, a date, an enumeration, base64.
    Text,
    /// A struct of elements (and attributes, text): its members in order.
    Struct {
        /// The Rust type's name.
        name: &'static str,
        /// The members, in declaration order.
        members: Vec<Member>,
    },
    /// A struct being described further up: a recursive type.
    Recursive(&'static str),
    /// What tracing cannot see into: a choice, a base type with its derived types, a map,
    /// raw XML.
    Opaque,
}

/// One member of a struct, or a parameter or result: its serde name and how it occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The serde name: an element's local name, `@attribute`, `$text`, `Outer/Item` for a
    /// wrapped array, `$choice:A|B`, `$any`.
    pub name: &'static str,
    /// Read as an `Option` (or `Nillable`): may be absent.
    pub optional: bool,
    /// Read as a sequence: may repeat.
    pub repeated: bool,
    /// The namespace it is written in when not its parent's (`xsd::InNamespace`; `""` for
    /// `xsd::Unqualified`).
    pub namespace: Option<&'static str>,
    /// What the member holds.
    pub shape: Shape,
}

impl Member {
    /// A value of text, optional and repeated as given (what generated code says of a
    /// plain scalar without tracing it).
    #[doc(hidden)]
    pub const fn text(optional: bool, repeated: bool) -> Member {
        Member { name: "", optional, repeated, namespace: None, shape: Shape::Text }
    }
}

/// The shape of `T`, as its `Deserialize` implementation reads it.
pub fn shape_of<T: Deserialize<'static>>() -> Shape {
    value_of::<T>().shape
}

/// `T` as a value of an element: whether it is optional (`Option<_>`), repeated (`Vec<_>`),
/// in a namespace of its own, and its shape. The member's `name` is empty.
pub fn value_of<T: Deserialize<'static>>() -> Member {
    let tracing = Tracing::default();
    // Each run records at least one more field than the last, or is the last.
    for _ in 0..RUNS {
        let mut slot = Slot::default();
        let stop = T::deserialize(Tracer { tracing: &tracing, slot: &mut slot }).err();
        if stop != Some(Stop::Again) {
            return Member {
                name: "",
                optional: slot.optional,
                repeated: slot.repeated,
                namespace: slot.namespace,
                shape: slot.shape.unwrap_or(Shape::Opaque),
            };
        }
    }
    Member { name: "", optional: false, repeated: false, namespace: None, shape: Shape::Opaque }
}

/// More runs than any schema's fields: a bound, should a `Deserialize` impl misbehave.
const RUNS: usize = 100_000;

/// What tracing has found, across runs.
#[derive(Default)]
struct Tracing {
    /// The members recorded for each struct.
    members: RefCell<BTreeMap<&'static str, BTreeMap<&'static str, Member>>>,
    /// The fields each struct's next runs pass by: their values stopped a run.
    passed: RefCell<BTreeSet<(&'static str, &'static str)>>,
    /// Structs whose every field is recorded.
    done: RefCell<BTreeMap<&'static str, Shape>>,
    /// Structs being traced in this run, to stop at recursion.
    open: RefCell<BTreeSet<&'static str>>,
}

/// What one value is found to be.
#[derive(Default)]
struct Slot {
    optional: bool,
    repeated: bool,
    namespace: Option<&'static str>,
    shape: Option<Shape>,
}

/// Why tracing stopped.
#[derive(Debug, PartialEq, Eq)]
enum Stop {
    /// This value can be followed no further (it is recorded as far as it went).
    Here,
    /// A field was recorded and is passed by from now on: run again from the top.
    Again,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("tracing stops here")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    // A visitor's own complaint (a value it cannot take, a missing field) ends this value.
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop::Here
    }
}

type Result<T> = std::result::Result<T, Stop>;

struct Tracer<'t> {
    tracing: &'t Tracing,
    slot: &'t mut Slot,
}

impl Tracer<'_> {
    fn text(self) -> &'static str {
        self.slot.shape.get_or_insert(Shape::Text);
        ""
    }

    fn opaque<T>(self) -> Result<T> {
        self.slot.shape.get_or_insert(Shape::Opaque);
        Err(Stop::Here)
    }

    fn structure<'de, V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let tracing = self.tracing;
        if let Some(done) = tracing.done.borrow().get(name) {
            self.slot.shape = Some(done.clone());
            return Err(Stop::Here);
        }
        if !tracing.open.borrow_mut().insert(name) {
            self.slot.shape = Some(Shape::Recursive(name));
            return Err(Stop::Here);
        }
        let mut access = Fields { tracing, name, fields, next: 0, finished: false };
        let result = visitor.visit_map(&mut access);
        tracing.open.borrow_mut().remove(name);
        if access.finished || result.as_ref().is_err_and(|stop| *stop == Stop::Here) {
            let mut recorded = tracing.members.borrow_mut();
            let recorded = recorded.entry(name).or_default();
            let members = fields.iter().filter_map(|f| recorded.get(f).cloned()).collect();
            let shape = Shape::Struct { name, members };
            if access.finished {
                tracing.done.borrow_mut().insert(name, shape.clone());
            }
            self.slot.shape = Some(shape);
        }
        result
    }
}

/// A struct's fields, in order, less those passed by.
struct Fields<'t> {
    tracing: &'t Tracing,
    name: &'static str,
    fields: &'static [&'static str],
    next: usize,
    /// Every field was offered.
    finished: bool,
}

impl<'de> de::MapAccess<'de> for &mut Fields<'_> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let passed = self.tracing.passed.borrow();
        while let Some(field) = self.fields.get(self.next) {
            if !passed.contains(&(self.name, *field)) {
                return seed.deserialize(field.into_deserializer()).map(Some);
            }
            self.next += 1;
        }
        self.finished = true;
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let field = self.fields[self.next];
        self.next += 1;
        let mut slot = Slot::default();
        let result = seed.deserialize(Tracer { tracing: self.tracing, slot: &mut slot });
        let member = Member {
            name: field,
            optional: slot.optional,
            repeated: slot.repeated,
            namespace: slot.namespace,
            shape: slot.shape.unwrap_or(Shape::Opaque),
        };
        self.tracing.members.borrow_mut().entry(self.name).or_default().insert(field, member);
        match result {
            Err(Stop::Here) => {
                self.tracing.passed.borrow_mut().insert((self.name, field));
                Err(Stop::Again)
            }
            other => other,
        }
    }
}

/// A sequence of one item, traced into the sequence's own slot.
struct One<'t> {
    tracer: Option<Tracer<'t>>,
}

impl<'de> de::SeqAccess<'de> for One<'_> {
    type Error = Stop;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.tracer.take() {
            Some(tracer) => seed.deserialize(tracer).map(Some),
            None => Ok(None),
        }
    }
}

macro_rules! scalars {
    ($($method:ident => $visit:ident($value:expr);)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            self.text();
            visitor.$visit($value)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Tracer<'_> {
    type Error = Stop;

    scalars! {
        deserialize_bool => visit_bool(false);
        deserialize_i8 => visit_i8(0);
        deserialize_i16 => visit_i16(0);
        deserialize_i32 => visit_i32(0);
        deserialize_i64 => visit_i64(0);
        deserialize_i128 => visit_i128(0);
        deserialize_u8 => visit_u8(0);
        deserialize_u16 => visit_u16(0);
        deserialize_u32 => visit_u32(0);
        deserialize_u64 => visit_u64(0);
        deserialize_u128 => visit_u128(0);
        deserialize_f32 => visit_f32(0.0);
        deserialize_f64 => visit_f64(0.0);
        deserialize_char => visit_char('a');
        deserialize_bytes => visit_bytes(&[]);
        deserialize_byte_buf => visit_bytes(&[]);
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.text();
        visitor.visit_unit()
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_str(self.text())
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_str(self.text())
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_str(self.text())
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        self.opaque()
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.slot.optional = true;
        visitor.visit_some(self)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value> {
        self.text();
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if name == markers::RAW || name == markers::ANY_ELEMENT {
            return self.opaque();
        }
        if name == markers::UNQUALIFIED {
            self.slot.namespace = Some("");
        } else if name == markers::CHILDREN {
            self.slot.repeated = true;
        } else if is_namespace(name) {
            self.slot.namespace = Some(name);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.slot.repeated = true;
        visitor.visit_seq(One { tracer: Some(self) })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        self.opaque()
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, _: V) -> Result<V::Value> {
        self.opaque()
    }

    fn deserialize_map<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        self.opaque()
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.structure(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value> {
        // An enumeration is text; a base type with its derived ones is not followed.
        if name == markers::XSI_TYPED {
            return self.opaque();
        }
        self.text();
        Err(Stop::Here)
    }
}

/// Whether a newtype's name is a namespace URI (`xsd::InNamespace`), which no Rust type's
/// name can be: it holds a character an identifier does not.
fn is_namespace(name: &str) -> bool {
    !name.starts_with('$') && name.chars().any(|c| !(c.is_alphanumeric() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xsd::{InNamespace, Namespace, Nillable, Unqualified};
    use serde::Deserialize;

    struct Common;
    impl Namespace for Common {
        const URI: &'static str = "urn:common";
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    enum Domain {
        Web,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Person {
        #[serde(rename = "@id")]
        id: u32,
        #[serde(rename = "Domain")]
        domain: Domain,
        #[serde(rename = "Name")]
        name: Option<String>,
        #[serde(rename = "Emails/Email", default)]
        emails: Vec<String>,
        #[serde(rename = "Born")]
        born: Option<crate::xsd::Base64Binary>,
        #[serde(rename = "Address")]
        address: Nillable<InNamespace<Common, Address>>,
        #[serde(rename = "Parent")]
        parent: Option<Box<Person>>,
        #[serde(rename = "Code")]
        code: Unqualified<i32>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Address {
        #[serde(rename = "Street")]
        street: String,
    }

    fn member(
        name: &'static str,
        optional: bool,
        repeated: bool,
        namespace: Option<&'static str>,
        shape: Shape,
    ) -> Member {
        Member { name, optional, repeated, namespace, shape }
    }

    #[test]
    fn a_struct_is_traced_member_by_member_through_whatever_stops_a_run() {
        let address =
            Shape::Struct { name: "Address", members: vec![member("Street", false, false, None, Shape::Text)] };
        assert_eq!(
            shape_of::<Person>(),
            Shape::Struct {
                name: "Person",
                members: vec![
                    member("@id", false, false, None, Shape::Text),
                    member("Domain", false, false, None, Shape::Text),
                    member("Name", true, false, None, Shape::Text),
                    member("Emails/Email", false, true, None, Shape::Text),
                    member("Born", true, false, None, Shape::Text),
                    member("Address", true, false, Some("urn:common"), address),
                    member("Parent", true, false, None, Shape::Recursive("Person")),
                    member("Code", false, false, Some(""), Shape::Text),
                ],
            }
        );
    }

    #[test]
    fn what_is_not_a_struct_has_its_own_shape() {
        assert_eq!(shape_of::<i32>(), Shape::Text);
        assert_eq!(shape_of::<crate::xsd::RawXml>(), Shape::Opaque);
        assert_eq!(shape_of::<std::collections::BTreeMap<String, i32>>(), Shape::Opaque);
    }
}
