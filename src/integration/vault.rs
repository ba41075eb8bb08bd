//! Where Frame.io credentials are kept: per profile and Frame.io account, in the 0600
//! credentials file (real profiles, laid out as `credentials::frameio` describes) or in memory
//! only (the demo, whose simulator forgets everything on exit anyway), plus the profile's current
//! sign-in (what `wfio auth login frameio` produced) and a sign-in waiting to be finished.
//!
//! The environment overrides both: `WFIO_FRAMEIO_TOKEN` (a developer token) wins over
//! everything, then `WFIO_FRAMEIO_CLIENT_ID` + `WFIO_FRAMEIO_CLIENT_SECRET` (a server-to-server
//! client on the profile's IMS, its tokens kept in memory), for every account.
//!
//! `token_source` gives one shared `TokenSource` per stored credential, whose renewals are saved
//! back under the same key. A renewal runs under the credentials file's lock
//! (`credentials::lock`) and starts by re-reading the file, so concurrent wfio processes renew a
//! sign-in once and adopt each other's rotated tokens. While a renewal holds the lock, other
//! writers of the file (in any process) wait for it, for seconds at most.

mod store;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use secrecy::SecretString;
use url::Url;

use crate::credentials::{self, Source};
use crate::frameio::FrameioCredential;
use crate::frameio::auth::TokenSource;
use crate::frameio::renewal::PersistOnly;
use crate::http::{HttpOptions, retry::RetryPolicy};
use crate::ims::{self, ImsConfig, PendingLogin};
use store::{Backend, KeyStore};

/// The cache key of the token source made from the environment.
const ENV_KEY: &str = "\0env";

#[derive(Clone)]
pub struct Vault {
    profile: String,
    backend: Backend,
    /// The profile's IMS, for a server-to-server client from the environment.
    ims_base: Url,
    http: HttpOptions,
    retry: RetryPolicy,
    /// One token source per credential key, shared by every clone of the vault.
    sources: Arc<Mutex<HashMap<String, TokenSource>>>,
    /// Every stored credential is renewed at `ims_base`, whatever IMS it names (the demo: its
    /// simulator answers on a new port each run).
    pin_ims: bool,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("profile", &self.profile).field("backend", &self.backend).finish_non_exhaustive()
    }
}

impl Vault {
    pub fn file_backed(profile: &str, file: PathBuf) -> Self {
        Self::with_backend(profile, Backend::File(file))
    }

    pub fn in_memory(profile: &str) -> Self {
        Self::with_backend(profile, Backend::Memory(Arc::default()))
    }

    fn with_backend(profile: &str, backend: Backend) -> Self {
        Self {
            profile: profile.to_owned(),
            backend,
            ims_base: Url::parse(ims::DEFAULT_BASE).expect("the default IMS URL parses"),
            http: HttpOptions::default(),
            retry: RetryPolicy::from_env(),
            sources: Arc::default(),
            pin_ims: false,
        }
    }

    /// The profile's Adobe IMS (the simulator's base URL in the demo).
    pub fn with_ims_base(mut self, base: Url) -> Self {
        self.ims_base = base;
        self
    }

    /// Renew every stored credential at this vault's IMS (`with_ims_base`), whatever IMS it was
    /// stored with: for the demo, whose simulator starts on a new port each run.
    pub fn pinned_to_ims(mut self) -> Self {
        self.pin_ims = true;
        self
    }

    /// HTTP settings and retries for IMS renewals.
    pub fn with_http(mut self, options: HttpOptions, retry: RetryPolicy) -> Self {
        self.http = options;
        self.retry = retry;
        self
    }

    fn stored_source(&self) -> Source {
        match self.backend {
            Backend::File(_) => Source::File,
            Backend::Memory(_) => Source::BuiltIn,
        }
    }

    /// The credential the environment gives every account, if any.
    fn environment(&self) -> Result<Option<FrameioCredential>, String> {
        env_credential(|name| std::env::var(name).ok(), &self.ims_base)
    }

    /// The credential for a Frame.io account, and where it came from.
    pub fn get(&self, account_id: &str) -> Result<Option<(FrameioCredential, Source)>, String> {
        if let Some(c) = self.environment()? {
            return Ok(Some((c, Source::Env)));
        }
        let secrets = self.backend.read(&self.profile)?;
        Ok(secrets.frameio_for(account_id).map(|(_, c)| (c.clone(), self.stored_source())))
    }

