//! The ordering rules of `TokenSource`, with a scripted stand-in for Adobe IMS (the HTTP side is
//! tested against the simulator's IMS). Each renewal is recorded, and so is each save, to check
//! that a token is stored before it is handed out and that one renewal serves every caller.

use std::sync::Mutex;

use url::Url;

use super::*;
use crate::ims::ImsConfig;

use crate::frameio::renewal::script::{Log, Script};

fn tokens(access: &str, refresh: Option<&str>, expires_in_secs: i64) -> TokenSet {
    let now = Timestamp::now();
    TokenSet {
        access_token: access.into(),
        refresh_token: refresh.map(SecretString::from),
        expires_at: now + SignedDuration::from_secs(expires_in_secs),
        refresh_expires_at: refresh.map(|_| now + SignedDuration::from_hours(24 * 14)),
        email: None,
    }
}

fn config() -> ImsConfig {
    ImsConfig::user(Url::parse("https://ims-na1.adobelogin.com").unwrap(), "wfio-demo-public")
}

/// A user source and its log; `save` decides whether saving works.
fn user_source(
    current: TokenSet,
    answers: Vec<Result<TokenSet, FrameioError>>,
    save: impl Fn() -> Result<(), String> + Send + Sync + 'static,
) -> (TokenSource, Log) {
    let log: Log = Arc::default();
    let script = Script::new(config(), answers, &log);
    let saves = log.clone();
    let persist: Persist = Arc::new(move |c: &FrameioCredential| {
        save()?;
        let refresh = match c {
            FrameioCredential::User { refresh_token, .. } => {
                refresh_token.as_ref().map(|t| t.expose_secret().to_owned())
            }
            _ => None,
        };
        saves.lock().unwrap().push(format!(
            "save {} {}",
            c.bearer().unwrap().expose_secret(),
            refresh.unwrap_or_default()
        ));
        Ok(())
    });
    let credential = FrameioCredential::user(&config(), &current);
    (TokenSource::with_issuer(credential, Arc::new(script), Arc::new(PersistOnly(persist))), log)
}

fn bearer(a: &Authorization) -> &str {
    a.bearer.expose_secret()
}

#[tokio::test]
async fn developer_tokens_are_static_and_legacy() {
    let s = TokenSource::developer_token("fio-u-x".into());
    let a = s.authorization().await.unwrap();
    assert_eq!((bearer(&a), a.legacy), ("fio-u-x", true));
    assert!(!s.refresh_after_unauthorized(&"fio-u-x".into()).await.unwrap());
    assert_eq!(s.kind(), CredentialKind::DeveloperToken);
    assert!(matches!(s.credential(), FrameioCredential::DeveloperToken { .. }));
}

#[tokio::test]
async fn a_valid_token_is_used_as_it_is() {
    let (s, log) = user_source(tokens("at-1", Some("rt-1"), 3600), vec![], || Ok(()));
    let a = s.authorization().await.unwrap();
    assert_eq!((bearer(&a), a.legacy), ("at-1", false));
    assert!(log.lock().unwrap().is_empty(), "no renewal, no save");
}

#[tokio::test]
async fn one_refresh_for_every_caller_and_the_rotated_token_is_saved_first() {
    let (s, log) =
        user_source(tokens("at-1", Some("rt-1"), 30), vec![Ok(tokens("at-2", Some("rt-2"), 3600))], || Ok(()));
    let callers: Vec<_> = (0..8)
        .map(|_| {
            let (s, log) = (s.clone(), log.clone());
            tokio::spawn(async move {
                let a = s.authorization().await.unwrap();
                log.lock().unwrap().push(format!("got {}", bearer(&a)));
            })
        })
        .collect();
    for c in callers {
        c.await.unwrap();
    }
    let log = log.lock().unwrap().clone();
    assert_eq!(log[..2], ["refresh rt-1".to_owned(), "save at-2 rt-2".to_owned()], "{log:?}");
    assert_eq!(log[2..], vec!["got at-2".to_owned(); 8]);
    let FrameioCredential::User { refresh_token, .. } = s.credential() else { panic!() };
    assert_eq!(refresh_token.unwrap().expose_secret(), "rt-2");
}

#[tokio::test]
async fn a_refresh_without_a_new_refresh_token_keeps_the_old_one() {
    let (s, log) = user_source(tokens("at-1", Some("rt-1"), 0), vec![Ok(tokens("at-2", None, 3600))], || Ok(()));
    assert_eq!(bearer(&s.authorization().await.unwrap()), "at-2");
    assert_eq!(*log.lock().unwrap(), ["refresh rt-1", "save at-2 rt-1"]);
}

