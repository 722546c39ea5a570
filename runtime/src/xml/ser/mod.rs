//! A serde `Serializer` that writes one value as one XML element.
//!
//! The conventions are those of document/literal SOAP (and of quick-xml's serde mode, so
//! users who know it feel at home):
//! - a struct is an element whose fields are child elements in declaration order, which is
//!   schema (`xs:sequence`) order; a field named `@name` is an attribute and `$text` (or
//!   `$value`) is the element's text;
//! - a `Vec` or tuple is the element repeated, once per item (`maxOccurs="unbounded"`);
//! - `None` writes nothing (`minOccurs="0"`); a unit enum variant is its name as text;
//! - floats use the XML Schema lexical forms `INF`, `-INF` and `NaN`.
//!
//! Only the outermost element gets an `xmlns`; children inherit it, which is what
//! `elementFormDefault="qualified"` asks for.

use serde::ser::{self, Impossible, Serialize};
use std::fmt;

mod choice;
mod wrapped;

use super::error::EncodeError;
use super::escape::{Context, InvalidChar, escape_into};
use super::fields;
use super::markers;
pub(crate) use super::scalar::to_text;
use super::scalar::{AttributeSerializer, TextSerializer, format_float};

type Result<T> = std::result::Result<T, EncodeError>;

/// Writes `value` as the element `name`, declaring `xmlns` on it when given.
pub(crate) fn write_element<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    name: &str,
    xmlns: Option<&str>,
    value: &T,
) -> Result<()> {
    // A parameter or result that is a wrapped array (`Outer/Item`).
    if let Some((outer, item)) = fields::split_wrapped(name) {
        return value.serialize(wrapped::WrappedArray { out, outer, xmlns, item });
    }
    value.serialize(ElementSerializer { out, name, xmlns, xsi_type: None })
}

struct ElementSerializer<'w, 'n> {
    out: &'w mut Vec<u8>,
    name: &'n str,
    xmlns: Option<&'n str>,
    /// `(namespace, local name)` of a derived type written in its base's place, for
    /// `xsi:type` ([`XSI_TYPED`](crate::xsd::XSI_TYPED)).
    xsi_type: Option<(&'static str, &'static str)>,
}

/// Writes `<name`, with `xmlns` when given: the start of a start tag, left open for
/// attributes.
#[inline]
pub(crate) fn open_tag(out: &mut Vec<u8>, name: &str, xmlns: Option<&str>) {
    out.push(b'<');
    out.extend_from_slice(name.as_bytes());
    if let Some(ns) = xmlns {
        out.extend_from_slice(b" xmlns=\"");
        // A namespace is checked when the operation or header is declared.
        let _ = escape_into(out, ns, Context::Attribute);
        out.push(b'"');
    }
}

/// Writes `</name>`.
#[inline]
pub(crate) fn end_tag(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(b"</");
    out.extend_from_slice(name.as_bytes());
    out.push(b'>');
}

impl ElementSerializer<'_, '_> {
    fn open(&mut self) {
        open_tag(self.out, self.name, self.xmlns);
        if let Some((ns, local)) = self.xsi_type {
            // The type's namespace gets a prefix of its own, declared here: the element's
            // children may be in another namespace, and a QName in an attribute value
            // needs a bound prefix.
            self.out.extend_from_slice(b" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xt=\"");
            let _ = escape_into(self.out, ns, Context::Attribute);
            self.out.extend_from_slice(b"\" xsi:type=\"xt:");
            self.out.extend_from_slice(local.as_bytes());
            self.out.push(b'"');
        }
    }

    fn close_empty(&mut self) {
        self.out.extend_from_slice(b"/>");
    }

    fn end_tag(&mut self) {
        end_tag(self.out, self.name);
    }

    fn text(mut self, text: &str) -> Result<()> {
        self.open();
        self.out.push(b'>');
        escape_into(self.out, text, Context::Text)
            .map_err(|source| EncodeError::InvalidChar { element: self.name.to_owned(), source })?;
        self.end_tag();
        Ok(())
    }

    fn raw_text(mut self, text: &str) -> Result<()> {
        self.open();
        self.out.push(b'>');
        self.out.extend_from_slice(text.as_bytes());
        self.end_tag();
        Ok(())
    }

