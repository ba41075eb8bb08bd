use super::*;

fn user() -> FrameioCredential {
    toml::from_str(
        r#"
kind = "user"
ims_base = "https://ims-na1.adobelogin.com/"
client_id = "wfio-demo-public"
access_token = "at-USER-1234"
expires_at = "2026-12-03T10:00:00Z"
refresh_token = "rt-USER-5678"
refresh_expires_at = "2026-12-16T10:00:00Z"
user_email = "avery.admin@northwind.example"
"#,
    )
    .unwrap()
}

fn s2s() -> FrameioCredential {
    let config = ImsConfig::server_to_server(
        Url::parse("https://ims-na1.adobelogin.com").unwrap(),
        "wfio-demo-s2s",
        "s2s-SECRET-9abc".into(),
    );
    FrameioCredential::server_to_server(&config, None).unwrap()
}

fn dev() -> FrameioCredential {
    FrameioCredential::developer_token("fio-u-DEVTOKEN-R6SA".into())
}

#[test]
fn every_kind_round_trips_through_toml() {
    for c in [user(), s2s(), dev()] {
        let text = toml::to_string(&c).unwrap();
        let back: FrameioCredential = toml::from_str(&text).unwrap();
        assert_eq!(back.kind(), c.kind(), "{text}");
        assert_eq!(toml::to_string(&back).unwrap(), text);
        assert_eq!(
            back.bearer().map(|b| b.expose_secret().to_owned()),
            c.bearer().map(|b| b.expose_secret().to_owned())
        );
    }
    let text = toml::to_string(&user()).unwrap();
    assert!(text.contains("kind = \"user\"") && text.contains("refresh_token = \"rt-USER-5678\""), "{text}");
    assert!(!text.contains("client_secret"), "no secret, no key: {text}");
    assert!(toml::to_string(&dev()).unwrap().contains("kind = \"developer-token\""));
    assert!(toml::to_string(&s2s()).unwrap().contains("kind = \"server-to-server\""));
}

#[test]
fn debug_and_summaries_never_show_a_secret() {
    for c in [user(), s2s(), dev()] {
        let shown = format!("{c:?} {:?} {}", c.masked_summary(true), c.masked_summary(false));
        for secret in ["at-USER", "rt-USER", "s2s-SECRET", "fio-u-DEVTOKEN"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
    let s = user().masked_summary(false);
    assert_eq!(s.kind, CredentialKind::User);
    assert_eq!(s.client_id.as_deref(), Some("wfio-demo-public"));
    assert_eq!(
        s.secrets,
        vec![
            MaskedSecret { name: "access token", masked: "********1234".into() },
            MaskedSecret { name: "refresh token", masked: "********5678".into() }
        ]
    );
    assert_eq!(
        s.to_string(),
        "Adobe sign-in as avery.admin@northwind.example (client wfio-demo-public): access token ********1234 until \
         2026-12-03 10:00 UTC, refresh token ********5678 until about 2026-12-16 10:00 UTC"
    );
    assert_eq!(dev().masked_summary(false).to_string(), "developer token: token ********R6SA");
    assert_eq!(
        s2s().masked_summary(false).to_string(),
        "server-to-server (client wfio-demo-s2s): client secret ********9abc"
    );
}

#[test]
fn ims_settings_and_tokens_come_back_out() {
    let config = user().ims_config().unwrap().unwrap();
    assert_eq!((config.client_id.as_str(), config.scopes.as_str()), ("wfio-demo-public", crate::ims::USER_SCOPES));
    assert!(config.client_secret.is_none());
    let tokens = user().token_set().unwrap();
    assert_eq!(tokens.refresh_token.unwrap().expose_secret(), "rt-USER-5678");
    assert_eq!(tokens.email.as_deref(), Some("avery.admin@northwind.example"));
    let s2s_config = s2s().ims_config().unwrap().unwrap();
    assert_eq!(s2s_config.scopes, crate::ims::S2S_SCOPES);
    assert_eq!(s2s_config.client_secret.unwrap().expose_secret(), "s2s-SECRET-9abc");
    assert!(s2s().token_set().is_none(), "nothing minted yet");
    assert!(dev().ims_config().is_none());
    let no_secret = ImsConfig::user(Url::parse("https://ims-na1.adobelogin.com").unwrap(), "x");
    assert!(FrameioCredential::server_to_server(&no_secret, None).unwrap_err().contains("client secret"));
}

#[test]
fn the_same_sign_in_is_recognised_across_refreshes() {
    let a = user();
    let FrameioCredential::User { ims_base, client_id, .. } = a.clone() else { unreachable!() };
    let refreshed = FrameioCredential::User {
        ims_base: ims_base.clone(),
        client_id: client_id.clone(),
        client_secret: None,
        access_token: "at-2".into(),
        expires_at: "2026-12-04T10:00:00Z".parse().unwrap(),
        refresh_token: Some("rt-USER-5678".into()),
        refresh_expires_at: None,
        user_email: None,
    };
    assert!(a.same_identity(&refreshed), "same refresh token");
    // A new sign-in (no token in common): the same person by email, or someone else.
    let again = FrameioCredential::User {
        ims_base: ims_base.trim_end_matches('/').to_owned(),
        client_id: client_id.clone(),
        client_secret: None,
        access_token: "at-3".into(),
        expires_at: "2026-12-05T10:00:00Z".parse().unwrap(),
        refresh_token: Some("rt-3".into()),
        refresh_expires_at: None,
        user_email: Some("Avery.Admin@northwind.example".into()),
    };
    assert!(a.same_identity(&again), "same person, same client");
    let blake = again.clone().with_user_email(Some("blake@northwind.example".into()));
    assert_eq!(blake.user_email(), Some("blake@northwind.example"));
    assert!(!a.same_identity(&blake), "another person");
    let stranger = FrameioCredential::User {
        ims_base,
        client_id: "another-client".into(),
        client_secret: None,
        access_token: "at-USER-1234".into(),
        expires_at: "2026-12-04T10:00:00Z".parse().unwrap(),
        refresh_token: None,
        refresh_expires_at: None,
        user_email: Some("avery.admin@northwind.example".into()),
    };
    assert!(!a.same_identity(&stranger), "another client is another sign-in");
    assert!(dev().same_identity(&dev()) && !dev().same_identity(&FrameioCredential::developer_token("other".into())));
    assert!(s2s().same_identity(&s2s()) && !s2s().same_identity(&user()));
}
