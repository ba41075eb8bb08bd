//! Secrets: the Workfront API key and Frame.io credentials. They live in environment variables
//! or in `credentials.toml` (0600, in the 0700 config dir), never in `config.toml`, never in
//! Workfront, never in argv. A credentials file others can read is refused.
//!
//! Every change goes through `CredentialsFile::update`: under an advisory lock (`lock`), read,
//! change, write atomically (`fsutil::write_private`), so two wfio processes never lose each
//! other's changes, a rotated Frame.io refresh token above all. How Frame.io credentials are laid
//! out in a profile is in `credentials::frameio`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::frameio::FrameioCredential;
use crate::fsutil;
use crate::ims::PendingLogin;

pub mod frameio;
pub mod lock;

pub const ENV_WORKFRONT_API_KEY: &str = "WFIO_WORKFRONT_API_KEY";
/// A Frame.io developer token for every account, over everything stored.
pub const ENV_FRAMEIO_TOKEN: &str = "WFIO_FRAMEIO_TOKEN";
/// A server-to-server client for every account (both needed), e.g. for `wfio watch` unattended.
pub const ENV_FRAMEIO_CLIENT_ID: &str = "WFIO_FRAMEIO_CLIENT_ID";
pub const ENV_FRAMEIO_CLIENT_SECRET: &str = "WFIO_FRAMEIO_CLIENT_SECRET";

/// One profile's secrets. The Frame.io part is laid out as `credentials::frameio` describes.
/// `Debug` shows what is there, never a secret.
#[derive(Default, Clone, Serialize, Deserialize)]
pub struct ProfileSecrets {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workfront_api_key: Option<String>,
    /// The secret of the profile's Adobe Developer Console credential (`ims_client_id`), when it
    /// is a web-app (confidential) one; a single-page-app (PKCE) credential has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ims_client_secret: Option<String>,
    /// The old format, account ID -> developer token: read, moved into the two maps below by
    /// `load`, never written.
    #[serde(default, rename = "frameio", skip_serializing)]
    legacy_frameio: BTreeMap<String, String>,
    /// The key (in `frameio_credentials`) of what `wfio auth login frameio` signed in last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frameio_current: Option<String>,
    /// A sign-in started and not finished yet (its PKCE verifier is a secret).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frameio_pending: Option<PendingLogin>,
    /// Frame.io account ID -> the key of its credential.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub frameio_accounts: BTreeMap<String, String>,
    /// Each credential once, however many accounts use it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub frameio_credentials: BTreeMap<String, FrameioCredential>,
}

impl std::fmt::Debug for ProfileSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileSecrets")
            .field("workfront_api_key", &self.workfront_api_key.as_ref().map(|_| "[REDACTED]"))
            .field("frameio_current", &self.frameio_current)
            .field("frameio_pending", &self.frameio_pending)
            .field("frameio_accounts", &self.frameio_accounts)
            .field("frameio_credentials", &self.frameio_credentials)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct CredentialsFile {
    #[serde(default)]
    pub profiles: BTreeMap<String, ProfileSecrets>,
}

/// Where a secret came from, for `auth status` and for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Env,
    File,
    BuiltIn,
}

impl CredentialsFile {
    pub fn path(config_dir: &Path) -> PathBuf {
        config_dir.join("credentials.toml")
    }

    /// Read the file; missing is empty; group- or world-readable, or in a directory others can
    /// write to, is an error with the fix.
    pub fn load(path: &Path) -> Result<Self, String> {
        if !path.exists() {
            return Ok(Self::default());
        }
        fsutil::check_private(path)?;
        if let Some(dir) = path.parent() {
            fsutil::check_private_dir(dir)?;
        }
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        // The TOML error could quote a line of the file, which holds secrets: keep only the position.
        let mut file: Self = toml::from_str(&text).map_err(|e| {
            let at = e.span().map(|s| format!(" at byte {}", s.start)).unwrap_or_default();
            format!("{} is not valid TOML{at}", path.display())
        })?;
        for profile in file.profiles.values_mut() {
            profile.adopt_legacy_frameio();
        }
        Ok(file)
    }

