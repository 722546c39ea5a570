//! What a generation is asked for: client or server declarations, and which names are
//! credentials.

use crate::secret_names::SecretNames;

/// How to generate: [`Options::default`] gives client declarations.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Declare each trait `#[soap_service(server, ...)]`, so that `{Trait}Server` serves
    /// an implementation of it (the `soapkit` feature `server`).
    pub server: bool,
    /// The names whose values are kept secret ([`SecretNames`]: the defaults unless
    /// changed).
    pub secret_names: SecretNames,
    /// Leave out what each binding's WS-Policy asks every call to carry. By default a
    /// binding whose policy asks for WS-Addressing (`wsaw:UsingAddressing`,
    /// `wsam:Addressing`), a UsernameToken or an initiator's X.509 signature
    /// (WS-SecurityPolicy) is declared `ws_addressing`/`ws_security` (the `soapkit`
    /// features `wsa`/`wsse`), so that its client sends them and its server requires them.
    pub ignore_policy: bool,
}

impl Options {
    /// Sets [`secret_names`](Options::secret_names).
    pub fn secret_names(mut self, names: SecretNames) -> Self {
        self.secret_names = names;
        self
    }

    /// Sets [`ignore_policy`](Options::ignore_policy).
    pub fn ignore_policy(mut self, ignore: bool) -> Self {
        self.ignore_policy = ignore;
        self
    }

    /// Sets [`server`](Options::server).
    pub fn server(mut self, server: bool) -> Self {
        self.server = server;
        self
    }
}
