//! What a `TokenSource` renews with and where it keeps the result.
//!
//! - `Issuer`: where new tokens come from. `ImsClient` is the only real one (refresh for a
//!   person's sign-in, client credentials for server-to-server); the trait is the seam that lets
//!   the ordering rules of `TokenSource` be unit-tested.
//! - `CredentialStore`: where the credential is kept. `lock` is taken (on a blocking thread)
//!   before every renewal and held until the new credential is saved, so two processes sharing a
//!   credentials file never refresh the same sign-in at once; `StoreGuard::latest` is what is
//!   stored once the lock is held, so a process adopts what another one stored meanwhile instead
//!   of refreshing with a refresh token that rotation has made useless. `PersistOnly` wraps a
//!   plain `persist` callback: no lock, nothing to adopt.

use std::sync::Arc;

use futures::future::BoxFuture;
use secrecy::SecretString;

use super::FrameioCredential;
use super::error::FrameioError;
use crate::ims::{ImsClient, ImsConfig, TokenSet};

/// Saves a credential (atomically, e.g. `fsutil::write_private`); an `Err` says why it could not.
pub type Persist = Arc<dyn Fn(&FrameioCredential) -> Result<(), String> + Send + Sync>;

pub trait Issuer: Send + Sync {
    fn config(&self) -> &ImsConfig;
    /// New tokens for a person's refresh token.
    fn refresh<'a>(&'a self, refresh_token: &'a SecretString) -> BoxFuture<'a, Result<TokenSet, FrameioError>>;
    /// A new server-to-server token.
    fn mint(&self) -> BoxFuture<'_, Result<TokenSet, FrameioError>>;
    /// The same issuer for another client (a stored credential replaced by another sign-in).
    fn reconfigured(&self, config: ImsConfig) -> Result<Arc<dyn Issuer>, FrameioError>;
}

impl Issuer for ImsClient {
    fn config(&self) -> &ImsConfig {
        ImsClient::config(self)
    }

    fn refresh<'a>(&'a self, refresh_token: &'a SecretString) -> BoxFuture<'a, Result<TokenSet, FrameioError>> {
        Box::pin(ImsClient::refresh(self, refresh_token))
    }

    fn mint(&self) -> BoxFuture<'_, Result<TokenSet, FrameioError>> {
        Box::pin(self.client_credentials())
    }

    fn reconfigured(&self, config: ImsConfig) -> Result<Arc<dyn Issuer>, FrameioError> {
        Ok(Arc::new(self.for_config(config)?))
    }
}

/// What is stored now for a token source's credential.
pub enum Latest {
    /// The store does not say (a plain `persist` callback).
    Untracked,
    /// Nothing any more: someone signed out.
    Removed,
    Stored(FrameioCredential),
}

pub trait CredentialStore: Send + Sync {
    /// Take the store's lock (may block, across processes) and read what is stored.
    fn lock(&self) -> Result<Box<dyn StoreGuard>, String>;
}

/// The lock of a store, held while a renewal runs.
pub trait StoreGuard: Send {
    fn latest(&self) -> Latest;
    /// Store `credential` before the lock is released.
    fn save(&mut self, credential: &FrameioCredential) -> Result<(), String>;
}

/// A store that is only a `persist` callback.
pub struct PersistOnly(pub Persist);

impl CredentialStore for PersistOnly {
    fn lock(&self) -> Result<Box<dyn StoreGuard>, String> {
        Ok(Box::new(PersistGuard(self.0.clone())))
    }
}

struct PersistGuard(Persist);

impl StoreGuard for PersistGuard {
    fn latest(&self) -> Latest {
        Latest::Untracked
    }

    fn save(&mut self, credential: &FrameioCredential) -> Result<(), String> {
        (self.0)(credential)
    }
}

/// A scripted stand-in for Adobe IMS, for unit tests of renewal ordering: answers from a list,
/// logging what it was sent (the HTTP side is tested against the simulator's IMS).
#[cfg(test)]
pub(crate) mod script {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use futures::future::BoxFuture;
    use secrecy::{ExposeSecret, SecretString};

    use super::Issuer;
    use crate::frameio::FrameioError;
    use crate::ims::{ImsConfig, TokenSet};

    pub(crate) type Log = Arc<Mutex<Vec<String>>>;

    /// Answers renewals from a script, logging what it was sent.
    pub(crate) struct Script {
        config: ImsConfig,
        answers: Mutex<VecDeque<Result<TokenSet, FrameioError>>>,
        log: Log,
    }

    impl Issuer for Script {
        fn config(&self) -> &ImsConfig {
            &self.config
        }

        fn refresh<'a>(&'a self, refresh_token: &'a SecretString) -> BoxFuture<'a, Result<TokenSet, FrameioError>> {
            self.log.lock().unwrap().push(format!("refresh {}", refresh_token.expose_secret()));
            Box::pin(self.answer())
        }

        fn mint(&self) -> BoxFuture<'_, Result<TokenSet, FrameioError>> {
            self.log.lock().unwrap().push("mint".into());
            Box::pin(self.answer())
        }

        fn reconfigured(&self, config: ImsConfig) -> Result<Arc<dyn Issuer>, FrameioError> {
            self.log.lock().unwrap().push(format!("reconfigured {}", config.client_id));
            let answers = Mutex::new(std::mem::take(&mut *self.answers.lock().unwrap()));
            Ok(Arc::new(Script { config, answers, log: self.log.clone() }))
        }
    }

    impl Script {
        pub(crate) fn new(config: ImsConfig, answers: Vec<Result<TokenSet, FrameioError>>, log: &Log) -> Self {
            Self { config, answers: Mutex::new(answers.into()), log: log.clone() }
        }

        async fn answer(&self) -> Result<TokenSet, FrameioError> {
            // Long enough for every concurrent caller to be waiting on the lock.
            tokio::time::sleep(Duration::from_millis(30)).await;
            self.answers.lock().unwrap().pop_front().expect("an unexpected renewal")
        }
    }
}
