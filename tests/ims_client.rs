//! `wfio::ims` against the simulator's Adobe IMS over real HTTP: the copy/paste sign-in and the
//! loopback one, a confidential client, server to server, refresh, revocation, and what each
//! refusal becomes.

#[path = "common/ims.rs"]
mod ims_support;

use std::time::Duration;

use ims_support::*;
use secrecy::{ExposeSecret, SecretString};
use url::Url;
use wfio::frameio::FrameioError;
use wfio::http::{HttpOptions, retry::RetryPolicy};
use wfio::ims::{ImsClient, ImsConfig, ImsError, begin_login, callback, parse_pasted};
use wfio::sim::{SimOptions, Simulator};

async fn sim() -> (Simulator, Url) {
    let sim = Simulator::start(SimOptions::default()).await.unwrap();
    let base = Url::parse(&sim.base_url()).unwrap();
    (sim, base)
}

fn client(config: ImsConfig) -> ImsClient {
    ImsClient::new(config, &HttpOptions::default()).unwrap().with_retry(RetryPolicy::fast())
}

#[tokio::test]
async fn the_pasted_address_signs_in_and_frameio_takes_the_token() {
    let (sim, base) = sim().await;
    let config = ImsConfig::user(base.clone(), PUBLIC_CLIENT);
    let pending = begin_login(&config);
    let landed = browser_sign_in(&pending, AVERY).await;
    assert!(landed.starts_with("https://localhost/wfio/callback?"), "{landed}");
    // Pasted as a terminal delivers it: bracketed, with a newline.
    let code = parse_pasted(&format!("\u{1b}[200~{landed}\u{1b}[201~\n"), &pending).unwrap();
    let ims = client(config);
    let tokens = ims.exchange_code(&pending, &code).await.unwrap();
    assert_eq!(tokens.email.as_deref(), Some(AVERY), "from the id_token");
    assert!(tokens.refresh_token.is_some() && tokens.refresh_expires_at.is_some(), "offline_access");
    let left = tokens.expires_at.duration_since(jiff::Timestamp::now()).as_secs();
    assert!((86_000..=86_400).contains(&left), "a day: {left} s");
    assert_eq!(me(&sim.base_url(), tokens.access_token.expose_secret()).await, (200, Some("Avery Admin".into())));

    // A code is single use: sent again, the sign-in has to start again.
    let again = ims.exchange_code(&pending, &code).await.unwrap_err();
    assert!(matches!(&again, FrameioError::SignInExpired { detail } if detail.contains("invalid_grant")), "{again}");
    // The answer to one sign-in does not finish another.
    let other = begin_login(&ImsConfig::user(base, PUBLIC_CLIENT));
    assert_eq!(parse_pasted(&landed, &other), Err(ImsError::StateMismatch));
    let landed = browser_sign_in(&pending, AVERY).await;
    let code = parse_pasted(&landed, &pending).unwrap();
    let wrong_verifier = ims.exchange_code(&other, &code).await.unwrap_err();
    assert!(matches!(wrong_verifier, FrameioError::SignInExpired { .. }), "{wrong_verifier}");
}

#[tokio::test]
async fn the_loopback_callback_receives_the_code() {
    let (sim, base) = sim().await;
    let listener = callback::listen(0).await.unwrap();
    let config = ImsConfig::user(base, PUBLIC_CLIENT).with_redirect_uri(listener.redirect_uri());
    let pending = begin_login(&config);
    let waiting = {
        let pending = pending.clone();
        tokio::spawn(async move { listener.next_code(&pending, Duration::from_secs(10)).await })
    };
    // The browser follows IMS's redirect to 127.0.0.1 (a pattern of the demo client).
    let landed = browser_sign_in(&pending, AVERY).await;
    assert!(landed.starts_with(&pending.redirect_uri), "{landed}");
    let page = http().get(&landed).send().await.unwrap();
    assert!(page.text().await.unwrap().contains("You can close this tab"));
    let code = waiting.await.unwrap().unwrap();
    let tokens = client(config).exchange_code(&pending, &code).await.unwrap();
    assert_eq!(me(&sim.base_url(), tokens.access_token.expose_secret()).await.0, 200);
}

