//! A serde `Deserializer` over the parsed reply tree ([`super::tree`]).
//!
//! It reads what [`super::ser`] writes, and what real servers send besides:
//! - struct fields match child elements by local name, whatever the prefix; unknown
//!   children are ignored (WCF's rule for forward compatibility);
//! - a run of same-named children is one `Vec` field; an element read as a `Vec` on its own
//!   (a result, or a WCF `ArrayOf...`) yields its children, whatever their names;
//! - `xsi:nil="true"` reads as `None` (with any prefix bound to the XSI namespace); an
//!   absent element reads as `None` or an empty `Vec`; an empty element is `Some("")`;
//! - `bool` accepts `true`/`false`/`1`/`0`, floats accept `INF`/`-INF`/`NaN`, and
//!   surrounding whitespace is ignored for every non-string scalar;
//! - `xsi:type` is ignored here (the tree keeps it for callers that ask).

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

mod choice;

use super::error::DecodeError;
use super::fields;
use super::markers;
use super::tree::{Document, NodeId};

type Result<T> = std::result::Result<T, DecodeError>;

/// Reads a `T` from element `id`.
pub(crate) fn from_node<'de, T: de::Deserialize<'de>>(doc: &'de Document, id: NodeId) -> Result<T> {
    T::deserialize(NodeDe { doc, id }).map_err(|e| in_element(doc, id, e))
}

/// Reads the child elements named `name` of `parent` as one `T`, as a struct field of
/// that name would be read: a `Vec` from every such child, anything else from the one.
/// (A request's parameters are the wrapper's fields; a repeated one is a `Vec`.)
#[cfg(feature = "server")]
pub(crate) fn field_from_node<T: de::DeserializeOwned>(
    doc: &Document,
    parent: NodeId,
    name: &'static str,
) -> Result<T> {
    struct Field<T> {
        name: &'static str,
        marker: std::marker::PhantomData<T>,
    }
    impl<'de, T: de::Deserialize<'de>> de::DeserializeSeed<'de> for Field<T> {
        type Value = T;
        fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<T, D::Error> {
            // The field list only matters for text and open content, which a parameter
            // is not; the keys are matched by name in `visit_map`.
            deserializer.deserialize_struct("$field", &[], self)
        }
    }
    impl<'de, T: de::Deserialize<'de>> de::Visitor<'de> for Field<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "an element <{}>", self.name)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<T, A::Error> {
            let mut value = None;
            let element = fields::element(self.name);
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == element && value.is_none() {
                    value = Some(if element == self.name {
                        map.next_value::<T>()?
                    } else {
                        map.next_value_seed(Items(std::marker::PhantomData::<T>))?
                    });
                } else {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
            match value {
                Some(value) => Ok(value),
                None => from_absent(self.name).map_err(|e| de::Error::custom(e.0)),
            }
        }
    }
    /// A wrapped array parameter (`Outer/Item`): the value is read from the element's
    /// children, not from the run of same-named elements.
    struct Items<T>(std::marker::PhantomData<T>);
    impl<'de, T: de::Deserialize<'de>> de::DeserializeSeed<'de> for Items<T> {
        type Value = T;
        fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<T, D::Error> {
            markers::newtype(deserializer, markers::CHILDREN)
        }
    }
    de::DeserializeSeed::deserialize(Field { name, marker: std::marker::PhantomData }, NodeDe { doc, id: parent })
        .map_err(|e| in_element(doc, parent, e))
}

/// Reads a `T` from an element that is not there: `None`, `()` or an empty `Vec`.
pub(crate) fn from_absent<'de, T: de::Deserialize<'de>>(element: &str) -> Result<T> {
    T::deserialize(Absent).map_err(|_| DecodeError(format!("missing element <{element}>")))
}

