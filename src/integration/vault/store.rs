//! The two places a vault keeps a profile's secrets, and the `CredentialStore` that saves one
//! credential's renewals back under its key: in the file, under its lock, re-read first.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::credentials::{CredentialsFile, ProfileSecrets, lock};
use crate::frameio::FrameioCredential;
use crate::frameio::renewal::{CredentialStore, Latest, StoreGuard};

#[derive(Clone)]
pub(super) enum Backend {
    /// The 0600 credentials file.
    File(PathBuf),
    /// Memory only (the demo).
    Memory(Arc<Mutex<ProfileSecrets>>),
}

impl std::fmt::Debug for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(p) => f.debug_tuple("File").field(p).finish(),
            Self::Memory(_) => f.write_str("Memory"),
        }
    }
}

fn memory(m: &Mutex<ProfileSecrets>) -> std::sync::MutexGuard<'_, ProfileSecrets> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Backend {
    /// A copy of the profile's secrets as stored now.
    pub(super) fn read(&self, profile: &str) -> Result<ProfileSecrets, String> {
        match self {
            Self::File(path) => Ok(CredentialsFile::load(path)?.profiles.remove(profile).unwrap_or_default()),
            Self::Memory(m) => Ok(memory(m).clone()),
        }
    }

    /// Change the profile's secrets (under the file's lock for a file).
    pub(super) fn update<T>(&self, profile: &str, change: impl FnOnce(&mut ProfileSecrets) -> T) -> Result<T, String> {
        match self {
            Self::File(path) => {
                CredentialsFile::update(path, |f| Ok(change(f.profiles.entry(profile.to_owned()).or_default())))
            }
            Self::Memory(m) => Ok(change(&mut memory(m))),
        }
    }
}

/// Where one stored credential's renewals go: back under its key.
pub(super) struct KeyStore {
    pub backend: Backend,
    pub profile: String,
    pub key: String,
    /// What is read back is renewed at this IMS, whatever IMS it names (the demo).
    pub pin_ims: Option<url::Url>,
}

/// A guard whose stored credential is read back on another IMS (`Vault::pinned_to_ims`).
struct Pinned {
    inner: Box<dyn StoreGuard>,
    base: url::Url,
}

impl StoreGuard for Pinned {
    fn latest(&self) -> Latest {
        match self.inner.latest() {
            Latest::Stored(c) => Latest::Stored(c.on_ims(&self.base)),
            other => other,
        }
    }

    fn save(&mut self, credential: &FrameioCredential) -> Result<(), String> {
        self.inner.save(credential)
    }
}

impl CredentialStore for KeyStore {
    fn lock(&self) -> Result<Box<dyn StoreGuard>, String> {
        let guard = self.lock_unpinned()?;
        Ok(match &self.pin_ims {
            Some(base) => Box::new(Pinned { inner: guard, base: base.clone() }),
            None => guard,
        })
    }
}

impl KeyStore {
    fn lock_unpinned(&self) -> Result<Box<dyn StoreGuard>, String> {
        match &self.backend {
            Backend::File(path) => {
                let held = lock::acquire(path)?;
                let file = CredentialsFile::load(path)?;
                Ok(Box::new(FileGuard {
                    _held: held,
                    path: path.clone(),
                    file,
                    profile: self.profile.clone(),
                    key: self.key.clone(),
                }))
            }
            Backend::Memory(m) => Ok(Box::new(MemoryGuard { memory: m.clone(), key: self.key.clone() })),
        }
    }
}

/// The file as it is once locked; saved with the change while still locked.
struct FileGuard {
    _held: lock::CredentialsLock,
    path: PathBuf,
    file: CredentialsFile,
    profile: String,
    key: String,
}

fn latest(secrets: Option<&ProfileSecrets>, key: &str) -> Latest {
    secrets.and_then(|p| p.frameio_credentials.get(key)).cloned().map_or(Latest::Removed, Latest::Stored)
}

impl StoreGuard for FileGuard {
    fn latest(&self) -> Latest {
        latest(self.file.profiles.get(&self.profile), &self.key)
    }

    fn save(&mut self, credential: &FrameioCredential) -> Result<(), String> {
        self.file.profiles.entry(self.profile.clone()).or_default().store_frameio(&self.key, credential);
        self.file.save(&self.path)
    }
}

struct MemoryGuard {
    memory: Arc<Mutex<ProfileSecrets>>,
    key: String,
}

impl StoreGuard for MemoryGuard {
    fn latest(&self) -> Latest {
        latest(Some(&memory(&self.memory)), &self.key)
    }

    fn save(&mut self, credential: &FrameioCredential) -> Result<(), String> {
        memory(&self.memory).store_frameio(&self.key, credential);
        Ok(())
    }
}
