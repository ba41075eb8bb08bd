//! The Frame.io v2 client: bearer developer token, bare-array lists paged by headers, published
//! per-endpoint rate limits respected client-side, retries on 429 and 5xx.
//!
//! Callers use `FrameioClient` and the version-independent types in `model`; the v2 wire format
//! stays in this file, so a V4 client (workspaces, `{data}` envelopes, cursor paging) can be added
//! beside it and selected in `FrameioClient::new` without touching callers.

use futures::{StreamExt, TryStreamExt, stream};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use url::Url;

use super::error::FrameioError;
use super::model::{Account, AccountChoice, Asset, Collaborator, Project, Team, User};
use crate::http::{self, HttpOptions, Notify, Plan, Reply, Sender, pace::Pacer, pace::Rate, retry::RetryPolicy};

/// Page size for lists (the API's default is 50).
const PAGE_SIZE: usize = 50;
/// More pages than any real list has (500,000 items): a `total-pages` beyond it is malformed,
/// not a reason to queue billions of requests.
const MAX_PAGES: usize = 10_000;

/// Frame.io's published per-endpoint limits (frameio-api-notes §2.2), used to pace requests.
pub mod limits {
    use super::Rate;
    pub const ASSETS_CREATE: Rate = Rate::new(5, 1000);
    pub const ASSETS_UPDATE: Rate = Rate::new(10, 1000);
    pub const ASSETS_READ: Rate = Rate::new(5, 1000);
    /// Create on projects, teams, team members (and collaborators, which are project members).
    pub const CREATE: Rate = Rate::new(100, 60_000);
    pub const DEFAULT: Rate = Rate::new(50, 1000);
}

/// The pacing class of a request, by method and path (relative to `/v2/`).
pub fn pace_class(method: &Method, path: &str) -> (&'static str, Rate) {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let is = |m: &Method| method == m;
    match segs.as_slice() {
        ["assets", _, "children"] if is(&Method::POST) => ("assets.create", limits::ASSETS_CREATE),
        ["assets", ..] if is(&Method::GET) => ("assets.read", limits::ASSETS_READ),
        ["assets", ..] => ("assets.update", limits::ASSETS_UPDATE),
        ["teams", _, "projects" | "members"] | ["projects", _, "collaborators"] | ["batch", ..]
            if is(&Method::POST) =>
        {
            ("create", limits::CREATE)
        }
        _ => ("default", limits::DEFAULT),
    }
}

#[derive(Clone)]
pub struct FrameioClient {
    sender: Sender,
    /// e.g. `https://api.frame.io/v2/`
    api: Url,
    token: SecretString,
}

impl std::fmt::Debug for FrameioClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameioClient").field("api", &self.api.as_str()).field("token", &"[REDACTED]").finish()
    }
}

impl FrameioClient {
    /// `host` is the API root (`https://api.frame.io`).
    pub fn new(host: &Url, token: SecretString) -> Result<Self, FrameioError> {
        Self::with_options(host, token, &HttpOptions::default())
    }

    pub fn with_options(host: &Url, token: SecretString, options: &HttpOptions) -> Result<Self, FrameioError> {
        let api = host.join("v2/").map_err(|e| FrameioError::Malformed { detail: format!("bad URL: {e}") })?;
        let http = http::client_with(&api, options).map_err(|e| FrameioError::Transport {
            service: "Frame.io",
            host: http::host_of(&api),
            detail: http::describe_transport(&e),
        })?;
        let sender =
            Sender { http, service: "Frame.io", policy: RetryPolicy::default(), pacer: Pacer::default(), notify: None };
        Ok(Self { sender, api, token })
    }

    /// Share one pacer between clients that use the same token (limits are per user).
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

    pub(crate) fn sender(&self) -> &Sender {
        &self.sender
    }

