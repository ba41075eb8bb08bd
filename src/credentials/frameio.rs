//! How a profile keeps its Frame.io credentials in `credentials.toml`.
//!
//! A person's Adobe sign-in is one identity that may serve several Frame.io accounts, and its
//! refresh token may rotate on every refresh: two copies would each go stale in turn. So each
//! credential is stored **once**, under a key, and accounts name the key:
//!
//! ```toml
//! [profiles.acme]
//! workfront_api_key = "…"
//! frameio_current = "avery.admin@northwind.example"   # what `wfio auth login frameio` signed in
//!
//! [profiles.acme.frameio_accounts]                    # Frame.io account ID -> key
//! "b7c1…" = "avery.admin@northwind.example"
//! "e2a9…" = "avery.admin@northwind.example"
//! "0f3d…" = "developer-token"
//!
//! [profiles.acme.frameio_credentials."avery.admin@northwind.example"]
//! kind = "user"
//! ims_base = "https://ims-na1.adobelogin.com/"
//! client_id = "…"
//! access_token = "…"
//! expires_at = "2026-12-03T10:00:00Z"
//! refresh_token = "…"
//! refresh_expires_at = "2026-12-16T10:00:00Z"
//! user_email = "avery.admin@northwind.example"
//!
//! [profiles.acme.frameio_credentials.developer-token]
//! kind = "developer-token"
//! token = "fio-u-…"
//! ```
//!
//! Keys are readable labels: the person's email (else `adobe-sign-in`), `s2s-<client id>`, or
//! `developer-token`, with `-2`, `-3`… when taken. Storing a credential that is the same sign-in
//! as a stored one (`FrameioCredential::same_identity`) reuses its key and keeps whichever
//! access token expires later; a credential no account and no current sign-in names is dropped.
//! A sign-in started and not finished is `[profiles.P.frameio_pending]` (a `PendingLogin`).
//!
//! The old format, `frameio = { "<account id>" = "fio-u-…" }`, still loads: each token becomes a
//! `developer-token` credential, and the next save writes the new form only.

use super::ProfileSecrets;
use crate::frameio::FrameioCredential;
use crate::frameio::auth::CredentialKind;

impl ProfileSecrets {
    /// The credential an account uses, and its key.
    pub fn frameio_for(&self, account_id: &str) -> Option<(&str, &FrameioCredential)> {
        let key = self.frameio_accounts.get(account_id)?;
        self.frameio_credentials.get(key).map(|c| (key.as_str(), c))
    }

    /// The current sign-in, and its key.
    pub fn frameio_current_sign_in(&self) -> Option<(&str, &FrameioCredential)> {
        let key = self.frameio_current.as_ref()?;
        self.frameio_credentials.get(key).map(|c| (key.as_str(), c))
    }

    /// Use `credential` for `account_id`; returns its key.
    pub fn put_frameio(&mut self, account_id: &str, credential: &FrameioCredential) -> String {
        let key = self.place(credential);
        self.frameio_accounts.insert(account_id.to_owned(), key.clone());
        self.prune();
        key
    }

    /// Make `credential` the current sign-in; returns its key.
    pub fn set_frameio_current(&mut self, credential: &FrameioCredential) -> String {
        let key = self.place(credential);
        self.frameio_current = Some(key.clone());
        self.prune();
        key
    }

    /// Replace what is stored under `key` (a renewal of that credential).
    pub fn store_frameio(&mut self, key: &str, credential: &FrameioCredential) {
        self.frameio_credentials.insert(key.to_owned(), credential.clone());
    }

    /// Store `credential` under the key of the same sign-in, or a new one.
    fn place(&mut self, credential: &FrameioCredential) -> String {
        let same = self.frameio_credentials.iter().find(|(_, c)| c.same_identity(credential)).map(|(k, _)| k.clone());
        let Some(key) = same else {
            let key = self.new_key(credential);
            self.frameio_credentials.insert(key.clone(), credential.clone());
            return key;
        };
        let stored = &self.frameio_credentials[&key];
        let stored_is_newer = matches!((stored.expires_at(), credential.expires_at()), (Some(s), Some(c)) if s > c);
        if !stored_is_newer {
            self.frameio_credentials.insert(key.clone(), credential.clone());
        }
        key
    }

    fn new_key(&self, credential: &FrameioCredential) -> String {
        let base = match (credential.kind(), credential.user_email(), credential.client_id()) {
            (CredentialKind::User, Some(email), _) => email.to_lowercase(),
            (CredentialKind::User, None, _) => "adobe-sign-in".to_owned(),
            (CredentialKind::ServerToServer, _, Some(client)) => format!("s2s-{client}"),
            _ => "developer-token".to_owned(),
        };
        std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|k| !self.frameio_credentials.contains_key(k))
            .unwrap_or(base)
    }

    /// Drop the credentials nothing names any more.
    fn prune(&mut self) {
        let named =
            |k: &String| self.frameio_current.as_ref() == Some(k) || self.frameio_accounts.values().any(|v| v == k);
        let unnamed: Vec<String> = self.frameio_credentials.keys().filter(|k| !named(k)).cloned().collect();
        for k in unnamed {
            self.frameio_credentials.remove(&k);
        }
    }

    /// Move the old `frameio = { account = token }` entries into the new layout (the new
    /// layout wins for an account that is in both).
    pub(super) fn adopt_legacy_frameio(&mut self) {
        for (account, token) in std::mem::take(&mut self.legacy_frameio) {
            if !self.frameio_accounts.contains_key(&account) {
                let key = self.place(&FrameioCredential::developer_token(token.into()));
                self.frameio_accounts.insert(account, key);
            }
        }
    }
}

#[cfg(test)]
#[path = "frameio_tests.rs"]
mod tests;