    fn child(&mut self) -> ElementSerializer<'_, '_> {
        ElementSerializer { out: self.out, name: self.name, xmlns: self.xmlns, xsi_type: None }
    }
}

macro_rules! integers {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result<()> {
            self.raw_text(itoa::Buffer::new().format(v))
        }
    )*};
}

impl<'w, 'n> ser::Serializer for ElementSerializer<'w, 'n> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = Repeated<'w, 'n>;
    type SerializeTuple = Repeated<'w, 'n>;
    type SerializeTupleStruct = Repeated<'w, 'n>;
    type SerializeTupleVariant = Impossible<(), EncodeError>;
    type SerializeMap = MapElement<'w, 'n>;
    type SerializeStruct = StructElement<'w, 'n>;
    type SerializeStructVariant = StructElement<'w, 'n>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.raw_text(if v { "true" } else { "false" })
    }

    integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
              serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
              serialize_u64: u64, serialize_u128: u128);

    fn serialize_f32(self, v: f32) -> Result<()> {
        self.raw_text(&format_float(f64::from(v), v.to_string()))
    }

    fn serialize_f64(self, v: f64) -> Result<()> {
        self.raw_text(&format_float(v, format!("{v:?}")))
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        self.text(v)
    }

    /// Writes `Display` output (chrono's dates, decimals) straight into the envelope, escaped,
    /// instead of through serde's default temporary `String`.
    fn collect_str<T: fmt::Display + ?Sized>(mut self, value: &T) -> Result<()> {
        self.open();
        self.out.push(b'>');
        let mut writer = EscapingWriter { out: self.out, written: 0, error: None };
        let _ = fmt::Write::write_fmt(&mut writer, format_args!("{value}"));
        if let Some(source) = writer.error {
            return Err(EncodeError::InvalidChar { element: self.name.to_owned(), source });
        }
        self.end_tag();
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        use base64::Engine as _;
        self.raw_text(&base64::engine::general_purpose::STANDARD.encode(v))
    }

    fn serialize_none(self) -> Result<()> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(mut self) -> Result<()> {
        self.open();
        self.close_empty();
        Ok(())
    }

    fn serialize_unit_struct(mut self, name: &'static str) -> Result<()> {
        if name == markers::NIL {
            self.open();
            self.out.extend_from_slice(b" xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>");
            return Ok(());
        }
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.text(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<()> {
        if name == markers::UNQUALIFIED {
            return write_element(self.out, self.name, Some(""), value);
        }
        if name == markers::RAW {
            let content = to_text(value)?;
            check_raw(&content)?;
            return self.raw_text(&content);
        }
        if name == markers::SECRET {
            let (out, name) = (self.out, self.name);
            let start = out.len();
            value.serialize(ElementSerializer { out: &mut *out, ..self })?;
            crate::secrets::mark_written(out, start, name);
            return Ok(());
        }
        if name == markers::ANY_ELEMENT {
            // A wildcard element stands for itself, whatever its field is called.
            let element = to_text(value)?;
            check_element(&element)?;
            self.out.extend_from_slice(element.trim().as_bytes());
            return Ok(());
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == markers::XSI_TYPED {
            // A derived type in its base's place: the element itself, named by `xsi:type`
            // when the variant is `{namespace}Local` (the base's variant is a plain name).
            let xsi_type = variant.strip_prefix('{').and_then(|rest| rest.split_once('}'));
            if let Some((_, local)) = xsi_type
                && !super::escape::is_ncname(local)
            {
                return Err(EncodeError::Unsupported(format!("xsi:type `{local}` is not an XML name")));
            }
            return value.serialize(ElementSerializer { xsi_type, ..self });
        }
        self.open();
        self.out.push(b'>');
        write_element(self.out, variant, None, value)?;
        self.end_tag();
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Repeated<'w, 'n>> {
        Ok(Repeated::new(self.out, self.name, self.xmlns))
    }

    fn serialize_tuple(self, len: usize) -> Result<Repeated<'w, 'n>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, name: &'static str, len: usize) -> Result<Repeated<'w, 'n>> {
        let mut repeated = self.serialize_seq(Some(len))?;
        if name == markers::NAMESPACE {
            repeated.namespaced = Some(None);
        }
        Ok(repeated)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(EncodeError::Unsupported(format!("tuple variant `{variant}` has no XML form; use a struct variant")))
    }

    fn serialize_map(mut self, _len: Option<usize>) -> Result<MapElement<'w, 'n>> {
        self.open();
        self.out.push(b'>');
        Ok(MapElement { element: self, key: String::new() })
    }

    fn serialize_struct(mut self, _: &'static str, _len: usize) -> Result<StructElement<'w, 'n>> {
        self.open();
        Ok(StructElement { element: self, tag_open: true, variant: None })
    }

    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<StructElement<'w, 'n>> {
        self.open();
        self.out.extend_from_slice(b"><");
        self.out.extend_from_slice(variant.as_bytes());
        Ok(StructElement { element: self, tag_open: true, variant: Some(variant) })
    }
}

/// A `fmt::Write` that escapes what it is given into the envelope, keeping the first
/// character XML cannot carry (with its offset in the whole value).
struct EscapingWriter<'w> {
    out: &'w mut Vec<u8>,
    written: usize,
    error: Option<InvalidChar>,
}

impl fmt::Write for EscapingWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if let Err(mut e) = escape_into(self.out, s, Context::Text) {
            e.offset += self.written;
            self.error = Some(e);
            return Err(fmt::Error);
        }
        self.written += s.len();
        Ok(())
    }
}

