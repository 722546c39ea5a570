//! XML on the wire: escaping, the serde writer, the reply tree and the serde reader.

#[cfg(feature = "wsse")]
pub(crate) mod c14n;
pub(crate) mod de;
pub(crate) mod error;
pub(crate) mod escape;
pub(crate) mod events;
pub(crate) mod fields;
pub(crate) mod markers;
pub(crate) mod markup;
mod ncname;
pub(crate) mod scalar;
pub(crate) mod scope;
pub(crate) mod ser;
#[cfg(test)]
mod stream_properties;
pub(crate) mod tree;
#[cfg(test)]
mod tree_properties;