#[tokio::test]
async fn a_confidential_client_sends_its_secret_and_a_wrong_one_is_said_plainly() {
    let (_sim, base) = sim().await;
    let config = ImsConfig::user(base.clone(), WEBAPP_CLIENT).with_secret(Some(WEBAPP_SECRET.into()));
    let pending = begin_login(&config);
    let code = parse_pasted(&browser_sign_in(&pending, AVERY).await, &pending).unwrap();
    let tokens = client(config.clone()).exchange_code(&pending, &code).await.unwrap();
    assert!(tokens.refresh_token.is_some());

    let wrong = client(config.with_secret(Some("not-the-secret".into())));
    let err = wrong.refresh(tokens.refresh_token.as_ref().unwrap()).await.unwrap_err();
    assert!(matches!(&err, FrameioError::ClientRefused { client_id, .. } if client_id == WEBAPP_CLIENT), "{err}");
    assert!(err.to_string().contains("refused the client ID wfio-demo-webapp or its secret"), "{err}");
    assert!(!err.to_string().contains("not-the-secret"), "{err}");
}

#[tokio::test]
async fn refresh_rotates_and_ends_when_ims_says_so() {
    let (sim, base) = sim().await;
    let config = ImsConfig::user(base, PUBLIC_CLIENT);
    let pending = begin_login(&config);
    let code = parse_pasted(&browser_sign_in(&pending, AVERY).await, &pending).unwrap();
    let ims = client(config);
    let first = ims.exchange_code(&pending, &code).await.unwrap();
    let second = ims.refresh(first.refresh_token.as_ref().unwrap()).await.unwrap();
    assert_ne!(second.access_token.expose_secret(), first.access_token.expose_secret());
    let rotated = second.refresh_token.as_ref().unwrap();
    assert_ne!(rotated.expose_secret(), first.refresh_token.as_ref().unwrap().expose_secret());
    assert_eq!(me(&sim.base_url(), second.access_token.expose_secret()).await.0, 200);

    // Revoking the access token: Frame.io refuses it.
    ims.revoke(&second.access_token).await.unwrap();
    assert_eq!(me(&sim.base_url(), second.access_token.expose_secret()).await.0, 401);
    // An expired refresh token: the person signs in again.
    control(&sim.base_url(), "ims/expire?what=refresh").await;
    let err = ims.refresh(rotated).await.unwrap_err();
    assert!(matches!(&err, FrameioError::SignInExpired { detail } if detail.contains("expired")), "{err}");
    assert!(err.is_auth() && !err.is_transient());
}

#[tokio::test]
async fn server_to_server_mints_tokens_with_its_secret() {
    let (sim, base) = sim().await;
    let ims = client(ImsConfig::server_to_server(base.clone(), S2S_CLIENT, S2S_SECRET.into()));
    let t = ims.client_credentials().await.unwrap();
    assert!(t.refresh_token.is_none() && t.email.is_none());
    let (status, name) = me(&sim.base_url(), t.access_token.expose_secret()).await;
    assert_eq!(status, 200);
    assert!(name.is_some(), "the technical account is a Frame.io user");
    ims.revoke(&t.access_token).await.unwrap();
    assert_eq!(me(&sim.base_url(), t.access_token.expose_secret()).await.0, 401);

    let wrong = client(ImsConfig::server_to_server(base.clone(), S2S_CLIENT, SecretString::from("nope")));
    assert!(matches!(wrong.client_credentials().await.unwrap_err(), FrameioError::ClientRefused { .. }));
    // A person's client cannot mint: without a secret wfio says so before asking.
    let public = client(ImsConfig::user(base.clone(), PUBLIC_CLIENT));
    let err = public.client_credentials().await.unwrap_err();
    assert!(matches!(&err, FrameioError::Local { detail } if detail.contains("no client secret")), "{err}");
    // With a secret but not an S2S client: IMS refuses the grant.
    let webapp = client(ImsConfig::server_to_server(base, WEBAPP_CLIENT, WEBAPP_SECRET.into()));
    assert!(matches!(webapp.client_credentials().await.unwrap_err(), FrameioError::ClientRefused { .. }));
}

#[tokio::test]
async fn an_unreachable_ims_is_a_transport_error_naming_it() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = Url::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let ims = client(ImsConfig::server_to_server(base, S2S_CLIENT, S2S_SECRET.into()));
    let err = ims.client_credentials().await.unwrap_err();
    assert!(matches!(&err, FrameioError::Transport { service: "Adobe IMS", .. }), "{err}");
    assert!(err.is_transient() && !err.to_string().contains(S2S_SECRET));
}
