//! What the generator knows of the input, owned and independent of the XML it came from:
//! the schemas' elements and types, and the WSDL's messages, port types and bindings.

use std::collections::BTreeMap;

use crate::error::Location;

/// A namespace-qualified name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct QName {
    pub(crate) ns: String,
    pub(crate) local: String,
}

impl QName {
    pub(crate) fn new(ns: &str, local: &str) -> Self {
        QName { ns: ns.to_owned(), local: local.to_owned() }
    }
}

impl std::fmt::Display for QName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{{{}}}{}", self.ns, self.local)
    }
}

pub(crate) const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// Whether `ns` is XML Schema's namespace, or one of the drafts' that old WSDLs still use.
pub(crate) fn is_xs(ns: Option<&str>) -> bool {
    matches!(ns, Some(XS | "http://www.w3.org/2000/10/XMLSchema" | "http://www.w3.org/1999/XMLSchema"))
}

/// Schemas every processor knows, which imports name without a location or with one on
/// the web: they are not read (their types are built in, or never part of a literal message).
pub(crate) fn is_well_known(ns: &str) -> bool {
    is_xs(Some(ns))
        || matches!(
            ns,
            "http://schemas.xmlsoap.org/soap/encoding/"
                | "http://www.w3.org/2003/05/soap-encoding"
                | "http://www.w3.org/XML/1998/namespace"
                | "http://schemas.xmlsoap.org/wsdl/"
        )
}

/// How many times a particle may occur: `max` is `None` for `unbounded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurs {
    pub(crate) min: u64,
    pub(crate) max: Option<u64>,
}

impl Occurs {
    pub(crate) const ONCE: Occurs = Occurs { min: 1, max: Some(1) };

    pub(crate) fn is_many(self) -> bool {
        self.max != Some(1) && self.max != Some(0)
    }
}

/// A type, named or written inline.
#[derive(Debug, Clone)]
pub(crate) enum TypeRef {
    Named(QName),
    Inline(Box<TypeDef>),
}

/// An element declaration, global or local.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub(crate) name: String,
    /// The namespace the element is in on the wire (`""` for an unqualified local one).
    pub(crate) ns: String,
    pub(crate) ty: TypeRef,
    pub(crate) nillable: bool,
    /// Declared at the top of a schema (its anonymous type is then one type, wherever the
    /// element is referenced).
    pub(crate) global: bool,
    /// `abstract="true"`: only the members of its substitution group stand in its place.
    pub(crate) abstract_: bool,
    /// The head of the substitution group the element belongs to.
    pub(crate) substitution_group: Option<QName>,
    pub(crate) doc: Option<String>,
    pub(crate) at: Location,
}

/// Content of a complex type, flattened into a list of particles.
#[derive(Debug, Clone)]
pub(crate) enum Particle {
    Element(Element, Occurs),
    /// `<xs:element ref="...">`.
    Ref(QName, Occurs, Location),
    /// `xs:any`: elements of any name.
    Any,
    /// `xs:choice`: one of the items.
    Choice(Vec<Particle>, Occurs),
    /// `xs:sequence` or `xs:all`.
    Sequence(Vec<Particle>, Occurs),
    /// `<xs:group ref="...">`.
    Group(QName, Occurs, Location),
}

#[derive(Debug, Clone)]
pub(crate) enum AttributeDecl {
    Attribute { name: String, ty: TypeRef, required: bool, doc: Option<String> },
    Ref(QName, bool),
    Group(QName),
}

/// A type definition.
#[derive(Debug, Clone)]
pub(crate) enum TypeDef {
    Simple(SimpleType),
    Complex(ComplexType),
}

#[derive(Debug, Clone)]
pub(crate) struct SimpleType {
    pub(crate) doc: Option<String>,
    pub(crate) kind: SimpleKind,
    pub(crate) at: Location,
}

