//! The serde names that tell soapkit's XML writer and reader what a value is, beyond what
//! serde's data model says: a Rust type name never starts with `$`, so none of these can
//! be a user's type by accident. One home, so that the writer, the reader and the types
//! that use them agree.

/// A unit struct written as `xsi:nil="true"` (`xsd::Nillable`).
pub(crate) const NIL: &str = "$soapkit::nil";
/// A newtype whose element's children are the value's items (`wcf::ArrayOf`).
pub(crate) const CHILDREN: &str = "$soapkit::children";
/// A newtype holding an element's content as XML (`xsd::RawXml`).
pub(crate) const RAW: &str = "$soapkit::raw";
/// A newtype holding a whole element as XML (`xsd::AnyElement`).
pub(crate) const ANY_ELEMENT: &str = "$soapkit::any_element";
/// A newtype whose element is in no namespace (`xsd::Unqualified`).
pub(crate) const UNQUALIFIED: &str = "$soapkit::unqualified";
/// A tuple struct `(namespace URI, value)`: the value's element in that namespace
/// (`xsd::InNamespace`).
pub(crate) const NAMESPACE: &str = "$soapkit::namespace";
/// An enum of a base type and its derived types, told apart by `xsi:type`
/// (`xsd::XSI_TYPED`, which code generated from a WSDL writes out).
pub(crate) const XSI_TYPED: &str = "$soapkit::xsi_type";
/// A newtype whose value must not be seen (`Secret`): the writer marks where it wrote it,
/// the reader collects what it read, so that logs and errors can hide it.
pub(crate) const SECRET: &str = "$soapkit::secret";

/// Reads a `T` through a newtype named `name`: the XML reader sees the marker (or, for an
/// unknown name, reads `T` as it is), other deserializers read a newtype of `T`, which
/// most read as `T` itself.
pub(crate) fn newtype<'de, D, T>(deserializer: D, name: &'static str) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    struct Inner<T>(std::marker::PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Inner<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a value")
        }
        fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
            T::deserialize(d)
        }
    }
    deserializer.deserialize_newtype_struct(name, Inner(std::marker::PhantomData))
}
