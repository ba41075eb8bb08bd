//! The Workfront REST client: credentials in headers (never in the URL), the documented
//! envelopes, searches that page through every result, writes as JSON `updates` bodies, and a
//! cap on concurrent requests (Workfront limits concurrent API threads per customer).

use std::sync::Arc;

use futures::{StreamExt, TryStreamExt, stream};
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::sync::Semaphore;
use url::Url;

use super::error::WorkfrontError;
use super::model::{Group, Status};
use crate::http::{self, HttpOptions, Notify, Plan, Reply, Sender, TransportError, pace::Pacer, retry::RetryPolicy};

/// How wfio proves who it is to Workfront.
#[derive(Clone)]
pub enum WorkfrontAuth {
    /// `apiKey` request header.
    ApiKey(SecretString),
    /// `sessionID` request header (from `/login` or an OAuth2 access token).
    Session(SecretString),
    /// Adobe IMS access token with the org it belongs to.
    Ims { token: SecretString, org_id: String },
}

impl std::fmt::Debug for WorkfrontAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::ApiKey(_) => "ApiKey([REDACTED])",
            Self::Session(_) => "Session([REDACTED])",
            Self::Ims { .. } => "Ims([REDACTED])",
        })
    }
}

/// Results per page: the API's maximum, so most lists take one request.
pub const MAX_PAGE: usize = 2000;
/// More pages than a search can sensibly have: a count beyond it is malformed, not a reason to
/// queue that many requests.
pub const MAX_PAGES: usize = 50_000;
/// Objects per bulk request (Workfront refuses more than 100).
pub const MAX_BULK: usize = 100;

#[derive(Clone)]
pub struct WorkfrontClient {
    sender: Sender,
    /// e.g. `https://acme.my.workfront.adobe.com/attask/api/v21.0/`
    api: Url,
    /// The instance root, for document downloads.
    instance: Url,
    auth: WorkfrontAuth,
    page_size: usize,
    permits: Arc<Semaphore>,
    concurrency: usize,
}

impl std::fmt::Debug for WorkfrontClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkfrontClient").field("api", &self.api.as_str()).field("auth", &self.auth).finish()
    }
}

impl WorkfrontClient {
    /// `instance` is the instance root (`https://acme.my.workfront.adobe.com`), `version` e.g. `v21.0`.
    pub fn new(instance: &Url, version: &str, auth: WorkfrontAuth) -> Result<Self, WorkfrontError> {
        Self::with_options(instance, version, auth, &HttpOptions::default())
    }

    pub fn with_options(
        instance: &Url,
        version: &str,
        auth: WorkfrontAuth,
        options: &HttpOptions,
    ) -> Result<Self, WorkfrontError> {
        let api = instance
            .join(&format!("attask/api/{version}/"))
            .map_err(|e| WorkfrontError::Malformed { detail: format!("bad instance URL: {e}") })?;
        let http = http::client_with(&api, options).map_err(|e| WorkfrontError::Transport {
            host: http::host_of(&api),
            detail: http::describe_transport(&e),
        })?;
        let sender = Sender {
            http,
            service: "Workfront",
            policy: RetryPolicy::default(),
            pacer: Pacer::disabled(),
            notify: None,
        };
        let concurrency = 4;
        Ok(Self {
            sender,
            api,
            instance: instance.clone(),
            auth,
            page_size: MAX_PAGE,
            permits: Arc::new(Semaphore::new(concurrency)),
            concurrency,
        })
    }