    /// Use `credential` for an account (written to the 0600 file for real profiles). The same
    /// sign-in as one already stored shares its entry.
    pub fn put(&self, account_id: &str, credential: &FrameioCredential) -> Result<(), String> {
        self.backend.update(&self.profile, |p| p.put_frameio(account_id, credential)).map(drop)
    }

    /// The profile's current sign-in, and where it came from.
    pub fn current_sign_in(&self) -> Result<Option<(FrameioCredential, Source)>, String> {
        if let Some(c) = self.environment()? {
            return Ok(Some((c, Source::Env)));
        }
        let secrets = self.backend.read(&self.profile)?;
        Ok(secrets.frameio_current_sign_in().map(|(_, c)| (c.clone(), self.stored_source())))
    }

    pub fn set_current_sign_in(&self, credential: &FrameioCredential) -> Result<(), String> {
        self.backend.update(&self.profile, |p| p.set_frameio_current(credential)).map(drop)
    }

    /// The shared token source for an account's credential.
    pub fn token_source(&self, account_id: &str) -> Result<Option<TokenSource>, String> {
        if let Some(c) = self.environment()? {
            return self.source(ENV_KEY, c).map(Some);
        }
        let secrets = self.backend.read(&self.profile)?;
        match secrets.frameio_for(account_id) {
            Some((key, c)) => self.source(key, c.clone()).map(Some),
            None => Ok(None),
        }
    }

    /// The shared token source for the current sign-in.
    pub fn current_token_source(&self) -> Result<Option<TokenSource>, String> {
        if let Some(c) = self.environment()? {
            return self.source(ENV_KEY, c).map(Some);
        }
        let secrets = self.backend.read(&self.profile)?;
        match secrets.frameio_current_sign_in() {
            Some((key, c)) => self.source(key, c.clone()).map(Some),
            None => Ok(None),
        }
    }

    /// The sign-in started and not finished (`wfio auth login frameio` in two steps).
    pub fn pending_login(&self) -> Result<Option<PendingLogin>, String> {
        Ok(self.backend.read(&self.profile)?.frameio_pending)
    }

    pub fn set_pending_login(&self, pending: Option<&PendingLogin>) -> Result<(), String> {
        self.backend.update(&self.profile, |p| p.frameio_pending = pending.cloned())
    }

    /// The cached source for `key` while it still holds the same sign-in, else a new one.
    fn source(&self, key: &str, credential: FrameioCredential) -> Result<TokenSource, String> {
        let credential = if self.pin_ims { credential.on_ims(&self.ims_base) } else { credential };
        let mut sources = self.sources.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(s) = sources.get(key).filter(|s| s.credential().same_identity(&credential)) {
            return Ok(s.clone());
        }
        let store: Arc<dyn crate::frameio::renewal::CredentialStore> = if key == ENV_KEY {
            Arc::new(PersistOnly(Arc::new(|_: &FrameioCredential| Ok(()))))
        } else {
            Arc::new(KeyStore {
                backend: self.backend.clone(),
                profile: self.profile.clone(),
                key: key.to_owned(),
                pin_ims: self.pin_ims.then(|| self.ims_base.clone()),
            })
        };
        let source =
            TokenSource::from_credential(credential, &self.http, self.retry, store).map_err(|e| e.to_string())?;
        sources.insert(key.to_owned(), source.clone());
        Ok(source)
    }
}

/// `WFIO_FRAMEIO_TOKEN`, else `WFIO_FRAMEIO_CLIENT_ID` + `WFIO_FRAMEIO_CLIENT_SECRET` on
/// `ims_base`, as `var` reads them.
fn env_credential(var: impl Fn(&str) -> Option<String>, ims_base: &Url) -> Result<Option<FrameioCredential>, String> {
    let var = |name: &str| var(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if let Some(token) = var(credentials::ENV_FRAMEIO_TOKEN) {
        return Ok(Some(FrameioCredential::developer_token(token.into())));
    }
    match (var(credentials::ENV_FRAMEIO_CLIENT_ID), var(credentials::ENV_FRAMEIO_CLIENT_SECRET)) {
        (None, None) => Ok(None),
        (Some(id), Some(secret)) => {
            let config = ImsConfig::server_to_server(ims_base.clone(), id, SecretString::from(secret));
            FrameioCredential::server_to_server(&config, None).map(Some)
        }
        _ => Err(format!(
            "set both {} and {} for a server-to-server client (or neither)",
            credentials::ENV_FRAMEIO_CLIENT_ID,
            credentials::ENV_FRAMEIO_CLIENT_SECRET
        )),
    }
}

#[cfg(test)]
#[path = "vault_tests.rs"]
mod tests;