#[tokio::test]
async fn unsaved_tokens_are_not_used_until_they_are_saved() {
    let failing = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let f = failing.clone();
    let (s, log) =
        user_source(tokens("at-1", Some("rt-1"), 0), vec![Ok(tokens("at-2", Some("rt-2"), 3600))], move || {
            if f.load(std::sync::atomic::Ordering::SeqCst) { Err("disk full".into()) } else { Ok(()) }
        });
    let err = s.authorization().await.unwrap_err();
    assert!(
        matches!(&err, FrameioError::Local { detail } if detail.contains("could not be saved (disk full)")),
        "{err}"
    );
    // Still not saved: still refused, and no second refresh (rt-1 is spent).
    assert!(s.authorization().await.is_err());
    failing.store(false, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(bearer(&s.authorization().await.unwrap()), "at-2");
    assert_eq!(*log.lock().unwrap(), ["refresh rt-1", "save at-2 rt-2"]);
}

#[tokio::test]
async fn an_ended_sign_in_says_so_and_saves_nothing() {
    let expired = FrameioError::SignInExpired { detail: "Adobe IMS: invalid_grant".into() };
    let (s, log) = user_source(tokens("at-1", Some("rt-1"), 0), vec![Err(expired.clone())], || Ok(()));
    assert_eq!(s.authorization().await.unwrap_err(), expired);
    assert_eq!(*log.lock().unwrap(), ["refresh rt-1"]);
    let (s, log) = user_source(tokens("at-1", None, 0), vec![], || Ok(()));
    assert!(matches!(s.authorization().await.unwrap_err(), FrameioError::SignInExpired { .. }));
    assert!(log.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_401_refreshes_once_however_many_requests_saw_it() {
    let (s, log) =
        user_source(tokens("at-1", Some("rt-1"), 3600), vec![Ok(tokens("at-2", Some("rt-2"), 3600))], || Ok(()));
    let rejected = SecretString::from("at-1");
    let (a, b) = tokio::join!(s.refresh_after_unauthorized(&rejected), s.refresh_after_unauthorized(&rejected));
    assert!(a.unwrap() && b.unwrap());
    assert_eq!(bearer(&s.authorization().await.unwrap()), "at-2");
    assert_eq!(*log.lock().unwrap(), ["refresh rt-1", "save at-2 rt-2"]);
}

#[tokio::test]
async fn server_to_server_mints_and_saves() {
    let log: Log = Arc::default();
    let config =
        ImsConfig::server_to_server(Url::parse("https://ims-na1.adobelogin.com").unwrap(), "s2s", "sec".into());
    let script = Script::new(config.clone(), vec![Ok(tokens("s2s-1", None, 3600))], &log);
    let saved = log.clone();
    let persist: Persist = Arc::new(move |c: &FrameioCredential| {
        saved.lock().unwrap().push(format!("save {:?} {}", c.kind(), c.bearer().unwrap().expose_secret()));
        Ok(())
    });
    let credential = FrameioCredential::server_to_server(&config, None).unwrap();
    let s = TokenSource::with_issuer(credential, Arc::new(script), Arc::new(PersistOnly(persist)));
    let a = s.authorization().await.unwrap();
    assert_eq!((bearer(&a), a.legacy), ("s2s-1", false));
    assert_eq!(*log.lock().unwrap(), ["mint", "save ServerToServer s2s-1"]);
    assert!(s.refresh_after_unauthorized(&"someone-elses".into()).await.unwrap(), "already replaced");
    assert_eq!(log.lock().unwrap().len(), 2);
}

/// A store that holds one credential, as another process may have left it.
struct Shared(Arc<Mutex<Option<FrameioCredential>>>);

impl CredentialStore for Shared {
    fn lock(&self) -> Result<Box<dyn StoreGuard>, String> {
        Ok(Box::new(SharedGuard(self.0.clone())))
    }
}

struct SharedGuard(Arc<Mutex<Option<FrameioCredential>>>);

impl StoreGuard for SharedGuard {
    fn latest(&self) -> Latest {
        self.0.lock().unwrap().clone().map_or(Latest::Removed, Latest::Stored)
    }

    fn save(&mut self, credential: &FrameioCredential) -> Result<(), String> {
        *self.0.lock().unwrap() = Some(credential.clone());
        Ok(())
    }
}

#[tokio::test]
async fn what_another_process_stored_is_adopted_instead_of_refreshing() {
    let log: Log = Arc::default();
    let script = Script::new(config(), vec![], &log);
    let mine = FrameioCredential::user(&config(), &tokens("at-1", Some("rt-1"), 0));
    let theirs = FrameioCredential::User {
        ims_base: "https://ims-na1.adobelogin.com/".into(),
        client_id: "another-client".into(),
        client_secret: None,
        access_token: "at-2".into(),
        expires_at: Timestamp::now() + SignedDuration::from_hours(1),
        refresh_token: Some("rt-2".into()),
        refresh_expires_at: None,
        user_email: None,
    };
    let stored = Arc::new(Mutex::new(Some(theirs)));
    let s = TokenSource::with_issuer(mine, Arc::new(script), Arc::new(Shared(stored.clone())));
    assert_eq!(bearer(&s.authorization().await.unwrap()), "at-2");
    assert_eq!(*log.lock().unwrap(), ["reconfigured another-client"], "no refresh");
    assert_eq!(s.credential().client_id(), Some("another-client"));
    // Signed out elsewhere: the next renewal says so.
    *stored.lock().unwrap() = None;
    let err = s.refresh_after_unauthorized(&"at-2".into()).await.unwrap_err();
    assert!(matches!(&err, FrameioError::SignInExpired { detail } if detail.contains("removed")), "{err}");
}