/// Adds where the error happened, once, at the outermost element.
fn in_element(doc: &Document, id: NodeId, e: DecodeError) -> DecodeError {
    if e.0.contains(" in <") { e } else { DecodeError(format!("{} in <{}>", e.0, doc.local_name(id))) }
}

#[derive(Clone, Copy)]
pub(crate) struct NodeDe<'de> {
    pub(crate) doc: &'de Document,
    pub(crate) id: NodeId,
}

impl<'de> NodeDe<'de> {
    fn text(&self) -> &'de str {
        self.doc.text(self.id)
    }

    fn trimmed(&self) -> &'de str {
        xml_trim(self.text())
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T> {
        let text = self.trimmed();
        text.parse().map_err(|_| self.invalid(what, text))
    }

    #[cold]
    fn invalid(&self, what: &str, text: &str) -> DecodeError {
        let shown: String = text.chars().take(40).collect();
        DecodeError(format!("invalid {what} `{shown}` in <{}>", self.doc.local_name(self.id)))
    }

    /// A nil element reads as `None`; anywhere else it is an error rather than a silent
    /// empty string or default, which would hide the server's "null".
    fn not_nil(&self) -> Result<()> {
        if self.doc.is_nil(self.id) {
            return Err(DecodeError(format!(
                "<{}> is xsi:nil; declare it as an Option to accept null",
                self.doc.local_name(self.id)
            )));
        }
        Ok(())
    }

    /// The variant of an [`XSI_TYPED`](crate::xsd::XSI_TYPED) enum that the element's
    /// `xsi:type` names (`{namespace}Local`), or the first (the base type) when it names
    /// none of them or is absent: a type this client does not know reads as its base.
    fn xsi_variant(&self, variants: &'static [&'static str]) -> &'static str {
        let named = self.doc.attributes(self.id).find(|(ns, local, _)| *ns == super::tree::XSI && *local == "type");
        let wanted = named.map(|(_, _, value)| {
            let (ns, local) = self.doc.resolve_qname_in_text(self.id, value.trim());
            format!("{{{ns}}}{local}")
        });
        wanted
            .and_then(|wanted| variants.iter().find(|v| **v == wanted))
            .or(variants.first())
            .copied()
            .unwrap_or_default()
    }

    fn float(&self) -> Result<f64> {
        let text = self.trimmed();
        number(text).ok_or_else(|| self.invalid("number", text))
    }
}

/// The one place scalars are read from text, for elements and attributes alike.
/// XML Schema's white space (space, tab, CR, LF) around a non-string scalar is ignored.
pub(super) fn xml_trim(text: &str) -> &str {
    text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

/// `xs:boolean`: `true`, `false`, `1`, `0`.
fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// `xs:double`, with XML Schema's spellings of the special values.
fn number(text: &str) -> Option<f64> {
    match text {
        "INF" => Some(f64::INFINITY),
        "-INF" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        _ => text.parse().ok(),
    }
}

macro_rules! parse_scalars {
    ($($method:ident => $visit:ident: $ty:ty, $what:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            visitor.$visit(self.parse::<$ty>($what)?)
        }
    )*};
}

/// Every integer width, for a deserializer with a `parse` of its text.
macro_rules! parse_integers {
    () => {
        parse_scalars! {
            deserialize_i8 => visit_i8: i8, "integer";
            deserialize_i16 => visit_i16: i16, "integer";
            deserialize_i32 => visit_i32: i32, "integer";
            deserialize_i64 => visit_i64: i64, "integer";
            deserialize_i128 => visit_i128: i128, "integer";
            deserialize_u8 => visit_u8: u8, "unsigned integer";
            deserialize_u16 => visit_u16: u16, "unsigned integer";
            deserialize_u32 => visit_u32: u32, "unsigned integer";
            deserialize_u64 => visit_u64: u64, "unsigned integer";
            deserialize_u128 => visit_u128: u128, "unsigned integer";
        }
    };
}

