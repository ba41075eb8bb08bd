//! A typed client for Adobe IMS, where Frame.io V4 credentials come from (frameio-v4-notes §1).
//!
//! - `pkce`: RFC 7636 S256 verifiers and challenges, and random `state` values.
//! - `login`: the authorization-code sign-in of a person, made for a terminal over SSH: wfio
//!   prints the `/ims/authorize/v2` URL (`begin_login`), the person signs in with any browser, and
//!   pastes back the URL the browser ended on, or just the code (`parse_pasted`). A
//!   `PendingLogin` can be stored between the two steps (it is serialisable; the verifier is a
//!   secret and goes only into the 0600 credentials file).
//! - `callback`: instead of pasting, an optional loopback listener on `127.0.0.1:<port>` for
//!   people who forward that port with `ssh -L`.
//! - `client`: the token endpoint (`/ims/token/v3`: code exchange, refresh, client credentials)
//!   and `/ims/revoke`, with IMS errors mapped to `FrameioError`s that say what to do.
//!
//! Secrets (client secret, verifier, tokens) are `SecretString`s, masked in `Debug`, and never
//! logged: the HTTP layer logs method and path only, and bodies are never part of an error.

pub mod callback;
pub mod client;
pub mod login;
pub mod pkce;

pub use client::{ImsClient, TokenSet};
pub use login::{PendingLogin, begin_login, parse_pasted};

use secrecy::SecretString;
use url::Url;

/// Adobe IMS in production (North America, as every public client uses).
pub const DEFAULT_BASE: &str = "https://ims-na1.adobelogin.com";
/// The redirect URI to register on a Developer Console credential for the copy/paste sign-in.
/// Nothing needs to answer there: the browser shows an error page whose URL the person copies.
pub const DEFAULT_REDIRECT_URI: &str = "https://localhost/wfio/callback";
/// Scopes of a person's sign-in; `offline_access` is what returns a refresh token.
pub const USER_SCOPES: &str = "openid email profile offline_access additional_info.roles";
/// Scopes of a server-to-server credential.
pub const S2S_SCOPES: &str = "openid AdobeID frame.s2s.all";
/// The service name in transport errors and retry notices.
pub const SERVICE: &str = "Adobe IMS";

/// Which IMS, which client, and how it signs in.
#[derive(Clone, Debug)]
pub struct ImsConfig {
    /// IMS root: `DEFAULT_BASE`, or the simulator's base URL in the demo and the tests.
    pub base: Url,
    /// The Developer Console credential's client ID (API key).
    pub client_id: String,
    /// Confidential clients only (OAuth Web App, server-to-server). Masked in `Debug`.
    pub client_secret: Option<SecretString>,
    pub redirect_uri: String,
    /// Space-separated scopes.
    pub scopes: String,
}

impl ImsConfig {
    /// A person's sign-in with a public (PKCE) client, on the default redirect URI.
    pub fn user(base: Url, client_id: impl Into<String>) -> Self {
        Self {
            base,
            client_id: client_id.into(),
            client_secret: None,
            redirect_uri: DEFAULT_REDIRECT_URI.into(),
            scopes: USER_SCOPES.into(),
        }
    }

    /// A server-to-server credential (client credentials grant).
    pub fn server_to_server(base: Url, client_id: impl Into<String>, client_secret: SecretString) -> Self {
        Self {
            base,
            client_id: client_id.into(),
            client_secret: Some(client_secret),
            redirect_uri: DEFAULT_REDIRECT_URI.into(),
            scopes: S2S_SCOPES.into(),
        }
    }

    pub fn with_secret(mut self, client_secret: Option<SecretString>) -> Self {
        self.client_secret = client_secret;
        self
    }

    pub fn with_redirect_uri(mut self, redirect_uri: impl Into<String>) -> Self {
        self.redirect_uri = redirect_uri.into();
        self
    }

    /// `{base}/ims/{path}`, whatever the base's trailing slash.
    pub fn endpoint(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        let root = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{root}/ims/{path}"));
        url.set_query(None);
        url.set_fragment(None);
        url
    }
}

/// Why an interactive sign-in could not finish (the token endpoint's errors are `FrameioError`s).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImsError {
    #[error("Nothing was pasted. Paste the whole address the browser shows after signing in (or just its code).")]
    EmptyPaste,
    #[error(
        "This is the answer to another sign-in (its state does not match the one started here); start again with `wfio auth login frameio`."
    )]
    StateMismatch,
    /// IMS sent the person back with `error=…` (they declined, or the client is misconfigured).
    #[error("Adobe did not sign you in: {description} ({error}). Start again, or ask the admin to check the client.")]
    Denied { error: String, description: String },
    #[error(
        "The pasted text has no sign-in code (expected an address with ?code=… or the code itself). Copy the whole address from the browser and try again."
    )]
    NoCode,
    #[error("The sign-in started {started} is too old to finish; start again with `wfio auth login frameio`.")]
    Stale { started: String },
    #[error("No sign-in arrived within {seconds} s; start again (or paste the address instead).")]
    Timeout { seconds: u64 },
    #[error(
        "Could not listen on 127.0.0.1:{port} for the sign-in ({detail}); choose another port, or paste the address instead."
    )]
    Listen { port: u16, detail: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_keep_the_base_path_and_drop_its_query() {
        let c = ImsConfig::user(Url::parse("https://ims-na1.adobelogin.com").unwrap(), "id");
        assert_eq!(c.endpoint("token/v3").as_str(), "https://ims-na1.adobelogin.com/ims/token/v3");
        let sim = ImsConfig::user(Url::parse("http://127.0.0.1:9000/sim/?x=1").unwrap(), "id");
        assert_eq!(sim.endpoint("authorize/v2").as_str(), "http://127.0.0.1:9000/sim/ims/authorize/v2");
    }

    #[test]
    fn debug_masks_the_client_secret() {
        let c = ImsConfig::server_to_server(Url::parse(DEFAULT_BASE).unwrap(), "id", "p8e-TOPSECRET".into());
        let shown = format!("{c:?}");
        assert!(!shown.contains("TOPSECRET") && shown.contains("REDACTED"), "{shown}");
        assert_eq!(c.scopes, S2S_SCOPES);
        assert_eq!(ImsConfig::user(Url::parse(DEFAULT_BASE).unwrap(), "id").scopes, USER_SCOPES);
    }
}
