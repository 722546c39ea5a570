//! The generator's output model: the Rust items it writes (structs, enums, choices, the
//! types derived from a base) and the types of their members, as the stages hand them on:
//! `types` builds them from the schemas, `emit` writes them as Rust, `service` and the
//! drift check read them.

use std::collections::BTreeMap;

/// A Rust type, before it is written: references to generated items stay indexes until
/// recursion is known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    Path(String),
    Item(usize),
    List(Box<Ty>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Card {
    One,
    Optional,
    Nillable,
    Many,
}

/// A struct member or an operation parameter.
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) ident: String,
    pub(crate) xml_name: String,
    /// The element's namespace (`""`: none).
    pub(crate) ns: String,
    pub(crate) ty: Ty,
    pub(crate) card: Card,
    /// `@name` attribute or `$text`.
    pub(crate) attribute: bool,
    pub(crate) text: bool,
    pub(crate) doc: Option<String>,
    /// Written in its own namespace, not the one it would inherit.
    pub(crate) explicit_ns: bool,
    /// Its name says it holds a credential ([`SecretNames`]).
    pub(crate) secret: bool,
    /// A wrapped array: the item element inside the field's (`Item`, or `{namespace}Item`
    /// when the item is in another namespace); the field's type is then `Vec` of `ty`.
    pub(crate) wrapped: Option<String>,
}

impl Field {
    /// The element name soapkit writes: `Outer/Item` for a wrapped array.
    pub(crate) fn wire_name(&self) -> String {
        match &self.wrapped {
            Some(item) => format!("{}/{item}", self.xml_name),
            None => self.xml_name.clone(),
        }
    }

    /// Whether the field is one element (not an attribute, text, a choice or a wildcard).
    pub(crate) fn is_element(&self) -> bool {
        !self.attribute && !self.text && !self.xml_name.starts_with('$')
    }
}

pub(crate) enum ItemKind {
    Struct(Vec<Field>),
    Enum(Vec<(String, String, Option<String>)>),
    /// A base type and the types derived from it, told apart by `xsi:type`: (variant,
    /// its `{namespace}Local` name or the base's plain one, the type's struct).
    Derived(Vec<(String, String, Ty)>),
    /// The alternatives of an `xs:choice`: (variant, element name, its type).
    Choice(Vec<(String, String, Ty)>),
}

pub(crate) struct Item {
    pub(crate) ident: String,
    pub(crate) doc: Option<String>,
    pub(crate) kind: ItemKind,
}

/// Every item of one output, with the namespace markers their members name.
#[derive(Default)]
pub(crate) struct Items {
    pub(crate) items: Vec<Item>,
    /// Namespace URI → marker type name, for `InNamespace`.
    pub(crate) markers: BTreeMap<String, String>,
}
