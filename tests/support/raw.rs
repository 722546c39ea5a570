//! A raw TCP server on 127.0.0.1 for replies no well-behaved HTTP server would send:
//! endless bodies, stalls, half answers, closed and reset connections.

use std::future::Future;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub struct RawServer {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Serves each connection with `handle`, given the stream after the request head
    /// and body have been read.
    pub async fn start<F, Fut>(handle: F) -> RawServer
    where
        F: Fn(TcpStream, usize) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let handle = std::sync::Arc::new(handle);
        let task = tokio::spawn(async move {
            let mut connection = 0;
            loop {
                let Ok((mut stream, _)) = listener.accept().await else { return };
                connection += 1;
                let handle = handle.clone();
                let n = connection;
                tokio::spawn(async move {
                    if read_request(&mut stream).await {
                        handle(stream, n).await;
                    }
                });
            }
        });
        RawServer { addr, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}/svc", self.addr)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request (head and a Content-Length body); false if the peer went away.
async fn read_request(stream: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let Ok(n) = stream.read(&mut chunk).await else { return false };
        if n == 0 {
            return false;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(head_end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < head_end + 4 + length {
                let Ok(n) = stream.read(&mut chunk).await else { return false };
                if n == 0 {
                    return false;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return true;
        }
    }
}

/// Writes `text` and ignores the peer having gone.
pub async fn write(stream: &mut TcpStream, text: impl AsRef<[u8]>) {
    let _ = stream.write_all(text.as_ref()).await;
    let _ = stream.flush().await;
}
