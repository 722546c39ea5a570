//! Reading open content: a choice's run of alternatives and a wildcard's elements, which
//! the struct reader (`Fields` in `de`) hands over by the struct's field list.

use serde::de::{self, DeserializeSeed, Visitor};

use super::{NodeDe, Variant};
use crate::xml::error::DecodeError;
use crate::xml::tree::{Document, NodeId};

/// A run of a choice's alternatives, `first` up to (not including) `end`: an enum reads
/// the first, a `Vec` of enums each, an `Option` is `Some`.
pub(crate) struct Choice<'de> {
    pub(crate) doc: &'de Document,
    pub(crate) first: NodeId,
    pub(crate) end: Option<NodeId>,
}

impl<'de> de::Deserializer<'de> for Choice<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DecodeError> {
        Err(DecodeError(format!(
            "<{}> is an alternative of a choice: read it as an enum",
            self.doc.local_name(self.first)
        )))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let name = self.doc.local_name(self.first);
        visitor.visit_enum(Variant { doc: self.doc, name, content: Some(self.first) })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_some(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_seq(ChoiceRun { doc: self.doc, next: Some(self.first), end: self.end })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct tuple tuple_struct map struct identifier ignored_any
    }
}

struct ChoiceRun<'de> {
    doc: &'de Document,
    next: Option<NodeId>,
    end: Option<NodeId>,
}

impl<'de> de::SeqAccess<'de> for ChoiceRun<'de> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DecodeError> {
        let Some(id) = self.next.filter(|&id| Some(id) != self.end) else { return Ok(None) };
        self.next = self.doc.next_sibling(id);
        seed.deserialize(Choice { doc: self.doc, first: id, end: self.next }).map(Some)
    }
}

/// The elements of `$any`: a `Vec` reads each.
pub(crate) struct Elements<'de> {
    pub(crate) doc: &'de Document,
    pub(crate) nodes: Vec<NodeId>,
}

impl<'de> de::Deserializer<'de> for Elements<'de> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let doc = self.doc;
        visitor.visit_seq(de::value::SeqDeserializer::new(self.nodes.into_iter().map(move |id| NodeDe { doc, id })))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct tuple tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> de::IntoDeserializer<'de, DecodeError> for NodeDe<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::xml::tree::Document;
    use crate::xml::{de, ser};
    use crate::xsd::AnyElement;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    enum Contact {
        #[serde(rename = "ByEmail")]
        ByEmail(String),
        #[serde(rename = "ByPhone")]
        ByPhone(i64),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Pet {
        #[serde(rename = "Name")]
        name: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    enum Animal {
        #[serde(rename = "Cat")]
        Cat(Pet),
        #[serde(rename = "Dog")]
        Dog(Pet),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    enum Side {
        #[serde(rename = "Left")]
        Left(i32),
        #[serde(rename = "Right")]
        Right(i32),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Thing {
        #[serde(rename = "Name")]
        name: String,
        #[serde(rename = "$choice:ByEmail|ByPhone")]
        contact: Contact,
        #[serde(rename = "$choice:Cat|Dog", default)]
        pets: Vec<Animal>,
        #[serde(rename = "$choice:Left|Right")]
        side: Option<Side>,
        #[serde(rename = "$any", default)]
        any: Vec<AnyElement>,
        #[serde(rename = "Tail")]
        tail: i32,
    }

    fn write<T: Serialize>(value: &T) -> Result<String, crate::xml::error::EncodeError> {
        let mut out = Vec::new();
        ser::write_element(&mut out, "Thing", Some("urn:x"), value)?;
        Ok(String::from_utf8(out).unwrap())
    }

    fn read(xml: &str) -> Thing {
        let doc = Document::parse(xml.to_owned()).unwrap();
        de::from_node(&doc, doc.root()).unwrap()
    }

    #[test]
    fn choices_and_wildcards_round_trip_in_place() {
        let thing = Thing {
            name: "n".into(),
            contact: Contact::ByPhone(5),
            pets: vec![Animal::Dog(Pet { name: "Rex".into() }), Animal::Cat(Pet { name: "Tom".into() })],
            side: None,
            any: vec![AnyElement(r#"<x:Extra xmlns:x="urn:e" a="1">1 &amp; 2</x:Extra>"#.into())],
            tail: 3,
        };
        let xml = write(&thing).unwrap();
        assert_eq!(
            xml,
            r#"<Thing xmlns="urn:x"><Name>n</Name><ByPhone>5</ByPhone><Dog><Name>Rex</Name></Dog><Cat><Name>Tom</Name></Cat><x:Extra xmlns:x="urn:e" a="1">1 &amp; 2</x:Extra><Tail>3</Tail></Thing>"#
        );
        assert_eq!(read(&xml), thing);
    }

    #[test]
    fn unknown_elements_go_to_the_wildcard_wherever_they_stand() {
        let xml = r#"<Thing><First/><Name>n</Name><ByEmail>a@x</ByEmail><Mid>m</Mid><Right>7</Right><Tail>3</Tail><Last/></Thing>"#;
        let thing = read(xml);
        assert_eq!(thing.contact, Contact::ByEmail("a@x".into()));
        assert_eq!(thing.side, Some(Side::Right(7)));
        let any: Vec<&str> = thing.any.iter().map(AnyElement::as_str).collect();
        assert_eq!(any, ["<First/>", "<Mid>m</Mid>", "<Last/>"]);
    }

    #[test]
    fn a_wildcard_element_must_be_one_element() {
        let thing = |any: &str| Thing {
            name: "n".into(),
            contact: Contact::ByPhone(1),
            pets: vec![],
            side: None,
            any: vec![AnyElement(any.into())],
            tail: 0,
        };
        for bad in ["text", "<a>", "<a/><b/>", "<?pi x?>", "<!-- c -->", "<a>\u{0}</a>"] {
            assert!(write(&thing(bad)).is_err(), "{bad}");
        }
    }
}
