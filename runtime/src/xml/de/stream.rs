//! A serde `Deserializer` over the reply as it streams in ([`Events`]): values are built
//! from the tokens, with no tree of the Body.
//!
//! It reads what the tree's deserializer reads, by the same rules (the module above),
//! sharing its scalar rules ([`ScalarText`], `xml_trim`, `boolean`, `number`) and, through
//! [`Events`], the tokenizer: fields by local name, runs of same-named children, `xsi:nil`,
//! wrapped arrays, `xsi:type`, `$text`, attributes, raw XML. What it does not read is
//! refused with [`unsupported`], and the caller reads the reply again with the tree: open
//! content (`$choice`, `$any`), which must look across children, and a `Secret` with
//! child elements, whose every text the tree collects. `xml/stream_properties.rs` checks
//! that both read generated documents alike.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::{DecodeError, ScalarText, boolean, markers, number, xml_trim};
use crate::xml::events::{Event, Events, Start, StreamError, TextRef};
use crate::xml::fields;
use crate::xml::tree::XSI_INDEX;

type Result<T> = std::result::Result<T, DecodeError>;

impl From<StreamError> for DecodeError {
    fn from(e: StreamError) -> Self {
        match e {
            StreamError::Xml(e) => DecodeError(e.to_string()),
            StreamError::Feed => DecodeError("the reply stopped".into()),
        }
    }
}

/// Reads a `T` from the element whose start tag `start` has just been read, through its
/// end tag.
pub(crate) fn from_start<T: de::DeserializeOwned>(events: &mut Events, start: Start) -> Result<T> {
    T::deserialize(Elem { r: events, start, secret: false })
}

/// Reads a wrapper's field from the run of same-named children whose first start tag
/// `first` has just been read, as the tree's `field_from_node` reads it: a `Vec` from the
/// whole run, anything else from the first, and a wrapped array (`Outer/Item`) from the
/// first one's children. The rest of a run that is not a `Vec` is left to the caller.
/// (The server's parameters.)
#[cfg(feature = "server")]
pub(crate) fn from_run<T: de::DeserializeOwned>(events: &mut Events, first: Start, wrapped: bool) -> Result<T> {
    let group = Group { r: events, first };
    if wrapped { markers::newtype(group, markers::CHILDREN) } else { T::deserialize(group) }
}

/// What the stream leaves to the tree.
#[cold]
fn unsupported(what: &str) -> DecodeError {
    DecodeError(format!("{what} is read from the tree, not as it streams"))
}

/// One element, its start tag read.
struct Elem<'r> {
    r: &'r mut Events,
    start: Start,
    /// A `Secret`'s element: its text and attributes are collected as secret.
    secret: bool,
}

impl<'r> Elem<'r> {
    fn name(&self) -> &str {
        self.r.local(&self.start)
    }

    /// The element's text, as the tree keeps it (up to its first child), with the rest of
    /// the element read.
    fn text(&mut self) -> Result<TextRef> {
        let (text, ended) = self.r.text()?;
        if !ended {
            if self.secret {
                return Err(unsupported("a Secret with child elements"));
            }
            self.r.skip_element()?;
        }
        if self.secret {
            self.collect_secret(&text);
        }
        Ok(text)
    }

    fn collect_secret(&self, text: &TextRef) {
        crate::secrets::collect_read_text(self.r.text_of(text));
        for attribute in self.r.attributes() {
            crate::secrets::collect_read_text(self.r.attribute_value(attribute));
        }
    }

    fn parse<T: std::str::FromStr>(mut self, what: &str) -> Result<T> {
        let text = self.text()?;
        let text = xml_trim(self.r.text_of(&text));
        text.parse().map_err(|_| invalid(what, text, self.name()))
    }

    fn float(mut self) -> Result<f64> {
        let text = self.text()?;
        let text = xml_trim(self.r.text_of(&text));
        number(text).ok_or_else(|| invalid("number", text, self.name()))
    }

    fn skip(self) -> Result<()> {
        self.r.skip_element()?;
        Ok(())
    }

