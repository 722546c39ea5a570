//! What the server writes back: the reply envelope, a SOAP Fault in the request's version
//! with the status the SOAP HTTP bindings give it, and plain HTTP errors for what is not a
//! SOAP request at all.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Response, StatusCode};
use http_body_util::Full;

use crate::fault::Fault;
use crate::header::Header;
use crate::qname::QName;
use crate::secrets::Marks;
use crate::version::SoapVersion;
use crate::xml::escape::{self, Context};

/// What every response of the server is.
pub type ServerResponse = Response<Full<Bytes>>;

pub(crate) fn envelope(version: SoapVersion, status: StatusCode, body: Vec<u8>) -> ServerResponse {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let content_type = match version {
        SoapVersion::Soap11 => "text/xml; charset=utf-8",
        SoapVersion::Soap12 => "application/soap+xml; charset=utf-8",
    };
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A response with no body: a one-way operation's 202.
pub(crate) fn empty(status: StatusCode) -> ServerResponse {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

pub(crate) fn plain(status: StatusCode, text: &str) -> ServerResponse {
    let mut response = Response::new(Full::new(Bytes::from(format!("{text}\n"))));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

/// The start of a reply envelope of `version` with `headers`.
pub(crate) fn start(version: SoapVersion, headers: &[Header], hint: usize) -> crate::envelope::writer::EnvelopeWriter {
    let xml: String = headers.iter().map(Header::xml).collect();
    crate::envelope::writer::EnvelopeWriter::start(version, &xml, &Marks::default(), hint)
}

/// `fault` as a `version` envelope: HTTP 500, or 400 for a SOAP 1.2 `Sender` fault (SOAP
/// 1.1 section 6.2; SOAP 1.2 part 2, table 20).
pub(crate) fn fault(version: SoapVersion, fault: &Fault) -> ServerResponse {
    let mut xml = Vec::with_capacity(512);
    xml.extend_from_slice(b"<s:Envelope xmlns:s=\"");
    xml.extend_from_slice(version.envelope_namespace().as_bytes());
    xml.extend_from_slice(b"\"><s:Body><s:Fault>");
    let (lang, reason) = fault.reasons().next().unwrap_or(("en", ""));
    let lang = if lang.is_empty() { "en" } else { lang };
    match version {
        SoapVersion::Soap11 => {
            xml.extend_from_slice(b"<faultcode");
            code(&mut xml, fault.code(), version);
            // `xml:lang` is allowed on a 1.1 faultstring (WS-I Basic Profile), but 1.1
            // stacks such as node-soap then read the reason as an object: it is written
            // only for a language other than the default.
            xml.extend_from_slice(b"</faultcode><faultstring");
            if lang != "en" {
                xml.extend_from_slice(b" xml:lang=\"");
                text(&mut xml, lang, Context::Attribute);
                xml.push(b'"');
            }
            xml.push(b'>');
            text(&mut xml, reason, Context::Text);
            xml.extend_from_slice(b"</faultstring>");
            if let Some(actor) = fault.actor() {
                xml.extend_from_slice(b"<faultactor>");
                text(&mut xml, actor, Context::Text);
                xml.extend_from_slice(b"</faultactor>");
            }
            if let Some(detail) = fault.detail_xml() {
                xml.extend_from_slice(b"<detail>");
                xml.extend_from_slice(detail.as_bytes());
                xml.extend_from_slice(b"</detail>");
            }
        }
        SoapVersion::Soap12 => {
            xml.extend_from_slice(b"<s:Code><s:Value");
            code(&mut xml, fault.code(), version);
            xml.extend_from_slice(b"</s:Value>");
            for subcode in fault.subcodes() {
                xml.extend_from_slice(b"<s:Subcode><s:Value");
                code(&mut xml, subcode, version);
                xml.extend_from_slice(b"</s:Value>");
            }
            for _ in fault.subcodes() {
                xml.extend_from_slice(b"</s:Subcode>");
            }
            xml.extend_from_slice(b"</s:Code><s:Reason>");
            for (lang, reason) in fault.reasons() {
                xml.extend_from_slice(b"<s:Text xml:lang=\"");
                text(&mut xml, if lang.is_empty() { "en" } else { lang }, Context::Attribute);
                xml.extend_from_slice(b"\">");
                text(&mut xml, reason, Context::Text);
                xml.extend_from_slice(b"</s:Text>");
            }
            if fault.reasons().next().is_none() {
                xml.extend_from_slice(b"<s:Text xml:lang=\"en\"></s:Text>");
            }
            xml.extend_from_slice(b"</s:Reason>");
            if let Some(node) = fault.node() {
                xml.extend_from_slice(b"<s:Node>");
                text(&mut xml, node, Context::Text);
                xml.extend_from_slice(b"</s:Node>");
            }
            if let Some(role) = fault.actor() {
                xml.extend_from_slice(b"<s:Role>");
                text(&mut xml, role, Context::Text);
                xml.extend_from_slice(b"</s:Role>");
            }
            if let Some(detail) = fault.detail_xml() {
                xml.extend_from_slice(b"<s:Detail>");
                xml.extend_from_slice(detail.as_bytes());
                xml.extend_from_slice(b"</s:Detail>");
            }
        }
    }
    xml.extend_from_slice(b"</s:Fault></s:Body></s:Envelope>");
    let status = if version == SoapVersion::Soap12 && fault.is_sender() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    envelope(version, status, xml)
}

/// ` xmlns:c="ns">c:local` for a code: the envelope's own codes (`Client`, `Sender`, ...)
/// under the envelope prefix, mapped to `version`'s names.
fn code(xml: &mut Vec<u8>, code: &QName, version: SoapVersion) {
    let envelope_code = matches!(code.namespace(), crate::SOAP11_ENVELOPE | crate::SOAP12_ENVELOPE);
    if envelope_code || code.namespace().is_empty() {
        let local = match (code.local_name(), version) {
            ("Sender" | "Client", SoapVersion::Soap11) => "Client",
            ("Sender" | "Client", SoapVersion::Soap12) => "Sender",
            ("Receiver" | "Server", SoapVersion::Soap11) => "Server",
            ("Receiver" | "Server", SoapVersion::Soap12) => "Receiver",
            (other, _) => other,
        };
        xml.extend_from_slice(b">s:");
        text(xml, local, Context::Text);
    } else {
        xml.extend_from_slice(b" xmlns:c=\"");
        text(xml, code.namespace(), Context::Attribute);
        xml.extend_from_slice(b"\">c:");
        text(xml, code.local_name(), Context::Text);
    }
}

/// Writes text that came from a parsed document or a built fault, which XML could carry
/// already; a character it cannot is dropped rather than failing the fault.
fn text(xml: &mut Vec<u8>, value: &str, context: Context) {
    let mark = xml.len();
    if escape::escape_into(xml, value, context).is_err() {
        xml.truncate(mark);
        let clean: String = value.chars().filter(|c| escape::check(&c.to_string()).is_ok()).collect();
        let _ = escape::escape_into(xml, &clean, context);
    }
}
