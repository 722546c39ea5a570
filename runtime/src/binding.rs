//! The SOAP HTTP binding: how an envelope travels as an HTTP POST. SOAP 1.1 (section 6)
//! carries the action in a quoted `SOAPAction` header; SOAP 1.2 (part 2, section 7.1.4)
//! carries it in the `Content-Type`'s `action` parameter.

use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};

use crate::error::{Error, Result};
use crate::operation::Operation;
use crate::transport::{CallTimeout, TransportRequest};
use crate::version::SoapVersion;

/// The `SOAPAction` header's name, made once rather than parsed on every call (HTTP
/// header names are case-insensitive; hyper writes them in lowercase).
const SOAP_ACTION: HeaderName = HeaderName::from_static("soapaction");

/// What every request of one client shares: its endpoint and SOAP version.
#[derive(Debug)]
pub(crate) struct Binding {
    version: SoapVersion,
    endpoint: http::Uri,
    /// The SOAP 1.1 `Content-Type`, made once: it carries no action.
    soap11_content_type: HeaderValue,
}

impl Binding {
    pub(crate) fn new(version: SoapVersion, endpoint: http::Uri) -> Result<Binding> {
        Ok(Binding { version, endpoint, soap11_content_type: content_type(SoapVersion::Soap11, "")? })
    }

    pub(crate) fn version(&self) -> SoapVersion {
        self.version
    }

    /// The POST of `envelope` for `op` (`described`: named among its extensions, for the
    /// layers), with the whole call's `timeout` if there is one.
    pub(crate) fn request(
        &self,
        op: &'static Operation,
        envelope: Vec<u8>,
        timeout: Option<std::time::Duration>,
        described: bool,
    ) -> Result<TransportRequest> {
        let mut request = http::Request::new(envelope);
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = self.endpoint.clone();
        let headers = request.headers_mut();
        match self.version {
            SoapVersion::Soap11 => {
                headers.insert(CONTENT_TYPE, self.soap11_content_type.clone());
                headers.insert(SOAP_ACTION, quoted_action(op.soap_action)?);
            }
            SoapVersion::Soap12 => {
                headers.insert(CONTENT_TYPE, content_type(SoapVersion::Soap12, op.soap_action)?);
            }
        }
        let extensions = request.extensions_mut();
        if described {
            extensions.insert(crate::layers::CallOperation(op));
        }
        if let Some(timeout) = timeout {
            extensions.insert(CallTimeout(timeout));
        }
        Ok(request)
    }
}

/// `SOAPAction: "uri"`: SOAP 1.1 section 6.1.1 requires the quotes.
fn quoted_action(action: &str) -> Result<HeaderValue> {
    let mut value = Vec::with_capacity(action.len() + 2);
    value.push(b'"');
    value.extend_from_slice(action.as_bytes());
    value.push(b'"');
    HeaderValue::try_from(value).map_err(|_| unsendable_action(action))
}

/// `{media type}; charset=utf-8`, and for SOAP 1.2 `; action="uri"` when there is an action
/// (SOAP 1.2 part 2, section 7.1.4); SOAP 1.1 carries its action in `SOAPAction` instead.
fn content_type(version: SoapVersion, action: &str) -> Result<HeaderValue> {
    if action.is_empty() || version == SoapVersion::Soap11 {
        return Ok(HeaderValue::from_static(version.content_type()));
    }
    HeaderValue::try_from(format!("{}; action=\"{action}\"", version.content_type()))
        .map_err(|_| unsendable_action(action))
}

#[cold]
fn unsendable_action(action: &str) -> Error {
    Error::input(format!("SOAP action {action:?} cannot be an HTTP header value"))
}
