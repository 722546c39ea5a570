//! What the server writes back: the reply envelope, a SOAP Fault in the request's version
//! with the status the SOAP HTTP bindings give it, and plain HTTP errors for what is not a
//! SOAP request at all.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Response, StatusCode};
use http_body_util::Full;

use crate::fault::Fault;
use crate::header::Header;
use crate::secrets::Marks;
use crate::version::SoapVersion;

/// What every response of the server is.
pub type ServerResponse = Response<Full<Bytes>>;

pub(crate) fn envelope(version: SoapVersion, status: StatusCode, body: Vec<u8>) -> ServerResponse {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(version.content_type()));
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
    fault_with_headers(version, fault, &[])
}

/// [`fault`] with header blocks: WS-Addressing's `RelatesTo`, SOAP 1.2's `NotUnderstood`.
pub(crate) fn fault_with_headers(version: SoapVersion, fault: &Fault, headers: &[Header]) -> ServerResponse {
    let headers: String = headers.iter().map(Header::xml).collect();
    let mut xml = Vec::with_capacity(512 + headers.len());
    if let Err(error) = crate::fault::writer::envelope(&mut xml, version, fault, &headers) {
        // A fault built by a program was checked when it was built, and one read from a
        // document holds only what XML carried: this is a fault the server cannot write.
        tracing::error!(error = %crate::error::report(&error), "a fault cannot be written");
        return self::fault(version, &receiver_fault());
    }
    let status = if version == SoapVersion::Soap12 && fault.is_sender() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    envelope(version, status, xml)
}

/// The fault that says nothing of what went wrong: the server's own failures, whose
/// details are logged rather than shown to the caller.
pub(crate) fn receiver_fault() -> Fault {
    Fault::receiver("The server could not process the request.").build().expect("a fixed reason is valid XML")
}

/// A `Sender` fault with `reason`, or with a fixed one when XML cannot carry `reason`.
pub(crate) fn sender_fault(reason: &str) -> Fault {
    Fault::sender(reason)
        .build()
        .unwrap_or_else(|_| Fault::sender("The request is not valid.").build().expect("a fixed reason is valid XML"))
}
