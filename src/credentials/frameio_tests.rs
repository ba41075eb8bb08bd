use jiff::{SignedDuration, Timestamp};
use secrecy::ExposeSecret;
use url::Url;

use super::*;
use crate::credentials::CredentialsFile;
use crate::ims::{ImsConfig, TokenSet, begin_login};

fn avery(access: &str, refresh: &str, hours: i64) -> FrameioCredential {
    let config = ImsConfig::user(Url::parse("https://ims-na1.adobelogin.com").unwrap(), "wfio-demo-public");
    let tokens = TokenSet {
        access_token: access.into(),
        refresh_token: Some(refresh.into()),
        expires_at: Timestamp::from_second(1_800_000_000).unwrap() + SignedDuration::from_hours(hours),
        refresh_expires_at: None,
        email: Some("avery.admin@northwind.example".into()),
    };
    FrameioCredential::user(&config, &tokens)
}

fn bearer(p: &ProfileSecrets, account: &str) -> String {
    p.frameio_for(account).unwrap().1.bearer().unwrap().expose_secret().to_owned()
}

#[test]
fn the_old_format_loads_and_is_rewritten_in_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = CredentialsFile::path(dir.path());
    let old = "[profiles.acme]\nworkfront_api_key = \"k\"\n\n[profiles.acme.frameio]\n\
               \"acct-1\" = \"fio-u-shared\"\n\"acct-2\" = \"fio-u-shared\"\n\"acct-3\" = \"fio-u-other\"\n";
    crate::fsutil::write_private(&path, old.as_bytes()).unwrap();
    let file = CredentialsFile::load(&path).unwrap();
    let p = &file.profiles["acme"];
    for (account, token) in [("acct-1", "fio-u-shared"), ("acct-2", "fio-u-shared"), ("acct-3", "fio-u-other")] {
        assert_eq!(p.frameio_for(account).unwrap().1.kind(), CredentialKind::DeveloperToken);
        assert_eq!(bearer(p, account), token);
    }
    assert_eq!(p.frameio_credentials.len(), 2, "the shared token is stored once");
    CredentialsFile::update(&path, |_| Ok(())).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("[profiles.acme.frameio]"), "{text}");
    assert!(text.contains("[profiles.acme.frameio_accounts]\nacct-1 = \"developer-token\""), "{text}");
    assert!(text.contains("[profiles.acme.frameio_credentials.developer-token-2]"), "{text}");
    assert_eq!(text.matches("fio-u-shared").count(), 1, "{text}");
    let again = CredentialsFile::load(&path).unwrap();
    assert_eq!(bearer(&again.profiles["acme"], "acct-3"), "fio-u-other");
}

#[test]
fn one_sign_in_serves_many_accounts_and_keeps_its_newest_tokens() {
    let mut p = ProfileSecrets::default();
    let current = p.set_frameio_current(&avery("at-1", "rt-1", 1));
    assert_eq!(current, "avery.admin@northwind.example");
    assert_eq!(p.put_frameio("acct-1", &avery("at-1", "rt-1", 1)), current);
    assert_eq!(p.put_frameio("acct-2", &avery("at-1", "rt-1", 1)), current);
    // A renewal, then a stale snapshot of before it: the renewal stays.
    p.store_frameio(&current, &avery("at-2", "rt-2", 25));
    assert_eq!(p.put_frameio("acct-3", &avery("at-1", "rt-1", 1)), current);
    assert_eq!(p.frameio_credentials.len(), 1);
    for a in ["acct-1", "acct-2", "acct-3"] {
        assert_eq!(bearer(&p, a), "at-2");
    }
    assert_eq!(p.frameio_current_sign_in().unwrap().1.bearer().unwrap().expose_secret(), "at-2");
}

#[test]
fn keys_are_unique_labels_and_unused_credentials_go() {
    let mut p = ProfileSecrets::default();
    let a = p.put_frameio("acct-1", &FrameioCredential::developer_token("fio-u-a".into()));
    let b = p.put_frameio("acct-2", &FrameioCredential::developer_token("fio-u-b".into()));
    assert_eq!((a.as_str(), b.as_str()), ("developer-token", "developer-token-2"));
    let s2s =
        ImsConfig::server_to_server(Url::parse("https://ims-na1.adobelogin.com").unwrap(), "wfio-demo-s2s", "s".into());
    let c = p.put_frameio("acct-2", &FrameioCredential::server_to_server(&s2s, None).unwrap());
    assert_eq!(c, "s2s-wfio-demo-s2s");
    assert!(!p.frameio_credentials.contains_key("developer-token-2"), "acct-2's old token is named by nothing");
    assert_eq!(p.frameio_credentials.len(), 2);
}

#[test]
fn a_full_profile_round_trips_as_readable_toml() {
    let dir = tempfile::tempdir().unwrap();
    let path = CredentialsFile::path(dir.path());
    let config = ImsConfig::user(Url::parse("https://ims-na1.adobelogin.com").unwrap(), "wfio-demo-public");
    let pending = begin_login(&config);
    CredentialsFile::update(&path, |f| {
        let p = f.profiles.entry("acme".into()).or_default();
        p.workfront_api_key = Some("k".into());
        let key = p.set_frameio_current(&avery("at-1", "rt-1", 1));
        p.put_frameio("acct-1", &avery("at-1", "rt-1", 1));
        p.put_frameio("acct-2", &FrameioCredential::developer_token("fio-u-x".into()));
        p.frameio_pending = Some(pending.clone());
        Ok(key)
    })
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    for want in [
        "frameio_current = \"avery.admin@northwind.example\"",
        "[profiles.acme.frameio_accounts]",
        "acct-1 = \"avery.admin@northwind.example\"",
        "[profiles.acme.frameio_credentials.\"avery.admin@northwind.example\"]\nkind = \"user\"",
        "[profiles.acme.frameio_pending]",
    ] {
        assert!(text.contains(want), "{want} in:\n{text}");
    }
    let back = CredentialsFile::load(&path).unwrap();
    let p = &back.profiles["acme"];
    assert_eq!(bearer(p, "acct-1"), "at-1");
    assert_eq!(bearer(p, "acct-2"), "fio-u-x");
    let got = p.frameio_pending.as_ref().unwrap();
    assert_eq!(
        (got.state.as_str(), got.verifier.expose_secret()),
        (pending.state.as_str(), pending.verifier.expose_secret())
    );
    crate::fsutil::check_private(&path).unwrap();
}