    fn fields(self, wants_text: bool, fields: &'static [&'static str]) -> Result<Fields<'r>> {
        if self.secret {
            return Err(unsupported("a Secret of a struct"));
        }
        if fields.iter().any(|f| fields::is_open(f)) {
            return Err(unsupported("open content"));
        }
        Ok(Fields {
            attributes: if self.start.attributes { self.r.attributes().len() } else { 0 },
            next_attribute: 0,
            wants_text,
            wrapped: if fields.iter().any(|f| fields::split_wrapped(f).is_some()) { fields } else { &[] },
            last_run: None,
            value: Pending::None,
            done: false,
            r: self.r,
        })
    }

    /// The variant an `xsi:type` names among `variants` (`{namespace}Local`), or the first.
    fn xsi_variant(&self, variants: &'static [&'static str]) -> &'static str {
        let r = &*self.r;
        let named = self.start.attributes.then(|| {
            r.attributes().iter().find(|a| a.ns == XSI_INDEX && r.attribute_local(a) == "type").map(|a| {
                let (ns, local) = r.resolve_qname_in_text(r.attribute_value(a).trim());
                format!("{{{ns}}}{local}")
            })
        });
        named
            .flatten()
            .and_then(|wanted| variants.iter().find(|v| **v == wanted))
            .or(variants.first())
            .copied()
            .unwrap_or_default()
    }
}

#[cold]
fn invalid(what: &str, text: &str, element: &str) -> DecodeError {
    let shown: String = text.chars().take(40).collect();
    DecodeError(format!("invalid {what} `{shown}` in <{element}>"))
}

impl<'de> de::Deserializer<'de> for Elem<'_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.start.nil {
            self.skip()?;
            return visitor.visit_none();
        }
        if self.start.attributes {
            return visitor.visit_map(self.fields(false, &[])?);
        }
        let (text, ended) = self.r.text()?;
        if ended {
            if self.secret {
                self.collect_secret(&text);
            }
            return visitor.visit_str(self.r.text_of(&text));
        }
        visitor.visit_map(self.fields(false, &[])?)
    }

    fn deserialize_bool<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        let text = self.text()?;
        let text = xml_trim(self.r.text_of(&text));
        visitor.visit_bool(boolean(text).ok_or_else(|| invalid("boolean", text, self.name()))?)
    }

    parse_integers!();

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(self.float()? as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        let text = self.text()?;
        let text = self.r.text_of(&text);
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(invalid("character", text, self.name())),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        if self.start.nil {
            return Err(DecodeError(format!("<{}> is xsi:nil; declare it as an Option to accept null", self.name())));
        }
        let text = self.text()?;
        visitor.visit_str(self.r.text_of(&text))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        let text = self.text()?;
        ScalarText(self.r.text_of(&text)).deserialize_bytes(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.start.nil {
            self.skip()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(mut self, name: &'static str, visitor: V) -> Result<V::Value> {
        if name == markers::RAW || name == markers::ANY_ELEMENT {
            let start = &self.start.span;
            let (from, tag_end) = (start.start, start.end);
            let end = self.r.skip_element()?;
            let raw = if name == markers::RAW { tag_end..end.start.max(tag_end) } else { from..end.end.max(tag_end) };
            return visitor.visit_newtype_struct(ScalarText(self.r.str(raw)));
        }
        if name == markers::SECRET {
            self.secret = true;
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.secret {
            return Err(unsupported("a Secret of a sequence"));
        }
        visitor.visit_seq(Children { r: self.r, done: false })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_map(self.fields(false, &[])?)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if self.start.nil {
            return Err(DecodeError(format!("<{}> is xsi:nil; declare it as an Option to accept null", self.name())));
        }
        let wants_text = fields.iter().any(|f| *f == "$text" || *f == "$value");
        visitor.visit_map(self.fields(wants_text, fields)?)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if name == markers::XSI_TYPED {
            let name = self.xsi_variant(variants);
            return visitor.visit_enum(Variant { name: Name::Static(name), content: Content::Itself(self) });
        }
        if self.secret {
            return Err(unsupported("a Secret of an enum"));
        }
        let (text, ended) = self.r.text()?;
        if ended {
            // `<Domain>LoginCustomerCenter</Domain>`: the text names it.
            let name = xml_trim(self.r.text_of(&text)).to_owned();
            return visitor.visit_enum(Variant { name: Name::Owned(name), content: Content::None });
        }
        // `<Shape><Circle>..</Circle></Shape>`: the first child names it; the others are
        // read past once it is read.
        let child = self.r.next_child()?.ok_or_else(|| DecodeError("an element ended early".into()))?;
        let name = self.r.local(&child).to_owned();
        visitor.visit_enum(Variant {
            name: Name::Owned(name),
            content: Content::Child(Elem { r: self.r, start: child, secret: false }),
        })
    }

    fn deserialize_identifier<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        let text = self.text()?;
        visitor.visit_str(xml_trim(self.r.text_of(&text)))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }
}

/// The children of an element, each a value, all of them whatever their names.
struct Children<'r> {
    r: &'r mut Events,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for Children<'_> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        match self.r.next_child()? {
            Some(start) => seed.deserialize(Elem { r: self.r, start, secret: false }).map(Some),
            None => {
                self.done = true;
                Ok(None)
            }
        }
    }
}

