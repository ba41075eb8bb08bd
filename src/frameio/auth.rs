//! How wfio signs its Frame.io V4 requests: one of the three credentials V4 accepts for a CLI
//! (frameio-v4-notes §1, §2), behind one `TokenSource` that every client of the same sign-in
//! shares, so a refresh happens once however many requests are in flight.
//!
//! - `DeveloperToken`: a legacy `fio-u-…` token, for V4 accounts auto-migrated and not on the
//!   Adobe Admin Console. Sent as `Authorization: Bearer` with `x-frameio-legacy-token-auth: true`.
//! - `User`: Adobe IMS authorization code (+ PKCE) sign-in ("Sign in with Adobe"); the access token
//!   is refreshed with the refresh token before it expires and once after a 401.
//! - `ServerToServer`: IMS client credentials (`openid AdobeID frame.s2s.all`); a new access token
//!   is minted before the old one expires and once after a 401.
//!
//! A refresh that returns new tokens hands them to `persist` **before** they are used, so a crash
//! after a refresh never leaves the only valid (rotated) refresh token in memory.

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};

use super::FrameioCredential;
use super::error::FrameioError;
use super::renewal::{CredentialStore, Issuer, Latest, Persist, PersistOnly, StoreGuard};
use crate::http::{HttpOptions, retry::RetryPolicy};
use crate::ims::{ImsClient, TokenSet};

/// A token handed out is valid for at least this much longer (the SDK's buffer).
pub const MARGIN: SignedDuration = SignedDuration::from_secs(60);

/// The header that lets a legacy developer token through on `/v4`.
pub const LEGACY_HEADER: &str = "x-frameio-legacy-token-auth";

/// Which of the three ways a credential signs in (for messages, `auth status`, the token screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialKind {
    DeveloperToken,
    User,
    ServerToServer,
}

impl CredentialKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::DeveloperToken => "developer token",
            Self::User => "Adobe sign-in",
            Self::ServerToServer => "server-to-server",
        }
    }
}

/// What to put on one request (`Debug` masks the token).
#[derive(Clone, Debug)]
pub struct Authorization {
    /// The bearer token (without `Bearer `).
    pub bearer: SecretString,
    /// `x-frameio-legacy-token-auth: true` is needed.
    pub legacy: bool,
}

/// The credential a `TokenSource` signs with, and its current tokens.
enum State {
    /// A legacy developer token: static, never refreshed.
    DeveloperToken(SecretString),
    /// A person's sign-in or a server-to-server client: renewed before expiry.
    Ims(Box<Ims>),
}

struct Ims {
    /// The source of truth: what `credential()` returns and what is stored.
    credential: FrameioCredential,
    issuer: Arc<dyn Issuer>,
    store: Arc<dyn CredentialStore>,
    /// New tokens that could not be saved: saved before anything is handed out.
    unsaved: bool,
}

/// The source of the `Authorization` of every request made with one sign-in. Cheap to clone;
/// clones share the tokens (and so a refresh).
#[derive(Clone)]
pub struct TokenSource {
    state: Arc<tokio::sync::Mutex<State>>,
    kind: CredentialKind,
    snapshot: Arc<std::sync::Mutex<FrameioCredential>>,
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSource").field("kind", &self.kind).finish_non_exhaustive()
    }
}

impl TokenSource {
    /// A legacy developer token.
    pub fn developer_token(token: SecretString) -> Self {
        let snapshot = FrameioCredential::developer_token(token.clone());
        Self::assemble(State::DeveloperToken(token), snapshot)
    }

    /// A person signed in with `ims`'s client, holding `tokens`; `persist` stores every renewal.
    pub fn user(ims: ImsClient, tokens: TokenSet, persist: Persist) -> Self {
        let credential = FrameioCredential::user(ims.config(), &tokens);
        Self::with_issuer(credential, Arc::new(ims), Arc::new(PersistOnly(persist)))
    }

