//! The IMS token endpoint (`POST {base}/ims/token/v3`, a form) and `POST {base}/ims/revoke`.
//!
//! What is sent follows the `frameio` 4.0.0 SDK: `client_id` in the body always, and a
//! confidential client's `client_secret` in the body too. Retries are those of the rest of wfio
//! (`http::Sender`), except that a code exchange is sent as a create: a code is single use, so it
//! is sent again only when the first attempt certainly never arrived. IMS errors
//! (`{"error","error_description"}`) become: `invalid_grant`/`invalid_token` → `SignInExpired`
//! (a person must sign in again), `invalid_client`/`unauthorized_client` → `ClientRefused`,
//! anything else → `Ims { status }`. Bodies are never logged or put into errors, except IMS's own
//! `error_description`.

use jiff::{SignedDuration, Timestamp};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{ImsConfig, PendingLogin, SERVICE};
use crate::frameio::FrameioError;
use crate::http::{self, HttpOptions, Notify, Plan, Reply, Sender, pace::Pacer, retry::RetryPolicy};

/// Assumed when IMS sends no `expires_in` (as the SDK does).
pub const DEFAULT_EXPIRES_IN: i64 = 86_400;
/// The documented lifetime of a refresh token; IMS does not say it in the response.
pub const REFRESH_LIFETIME: SignedDuration = SignedDuration::from_hours(14 * 24);

/// Tokens from one answer of the token endpoint.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    /// Now + `expires_in` (86,400 s when missing).
    pub expires_at: Timestamp,
    /// Now + 14 days when a refresh token came back.
    pub refresh_expires_at: Option<Timestamp>,
    /// The `email` claim of the `id_token`, when IMS sent one: a label for the sign-in (it is
    /// not verified and grants nothing).
    pub email: Option<String>,
}

impl TokenSet {
    /// The access token is good until at least `now + margin`.
    pub fn valid_for(&self, now: Timestamp, margin: SignedDuration) -> bool {
        self.expires_at > now.saturating_add(margin).unwrap_or(now)
    }

    /// A refresh that returned no new refresh token keeps the previous one (and its expiry).
    pub fn keeping_refresh_of(mut self, previous: &TokenSet) -> Self {
        if self.refresh_token.is_none() {
            self.refresh_token = previous.refresh_token.clone();
            self.refresh_expires_at = previous.refresh_expires_at;
        }
        self.email = self.email.or_else(|| previous.email.clone());
        self
    }
}

#[derive(Deserialize)]
struct Wire {
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    id_token: Option<String>,
}

#[derive(Deserialize)]
struct WireError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// An Adobe IMS client for one `ImsConfig`.
#[derive(Clone, Debug)]
pub struct ImsClient {
    config: ImsConfig,
    sender: Sender,
    options: HttpOptions,
}

impl ImsClient {
    pub fn new(config: ImsConfig, options: &HttpOptions) -> Result<Self, FrameioError> {
        let http = http::client_with(&config.base, options).map_err(|e| FrameioError::Transport {
            service: SERVICE,
            host: http::host_of(&config.base),
            detail: http::describe_transport(&e),
        })?;
        let sender =
            Sender { http, service: SERVICE, policy: RetryPolicy::from_env(), pacer: Pacer::default(), notify: None };
        Ok(Self { config, sender, options: options.clone() })
    }

