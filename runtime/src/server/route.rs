//! From an HTTP request to its operation: method, content type, the body read within its
//! limits, the envelope parsed, the operation found by the body's element and its SOAP
//! action checked. Every refusal is a fault of the request's version when the request is
//! SOAP enough to have one, and a plain HTTP error when it is not.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Method, StatusCode};
use http_body_util::{BodyExt, Limited};

use super::bad_request::BadRequest;
use super::context::Authenticated;
use super::dispatch::{Body, Handled, RoutedRequest};
use super::incoming::{BodyFeed, Incomplete};
use super::response::{self, ServerResponse, receiver_fault, sender_fault};
use super::streamed::{self, Opened, Rest};
use super::{Server, encoding, must_understand};
use crate::envelope::reader::{self, ReadEnvelope, Unreadable};
use crate::fault::{Fault, FaultCode};
use crate::operation::Operation;
use crate::transport::STREAM_ABOVE;
use crate::version::SoapVersion;
use crate::xml::events::Events;
use crate::xml::tree::{Document, NodeId};

pub(super) async fn handle<B>(server: &Server, request: http::Request<B>) -> ServerResponse
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (parts, body) = request.into_parts();
    if parts.method == Method::GET {
        return get(server, &parts.uri);
    }
    if parts.method != Method::POST {
        let mut response = response::plain(StatusCode::METHOD_NOT_ALLOWED, "a SOAP endpoint takes POST");
        response.headers_mut().insert(http::header::ALLOW, HeaderValue::from_static("GET, POST"));
        return response;
    }
    let Some((version, action)) = content_type(&parts.headers) else {
        return response::plain(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a SOAP request is text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2)",
        );
    };
    let action = match version {
        SoapVersion::Soap11 => parts.headers.get("soapaction").and_then(|v| v.to_str().ok()).map(unquote),
        SoapVersion::Soap12 => action,
    };
    let config = &server.config;
    let deadline = tokio::time::Instant::now() + config.read_timeout;
    // The body's own length: hyper's from `Content-Length`, an in-memory body's its size.
    let length = http_body::Body::size_hint(&body).exact();
    if length.is_some_and(|length| length > config.max_request_size as u64) {
        return Incomplete::TooLarge.response();
    }
    // A long request (or one of unknown length) is decoded as it arrives, on a blocking
    // thread that reads the body as the decoder asks for it.
    let long = length.is_none_or(|length| length > STREAM_ABOVE);
    let plain = encoding::coding(&parts.headers).is_none();
    let permit =
        if long && plain && streams(server) { Arc::clone(&config.streaming).try_acquire_owned().ok() } else { None };
    let routed = if let Some(permit) = permit {
        let feed = BodyFeed::new(body, config.max_request_size, deadline);
        let server = server.clone();
        let expected = length.map_or(0, |length| length as usize);
        let decoding = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let events = Events::new(String::with_capacity(expected), Some(Box::new(feed)));
            route(&server, version, action.as_deref(), Incoming::Arriving(Box::new(events)))
        });
        decoding.await.unwrap_or_else(|_| Routed::Refused(response::fault(version, &receiver_fault())))
    } else {
        let bytes = match tokio::time::timeout_at(deadline, Limited::new(body, config.max_request_size).collect()).await
        {
            Err(_) => return Incomplete::TooSlow.response(),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return Incomplete::TooLarge.response(),
            Ok(Err(_)) => return Incomplete::Broken.response(),
            Ok(Ok(collected)) => collected.to_bytes(),
        };
        let body = match encoding::decode(&parts.headers, Vec::from(bytes), config.max_request_size) {
            Ok(body) => body,
            Err(refusal) => return *refusal,
        };
        route(server, version, action.as_deref(), Incoming::Whole(body))
    };
    let response = match routed {
        Routed::Call(handled) => handled.await,
        Routed::Refused(refusal) => refusal,
    };
    encoding::encode(&parts.headers, response)
}

fn get(server: &Server, uri: &http::Uri) -> ServerResponse {
    let wants_wsdl = uri.query().is_some_and(|q| q.split('&').any(|p| p.eq_ignore_ascii_case("wsdl")));
    match (&server.config.wsdl, wants_wsdl) {
        (Some(wsdl), true) => {
            let mut response = http::Response::new(http_body_util::Full::new(wsdl.clone()));
            response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/xml; charset=utf-8"));
            response
        }
        (None, true) => response::plain(StatusCode::NOT_FOUND, "this server has no WSDL to serve"),
        _ => response::plain(StatusCode::METHOD_NOT_ALLOWED, "a SOAP endpoint takes POST; its WSDL is at ?wsdl"),
    }
}

