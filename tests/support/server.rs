//! A loopback HTTP/1.1 server (hyper) that records requests and answers with canned replies,
//! or with a soapkit `Server` (the Person.svc stand-in).

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The body's bytes as they arrived.
    pub raw: Vec<u8>,
    pub method: String,
    pub path: String,
    pub headers: hyper::HeaderMap,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

/// A reply to send.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// Sent instead of `body` when set: a body that is not text (compressed).
    pub bytes: Option<Vec<u8>>,
    pub headers: Vec<(&'static str, String)>,
}

impl Canned {
    pub fn soap11(status: u16, body: impl Into<String>) -> Self {
        Canned::of(status, "text/xml; charset=utf-8", body.into())
    }

    pub fn soap12(status: u16, body: impl Into<String>) -> Self {
        Canned::of(status, "application/soap+xml; charset=utf-8", body.into())
    }

    pub fn html(status: u16, body: impl Into<String>) -> Self {
        Canned::of(status, "text/html", body.into())
    }

    pub fn of(status: u16, content_type: &'static str, body: String) -> Self {
        Canned { status, content_type, body, bytes: None, headers: Vec::new() }
    }

    /// The same reply with `bytes` as its body and `name: value` among its headers.
    #[allow(dead_code)]
    pub fn with(mut self, bytes: Vec<u8>, name: &'static str, value: impl Into<String>) -> Self {
        self.bytes = Some(bytes);
        self.headers.push((name, value.into()));
        self
    }
}

type Responder = dyn Fn(&Recorded) -> Canned + Send + Sync;

/// Who answers the recorded requests.
#[derive(Clone)]
enum Answerer {
    Canned(Arc<Responder>),
    Server(soapkit::server::Server),
}

/// The server; it stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Starts a server that answers every request with `respond(request)`.
    pub async fn start(respond: impl Fn(&Recorded) -> Canned + Send + Sync + 'static) -> TestServer {
        TestServer::answering(Answerer::Canned(Arc::new(respond))).await
    }

    /// Starts a server that records every request and has `server` answer it.
    pub async fn serving(server: soapkit::server::Server) -> TestServer {
        TestServer::answering(Answerer::Server(server)).await
    }

    async fn answering(answerer: Answerer) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&recorded);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (answerer, log) = (answerer.clone(), Arc::clone(&log));
                tokio::spawn(async move {
                    let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                        let (answerer, log) = (answerer.clone(), Arc::clone(&log));
                        async move {
                            let (parts, body) = req.into_parts();
                            let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                            let raw = body.to_vec();
                            let recorded = Recorded {
                                raw,
                                method: parts.method.to_string(),
                                path: parts.uri.path().to_owned(),
                                headers: parts.headers.clone(),
                                body: String::from_utf8_lossy(&body).into_owned(),
                            };
                            let respond = match answerer {
                                Answerer::Canned(respond) => respond,
                                Answerer::Server(server) => {
                                    log.lock().unwrap().push(recorded);
                                    let request = hyper::Request::from_parts(parts, Full::new(body));
                                    return Ok::<_, Infallible>(server.handle(request).await);
                                }
                            };
                            let canned = respond(&recorded);
                            log.lock().unwrap().push(recorded);
                            let mut response = hyper::Response::builder()
                                .status(canned.status)
                                .header("content-type", canned.content_type);
                            for (name, value) in &canned.headers {
                                response = response.header(*name, value);
                            }
                            let body = canned.bytes.unwrap_or_else(|| canned.body.into_bytes());
                            let response = response.body(Full::new(Bytes::from(body))).unwrap();
                            Ok::<_, Infallible>(response)
                        }
                    });
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        });
        TestServer { addr, recorded, task }
    }

    /// Starts a server that always answers `canned`.
    pub async fn replying(canned: Canned) -> TestServer {
        TestServer::start(move |_| canned.clone()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.recorded.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