    fn transport(&self, e: http::TransportError) -> FrameioError {
        FrameioError::Transport { service: "Frame.io", host: self.host(), detail: e.detail }
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        idempotent: bool,
    ) -> Result<Reply, FrameioError> {
        let url = self.api.join(path).map_err(|e| FrameioError::Malformed { detail: format!("bad path: {e}") })?;
        let (class, rate) = pace_class(&method, path);
        let plan = Plan { idempotent, pace: Some((class, rate)) };
        let reply = self
            .sender
            .send(plan, || {
                let mut rb = self
                    .sender
                    .http
                    .request(method.clone(), url.clone())
                    .bearer_auth(self.token.expose_secret())
                    .query(query);
                if let Some(body) = body {
                    rb = rb.json(body);
                }
                rb
            })
            .await
            .map_err(|e| self.transport(e))?;
        if !(200..300).contains(&reply.status) {
            return Err(error_for(reply.status, &reply.body));
        }
        Ok(reply)
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, FrameioError> {
        let reply = self.send(Method::GET, path, &[], None, true).await?;
        parse(&reply.body)
    }

    /// Every item of a paged list: the first page, then the rest (by `total-pages`) concurrently.
    async fn list<T: DeserializeOwned>(&self, path: &str, query: &[(&str, String)]) -> Result<Vec<T>, FrameioError> {
        let page = |n: usize| {
            let mut q: Vec<(&str, String)> = query.to_vec();
            q.push(("page", n.to_string()));
            q.push(("page_size", PAGE_SIZE.to_string()));
            async move { self.send(Method::GET, path, &q, None, true).await }
        };
        let first = page(1).await?;
        let pages = first
            .headers
            .get("total-pages")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(1);
        if pages > MAX_PAGES {
            return Err(FrameioError::Malformed { detail: format!("a list of {pages} pages") });
        }
        let mut items: Vec<T> = parse(&first.body)?;
        if pages > 1 {
            // Futures collected first: a stream of closures that borrow would not be `Send`.
            let pending: Vec<_> = (2..=pages).map(page).collect();
            let rest: Vec<Reply> = stream::iter(pending).buffered(4).try_collect().await?;
            for reply in rest {
                items.extend(parse::<Vec<T>>(&reply.body)?);
            }
        }
        Ok(items)
    }

    /// The token's user: how a developer token is validated.
    pub async fn me(&self) -> Result<User, FrameioError> {
        self.get("me").await
    }

    pub async fn accounts(&self) -> Result<Vec<Account>, FrameioError> {
        self.list("accounts", &[]).await
    }

    /// The token user's role in an account (`owner`, `admin`, `member`, ...).
    pub async fn account_role(&self, account_id: &str) -> Result<String, FrameioError> {
        let v: Value = self.get(&format!("accounts/{account_id}/membership")).await?;
        Ok(v.get("account").and_then(Value::as_str).unwrap_or("member").to_owned())
    }

    /// Every account the token's user belongs to, with their role, administered ones first.
    pub async fn account_choices(&self) -> Result<Vec<AccountChoice>, FrameioError> {
        let accounts = self.accounts().await?;
        let pending: Vec<_> = accounts
            .into_iter()
            .map(|account| async move {
                let role = self.account_role(&account.id).await?;
                Ok::<_, FrameioError>(AccountChoice { account, role })
            })
            .collect();
        let mut choices: Vec<AccountChoice> = stream::iter(pending).buffered(4).try_collect().await?;
        choices.sort_by_key(|c| (!c.administers(), c.account.name.to_lowercase()));
        Ok(choices)
    }

    pub async fn teams(&self, account_id: &str) -> Result<Vec<Team>, FrameioError> {
        self.list(&format!("accounts/{account_id}/teams"), &[]).await
    }

    pub async fn team(&self, team_id: &str) -> Result<Team, FrameioError> {
        self.get(&format!("teams/{team_id}")).await
    }

    pub async fn team_projects(&self, team_id: &str) -> Result<Vec<Project>, FrameioError> {
        self.list(&format!("teams/{team_id}/projects"), &[]).await
    }

    pub async fn project(&self, project_id: &str) -> Result<Project, FrameioError> {
        self.get(&format!("projects/{project_id}")).await
    }

    /// Create a project in a team. Not retried once it may have arrived: callers look first.
    pub async fn create_project(&self, team_id: &str, name: &str) -> Result<Project, FrameioError> {
        let body = json!({"name": name, "private": false});
        let reply = self.send(Method::POST, &format!("teams/{team_id}/projects"), &[], Some(&body), false).await?;
        parse(&reply.body)
    }

    pub async fn asset(&self, asset_id: &str) -> Result<Asset, FrameioError> {
        self.get(&format!("assets/{asset_id}")).await
    }

    pub async fn children(&self, folder_id: &str) -> Result<Vec<Asset>, FrameioError> {
        self.list(&format!("assets/{folder_id}/children"), &[]).await
    }

    pub async fn create_folder(&self, parent_id: &str, name: &str) -> Result<Asset, FrameioError> {
        let body = json!({"type": "folder", "name": name});
        let reply = self.send(Method::POST, &format!("assets/{parent_id}/children"), &[], Some(&body), false).await?;
        parse(&reply.body)
    }

    /// Create a file asset; the answer carries the presigned part URLs to upload to.
    pub async fn create_file(
        &self,
        parent_id: &str,
        name: &str,
        filetype: &str,
        filesize: u64,
    ) -> Result<Asset, FrameioError> {
        let body = json!({"type": "file", "name": name, "filetype": filetype, "filesize": filesize});
        let reply = self.send(Method::POST, &format!("assets/{parent_id}/children"), &[], Some(&body), false).await?;
        parse(&reply.body)
    }

    /// Delete an asset. Idempotent: an asset that is already gone is not an error, since a
    /// retried DELETE whose first attempt was cut off after the server acted answers 404.
    pub async fn delete_asset(&self, asset_id: &str) -> Result<(), FrameioError> {
        match self.send(Method::DELETE, &format!("assets/{asset_id}"), &[], None, true).await {
            Ok(_) | Err(FrameioError::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Everyone invited to a project, accepted or pending.
    pub async fn collaborators(&self, project_id: &str) -> Result<Vec<Collaborator>, FrameioError> {
        let (accepted_path, pending_path) =
            (format!("projects/{project_id}/collaborators"), format!("projects/{project_id}/pending_collaborators"));
        let (accepted, pending) =
            futures::try_join!(self.list::<Value>(&accepted_path, &[]), self.list::<Value>(&pending_path, &[]))?;
        let email = |v: &Value| {
            v.get("email").or_else(|| v.pointer("/user/email")).and_then(Value::as_str).map(str::to_lowercase)
        };
        let mut out: Vec<Collaborator> =
            accepted.iter().filter_map(|v| email(v).map(|e| Collaborator { email: e, pending: false })).collect();
        for v in &pending {
            if let Some(e) = email(v)
                && !out.iter().any(|c| c.email == e)
            {
                out.push(Collaborator { email: e, pending: true });
            }
        }
        Ok(out)
    }

    /// Invite one email to a project (Frame.io emails them).
    pub async fn add_collaborator(&self, project_id: &str, email: &str) -> Result<Collaborator, FrameioError> {
        let body = json!({"email": email});
        let reply =
            self.send(Method::POST, &format!("projects/{project_id}/collaborators"), &[], Some(&body), false).await?;
        let v: Value = parse(&reply.body)?;
        Ok(Collaborator {
            email: email.to_lowercase(),
            pending: v.get("_type").and_then(Value::as_str) == Some("pending_collaborator"),
        })
    }

    /// Invite several emails in one request; returns per-email failures Frame.io reported.
    pub async fn add_collaborators(
        &self,
        project_id: &str,
        emails: &[String],
    ) -> Result<Vec<(String, String)>, FrameioError> {
        let batch: Vec<Value> = emails.iter().map(|e| json!({"email": e})).collect();
        let body = json!({"batch": batch, "send_email": true});
        let reply = self
            .send(Method::POST, &format!("batch/projects/{project_id}/collaborators"), &[], Some(&body), false)
            .await?;
        let v: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
        let failures = v
            .get("error")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("failed").to_owned())).collect())
            .unwrap_or_default();
        Ok(failures)
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, FrameioError> {
    serde_json::from_slice(body)
        .map_err(|e| FrameioError::Malformed { detail: http::clip(&e.to_string(), http::MAX_DETAIL) })
}

/// Map an error response to a typed error, using the documented `{code, message, errors}` body.
pub fn error_for(status: u16, body: &[u8]) -> FrameioError {
    let detail = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| {
            v.pointer("/errors/0/detail")
                .or_else(|| v.get("message"))
                .and_then(Value::as_str)
                .map(|s| http::clip(s, http::MAX_DETAIL))
        })
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
    fn pacing_classes() {
        assert_eq!(pace_class(&Method::POST, "assets/x/children").0, "assets.create");
        assert_eq!(pace_class(&Method::GET, "assets/x/children").0, "assets.read");
        assert_eq!(pace_class(&Method::PUT, "assets/x").0, "assets.update");
        assert_eq!(pace_class(&Method::POST, "teams/t/projects").0, "create");
        assert_eq!(pace_class(&Method::POST, "batch/projects/p/collaborators").0, "create");
        assert_eq!(pace_class(&Method::GET, "me").0, "default");
    }

    #[test]
    fn errors_carry_the_documented_detail() {
        let body = br#"{"code":401,"message":"Unauthorized","errors":[{"code":401,"detail":"The token is invalid"}]}"#;
        assert_eq!(error_for(401, body), FrameioError::Unauthorized { detail: "The token is invalid".into() });
        assert!(matches!(error_for(503, b""), FrameioError::Server { status: 503, .. }));
        assert!(matches!(error_for(422, b"{}"), FrameioError::Invalid { status: 422, .. }));
    }
}
