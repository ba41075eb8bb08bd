//! Everything an integration operation needs, shared by the wizard's worker and the headless
//! commands, so the two can never disagree.

use std::path::PathBuf;
use std::sync::Arc;

use url::Url;

use super::bootstrap::{self, Bootstrap, FormIds};
use super::error::{IntegrationError, Result};
use super::vault::Vault;
use crate::frameio::{FrameioClient, TokenSource};
use crate::http::{HttpOptions, Notify, pace::Pacer, retry::RetryPolicy};
use crate::sync::plan::AccessMode;
use crate::workfront::WorkfrontClient;

/// How hard to push: parallel transfers and requests, invitation batch size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuning {
    /// Documents transferred at once.
    pub parallel_files: usize,
    /// Parts of one document uploaded at once.
    pub parallel_parts: usize,
    /// Independent small requests (folders) in flight at once; pacing still applies.
    pub parallel_requests: usize,
    /// Emails per batch invitation.
    pub invite_batch: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Self { parallel_files: 4, parallel_parts: 4, parallel_requests: 8, invite_batch: 25 }
    }
}

/// Where and with which Developer Console credential people sign in to Frame.io (Adobe IMS).
#[derive(Clone)]
pub struct ImsSettings {
    /// `https://ims-na1.adobelogin.com`, or the simulator's base URL.
    pub base: Url,
    /// The admin's Adobe Developer Console credential for "Sign in with Adobe".
    pub client_id: Option<String>,
    /// Its secret, for a web-app (confidential) credential.
    pub client_secret: Option<secrecy::SecretString>,
    /// The redirect URI registered on the credential (default `https://localhost/wfio/callback`).
    pub redirect_uri: Option<String>,
    /// Listen for the browser's redirect on `127.0.0.1:PORT` too (for `ssh -L` users).
    pub callback_port: Option<u16>,
}

impl Default for ImsSettings {
    fn default() -> Self {
        Self {
            base: Url::parse(crate::ims::DEFAULT_BASE).expect("a valid URL"),
            client_id: None,
            client_secret: None,
            redirect_uri: None,
            callback_port: None,
        }
    }
}

impl std::fmt::Debug for ImsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImsSettings")
            .field("base", &self.base.as_str())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "[REDACTED]"))
            .finish_non_exhaustive()
    }
}

/// How assigned people get access in Frame.io V4 (a profile setting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessSettings {
    pub mode: AccessMode,
    /// The project (or workspace) role given: `editor` by default.
    pub role: String,
}

impl Default for AccessSettings {
    fn default() -> Self {
        Self { mode: AccessMode::Project, role: "editor".into() }
    }
}

#[derive(Clone)]
pub struct Context {
    pub profile: String,
    pub wf: WorkfrontClient,
    pub vault: Vault,
    /// Frame.io API root, e.g. `https://api.frame.io`.
    pub frameio_url: Url,
    pub http: HttpOptions,
    /// One pacer for every Frame.io client: limits count per user, across tokens.
    pub pacer: Pacer,
    pub retry: RetryPolicy,
    pub notify: Option<Notify>,
    /// Journals and download spool live under here.
    pub data_dir: PathBuf,
    pub tuning: Tuning,
    pub access: AccessSettings,
    pub ims: ImsSettings,
    forms: Arc<tokio::sync::OnceCell<Bootstrap>>,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("profile", &self.profile).field("wf", &self.wf).finish_non_exhaustive()
    }
}

impl Context {
    pub fn new(profile: &str, wf: WorkfrontClient, vault: Vault, frameio_url: Url, data_dir: PathBuf) -> Self {
        Self {
            profile: profile.to_owned(),
            wf,
            vault,
            frameio_url,
            http: HttpOptions::default(),
            pacer: Pacer::default(),
            retry: RetryPolicy::from_env(),
            notify: None,
            data_dir,
            tuning: Tuning::default(),
            access: AccessSettings::default(),
            ims: ImsSettings::default(),
            forms: Arc::default(),
        }
    }

    /// A Frame.io client for a sign-in, sharing this context's pacing and retry settings.
    pub fn frameio(&self, auth: TokenSource) -> Result<FrameioClient> {
        let mut c = FrameioClient::with_options(&self.frameio_url, auth, &self.http)?
            .with_pacer(self.pacer.clone())
            .with_retry(self.retry);
        if let Some(n) = &self.notify {
            c = c.with_notify(n.clone());
        }
        Ok(c)
    }

    /// The client for a connected account, with the sign-in stored for it.
    pub fn frameio_for_account(&self, account_id: &str, account_name: &str) -> Result<FrameioClient> {
        let source = self
            .vault
            .token_source(account_id)
            .map_err(IntegrationError::Local)?
            .ok_or_else(|| IntegrationError::NoToken { account: account_name.to_owned() })?;
        self.frameio(source)
    }

    /// wfio's forms, created on first use if missing (once per run).
    pub async fn forms(&self) -> Result<FormIds> {
        let b = self.forms.get_or_try_init(|| bootstrap::ensure_forms(&self.wf)).await?;
        Ok(b.ids.clone())
    }

    /// What the first `forms()` call created, for telling the user.
    pub fn forms_created(&self) -> Vec<String> {
        self.forms.get().map(|b| b.created.clone()).unwrap_or_default()
    }

    pub fn journal_dir(&self) -> PathBuf {
        self.data_dir.join("journal")
    }

    pub fn spool_dir(&self) -> PathBuf {
        self.data_dir.join("spool")
    }
}
