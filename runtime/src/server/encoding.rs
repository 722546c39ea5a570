//! Content codings on the server: a compressed request (gzip, deflate, brotli, zstd) read
//! within the same size limit as a plain one, counted in decompressed bytes, and a reply
//! gzip-compressed when the client accepts it (feature `compression`). Without the
//! feature, a compressed request is refused with 415, as RFC 9110 section 15.5.16 says.

use http::StatusCode;
use http::header::{ACCEPT_ENCODING, CONTENT_ENCODING, HeaderMap, HeaderValue};

use super::response::{self, ServerResponse};

/// Replies shorter than this go uncompressed: gzip's header and trailer would outweigh it.
#[cfg(feature = "compression")]
const MIN_COMPRESSED: usize = 1024;

/// The request body as it was sent, decompressed within `limit` bytes; or the response that
/// refuses it.
pub(super) fn decode(headers: &HeaderMap, body: Vec<u8>, limit: usize) -> Result<Vec<u8>, Box<ServerResponse>> {
    match coding(headers) {
        None => Ok(body),
        Some(coding) => decompress(&coding, body, limit),
    }
}

/// The request's content coding (lowercase), `None` when it is sent as it is.
pub(super) fn coding(headers: &HeaderMap) -> Option<String> {
    let coding = headers.get(CONTENT_ENCODING)?.to_str().unwrap_or("").trim().to_ascii_lowercase();
    (!coding.is_empty() && coding != "identity").then_some(coding)
}

#[cfg(feature = "compression")]
fn decompress(coding: &str, body: Vec<u8>, limit: usize) -> Result<Vec<u8>, Box<ServerResponse>> {
    use std::io::Read;
    let reader: Box<dyn Read + '_> = match coding {
        "gzip" | "x-gzip" => Box::new(flate2::read::GzDecoder::new(&body[..])),
        "deflate" => Box::new(flate2::read::ZlibDecoder::new(&body[..])),
        "br" => Box::new(brotli::Decompressor::new(&body[..], 4096)),
        "zstd" => match zstd::stream::read::Decoder::new(&body[..]) {
            Ok(decoder) => Box::new(decoder),
            Err(_) => {
                return Err(Box::new(response::plain(StatusCode::BAD_REQUEST, "the request body could not be read")));
            }
        },
        _ => return Err(Box::new(unsupported())),
    };
    // One byte more than the limit tells a body at the limit from one past it.
    let mut out = Vec::with_capacity(body.len().saturating_mul(4).min(limit));
    match reader.take(limit as u64 + 1).read_to_end(&mut out) {
        Ok(_) if out.len() > limit => Err(Box::new(response::plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request is larger than the server's limit",
        ))),
        Ok(_) => Ok(out),
        Err(_) => Err(Box::new(response::plain(StatusCode::BAD_REQUEST, "the compressed request body is not valid"))),
    }
}

#[cfg(not(feature = "compression"))]
fn decompress(_: &str, _: Vec<u8>, _: usize) -> Result<Vec<u8>, Box<ServerResponse>> {
    Err(Box::new(unsupported()))
}

fn unsupported() -> ServerResponse {
    let mut response =
        response::plain(StatusCode::UNSUPPORTED_MEDIA_TYPE, "this server does not read that Content-Encoding");
    let accepted = if cfg!(feature = "compression") { "gzip, deflate, br, zstd" } else { "identity" };
    response.headers_mut().insert(ACCEPT_ENCODING, HeaderValue::from_static(accepted));
    response
}

/// Whether the request's `Accept-Encoding` takes gzip (with a quality above zero).
#[cfg(feature = "compression")]
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|item| {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim();
        let refused = parts
            .any(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()).is_some_and(|q| q <= 0.0));
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

/// `response` gzip-compressed when the request's headers accept it and it is worth it.
/// The request's `Accept-Encoding` is read, and the body touched, only for a reply large
/// enough to compress.
#[cfg(feature = "compression")]
pub(super) fn encode(request: &HeaderMap, mut response: ServerResponse) -> ServerResponse {
    use http_body::Body as _;
    use http_body_util::BodyExt as _;
    use std::io::Write as _;
    if response.headers().contains_key(CONTENT_ENCODING) {
        return response;
    }
    response.headers_mut().append(http::header::VARY, HeaderValue::from_static("accept-encoding"));
    let worth_it = response.body().size_hint().exact().is_some_and(|len| len >= MIN_COMPRESSED as u64);
    if !worth_it || !accepts_gzip(request) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // A `Full` body is one chunk, there at once: collecting it never waits.
    let bytes = futures_util::FutureExt::now_or_never(body.collect())
        .and_then(Result::ok)
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), flate2::Compression::fast());
    let compressed = encoder.write_all(&bytes).and_then(|()| encoder.finish());
    match compressed {
        Ok(compressed) => {
            parts.headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            parts.headers.remove(http::header::CONTENT_LENGTH);
            http::Response::from_parts(parts, http_body_util::Full::new(compressed.into()))
        }
        Err(_) => http::Response::from_parts(parts, http_body_util::Full::new(bytes)),
    }
}

#[cfg(not(feature = "compression"))]
pub(super) fn encode(_: &HeaderMap, response: ServerResponse) -> ServerResponse {
    response
}
