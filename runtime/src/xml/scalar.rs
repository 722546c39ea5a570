//! Serializers for scalars in places that hold only text: `$text` fields, map keys,
//! attribute values, and the items of an `xs:list`.

use serde::ser::{self, Impossible, Serialize};

use super::error::EncodeError;
use super::escape::{Context, escape_into};

type Result<T> = std::result::Result<T, EncodeError>;

/// Writes a scalar as character data, for `$text` fields and map keys (escaped) and for
/// [`to_text`] (as is).
pub(crate) struct TextSerializer<'w> {
    pub(crate) out: &'w mut Vec<u8>,
    pub(crate) escape: bool,
}

/// A scalar's text form, unescaped: what `xs:list` items are made of.
pub(crate) fn to_text<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut out = Vec::new();
    value.serialize(TextSerializer { out: &mut out, escape: false })?;
    String::from_utf8(out).map_err(|_| EncodeError::Unsupported("text is not UTF-8".into()))
}

/// Writes a scalar as ` name="value"`; `None` writes nothing.
pub(crate) struct AttributeSerializer<'w> {
    pub(crate) out: &'w mut Vec<u8>,
    pub(crate) name: &'static str,
}

/// The scalar-only serializers share everything but where a scalar goes.
trait ScalarSink: Sized {
    fn scalar(self, value: &str, escape: bool) -> Result<()>;

    /// Writes a [`Secret`](crate::Secret)'s value, marking where it went.
    fn secret<T: Serialize + ?Sized>(self, value: &T) -> Result<()>;
}

impl ScalarSink for TextSerializer<'_> {
    fn secret<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        let TextSerializer { out, escape } = self;
        let start = out.len();
        value.serialize(TextSerializer { out: &mut *out, escape })?;
        crate::secrets::mark_range(start..out.len());
        Ok(())
    }

    fn scalar(self, value: &str, escape: bool) -> Result<()> {
        if escape && self.escape {
            escape_into(self.out, value, Context::Text)
                .map_err(|source| EncodeError::InvalidChar { element: "$text".into(), source })
        } else {
            self.out.extend_from_slice(value.as_bytes());
            Ok(())
        }
    }
}

impl ScalarSink for AttributeSerializer<'_> {
    fn secret<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        let AttributeSerializer { out, name } = self;
        let start = out.len();
        value.serialize(AttributeSerializer { out: &mut *out, name })?;
        // ` name="value"`: the value, between the quotes.
        if out.len() > start {
            crate::secrets::mark_range(start + name.len() + 3..out.len() - 1);
        }
        Ok(())
    }

    fn scalar(self, value: &str, _escape: bool) -> Result<()> {
        self.out.push(b' ');
        self.out.extend_from_slice(self.name.as_bytes());
        self.out.extend_from_slice(b"=\"");
        escape_into(self.out, value, Context::Attribute)
            .map_err(|source| EncodeError::InvalidChar { element: format!("@{}", self.name), source })?;
        self.out.push(b'"');
        Ok(())
    }
}

macro_rules! scalar_serializer {
    ($ty:ident) => {
        impl ser::Serializer for $ty<'_> {
            type Ok = ();
            type Error = EncodeError;
            type SerializeSeq = Impossible<(), EncodeError>;
            type SerializeTuple = Impossible<(), EncodeError>;
            type SerializeTupleStruct = Impossible<(), EncodeError>;
            type SerializeTupleVariant = Impossible<(), EncodeError>;
            type SerializeMap = Impossible<(), EncodeError>;
            type SerializeStruct = Impossible<(), EncodeError>;
            type SerializeStructVariant = Impossible<(), EncodeError>;

            fn serialize_bool(self, v: bool) -> Result<()> {
                self.scalar(if v { "true" } else { "false" }, false)
            }
            fn serialize_i8(self, v: i8) -> Result<()> {
                self.serialize_i64(v.into())
            }
            fn serialize_i16(self, v: i16) -> Result<()> {
                self.serialize_i64(v.into())
            }
            fn serialize_i32(self, v: i32) -> Result<()> {
                self.serialize_i64(v.into())
            }
            fn serialize_i64(self, v: i64) -> Result<()> {
                self.scalar(itoa::Buffer::new().format(v), false)
            }
            fn serialize_u8(self, v: u8) -> Result<()> {
                self.serialize_u64(v.into())
            }
            fn serialize_u16(self, v: u16) -> Result<()> {
                self.serialize_u64(v.into())
            }
            fn serialize_u32(self, v: u32) -> Result<()> {
                self.serialize_u64(v.into())
            }
            fn serialize_u64(self, v: u64) -> Result<()> {
                self.scalar(itoa::Buffer::new().format(v), false)
            }
            fn serialize_f32(self, v: f32) -> Result<()> {
                self.scalar(&format_float(f64::from(v), v.to_string()), false)
            }
            fn serialize_f64(self, v: f64) -> Result<()> {
                self.scalar(&format_float(v, format!("{v:?}")), false)
            }
            fn serialize_char(self, v: char) -> Result<()> {
                self.scalar(v.encode_utf8(&mut [0; 4]), true)
            }
            fn serialize_str(self, v: &str) -> Result<()> {
                self.scalar(v, true)
            }
            fn serialize_bytes(self, v: &[u8]) -> Result<()> {
                use base64::Engine as _;
                self.scalar(&base64::engine::general_purpose::STANDARD.encode(v), false)
            }
            fn serialize_none(self) -> Result<()> {
                Ok(())
            }
            fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
                value.serialize(self)
            }
            fn serialize_unit(self) -> Result<()> {
                self.scalar("", false)
            }
            fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
                self.scalar("", false)
            }
            fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
                self.scalar(variant, true)
            }
            fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<()> {
                if name == super::markers::SECRET {
                    return self.secret(value);
                }
                value.serialize(self)
            }
            fn serialize_newtype_variant<T: Serialize + ?Sized>(
                self,
                _: &'static str,
                _: u32,
                variant: &'static str,
                _: &T,
            ) -> Result<()> {
                Err(not_scalar(variant))
            }
            fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
                Err(not_scalar("sequence"))
            }
            fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
                Err(not_scalar("tuple"))
            }
            fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Self::SerializeTupleStruct> {
                Err(not_scalar(name))
            }
            fn serialize_tuple_variant(
                self,
                _: &'static str,
                _: u32,
                variant: &'static str,
                _: usize,
            ) -> Result<Self::SerializeTupleVariant> {
                Err(not_scalar(variant))
            }
            fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
                Err(not_scalar("map"))
            }
            fn serialize_struct(self, name: &'static str, _: usize) -> Result<Self::SerializeStruct> {
                Err(not_scalar(name))
            }
            fn serialize_struct_variant(
                self,
                _: &'static str,
                _: u32,
                variant: &'static str,
                _: usize,
            ) -> Result<Self::SerializeStructVariant> {
                Err(not_scalar(variant))
            }
        }
    };
}

scalar_serializer!(TextSerializer);
scalar_serializer!(AttributeSerializer);

#[cold]
fn not_scalar(what: &str) -> EncodeError {
    EncodeError::Unsupported(format!("`{what}` cannot be an attribute, a `$text` field or a map key: only scalars can"))
}

/// `INF`, `-INF` and `NaN` are XML Schema's spellings; everything else is Rust's shortest
/// round-trip form, which is a valid `xs:double` lexical value.
pub(crate) fn format_float(v: f64, finite: String) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "INF" } else { "-INF" }.into()
    } else {
        finite
    }
}
