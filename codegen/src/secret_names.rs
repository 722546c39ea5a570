//! Which names say that a value is a credential, so that generated code keeps it secret.
//!
//! A name matches when its last words are an entry's words, compared without case: the
//! words are split as [`names`](crate::names) splits them, so `Password`, `userPassword`,
//! `user_password`, `USER-PASSWORD` and `AccessToken` all end in an entry, while
//! `PasswordRule`, `TicketId` and `TokenType` do not (they describe a credential, they do
//! not hold one).

use crate::names;

/// The names soapkit-codegen treats as credentials unless told otherwise.
pub const DEFAULT_SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "token",
    "ticket",
    "credential",
    "credentials",
    "api key",
    "apikey",
    "private key",
    "authorization",
];

/// The names whose values generated code keeps secret: [`DEFAULT_SECRET_NAMES`], unless
/// turned off, and any added.
///
/// What matches is kept secret where it stands: a body parameter gets `#[soap(secret)]`, a
/// header block is sent with `Header::secret`, and a member of a schema type whose value is
/// text (a string or base64) is a `soapkit::Secret`, hidden in `Debug`, in logs and in
/// errors. A member of a structured type is not wrapped: its own members are judged by
/// their names.
#[derive(Debug, Clone)]
pub struct SecretNames {
    defaults: bool,
    added: Vec<String>,
}

impl Default for SecretNames {
    fn default() -> Self {
        SecretNames { defaults: true, added: Vec::new() }
    }
}

impl SecretNames {
    /// Adds a name (`"pin code"`, `"PinCode"` and `"pin_code"` are the same entry).
    pub fn with(mut self, name: impl Into<String>) -> Self {
        self.added.push(name.into());
        self
    }

    /// Keeps or drops [`DEFAULT_SECRET_NAMES`]; the added names stay.
    pub fn defaults(mut self, on: bool) -> Self {
        self.defaults = on;
        self
    }

    /// Whether the XML name `name` says its value is a credential.
    pub fn matches(&self, name: &str) -> bool {
        let words: Vec<String> = names::words(name).iter().map(|w| w.to_ascii_lowercase()).collect();
        let defaults = DEFAULT_SECRET_NAMES.iter().copied().filter(|_| self.defaults);
        defaults.chain(self.added.iter().map(String::as_str)).any(|entry| {
            let entry: Vec<String> = names::words(entry).iter().map(|w| w.to_ascii_lowercase()).collect();
            !entry.is_empty() && words.ends_with(&entry)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::SecretNames;

    #[test]
    fn names_that_end_in_a_credential_match_in_any_case_style() {
        let names = SecretNames::default();
        for name in [
            "Password",
            "userPassword",
            "user_password",
            "USER-PASSWORD",
            "AccessToken",
            "Ticket",
            "APIKey",
            "api_key",
            "Credentials",
        ] {
            assert!(names.matches(name), "{name}");
        }
        for name in
            ["PasswordRule", "TicketId", "TokenType", "UserName", "SignedPublicKey", "ProvidedCredentials2", "Pin"]
        {
            assert!(!names.matches(name), "{name}");
        }
    }

    #[test]
    fn names_can_be_added_and_the_defaults_turned_off() {
        let names = SecretNames::default().with("pin code").defaults(false);
        assert!(names.matches("PinCode") && names.matches("pin_code") && names.matches("userPINCode"));
        assert!(!names.matches("Password"));
    }
}
