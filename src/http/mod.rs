//! The shared HTTP layer: one `reqwest::Client` per backend, with timeouts, a user agent, and no
//! proxy for loopback targets (the simulator), since Linux proxies have no localhost exclusion.

pub mod pace;
pub mod retry;
pub mod send;

pub use send::{Notify, Plan, Reply, RetryNotice, Sender, TransportError};

use std::time::Duration;

use url::Url;

pub const USER_AGENT: &str = concat!("wfio/", env!("CARGO_PKG_VERSION"));

/// True when `url` points at this machine, where a corporate proxy must not be used.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Options every backend's client shares.
#[derive(Debug, Clone, Default)]
pub struct HttpOptions {
    /// An extra CA certificate (PEM), for TLS-inspecting corporate proxies.
    pub ca_cert_pem: Option<Vec<u8>>,
}

/// Build the client for one backend.
pub fn client_for(base: &Url) -> reqwest::Result<reqwest::Client> {
    client_with(base, &HttpOptions::default())
}

/// Build the client for one backend with shared options.
pub fn client_with(base: &Url, options: &HttpOptions) -> reqwest::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_secs(10))
        .read_timeout(Duration::from_secs(30))
        .tcp_keepalive(Duration::from_secs(30))
        .pool_idle_timeout(Duration::from_secs(50));
    if is_loopback(base) {
        builder = builder.no_proxy();
    }
    if let Some(pem) = &options.ca_cert_pem {
        for cert in reqwest::Certificate::from_pem_bundle(pem)? {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder.build()
}

/// The host (and port) of a URL, for messages that must not carry paths or parameters.
pub fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => url.as_str().to_owned(),
    }
}

/// At most `max` characters of a server's text, for messages people read: a response can
/// carry megabytes of detail.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// Longest server-provided text wfio puts in an error message.
pub const MAX_DETAIL: usize = 500;

/// Describe a transport error for a person, without the URL (which could carry a credential).
pub fn describe_transport(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        "the request timed out".into()
    } else if err.is_connect() {
        "could not connect".into()
    } else if err.is_body() || err.is_decode() {
        "the connection dropped while reading the response".into()
    } else if err.is_request() {
        "the request could not be sent".into()
    } else {
        "a network error occurred".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_detection() {
        assert!(is_loopback(&Url::parse("http://127.0.0.1:8080/x").unwrap()));
        assert!(is_loopback(&Url::parse("http://localhost/").unwrap()));
        assert!(is_loopback(&Url::parse("http://[::1]:9/").unwrap()));
        assert!(!is_loopback(&Url::parse("https://acme.my.workfront.adobe.com/").unwrap()));
    }
}
