//! Wrapped arrays: a struct field renamed `Outer/Item` (or `Outer/{namespace}Item`) is a
//! sequence whose items are the children `<Item>` of one element `<Outer>`, as WCF's
//! `ArrayOf*` types put them on the wire (`<Entities><EntityElement/>…</Entities>`), so that
//! the Rust side holds a plain `Vec<T>`, `Option<Vec<T>>` or `Nillable<Vec<T>>`.
//!
//! `None` writes nothing, `Some(vec![])` an empty `<Outer/>`, nil `xsi:nil`; reading tells
//! the three apart the same way. The items are read whatever their names.

use serde::ser::{self, Impossible, Serialize};

use super::{Repeated, open_tag, write_element};
use crate::xml::error::EncodeError;
use crate::xml::markers;

/// Writes a wrapped-array field: its sequence as items inside the wrapper element.
pub(crate) struct WrappedArray<'w, 'n> {
    pub(crate) out: &'w mut Vec<u8>,
    pub(crate) outer: &'n str,
    /// The wrapper's `xmlns`, for a parameter in its own namespace.
    pub(crate) xmlns: Option<&'n str>,
    /// The item's local name, and its namespace when the field name gives one.
    pub(crate) item: &'n str,
}

impl<'w, 'n> WrappedArray<'w, 'n> {
    fn item(&self) -> (&'n str, Option<&'n str>) {
        match self.item.strip_prefix('{').and_then(|rest| rest.split_once('}')) {
            Some((ns, local)) => (local, Some(ns)),
            None => (self.item, None),
        }
    }

    fn not_a_sequence(&self) -> EncodeError {
        EncodeError::Unsupported(format!(
            "<{}> holds its items as <{}> children: its value must be a sequence (a `Vec`)",
            self.outer, self.item
        ))
    }

    fn open(self) -> Repeated<'w, 'n> {
        let (name, item_ns) = self.item();
        open_tag(self.out, self.outer, self.xmlns);
        self.out.push(b'>');
        // Items in the wrapper's namespace inherit it; an item in its own says so.
        Repeated::new(self.out, name, item_ns).closing(self.outer)
    }
}

macro_rules! not_a_sequence {
    ($($method:ident($($arg:ty),*);)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<(), EncodeError> {
            Err(self.not_a_sequence())
        }
    )*};
}

impl<'w, 'n> ser::Serializer for WrappedArray<'w, 'n> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = Repeated<'w, 'n>;
    type SerializeTuple = Repeated<'w, 'n>;
    type SerializeTupleStruct = Impossible<(), EncodeError>;
    type SerializeTupleVariant = Impossible<(), EncodeError>;
    type SerializeMap = Impossible<(), EncodeError>;
    type SerializeStruct = Impossible<(), EncodeError>;
    type SerializeStructVariant = Impossible<(), EncodeError>;

    fn serialize_none(self) -> Result<(), EncodeError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), EncodeError> {
        value.serialize(self)
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<(), EncodeError> {
        if name == markers::NIL {
            return write_element(self.out, self.outer, self.xmlns, &crate::xsd::Nillable::<()>(None));
        }
        Err(self.not_a_sequence())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), EncodeError> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Repeated<'w, 'n>, EncodeError> {
        Ok(self.open())
    }

    fn serialize_tuple(self, _: usize) -> Result<Repeated<'w, 'n>, EncodeError> {
        Ok(self.open())
    }

    not_a_sequence! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_unit();
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), EncodeError> {
        Err(self.not_a_sequence())
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, EncodeError> {
        Err(self.not_a_sequence())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, EncodeError> {
        Err(self.not_a_sequence())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, EncodeError> {
        Err(self.not_a_sequence())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, EncodeError> {
        Err(self.not_a_sequence())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, EncodeError> {
        Err(self.not_a_sequence())
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use crate::xml::{de, ser, tree::Document};
    use crate::xsd::Nillable;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Entity {
        #[serde(rename = "Id")]
        id: i32,
        #[serde(rename = "Entities/EntityElement")]
        entities: Option<Vec<Element>>,
        #[serde(rename = "Ids/{urn:arrays}int")]
        ids: Vec<i32>,
        #[serde(rename = "Names/string")]
        names: Nillable<Vec<String>>,
        #[serde(rename = "Last")]
        last: Option<String>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Element {
        #[serde(rename = "Name")]
        name: String,
    }

    fn round_trip(entity: &Entity) -> String {
        let mut out = Vec::new();
        ser::write_element(&mut out, "Entity", Some("urn:so"), entity).unwrap();
        let xml = String::from_utf8(out).unwrap();
        let doc = Document::parse(xml.clone()).unwrap();
        let back: Entity = de::from_node(&doc, doc.root()).unwrap();
        assert_eq!(&back, entity, "{xml}");
        xml
    }

    #[test]
    fn items_are_children_of_one_element_and_read_back() {
        let entity = Entity {
            id: 1,
            entities: Some(vec![Element { name: "a".into() }, Element { name: "b".into() }]),
            ids: vec![7, 8],
            names: Nillable(Some(vec!["x".into()])),
            last: Some("end".into()),
        };
        assert_eq!(
            round_trip(&entity),
            concat!(
                r#"<Entity xmlns="urn:so"><Id>1</Id>"#,
                r#"<Entities><EntityElement><Name>a</Name></EntityElement><EntityElement><Name>b</Name></EntityElement></Entities>"#,
                r#"<Ids><int xmlns="urn:arrays">7</int><int xmlns="urn:arrays">8</int></Ids>"#,
                r#"<Names><string>x</string></Names><Last>end</Last></Entity>"#
            )
        );
    }

    #[test]
    fn absent_nil_and_empty_stay_apart() {
        let entity = Entity { id: 2, entities: None, ids: vec![], names: Nillable(None), last: None };
        assert_eq!(
            round_trip(&entity),
            r#"<Entity xmlns="urn:so"><Id>2</Id><Ids></Ids><Names xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/></Entity>"#
        );
        let entity = Entity { id: 3, entities: Some(vec![]), ids: vec![], names: Nillable(Some(vec![])), last: None };
        assert_eq!(
            round_trip(&entity),
            r#"<Entity xmlns="urn:so"><Id>3</Id><Entities></Entities><Ids></Ids><Names></Names></Entity>"#
        );
    }

    #[test]
    fn a_value_that_is_not_a_sequence_is_refused() {
        #[derive(Serialize)]
        struct Wrong {
            #[serde(rename = "Ids/int")]
            ids: i32,
        }
        let mut out = Vec::new();
        let error = ser::write_element(&mut out, "Wrong", None, &Wrong { ids: 1 }).unwrap_err();
        assert!(error.to_string().contains("<Ids> holds its items as <int> children"), "{error}");
    }
}
