//! An echo service: answers each request wrapper's children inside `{Operation}Response`,
//! in the wrapper's namespace and the request's SOAP version, so whatever a client encodes
//! comes back for it to decode.

use super::server::{Canned, Recorded};

/// Answers `<Op xmlns=…>children</Op>` with `<OpResponse xmlns=…>children</OpResponse>`.
pub fn echo(request: &Recorded) -> Canned {
    let body = &request.body;
    let start = body.find("<s:Body>").unwrap() + "<s:Body>".len();
    let end = body.rfind("</s:Body>").unwrap();
    let wrapper = &body[start..end];
    let name_end = wrapper[1..].find([' ', '>', '/']).unwrap() + 1;
    let name = &wrapper[1..name_end];
    let open_end = wrapper.find('>').unwrap() + 1;
    let ns = wrapper[..open_end].split("xmlns=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("");
    let inner =
        if wrapper[..open_end].ends_with("/>") { "" } else { &wrapper[open_end..wrapper.len() - name.len() - 3] };
    let soap12 = request.header("content-type").is_some_and(|t| t.starts_with("application/soap+xml"));
    let env = if soap12 { soapkit::SOAP12_ENVELOPE } else { soapkit::SOAP11_ENVELOPE };
    let reply = format!(
        r#"<s:Envelope xmlns:s="{env}"><s:Body><{name}Response xmlns="{ns}">{inner}</{name}Response></s:Body></s:Envelope>"#
    );
    if soap12 { Canned::soap12(200, reply) } else { Canned::soap11(200, reply) }
}
