//! The Frame.io V4 client: `{"data": …}` envelopes, cursor-paged lists (`links.next`), V4's
//! error body (`{"errors":[{"detail","source","title"}]}`), the published per-operation rate
//! limits paced client-side (`limits`), retries on 429 and 5xx, and every request signed by a
//! shared `TokenSource` (a developer token, an Adobe sign-in or a server-to-server credential),
//! refreshed once on a 401.
//!
//! The operations live beside this file by resource: `api` (accounts, workspaces, projects),
//! `assets` (folders and files), `people` (account and project users, shares), `upload` (parts).

use reqwest::Method;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::auth::{LEGACY_HEADER, TokenSource};
use super::error::FrameioError;
use super::limits;
use crate::http::{self, HttpOptions, Notify, Plan, Reply, Sender, pace::Pacer, retry::RetryPolicy};

/// Page size for lists: the largest every list accepts (asset lists take up to 500).
pub(crate) const PAGE_SIZE: usize = 100;
/// More pages than any real list has: a cursor that never ends is malformed, not a reason to
/// send requests for ever.
const MAX_PAGES: usize = 10_000;

#[derive(Clone)]
pub struct FrameioClient {
    sender: Sender,
    /// e.g. `https://api.frame.io/v4/`
    api: Url,
    auth: TokenSource,
}

impl std::fmt::Debug for FrameioClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameioClient").field("api", &self.api.as_str()).field("auth", &self.auth.kind()).finish()
    }
}

/// The `{"data": …}` of a V4 response.
#[derive(serde::Deserialize)]
struct Envelope<T> {
    data: T,
}

/// One page of a V4 list.
#[derive(serde::Deserialize)]
struct Page<T> {
    data: Vec<T>,
    #[serde(default)]
    links: Option<Links>,
}

#[derive(serde::Deserialize)]
struct Links {
    #[serde(default)]
    next: Option<String>,
}

impl FrameioClient {
    /// `host` is the API root (`https://api.frame.io`).
    pub fn new(host: &Url, auth: TokenSource) -> Result<Self, FrameioError> {
        Self::with_options(host, auth, &HttpOptions::default())
    }

    pub fn with_options(host: &Url, auth: TokenSource, options: &HttpOptions) -> Result<Self, FrameioError> {
        let api = host.join("v4/").map_err(|e| FrameioError::Malformed { detail: format!("bad URL: {e}") })?;
        let http = http::client_with(&api, options).map_err(|e| FrameioError::Transport {
            service: "Frame.io",
            host: http::host_of(&api),
            detail: http::describe_transport(&e),
        })?;
        let sender =
            Sender { http, service: "Frame.io", policy: RetryPolicy::default(), pacer: Pacer::default(), notify: None };
        Ok(Self { sender, api, auth })
    }

