//! Compression on soapkit's client (feature `compression`), against a server on 127.0.0.1
//! that sends real gzip, deflate, brotli and zstd bodies (made by flate2, brotli and zstd,
//! the crates reqwest decompresses with): each reply decodes, the request offers all four
//! in `Accept-Encoding`, the size limit counts decompressed bytes so a small body that
//! inflates to gigabytes is refused at the limit, and requests go gzip-compressed when asked.

mod support;

use std::io::{Read as _, Write as _};

use soapkit::Client;
use support::person::{PersonAgent as _, PersonAgentClient, TemporaryKeyDomain};
use support::server::{Canned, TestServer};

const REPLY: &str = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><DeleteTemporaryKeysOfDomainResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"/></s:Body></s:Envelope>"#;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// `data` in `encoding`, as a server would send it.
fn encoded(encoding: &str, data: &[u8]) -> Vec<u8> {
    match encoding {
        "gzip" => gzip(data),
        // HTTP's deflate is the zlib format (RFC 9110 section 8.4.1.2).
        "deflate" => {
            let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(data).unwrap();
            encoder.finish().unwrap()
        }
        "br" => {
            let mut out = Vec::new();
            brotli::CompressorWriter::new(&mut out, 4096, 9, 22).write_all(data).unwrap();
            out
        }
        "zstd" => zstd::encode_all(data, 19).unwrap(),
        other => panic!("{other}"),
    }
}

async fn delete(
    url: &str,
    configure: impl FnOnce(soapkit::ClientBuilder) -> soapkit::ClientBuilder,
) -> soapkit::Result<()> {
    let client = configure(Client::builder(url)).build().unwrap();
    PersonAgentClient::new(client).delete_temporary_keys_of_domain(TemporaryKeyDomain::LoginCustomerCenter, 1).await
}

#[tokio::test]
async fn gzip_deflate_brotli_and_zstd_replies_decode() {
    let server = TestServer::start(|request| {
        let encoding = request.path.trim_start_matches('/').to_owned();
        Canned::soap11(200, "").with(encoded(&encoding, REPLY.as_bytes()), "content-encoding", encoding)
    })
    .await;
    for encoding in ["gzip", "deflate", "br", "zstd"] {
        delete(&server.url(&format!("/{encoding}")), |b| b).await.unwrap_or_else(|e| panic!("{encoding}: {e:?}"));
    }
    let offered = server.requests()[0].header("accept-encoding").unwrap_or_default().to_owned();
    for encoding in ["gzip", "deflate", "br", "zstd"] {
        assert!(offered.contains(encoding), "{offered}");
    }
}

#[tokio::test]
async fn a_reply_that_inflates_past_the_limit_is_refused_at_the_limit() {
    // 64 MiB of zeros in about 64 KiB of gzip.
    let bomb = {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            encoder.write_all(&zeros).unwrap();
        }
        encoder.finish().unwrap()
    };
    assert!(bomb.len() < 1 << 20, "{}", bomb.len());
    let server =
        TestServer::start(move |_| Canned::soap11(200, "").with(bomb.clone(), "content-encoding", "gzip")).await;
    let error = delete(&server.url("/bomb"), |b| b.max_reply_size(1 << 20)).await.unwrap_err();
    assert!(
        error.is_reply() && error.to_string().contains("larger than the client's limit of 1048576 bytes"),
        "{error}"
    );
    // Within the limit, the same reply is read whole (and then is not SOAP).
    let error = delete(&server.url("/bomb"), |b| b.max_reply_size(128 << 20)).await.unwrap_err();
    assert!(!error.to_string().contains("larger than"), "{error}");
    assert!(error.is_reply() && error.to_string().contains("not a SOAP envelope"), "{error}");
}

#[tokio::test]
async fn requests_go_gzip_compressed_when_asked() {
    let server = TestServer::start(|_| Canned::soap11(200, REPLY)).await;
    delete(&server.url("/p"), |b| b.compress_requests(true)).await.unwrap();
    delete(&server.url("/p"), |b| b).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("content-encoding"), Some("gzip"));
    let mut plain = String::new();
    flate2::read::GzDecoder::new(&requests[0].raw[..]).read_to_string(&mut plain).unwrap();
    assert_eq!(plain, requests[1].body, "the same envelope, compressed");
    assert_eq!(requests[1].header("content-encoding"), None);
}

/// soapkit's server (features `server` and `compression`) reads compressed requests within
/// its size limit and gzip-compresses replies for clients that accept it.
#[tokio::test]
async fn the_server_reads_compressed_requests_and_compresses_replies() {
    let server = TestServer::serving(support::person_svc::server().max_request_size(1 << 20)).await;
    let url = server.url("/Person.svc");
    // soapkit's client compressing its requests, and reading the compressed reply.
    let client = Client::builder(&url).compress_requests(true).build().unwrap();
    let payload = "long ".repeat(400);
    let key = PersonAgentClient::new(client)
        .create_temporary_key_with_payload(
            TemporaryKeyDomain::LoginCustomerCenter,
            7,
            123,
            support::person::expires(),
            payload.clone(),
        )
        .await
        .unwrap();
    assert!(key.ends_with(payload.trim_end()) || key.contains(&payload), "{key}");
    // What goes over the wire, seen by a client that does not decompress.
    let mut envelope = String::new();
    flate2::read::GzDecoder::new(&server.requests()[0].raw[..]).read_to_string(&mut envelope).unwrap();
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let post = |body: Vec<u8>, encoding: Option<&'static str>| {
        let mut request = raw
            .post(&url)
            .header("content-type", "text/xml; charset=utf-8")
            .header(
                "soapaction",
                "\"http://www.superoffice.net/ws/crm/NetServer/Services88/Person/CreateTemporaryKeyWithPayload\"",
            )
            .header("accept-encoding", "gzip");
        if let Some(encoding) = encoding {
            request = request.header("content-encoding", encoding);
        }
        request.body(body).send()
    };
    for encoding in ["gzip", "deflate", "br", "zstd"] {
        let reply = post(encoded(encoding, envelope.as_bytes()), Some(encoding)).await.unwrap();
        assert_eq!(reply.status(), 200, "{encoding}");
        assert_eq!(reply.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"), "{encoding}");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&reply.bytes().await.unwrap()[..]).read_to_string(&mut text).unwrap();
        assert!(text.contains(&payload), "{encoding}: {text}");
    }
    // 64 MiB of zeros in 64 KiB of gzip: refused at the server's limit of 1 MiB.
    let bomb = gzip(&vec![0u8; 64 << 20]);
    assert_eq!(post(bomb, Some("gzip")).await.unwrap().status(), 413);
    assert_eq!(post(b"not gzip".to_vec(), Some("gzip")).await.unwrap().status(), 400);
    assert_eq!(post(envelope.clone().into_bytes(), Some("compress")).await.unwrap().status(), 415);
}
