//! What a binding's WS-Policy asks every call to carry, as far as soapkit can: WS-Addressing
//! (`wsaw:UsingAddressing`, `wsam:Addressing`), a WS-Security UsernameToken and an X.509
//! signature (WS-SecurityPolicy). Policies are found where WCF and JAX-WS put them: a
//! `wsp:PolicyReference` or inline `wsp:Policy` in the binding, or a `wsp:PolicyURIs`
//! attribute, naming a `wsp:Policy` of the same document by its `wsu:Id` (or `Name`).

use roxmltree::{Document, Node};

const WSP: [&str; 2] = ["http://schemas.xmlsoap.org/ws/2004/09/policy", "http://www.w3.org/ns/ws-policy"];
const WSU: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
const SECURITY_POLICY: [&str; 3] = [
    "http://schemas.xmlsoap.org/ws/2005/07/securitypolicy",
    "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200512",
    "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702",
];
/// `UsingAddressing` (WSDL binding 2006/05 and its 2006/02 draft) and `Addressing`
/// (metadata 2007/05): WS-Addressing 1.0.
const ADDRESSING_10: [(&str, &str); 3] = [
    ("http://www.w3.org/2006/05/addressing/wsdl", "UsingAddressing"),
    ("http://www.w3.org/2006/02/addressing/wsdl", "UsingAddressing"),
    ("http://www.w3.org/2007/05/addressing/metadata", "Addressing"),
];
/// The 2004/08 submission's policy assertion, which WCF writes for it.
const ADDRESSING_2004: (&str, &str) = ("http://schemas.xmlsoap.org/ws/2004/08/addressing/policy", "UsingAddressing");

/// WS-Addressing versions, as `#[soap_service(ws_addressing = "...")]` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Addressing {
    W3c2005,
    Submission2004,
}

/// What every call of a binding must carry, and what its policy asks that soapkit does
/// not do (for warnings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Policy {
    pub(crate) addressing: Option<Addressing>,
    pub(crate) username_token: bool,
    pub(crate) signature: bool,
    pub(crate) unsupported: Vec<&'static str>,
}

impl Policy {
    /// The union of two requirement sets: what `wsp:All` (or a policy) asks.
    fn and(mut self, other: Policy) -> Policy {
        self.addressing = self.addressing.or(other.addressing);
        self.username_token |= other.username_token;
        self.signature |= other.signature;
        for note in other.unsupported {
            if !self.unsupported.contains(&note) {
                self.unsupported.push(note);
            }
        }
        self
    }

    /// What every alternative of a `wsp:ExactlyOne` asks: a client that meets it meets
    /// whichever alternative the server picks.
    fn or(self, other: Policy) -> Policy {
        Policy {
            addressing: if self.addressing == other.addressing { self.addressing } else { None },
            username_token: self.username_token && other.username_token,
            signature: self.signature && other.signature,
            unsupported: self.unsupported.into_iter().filter(|n| other.unsupported.contains(n)).collect(),
        }
    }
}

/// The policy of `binding`, an element of `doc`.
pub(crate) fn of_binding(doc: &Document<'_>, binding: Node<'_, '_>) -> Policy {
    let mut policy = Policy::default();
    let uris = binding
        .attributes()
        .filter(|a| a.name() == "PolicyURIs" && a.namespace().is_some_and(|ns| WSP.contains(&ns)))
        .flat_map(|a| a.value().split_whitespace());
    for uri in uris {
        policy = policy.and(referenced(doc, uri, 0));
    }
    for child in binding.children().filter(Node::is_element) {
        policy = policy.and(expression(doc, child, 0));
    }
    policy
}

/// References are followed this deep at most, so that a cycle ends.
const MAX_DEPTH: usize = 16;

/// The policy `uri` names in `doc`: `#id` for a `wsu:Id`, or a policy's `Name`.
fn referenced(doc: &Document<'_>, uri: &str, depth: usize) -> Policy {
    let id = uri.strip_prefix('#');
    let named = doc.descendants().find(|n| {
        is(*n, &WSP, "Policy") && (n.attribute("Name") == Some(uri) || (id.is_some() && n.attribute((WSU, "Id")) == id))
    });
    named.map(|p| expression(doc, p, depth + 1)).unwrap_or_default()
}

