//! The Frame.io v2 client: bearer developer token, bare-array lists with page headers.

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::error::FrameioError;
use super::model::User;
use crate::http;

#[derive(Clone)]
pub struct FrameioClient {
    http: reqwest::Client,
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
        let api = host.join("v2/").map_err(|e| FrameioError::Malformed { detail: format!("bad URL: {e}") })?;
        let http = http::client_for(&api)
            .map_err(|e| FrameioError::Transport { host: http::host_of(&api), detail: http::describe_transport(&e) })?;
        Ok(Self { http, api, token })
    }

    pub fn host(&self) -> String {
        http::host_of(&self.api)
    }

    async fn call<T: DeserializeOwned>(&self, method: Method, path: &str) -> Result<T, FrameioError> {
        let url = self.api.join(path).map_err(|e| FrameioError::Malformed { detail: format!("bad path: {e}") })?;
        let response = self
            .http
            .request(method.clone(), url)
            .bearer_auth(self.token.expose_secret())
            .send()
            .await
            .map_err(|e| FrameioError::Transport { host: self.host(), detail: http::describe_transport(&e) })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .map(|s| s * 1000);
        let body = response
            .bytes()
            .await
            .map_err(|e| FrameioError::Transport { host: self.host(), detail: http::describe_transport(&e) })?;
        tracing::debug!(%method, path, status, "frameio");
        if !(200..300).contains(&status) {
            return Err(error_for(status, &body, retry_after));
        }
        serde_json::from_slice(&body).map_err(|e| FrameioError::Malformed { detail: e.to_string() })
    }

    /// The token's user: how a developer token is validated.
    pub async fn me(&self) -> Result<User, FrameioError> {
        self.call(Method::GET, "me").await
    }
}

/// Map an error response to a typed error, using the documented `{code, message, errors}` body
/// when present.
pub fn error_for(status: u16, body: &[u8], retry_after_ms: Option<u64>) -> FrameioError {
    let detail = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| {
            v.pointer("/errors/0/detail").or_else(|| v.get("message")).and_then(Value::as_str).map(str::to_owned)
        })
        .unwrap_or_else(|| format!("HTTP {status}"));
    match status {
        401 => FrameioError::Unauthorized { detail },
        403 => FrameioError::Forbidden { detail },
        404 => FrameioError::NotFound { detail },
        429 => FrameioError::RateLimited { retry_after_ms },
        _ => FrameioError::Api { status, detail },
    }
}
