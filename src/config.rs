//! Where wfio keeps its files, and the profiles that say which Workfront and Frame.io to talk to.
//!
//! `config.toml` (non-secret settings) lives in the config dir: `WFIO_CONFIG_DIR`, else
//! `$XDG_CONFIG_HOME/wfio`, else the platform default from `directories`. Logs and the activation
//! journal live in the data dir (`WFIO_DATA_DIR` overrides). The built-in `demo` profile needs
//! no file: it starts the embedded simulator.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use url::Url;

pub const DEMO_PROFILE: &str = "demo";
/// The demo organisation's Workfront API key (documented in the README).
pub const DEMO_API_KEY: &str = "d0d0cafe00000000000000000000d3e0";

#[derive(Debug, Clone)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    pub fn from_env() -> Self {
        let dirs = directories::ProjectDirs::from("io", "wfio", "wfio");
        let config_dir = env_path("WFIO_CONFIG_DIR")
            .or_else(|| env_path("XDG_CONFIG_HOME").map(|p| p.join("wfio")))
            .or_else(|| dirs.as_ref().map(|d| d.config_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from(".wfio"));
        let data_dir = env_path("WFIO_DATA_DIR")
            .or_else(|| dirs.as_ref().map(|d| d.data_local_dir().to_path_buf()))
            .unwrap_or_else(|| config_dir.join("data"));
        Self { config_dir, data_dir }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.data_dir.join("logs")
    }
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// How a profile authenticates to Workfront.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMode {
    #[default]
    ApiKey,
    Session,
    Ims,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileConfig {
    /// Instance root, e.g. `https://acme.my.workfront.adobe.com`.
    pub workfront_url: String,
    #[serde(default = "default_api_version")]
    pub api_version: String,
    #[serde(default)]
    pub auth: AuthMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ims_org_id: Option<String>,
    #[serde(default = "default_frameio_url")]
    pub frameio_url: String,
    /// Adobe IMS, where Frame.io V4 sign-ins come from.
    #[serde(default = "default_ims_url", skip_serializing_if = "is_default_ims_url")]
    pub ims_url: String,
    /// The client ID of the admin's own Adobe Developer Console credential, for
    /// `wfio auth login frameio`. Its secret, if it has one, is never here: it lives in the
    /// credentials file or the environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ims_client_id: Option<String>,
    /// The redirect URI registered on that credential.
    #[serde(default = "default_ims_redirect_uri", skip_serializing_if = "is_default_ims_redirect_uri")]
    pub ims_redirect_uri: String,
    /// The wizard's "Sign in with Adobe" also listens on `127.0.0.1:PORT` for the browser's
    /// redirect (for `ssh -L PORT:127.0.0.1:PORT` users): nothing to paste. The credential must
    /// allow `http://127.0.0.1:PORT/callback` as a redirect URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ims_callback_port: Option<u16>,
    /// How assigned people get access in Frame.io V4: `project` (each project, the seed
    /// document's behaviour) or `workspace` (the connected workspace: one call per person then
    /// covers the workspace's later projects).
    #[serde(default, skip_serializing_if = "is_default_access")]
    pub frameio_access: crate::sync::plan::AccessMode,
    /// The role they get: `editor` (default), `full_access`, `edit_only`, `commenter`, `viewer`.
    #[serde(default = "default_frameio_role", skip_serializing_if = "is_default_frameio_role")]
    pub frameio_role: String,
}

fn is_default_access(mode: &crate::sync::plan::AccessMode) -> bool {
    *mode == crate::sync::plan::AccessMode::default()
}

fn default_frameio_role() -> String {
    "editor".into()
}

fn is_default_frameio_role(role: &str) -> bool {
    role == "editor"
}

impl ProfileConfig {
    /// The settings of a person's Frame.io sign-in with this profile's client, when it has one.
    pub fn ims_config(&self) -> Result<Option<crate::ims::ImsConfig>, String> {
        let Some(client_id) = self.ims_client_id.as_deref().map(str::trim).filter(|c| !c.is_empty()) else {
            return Ok(None);
        };
        let base = parse_url(&self.ims_url)?;
        Ok(Some(crate::ims::ImsConfig::user(base, client_id).with_redirect_uri(self.ims_redirect_uri.clone())))
    }
}

fn default_api_version() -> String {
    "v21.0".into()
}

fn default_frameio_url() -> String {
    "https://api.frame.io".into()
}

