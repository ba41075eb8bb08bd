//! An optional loopback callback for the sign-in, for people who forward a port over SSH
//! (`ssh -L 8723:127.0.0.1:8723 host`) instead of pasting the address.
//!
//! `listen(port)` binds `127.0.0.1:port` only (never all interfaces; port 0 picks a free one), and
//! the sign-in's redirect URI is then `redirect_uri()`, `http://127.0.0.1:{port}/callback`.
//! `next_code` answers `GET /callback?code&state` with a small plain HTML page ("You can close
//! this tab", or the error), checks the state like a pasted answer, and returns after that one
//! answer. Everything else gets a 404 and is otherwise ignored. It is bounded: at most
//! `MAX_CONNECTIONS` connections at once, request heads of at most 8 KiB read within 10 s, and
//! the whole wait ends after `timeout`.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::{ImsError, PendingLogin, login};

pub const PATH: &str = "/callback";
const MAX_CONNECTIONS: usize = 16;
const MAX_HEAD: usize = 8 * 1024;
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// A bound loopback port waiting for one sign-in.
#[derive(Debug)]
pub struct Listener {
    listener: TcpListener,
    port: u16,
}

/// Listen on `127.0.0.1:port` (0: any free port).
pub async fn listen(port: u16) -> Result<Listener, ImsError> {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await
        .map_err(|e| ImsError::Listen { port, detail: e.kind().to_string() })?;
    let port = listener.local_addr().map_err(|e| ImsError::Listen { port, detail: e.kind().to_string() })?.port();
    Ok(Listener { listener, port })
}

impl Listener {
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The redirect URI to sign in with (give it to `ImsConfig::with_redirect_uri`).
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{PATH}", self.port)
    }

    /// Wait for the browser to come back with the answer to `pending`; the port closes after it.
    pub async fn next_code(self, pending: &PendingLogin, timeout: Duration) -> Result<String, ImsError> {
        let deadline = tokio::time::Instant::now() + timeout;
        let (tx, mut rx) = mpsc::channel(1);
        // Dropped on return: connections still open are closed.
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                accepted = self.listener.accept(), if connections.len() < MAX_CONNECTIONS => {
                    if let Ok((stream, _)) = accepted {
                        connections.spawn(serve(stream, pending.state.clone(), tx.clone()));
                    }
                }
                Some(outcome) = rx.recv() => return outcome,
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
                _ = tokio::time::sleep_until(deadline) => {
                    return Err(ImsError::Timeout { seconds: timeout.as_secs() });
                }
            }
        }
    }
}

/// Answer one connection; a `/callback` request's outcome goes to `tx` after its page is sent.
async fn serve(mut stream: TcpStream, state: String, tx: mpsc::Sender<Result<String, ImsError>>) {
    let Ok(Some(head)) = tokio::time::timeout(HEAD_TIMEOUT, read_head(&mut stream)).await else { return };
    let mut words = head.lines().next().unwrap_or_default().split(' ');
    let (method, target) = (words.next().unwrap_or_default(), words.next().unwrap_or_default());
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if method != "GET" || path != PATH {
        let _ = respond(&mut stream, "404 Not Found", "Not found", "This is wfio's sign-in callback.").await;
        return;
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let outcome = login::answer(&pairs, &state);
    let _ = match &outcome {
        Ok(_) => respond(&mut stream, "200 OK", "Signed in", "wfio has the sign-in. You can close this tab.").await,
        Err(e) => respond(&mut stream, "400 Bad Request", "Not signed in", &e.to_string()).await,
    };
    let _ = tx.send(outcome).await;
}

/// The request line and headers, or `None` when the client sends more than `MAX_HEAD` or stops.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() + n > MAX_HEAD {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8(buf).ok()
}

async fn respond(stream: &mut TcpStream, status: &str, title: &str, message: &str) -> std::io::Result<()> {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>wfio: {title}</title></head>\
         <body><h1>{title}</h1><p>{}</p></body></html>\n",
        escape(message)
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// Text for HTML: the error may quote what the URL said.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
#[path = "callback_tests.rs"]
mod tests;