/// The deserializer methods of a run of same-named elements that read its first element
/// alone (`self.into_first()`), so that scalars keep their parsing: the tree's runs and
/// the streaming reader's both.
macro_rules! forward_to_first {
    () => {
        forward_to_first! {
            deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
            deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
            deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
            deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
            deserialize_string(); deserialize_bytes(); deserialize_byte_buf(); deserialize_unit();
            deserialize_unit_struct(name: &'static str); deserialize_tuple(len: usize);
            deserialize_tuple_struct(name: &'static str, len: usize); deserialize_map();
            deserialize_struct(name: &'static str, fields: &'static [&'static str]);
            deserialize_enum(name: &'static str, variants: &'static [&'static str]);
            deserialize_identifier(); deserialize_ignored_any();
        }
    };
    ($($method:ident($($arg:ident: $ty:ty),*);)+) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value> {
            self.into_first().$method($($arg,)* visitor)
        }
    )*};
}

pub(crate) mod stream;

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.doc.is_nil(self.id) {
            visitor.visit_none()
        } else if self.doc.has_children(self.id) || self.doc.attributes(self.id).next().is_some() {
            self.deserialize_map(visitor)
        } else {
            visitor.visit_borrowed_str(self.text())
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let text = self.trimmed();
        visitor.visit_bool(boolean(text).ok_or_else(|| self.invalid("boolean", text))?)
    }

    parse_integers!();

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(self.float()? as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let text = self.text();
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(self.invalid("character", text)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.not_nil()?;
        visitor.visit_borrowed_str(self.text())
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        use base64::Engine as _;
        // base64Binary may be wrapped over several lines.
        let text: String = self.text().chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map_err(|_| self.invalid("base64Binary", &text))?;
        visitor.visit_byte_buf(bytes)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.doc.is_nil(self.id) { visitor.visit_none() } else { visitor.visit_some(self) }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if name == markers::RAW {
            return visitor.visit_newtype_struct(ScalarText(self.doc.raw_inner(self.id)));
        }
        if name == markers::ANY_ELEMENT {
            return visitor.visit_newtype_struct(ScalarText(self.doc.raw(self.id)));
        }
        if name == markers::SECRET {
            crate::secrets::collect_read(self.doc, self.id);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_seq(Siblings { doc: self.doc, next: self.doc.children(self.id).next(), name: None })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_map(Fields::new(self.doc, self.id, false, &[]))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.not_nil()?;
        let wants_text = fields.iter().any(|f| *f == "$text" || *f == "$value");
        visitor.visit_map(Fields::new(self.doc, self.id, wants_text, fields))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if name == markers::XSI_TYPED {
            return visitor.visit_enum(Variant {
                doc: self.doc,
                name: self.xsi_variant(variants),
                content: Some(self.id),
            });
        }
        match self.doc.children(self.id).next() {
            // `<Shape><Circle>..</Circle></Shape>`: the child names the variant.
            Some(child) => {
                visitor.visit_enum(Variant { doc: self.doc, name: self.doc.local_name(child), content: Some(child) })
            }
            // `<Domain>LoginCustomerCenter</Domain>`: the text names it.
            None => visitor.visit_enum(Variant { doc: self.doc, name: self.trimmed(), content: None }),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.trimmed())
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
}

/// The children of a struct element, as a map: attributes (`@name`) first, then one entry
/// per run of same-named child elements (or, for a `$choice:A|B` field, per run of its
/// alternatives), then `$any` with the children no field names if the struct has such a
/// field, then `$text` if the struct asks for it.
struct Fields<'de> {
    doc: &'de Document,
    attributes: Vec<(&'de str, &'de str)>,
    next_attribute: usize,
    next_child: Option<NodeId>,
    text: Option<&'de str>,
    value: Pending,
    /// The struct's fields, when some are open content (`$choice:…`, `$any`); else empty.
    open: &'static [&'static str],
    /// Children for `$any`, when the struct has it.
    any: Option<Vec<NodeId>>,
    /// The struct's fields, when some are wrapped arrays (`Outer/Item`); else empty.
    wrapped: &'static [&'static str],
}

enum Pending {
    None,
    Attribute(usize),
    Group(NodeId),
    /// A wrapped array's element: its children are the items.
    Wrapped(NodeId),
    Choice(NodeId, Option<NodeId>),
    Any,
    Text,
}

impl<'de> Fields<'de> {
    fn new(doc: &'de Document, id: NodeId, wants_text: bool, fields: &'static [&'static str]) -> Self {
        // `xsi:nil` is handled as `None`; `xsi:type` is offered as the field `@xsi:type`
        // (the type's local name), so a struct can see which derived type the server sent.
        let attributes = doc
            .attributes(id)
            .filter_map(|(ns, local, value)| match (ns == super::tree::XSI, local) {
                (false, _) => Some((local, value)),
                (true, "type") => Some(("xsi:type", value.rsplit(':').next().unwrap_or(value))),
                (true, _) => None,
            })
            .collect();
        Fields {
            doc,
            attributes,
            next_attribute: 0,
            next_child: doc.children(id).next(),
            text: wants_text.then(|| doc.text(id)),
            value: Pending::None,
            open: if fields.iter().any(|f| fields::is_open(f)) { fields } else { &[] },
            any: fields.contains(&fields::ANY).then(Vec::new),
            wrapped: if fields.iter().any(|f| fields::split_wrapped(f).is_some()) { fields } else { &[] },
        }
    }

    /// Sets aside for `$any` the children no field names, up to the next one that has a
    /// field; returns that child's choice field, if it is an alternative of one.
    fn next_choice(&mut self) -> Option<(NodeId, &'static str)> {
        while let Some(child) = self.next_child {
            let name = self.doc.local_name(child);
            if let Some(key) = fields::choice_of(self.open, name) {
                return Some((child, key));
            }
            match &mut self.any {
                Some(any) if !self.open.contains(&name) && fields::wrapped_field_of(self.wrapped, name).is_none() => {
                    any.push(child);
                    self.next_child = self.doc.next_sibling(child);
                }
                _ => return None,
            }
        }
        None
    }
}

impl<'de> de::MapAccess<'de> for Fields<'de> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if let Some((name, _)) = self.attributes.get(self.next_attribute) {
            self.value = Pending::Attribute(self.next_attribute);
            self.next_attribute += 1;
            let key = format!("@{name}");
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        if !self.open.is_empty() {
            if let Some((child, key)) = self.next_choice() {
                // The run of this choice's alternatives, whatever their order.
                let mut next = self.doc.next_sibling(child);
                while let Some(n) = next.filter(|&n| fields::choice_of(self.open, self.doc.local_name(n)) == Some(key))
                {
                    next = self.doc.next_sibling(n);
                }
                self.next_child = next;
                self.value = Pending::Choice(child, next);
                return seed.deserialize(de::value::BorrowedStrDeserializer::<DecodeError>::new(key)).map(Some);
            }
            if self.next_child.is_none() && self.any.as_ref().is_some_and(|any| !any.is_empty()) {
                self.value = Pending::Any;
                return seed.deserialize(de::value::BorrowedStrDeserializer::<DecodeError>::new(fields::ANY)).map(Some);
            }
        }
        if let Some(child) = self.next_child {
            let name = self.doc.local_name(child);
            // Skip the rest of this run: the value's `Vec` (if it is one) reads it.
            let mut next = self.doc.next_sibling(child);
            while let Some(n) = next {
                if self.doc.local_name(n) != name {
                    break;
                }
                next = self.doc.next_sibling(n);
            }
            self.next_child = next;
            if let Some(field) = fields::wrapped_field_of(self.wrapped, name) {
                self.value = Pending::Wrapped(child);
                return seed.deserialize(de::value::BorrowedStrDeserializer::<DecodeError>::new(field)).map(Some);
            }
            self.value = Pending::Group(child);
            return seed.deserialize(de::value::BorrowedStrDeserializer::<DecodeError>::new(name)).map(Some);
        }
        if self.text.is_some() {
            self.value = Pending::Text;
            return seed.deserialize(de::value::BorrowedStrDeserializer::<DecodeError>::new("$text")).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match std::mem::replace(&mut self.value, Pending::None) {
            Pending::Attribute(i) => seed.deserialize(ScalarText(self.attributes[i].1)),
            Pending::Group(first) => {
                seed.deserialize(Group { doc: self.doc, first }).map_err(|e| in_element(self.doc, first, e))
            }
            Pending::Wrapped(id) => {
                seed.deserialize(NodeDe { doc: self.doc, id }).map_err(|e| in_element(self.doc, id, e))
            }
            Pending::Choice(first, end) => seed.deserialize(choice::Choice { doc: self.doc, first, end }),
            Pending::Any => {
                let nodes = self.any.replace(Vec::new()).unwrap_or_default();
                seed.deserialize(choice::Elements { doc: self.doc, nodes })
            }
            Pending::Text => seed.deserialize(ScalarText(self.text.take().unwrap_or(""))),
            Pending::None => Err(DecodeError("a value was asked for before its key".into())),
        }
    }
}

/// A run of same-named sibling elements: a `Vec` reads all of them, anything else reads
/// the first.
struct Group<'de> {
    doc: &'de Document,
    first: NodeId,
}

impl<'de> Group<'de> {
    fn into_first(self) -> NodeDe<'de> {
        NodeDe { doc: self.doc, id: self.first }
    }
}

impl<'de> de::Deserializer<'de> for Group<'de> {
    type Error = DecodeError;

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let name = self.doc.local_name(self.first);
        visitor.visit_seq(Siblings { doc: self.doc, next: Some(self.first), name: Some(name) })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.doc.is_nil(self.first) { visitor.visit_none() } else { visitor.visit_some(self) }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if name == markers::CHILDREN {
            // A WCF array field: its items are the element's children, not the run.
            return visitor.visit_newtype_struct(NodeDe { doc: self.doc, id: self.first });
        }
        if name == markers::RAW || name == markers::SECRET {
            return NodeDe { doc: self.doc, id: self.first }.deserialize_newtype_struct(name, visitor);
        }
        visitor.visit_newtype_struct(self)
    }

    forward_to_first!();
}

