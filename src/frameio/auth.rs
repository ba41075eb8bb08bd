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

use secrecy::SecretString;

use super::error::FrameioError;

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

/// What to put on one request.
#[derive(Clone)]
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
    // `User` and `ServerToServer` (IMS) are added with `crate::ims`: they hold the IMS client
    // settings and the current `TokenSet`, and `authorization` refreshes them before expiry.
}

/// The source of the `Authorization` of every request made with one sign-in. Cheap to clone;
/// clones share the tokens (and so a refresh).
#[derive(Clone)]
pub struct TokenSource {
    state: Arc<tokio::sync::Mutex<State>>,
    kind: CredentialKind,
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSource").field("kind", &self.kind).finish_non_exhaustive()
    }
}

impl TokenSource {
    /// A legacy developer token.
    pub fn developer_token(token: SecretString) -> Self {
        Self {
            state: Arc::new(tokio::sync::Mutex::new(State::DeveloperToken(token))),
            kind: CredentialKind::DeveloperToken,
        }
    }

    pub fn kind(&self) -> CredentialKind {
        self.kind
    }

    /// What to send on the next request: a token valid for at least a minute more (refreshed
    /// or minted first when needed).
    pub async fn authorization(&self) -> Result<Authorization, FrameioError> {
        match &*self.state.lock().await {
            State::DeveloperToken(t) => Ok(Authorization { bearer: t.clone(), legacy: true }),
        }
    }

    /// Frame.io answered 401 to a request signed with `rejected`: get a new token once (unless
    /// another request already did). `Ok(true)`: send again; `Ok(false)`: nothing new to try.
    pub async fn refresh_after_unauthorized(&self, rejected: &SecretString) -> Result<bool, FrameioError> {
        let _ = rejected;
        match &*self.state.lock().await {
            State::DeveloperToken(_) => Ok(false),
        }
    }
}
