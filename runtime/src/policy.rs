//! What a service's declaration (or its WSDL's policy) requires of every call, beside what
//! a client or server is configured with: WS-Addressing headers, a WS-Security
//! UsernameToken, an X.509 signature. Always compiled, so that an operation's description
//! reads the same whichever features are on; the macros make a declaration that needs a
//! feature fail to compile without it.

use crate::error::Error;

/// The WS-Addressing 1.0 namespace.
pub const WSA_2005: &str = "http://www.w3.org/2005/08/addressing";
/// The 2004/08 member submission's namespace, which older stacks (WSE 3, early WCF
/// bindings, JAX-WS 2.0) speak.
pub const WSA_2004: &str = "http://schemas.xmlsoap.org/ws/2004/08/addressing";

/// Which WS-Addressing a client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WsaVersion {
    /// WS-Addressing 1.0, `http://www.w3.org/2005/08/addressing`.
    #[default]
    W3c2005,
    /// The 2004/08 member submission, `http://schemas.xmlsoap.org/ws/2004/08/addressing`.
    Submission2004,
}

impl WsaVersion {
    /// The namespace of its headers.
    pub const fn namespace(self) -> &'static str {
        match self {
            WsaVersion::W3c2005 => WSA_2005,
            WsaVersion::Submission2004 => WSA_2004,
        }
    }

    /// The address that means "reply on the same connection".
    pub const fn anonymous(self) -> &'static str {
        match self {
            WsaVersion::W3c2005 => "http://www.w3.org/2005/08/addressing/anonymous",
            WsaVersion::Submission2004 => "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous",
        }
    }

    #[cfg_attr(not(feature = "wsa"), allow(dead_code))]
    pub(crate) fn of(namespace: &str) -> Option<WsaVersion> {
        match namespace {
            WSA_2005 => Some(WsaVersion::W3c2005),
            WSA_2004 => Some(WsaVersion::Submission2004),
            _ => None,
        }
    }
}

/// What every call of an operation must carry, as its service declares it
/// (`#[soap_service(ws_addressing = "1.0", ws_security = "username_token")]`, generated
/// from a WSDL's `wsp:Policy`). A client sends WS-Addressing headers for such an operation
/// even when it was not configured to, and refuses to send a call whose WS-Security it was
/// not given; a server refuses a request without them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Policy {
    /// WS-Addressing headers on every request, in this version.
    pub addressing: Option<WsaVersion>,
    /// A WS-Security UsernameToken on every request.
    pub username_token: bool,
    /// An X.509 signature over every request's Body.
    pub signature: bool,
}

impl Policy {
    /// Nothing required beyond what the client or server is configured with.
    pub const NONE: Policy = Policy { addressing: None, username_token: false, signature: false };

    /// Why a client with this WS-Security (`None`: none configured) cannot send a call of
    /// `operation`; `None` when it can.
    #[cfg(feature = "wsse")]
    pub(crate) fn unmet_by_client(&self, operation: &str, security: Option<&crate::wsse::WsSecurity>) -> Option<Error> {
        let missing = if self.username_token && security.is_none_or(|s| !s.has_username_token()) {
            "a WS-Security UsernameToken"
        } else if self.signature && security.is_none_or(|s| s.signer().is_none()) {
            "an X.509 signature"
        } else {
            return None;
        };
        Some(unmet(operation, missing, "ClientBuilder::ws_security"))
    }

    /// Without the `wsse` feature, a client can meet no WS-Security policy (the macros make
    /// a declaration that has one fail to compile; this covers a hand-written table).
    #[cfg(not(feature = "wsse"))]
    pub(crate) fn unmet_by_client(&self, operation: &str, _: Option<&()>) -> Option<Error> {
        (self.username_token || self.signature)
            .then(|| unmet(operation, "WS-Security", "the `wsse` feature and ClientBuilder::ws_security"))
    }
}

#[cold]
fn unmet(operation: &str, missing: &str, remedy: &str) -> Error {
    Error::builder(format!(
        "{operation} requires {missing} on every request (its service's policy), and this client has none: give it one with {remedy}"
    ))
}
