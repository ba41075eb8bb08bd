//! `TokenSource` and the `Vault` against the simulator's Adobe IMS and Frame.io V4 over real
//! HTTP: a sign-in renewed once for many callers and stored before use, two processes sharing a
//! credentials file under strict refresh-token rotation, a revoked sign-in, server to server.

#[path = "common/ims.rs"]
mod ims_support;

use std::sync::{Arc, Mutex};

use ims_support::*;
use jiff::{SignedDuration, Timestamp};
use secrecy::ExposeSecret;
use url::Url;
use wfio::credentials::CredentialsFile;
use wfio::frameio::auth::{CredentialKind, TokenSource};
use wfio::frameio::renewal::Persist;
use wfio::frameio::{FrameioCredential, FrameioError};
use wfio::http::{HttpOptions, retry::RetryPolicy};
use wfio::ims::{ImsClient, ImsConfig, TokenSet, begin_login, parse_pasted};
use wfio::integration::vault::Vault;
use wfio::sim::ims::store::Rotation;
use wfio::sim::{SimOptions, Simulator};

async fn sim() -> (Simulator, Url) {
    let sim = Simulator::start(SimOptions::default()).await.unwrap();
    let base = Url::parse(&sim.base_url()).unwrap();
    (sim, base)
}

fn client(config: ImsConfig) -> ImsClient {
    ImsClient::new(config, &HttpOptions::default()).unwrap().with_retry(RetryPolicy::fast())
}

/// Avery signed in through the paste flow.
async fn signed_in(base: &Url) -> (ImsClient, TokenSet) {
    let config = ImsConfig::user(base.clone(), PUBLIC_CLIENT);
    let pending = begin_login(&config);
    let code = parse_pasted(&browser_sign_in(&pending, AVERY).await, &pending).unwrap();
    let ims = client(config);
    let tokens = ims.exchange_code(&pending, &code).await.unwrap();
    (ims, tokens)
}

fn refresh_of(c: &FrameioCredential) -> String {
    match c {
        FrameioCredential::User { refresh_token: Some(r), .. } => r.expose_secret().to_owned(),
        other => panic!("no refresh token in {other:?}"),
    }
}

#[tokio::test]
async fn one_refresh_for_many_callers_stored_before_it_is_used() {
    let (sim, base) = sim().await;
    let (ims, mut tokens) = signed_in(&base).await;
    // wfio believes the token is about to expire: it renews before using it.
    tokens.expires_at = Timestamp::now() + SignedDuration::from_secs(20);
    let saved: Arc<Mutex<Vec<FrameioCredential>>> = Arc::default();
    let log = saved.clone();
    let persist: Persist = Arc::new(move |c: &FrameioCredential| {
        log.lock().unwrap().push(c.clone());
        Ok(())
    });
    let source = TokenSource::user(ims, tokens.clone(), persist);
    let before = token_requests(&sim.base_url()).await;
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let s = source.clone();
            tokio::spawn(async move { s.authorization().await.unwrap().bearer.expose_secret().to_owned() })
        })
        .collect();
    let mut got = Vec::new();
    for t in tasks {
        got.push(t.await.unwrap());
    }
    assert_eq!(token_requests(&sim.base_url()).await - before, 1, "one refresh");
    assert!(got.iter().all(|g| g == &got[0]) && got[0] != tokens.access_token.expose_secret());
    let saved = saved.lock().unwrap().clone();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].bearer().unwrap().expose_secret(), got[0], "the token handed out is the one stored");
    assert_ne!(refresh_of(&saved[0]), tokens.refresh_token.as_ref().unwrap().expose_secret(), "rotated, and stored");
    assert_eq!(me(&sim.base_url(), &got[0]).await, (200, Some("Avery Admin".into())));
    assert_eq!(refresh_of(&source.credential()), refresh_of(&saved[0]));
}

