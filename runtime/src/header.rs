//! SOAP header blocks sent with requests.

use serde::Serialize;
use std::fmt;

use crate::error::{Error, Result};
use crate::secrets::{self, Marks};
use crate::xml::{escape, ser};

/// One SOAP header block, rendered to XML once when it is made.
///
/// A block is an element in its own namespace inside the envelope's `Header`, holding any
/// serde value: `Header::new(NS, "ApplicationToken", "1234")` or
/// `Header::new(NS, "Credentials", &Credentials { .. })`. Headers given to
/// [`ClientBuilder::header`](crate::ClientBuilder::header) go with every call, in the order
/// they were added.
#[derive(Clone)]
pub struct Header {
    namespace: Box<str>,
    name: Box<str>,
    xml: Box<str>,
    secret: bool,
    /// Where the [`Secret`](crate::Secret) members of the value are in `xml`.
    members: Marks,
}

impl Header {
    /// Renders `value` as the header block `{namespace}name`.
    ///
    /// Fails with an [`Input`](crate::ErrorKind::Input) error when `name` is not an XML
    /// name, `namespace` is empty, or the value holds a character XML cannot carry.
    pub fn new<T: Serialize + ?Sized>(namespace: &str, name: &str, value: &T) -> Result<Header> {
        if !escape::is_ncname(name) {
            return Err(Error::input(format!("header name `{name}` is not an XML name")));
        }
        if namespace.is_empty() {
            return Err(Error::input(format!(
                "header `{name}` needs a namespace: SOAP header blocks must be qualified"
            )));
        }
        escape::check(namespace).map_err(|e| Error::input(format!("namespace of header `{name}`")).with_source(e))?;
        let mut xml = Vec::new();
        let (written, members) = secrets::marking(|| ser::write_element(&mut xml, name, Some(namespace), value));
        written.map_err(|e| Error::input(format!("header `{name}`")).with_source(e))?;
        let xml = String::from_utf8(xml).expect("the XML writer writes UTF-8");
        Ok(Header { namespace: namespace.into(), name: name.into(), xml: xml.into(), secret: false, members })
    }

    /// A block the runtime writes itself, `xml` already rendered (one whose content serde
    /// cannot write, such as an attribute naming a QName).
    #[cfg(feature = "server")]
    pub(crate) fn rendered(namespace: &str, name: &str, xml: String) -> Header {
        Header {
            namespace: namespace.into(),
            name: name.into(),
            xml: xml.into(),
            secret: false,
            members: Marks::default(),
        }
    }

    /// Like [`Header::new`], for a value that must not be seen: a ticket, a password, a
    /// token. Its content is replaced by `***` wherever soapkit shows a request (`Debug`,
    /// TRACE-level envelope logging); it is sent as is.
    pub fn secret<T: Serialize + ?Sized>(namespace: &str, name: &str, value: &T) -> Result<Header> {
        let mut header = Header::new(namespace, name, value)?;
        header.secret = true;
        Ok(header)
    }

    /// Whether the block is secret.
    pub fn is_secret(&self) -> bool {
        self.secret
    }

    /// Where the block's secret values are in [`xml`](Header::xml): all of its content for
    /// a secret block, else its [`Secret`](crate::Secret) members.
    pub(crate) fn secrets(&self) -> Marks {
        if self.secret {
            let mut whole = Marks::default();
            whole.element(self.xml.as_bytes(), 0, &self.name);
            whole
        } else {
            self.members.clone()
        }
    }

    /// The block's namespace URI.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The block's local name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The block as it goes on the wire.
    pub fn xml(&self) -> &str {
        &self.xml
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Header").field("namespace", &self.namespace).field("name", &self.name).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_qualified_blocks() {
        let h = Header::new("urn:so", "ApplicationToken", "1234-x").unwrap();
        assert_eq!(h.xml(), "<ApplicationToken xmlns=\"urn:so\">1234-x</ApplicationToken>");
    }

    #[test]
    fn a_secret_block_hides_its_value_from_debug() {
        let h = Header::secret("urn:so", "Ticket", "7T:abc").unwrap();
        assert!(h.is_secret() && !format!("{h:?}").contains("7T:abc"));
    }

    #[test]
    fn a_secret_member_is_marked_in_an_ordinary_block() {
        #[derive(serde::Serialize)]
        struct Credentials {
            #[serde(rename = "User")]
            user: &'static str,
            #[serde(rename = "Ticket")]
            ticket: crate::Secret<&'static str>,
        }
        let h = Header::new("urn:so", "Credentials", &Credentials { user: "sam", ticket: "7T:abc".into() }).unwrap();
        assert!(!h.is_secret());
        assert_eq!(h.xml(), r#"<Credentials xmlns="urn:so"><User>sam</User><Ticket>7T:abc</Ticket></Credentials>"#);
        assert_eq!(
            h.secrets().redact(h.xml().as_bytes()),
            r#"<Credentials xmlns="urn:so"><User>sam</User><Ticket>***</Ticket></Credentials>"#
        );
    }

    #[test]
    fn a_secret_attribute_or_text_is_marked_too() {
        #[derive(serde::Serialize)]
        struct Token {
            #[serde(rename = "@key")]
            key: crate::Secret<&'static str>,
            #[serde(rename = "@kind")]
            kind: &'static str,
            #[serde(rename = "$text")]
            text: crate::Secret<&'static str>,
        }
        let h = Header::new("urn:so", "Token", &Token { key: "k&1".into(), kind: "pin", text: "t-2".into() }).unwrap();
        assert_eq!(h.xml(), r#"<Token xmlns="urn:so" key="k&amp;1" kind="pin">t-2</Token>"#);
        assert_eq!(h.secrets().redact(h.xml().as_bytes()), r#"<Token xmlns="urn:so" key="***" kind="pin">***</Token>"#);
    }

    #[test]
    fn refuses_bad_names_and_values() {
        assert!(Header::new("urn:so", "Bad Name", "x").unwrap_err().is_input());
        assert!(Header::new("", "Token", "x").unwrap_err().is_input());
        let err = Header::new("urn:so", "Token", "a\u{0}").unwrap_err();
        let encode = std::error::Error::source(&err).unwrap();
        let report = format!("{err}: {encode}: {}", encode.source().unwrap());
        assert_eq!(
            report,
            "invalid input: header `Token`: in <Token>: character U+0000 at byte 1 cannot be carried by XML 1.0"
        );
    }
}