/// What a policy expression or assertion element asks.
fn expression(doc: &Document<'_>, node: Node<'_, '_>, depth: usize) -> Policy {
    if depth > MAX_DEPTH {
        return Policy::default();
    }
    let optional = node.attributes().any(|a| a.name() == "Optional" && matches!(a.value(), "true" | "1"));
    if optional {
        return Policy::default();
    }
    let children = || node.children().filter(Node::is_element).map(|c| expression(doc, c, depth + 1));
    let (ns, name) = (node.tag_name().namespace().unwrap_or_default(), node.tag_name().name());
    if WSP.contains(&ns) {
        return match name {
            "Policy" | "All" => children().fold(Policy::default(), Policy::and),
            "ExactlyOne" => children().reduce(Policy::or).unwrap_or_default(),
            "PolicyReference" => node.attribute("URI").map(|uri| referenced(doc, uri, depth)).unwrap_or_default(),
            _ => Policy::default(),
        };
    }
    if ADDRESSING_10.contains(&(ns, name)) {
        return Policy { addressing: Some(Addressing::W3c2005), ..Policy::default() };
    }
    if (ns, name) == ADDRESSING_2004 {
        return Policy { addressing: Some(Addressing::Submission2004), ..Policy::default() };
    }
    if !SECURITY_POLICY.contains(&ns) {
        // Another domain's assertion (reliable messaging, MTOM, ...): not soapkit's to judge.
        return Policy::default();
    }
    let nested = || children().fold(Policy::default(), Policy::and);
    match name {
        "UsernameToken" => Policy { username_token: true, ..Policy::default() },
        // The initiator's X.509 token signs the request: what `WsSecurity::sign_with` does.
        "InitiatorToken" | "InitiatorSignatureToken" => {
            let x509 = node.descendants().any(|d| is(d, &SECURITY_POLICY, "X509Token"));
            Policy { signature: x509, ..nested() }
        }
        "SymmetricBinding" => Policy { unsupported: vec!["a symmetric (message security) binding"], ..nested() },
        "EncryptedParts" | "EncryptedElements" => {
            Policy { unsupported: vec!["encrypted message parts"], ..Policy::default() }
        }
        "IssuedToken" | "SecureConversationToken" | "KerberosToken" | "SpnegoContextToken" => {
            Policy { unsupported: vec!["an issued, Kerberos or secure-conversation token"], ..Policy::default() }
        }
        // Transport bindings (HTTPS), layouts, algorithm suites, supporting-token wrappers:
        // whatever they hold counts.
        _ => nested(),
    }
}

fn is(node: Node<'_, '_>, namespaces: &[&str], name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node.tag_name().namespace().is_some_and(|ns| namespaces.contains(&ns))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(body: &str) -> Policy {
        let xml = format!(
            r##"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"
 xmlns:wsu="{WSU}" xmlns:sp="http://schemas.xmlsoap.org/ws/2005/07/securitypolicy"
 xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl">{body}</definitions>"##
        );
        let doc = Document::parse(&xml).unwrap();
        let binding = doc.descendants().find(|n| n.tag_name().name() == "binding").unwrap();
        of_binding(&doc, binding)
    }

    #[test]
    fn alternatives_require_only_what_all_of_them_ask() {
        let p = policy(
            r##"<wsp:Policy wsu:Id="p"><wsp:ExactlyOne>
                <wsp:All><sp:SignedSupportingTokens><wsp:Policy><sp:UsernameToken/></wsp:Policy></sp:SignedSupportingTokens><wsaw:UsingAddressing/></wsp:All>
                <wsp:All><wsaw:UsingAddressing/></wsp:All>
            </wsp:ExactlyOne></wsp:Policy><binding><wsp:PolicyReference URI="#p"/></binding>"##,
        );
        assert_eq!(p, Policy { addressing: Some(Addressing::W3c2005), ..Policy::default() });
    }

    #[test]
    fn optional_assertions_and_cycles_require_nothing() {
        let p = policy(
            r##"<wsp:Policy wsu:Id="p"><wsaw:UsingAddressing wsp:Optional="true"/><wsp:PolicyReference URI="#p"/></wsp:Policy>
                <binding><wsp:Policy><wsp:PolicyReference URI="#p"/></wsp:Policy></binding>"##,
        );
        assert_eq!(p, Policy::default());
    }

    #[test]
    fn an_initiator_x509_token_is_a_signature_and_encryption_is_noted() {
        let p = policy(
            r##"<binding><wsp:Policy><sp:AsymmetricBinding><wsp:Policy>
                <sp:InitiatorToken><wsp:Policy><sp:X509Token/></wsp:Policy></sp:InitiatorToken>
                <sp:RecipientToken><wsp:Policy><sp:X509Token/></wsp:Policy></sp:RecipientToken>
              </wsp:Policy></sp:AsymmetricBinding><sp:EncryptedParts><sp:Body/></sp:EncryptedParts></wsp:Policy></binding>"##,
        );
        assert!(p.signature && !p.username_token && p.addressing.is_none());
        assert_eq!(p.unsupported, ["encrypted message parts"]);
    }
}