    /// Change the file under its lock: read it again, apply `change`, write it atomically.
    pub fn update<T>(path: &Path, change: impl FnOnce(&mut Self) -> Result<T, String>) -> Result<T, String> {
        let _lock = lock::acquire(path)?;
        let mut file = Self::load(path)?;
        let out = change(&mut file)?;
        file.save(path)?;
        Ok(out)
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = toml::to_string_pretty(self).map_err(|e| format!("credentials: {e}"))?;
        // Never write secrets into a directory others can write to (they could read them back
        // through a file of theirs, or swap them).
        if let Some(dir) = path.parent() {
            fsutil::check_private_dir(dir)?;
        }
        // A wfio killed mid-write leaves a temporary copy of the secrets: not for ever.
        fsutil::remove_stale_temps(path);
        fsutil::write_private(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// A warning for a config dir holding the credentials file that other users can read or list
/// (one they can write to is refused by `CredentialsFile::load`), to show once at start.
pub fn dir_warning(config_dir: &Path) -> Option<String> {
    if !CredentialsFile::path(config_dir).exists() {
        return None;
    }
    fsutil::check_private_dir(config_dir).ok().flatten()
}

/// The environment variable for the secret of the profile's web-app IMS credential.
pub const ENV_IMS_CLIENT_SECRET: &str = "WFIO_IMS_CLIENT_SECRET";

/// The secret of the profile's Developer Console credential for "Sign in with Adobe", if it is
/// a confidential (web-app) one: the environment wins over the file.
pub fn ims_client_secret(file: &CredentialsFile, profile: &str) -> Option<SecretString> {
    if let Some(s) = std::env::var(ENV_IMS_CLIENT_SECRET).ok().filter(|k| !k.trim().is_empty()) {
        return Some(SecretString::from(s.trim().to_owned()));
    }
    file.profiles.get(profile).and_then(|p| p.ims_client_secret.clone()).map(SecretString::from)
}

/// The Workfront API key for a profile: the environment wins over the file.
pub fn workfront_api_key(file: &CredentialsFile, profile: &str) -> Option<(SecretString, Source)> {
    if let Some(key) = std::env::var(ENV_WORKFRONT_API_KEY).ok().filter(|k| !k.trim().is_empty()) {
        return Some((SecretString::from(key.trim().to_owned()), Source::Env));
    }
    file.profiles.get(profile).and_then(|p| p.workfront_api_key.clone()).map(|k| (SecretString::from(k), Source::File))
}

/// Show the last four characters of a secret only: `••••••••R6SA`.
pub fn mask(secret: &str, unicode: bool) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let tail: String = chars.iter().skip(chars.len().saturating_sub(4)).collect();
    let bullet = if unicode { "•" } else { "*" };
    format!("{}{tail}", bullet.repeat(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_all_but_the_tail() {
        assert_eq!(mask("fio-u-abcdefR6SA", true), "••••••••R6SA");
        assert_eq!(mask("ab", false), "********ab");
    }

    #[test]
    fn round_trip_and_refuse_readable_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = CredentialsFile::path(dir.path());
        let mut file = CredentialsFile::default();
        file.profiles.entry("acme".into()).or_default().workfront_api_key = Some("k".into());
        file.save(&path).unwrap();
        assert_eq!(CredentialsFile::load(&path).unwrap().profiles["acme"].workfront_api_key.as_deref(), Some("k"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
            assert!(CredentialsFile::load(&path).is_err());
            // The file private again, its directory not: writable is refused, readable warned about.
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
            assert!(CredentialsFile::load(&path).is_ok());
            assert!(dir_warning(dir.path()).unwrap().contains("chmod 700"));
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o775)).unwrap();
            assert!(CredentialsFile::load(&path).unwrap_err().contains("writable by other users"));
            assert!(file.save(&path).unwrap_err().contains("writable by other users"));
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
            assert_eq!(dir_warning(dir.path()), None);
        }
    }

    #[test]
    fn debug_shows_no_secret() {
        let text =
            "[profiles.acme]\nworkfront_api_key = \"WF-SECRET\"\n[profiles.acme.frameio]\nacct = \"fio-u-SECRET\"\n";
        let file: CredentialsFile = toml::from_str(text).unwrap();
        let shown = format!("{file:?}");
        assert!(!shown.contains("SECRET") && shown.contains("REDACTED"), "{shown}");
    }

    #[test]
    fn parse_errors_do_not_quote_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = CredentialsFile::path(dir.path());
        crate::fsutil::write_private(&path, b"[profiles.acme]\nworkfront_api_key = \"SECRET-VALUE\nbroken").unwrap();
        let err = CredentialsFile::load(&path).unwrap_err();
        assert!(!err.contains("SECRET"), "{err}");
    }
}
