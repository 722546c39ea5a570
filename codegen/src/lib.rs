//! soapkit-codegen: from WSDL files to soapkit declarations.
//!
//! Reads a WSDL 1.1 file (a path or an http(s) URL) with everything it imports and
//! includes, and writes one formatted Rust file: per `wsdl:portType` a `#[soap_service]`
//! trait with one `#[soap_operation]` method per operation, and the types of its schemas
//! as serde structs and enums. The file needs `soapkit` (feature `full`) and `serde`
//! (feature `derive`) and nothing else.
//!
//! Two ways to use it, as with prost and tonic:
//!
//! - the CLI writes a file to commit: `soapkit-codegen Person.wsdl -o src/person.rs`, or a
//!   whole SDK, one module per WSDL and their common types once:
//!   `soapkit-codegen A.wsdl B.wsdl -o src/sdk/`;
//! - from `build.rs`, [`Builder`] writes into `OUT_DIR`, and the crate includes the file:
//!
//! ```no_run
//! // build.rs
//! soapkit_codegen::Builder::new().wsdl("wsdl/Person.wsdl").generate().unwrap();
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/person.rs"));
//! ```
//!
//! ## Names
//! Traits and types are the schema's names in UpperCamelCase, methods and parameters
//! snake_case; the same input always gives the same output, byte for byte.
//!
//! - words split at `_`, `-`, `.` and case changes; other characters dropped; a leading
//!   digit gets `V`/`v_`; keywords become raw identifiers (`r#type`), `self`/`Self`/`super`/
//!   `crate` get a trailing `_`; a type named like a prelude item gets `Type` (`ResultType`);
//! - a schema type's name is never numbered. A port type named like a schema type (or like
//!   one of `{Name}Client`, `{Name}Server`, `{Name}Headers`, `{Name}ReplyHeaders`) is the
//!   trait `{Name}Service`; a type of another namespace than the WSDL's whose name is taken
//!   is prefixed with that namespace's last segment (`CommonContact`); an anonymous type is
//!   named after its element (`{Parent}{Element}` when local), `…Element` when a named type
//!   has the name; a choice's enum `{Owner}{AOrB}`, `…Choice` when taken. What these rules
//!   cannot keep apart is an [`Error`] naming it;
//! - struct members and enum variants whose names meet get `2`, `3`, … in schema order;
//!   methods named `new` or `client` (taken by the generated client) become `new2`, `client2`.
//!
//! ## Secrets
//! Names that say a value is a credential ([`DEFAULT_SECRET_NAMES`], extended or turned off
//! with [`SecretNames`] in [`Options::secret_names`] or [`Builder::secret_names`]) are kept
//! secret: a body parameter gets `#[soap(secret)]`, a header block `Header::secret`, and a
//! member whose value is text `soapkit::Secret<T>`, hidden in `Debug`, logs and errors.
//!
//! ## Arrays
//! A type whose only member is one repeated element (WCF's `ArrayOf*`) is `Vec<T>` of the
//! item wherever a member or parameter uses it, renamed `Outer/Item` so that soapkit writes
//! the items inside the member's element; `Option<Vec<T>>` keeps absent apart from empty.
//!
//! ## Policy
//! A binding whose WS-Policy (a `wsp:PolicyReference`, an inline `wsp:Policy` or
//! `wsp:PolicyURIs`) asks for WS-Addressing (`wsaw:UsingAddressing`, `wsam:Addressing`,
//! the 2004/08 `wsap:UsingAddressing`), a UsernameToken or an initiator's X.509 token
//! (WS-SecurityPolicy) gives a trait declared `ws_addressing = "1.0"` / `"2004/08"` and
//! `ws_security = "username_token signature"`: its client sends the addressing headers
//! unasked and refuses a call that lacks the token or signature, its server requires them
//! (`soapkit` features `wsa`, `wsse`). Of a `wsp:ExactlyOne`, only what every alternative
//! asks is required; an assertion marked `wsp:Optional` is not. What soapkit does not do
//! (encryption, symmetric bindings, issued or Kerberos tokens) is a warning.
//! [`Options::ignore_policy`] (CLI `--ignore-policy`) leaves all of it out.
//!
//! ## Why roxmltree and not xsd-parser
//! xsd-parser is a complete XSD-to-Rust generator with its own type model, renderers and
//! quick-xml version; a WSDL needs the schema read together with its messages and
//! bindings, and the output must be soapkit's serde conventions, not xsd-parser's. What is
//! needed of a schema (elements, types, groups, occurrences, derivation) is a few hundred
//! lines over a read-only DOM with positions, which roxmltree gives with no dependencies.
//!
//! ## Drift
//! With the `drift` feature, `drift::check::<{Trait}Client>(wsdl)` compares a hand-written
//! `#[soap_service]` declaration, its operations and the members of the types they send and
//! receive, with a WSDL, every difference listed.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod arrays;
mod builtin;
#[cfg(feature = "drift")]
pub mod drift;
mod emit;
mod error;
mod items;
mod load;
mod model;
mod names;
mod output;
mod policy;
mod read;
mod schema;
mod secret_names;
mod service;
mod types;

pub use error::{Error, Location, Warning};
pub use output::{Builder, Generated, Options, Sdk, generate, generate_sdk, generate_sdk_with, generate_with};
pub use secret_names::{DEFAULT_SECRET_NAMES, SecretNames};