/// Consecutive siblings from `next`, all of them or only those named `name`.
struct Siblings<'de> {
    doc: &'de Document,
    next: Option<NodeId>,
    name: Option<&'de str>,
}

impl<'de> de::SeqAccess<'de> for Siblings<'de> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let Some(id) = self.next else { return Ok(None) };
        if let Some(name) = self.name
            && self.doc.local_name(id) != name
        {
            return Ok(None);
        }
        self.next = self.doc.next_sibling(id);
        seed.deserialize(NodeDe { doc: self.doc, id }).map(Some)
    }
}

/// An enum variant named by an element's text or by its child's name.
pub(crate) struct Variant<'de> {
    pub(crate) doc: &'de Document,
    pub(crate) name: &'de str,
    pub(crate) content: Option<NodeId>,
}

impl<'de> de::EnumAccess<'de> for Variant<'de> {
    type Error = DecodeError;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let value = seed.deserialize(de::value::BorrowedStrDeserializer::<DecodeError>::new(self.name))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'de> {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        match self.content {
            Some(id) => seed.deserialize(NodeDe { doc: self.doc, id }),
            None => Err(DecodeError(format!("variant `{}` needs content", self.name))),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        match self.content {
            Some(id) => de::Deserializer::deserialize_tuple(NodeDe { doc: self.doc, id }, len, visitor),
            None => Err(DecodeError(format!("variant `{}` needs content", self.name))),
        }
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value> {
        match self.content {
            Some(id) => de::Deserializer::deserialize_struct(NodeDe { doc: self.doc, id }, "", fields, visitor),
            None => Err(DecodeError(format!("variant `{}` needs content", self.name))),
        }
    }
}