    /// Share one pacer between clients of the same sign-in (limits are per account user).
    pub fn with_pacer(mut self, pacer: Pacer) -> Self {
        self.sender.pacer = pacer;
        self
    }

    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.sender.policy = policy;
        self
    }

    pub fn with_notify(mut self, notify: Notify) -> Self {
        self.sender.notify = Some(notify);
        self
    }

    pub fn host(&self) -> String {
        http::host_of(&self.api)
    }

    pub fn auth(&self) -> &TokenSource {
        &self.auth
    }

    pub(crate) fn sender(&self) -> &Sender {
        &self.sender
    }

    /// Send one request; a 401 gets a new token (refreshed or minted) and one more try, twice at
    /// most (a token that ends in the moment between a renewal and its use is renewed again;
    /// a sign-in refused over and over is not retried for ever).
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        idempotent: bool,
    ) -> Result<Reply, FrameioError> {
        let url = self.api.join(path).map_err(|e| FrameioError::Malformed { detail: format!("bad path: {e}") })?;
        let (class, rate) = limits::for_request(&method, path);
        let plan = Plan { idempotent, pace: Some((class, rate)) };
        let mut renewals = 0;
        loop {
            let auth = self.auth.authorization().await?;
            let reply = self
                .sender
                .send(plan, || {
                    let mut rb = self
                        .sender
                        .http
                        .request(method.clone(), url.clone())
                        .bearer_auth(auth.bearer.expose_secret())
                        .query(query);
                    if auth.legacy {
                        rb = rb.header(LEGACY_HEADER, "true");
                    }
                    if let Some(body) = body {
                        rb = rb.json(body);
                    }
                    rb
                })
                .await
                .map_err(|e| FrameioError::Transport { service: "Frame.io", host: self.host(), detail: e.detail })?;
            if reply.status == 401 && renewals < 2 && self.auth.refresh_after_unauthorized(&auth.bearer).await? {
                renewals += 1;
                continue;
            }
            if !(200..300).contains(&reply.status) {
                let e = error_for(reply.status, &reply.body);
                // V4 takes developer tokens only for accounts not on the Admin Console.
                return Err(match e {
                    FrameioError::Forbidden { detail } if auth.legacy && path.starts_with("accounts/") => {
                        FrameioError::LegacyTokenRefused { detail }
                    }
                    e => e,
                });
            }
            return Ok(reply);
        }
    }

    /// A single object: `{"data": T}`.
    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, FrameioError> {
        let reply = self.send(Method::GET, path, &[], None, true).await?;
        Ok(parse::<Envelope<T>>(&reply.body)?.data)
    }

    /// Send a body `{"data": data}` and read `{"data": T}` back.
    pub(crate) async fn write<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        data: Value,
        idempotent: bool,
    ) -> Result<T, FrameioError> {
        let body = serde_json::json!({ "data": data });
        let reply = self.send(method, path, &[], Some(&body), idempotent).await?;
        Ok(parse::<Envelope<T>>(&reply.body)?.data)
    }

    /// Every item of a list, following `links.next` (cursor paging is sequential by nature).
    /// The next link carries the cursor (`after`); the page size and filters are sent again.
    pub(crate) async fn list<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<T>, FrameioError> {
        let mut items = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut q: Vec<(&str, String)> = query.to_vec();
            if !q.iter().any(|(k, _)| *k == "page_size") {
                q.push(("page_size", PAGE_SIZE.to_string()));
            }
            if let Some(a) = &after {
                q.push(("after", a.clone()));
            }
            let reply = self.send(Method::GET, path, &q, None, true).await?;
            let page: Page<T> = parse(&reply.body)?;
            items.extend(page.data);
            match page.links.and_then(|l| l.next).as_deref().and_then(cursor_of) {
                Some(next) if after.as_deref() != Some(next.as_str()) => after = Some(next),
                Some(_) => return Err(FrameioError::Malformed { detail: "a list whose next page is itself".into() }),
                None => return Ok(items),
            }
        }
        Err(FrameioError::Malformed { detail: format!("a list of more than {MAX_PAGES} pages") })
    }
}

/// The `after` cursor of a `links.next` (a relative path such as `/v4/…?after=…`).
fn cursor_of(next: &str) -> Option<String> {
    let url = Url::parse("http://x/").ok()?.join(next).ok()?;
    url.query_pairs().find(|(k, _)| k == "after").map(|(_, v)| v.into_owned()).filter(|v| !v.is_empty())
}

pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, FrameioError> {
    serde_json::from_slice(body)
        .map_err(|e| FrameioError::Malformed { detail: http::clip(&e.to_string(), http::MAX_DETAIL) })
}

/// Map an error response to a typed error, using V4's `{"errors":[{"detail","title"}]}`.
pub fn error_for(status: u16, body: &[u8]) -> FrameioError {
    let detail = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| {
            let first = v.pointer("/errors/0")?;
            let detail = first.get("detail").and_then(Value::as_str).or_else(|| first.get("title")?.as_str())?;
            let pointer = first.pointer("/source/pointer").and_then(Value::as_str).filter(|p| !p.is_empty());
            Some(match pointer {
                Some(p) => format!("{detail} (at {p})"),
                None => detail.to_owned(),
            })
        })
        .map(|s| http::clip(&s, http::MAX_DETAIL))
        .unwrap_or_else(|| format!("HTTP {status}"));
    match status {
        401 => FrameioError::Unauthorized { detail },
        403 => FrameioError::Forbidden { detail },
        404 => FrameioError::NotFound { detail },
        429 => FrameioError::RateLimited,
        s if s >= 500 => FrameioError::Server { status, detail },
        _ => FrameioError::Invalid { status, detail },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_the_documented_detail() {
        let body = br#"{"errors":[{"detail":"is invalid","source":{"pointer":"/data/name"},"title":"Invalid value"}]}"#;
        assert_eq!(
            error_for(422, body),
            FrameioError::Invalid { status: 422, detail: "is invalid (at /data/name)".into() }
        );
        let body = br#"{"errors":[{"title":"Unauthorized"}]}"#;
        assert_eq!(error_for(401, body), FrameioError::Unauthorized { detail: "Unauthorized".into() });
        assert!(matches!(error_for(503, b"<html>"), FrameioError::Server { status: 503, .. }));
        assert_eq!(error_for(429, b""), FrameioError::RateLimited);
    }

    #[test]
    fn the_cursor_comes_from_the_next_link() {
        assert_eq!(cursor_of("/v4/accounts/a/users?after=abc%3D"), Some("abc=".into()));
        assert_eq!(cursor_of("/v4/accounts/a/users?page_size=5&after=g2"), Some("g2".into()));
        assert_eq!(cursor_of("/v4/accounts/a/users"), None);
        assert_eq!(cursor_of("/v4/x?after="), None);
    }
}