/// The SOAP version a `Content-Type` names, and SOAP 1.2's `action` parameter.
fn content_type(headers: &http::HeaderMap) -> Option<(SoapVersion, Option<String>)> {
    let value = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let mut parts = value.split(';');
    let media_type = parts.next()?.trim();
    let version = [SoapVersion::Soap11, SoapVersion::Soap12]
        .into_iter()
        .find(|version| media_type.eq_ignore_ascii_case(version.media_type()))?;
    let action = parts.filter_map(|p| p.split_once('=')).find(|(k, _)| k.trim().eq_ignore_ascii_case("action"));
    Some((version, action.map(|(_, v)| unquote(v.trim()))))
}

fn unquote(value: &str) -> String {
    let value = value.trim();
    value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value).to_owned()
}

/// The request's operation called, or the response that refuses the request.
enum Routed {
    Call(Handled),
    Refused(ServerResponse),
}

/// A request's body: in memory, or still arriving.
enum Incoming {
    Whole(Vec<u8>),
    Arriving(Box<Events>),
}

fn route(server: &Server, version: SoapVersion, action: Option<&str>, body: Incoming) -> Routed {
    let events = match body {
        Incoming::Whole(bytes) if streams(server) => Events::from_bytes(bytes, None).map(Box::new),
        Incoming::Whole(bytes) => Err(bytes),
        Incoming::Arriving(events) => Ok(events),
    };
    let rest = match events {
        Ok(events) => match by_stream(server, version, action, events) {
            Ok(routed) => return routed,
            Err(rest) => rest,
        },
        Err(bytes) => Ok(bytes),
    };
    match rest {
        Ok(bytes) => by_tree(server, version, action, bytes),
        Err(stopped) => Routed::Refused(stopped.response()),
    }
}

/// Routes a request from its stream, or gives back what the stream read of it (all of
/// it, for the tree) when it gets no further than a refusal the tree words better.
fn by_stream(server: &Server, version: SoapVersion, action: Option<&str>, events: Box<Events>) -> Result<Routed, Rest> {
    let Opened { version: envelope_version, doc, header, body } =
        streamed::open(events).map_err(|e| streamed::rest(*e))?;
    let mut envelope = Envelope { version: envelope_version, doc, header, body: Body::Stream(Box::new(body)) };
    match (to_operation(server, version, action, &mut envelope), envelope.body) {
        // Refused before its sender was checked: read whole by the tree, which refuses
        // XML that is not well-formed before anything else.
        (Routed::Refused(_), Body::Stream(rest)) => Err(rest.into_bytes()),
        (routed, _) => Ok(routed),
    }
}

/// Routes a request read whole into the tree.
fn by_tree(server: &Server, version: SoapVersion, action: Option<&str>, body: Vec<u8>) -> Routed {
    let ReadEnvelope { doc, version: envelope_version, header, body } = match reader::read(body) {
        Ok(read) => read,
        Err((Unreadable::UnknownVersion { .. }, _)) => {
            let fault =
                Fault::builder(FaultCode::VersionMismatch, "the envelope is of no SOAP version this server speaks")
                    .build()
                    .expect("a fixed reason is valid XML");
            return Routed::Refused(response::fault(version, &fault));
        }
        Err((why, _)) => {
            return Routed::Refused(response::fault(
                version,
                &sender_fault(&crate::error::report(&BadRequest::not_envelope(why))),
            ));
        }
    };
    // An empty Body is refused once the versions are known to agree.
    let element = doc.children(body).next();
    let body = element.map_or(Body::Read, |element| Body::Tree { body, element });
    to_operation(server, version, action, &mut Envelope { version: envelope_version, doc: Arc::new(doc), header, body })
}

/// Whether requests are read as they stream: unless the server checks signatures, which
/// are over the Body's tree.
fn streams(server: &Server) -> bool {
    #[cfg(feature = "wsse")]
    if server.config.signatures.is_some() {
        return false;
    }
    let _ = server;
    true
}

