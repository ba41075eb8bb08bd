//! The Workfront REST client: credentials in headers (never in the URL), the documented
//! envelopes, and searches that page through every result.

use futures::{StreamExt, TryStreamExt, stream};
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::error::WorkfrontError;
use super::model::Group;
use crate::http;

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

#[derive(Debug, Clone)]
pub struct WorkfrontClient {
    http: reqwest::Client,
    /// e.g. `https://acme.my.workfront.adobe.com/attask/api/v21.0/`
    api: Url,
    auth: WorkfrontAuth,
    page_size: usize,
    /// Pages fetched at once; Workfront limits concurrent API threads per customer.
    concurrency: usize,
}

impl WorkfrontClient {
    /// `instance` is the instance root (`https://acme.my.workfront.adobe.com`), `version` e.g. `v21.0`.
    pub fn new(instance: &Url, version: &str, auth: WorkfrontAuth) -> Result<Self, WorkfrontError> {
        let api = instance
            .join(&format!("attask/api/{version}/"))
            .map_err(|e| WorkfrontError::Malformed { detail: format!("bad instance URL: {e}") })?;
        let http = http::client_for(&api).map_err(|e| WorkfrontError::Transport {
            host: http::host_of(&api),
            detail: http::describe_transport(&e),
        })?;
        Ok(Self { http, api, auth, page_size: MAX_PAGE, concurrency: 4 })
    }

    /// Smaller pages, for tests and benchmarks that exercise paging.
    pub fn with_page_size(mut self, page_size: usize) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE);
        self
    }

    pub fn with_concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    pub fn host(&self) -> String {
        http::host_of(&self.api)
    }

    fn auth_headers(&self) -> HeaderMap {
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

    /// Send one request and unwrap the `{"data": ...}` envelope.
    pub async fn call(&self, method: Method, path: &str, query: &[(&str, String)]) -> Result<Value, WorkfrontError> {
        let url = self.api.join(path).map_err(|e| WorkfrontError::Malformed { detail: format!("bad path: {e}") })?;
        let started = std::time::Instant::now();
        let response = self
            .http
            .request(method.clone(), url)
            .headers(self.auth_headers())
            .query(query)
            .send()
            .await
            .map_err(|e| self.transport(&e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| self.transport(&e))?;
        tracing::debug!(%method, path, status = status.as_u16(), ms = started.elapsed().as_millis() as u64, "workfront");
        decode(status.as_u16(), &body)
    }

    fn transport(&self, e: &reqwest::Error) -> WorkfrontError {
        WorkfrontError::Transport { host: self.host(), detail: http::describe_transport(e) }
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
        let data = self.call(Method::GET, &format!("{obj}/search"), &query).await?;
        serde_json::from_value(data).map_err(|e| WorkfrontError::Malformed { detail: e.to_string() })
    }

    pub async fn count(&self, obj: &str, filters: &[(&str, String)]) -> Result<usize, WorkfrontError> {
        let data = self.call(Method::GET, &format!("{obj}/count"), filters).await?;
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
        let starts: Vec<usize> = (1..total.div_ceil(size)).map(|p| p * size).collect();
        let rest: Vec<Vec<T>> = stream::iter(starts)
            .map(|start| self.search_page::<T>(obj, filters, fields, start, size))
            .buffered(self.concurrency)
            .try_collect()
            .await?;
        let mut all = first;
        all.extend(rest.into_iter().flatten());
        Ok(all)
    }

    /// Every group, with its custom-form values (where the Frame.io connection lives).
    pub async fn groups(&self) -> Result<Vec<Group>, WorkfrontError> {
        self.search_all("group", &[], "ID,name,description,parameterValues").await
    }
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
        let class = err.get("class").and_then(Value::as_str).unwrap_or_default().to_owned();
        let message = err.get("message").and_then(Value::as_str).unwrap_or("unknown error").trim().to_owned();
        if status == 401 || class.ends_with("AuthenticationException") {
            return Err(WorkfrontError::Auth { message });
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
        let err = decode(200, br#"{"error":{"class":"java.lang.IllegalArgumentException","message":"bad"}}"#);
        assert!(matches!(err, Err(WorkfrontError::Api { status: 200, .. })));
        assert!(matches!(decode(502, b"<html>"), Err(WorkfrontError::Malformed { .. })));
    }

    #[test]
    fn debug_never_prints_secrets() {
        let auth = WorkfrontAuth::ApiKey(SecretString::from("super-secret-key"));
        assert!(!format!("{auth:?}").contains("super-secret"));
    }
}
