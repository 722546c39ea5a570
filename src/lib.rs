//! # soapkit
//!
//! SOAP services as ordinary async Rust. Declare the operations of a service as a trait,
//! and `#[soap_service]` generates a client that writes the envelope, posts it, and reads
//! the reply or the fault into Rust types.
//!
//! ## Declare
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use soapkit::{soap_operation, soap_service};
//!
//! #[derive(Debug, Clone, Copy, Serialize, Deserialize)]
//! pub enum TemporaryKeyDomain { LoginCustomerCenter, PublicFaq }
//!
//! /// The Person agent of SuperOffice NetServer Services88.
//! #[soap_service(ns = "http://www.superoffice.net/ws/crm/NetServer/Services88",
//!                action_base = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person")]
//! pub trait PersonAgent {
//!     /// Deletes all temporary keys of a domain for a person.
//!     #[soap_operation(action = "DeleteTemporaryKeysOfDomain")]
//!     async fn delete_temporary_keys_of_domain(&self, domain: TemporaryKeyDomain, person_id: i32)
//!         -> soapkit::Result<()>;
//! }
//! ```
//!
//! This sends `<DeleteTemporaryKeysOfDomain xmlns="…/Services88"><Domain>…</Domain>
//! <PersonId>…</PersonId></DeleteTemporaryKeysOfDomain>` with the SOAP action
//! `…/Services88/Person/DeleteTemporaryKeysOfDomain`, and expects
//! `<DeleteTemporaryKeysOfDomainResponse>` back.
//!
//! ## Build a client and call
//!
//! ```no_run
//! # use serde::{Deserialize, Serialize};
//! # use soapkit::{soap_operation, soap_service};
//! # #[derive(Debug, Clone, Copy, Serialize, Deserialize)]
//! # pub enum TemporaryKeyDomain { LoginCustomerCenter }
//! # #[soap_service(ns = "http://www.superoffice.net/ws/crm/NetServer/Services88")]
//! # pub trait PersonAgent {
//! #     #[soap_operation(action = "DeleteTemporaryKeysOfDomain")]
//! #     async fn delete_temporary_keys_of_domain(&self, domain: TemporaryKeyDomain, person_id: i32) -> soapkit::Result<()>;
//! # }
//! use soapkit::{Client, Header, SoapVersion};
//!
//! # async fn run() -> soapkit::Result<()> {
//! const NS: &str = "http://www.superoffice.net/ws/crm/NetServer/Services88";
//! let client = Client::builder("https://example.com/Remote/Services88/Person.svc")
//!     .soap_version(SoapVersion::Soap11)
//!     .header(Header::new(NS, "ApplicationToken", "1234567-1234-9876")?)
//!     .build()?;
//! let person = PersonAgentClient::new(client);
//! person.delete_temporary_keys_of_domain(TemporaryKeyDomain::LoginCustomerCenter, 123).await?;
//! # Ok(())
//! # }
//! ```
//!
//! ## Handle a fault
//!
//! ```
//! fn explain(error: &soapkit::Error) -> String {
//!     match error.fault() {
//!         Some(fault) if fault.is_sender() => format!("we sent something wrong: {}", fault.reason()),
//!         Some(fault) => format!("the server failed: {} ({})", fault.reason(), fault.code()),
//!         None if error.is_timeout() => "the server did not answer in time".to_owned(),
//!         None => error.to_string(),
//!     }
//! }
//! ```
//!
//! ## The attributes
//!
//! `#[soap_service(...)]` on the trait:
//! - `ns`: the default namespace of every operation's wrapper element;
//! - `action_base`: the SOAP action of each operation is `{action_base}/{action}`;
//! - `rename_all`: how parameter names become element names: `"PascalCase"` (the default,
//!   WCF's convention: `target_id` → `TargetId`), `"camelCase"`, `"snake_case"`, …;
//! - `crate`: the path of this crate, for code that renames it (`crate = "my_soap"`);
//! - `server` (a flag): also generate `{Trait}Server`, whose `new(implementation)` serves
//!   any implementation of the trait over HTTP (feature `server`; see the README's
//!   "Serving the same trait").
//!
//! `#[soap_operation(...)]` on each method:
//! - `action` (required): the operation name, which is the request wrapper's local name;
//! - `ns`: the wrapper's namespace, if not the service's;
//! - `soap_action`: the whole SOAP action (`""` allowed). Without it or `action_base` the
//!   action is `""`, which servers that dispatch on the body element accept;
//! - `response`: the reply wrapper's local name, `{action}Response` by default;
//! - `result`: the name of the wrapper's child that holds the result. By default the
//!   wrapper's first child element is read, whatever its name (`Response` in Services88,
//!   `{action}Result` in WCF, `return` in JAX-WS); with `result` given, a child of another
//!   name is ignored and the result is missing (an error, unless `T` is an `Option`);
//! - `whole_response` (a flag): the reply wrapper itself is the result, read as a struct of
//!   its children (SoPrincipal's `AuthenticateResponse`);
//! - `fault`: the fault contract type; a fault's detail is decoded into it, for
//!   [`Fault::typed_detail`];
//! - `one_way` (a flag): no reply body is expected (HTTP 202 or 200, empty); returns `()`;
//! - `bare` (a flag): document/literal bare: the operation's one parameter is the body
//!   element itself, `<{action} xmlns="{ns}">`, instead of a child of a wrapper;
//! - `rename_all`: as on the service, for this operation's parameters.
//!
//! `#[soap(...)]` on a parameter: `rename = "Name"` sets its element name (`"Ids/int"`, a
//! wrapped array: a `Vec` parameter whose items are the children `<int>` of one `<Ids>`,
//! `"Ids/{namespace}int"` for items in another namespace, as WCF's `ArrayOfint`; struct
//! members take the same form in `#[serde(rename = "...")]`); `header` sends
//! it as a header block of this call instead of a body element, in the operation's
//! namespace or in `ns = "..."`; `ns = "..."` without `header` puts a body parameter's
//! element in that namespace instead of the wrapper's (`""`: in none, as rpc/literal parts
//! and unqualified schemas want); `secret` shows its value as `***` in logs (see also
//! [`Header::secret`]).
//!
//! ## Secrets
//!
//! A value marked secret never shows: not in the envelopes logged at TRACE, not in an
//! error's `Display`, `Debug` or causes, not where a server echoes it back in a fault or an
//! error page. A request marks values with `#[soap(secret)]`, `#[soap(header, secret)]` and
//! [`Header::secret`]; a member of a type sent or received marks itself by its type,
//! [`Secret<T>`]: `Debug` and `Display` print `***`, the wire carries the value unchanged,
//! and the caller reads it with [`Secret::expose`]. A ticket the server returns in
//! `ticket: Secret<String>` is hidden in the reply's log and in every error of that call.
//!
//! Values go through serde: see [`xsd`] and [`wcf`] for the XML Schema and WCF forms that
//! need a hint (nil, base64, lists, durations, primitive arrays).
//!
//! Parameters are written in order as children of the wrapper, qualified in `ns`
//! (`elementFormDefault="qualified"`). An operation returns `soapkit::Result<T>`: `()`
//! for an empty reply wrapper, any `T: Deserialize` read from the result element, or
//! [`Reply<T>`] for the value with the reply's header blocks.
//!
//! The trait's `async fn op(..) -> soapkit::Result<T>`s become `fn op(..) ->
//! soapkit::Call<'_, T>`: awaited the same way, `Send`, so calls can be spawned, and one
//! named future type, which keeps services of hundreds of operations cheap to compile. The
//! trait stays an ordinary trait that tests can implement by hand, making each call with
//! [`Call::ready`] or [`Call::from_future`], or with `async fn`s under `#[soap_impl]`,
//! which rewrites each `async fn op(..) -> soapkit::Result<T>` of an `impl` block into
//! the trait's signature. Every method has a default body: an implementation (a server, a
//! test double) writes only the operations it serves, and the others answer with a
//! `Receiver` fault saying they are not implemented ([`Call::not_implemented`]).
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub use soapkit_macros::{soap_impl, soap_operation, soap_service};
pub use soapkit_runtime::{
    Call, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_REPLY_SIZE, DEFAULT_TIMEOUT, Error, ErrorKind,
    Fault, FromReply, Header, QName, Reply, ReplyHeaders, Result, SOAP11_ENVELOPE, SOAP12_ENVELOPE, Secret,
    SoapVersion,
};

