//! `FrameioCredential`: one stored Frame.io sign-in, of any of the three kinds V4 accepts, as it
//! is kept in the 0600 credentials file (a TOML table tagged with `kind`). Secrets are
//! `SecretString`s: written only by serde into that file (`crate::secret_serde`), masked in
//! `Debug`, and shown elsewhere only as `masked_summary()` (the last four characters).
//!
//! ```toml
//! kind = "user"                                # or "developer-token", "server-to-server"
//! ims_base = "https://ims-na1.adobelogin.com"
//! client_id = "…"
//! access_token = "…"
//! expires_at = "2026-12-03T10:00:00Z"
//! refresh_token = "…"                          # optional
//! refresh_expires_at = "2026-12-16T10:00:00Z"  # optional
//! user_email = "avery.admin@northwind.example" # optional
//! ```

use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;

use super::auth::CredentialKind;
use crate::ims::{ImsConfig, TokenSet};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FrameioCredential {
    /// A legacy `fio-u-…` developer token.
    DeveloperToken {
        #[serde(with = "crate::secret_serde")]
        token: SecretString,
    },
    /// A person's Adobe sign-in.
    User {
        ims_base: String,
        client_id: String,
        /// Web App (confidential) clients only.
        #[serde(default, with = "crate::secret_serde::option", skip_serializing_if = "Option::is_none")]
        client_secret: Option<SecretString>,
        #[serde(with = "crate::secret_serde")]
        access_token: SecretString,
        expires_at: Timestamp,
        #[serde(default, with = "crate::secret_serde::option", skip_serializing_if = "Option::is_none")]
        refresh_token: Option<SecretString>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        refresh_expires_at: Option<Timestamp>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_email: Option<String>,
    },
    /// A server-to-server client and the access token it last minted.
    ServerToServer {
        ims_base: String,
        client_id: String,
        #[serde(with = "crate::secret_serde")]
        client_secret: SecretString,
        #[serde(default, with = "crate::secret_serde::option", skip_serializing_if = "Option::is_none")]
        access_token: Option<SecretString>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires_at: Option<Timestamp>,
    },
}

/// One secret of a credential, masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MaskedSecret {
    pub name: &'static str,
    pub masked: String,
}

/// What `auth status` shows of a credential: nothing that signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialSummary {
    pub kind: CredentialKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// When the access token expires (a developer token does not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_expires_at: Option<Timestamp>,
    pub secrets: Vec<MaskedSecret>,
}

