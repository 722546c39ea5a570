//! Serving on a TCP port with hyper: HTTP/1.1 with keep-alive, hyper's timeout on slow
//! request headers, one task per connection.

use std::net::SocketAddr;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, ToSocketAddrs};

use super::Server;

/// How long a client may take to send a request's headers.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A server running on a port: [`Server::bind`]'s handle. Dropping it stops accepting
/// connections.
#[derive(Debug)]
pub struct Serving {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Serving {
    /// The address it listens on (the port chosen, for `127.0.0.1:0`).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{address}{path}`: the endpoint URL for a client.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Listens on `addr` (`"127.0.0.1:0"` picks a free port) and serves in a spawned task
    /// until the returned handle is dropped.
    pub async fn bind(self, addr: impl ToSocketAddrs) -> std::io::Result<Serving> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(self.serve(listener));
        Ok(Serving { addr, task })
    }

    /// Serves every connection `listener` accepts, each in its own task; returns only if
    /// accepting fails for good.
    pub async fn serve(self, listener: TcpListener) {
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait, then accept again.
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let server = self.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    let server = server.clone();
                    async move { Ok::<_, std::convert::Infallible>(server.handle(request).await) }
                });
                let connection = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_READ_TIMEOUT)
                    .serve_connection(TokioIo::new(stream), service);
                if let Err(error) = connection.await {
                    tracing::debug!(%error, "a connection ended with an error");
                }
            });
        }
    }
}
