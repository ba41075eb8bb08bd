//! Where Frame.io developer tokens are kept: per profile and Frame.io account, in the 0600
//! credentials file (real profiles) or in memory only (the demo, whose simulator forgets
//! everything on exit anyway). `WFIO_FRAMEIO_TOKEN` overrides both.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use secrecy::{ExposeSecret, SecretString};

use crate::credentials::{self, CredentialsFile, Source};

#[derive(Clone)]
pub struct Vault {
    profile: String,
    /// The credentials file; `None` keeps tokens in memory only.
    file: Option<PathBuf>,
    memory: Arc<Mutex<HashMap<String, SecretString>>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault").field("profile", &self.profile).field("file", &self.file).finish_non_exhaustive()
    }
}

impl Vault {
    pub fn file_backed(profile: &str, file: PathBuf) -> Self {
        Self { profile: profile.to_owned(), file: Some(file), memory: Arc::default() }
    }

    pub fn in_memory(profile: &str) -> Self {
        Self { profile: profile.to_owned(), file: None, memory: Arc::default() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SecretString>> {
        self.memory.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The token for a Frame.io account, and where it came from.
    pub fn get(&self, account_id: &str) -> Result<Option<(SecretString, Source)>, String> {
        if let Some(token) = std::env::var(credentials::ENV_FRAMEIO_TOKEN).ok().filter(|t| !t.trim().is_empty()) {
            return Ok(Some((SecretString::from(token.trim().to_owned()), Source::Env)));
        }
        if let Some(t) = self.lock().get(account_id) {
            return Ok(Some((t.clone(), if self.file.is_some() { Source::File } else { Source::BuiltIn })));
        }
        let Some(path) = &self.file else { return Ok(None) };
        let file = CredentialsFile::load(path)?;
        Ok(file
            .profiles
            .get(&self.profile)
            .and_then(|p| p.frameio.get(account_id))
            .map(|t| (SecretString::from(t.clone()), Source::File)))
    }

    /// Keep a token for an account (written to the 0600 file for real profiles).
    pub fn put(&self, account_id: &str, token: &SecretString) -> Result<(), String> {
        self.lock().insert(account_id.to_owned(), token.clone());
        if let Some(path) = &self.file {
            let mut file = CredentialsFile::load(path)?;
            file.profiles
                .entry(self.profile.clone())
                .or_default()
                .frameio
                .insert(account_id.to_owned(), token.expose_secret().to_owned());
            file.save(path)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_backed_tokens_persist_with_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = CredentialsFile::path(dir.path());
        let v = Vault::file_backed("acme", path.clone());
        v.put("acct-1", &SecretString::from("fio-u-secret")).unwrap();
        let again = Vault::file_backed("acme", path.clone());
        let (t, src) = again.get("acct-1").unwrap().unwrap();
        assert_eq!(t.expose_secret(), "fio-u-secret");
        assert_eq!(src, Source::File);
        assert!(again.get("other").unwrap().is_none());
        crate::fsutil::check_private(&path).unwrap();
    }

    #[test]
    fn in_memory_tokens_never_touch_disk() {
        let v = Vault::in_memory("demo");
        v.put("a", &SecretString::from("t")).unwrap();
        assert_eq!(v.get("a").unwrap().unwrap().0.expose_secret(), "t");
    }
}
