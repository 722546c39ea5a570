//! The runtime of [soapkit](https://docs.rs/soapkit): SOAP envelopes, faults and HTTP.
//!
//! Applications use it through the `soapkit` facade and the code its macros generate;
//! this crate holds everything that does not need to be generated, once for all
//! operations.
//!
//! ```
//! use soapkit_runtime::{Client, Header, SoapVersion};
//!
//! # fn main() -> soapkit_runtime::Result<()> {
//! let ns = "http://www.superoffice.net/ws/crm/NetServer/Services88";
//! let client = Client::builder("http://127.0.0.1:8080/Remote/Services88/Person.svc")
//!     .soap_version(SoapVersion::Soap11)
//!     .header(Header::new(ns, "ApplicationToken", "1234567-1234-9876")?)
//!     .build()?;
//! assert_eq!(client.headers()[0].xml(),
//!     r#"<ApplicationToken xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88">1234567-1234-9876</ApplicationToken>"#);
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

// A call's path, in the order the README's layout gives it: operation → request →
// envelope (writer) → binding → transport → envelope (reader), fault → check → result,
// driven by call. (rustfmt keeps `mod` items sorted.)
mod binding;
mod call;
mod check;
mod envelope;
pub mod fault;
mod operation;
mod policy;
mod request;
mod result;
pub mod transport;

// Beside the path.
#[cfg(feature = "http-auth")]
pub mod auth;
mod client;
pub mod description;
mod error;
mod header;
mod header_blocks;
pub mod layers;
#[cfg(feature = "ntlm")]
pub mod ntlm;
mod qname;
mod reply;
mod secrets;
#[cfg(feature = "server")]
pub mod server;
pub mod shape;
mod version;
pub mod wcf;
#[cfg(feature = "wsa")]
pub mod wsa;
#[cfg(feature = "wsse")]
pub mod wsse;
mod xml;
pub mod xsd;

pub use call::Call;
pub use client::{Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_REPLY_SIZE, DEFAULT_TIMEOUT};
pub use error::{Error, ErrorKind, Result};
pub use fault::Fault;
pub use header::Header;
pub use policy::{Policy, WsaVersion};
pub use qname::QName;
pub use reply::{Reply, ReplyHeaders};
pub use result::FromReply;
pub use secrets::Secret;
pub use version::{SOAP11_ENVELOPE, SOAP12_ENVELOPE, SoapVersion};

/// The codec without HTTP, for fuzz targets and benchmarks (feature `fuzzing`): an
/// operation's description, [`Request`](fuzzing::Request) and its `encode` to write a
/// request as the client would send it, and [`decode_reply`](fuzzing::decode_reply) to read
/// any bytes as its reply, as the client does after receiving them.
#[cfg(feature = "fuzzing")]
pub mod fuzzing {
    pub use crate::operation::{Operation, Policy, ResultElement};
    pub use crate::request::Request;
    pub use crate::result::{decode_reply, decode_reply_by_tree, decode_reply_streaming};
    #[cfg(feature = "server")]
    pub use crate::server::read_params_both_ways;

    /// When the last reply read as it arrived ended, as its decoder saw it: the instant
    /// the benchmarks measure the time to the result from.
    pub fn last_body_end() -> Option<std::time::Instant> {
        *crate::transport::BODY_ENDED.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reads any bytes as a request envelope and checks its XML signature against `trust`
    /// and, with `tokens`, its UsernameToken, as a server does: what the `security` fuzz
    /// target drives (features `wsse` and `server`).
    #[cfg(all(feature = "wsse", feature = "server"))]
    pub fn check_security(
        bytes: Vec<u8>,
        trust: &crate::wsse::Trust,
        tokens: &crate::wsse::UsernameTokens,
    ) -> (Result<(), String>, Result<String, String>) {
        let Ok(read) = crate::envelope::reader::read(bytes) else {
            return (Err("not an envelope".into()), Err("not an envelope".into()));
        };
        let signed =
            crate::wsse::verify::verify(&read.doc, read.header, read.body, trust).map(drop).map_err(str::to_owned);
        let token = tokens.check(&read.doc, read.header).map_err(|refusal| refusal.detail().to_owned());
        (signed, token)
    }

    /// The exclusive canonical form of the `nth` element (in document order, the root
    /// first) of `xml`, with `inclusive` as the `InclusiveNamespaces PrefixList`: what
    /// signatures digest, for comparing with a reference canonicalizer (feature `wsse`).
    #[cfg(all(feature = "wsse", feature = "fuzzing"))]
    pub fn exclusive_c14n(xml: &str, nth: usize, inclusive: &[&str]) -> Result<String, String> {
        use crate::xml::tree::{Document, NodeId};
        fn walk(doc: &Document, id: NodeId, all: &mut Vec<NodeId>) {
            all.push(id);
            for child in doc.children(id) {
                walk(doc, child, all);
            }
        }
        let doc = Document::parse(xml.to_owned()).map_err(|(e, _)| e.to_string())?;
        let mut all = Vec::new();
        walk(&doc, doc.root(), &mut all);
        let id = *all.get(nth).ok_or("no such element")?;
        let mut out = Vec::new();
        crate::xml::c14n::exclusive(&doc, id, inclusive, &mut out).map_err(|e| e.to_string())?;
        String::from_utf8(out).map_err(|e| e.to_string())
    }
}

/// What generated code names. Not a public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::description::{
        Declaration, Operation, OperationShapes, ParamDescription, Probe, ResultElement, ServiceDescription,
        ShapeOfDeserialize, ShapeUnknown,
    };
    pub use crate::policy::{Policy, WsaVersion};
    pub use crate::request::Request;
    pub use crate::shape::Member;
    pub use core::clone::Clone;
    pub use core::fmt::{Debug, Formatter, Result as FmtResult};
    pub use core::marker::{Send, Sync};
    pub use core::option::Option::{None, Some};
    pub use core::primitive::usize;
    pub use core::result::Result::{Err, Ok};
    pub use std::vec::Vec;

    /// What `#[soap_service(server)]` expands to names, under a name that says what to do
    /// when it is missing: rustc reports "could not find
    /// `enable_the_server_feature_of_soapkit`".
    #[cfg(feature = "server")]
    pub mod enable_the_server_feature_of_soapkit {
        pub use crate::server::{Answer, BodyParam, Decoded, Dispatch, Handled, Param, RoutedRequest, Server};
        pub use std::sync::Arc;
    }

    /// Named by a declaration with `ws_addressing`, so that rustc reports "could not find
    /// `enable_the_wsa_feature_of_soapkit`" without the feature.
    #[cfg(feature = "wsa")]
    pub mod enable_the_wsa_feature_of_soapkit {}

    /// Named by a declaration with `ws_security`, likewise.
    #[cfg(feature = "wsse")]
    pub mod enable_the_wsse_feature_of_soapkit {}
}