impl std::fmt::Display for CredentialSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let when = |t: &Timestamp| t.strftime("%Y-%m-%d %H:%M UTC").to_string();
        write!(f, "{}", self.kind.label())?;
        if let Some(e) = &self.user_email {
            write!(f, " as {e}")?;
        }
        if let Some(c) = &self.client_id {
            write!(f, " (client {c})")?;
        }
        for (i, s) in self.secrets.iter().enumerate() {
            write!(f, "{} {} {}", if i == 0 { ":" } else { "," }, s.name, s.masked)?;
            match s.name {
                "access token" => self.expires_at.iter().try_for_each(|t| write!(f, " until {}", when(t)))?,
                "refresh token" => {
                    self.refresh_expires_at.iter().try_for_each(|t| write!(f, " until about {}", when(t)))?
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl FrameioCredential {
    pub fn developer_token(token: SecretString) -> Self {
        Self::DeveloperToken { token }
    }

    /// A person's sign-in with `config`'s client, holding `tokens`.
    pub fn user(config: &ImsConfig, tokens: &TokenSet) -> Self {
        Self::User {
            ims_base: config.base.as_str().to_owned(),
            client_id: config.client_id.clone(),
            client_secret: config.client_secret.clone(),
            access_token: tokens.access_token.clone(),
            expires_at: tokens.expires_at,
            refresh_token: tokens.refresh_token.clone(),
            refresh_expires_at: tokens.refresh_expires_at,
            user_email: tokens.email.clone(),
        }
    }

    /// A server-to-server client (its secret is required) and its current token, if any.
    pub fn server_to_server(config: &ImsConfig, tokens: Option<&TokenSet>) -> Result<Self, String> {
        let secret = config
            .client_secret
            .clone()
            .ok_or_else(|| format!("the server-to-server client {} needs its client secret", config.client_id))?;
        Ok(Self::ServerToServer {
            ims_base: config.base.as_str().to_owned(),
            client_id: config.client_id.clone(),
            client_secret: secret,
            access_token: tokens.map(|t| t.access_token.clone()),
            expires_at: tokens.map(|t| t.expires_at),
        })
    }

    /// The same credential against another IMS (the demo's simulator starts on a new port
    /// each run, and what the demo stored must follow it).
    pub fn on_ims(mut self, base: &url::Url) -> Self {
        match &mut self {
            Self::User { ims_base, .. } | Self::ServerToServer { ims_base, .. } => *ims_base = base.as_str().to_owned(),
            Self::DeveloperToken { .. } => {}
        }
        self
    }

    pub fn kind(&self) -> CredentialKind {
        match self {
            Self::DeveloperToken { .. } => CredentialKind::DeveloperToken,
            Self::User { .. } => CredentialKind::User,
            Self::ServerToServer { .. } => CredentialKind::ServerToServer,
        }
    }

    /// Name the person (`wfio auth login` learns it from Frame.io when IMS did not say).
    pub fn with_user_email(mut self, email: Option<String>) -> Self {
        if let (Self::User { user_email, .. }, Some(e)) = (&mut self, email) {
            *user_email = Some(e);
        }
        self
    }

    pub fn client_id(&self) -> Option<&str> {
        match self {
            Self::DeveloperToken { .. } => None,
            Self::User { client_id, .. } | Self::ServerToServer { client_id, .. } => Some(client_id),
        }
    }

    pub fn user_email(&self) -> Option<&str> {
        match self {
            Self::User { user_email, .. } => user_email.as_deref(),
            _ => None,
        }
    }

    /// The token a request would carry now (without refreshing): the developer token, or the
    /// current access token.
    pub fn bearer(&self) -> Option<&SecretString> {
        match self {
            Self::DeveloperToken { token } => Some(token),
            Self::User { access_token, .. } => Some(access_token),
            Self::ServerToServer { access_token, .. } => access_token.as_ref(),
        }
    }

    pub fn expires_at(&self) -> Option<Timestamp> {
        match self {
            Self::DeveloperToken { .. } => None,
            Self::User { expires_at, .. } => Some(*expires_at),
            Self::ServerToServer { expires_at, .. } => *expires_at,
        }
    }

    /// The IMS settings of an IMS credential (`None` for a developer token).
    pub fn ims_config(&self) -> Option<Result<ImsConfig, String>> {
        let parse = |base: &str| {
            Url::parse(base).map_err(|e| format!("the stored Adobe IMS address '{base}' is not a URL: {e}"))
        };
        Some(match self {
            Self::DeveloperToken { .. } => return None,
            Self::User { ims_base, client_id, client_secret, .. } => {
                parse(ims_base).map(|b| ImsConfig::user(b, client_id.clone()).with_secret(client_secret.clone()))
            }
            Self::ServerToServer { ims_base, client_id, client_secret, .. } => {
                parse(ims_base).map(|b| ImsConfig::server_to_server(b, client_id.clone(), client_secret.clone()))
            }
        })
    }

    /// The tokens of an IMS credential, if it has an access token.
    pub fn token_set(&self) -> Option<TokenSet> {
        match self {
            Self::DeveloperToken { .. } => None,
            Self::User { access_token, expires_at, refresh_token, refresh_expires_at, user_email, .. } => {
                Some(TokenSet {
                    access_token: access_token.clone(),
                    refresh_token: refresh_token.clone(),
                    expires_at: *expires_at,
                    refresh_expires_at: *refresh_expires_at,
                    email: user_email.clone(),
                })
            }
            Self::ServerToServer { access_token, expires_at, .. } => Some(TokenSet {
                access_token: access_token.clone()?,
                refresh_token: None,
                expires_at: (*expires_at)?,
                refresh_expires_at: None,
                email: None,
            }),
        }
    }

    /// Whether `other` is the same sign-in (possibly with newer tokens): the same developer
    /// token; the same IMS client and, for a person, the same email or one of the same tokens.
    pub fn same_identity(&self, other: &Self) -> bool {
        let eq = |a: &SecretString, b: &SecretString| a.expose_secret() == b.expose_secret();
        match (self, other) {
            (Self::DeveloperToken { token: a }, Self::DeveloperToken { token: b }) => eq(a, b),
            (
                Self::User { ims_base: b1, client_id: c1, access_token: a1, refresh_token: r1, user_email: e1, .. },
                Self::User { ims_base: b2, client_id: c2, access_token: a2, refresh_token: r2, user_email: e2, .. },
            ) => {
                let email = matches!((e1, e2), (Some(x), Some(y)) if x.eq_ignore_ascii_case(y));
                let refresh = matches!((r1, r2), (Some(x), Some(y)) if eq(x, y));
                same_base(b1, b2) && c1 == c2 && (email || refresh || eq(a1, a2))
            }
            (
                Self::ServerToServer { ims_base: b1, client_id: c1, .. },
                Self::ServerToServer { ims_base: b2, client_id: c2, .. },
            ) => same_base(b1, b2) && c1 == c2,
            _ => false,
        }
    }

    /// The same sign-in holding `tokens` (a developer token has none to replace). A refresh
    /// that returned no refresh token is expected to have kept the old one already
    /// (`TokenSet::keeping_refresh_of`).
    pub fn with_tokens(&self, tokens: &TokenSet) -> Self {
        match self.clone() {
            Self::DeveloperToken { token } => Self::DeveloperToken { token },
            Self::User { ims_base, client_id, client_secret, user_email, .. } => Self::User {
                ims_base,
                client_id,
                client_secret,
                access_token: tokens.access_token.clone(),
                expires_at: tokens.expires_at,
                refresh_token: tokens.refresh_token.clone(),
                refresh_expires_at: tokens.refresh_expires_at,
                user_email: tokens.email.clone().or(user_email),
            },
            Self::ServerToServer { ims_base, client_id, client_secret, .. } => Self::ServerToServer {
                ims_base,
                client_id,
                client_secret,
                access_token: Some(tokens.access_token.clone()),
                expires_at: Some(tokens.expires_at),
            },
        }
    }

    /// Kind, client, expiry, and the last four characters of each secret.
    pub fn masked_summary(&self, unicode: bool) -> CredentialSummary {
        let mask = |name, s: &SecretString| MaskedSecret {
            name,
            masked: crate::credentials::mask(s.expose_secret(), unicode),
        };
        let mut secrets = Vec::new();
        let refresh_expires_at = match self {
            Self::DeveloperToken { token } => {
                secrets.push(mask("token", token));
                None
            }
            Self::User { client_secret, access_token, refresh_token, refresh_expires_at, .. } => {
                secrets.push(mask("access token", access_token));
                secrets.extend(refresh_token.iter().map(|t| mask("refresh token", t)));
                secrets.extend(client_secret.iter().map(|t| mask("client secret", t)));
                *refresh_expires_at
            }
            Self::ServerToServer { client_secret, access_token, .. } => {
                secrets.extend(access_token.iter().map(|t| mask("access token", t)));
                secrets.push(mask("client secret", client_secret));
                None
            }
        };
        CredentialSummary {
            kind: self.kind(),
            client_id: self.client_id().map(str::to_owned),
            user_email: self.user_email().map(str::to_owned),
            expires_at: self.expires_at(),
            refresh_expires_at,
            secrets,
        }
    }
}

fn same_base(a: &str, b: &str) -> bool {
    a.trim_end_matches('/').eq_ignore_ascii_case(b.trim_end_matches('/'))
}

#[cfg(test)]
#[path = "credential_tests.rs"]
mod tests;
