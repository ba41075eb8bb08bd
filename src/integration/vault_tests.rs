use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use secrecy::ExposeSecret;

use super::store::{Backend, KeyStore};
use super::*;
use crate::credentials::CredentialsFile;
use crate::frameio::FrameioError;
use crate::frameio::auth::CredentialKind;
use crate::frameio::renewal::script::{Log, Script};
use crate::ims::TokenSet;

fn avery(access: &str, refresh: &str, expires_in_secs: i64) -> (ImsConfig, TokenSet) {
    let config = ImsConfig::user(Url::parse("https://ims-na1.adobelogin.com").unwrap(), "wfio-demo-public");
    let tokens = TokenSet {
        access_token: access.into(),
        refresh_token: Some(refresh.into()),
        expires_at: Timestamp::now() + SignedDuration::from_secs(expires_in_secs),
        refresh_expires_at: None,
        email: Some("avery.admin@northwind.example".into()),
    };
    (config, tokens)
}

fn user(access: &str, refresh: &str, expires_in_secs: i64) -> FrameioCredential {
    let (config, tokens) = avery(access, refresh, expires_in_secs);
    FrameioCredential::user(&config, &tokens)
}

#[test]
fn file_backed_credentials_persist_with_0600() {
    let dir = tempfile::tempdir().unwrap();
    let path = CredentialsFile::path(dir.path());
    let v = Vault::file_backed("acme", path.clone());
    v.put("acct-1", &FrameioCredential::developer_token("fio-u-secret".into())).unwrap();
    let again = Vault::file_backed("acme", path.clone());
    let (c, src) = again.get("acct-1").unwrap().unwrap();
    assert_eq!(c.bearer().unwrap().expose_secret(), "fio-u-secret");
    assert_eq!(src, Source::File);
    assert!(again.get("other").unwrap().is_none());
    crate::fsutil::check_private(&path).unwrap();
}

#[test]
fn in_memory_credentials_never_touch_disk() {
    let v = Vault::in_memory("demo");
    v.put("a", &FrameioCredential::developer_token("t".into())).unwrap();
    let (c, src) = v.get("a").unwrap().unwrap();
    assert_eq!((c.bearer().unwrap().expose_secret(), src), ("t", Source::BuiltIn));
    assert!(v.clone().get("a").unwrap().is_some(), "clones share the memory");
}

#[test]
fn the_current_sign_in_and_a_pending_one_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::file_backed("acme", CredentialsFile::path(dir.path()));
    assert!(v.current_sign_in().unwrap().is_none() && v.pending_login().unwrap().is_none());
    v.set_current_sign_in(&user("at-1", "rt-1", 3600)).unwrap();
    // `group connect` without a token: the account uses the current sign-in, stored once.
    let (current, _) = v.current_sign_in().unwrap().unwrap();
    v.put("acct-1", &current).unwrap();
    let file = CredentialsFile::load(&CredentialsFile::path(dir.path())).unwrap();
    assert_eq!(file.profiles["acme"].frameio_credentials.len(), 1);
    assert_eq!(v.get("acct-1").unwrap().unwrap().0.kind(), CredentialKind::User);
    let (config, _) = avery("x", "y", 1);
    let pending = crate::ims::begin_login(&config);
    v.set_pending_login(Some(&pending)).unwrap();
    assert_eq!(v.pending_login().unwrap().unwrap().state, pending.state);
    v.set_pending_login(None).unwrap();
    assert!(v.pending_login().unwrap().is_none());
}