#[derive(Debug, Clone)]
pub(crate) enum SimpleKind {
    /// A restriction of `base`, with its enumeration values if it has any.
    Restriction {
        base: TypeRef,
        values: Vec<EnumValue>,
    },
    List(TypeRef),
    Union,
}

#[derive(Debug, Clone)]
pub(crate) struct EnumValue {
    pub(crate) value: String,
    pub(crate) doc: Option<String>,
    /// WCF's `EnumerationValue` (the number behind the name).
    pub(crate) number: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct ComplexType {
    pub(crate) doc: Option<String>,
    /// `complexContent` extension: the base's members come first.
    pub(crate) extends: Option<QName>,
    /// `simpleContent`: the text's type.
    pub(crate) text: Option<TypeRef>,
    pub(crate) particles: Vec<Particle>,
    pub(crate) attributes: Vec<AttributeDecl>,
    pub(crate) any_attribute: bool,
    /// `abstract="true"`: never sent as itself, only as a derived type.
    pub(crate) abstract_: bool,
    pub(crate) mixed: bool,
    pub(crate) at: Location,
}

/// Every schema of the input, merged: names are global across them.
#[derive(Debug, Default)]
pub(crate) struct Schemas {
    pub(crate) elements: BTreeMap<QName, Element>,
    pub(crate) types: BTreeMap<QName, TypeDef>,
    pub(crate) groups: BTreeMap<QName, Vec<Particle>>,
    pub(crate) attribute_groups: BTreeMap<QName, Vec<AttributeDecl>>,
    pub(crate) attributes: BTreeMap<QName, AttributeDecl>,
}

/// A WSDL message part: an element (document style) or a type (rpc style).
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) element: Option<QName>,
    pub(crate) ty: Option<QName>,
}

#[derive(Debug, Clone)]
pub(crate) struct PortOperation {
    pub(crate) name: String,
    pub(crate) doc: Option<String>,
    pub(crate) input: Option<QName>,
    pub(crate) output: Option<QName>,
    pub(crate) faults: Vec<QName>,
    pub(crate) at: Location,
}

#[derive(Debug, Clone)]
pub(crate) struct PortType {
    pub(crate) name: QName,
    pub(crate) doc: Option<String>,
    pub(crate) operations: Vec<PortOperation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    Soap11,
    Soap12,
}

/// One direction of a bound operation: how its message goes into the envelope.
#[derive(Debug, Clone, Default)]
pub(crate) struct BindingIo {
    pub(crate) encoded: bool,
    pub(crate) namespace: Option<String>,
    /// `soap:body parts="..."`: the parts in the body, when not all.
    pub(crate) parts: Option<Vec<String>>,
    /// `soap:header`: (message, part).
    pub(crate) headers: Vec<(QName, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct BindingOperation {
    pub(crate) name: String,
    pub(crate) soap_action: Option<String>,
    pub(crate) rpc: Option<bool>,
    pub(crate) input: BindingIo,
    pub(crate) output: BindingIo,
    pub(crate) at: Location,
}

#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub(crate) name: QName,
    pub(crate) port_type: QName,
    pub(crate) version: Version,
    pub(crate) rpc: bool,
    pub(crate) operations: Vec<BindingOperation>,
    /// What its WS-Policy asks every call to carry.
    pub(crate) policy: crate::policy::Policy,
    pub(crate) at: Location,
}

/// The WSDL's own parts, merged over `wsdl:import`s.
#[derive(Debug, Default)]
pub(crate) struct Definitions {
    pub(crate) target_namespace: String,
    pub(crate) doc: Option<String>,
    pub(crate) messages: BTreeMap<QName, Vec<Part>>,
    pub(crate) port_types: Vec<PortType>,
    pub(crate) bindings: BTreeMap<QName, Binding>,
    /// `wsdl:service` ports: binding → the endpoint's `soap:address`.
    pub(crate) addresses: BTreeMap<QName, String>,
}