/// Two wfio processes on one credentials file (two vaults, two caches), with a client whose old
/// refresh token stops working on use: the access token expires at IMS, both see a 401; one
/// refreshes, the other adopts what it stored (refreshing with the spent token would fail).
#[tokio::test]
async fn two_processes_share_a_rotating_sign_in_through_the_file() {
    let (sim, base) = sim().await;
    sim.world().ims.clients.iter_mut().find(|c| c.client_id == PUBLIC_CLIENT).unwrap().refresh_rotation =
        Rotation::Strict;
    let (ims, tokens) = signed_in(&base).await;
    let dir = tempfile::tempdir().unwrap();
    let path = CredentialsFile::path(dir.path());
    let credential = FrameioCredential::user(ims.config(), &tokens);
    let first = Vault::file_backed("acme", path.clone()).with_ims_base(base.clone());
    first.set_current_sign_in(&credential).unwrap();
    first.put("acct-1", &credential).unwrap();
    first.put("acct-2", &credential).unwrap();
    let second = Vault::file_backed("acme", path.clone()).with_ims_base(base.clone());

    let a = first.token_source("acct-1").unwrap().unwrap();
    assert!(a.same_as(&first.token_source("acct-2").unwrap().unwrap()), "one sign-in, one source");
    assert!(a.same_as(&first.current_token_source().unwrap().unwrap()));
    let b = second.token_source("acct-2").unwrap().unwrap();
    let old = a.authorization().await.unwrap().bearer;
    assert_eq!(b.authorization().await.unwrap().bearer.expose_secret(), old.expose_secret());

    control(&sim.base_url(), "ims/expire?what=access").await;
    assert_eq!(me(&sim.base_url(), old.expose_secret()).await.0, 401);
    let before = token_requests(&sim.base_url()).await;
    assert!(a.refresh_after_unauthorized(&old).await.unwrap());
    assert!(b.refresh_after_unauthorized(&old).await.unwrap());
    assert_eq!(token_requests(&sim.base_url()).await - before, 1, "the second process adopted the first's");
    let (ta, tb) = (a.authorization().await.unwrap().bearer, b.authorization().await.unwrap().bearer);
    assert_eq!(ta.expose_secret(), tb.expose_secret());
    assert_eq!(me(&sim.base_url(), tb.expose_secret()).await.0, 200);
    // Stored once, for both accounts and the current sign-in, with the rotated refresh token.
    let file = CredentialsFile::load(&path).unwrap();
    let p = &file.profiles["acme"];
    assert_eq!(p.frameio_credentials.len(), 1);
    assert_eq!(refresh_of(p.frameio_for("acct-1").unwrap().1), refresh_of(&b.credential()));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(tokens.refresh_token.as_ref().unwrap().expose_secret()), "the spent token is gone");

    // Revoked at IMS (an admin ended the session): the next renewal says sign in again.
    control(&sim.base_url(), "ims/revoke").await;
    let err = a.refresh_after_unauthorized(&ta).await.unwrap_err();
    assert!(matches!(err, FrameioError::SignInExpired { .. }), "{err}");
    assert!(err.to_string().contains("Sign in again"), "{err}");
}

#[tokio::test]
async fn server_to_server_from_a_stored_client_mints_and_remints() {
    let (sim, base) = sim().await;
    let dir = tempfile::tempdir().unwrap();
    let path = CredentialsFile::path(dir.path());
    let vault = Vault::file_backed("acme", path.clone()).with_ims_base(base.clone());
    let config = ImsConfig::server_to_server(base, S2S_CLIENT, S2S_SECRET.into());
    vault.put("acct-1", &FrameioCredential::server_to_server(&config, None).unwrap()).unwrap();
    let source = vault.token_source("acct-1").unwrap().unwrap();
    assert_eq!(source.kind(), CredentialKind::ServerToServer);
    let first = source.authorization().await.unwrap();
    assert!(!first.legacy);
    assert_eq!(me(&sim.base_url(), first.bearer.expose_secret()).await.0, 200);
    let stored = vault.get("acct-1").unwrap().unwrap().0;
    assert_eq!(stored.bearer().unwrap().expose_secret(), first.bearer.expose_secret(), "kept for the next run");
    // Frame.io refuses it (expired early at IMS): a new one is minted once.
    control(&sim.base_url(), "ims/expire?what=access").await;
    assert!(source.refresh_after_unauthorized(&first.bearer).await.unwrap());
    let second = source.authorization().await.unwrap();
    assert_ne!(second.bearer.expose_secret(), first.bearer.expose_secret());
    assert_eq!(me(&sim.base_url(), second.bearer.expose_secret()).await.0, 200);
}
