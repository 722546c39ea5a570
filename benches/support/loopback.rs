//! A keep-alive HTTP/1.1 server on 127.0.0.1 (hyper) that answers every request with one
//! fixed SOAP 1.1 reply and keeps the request bodies: the server the round-trip benches
//! call, the same for soapkit and for plain reqwest.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;

/// The server; it stops when dropped.
pub struct Loopback {
    addr: SocketAddr,
    bodies: Arc<Mutex<Vec<Bytes>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Loopback {
    /// Starts answering every request with `reply` (HTTP 200, `text/xml`).
    pub async fn start(reply: &'static str) -> Loopback {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&bodies);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = Arc::clone(&kept);
                let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let kept = Arc::clone(&kept);
                    async move {
                        let body = request.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
                        kept.lock().unwrap().push(body);
                        let response = hyper::Response::builder()
                            .header("content-type", "text/xml; charset=utf-8")
                            .body(Full::new(Bytes::from_static(reply.as_bytes())))
                            .unwrap();
                        Ok::<_, Infallible>(response)
                    }
                });
                tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), service));
            }
        });
        Loopback { addr, bodies, task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The first request's body.
    pub fn first_body(&self) -> Bytes {
        self.bodies.lock().unwrap()[0].clone()
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.task.abort();
    }
}