    /// The same HTTP settings, retries and notices for another client or IMS.
    pub fn for_config(&self, config: ImsConfig) -> Result<Self, FrameioError> {
        let mut other = Self::new(config, &self.options)?;
        other.sender.policy = self.sender.policy;
        other.sender.notify = self.sender.notify.clone();
        Ok(other)
    }

    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.sender.policy = policy;
        self
    }

    pub fn with_notify(mut self, notify: Notify) -> Self {
        self.sender.notify = Some(notify);
        self
    }

    pub fn config(&self) -> &ImsConfig {
        &self.config
    }

    /// Finish a person's sign-in with the code IMS sent back.
    pub async fn exchange_code(&self, pending: &PendingLogin, code: &str) -> Result<TokenSet, FrameioError> {
        if pending.client_id != self.config.client_id {
            return Err(FrameioError::Local {
                detail: format!(
                    "This sign-in was started for the client {}, not {}; start again with `wfio auth login frameio`.",
                    pending.client_id, self.config.client_id
                ),
            });
        }
        let code = code.trim();
        let form = self.form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("code_verifier", pending.verifier.expose_secret()),
            ("redirect_uri", &pending.redirect_uri),
        ]);
        self.token(Plan::CREATE, form).await
    }

    /// New tokens for a refresh token (`grant_type=refresh_token`).
    pub async fn refresh(&self, refresh_token: &SecretString) -> Result<TokenSet, FrameioError> {
        let form = self.form(&[("grant_type", "refresh_token"), ("refresh_token", refresh_token.expose_secret())]);
        self.token(Plan::WRITE, form).await
    }

    /// A server-to-server access token (`grant_type=client_credentials`).
    pub async fn client_credentials(&self) -> Result<TokenSet, FrameioError> {
        if self.config.client_secret.is_none() {
            return Err(FrameioError::Local {
                detail: format!(
                    "The server-to-server client {} has no client secret: set WFIO_FRAMEIO_CLIENT_SECRET or store it with the sign-in.",
                    self.config.client_id
                ),
            });
        }
        let form = self.form(&[("grant_type", "client_credentials"), ("scope", &self.config.scopes)]);
        self.token(Plan::WRITE, form).await
    }

    /// Revoke an access or refresh token. A confidential client authenticates with HTTP Basic,
    /// a public one names itself with `?client_id=` (as the SDK does).
    pub async fn revoke(&self, token: &SecretString) -> Result<(), FrameioError> {
        let mut url = self.config.endpoint("revoke");
        let basic = match &self.config.client_secret {
            Some(secret) => {
                use base64::Engine;
                let pair = format!("{}:{}", self.config.client_id, secret.expose_secret());
                let mut value = HeaderValue::from_str(&format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair.as_bytes())
                ))
                .map_err(|_| FrameioError::Local {
                    detail: "The client ID or secret has characters a header cannot carry.".into(),
                })?;
                value.set_sensitive(true);
                Some(value)
            }
            None => {
                url.query_pairs_mut().append_pair("client_id", &self.config.client_id);
                None
            }
        };
        let body: String =
            url::form_urlencoded::Serializer::new(String::new()).append_pair("token", token.expose_secret()).finish();
        let reply = self
            .sender
            .send(Plan::WRITE, || {
                let mut request = self.sender.http.post(url.clone()).header(CONTENT_TYPE, FORM).body(body.clone());
                if let Some(b) = &basic {
                    request = request.header(AUTHORIZATION, b.clone());
                }
                request
            })
            .await
            .map_err(|e| self.transport(e))?;
        if (200..300).contains(&reply.status) { Ok(()) } else { Err(self.refused(&reply)) }
    }

    /// The body of a token request: `pairs`, then the client's ID (and secret).
    fn form(&self, pairs: &[(&str, &str)]) -> String {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.extend_pairs(pairs.iter().copied());
        form.append_pair("client_id", &self.config.client_id);
        if let Some(secret) = &self.config.client_secret {
            form.append_pair("client_secret", secret.expose_secret());
        }
        form.finish()
    }

    async fn token(&self, plan: Plan, form: String) -> Result<TokenSet, FrameioError> {
        let url = self.config.endpoint("token/v3");
        let reply = self
            .sender
            .send(plan, || {
                self.sender
                    .http
                    .post(url.clone())
                    .header(CONTENT_TYPE, FORM)
                    .header(ACCEPT, "application/json")
                    .body(form.clone())
            })
            .await
            .map_err(|e| self.transport(e))?;
        if !(200..300).contains(&reply.status) {
            return Err(self.refused(&reply));
        }
        parse_tokens(&reply.body, Timestamp::now())
    }

    fn transport(&self, e: http::TransportError) -> FrameioError {
        FrameioError::Transport { service: SERVICE, host: http::host_of(&self.config.base), detail: e.detail }
    }

    fn refused(&self, reply: &Reply) -> FrameioError {
        refused(reply.status, &reply.body, &self.config.client_id)
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

/// A token answer, read at `now`.
pub(crate) fn parse_tokens(body: &[u8], now: Timestamp) -> Result<TokenSet, FrameioError> {
    let malformed = |what: &str| FrameioError::Malformed { detail: format!("Adobe IMS token answer: {what}") };
    let wire: Wire = serde_json::from_slice(body).map_err(|_| malformed("not a JSON object"))?;
    let access = wire.access_token.filter(|t| !t.is_empty()).ok_or_else(|| malformed("no access_token"))?;
    let expires_in =
        wire.expires_in.and_then(|v| v.as_f64()).filter(|s| *s > 0.0).map_or(DEFAULT_EXPIRES_IN, |s| s as i64);
    let refresh_token = wire.refresh_token.filter(|t| !t.is_empty()).map(SecretString::from);
    Ok(TokenSet {
        access_token: SecretString::from(access),
        refresh_expires_at: refresh_token.as_ref().map(|_| now.saturating_add(REFRESH_LIFETIME).unwrap_or(now)),
        refresh_token,
        expires_at: now.saturating_add(SignedDuration::from_secs(expires_in)).unwrap_or(now),
        email: wire.id_token.as_deref().and_then(email_claim),
    })
}

/// The `email` claim of a JWT's payload (not verified: a label only).
fn email_claim(jwt: &str) -> Option<String> {
    use base64::Engine;
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("email")?.as_str().filter(|e| e.contains('@')).map(str::to_owned)
}

/// What an IMS error answer means for wfio.
pub(crate) fn refused(status: u16, body: &[u8], client_id: &str) -> FrameioError {
    let Ok(e) = serde_json::from_slice::<WireError>(body) else {
        let detail = if status >= 500 {
            "the service failed".to_owned()
        } else {
            "an answer that is not an IMS error".to_owned()
        };
        return FrameioError::Ims { status, detail };
    };
    let description = e.error_description.filter(|d| !d.trim().is_empty());
    let detail = http::clip(
        &match &description {
            Some(d) => format!("{}: {d}", e.error),
            None => e.error.clone(),
        },
        http::MAX_DETAIL,
    );
    match e.error.as_str() {
        "invalid_grant" | "invalid_token" => FrameioError::SignInExpired { detail: format!("Adobe IMS: {detail}") },
        "invalid_client" | "unauthorized_client" => {
            FrameioError::ClientRefused { client_id: client_id.to_owned(), detail }
        }
        _ => FrameioError::Ims { status, detail },
    }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
