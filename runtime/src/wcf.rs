//! WCF's data-contract forms.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The namespace of WCF's primitive arrays (`ArrayOfint`, `ArrayOfstring`, ...).
pub const ARRAYS_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

/// A primitive array in WCF's arrays namespace: `interests: ArrayOf<i32>` goes on the wire
/// as `<Interests xmlns:a="…/Arrays"><a:int>1</a:int><a:int>2</a:int></Interests>`.
///
/// A service that receives these items in its own namespace silently sees an empty
/// array, so the namespace matters; this type gets it right in one line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ArrayOf<T>(pub Vec<T>);

/// An item type of [`ArrayOf`], with its element name in the arrays namespace.
pub trait ArrayItem {
    /// The item element, prefixed `a:` (`a:int`, `a:string`).
    const ELEMENT: &'static str;
}

macro_rules! array_items {
    ($($ty:ty => $name:literal),* $(,)?) => {$(
        impl ArrayItem for $ty {
            const ELEMENT: &'static str = concat!("a:", $name);
        }
    )*};
}

array_items! {
    i8 => "byte", i16 => "short", i32 => "int", i64 => "long",
    u8 => "unsignedByte", u16 => "unsignedShort", u32 => "unsignedInt", u64 => "unsignedLong",
    f32 => "float", f64 => "double", bool => "boolean", String => "string", char => "char",
}

impl<T> From<Vec<T>> for ArrayOf<T> {
    fn from(items: Vec<T>) -> Self {
        ArrayOf(items)
    }
}

impl<T: Serialize + ArrayItem> Serialize for ArrayOf<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut array = serializer.serialize_struct("ArrayOf", 2)?;
        array.serialize_field("@xmlns:a", ARRAYS_NS)?;
        array.serialize_field(T::ELEMENT, &self.0)?;
        array.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ArrayOf<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::xml::markers::newtype(deserializer, crate::xml::markers::CHILDREN).map(ArrayOf)
    }
}
