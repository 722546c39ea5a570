//! XML on the wire: escaping, the serde writer, the reply tree and the serde reader.

// The form XML signatures digest. Until the signer and verifier use it, only the tests
// and the `fuzzing` hook (which compares it with lxml) reach it.
#[cfg(all(feature = "wsse", any(test, feature = "fuzzing")))]
pub(crate) mod c14n;
pub(crate) mod de;
pub(crate) mod error;
pub(crate) mod escape;
pub(crate) mod fields;
pub(crate) mod markers;
pub(crate) mod markup;
pub(crate) mod scalar;
pub(crate) mod scope;
pub(crate) mod ser;
pub(crate) mod tree;
#[cfg(test)]
mod tree_properties;