/// Checks the content of a [`RawXml`](crate::xsd::RawXml) before it goes out as it is: a
/// caller's broken XML must not reach the wire.
#[cold]
fn check_raw(content: &str) -> Result<()> {
    super::escape::check(content).map_err(|source| EncodeError::InvalidChar { element: "raw XML".into(), source })?;
    super::tree::Document::parse(format!("<raw>{content}</raw>"))
        .map(drop)
        .map_err(|(e, _)| EncodeError::Unsupported(format!("raw XML content is not well-formed: {e}")))
}

/// Checks an [`AnyElement`](crate::xsd::AnyElement) before it goes out as it is: one
/// well-formed element, nothing around it.
#[cold]
fn check_element(element: &str) -> Result<()> {
    super::escape::check(element)
        .map_err(|source| EncodeError::InvalidChar { element: "any element".into(), source })?;
    let element = element.trim();
    if !element.starts_with('<') || !element.ends_with('>') || element.starts_with("<?") || element.starts_with("<!") {
        return Err(EncodeError::Unsupported("an xs:any element must be one element, `<name ...>...</name>`".into()));
    }
    super::tree::Document::parse(element.to_owned())
        .map(drop)
        .map_err(|(e, _)| EncodeError::Unsupported(format!("an xs:any element is not well-formed: {e}")))
}

/// A sequence: the same element once per item.
pub(crate) struct Repeated<'w, 'n> {
    out: &'w mut Vec<u8>,
    name: &'n str,
    xmlns: Option<&'n str>,
    /// For an `xsd::InNamespace` pair: `Some(None)` until its URI, then `Some(Some(uri))`.
    namespaced: Option<Option<String>>,
    /// The wrapper element the items are inside, closed at the end (a wrapped array).
    close: Option<&'n str>,
}

impl<'w, 'n> Repeated<'w, 'n> {
    pub(crate) fn new(out: &'w mut Vec<u8>, name: &'n str, xmlns: Option<&'n str>) -> Self {
        Repeated { out, name, xmlns, namespaced: None, close: None }
    }

    /// The items are inside the already opened element `wrapper`.
    pub(crate) fn closing(self, wrapper: &'n str) -> Self {
        Repeated { close: Some(wrapper), ..self }
    }

    fn finish(self) -> Result<()> {
        if let Some(wrapper) = self.close {
            end_tag(self.out, wrapper);
        }
        Ok(())
    }
}

impl Repeated<'_, '_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        write_element(self.out, self.name, self.xmlns, value)
    }
}