/// An attribute value or `$text`: scalars parsed from a string. Its text is handed to
/// visitors as a passing `&str`, so the streaming reader, whose text does not outlive the
/// call, reads scalars with it too.
pub(super) struct ScalarText<'a>(pub(super) &'a str);

impl ScalarText<'_> {
    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T> {
        xml_trim(self.0).parse().map_err(|_| self.invalid(what))
    }

    #[cold]
    fn invalid(&self, what: &str) -> DecodeError {
        DecodeError(format!("invalid {what} `{}`", self.0))
    }
}

impl<'de> de::Deserializer<'de> for ScalarText<'_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_str(self.0)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_bool(boolean(xml_trim(self.0)).ok_or_else(|| self.invalid("boolean"))?)
    }

    parse_integers!();

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(number(xml_trim(self.0)).ok_or_else(|| self.invalid("number"))? as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(number(xml_trim(self.0)).ok_or_else(|| self.invalid("number"))?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(de::value::StrDeserializer::new(self.0.trim()))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if name == markers::SECRET {
            crate::secrets::collect_read_text(self.0);
        }
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// An element that is not in the reply.
struct Absent;

impl<'de> de::Deserializer<'de> for Absent {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(DecodeError("missing".into()))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_none()
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // WCF omits an empty array entirely.
        visitor.visit_seq(de::value::SeqDeserializer::<std::iter::Empty<()>, DecodeError>::new(std::iter::empty()))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit_struct tuple tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn read<T: for<'de> Deserialize<'de>>(xml: &str) -> Result<T> {
        let doc = Document::parse(xml.to_owned()).unwrap();
        from_node(&doc, doc.root())
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Domain {
        LoginCustomerCenter,
        PublicFaq,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    struct Person {
        #[serde(rename = "@id")]
        id: Option<u32>,
        name: Option<String>,
        title: Option<String>,
        middle: Option<String>,
        age: i32,
        domain: Domain,
        #[serde(rename = "Email", default)]
        emails: Vec<String>,
        active: bool,
    }

    #[test]
    fn scalars_ignore_whitespace_and_accept_schema_forms() {
        assert_eq!(read::<i32>("<a>\n 42 </a>").unwrap(), 42);
        assert!(read::<bool>("<a>1</a>").unwrap());
        assert!(!read::<bool>("<a> false </a>").unwrap());
        assert_eq!(read::<f64>("<a>-INF</a>").unwrap(), f64::NEG_INFINITY);
        assert!(read::<f64>("<a>NaN</a>").unwrap().is_nan());
        assert_eq!(read::<String>("<a> x &amp; <![CDATA[<y>]]> </a>").unwrap(), " x & <y> ");
        assert_eq!(read::<Domain>("<d> PublicFaq </d>").unwrap(), Domain::PublicFaq);
        assert_eq!(read::<String>("<a/>").unwrap(), "");
    }

    #[test]
    fn reports_bad_values_with_the_element() {
        let err = read::<i32>("<TargetId>12x</TargetId>").unwrap_err();
        assert_eq!(err.0, "invalid integer `12x` in <TargetId>");
    }

    #[test]
    fn structs_read_by_local_name_with_nil_and_runs() {
        let xml = r#"<p:Person xmlns:p="urn:p" xmlns:x="http://www.w3.org/2001/XMLSchema-instance" id="9">
            <p:Name>Ann</p:Name><p:Title x:nil="true"/><Unknown><Deep/></Unknown>
            <p:Age>41</p:Age><p:Domain>LoginCustomerCenter</p:Domain>
            <p:Email>a@x</p:Email><p:Email>b@x</p:Email><p:Active>1</p:Active></p:Person>"#;
        let person: Person = read(xml).unwrap();
        assert_eq!(
            person,
            Person {
                id: Some(9),
                name: Some("Ann".into()),
                title: None,
                middle: None,
                age: 41,
                domain: Domain::LoginCustomerCenter,
                emails: vec!["a@x".into(), "b@x".into()],
                active: true,
            }
        );
    }

    #[test]
    fn an_element_read_as_a_vec_yields_its_children() {
        let xml = r#"<Ids xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"><a:int>1</a:int><a:int>2</a:int></Ids>"#;
        assert_eq!(read::<Vec<i32>>(xml).unwrap(), vec![1, 2]);
    }

    #[test]
    fn text_after_a_child_is_not_kept_so_mixed_content_stays_linear() {
        assert_eq!(read::<String>("<a>x&amp;<![CDATA[y]]><b/>z</a>").unwrap(), "x&y");
    }

    #[test]
    fn absent_is_none_or_empty() {
        assert_eq!(from_absent::<Option<String>>("X").unwrap(), None);
        assert_eq!(from_absent::<Vec<i32>>("X").unwrap(), Vec::<i32>::new());
        assert_eq!(from_absent::<String>("Response").unwrap_err().0, "missing element <Response>");
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Carrier {
        #[serde(rename = "Id")]
        id: i32,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Circle {
        #[serde(rename = "Id")]
        id: i32,
        #[serde(rename = "Radius")]
        radius: f64,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename = "$soapkit::xsi_type")]
    enum CarrierOrDerived {
        #[serde(rename = "Carrier")]
        Carrier(Carrier),
        #[serde(rename = "{urn:shapes}Circle")]
        Circle(Circle),
    }

    #[test]
    fn xsi_type_picks_the_derived_type_by_namespace_and_name() {
        let xsi = "xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"";
        let circle =
            format!(r#"<Base {xsi} xmlns:s="urn:shapes" i:type="s:Circle"><Id>1</Id><Radius>2</Radius></Base>"#);
        assert_eq!(read::<CarrierOrDerived>(&circle).unwrap(), CarrierOrDerived::Circle(Circle { id: 1, radius: 2.0 }));
        // Any prefix, or the default namespace, names the same type.
        let default_ns =
            format!(r#"<Base {xsi} xmlns="urn:shapes" i:type="Circle"><Id>1</Id><Radius>2</Radius></Base>"#);
        assert!(matches!(read::<CarrierOrDerived>(&default_ns).unwrap(), CarrierOrDerived::Circle(_)));
        // No xsi:type, the base's own name, one of another namespace, or a type this
        // client does not know: the base.
        for attr in ["", r#" i:type="Carrier""#, r#" i:type="s:Square""#, r#" xmlns:o="urn:other" i:type="o:Circle""#] {
            let xml = format!(r#"<Base {xsi} xmlns:s="urn:shapes"{attr}><Id>3</Id><Radius>9</Radius></Base>"#);
            assert_eq!(read::<CarrierOrDerived>(&xml).unwrap(), CarrierOrDerived::Carrier(Carrier { id: 3 }), "{attr}");
        }
        // In a run of elements, each names its own.
        #[derive(Debug, Deserialize)]
        struct Shapes {
            #[serde(rename = "Shape")]
            shapes: Vec<CarrierOrDerived>,
        }
        let run = format!(
            r#"<Shapes {xsi} xmlns:s="urn:shapes"><Shape i:type="s:Circle"><Id>1</Id><Radius>2</Radius></Shape><Shape><Id>2</Id></Shape></Shapes>"#
        );
        let shapes = read::<Shapes>(&run).unwrap().shapes;
        assert!(matches!(
            shapes.as_slice(),
            [CarrierOrDerived::Circle(_), CarrierOrDerived::Carrier(Carrier { id: 2 })]
        ));
    }
}
