//! XML Schema's built-in types and WCF's serialization types, as Rust types.

use crate::items::Ty;
use crate::model::*;

/// WCF's primitive arrays and their serialization types.
const WCF_ARRAYS: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
const WCF_SERIALIZATION: &str = "http://schemas.microsoft.com/2003/10/Serialization/";

/// The item type of a WCF primitive array (`ArrayOfint` in the Arrays namespace: one
/// repeated element of a built-in type), which `soapkit::wcf::ArrayOf` writes.
pub(crate) fn wcf_primitive_array(schemas: &Schemas, q: &QName) -> Option<QName> {
    if q.ns != WCF_ARRAYS {
        return None;
    }
    let Some(TypeDef::Complex(complex)) = schemas.types.get(q) else { return None };
    match complex.particles.as_slice() {
        [Particle::Sequence(items, _)] => single_item(items),
        other => single_item(other),
    }
}

fn single_item(particles: &[Particle]) -> Option<QName> {
    match particles {
        [Particle::Element(element, occurs)] if occurs.is_many() => match &element.ty {
            TypeRef::Named(item)
                if ARRAY_ITEMS.contains(&(item.ns.as_str(), item.local.as_str())) && element.name == item.local =>
            {
                Some(item.clone())
            }
            _ => None,
        },
        _ => None,
    }
}

/// The item types `soapkit::wcf::ArrayOf` knows.
const ARRAY_ITEMS: &[(&str, &str)] = &[
    (XS, "byte"),
    (XS, "short"),
    (XS, "int"),
    (XS, "long"),
    (XS, "unsignedByte"),
    (XS, "unsignedShort"),
    (XS, "unsignedInt"),
    (XS, "unsignedLong"),
    (XS, "float"),
    (XS, "double"),
    (XS, "boolean"),
    (XS, "string"),
];

/// The Rust type of an XML Schema built-in (or a WCF serialization type whose schema was
/// not read).
pub(crate) fn builtin(q: &QName) -> Option<Ty> {
    let path = match (q.ns.as_str(), q.local.as_str()) {
        (
            XS,
            "string" | "normalizedString" | "token" | "language" | "Name" | "NCName" | "NMTOKEN" | "ID" | "IDREF"
            | "ENTITY" | "anyURI" | "QName" | "NOTATION" | "anySimpleType" | "hexBinary" | "duration" | "gYear"
            | "gYearMonth" | "gMonth" | "gMonthDay" | "gDay",
        ) => "String",
        (XS, "NMTOKENS" | "IDREFS" | "ENTITIES") => return Some(Ty::List(Box::new(Ty::Path("String".into())))),
        (XS, "boolean") => "bool",
        (XS, "byte") => "i8",
        (XS, "short") => "i16",
        (XS, "int") => "i32",
        (XS, "long" | "integer" | "nonPositiveInteger" | "negativeInteger") => "i64",
        (XS, "unsignedByte") => "u8",
        (XS, "unsignedShort") => "u16",
        (XS, "unsignedInt") => "u32",
        (XS, "unsignedLong" | "nonNegativeInteger" | "positiveInteger") => "u64",
        (XS, "float") => "f32",
        (XS, "double") => "f64",
        (XS, "decimal") => "::soapkit::rust_decimal::Decimal",
        (XS, "dateTime") => "::soapkit::xsd::DateTime",
        (XS, "date") => "::soapkit::chrono::NaiveDate",
        (XS, "time") => "::soapkit::chrono::NaiveTime",
        (XS, "base64Binary") => "::soapkit::xsd::Base64Binary",
        (XS, "anyType") => "::soapkit::xsd::RawXml",
        (WCF_SERIALIZATION, "guid" | "duration" | "anyURI" | "QName") => "String",
        (WCF_SERIALIZATION, "char") => "i32",
        _ => return None,
    };
    Some(Ty::Path(path.into()))
}
