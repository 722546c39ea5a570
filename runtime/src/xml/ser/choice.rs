//! Writing a choice field: the variant's name is the element, nothing for `None`, one
//! element per item of a `Vec`.

use serde::ser::{self, Impossible, Serialize};

use super::write_element;
use crate::xml::error::EncodeError;

/// Writes a choice field: the variant's name is the element, nothing for `None`, one
/// element per item of a `Vec`.
pub(crate) struct ChoiceSerializer<'w> {
    pub(crate) out: &'w mut Vec<u8>,
}

type SerResult<T> = std::result::Result<T, EncodeError>;

fn not_a_choice<T>() -> SerResult<T> {
    Err(EncodeError::Unsupported(
        "a `$choice:` field holds an enum of newtype variants, one per alternative element".into(),
    ))
}

macro_rules! refuse {
    ($($method:ident($($ty:ty),*);)*) => {$(
        fn $method(self, $(_: $ty),*) -> SerResult<()> {
            not_a_choice()
        }
    )*};
}

impl<'w> ser::Serializer for ChoiceSerializer<'w> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = ChoiceItems<'w>;
    type SerializeTuple = Impossible<(), EncodeError>;
    type SerializeTupleStruct = Impossible<(), EncodeError>;
    type SerializeTupleVariant = Impossible<(), EncodeError>;
    type SerializeMap = Impossible<(), EncodeError>;
    type SerializeStruct = Impossible<(), EncodeError>;
    type SerializeStructVariant = Impossible<(), EncodeError>;

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> SerResult<()> {
        write_element(self.out, variant, None, value)
    }

    fn serialize_none(self) -> SerResult<()> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> SerResult<()> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> SerResult<()> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> SerResult<ChoiceItems<'w>> {
        Ok(ChoiceItems { out: self.out })
    }

    refuse! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_unit();
        serialize_unit_struct(&'static str); serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_tuple(self, _: usize) -> SerResult<Self::SerializeTuple> {
        not_a_choice()
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> SerResult<Self::SerializeTupleStruct> {
        not_a_choice()
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> SerResult<Self::SerializeTupleVariant> {
        not_a_choice()
    }

    fn serialize_map(self, _: Option<usize>) -> SerResult<Self::SerializeMap> {
        not_a_choice()
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> SerResult<Self::SerializeStruct> {
        not_a_choice()
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> SerResult<Self::SerializeStructVariant> {
        not_a_choice()
    }
}

/// The items of a repeated choice.
pub(crate) struct ChoiceItems<'w> {
    out: &'w mut Vec<u8>,
}

impl ser::SerializeSeq for ChoiceItems<'_> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> SerResult<()> {
        value.serialize(ChoiceSerializer { out: self.out })
    }

    fn end(self) -> SerResult<()> {
        Ok(())
    }
}