/// A struct's element as a map: its attributes (`@name`), its text (`$text`) when the
/// struct asks for it, then one entry per run of same-named children.
struct Fields<'r> {
    r: &'r mut Events,
    attributes: usize,
    next_attribute: usize,
    wants_text: bool,
    /// The struct's fields, when some are wrapped arrays (`Outer/Item`); else empty.
    wrapped: &'static [&'static str],
    /// The local name of the last run of children offered, whose rest is read past.
    last_run: Option<std::ops::Range<u32>>,
    value: Pending,
    /// The element's end tag has been read.
    done: bool,
}

impl Fields<'_> {
    /// The wrapped-array field whose element is `name`, if the struct has such fields.
    fn wrapped_field(&self, name: &str) -> Option<&'static str> {
        if self.wrapped.is_empty() { None } else { fields::wrapped_field_of(self.wrapped, name) }
    }
}

enum Pending {
    None,
    Attribute(usize),
    Text(TextRef),
    Group(Start),
    /// A wrapped array's element: its children are the items.
    Wrapped(Start),
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        while self.next_attribute < self.attributes {
            let i = self.next_attribute;
            self.next_attribute += 1;
            let attribute = &self.r.attributes()[i];
            let local = self.r.attribute_local(attribute);
            // `xsi:nil` is the value's `None`; `xsi:type` is offered as `@xsi:type`, the
            // type's local name, as the tree does.
            let key = match (attribute.ns == XSI_INDEX, local) {
                (false, _) => format!("@{local}"),
                (true, "type") => "@xsi:type".to_owned(),
                (true, _) => continue,
            };
            self.value = Pending::Attribute(i);
            return seed.deserialize(key.into_deserializer()).map(Some);
        }
        if self.wants_text {
            self.wants_text = false;
            let (text, ended) = self.r.text()?;
            self.done = ended;
            self.value = Pending::Text(text);
            return seed.deserialize(de::value::StrDeserializer::<DecodeError>::new("$text")).map(Some);
        }
        loop {
            if self.done {
                return Ok(None);
            }
            let Some(child) = self.r.next_child()? else {
                self.done = true;
                return Ok(None);
            };
            let name = self.r.local(&child);
            if let Some(run) = &self.last_run
                && self.r.str(run.start as usize..run.end as usize) == name
            {
                // The rest of a run whose value (not a `Vec`) was its first element.
                self.r.skip_element()?;
                continue;
            }
            self.last_run = Some(child.local.clone());
            if let Some(field) = self.wrapped_field(name) {
                self.value = Pending::Wrapped(child);
                return seed.deserialize(de::value::StrDeserializer::<DecodeError>::new(field)).map(Some);
            }
            let key = seed.deserialize(de::value::StrDeserializer::<DecodeError>::new(name)).map(Some);
            self.value = Pending::Group(child);
            return key;
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match std::mem::replace(&mut self.value, Pending::None) {
            Pending::Attribute(i) => {
                let attribute = &self.r.attributes()[i];
                let value = self.r.attribute_value(attribute);
                let value = if attribute.ns == XSI_INDEX { value.rsplit(':').next().unwrap_or(value) } else { value };
                seed.deserialize(ScalarText(value))
            }
            Pending::Text(text) => seed.deserialize(ScalarText(self.r.text_of(&text))),
            Pending::Group(first) => seed.deserialize(Group { r: self.r, first }),
            Pending::Wrapped(start) => seed.deserialize(Elem { r: self.r, start, secret: false }),
            Pending::None => Err(DecodeError("a value was asked for before its key".into())),
        }
    }
}