pub use soapkit_runtime::{description, fault, shape, transport, wcf, xsd};

/// Middleware for a client's transport: retries, the history of exchanges, hooks, and
/// credentials fetched again when they expire.
pub use soapkit_runtime::layers;

/// HTTP authentication (feature `http-auth`): Basic, Bearer and Digest, a layer around the
/// client's transport ([`auth::HttpAuth`]).
#[cfg(feature = "http-auth")]
pub use soapkit_runtime::auth;

/// NTLM (feature `ntlm`): the account a client authenticates as
/// ([`ntlm::NtlmCredentials`], given to `ClientBuilder::ntlm`).
#[cfg(feature = "ntlm")]
pub use soapkit_runtime::ntlm;

/// The server (feature `server`): serve any implementation of a
/// `#[soap_service(server)]` trait.
#[cfg(feature = "server")]
pub use soapkit_runtime::server;

/// WS-Addressing (feature `wsa`): `Action`, `To`, `MessageID` and `ReplyTo` on every
/// request of a client ([`wsa::WsAddressing`]) and its reply's `RelatesTo` checked; with
/// `server`, the server reads them and answers with `RelatesTo` and its `Action`.
#[cfg(feature = "wsa")]
pub use soapkit_runtime::wsa;

/// WS-Security (feature `wsse`): a UsernameToken and a Timestamp on every request of a
/// client ([`wsse::WsSecurity`]), and with `server` their check on the server
/// (`wsse::UsernameTokens`).
#[cfg(feature = "wsse")]
pub use soapkit_runtime::wsse;

/// chrono, for dates and times (feature `chrono`): the version soapkit's serde forms are
/// tested with, so generated code names no crate of its own.
#[cfg(feature = "chrono")]
pub use chrono;
/// rust_decimal, for `xs:decimal` (feature `decimal`).
#[cfg(feature = "decimal")]
pub use rust_decimal;

/// What generated code names. Not a public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use soapkit_runtime::__private::*;
}

/// The README's code blocks, compiled as doctests so the quickstart stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