#[test]
fn the_environment_overrides_in_order() {
    let base = Url::parse("http://127.0.0.1:9/").unwrap();
    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    }
    assert!(env_credential(env(&[]), &base).unwrap().is_none());
    const BOTH: [(&str, &str); 3] =
        [("WFIO_FRAMEIO_TOKEN", " fio-u-env "), ("WFIO_FRAMEIO_CLIENT_ID", "c"), ("WFIO_FRAMEIO_CLIENT_SECRET", "s")];
    let dev = env_credential(env(&BOTH), &base).unwrap().unwrap();
    assert_eq!(dev.bearer().unwrap().expose_secret(), "fio-u-env", "the developer token wins");
    let s2s = env_credential(env(&BOTH[1..]), &base).unwrap().unwrap();
    assert_eq!((s2s.kind(), s2s.client_id()), (CredentialKind::ServerToServer, Some("c")));
    assert_eq!(s2s.ims_config().unwrap().unwrap().base, base, "on the profile's IMS");
    let half = env_credential(env(&[("WFIO_FRAMEIO_CLIENT_ID", "c")]), &base).unwrap_err();
    assert!(half.contains("set both WFIO_FRAMEIO_CLIENT_ID and WFIO_FRAMEIO_CLIENT_SECRET"), "{half}");
}

/// Two wfio processes (two token sources on one file): the first renews and stores the rotated
/// refresh token; the second, holding the spent one, adopts what the first stored instead of
/// refreshing with it, and both accounts of the sign-in see the new tokens.
#[tokio::test]
async fn a_renewal_is_stored_under_its_key_and_adopted_by_the_other_process() {
    let dir = tempfile::tempdir().unwrap();
    let path = CredentialsFile::path(dir.path());
    let v = Vault::file_backed("acme", path.clone());
    v.put("acct-1", &user("at-1", "rt-1", 10)).unwrap();
    v.put("acct-2", &user("at-1", "rt-1", 10)).unwrap();
    let key = "avery.admin@northwind.example";
    let store = || {
        Arc::new(KeyStore {
            backend: Backend::File(path.clone()),
            profile: "acme".into(),
            key: key.into(),
            pin_ims: None,
        })
    };
    let (log_a, log_b): (Log, Log) = Default::default();
    let (config, _) = avery("", "", 0);
    let a = TokenSource::with_issuer(
        user("at-1", "rt-1", 10),
        Arc::new(Script::new(config.clone(), vec![Ok(avery("at-2", "rt-2", 3600).1)], &log_a)),
        store(),
    );
    let b = TokenSource::with_issuer(user("at-1", "rt-1", 10), Arc::new(Script::new(config, vec![], &log_b)), store());
    assert_eq!(a.authorization().await.unwrap().bearer.expose_secret(), "at-2");
    assert_eq!(*log_a.lock().unwrap(), ["refresh rt-1"]);
    assert_eq!(b.authorization().await.unwrap().bearer.expose_secret(), "at-2");
    assert!(log_b.lock().unwrap().is_empty(), "no refresh with the spent token");
    for account in ["acct-1", "acct-2"] {
        let (c, _) = v.get(account).unwrap().unwrap();
        let FrameioCredential::User { access_token, refresh_token, .. } = c else { panic!() };
        assert_eq!((access_token.expose_secret(), refresh_token.unwrap().expose_secret()), ("at-2", "rt-2"));
    }
    // Signed out meanwhile (the key is gone): the next renewal says so.
    CredentialsFile::update(&path, |f| {
        f.profiles.get_mut("acme").unwrap().frameio_credentials.clear();
        Ok(())
    })
    .unwrap();
    let err = b.refresh_after_unauthorized(&"at-2".into()).await.unwrap_err();
    assert!(matches!(err, FrameioError::SignInExpired { .. }), "{err}");
}

#[tokio::test]
async fn accounts_of_one_sign_in_share_one_token_source() {
    let v = Vault::in_memory("demo");
    v.put("acct-1", &user("at-1", "rt-1", 3600)).unwrap();
    v.put("acct-2", &user("at-1", "rt-1", 3600)).unwrap();
    v.put("acct-3", &FrameioCredential::developer_token("fio-u-x".into())).unwrap();
    let one = v.token_source("acct-1").unwrap().unwrap();
    let two = v.token_source("acct-2").unwrap().unwrap();
    assert!(one.same_as(&two), "one source, so one refresh");
    assert!(!one.same_as(&v.token_source("acct-3").unwrap().unwrap()));
    assert_eq!(two.authorization().await.unwrap().bearer.expose_secret(), "at-1");
    assert!(v.token_source("nope").unwrap().is_none());
}
