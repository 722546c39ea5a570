//! SOAP's processing model for header blocks: one marked `mustUnderstand` and targeted at
//! this server (no role, or the `next` or ultimate receiver's role) must be one the server
//! understands, or the request is answered with a `MustUnderstand` fault and not processed
//! (SOAP 1.1 section 4.2.3, SOAP 1.2 part 1 section 5.2.3).

use crate::operation::Operation;
use crate::qname::QName;
use crate::version::SoapVersion;
use crate::xml::tree::{Document, NodeId};

const SOAP11_NEXT: &str = "http://schemas.xmlsoap.org/soap/actor/next";
const SOAP12_NEXT: &str = "http://www.w3.org/2003/05/soap-envelope/role/next";
const SOAP12_ULTIMATE: &str = "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver";

/// The first header block of the request that must be understood and is not: not one of
/// `op`'s header parameters, nor one the server itself processes (`understood`, asked only
/// about blocks that must be understood, which most requests have none of).
pub(crate) fn not_understood(
    doc: &Document,
    header: Option<NodeId>,
    version: SoapVersion,
    op: &Operation,
    understood: impl Fn(&str, &str) -> bool,
) -> Option<QName> {
    let env = version.envelope_namespace();
    let header = header?;
    doc.children(header)
        .filter(|&block| {
            let attribute = |name: &str| {
                doc.attributes(block).find(|(ns, local, _)| *ns == env && *local == name).map(|(_, _, v)| v.trim())
            };
            let must = matches!(attribute("mustUnderstand"), Some("1" | "true"));
            let for_us = match (version, attribute("actor"), attribute("role")) {
                (SoapVersion::Soap11, actor, _) => actor.is_none_or(|a| a == SOAP11_NEXT),
                (SoapVersion::Soap12, _, role) => role.is_none_or(|r| r == SOAP12_NEXT || r == SOAP12_ULTIMATE),
            };
            must && for_us
        })
        .find(|&block| {
            let (ns, local) = (doc.namespace(block), doc.local_name(block));
            let parameter = op.params.iter().any(|p| p.header && p.namespace == ns && p.element == local);
            !parameter && !understood(ns, local)
        })
        .map(|block| QName::new(doc.namespace(block), doc.local_name(block)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::description::ParamDescription;

    static OP: Operation = Operation {
        params: &[ParamDescription { ident: "token", element: "Token", namespace: "urn:x", header: true }],
        policy: crate::policy::Policy::NONE,
        ..Operation::example("Get", "urn:x", "GetResponse")
    };

    fn first(version: SoapVersion, blocks: &str) -> Option<String> {
        let env = version.envelope_namespace();
        let doc = Document::parse(format!(
            "<e:Envelope xmlns:e='{env}' xmlns:x='urn:x' xmlns:y='urn:y'><e:Header>{blocks}</e:Header><e:Body/></e:Envelope>"
        ))
        .unwrap();
        let header = doc.children(doc.root()).next();
        not_understood(&doc, header, version, &OP, |ns, local| (ns, local) == ("urn:y", "Known")).map(|q| q.to_string())
    }

    #[test]
    fn only_blocks_for_this_server_that_must_be_understood_count() {
        use SoapVersion::{Soap11, Soap12};
        assert_eq!(first(Soap11, "<y:Other e:mustUnderstand='1'/>"), Some("{urn:y}Other".into()));
        assert_eq!(first(Soap12, "<y:Other e:mustUnderstand='true'/>"), Some("{urn:y}Other".into()));
        assert_eq!(first(Soap11, "<y:Other e:mustUnderstand='0'/><y:Other/>"), None);
        assert_eq!(first(Soap11, "<x:Token e:mustUnderstand='1'/><y:Known e:mustUnderstand='1'/>"), None);
        assert_eq!(first(Soap11, "<y:Other e:mustUnderstand='1' e:actor='urn:someone-else'/>"), None);
        assert_eq!(
            first(Soap12, "<y:Other e:mustUnderstand='1' e:role='http://www.w3.org/2003/05/soap-envelope/role/none'/>"),
            None
        );
        let next = "<y:Other e:mustUnderstand='1' e:role='http://www.w3.org/2003/05/soap-envelope/role/next'/>";
        assert_eq!(first(Soap12, next), Some("{urn:y}Other".into()));
    }
}