pub fn default_ims_url() -> String {
    crate::ims::DEFAULT_BASE.into()
}

fn is_default_ims_url(url: &str) -> bool {
    url == crate::ims::DEFAULT_BASE
}

pub fn default_ims_redirect_uri() -> String {
    crate::ims::DEFAULT_REDIRECT_URI.into()
}

fn is_default_ims_redirect_uri(uri: &str) -> bool {
    uri == crate::ims::DEFAULT_REDIRECT_URI
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ConfigFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileConfig>,
}

impl ConfigFile {
    /// Read `config.toml`; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }
}

/// The profile a run uses.
// One per run: its size does not matter, boxing would.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Profile {
    /// The embedded simulator with the demo organisation.
    Demo,
    Remote {
        name: String,
        config: ProfileConfig,
    },
}

impl Profile {
    pub fn name(&self) -> &str {
        match self {
            Self::Demo => DEMO_PROFILE,
            Self::Remote { name, .. } => name,
        }
    }

    pub fn is_demo(&self) -> bool {
        matches!(self, Self::Demo)
    }

    /// Pick the profile: the one asked for, else the config's default, else the demo.
    pub fn select(requested: Option<&str>, config: &ConfigFile) -> Result<Self, String> {
        let name = requested.map(str::to_owned).or_else(|| config.default_profile.clone());
        match name.as_deref() {
            None | Some(DEMO_PROFILE) => Ok(Self::Demo),
            Some(name) => {
                config.profiles.get(name).map(|c| Self::Remote { name: name.to_owned(), config: c.clone() }).ok_or_else(
                    || {
                        let known: Vec<&str> =
                            std::iter::once(DEMO_PROFILE).chain(config.profiles.keys().map(String::as_str)).collect();
                        format!("no profile named '{name}'; known profiles: {}", known.join(", "))
                    },
                )
            }
        }
    }
}

pub fn parse_url(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("'{raw}' is not a URL: {e}"))?;
    match url.scheme() {
        "https" | "http" => Ok(url),
        other => Err(format!("'{raw}' uses {other}; use https://")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_the_default() {
        assert_eq!(Profile::select(None, &ConfigFile::default()).unwrap(), Profile::Demo);
    }

    #[test]
    fn named_profiles_resolve_and_unknown_ones_list_choices() {
        let cfg: ConfigFile = toml::from_str(
            "default_profile = \"acme\"\n[profiles.acme]\nworkfront_url = \"https://acme.my.workfront.adobe.com\"\n",
        )
        .unwrap();
        let p = Profile::select(None, &cfg).unwrap();
        assert_eq!(p.name(), "acme");
        let Profile::Remote { config, .. } = p else { panic!() };
        assert_eq!(config.api_version, "v21.0");
        assert_eq!(config.frameio_url, "https://api.frame.io");
        assert_eq!(
            (config.ims_url.as_str(), config.ims_redirect_uri.as_str()),
            (crate::ims::DEFAULT_BASE, crate::ims::DEFAULT_REDIRECT_URI)
        );
        assert!(matches!(config.ims_config(), Ok(None)), "no client, no sign-in");
        let err = Profile::select(Some("nope"), &cfg).unwrap_err();
        assert!(err.contains("demo, acme"), "{err}");
        assert_eq!(Profile::select(Some("demo"), &cfg).unwrap(), Profile::Demo);
    }

    #[test]
    fn ims_settings_make_the_sign_in_and_defaults_stay_out_of_the_file() {
        let cfg: ConfigFile = toml::from_str(
            "[profiles.acme]\nworkfront_url = \"https://acme.my.workfront.adobe.com\"\nims_client_id = \"abc123\"\n\
             ims_redirect_uri = \"https://wfio.acme.example/callback\"\n",
        )
        .unwrap();
        let p = &cfg.profiles["acme"];
        let ims = p.ims_config().unwrap().unwrap();
        assert_eq!(
            (ims.client_id.as_str(), ims.redirect_uri.as_str()),
            ("abc123", "https://wfio.acme.example/callback")
        );
        assert_eq!(ims.base.as_str(), "https://ims-na1.adobelogin.com/");
        assert!(ims.client_secret.is_none());
        let text = toml::to_string(p).unwrap();
        assert!(text.contains("ims_client_id = \"abc123\"") && !text.contains("ims_url"), "{text}");
        let bad = ProfileConfig { ims_url: "ftp://x".into(), ..p.clone() };
        assert!(bad.ims_config().is_err());
    }
}