    /// A server-to-server client (`ims` must have the client secret), with the token it last
    /// minted if any; `persist` stores every new token.
    pub fn server_to_server(ims: ImsClient, tokens: Option<TokenSet>, persist: Persist) -> Result<Self, FrameioError> {
        let credential = FrameioCredential::server_to_server(ims.config(), tokens.as_ref())
            .map_err(|detail| FrameioError::Local { detail })?;
        Ok(Self::with_issuer(credential, Arc::new(ims), Arc::new(PersistOnly(persist))))
    }

    /// A stored credential of any kind, renewed through Adobe IMS and kept in `store`.
    pub fn from_credential(
        credential: FrameioCredential,
        options: &HttpOptions,
        retry: RetryPolicy,
        store: Arc<dyn CredentialStore>,
    ) -> Result<Self, FrameioError> {
        if let FrameioCredential::DeveloperToken { token } = &credential {
            return Ok(Self::developer_token(token.clone()));
        }
        let config = credential.ims_config().unwrap_or_else(|| Err("no IMS settings".into()));
        let config = config.map_err(|detail| FrameioError::Local { detail })?;
        let ims = ImsClient::new(config, options)?.with_retry(retry);
        Ok(Self::with_issuer(credential, Arc::new(ims), store))
    }

    /// An IMS credential renewed by `issuer` (a seam for tests; `ImsClient` in wfio).
    pub fn with_issuer(
        credential: FrameioCredential,
        issuer: Arc<dyn Issuer>,
        store: Arc<dyn CredentialStore>,
    ) -> Self {
        let snapshot = credential.clone();
        Self::assemble(State::Ims(Box::new(Ims { credential, issuer, store, unsaved: false })), snapshot)
    }

    fn assemble(state: State, snapshot: FrameioCredential) -> Self {
        Self {
            kind: snapshot.kind(),
            state: Arc::new(tokio::sync::Mutex::new(state)),
            snapshot: Arc::new(std::sync::Mutex::new(snapshot)),
        }
    }

    pub fn kind(&self) -> CredentialKind {
        self.kind
    }

    /// Whether `other` shares this source's tokens (is a clone of it).
    pub fn same_as(&self, other: &TokenSource) -> bool {
        Arc::ptr_eq(&self.state, &other.state)
    }

    /// The credential as it is now (to store after a sign-in, or to show masked).
    pub fn credential(&self) -> FrameioCredential {
        self.snapshot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    fn publish(&self, credential: &FrameioCredential) {
        *self.snapshot.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = credential.clone();
    }

    /// What to send on the next request: a token valid for at least a minute more (refreshed
    /// or minted first when needed, and stored before it is handed out).
    pub async fn authorization(&self) -> Result<Authorization, FrameioError> {
        match &mut *self.state.lock().await {
            State::DeveloperToken(t) => Ok(Authorization { bearer: t.clone(), legacy: true }),
            State::Ims(ims) => {
                let result = ims.ensure(None).await;
                self.publish(&ims.credential);
                Ok(Authorization { bearer: result?, legacy: false })
            }
        }
    }

    /// Frame.io answered 401 to a request signed with `rejected`: get a new token once (unless
    /// another request already did). `Ok(true)`: send again; `Ok(false)`: nothing new to try.
    pub async fn refresh_after_unauthorized(&self, rejected: &SecretString) -> Result<bool, FrameioError> {
        match &mut *self.state.lock().await {
            State::DeveloperToken(_) => Ok(false),
            State::Ims(ims) => {
                let current = ims.credential.bearer().map(|b| b.expose_secret() == rejected.expose_secret());
                if current != Some(true) {
                    return Ok(true);
                }
                let result = ims.ensure(Some(rejected)).await;
                self.publish(&ims.credential);
                result.map(|_| true)
            }
        }
    }
}

impl Ims {
    /// The current access token, if valid for `MARGIN` more and not the one Frame.io refused.
    fn usable(&self, rejected: Option<&SecretString>) -> Option<SecretString> {
        let tokens = self.credential.token_set()?;
        let refused = rejected.is_some_and(|r| r.expose_secret() == tokens.access_token.expose_secret());
        (tokens.valid_for(Timestamp::now(), MARGIN) && !refused).then_some(tokens.access_token)
    }