/// A run of same-named sibling elements, the first one's start tag read: a `Vec` reads all
/// of them, anything else reads the first (and the map reads past the rest).
struct Group<'r> {
    r: &'r mut Events,
    first: Start,
}

impl<'r> Group<'r> {
    fn into_first(self) -> Elem<'r> {
        Elem { r: self.r, start: self.first, secret: false }
    }
}

impl<'de> de::Deserializer<'de> for Group<'_> {
    type Error = DecodeError;

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let name = self.first.local.clone();
        visitor.visit_seq(Run { r: self.r, first: Some(self.first), name })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.first.nil {
            self.r.skip_element()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        let first = self.into_first();
        if name == markers::CHILDREN {
            // A WCF array field: its items are the element's children, not the run.
            return visitor.visit_newtype_struct(first);
        }
        if name == markers::RAW || name == markers::SECRET || name == markers::ANY_ELEMENT {
            return first.deserialize_newtype_struct(name, visitor);
        }
        visitor.visit_newtype_struct(Group { r: first.r, first: first.start })
    }

    forward_to_first!();
}

/// The elements of a run: the first, then each next sibling of the same name.
struct Run<'r> {
    r: &'r mut Events,
    first: Option<Start>,
    name: std::ops::Range<u32>,
}

impl<'de> de::SeqAccess<'de> for Run<'_> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if let Some(start) = self.first.take() {
            return seed.deserialize(Elem { r: self.r, start, secret: false }).map(Some);
        }
        // Text between siblings is not kept (SOAP content is element-only); a sibling of
        // another name, or the parent's end, is left for the map.
        loop {
            let local = match self.r.peek()? {
                Event::Text(_) => None,
                Event::Start(start) => Some(start.local.clone()),
                _ => return Ok(None),
            };
            let Some(local) = local else {
                self.r.next()?;
                continue;
            };
            let same = self.r.str(local.start as usize..local.end as usize)
                == self.r.str(self.name.start as usize..self.name.end as usize);
            if !same {
                return Ok(None);
            }
            let Event::Start(start) = self.r.next()? else { unreachable!("peeked a start tag") };
            return seed.deserialize(Elem { r: self.r, start, secret: false }).map(Some);
        }
    }
}

/// An enum's variant: named by an `xsi:type` (the element is the content), by the text
/// (no content) or by the first child (the content, then the rest of the parent is read).
struct Variant<'r> {
    name: Name,
    content: Content<'r>,
}

enum Name {
    Static(&'static str),
    Owned(String),
}

enum Content<'r> {
    None,
    Itself(Elem<'r>),
    Child(Elem<'r>),
}

impl<'de, 'r> de::EnumAccess<'de> for Variant<'r> {
    type Error = DecodeError;
    type Variant = Content<'r>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Content<'r>)> {
        let value = match &self.name {
            Name::Static(name) => seed.deserialize(de::value::StrDeserializer::<DecodeError>::new(name)),
            Name::Owned(name) => seed.deserialize(de::value::StrDeserializer::<DecodeError>::new(name)),
        }?;
        Ok((value, self.content))
    }
}

impl<'r> Content<'r> {
    /// Reads the content with `read`, then the rest of the parent of a child variant.
    fn read<T>(self, read: impl FnOnce(Elem<'_>) -> Result<T>) -> Result<T> {
        match self {
            Content::None => Err(DecodeError("the variant needs content".into())),
            Content::Itself(elem) => read(elem),
            Content::Child(elem) => {
                let Elem { r, start, secret } = elem;
                let value = read(Elem { r: &mut *r, start, secret })?;
                r.skip_element()?;
                Ok(value)
            }
        }
    }
}

impl<'de> de::VariantAccess<'de> for Content<'_> {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<()> {
        match self {
            Content::None => Ok(()),
            content => content.read(|elem| elem.skip()),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.read(|elem| seed.deserialize(elem))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        self.read(|elem| de::Deserializer::deserialize_tuple(elem, len, visitor))
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value> {
        self.read(|elem| de::Deserializer::deserialize_struct(elem, "", fields, visitor))
    }
}
