//! XML Schema forms as value types. The `with` modules of the parent cannot nest inside
//! `Option` or `Vec`, which every optional or repeated member of a schema needs, so code
//! generated from a WSDL uses these instead.

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};
use std::fmt;

use crate::xml::markers::{ANY_ELEMENT, RAW, UNQUALIFIED};

/// The enum name that makes an enum of a base type and its derived types read and written
/// by `xsi:type`: each newtype variant holds one type's struct and is renamed to the
/// type's `{namespace}Local` name, the base's (first) to a plain name, written without
/// `xsi:type`. An element whose `xsi:type` names no variant reads as the first. Code
/// generated from a WSDL uses it for every slot of a type that others extend.
pub const XSI_TYPED: &str = crate::xml::markers::XSI_TYPED;

/// An `xs:list`: items as text separated by spaces (WCF flag enumerations,
/// `<Rights>Read Write</Rights>`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct List<T>(pub Vec<T>);

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> Self {
        List(items)
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        super::list::serialize(&self.0, serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::list::deserialize(deserializer).map(List)
    }
}

/// `xs:base64Binary`: bytes sent as base64 text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64Binary(pub Vec<u8>);

impl From<Vec<u8>> for Base64Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Base64Binary(bytes)
    }
}

impl Serialize for Base64Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        super::base64::serialize(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for Base64Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::base64::deserialize(deserializer).map(Base64Binary)
    }
}

/// A value whose element is in no namespace although its parent is in one: the members
/// of a schema with `elementFormDefault="unqualified"` (the JAX-WS default) and the parts
/// of an rpc/literal message. Written with `xmlns=""`; read like `T`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Unqualified<T>(pub T);

impl<T: Serialize> Serialize for Unqualified<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(UNQUALIFIED, &self.0)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Unqualified<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::xml::markers::newtype(deserializer, UNQUALIFIED).map(Unqualified)
    }
}

/// The text accessor and serde forms of a newtype over XML text, which the XML writer
/// and reader recognize by `$marker`.
macro_rules! xml_text {
    ($ty:ident, $marker:ident) => {
        impl $ty {
            /// The XML text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_newtype_struct($marker, self.0.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_newtype_struct($marker, TextVisitor).map($ty)
            }
        }
    };
}

/// An element of an `xs:any` wildcard, kept as the XML it is, start tag to end tag.
///
/// A struct field `#[serde(rename = "$any", default)] any: Vec<AnyElement>` receives every
/// child element that no other field names, and writes them back where it stands.
/// Prefixes declared on ancestors are not repeated in it, so an element the server wrote
/// with such a prefix must be given its declaration before it can be sent back: it is
/// checked to be one well-formed element before any byte goes out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct AnyElement(pub String);

xml_text!(AnyElement, ANY_ELEMENT);

/// Reads the text a raw-XML marker hands over.
struct TextVisitor;

impl<'de> de::Visitor<'de> for TextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("XML")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        String::deserialize(d)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
}

/// An element's content kept as XML, for content a schema leaves open (`xs:anyType`).
///
/// Read, it holds what stands between the element's tags as the server wrote it
/// (prefixes declared on the element or its ancestors are not repeated in it). Written,
/// it goes between the element's tags as it is, after a check that it is well-formed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RawXml(pub String);

xml_text!(RawXml, RAW);
