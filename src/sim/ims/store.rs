//! The simulated IMS's data: the seed's organisations, users and OAuth clients, plus every
//! authorization code, access token and refresh token it has issued (world state: persisted
//! with `--state`, so tokens survive a restart).
//!
//! Times are wall-clock Unix milliseconds (not `Instant`s), so an expiry means the same after a
//! restart. Lifetimes come from [`ImsConfig`] (a `SimOptions` field, `--ims-token-ttl`, and
//! `PUT /_sim/ims`), not from the seed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Token lifetimes. Defaults: access tokens 24 h (DEVCON: "24 hours by default"), refresh
/// tokens 14 days (DEVCON), authorization codes 5 minutes. IMS does not document a code
/// lifetime; OAuth 2.0 (RFC 6749 §4.1.2) recommends at most 10 minutes and Workfront's own
/// codes live 2; 5 minutes is a choice between the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImsConfig {
    pub access_token_ttl_ms: u64,
    pub refresh_token_ttl_ms: u64,
    pub code_ttl_ms: u64,
}

impl Default for ImsConfig {
    fn default() -> Self {
        Self { access_token_ttl_ms: 86_400_000, refresh_token_ttl_ms: 14 * 86_400_000, code_ttl_ms: 300_000 }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// A person who can sign in. A user token acts as the Frame.io user with the same
/// `adobe_user_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImsUser {
    pub adobe_user_id: String,
    pub email: String,
    pub name: String,
    #[serde(default)]
    pub org_id: Option<String>,
}

/// The Developer Console's credential types (DEVCON implementation.md): a Web App is
/// confidential, an SPA or Native App public (PKCE), Server-to-Server uses client credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClientKind {
    Public,
    Confidential,
    S2s,
}

/// What a refresh does to the refresh token it used.
/// - `rotate` (default): a new refresh token comes back; the old one keeps working until it
///   expires (what IMS is observed to do: it returns a refresh token on every refresh, and
///   nothing documents that the old one stops working).
/// - `strict`: a new one comes back and the old one is revoked (reuse → `invalid_grant`).
/// - `none`: the same refresh token comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Rotation {
    #[default]
    Rotate,
    Strict,
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub client_id: String,
    #[serde(rename = "type")]
    pub kind: ClientKind,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    /// The default redirect URI; a requested one that matches neither it nor a pattern falls
    /// back to it (DEVCON).
    #[serde(default)]
    pub redirect_uri: Option<String>,
    /// Regexes, matched against the whole requested redirect URI.
    #[serde(default)]
    pub redirect_uri_patterns: Vec<String>,
    #[serde(default)]
    pub refresh_rotation: Rotation,
    /// S2S: the organisation and the technical account (an `adobe_user_id`) it acts as.
    #[serde(default)]
    pub org_id: Option<String>,
    #[serde(default)]
    pub technical_account_id: Option<String>,
}

/// An authorization code, single use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    pub client_id: String,
    pub adobe_user_id: String,
    /// The redirect URI the code was sent to (after any fallback to the default).
    pub redirect_uri: String,
    pub scope: String,
    pub code_challenge: Option<String>,
    /// `S256` or `plain`.
    pub code_challenge_method: Option<String>,
    pub created_ms: u64,
    pub expires_ms: u64,
    pub used: bool,
}

/// An access or refresh token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub client_id: String,
    /// The user, or the technical account for S2S.
    pub adobe_user_id: String,
    pub scope: String,
    pub created_ms: u64,
    pub expires_ms: u64,
    pub revoked: bool,
    /// Issued by the client-credentials grant.
    #[serde(default)]
    pub s2s: bool,
}

impl Grant {
    pub fn expired(&self, now_ms: u64) -> bool {
        now_ms >= self.expires_ms
    }
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct ImsStore {
    #[serde(default)]
    pub orgs: Vec<Org>,
    #[serde(default)]
    pub users: Vec<ImsUser>,
    #[serde(default)]
    pub clients: Vec<Client>,
    #[serde(default)]
    pub codes: BTreeMap<String, Code>,
    #[serde(default)]
    pub access_tokens: BTreeMap<String, Grant>,
    #[serde(default)]
    pub refresh_tokens: BTreeMap<String, Grant>,
    /// Lifetimes in force; set from `SimOptions::ims` at every start and reset.
    #[serde(default)]
    pub config: ImsConfig,
}

impl ImsStore {
    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.client_id == id)
    }

    pub fn user_by_email(&self, email: &str) -> Option<&ImsUser> {
        self.users.iter().find(|u| u.email.eq_ignore_ascii_case(email))
    }

    pub fn user(&self, adobe_user_id: &str) -> Option<&ImsUser> {
        self.users.iter().find(|u| u.adobe_user_id == adobe_user_id)
    }
}

/// Wall-clock Unix milliseconds.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// `30s`, `5m`, `24h`, `14d`, `1500ms`, or bare seconds, as milliseconds (for `--ims-token-ttl`).
pub fn parse_duration_ms(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num.parse().map_err(|_| format!("{text:?} is not a duration (like 30s, 5m, 24h)"))?;
    let factor = match unit {
        "ms" => 1,
        "" | "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(format!("{text:?}: unknown unit {unit:?} (use ms, s, m, h or d)")),
    };
    match n.checked_mul(factor) {
        Some(0) => Err("a token lifetime must be positive".into()),
        Some(ms) => Ok(ms),
        None => Err(format!("{text:?} is too long")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("30s"), Ok(30_000));
        assert_eq!(parse_duration_ms("45"), Ok(45_000));
        assert_eq!(parse_duration_ms("1500ms"), Ok(1500));
        assert_eq!(parse_duration_ms("24h"), Ok(86_400_000));
        assert!(parse_duration_ms("0s").is_err());
        assert!(parse_duration_ms("3w").is_err());
        assert!(parse_duration_ms("s").is_err());
    }
}
