//! A stand-in for SuperOffice's `Person.svc`: answers the two Services88 Person operations
//! the way a WCF service does (reply headers `ExceptionInfo`, `ExtraInfo`, `Succeeded`,
//! `TimeZone`), in the SOAP version of the request, with a fault for anything else.

use super::NS;
use super::server::{Canned, Recorded};
use super::xml::{self, Element};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).replace('\r', "&#13;")
}

/// The key the stand-in derives from a request, so tests can check each reply belongs to
/// its own request.
pub fn key_for(domain: &str, target_id: &str, person_id: &str, expires: &str, payload: &str) -> String {
    format!("{domain}|{target_id}|{person_id}|{expires}|{payload}")
}

fn child_text(op: &Element, name: &str) -> String {
    op.children.iter().find(|c| c.local == name).map(|c| c.text.clone()).unwrap_or_default()
}

/// Answers `request` as Person.svc would.
pub fn respond(request: &Recorded) -> Canned {
    let soap12 = request.header("content-type").is_some_and(|c| c.starts_with("application/soap+xml"));
    let env_ns =
        if soap12 { "http://www.w3.org/2003/05/soap-envelope" } else { "http://schemas.xmlsoap.org/soap/envelope/" };
    let envelope = xml::parse_exact(&request.body);
    let op = envelope.children.iter().find(|c| c.local == "Body").and_then(|b| b.children.first());
    let canned = |status: u16, body: String| {
        if soap12 { Canned::soap12(status, body) } else { Canned::soap11(status, body) }
    };
    let Some(op) = op.filter(|op| op.namespace == NS) else {
        return canned(500, fault(soap12, env_ns, "no Services88 operation in the Body"));
    };
    let headers = format!(
        r#"<s:Header><h:ExceptionInfo i:nil="true" xmlns:h="{NS}" xmlns:i="{XSI}"/><h:ExtraInfo i:nil="true" xmlns:h="{NS}" xmlns:i="{XSI}"/><h:Succeeded xmlns:h="{NS}">true</h:Succeeded><h:TimeZone i:nil="true" xmlns:h="{NS}" xmlns:i="{XSI}"/></s:Header>"#
    );
    let body = match op.local.as_str() {
        "CreateTemporaryKeyWithPayload" => {
            let key = key_for(
                &child_text(op, "Domain"),
                &child_text(op, "TargetId"),
                &child_text(op, "PersonId"),
                &child_text(op, "Expires"),
                &child_text(op, "Payload"),
            );
            format!(
                r#"<CreateTemporaryKeyWithPayloadResponse xmlns="{NS}"><Response>{}</Response></CreateTemporaryKeyWithPayloadResponse>"#,
                escape(&key)
            )
        }
        "DeleteTemporaryKeysOfDomain" => format!(r#"<DeleteTemporaryKeysOfDomainResponse xmlns="{NS}"/>"#),
        other => return canned(500, fault(soap12, env_ns, &format!("unknown operation {other}"))),
    };
    canned(200, format!(r#"<s:Envelope xmlns:s="{env_ns}">{headers}<s:Body>{body}</s:Body></s:Envelope>"#))
}

fn fault(soap12: bool, env_ns: &str, reason: &str) -> String {
    let fault = if soap12 {
        format!(
            r#"<s:Fault><s:Code><s:Value>s:Sender</s:Value></s:Code><s:Reason><s:Text xml:lang="en">{reason}</s:Text></s:Reason></s:Fault>"#
        )
    } else {
        format!("<s:Fault><faultcode>s:Client</faultcode><faultstring>{reason}</faultstring></s:Fault>")
    };
    format!(r#"<s:Envelope xmlns:s="{env_ns}"><s:Body>{fault}</s:Body></s:Envelope>"#)
}