    async fn ensure(&mut self, rejected: Option<&SecretString>) -> Result<SecretString, FrameioError> {
        if self.unsaved {
            let mut guard = self.lock().await?;
            guard.save(&self.credential).map_err(not_saved)?;
            self.unsaved = false;
        }
        if let Some(token) = self.usable(rejected) {
            return Ok(token);
        }
        let mut guard = self.lock().await?;
        // Another process may have renewed (and rotated the refresh token) meanwhile.
        self.adopt(guard.latest())?;
        if let Some(token) = self.usable(rejected) {
            return Ok(token);
        }
        let fresh = self.issue().await?;
        self.credential = self.credential.with_tokens(&fresh);
        self.unsaved = true;
        guard.save(&self.credential).map_err(not_saved)?;
        self.unsaved = false;
        Ok(fresh.access_token)
    }

    async fn lock(&self) -> Result<Box<dyn StoreGuard>, FrameioError> {
        let store = self.store.clone();
        let local = |detail: String| FrameioError::Local { detail };
        tokio::task::spawn_blocking(move || store.lock())
            .await
            .map_err(|e| local(format!("The stored Frame.io sign-in could not be locked: {e}")))?
            .map_err(|e| local(format!("The stored Frame.io sign-in could not be locked: {e}")))
    }

    fn adopt(&mut self, latest: Latest) -> Result<(), FrameioError> {
        let stored = match latest {
            Latest::Untracked => return Ok(()),
            Latest::Removed => {
                return Err(FrameioError::SignInExpired {
                    detail: "it was removed from the credentials file, by signing out or another sign-in".into(),
                });
            }
            Latest::Stored(c) => c,
        };
        if stored.kind() != self.credential.kind() {
            return Err(FrameioError::SignInExpired {
                detail: format!("the stored credential is now a {}", stored.kind().label()),
            });
        }
        let config = stored.ims_config().ok_or_else(|| FrameioError::Local { detail: "no IMS settings".into() })?;
        let config = config.map_err(|detail| FrameioError::Local { detail })?;
        let current = self.issuer.config();
        if config.client_id != current.client_id || config.base != current.base {
            self.issuer = self.issuer.reconfigured(config)?;
        }
        self.credential = stored;
        Ok(())
    }

    /// New tokens from IMS: a refresh for a person, a new token for server-to-server.
    async fn issue(&self) -> Result<TokenSet, FrameioError> {
        match &self.credential {
            FrameioCredential::User { refresh_token: Some(rt), .. } => {
                let previous = self.credential.token_set();
                let fresh = self.issuer.refresh(rt).await?;
                Ok(match &previous {
                    Some(p) => fresh.keeping_refresh_of(p),
                    None => fresh,
                })
            }
            FrameioCredential::User { refresh_token: None, .. } => Err(FrameioError::SignInExpired {
                detail: "the access token expired and IMS gave no refresh token (the client lacks offline_access)"
                    .into(),
            }),
            FrameioCredential::ServerToServer { .. } => self.issuer.mint().await,
            FrameioCredential::DeveloperToken { .. } => {
                Err(FrameioError::Local { detail: "a developer token is not renewed".into() })
            }
        }
    }
}

fn not_saved(e: String) -> FrameioError {
    FrameioError::Local {
        detail: format!(
            "Adobe IMS issued new Frame.io tokens, but they could not be saved ({e}); wfio uses no token it could not save. Fix that and try again."
        ),
    }
}

#[cfg(test)]
#[path = "auth_tests.rs"]
mod tests;