/// A request's envelope, read as far as routing needs.
struct Envelope {
    /// The version the envelope's namespace says.
    version: SoapVersion,
    doc: Arc<Document>,
    header: Option<NodeId>,
    body: Body,
}

/// Routes a request by its Body's element (`version` is the content type's). The Body is
/// taken from `envelope` once the request is past the checks that need only its start.
fn to_operation(server: &Server, version: SoapVersion, action: Option<&str>, envelope: &mut Envelope) -> Routed {
    let refuse = |reason: &str| Routed::Refused(response::fault(version, &sender_fault(reason)));
    let Envelope { version: envelope_version, ref doc, header, ref body } = *envelope;
    if envelope_version != version {
        return Routed::Refused(response::fault(
            envelope_version,
            &sender_fault(&format!("a {envelope_version} envelope sent with the content type of {version}")),
        ));
    }
    let (namespace, local) = match body {
        Body::Tree { element, .. } => (doc.namespace(*element), doc.local_name(*element)),
        Body::Stream(streaming) => streaming.name(),
        Body::Read => return refuse("the Body is empty"),
    };
    let shared = &server.shared;
    let operations = shared.dispatch.operations();
    let Some(candidates) = shared.by_element.get(&(namespace, local)) else {
        return refuse(&format!("no operation at this endpoint takes <{local}> in namespace {namespace:?}"));
    };
    let given = action.filter(|a| !a.is_empty());
    let index = match given {
        Some(action) => candidates.iter().copied().find(|&i| {
            let declared = operations[i].soap_action;
            declared.is_empty() || declared == action
        }),
        None => candidates.first().copied(),
    };
    let Some(index) = index else {
        let declared = operations[candidates[0]].soap_action;
        return refuse(&format!(
            "the SOAP action {:?} is not {declared:?}, the action of <{local}>",
            given.unwrap_or("")
        ));
    };
    let op = &operations[index];
    if let Some(block) =
        must_understand::not_understood(doc, header, version, op, |ns, local| understood(server, ns, local))
    {
        let reason = format!("the header block {block} must be understood, and this server does not understand it");
        let fault = Fault::builder(FaultCode::MustUnderstand, reason).build().unwrap_or_else(|_| receiver_fault());
        return Routed::Refused(response::fault_with_headers(version, &fault, &not_understood(version, &block)));
    }
    if let Some(missing) = unchecked_policy(server, op) {
        tracing::error!(
            operation = op.name,
            "the service's policy requires {missing}, which this server was not configured to check"
        );
        return Routed::Refused(response::fault(version, &receiver_fault()));
    }
    let body = std::mem::replace(&mut envelope.body, Body::Read);
    let sender = match authenticate(server, doc, header, &body, version) {
        Ok(sender) => sender,
        Err(refusal) => return Routed::Refused(*refusal),
    };
    #[cfg(feature = "wsa")]
    let addressed = match crate::wsa::read_request(doc, header, given) {
        Ok(addressed) => addressed,
        Err((subcode, reason)) => {
            return Routed::Refused(sender_fault_with(version, crate::wsa::WSA_2005, subcode, &reason));
        }
    };
    #[cfg(feature = "wsa")]
    if op.policy.addressing.is_some() && addressed.as_ref().is_none_or(|a| a.action.is_none()) {
        let reason = "this operation requires WS-Addressing headers, and the request has no Action";
        let subcode = "MessageAddressingHeaderRequired";
        return Routed::Refused(sender_fault_with(version, crate::wsa::WSA_2005, subcode, reason));
    }
    let request = RoutedRequest {
        doc: Arc::clone(doc),
        header,
        body,
        op,
        version,
        sender,
        #[cfg(feature = "wsa")]
        addressed,
        #[cfg(feature = "wsse")]
        signer: server.config.signer.clone(),
    };
    // A panic while decoding (a user's `Deserialize`) is the server's fault, not the
    // connection's end.
    match std::panic::catch_unwind(AssertUnwindSafe(|| shared.dispatch.dispatch(index, request))) {
        Ok(handled) => Routed::Call(handled),
        Err(_) => Routed::Refused(response::fault(version, &receiver_fault())),
    }
}

/// A `Sender` fault with the subcode `{namespace}subcode` (WS-Addressing's, WS-Security's).
#[cfg(any(feature = "wsa", feature = "wsse"))]
fn sender_fault_with(version: SoapVersion, namespace: &str, subcode: &str, reason: &str) -> ServerResponse {
    let fault = Fault::sender(reason).subcode(namespace, subcode).build().unwrap_or_else(|_| receiver_fault());
    response::fault(version, &fault)
}

