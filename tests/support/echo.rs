//! An echo service: answers each request wrapper's children inside `{Operation}Response`,
//! so whatever a client encodes comes back for it to decode.

use super::NS;
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
    let inner =
        if wrapper[..open_end].ends_with("/>") { "" } else { &wrapper[open_end..wrapper.len() - name.len() - 3] };
    let env = "http://schemas.xmlsoap.org/soap/envelope/";
    Canned::soap11(
        200,
        format!(
            r#"<s:Envelope xmlns:s="{env}"><s:Body><{name}Response xmlns="{NS}">{inner}</{name}Response></s:Body></s:Envelope>"#
        ),
    )
}