impl ser::SerializeSeq for Repeated<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.item(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTuple for Repeated<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.item(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Repeated<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        match &mut self.namespaced {
            None => self.item(value),
            Some(uri @ None) => {
                let text = to_text(value)?;
                super::escape::check(&text).map_err(|source| EncodeError::InvalidChar {
                    element: format!("the namespace of <{}>", self.name),
                    source,
                })?;
                *uri = Some(text);
                Ok(())
            }
            Some(Some(uri)) => write_element(self.out, self.name, Some(uri), value),
        }
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

/// A struct: attributes first (while the start tag is open), then child elements.
pub(crate) struct StructElement<'w, 'n> {
    element: ElementSerializer<'w, 'n>,
    tag_open: bool,
    variant: Option<&'static str>,
}

impl StructElement<'_, '_> {
    fn close_start_tag(&mut self) {
        if self.tag_open {
            self.element.out.push(b'>');
            self.tag_open = false;
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        if let Some(attribute) = key.strip_prefix('@') {
            if !self.tag_open || self.variant.is_some() {
                return Err(EncodeError::Unsupported(format!(
                    "attribute `{attribute}` of <{}> must come before its child elements",
                    self.element.name
                )));
            }
            return value.serialize(AttributeSerializer { out: self.element.out, name: attribute });
        }
        self.close_start_tag();
        if key == "$text" || key == "$value" {
            return value.serialize(TextSerializer { out: self.element.out, escape: true });
        }
        if fields::is_choice(key) {
            return value.serialize(choice::ChoiceSerializer { out: self.element.out });
        }
        // A wrapped array's `Outer/Item` too: `write_element` tells it apart.
        write_element(self.element.out, key, None, value)
    }

    fn finish(mut self) -> Result<()> {
        if let Some(variant) = self.variant {
            if self.tag_open {
                self.element.out.extend_from_slice(b"/>");
            } else {
                self.element.out.extend_from_slice(b"</");
                self.element.out.extend_from_slice(variant.as_bytes());
                self.element.out.push(b'>');
            }
            self.element.end_tag();
        } else if self.tag_open {
            self.element.close_empty();
        } else {
            self.element.end_tag();
        }
        Ok(())
    }
}

impl ser::SerializeStruct for StructElement<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for StructElement<'_, '_> {
    type Ok = ();
    type Error = EncodeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

/// A map: one child element per entry, named by the key.
pub(crate) struct MapElement<'w, 'n> {
    element: ElementSerializer<'w, 'n>,
    key: String,
}

impl ser::SerializeMap for MapElement<'_, '_> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key.clear();
        let mut out = Vec::new();
        key.serialize(TextSerializer { out: &mut out, escape: true })?;
        self.key = String::from_utf8(out).map_err(|_| EncodeError::Unsupported("map key".into()))?;
        if !super::escape::is_ncname(&self.key) {
            return Err(EncodeError::Unsupported(format!("map key `{}` is not an XML element name", self.key)));
        }
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        write_element(self.element.out, &self.key, None, value)
    }

    fn end(mut self) -> Result<()> {
        self.element.child().end_tag();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    fn xml<T: Serialize + ?Sized>(name: &str, ns: Option<&str>, value: &T) -> String {
        let mut out = Vec::new();
        write_element(&mut out, name, ns, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[derive(Serialize)]
    enum Domain {
        LoginCustomerCenter,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Credentials {
        ticket: String,
    }

    #[derive(Serialize)]
    struct Mixed {
        #[serde(rename = "@id")]
        id: u32,
        #[serde(rename = "@note")]
        note: Option<&'static str>,
        #[serde(rename = "Item")]
        items: Vec<i32>,
        #[serde(rename = "Skip")]
        skip: Option<i32>,
        #[serde(rename = "Domain")]
        domain: Domain,
    }

    #[test]
    fn scalars_and_enums_take_the_given_name() {
        assert_eq!(xml("Domain", None, &Domain::LoginCustomerCenter), "<Domain>LoginCustomerCenter</Domain>");
        assert_eq!(xml("Token", Some("urn:x"), "a<b"), "<Token xmlns=\"urn:x\">a&lt;b</Token>");
        assert_eq!(xml("N", None, &-42i64), "<N>-42</N>");
        assert_eq!(xml("B", None, &true), "<B>true</B>");
        assert_eq!(xml("U", None, &()), "<U/>");
    }

    #[test]
    fn floats_use_schema_spellings() {
        assert_eq!(xml("F", None, &f64::INFINITY), "<F>INF</F>");
        assert_eq!(xml("F", None, &f64::NEG_INFINITY), "<F>-INF</F>");
        assert_eq!(xml("F", None, &f64::NAN), "<F>NaN</F>");
        assert_eq!(xml("F", None, &0.1f64), "<F>0.1</F>");
        assert_eq!(xml("F", None, &1e300f64), "<F>1e300</F>");
        assert_eq!(xml("F", None, &1.5f32), "<F>1.5</F>");
    }

    #[test]
    fn structs_nest_in_field_order() {
        let creds = Credentials { ticket: "7T:abc==".into() };
        assert_eq!(
            xml("Credentials", Some("urn:so"), &creds),
            "<Credentials xmlns=\"urn:so\"><Ticket>7T:abc==</Ticket></Credentials>"
        );
        let mixed = Mixed { id: 7, note: None, items: vec![1, 2], skip: None, domain: Domain::LoginCustomerCenter };
        assert_eq!(
            xml("M", None, &mixed),
            "<M id=\"7\"><Item>1</Item><Item>2</Item><Domain>LoginCustomerCenter</Domain></M>"
        );
    }

    #[test]
    fn display_values_are_written_in_place_and_checked() {
        struct Shown(&'static str);
        impl Serialize for Shown {
            fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.collect_str(self.0)
            }
        }
        assert_eq!(xml("D", None, &Shown("a<b")), "<D>a&lt;b</D>");
        let mut out = Vec::new();
        let err = write_element(&mut out, "D", None, &Shown("ok\u{0}")).unwrap_err();
        assert_eq!(err.to_string(), "in <D>");
        let cause = std::error::Error::source(&err).unwrap().to_string();
        assert_eq!(cause, "character U+0000 at byte 2 cannot be carried by XML 1.0");
    }

    #[test]
    fn refuses_invalid_characters() {
        let mut out = Vec::new();
        let err = write_element(&mut out, "Payload", None, "bad\u{1}").unwrap_err();
        assert_eq!(err.to_string(), "in <Payload>");
        let cause = std::error::Error::source(&err).unwrap().to_string();
        assert_eq!(cause, "character U+0001 at byte 3 cannot be carried by XML 1.0");
    }

    #[test]
    fn a_derived_type_in_a_base_slot_names_itself_with_xsi_type() {
        #[derive(Serialize)]
        struct Circle {
            #[serde(rename = "@unit")]
            unit: &'static str,
            #[serde(rename = "Id")]
            id: i32,
        }
        #[derive(Serialize)]
        struct Carrier {
            #[serde(rename = "Id")]
            id: i32,
        }
        #[derive(Serialize)]
        #[serde(rename = "$soapkit::xsi_type")]
        enum CarrierOrDerived {
            #[serde(rename = "Carrier")]
            Carrier(Carrier),
            #[serde(rename = "{urn:shapes&}Circle")]
            Circle(Circle),
            #[serde(rename = "{urn:shapes}Bad Name")]
            Bad(i32),
        }
        assert_eq!(
            xml("Base", None, &CarrierOrDerived::Circle(Circle { unit: "cm", id: 1 })),
            r#"<Base xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xt="urn:shapes&amp;" xsi:type="xt:Circle" unit="cm"><Id>1</Id></Base>"#
        );
        assert!(write_element(&mut Vec::new(), "Base", None, &CarrierOrDerived::Bad(1)).is_err());
        // The base's own variant (a plain name) is the element as it is.
        assert_eq!(xml("Base", None, &CarrierOrDerived::Carrier(Carrier { id: 2 })), "<Base><Id>2</Id></Base>");
    }

    #[test]
    fn a_namespace_comes_from_in_namespace_only_and_is_checked() {
        use crate::xsd::{InNamespace, Namespace};
        struct Relative;
        impl Namespace for Relative {
            const URI: &'static str = "SAMPLE";
        }
        struct Broken;
        impl Namespace for Broken {
            const URI: &'static str = "urn:a\u{1}b";
        }
        #[derive(Serialize)]
        #[serde(rename = "a:B")]
        struct Colon(i32);
        #[derive(Serialize)]
        struct Holder {
            #[serde(rename = "In")]
            inside: InNamespace<Relative, i32>,
            #[serde(rename = "Colon")]
            colon: Colon,
        }
        let holder = Holder { inside: InNamespace::new(1), colon: Colon(2) };
        assert_eq!(
            xml("H", Some("urn:h"), &holder),
            r#"<H xmlns="urn:h"><In xmlns="SAMPLE">1</In><Colon>2</Colon></H>"#
        );
        let broken = InNamespace::<Broken, i32>::new(1);
        assert!(write_element(&mut Vec::new(), "X", None, &broken).is_err());
    }
}