/// SOAP 1.2's `NotUnderstood` header block naming `block` (part 1, section 5.4.8); SOAP 1.1
/// has none.
fn not_understood(version: SoapVersion, block: &crate::qname::QName) -> Vec<crate::Header> {
    if version != SoapVersion::Soap12 {
        return Vec::new();
    }
    let xml = if block.namespace().is_empty() {
        format!("<s:NotUnderstood qname=\"{}\"/>", block.local_name())
    } else {
        let mut xml = format!("<s:NotUnderstood qname=\"nu:{}\" xmlns:nu=\"", block.local_name());
        // The namespace came from a parsed document: it holds only what XML carries.
        let _ =
            crate::xml::escape::escape_into_string(&mut xml, block.namespace(), crate::xml::escape::Context::Attribute);
        xml.push_str("\"/>");
        xml
    };
    vec![crate::Header::rendered(crate::SOAP12_ENVELOPE, "NotUnderstood", xml)]
}

/// What `op`'s policy requires that this server was not configured to check: every such
/// request is refused rather than served unchecked.
fn unchecked_policy(server: &Server, op: &Operation) -> Option<&'static str> {
    #[cfg(feature = "wsse")]
    let (tokens, signatures) = (server.config.security.is_some(), server.config.signatures.is_some());
    #[cfg(not(feature = "wsse"))]
    let (tokens, signatures) = (false, false);
    let _ = server;
    if op.policy.username_token && !tokens {
        Some("WS-Security UsernameTokens (Server::ws_security)")
    } else if op.policy.signature && !signatures {
        Some("X.509 signatures (Server::require_signatures)")
    } else {
        None
    }
}

/// Whether the server processes the header block `{namespace}name` beside the operations'
/// header parameters: one the implementation said it reads, WS-Security's when it checks
/// it, WS-Addressing's when it speaks it.
fn understood(server: &Server, namespace: &str, name: &str) -> bool {
    let config = &server.config;
    #[cfg(feature = "wsse")]
    if (config.security.is_some() || config.signatures.is_some())
        && (namespace, name) == (crate::wsse::WSSE, "Security")
    {
        return true;
    }
    #[cfg(feature = "wsa")]
    if crate::wsa::UNDERSTOOD.contains(&(namespace, name)) {
        return true;
    }
    config.understood.iter().any(|(ns, local)| (ns.as_str(), local.as_str()) == (namespace, name))
}

/// Who the request's WS-Security header says sent it (the signer's certificate and the
/// token's user, where the server requires them); or the fault that refuses the request.
#[cfg(feature = "wsse")]
fn authenticate(
    server: &Server,
    doc: &Document,
    header: Option<NodeId>,
    body: &Body,
    version: SoapVersion,
) -> Result<Authenticated, Box<ServerResponse>> {
    let refuse = |subcode: &str, reason: &str| Box::new(sender_fault_with(version, crate::wsse::WSSE, subcode, reason));
    let mut sender = Authenticated::default();
    if let Some(trust) = &server.config.signatures {
        // `streams` keeps such requests in the tree.
        let verified = match body {
            Body::Tree { body, .. } => crate::wsse::verify::verify(doc, header, *body, trust),
            _ => Err("the Body was not read into a tree"),
        };
        match verified {
            Ok(certificate) => sender.certificate = Some(certificate),
            Err(why) => {
                tracing::info!(why, "a request's signature is refused");
                return Err(refuse("FailedCheck", "The signature or decryption was invalid"));
            }
        }
    }
    if let Some(tokens) = &server.config.security {
        sender.user = Some(tokens.check(doc, header).map_err(|refusal| {
            tracing::info!(why = refusal.detail(), "a request's WS-Security header is refused");
            let (subcode, reason) = refusal.fault();
            refuse(subcode, reason)
        })?);
    }
    Ok(sender)
}

#[cfg(not(feature = "wsse"))]
fn authenticate(
    _: &Server,
    _: &Document,
    _: Option<NodeId>,
    _: &Body,
    _: SoapVersion,
) -> Result<Authenticated, Box<ServerResponse>> {
    Ok(Authenticated::default())
}