    /// Smaller pages, for tests and benchmarks that exercise paging.
    pub fn with_page_size(mut self, page_size: usize) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE);
        self
    }

    /// Requests in flight at once (pages of one search, or independent calls).
    pub fn with_concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self.permits = Arc::new(Semaphore::new(self.concurrency));
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

    pub(crate) fn api_url(&self, path: &str) -> Result<Url, WorkfrontError> {
        self.api.join(path).map_err(|e| WorkfrontError::Malformed { detail: format!("bad path: {e}") })
    }

    pub(crate) fn instance_url(&self, path: &str) -> Result<Url, WorkfrontError> {
        self.instance.join(path).map_err(|e| WorkfrontError::Malformed { detail: format!("bad path: {e}") })
    }

    pub(crate) async fn permit(&self) -> tokio::sync::SemaphorePermit<'_> {
        self.permits.acquire().await.expect("semaphore never closed")
    }

    pub(crate) fn auth_headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let mut secret = |name: &'static str, value: &str| {
            if let Ok(mut v) = HeaderValue::from_str(value) {
                v.set_sensitive(true);
                headers.insert(name, v);
            }
        };
        match &self.auth {
            WorkfrontAuth::ApiKey(key) => secret("apikey", key.expose_secret()),
            WorkfrontAuth::Session(id) => secret("sessionid", id.expose_secret()),
            WorkfrontAuth::Ims { token, org_id } => {
                secret("authorization", &format!("Bearer {}", token.expose_secret()));
                if let Ok(v) = HeaderValue::from_str(org_id) {
                    headers.insert("x-gw-ims-org-id", v);
                }
            }
        }
        headers
    }

    pub(crate) fn transport(&self, e: TransportError) -> WorkfrontError {
        WorkfrontError::Transport { host: self.host(), detail: e.detail }
    }

    /// Send one request and unwrap the `{"data": ...}` envelope. `body` is the JSON `updates`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
        plan: Plan,
    ) -> Result<Value, WorkfrontError> {
        let url = self.api_url(path)?;
        let _permit = self.permit().await;
        let reply = self
            .sender
            .send(plan, || {
                let mut rb =
                    self.sender.http.request(method.clone(), url.clone()).headers(self.auth_headers()).query(query);
                if let Some(body) = body {
                    rb = rb.json(body);
                }
                rb
            })
            .await
            .map_err(|e| self.transport(e))?;
        decode_reply(&reply)
    }

    pub async fn get<T: DeserializeOwned>(&self, obj: &str, id: &str, fields: &str) -> Result<T, WorkfrontError> {
        let data =
            self.call(Method::GET, &format!("{obj}/{id}"), &[("fields", fields.into())], None, Plan::READ).await?;
        parse(data)
    }

    /// One page of a search.
    pub async fn search_page<T: DeserializeOwned>(
        &self,
        obj: &str,
        filters: &[(&str, String)],
        fields: &str,
        first: usize,
        limit: usize,
    ) -> Result<Vec<T>, WorkfrontError> {
        let mut query: Vec<(&str, String)> = filters.to_vec();
        query.push(("fields", fields.to_owned()));
        query.push(("$$FIRST", first.to_string()));
        query.push(("$$LIMIT", limit.to_string()));
        // Without a sort, pages can repeat or skip rows (Adobe's own troubleshooting page).
        query.push(("ID_Sort", "asc".into()));
        let data = self.call(Method::GET, &format!("{obj}/search"), &query, None, Plan::READ).await?;
        parse(data)
    }

    pub async fn count(&self, obj: &str, filters: &[(&str, String)]) -> Result<usize, WorkfrontError> {
        let data = self.call(Method::GET, &format!("{obj}/count"), filters, None, Plan::READ).await?;
        data.get("count")
            .and_then(Value::as_u64)
            .map(|n| n as usize)
            .ok_or_else(|| WorkfrontError::Malformed { detail: "count without a number".into() })
    }

    /// Every result of a search. The first page and the count go out together; when there is
    /// more than one page, the rest are fetched concurrently (in order) under the cap.
    pub async fn search_all<T: DeserializeOwned>(
        &self,
        obj: &str,
        filters: &[(&str, String)],
        fields: &str,
    ) -> Result<Vec<T>, WorkfrontError> {
        let size = self.page_size;
        let (first, total) =
            futures::try_join!(self.search_page::<T>(obj, filters, fields, 0, size), self.count(obj, filters))?;
        if first.len() < size || total <= size {
            return Ok(first);
        }
        if total.div_ceil(size) > MAX_PAGES {
            return Err(WorkfrontError::Malformed { detail: format!("a count of {total} results") });
        }
        let starts: Vec<usize> = (1..total.div_ceil(size)).map(|p| p * size).collect();
        // Futures collected first: a stream of closures that borrow would not be `Send`.
        let pending: Vec<_> =
            starts.into_iter().map(|start| self.search_page::<T>(obj, filters, fields, start, size)).collect();
        let rest: Vec<Vec<T>> = stream::iter(pending).buffered(self.concurrency).try_collect().await?;
        let mut all = first;
        all.extend(rest.into_iter().flatten());
        Ok(all)
    }

    /// Create an object. Not retried once it may have reached the server: callers look first.
    pub async fn create<T: DeserializeOwned>(
        &self,
        obj: &str,
        updates: &Value,
        fields: &str,
    ) -> Result<T, WorkfrontError> {
        let data = self.call(Method::POST, obj, &[("fields", fields.into())], Some(updates), Plan::CREATE).await?;
        parse(data)
    }

    /// Create an object that `probe` (search filters) identifies uniquely, such as a form or a
    /// field by name: when the answer to a create is lost (a reset, a 5xx that may hide a
    /// create), look with `probe` and return what is there before creating again. Never
    /// creates twice. `attempts` bounds the creates.
    pub async fn create_or_find<T: DeserializeOwned>(
        &self,
        obj: &str,
        updates: &Value,
        fields: &str,
        probe: &[(&str, String)],
        attempts: u32,
    ) -> Result<T, WorkfrontError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.create(obj, updates, fields).await {
                Ok(created) => return Ok(created),
                Err(e) if e.is_transient() => {
                    let mut found: Vec<T> = self.search_page(obj, probe, fields, 0, 2).await?;
                    if found.len() == 1 {
                        return Ok(found.remove(0));
                    }
                    if attempt >= attempts.max(1) || !found.is_empty() {
                        return Err(e);
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Create an object whose name need not be unique (a task, a project, a document): the
    /// objects matching `probe` are listed first, and when the answer to the create is lost the
    /// list is read again. One new match is the object created; none means nothing landed
    /// and the create is tried again (up to `attempts`); more than one is reported, not guessed.
    pub async fn create_new<T: DeserializeOwned>(
        &self,
        obj: &str,
        updates: &Value,
        fields: &str,
        probe: &[(&str, String)],
        attempts: u32,
    ) -> Result<T, WorkfrontError> {
        #[derive(serde::Deserialize)]
        struct Id {
            #[serde(rename = "ID")]
            id: String,
        }
        let before: Vec<Id> = self.search_all(obj, probe, "ID").await?;
        let before: std::collections::HashSet<String> = before.into_iter().map(|i| i.id).collect();
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.create(obj, updates, fields).await {
                Ok(created) => return Ok(created),
                Err(e) if e.is_transient() => {
                    let now: Vec<Value> = self.search_all(obj, probe, fields).await?;
                    let mut new: Vec<Value> = now
                        .into_iter()
                        .filter(|v| v.get("ID").and_then(Value::as_str).is_some_and(|id| !before.contains(id)))
                        .collect();
                    match new.len() {
                        0 if attempt < attempts.max(1) => {}
                        1 => return parse(new.remove(0)),
                        _ => return Err(e),
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Edit fields of an object (setting fields is idempotent).
    pub async fn edit<T: DeserializeOwned>(
        &self,
        obj: &str,
        id: &str,
        updates: &Value,
        fields: &str,
    ) -> Result<T, WorkfrontError> {
        let data = self
            .call(Method::PUT, &format!("{obj}/{id}"), &[("fields", fields.into())], Some(updates), Plan::WRITE)
            .await?;
        parse(data)
    }

    pub async fn delete(&self, obj: &str, id: &str, force: bool) -> Result<(), WorkfrontError> {
        let query: Vec<(&str, String)> = if force { vec![("force", "true".into())] } else { Vec::new() };
        self.call(Method::DELETE, &format!("{obj}/{id}"), &query, None, Plan::WRITE).await.map(|_| ())
    }

    /// An action (`PUT /<obj>/<id>?action=<name>&...`). Actions may create things (an assignment),
    /// so they are not retried once sent.
    pub async fn action(
        &self,
        obj: &str,
        id: &str,
        action: &str,
        args: &[(&str, String)],
    ) -> Result<Value, WorkfrontError> {
        let mut query: Vec<(&str, String)> = vec![("action", action.into())];
        query.extend_from_slice(args);
        self.call(Method::PUT, &format!("{obj}/{id}"), &query, None, Plan::CREATE).await
    }

    /// An action on the object type (`PUT /<obj>?action=<name>`), e.g. `CTGY assignCategories`.
    pub async fn type_action(&self, obj: &str, action: &str, args: &[(&str, String)]) -> Result<Value, WorkfrontError> {
        let mut query: Vec<(&str, String)> = vec![("action", action.into())];
        query.extend_from_slice(args);
        self.call(Method::PUT, obj, &query, None, Plan::CREATE).await
    }

    /// Edit many objects, 100 per request.
    pub async fn bulk_edit(&self, obj: &str, updates: &[Value]) -> Result<(), WorkfrontError> {
        for chunk in updates.chunks(MAX_BULK) {
            let body = Value::Array(chunk.to_vec());
            self.call(Method::PUT, obj, &[], Some(&body), Plan::WRITE).await?;
        }
        Ok(())
    }

    /// A named query (`GET /<obj>/<query>?...`).
    pub async fn named_query<T: DeserializeOwned>(
        &self,
        obj: &str,
        query_name: &str,
        args: &[(&str, String)],
    ) -> Result<T, WorkfrontError> {
        let data = self.call(Method::GET, &format!("{obj}/{query_name}"), args, None, Plan::READ).await?;
        parse(data)
    }

    /// Every group, with its custom-form values (where the Frame.io connection lives).
    pub async fn groups(&self) -> Result<Vec<Group>, WorkfrontError> {
        self.search_all("group", &[], Group::FIELDS).await
    }

    /// The project statuses available in a group: system ones and the group's custom ones.
    pub async fn project_group_statuses(&self, group_id: &str) -> Result<Vec<Status>, WorkfrontError> {
        self.named_query("CSTEM", "projectGroupStatuses", &[("groupID", group_id.to_owned())]).await
    }
}

pub(crate) fn parse<T: DeserializeOwned>(data: Value) -> Result<T, WorkfrontError> {
    serde_json::from_value(data)
        .map_err(|e| WorkfrontError::Malformed { detail: http::clip(&e.to_string(), http::MAX_DETAIL) })
}

pub(crate) fn decode_reply(reply: &Reply) -> Result<Value, WorkfrontError> {
    decode(reply.status, &reply.body)
}

/// Turn a Workfront response into `data` or a typed error.
pub fn decode(status: u16, body: &[u8]) -> Result<Value, WorkfrontError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| WorkfrontError::Malformed {
        detail: if (200..300).contains(&status) {
            format!("not JSON: {e}")
        } else {
            format!("HTTP {status} without a JSON body")
        },
    })?;
    if let Some(err) = value.get("error") {
        let class = err.get("class").and_then(Value::as_str).unwrap_or_default();
        let class = http::clip(class, http::MAX_DETAIL);
        let message = err.get("message").and_then(Value::as_str).unwrap_or("unknown error").trim();
        let message = http::clip(message, http::MAX_DETAIL);
        if status == 401 || class.ends_with("AuthenticationException") {
            return Err(WorkfrontError::Auth { message });
        }
        if status == 403 {
            return Err(WorkfrontError::Forbidden { message });
        }
        return Err(WorkfrontError::Api { status, class, message });
    }
    if !(200..300).contains(&status) {
        return Err(WorkfrontError::Api { status, class: String::new(), message: format!("HTTP {status}") });
    }
    value.get("data").cloned().ok_or_else(|| WorkfrontError::Malformed { detail: "no data in the response".into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_envelopes() {
        assert_eq!(decode(200, br#"{"data":{"count":3}}"#).unwrap()["count"], 3);
        let err = decode(401, br#"{"error":{"class":"com.attask.common.AuthenticationException","message":"nope"}}"#);
        assert!(matches!(err, Err(WorkfrontError::Auth { .. })));
        let err = decode(403, br#"{"error":{"class":"com.attask.common.NoAccessException","message":"no"}}"#);
        assert!(matches!(err, Err(WorkfrontError::Forbidden { .. })));
        let err = decode(200, br#"{"error":{"class":"java.lang.IllegalArgumentException","message":"bad"}}"#);
        assert!(matches!(err, Err(WorkfrontError::Api { status: 200, .. })));
        assert!(matches!(decode(502, b"<html>"), Err(WorkfrontError::Malformed { .. })));
        assert!(matches!(decode(200, b"{\"nodata\":1}"), Err(WorkfrontError::Malformed { .. })));
    }

    #[test]
    fn debug_never_prints_secrets() {
        let auth = WorkfrontAuth::ApiKey(SecretString::from("super-secret-key"));
        assert!(!format!("{auth:?}").contains("super-secret"));
        let client = WorkfrontClient::new(&Url::parse("http://127.0.0.1:1").unwrap(), "v21.0", auth).unwrap();
        assert!(!format!("{client:?}").contains("super-secret"));
    }
}
