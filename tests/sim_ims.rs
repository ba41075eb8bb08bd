//! The simulated Adobe IMS over real HTTP: discovery, the sign-in page and its form post,
//! PKCE, codes (single use, expiry), refresh (rotation, expiry), access-token expiry as `/v4`
//! sees it, server to server, confidential clients, revocation, persistence and the
//! `--ims-token-ttl` flag.

#[path = "common/simproc.rs"]
mod simproc;
#[path = "common/v4.rs"]
mod v4;

use serde_json::{Value, json};
use v4::{
    Cred, PUBLIC_CLIENT, REDIRECT, S2S_CLIENT, S2S_SECRET, SCOPES, WEBAPP_CLIENT, WEBAPP_SECRET, demo, get, pair, pkce,
    post_form,
};
use wfio::sim::ims::store::Rotation;
use wfio::sim::{SimOptions, Simulator};

fn authorize_url(base: &str, extra: &[(&str, &str)]) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in
        [("client_id", PUBLIC_CLIENT), ("redirect_uri", REDIRECT), ("scope", SCOPES), ("response_type", "code")]
    {
        if !extra.iter().any(|(e, _)| *e == k) {
            q.append_pair(k, v);
        }
    }
    for (k, v) in extra {
        q.append_pair(k, v);
    }
    format!("{base}/ims/authorize/v2?{}", q.finish())
}

/// Sign in through the form post; the redirect's query.
async fn code_for(base: &str, email: &str, challenge: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = vec![
        ("client_id", PUBLIC_CLIENT),
        ("redirect_uri", REDIRECT),
        ("scope", SCOPES),
        ("response_type", "code"),
        ("state", "s-1"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("user", email),
    ];
    for (k, v) in extra {
        form.retain(|(f, _)| f != k);
        form.push((k, v));
    }
    let r = post_form(&format!("{base}/ims/authorize/v2"), &form).await;
    assert_eq!(r.status(), 302);
    v4::location_query(&r)
}

async fn token(base: &str, query: &str, pairs: &[(&str, &str)]) -> (u16, Value) {
    let r = post_form(&format!("{base}/ims/token/v3{query}"), pairs).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

async fn exchange(base: &str, code: &str, verifier: &str) -> (u16, Value) {
    let q = format!("?client_id={PUBLIC_CLIENT}");
    token(base, &q, &[("grant_type", "authorization_code"), ("code", code), ("code_verifier", verifier)]).await
}

async fn me_status(base: &str, access: &str) -> (u16, Value) {
    let r = get(base, Cred::Bearer(access), "/v4/me").await;
    (r.status.as_u16(), r.body)
}

#[tokio::test]
async fn discovery_gives_absolute_urls_on_the_address_used() {
    let sim = demo().await;
    let base = sim.base_url();
    let v: Value = v4::http()
        .get(format!("{base}/ims/.well-known/openid-configuration"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["authorization_endpoint"], format!("{base}/ims/authorize/v2"));
    assert_eq!(v["token_endpoint"], format!("{base}/ims/token/v3"));
    assert_eq!(v["revocation_endpoint"], format!("{base}/ims/revoke"));
    assert!(v["code_challenge_methods_supported"].as_array().unwrap().contains(&json!("S256")));
    let other = v4::http()
        .get(format!("{base}/ims/.well-known/openid-configuration"))
        .header("host", "localhost:9999")
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(other["token_endpoint"], "http://localhost:9999/ims/token/v3");
}

#[tokio::test]
async fn the_sign_in_page_and_its_refusals() {
    let sim = demo().await;
    let base = sim.base_url();
    let (_, challenge) = pkce("page");
    let ok = [("state", "abc"), ("code_challenge", challenge.as_str()), ("code_challenge_method", "S256")];
    let page = v4::http().get(authorize_url(&base, &ok)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("Sign in as Avery Admin") && html.contains("Sign in as Blake Rivera"), "{html}");
    assert!(html.contains("name=\"state\" value=\"abc\"") && html.contains("method=\"post\""), "{html}");
    assert!(!html.contains("<script"), "no JavaScript needed");
    // Unknown client: an error page, never a redirect.
    let r = v4::http().get(authorize_url(&base, &[("client_id", "nope")])).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.headers().get("location").is_none());
    // A public client without PKCE, or with plain: back to the redirect URI with the error and the state.
    for extra in
        [vec![("state", "abc")], vec![("state", "abc"), ("code_challenge", "x"), ("code_challenge_method", "plain")]]
    {
        let r = v4::http().get(authorize_url(&base, &extra)).send().await.unwrap();
        assert_eq!(r.status(), 302);
        let q = v4::location_query(&r);
        assert!(r.headers()["location"].to_str().unwrap().starts_with(REDIRECT));
        assert_eq!((pair(&q, "error"), pair(&q, "state")), (Some("invalid_request"), Some("abc")));
        assert!(pair(&q, "error_description").is_some());
    }
    let r = v4::http()
        .get(authorize_url(
            &base,
            &[("response_type", "token"), ("code_challenge", "x"), ("code_challenge_method", "S256")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(pair(&v4::location_query(&r), "error"), Some("unsupported_response_type"));
    // Redirects: a loopback callback matches a pattern; anything else falls back to the default.
    let q = code_for(
        &base,
        "avery.admin@northwind.example",
        &challenge,
        &[("redirect_uri", "http://127.0.0.1:43210/callback")],
    )
    .await;
    assert!(pair(&q, "code").is_some());
    let r = post_form(
        &format!("{base}/ims/authorize/v2"),
        &[
            ("client_id", PUBLIC_CLIENT),
            ("redirect_uri", "https://evil.example/cb"),
            ("response_type", "code"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("user", "avery.admin@northwind.example"),
        ],
    )
    .await;
    assert!(r.headers()["location"].to_str().unwrap().starts_with(REDIRECT), "{:?}", r.headers()["location"]);
    let r = post_form(
        &format!("{base}/ims/authorize/v2"),
        &[
            ("client_id", PUBLIC_CLIENT),
            ("response_type", "code"),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("user", "nobody@nowhere.example"),
        ],
    )
    .await;
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn code_pkce_and_single_use() {
    let sim = demo().await;
    let base = sim.base_url();
    let (verifier, challenge) = pkce("a");
    let q = code_for(&base, "avery.admin@northwind.example", &challenge, &[]).await;
    assert_eq!(pair(&q, "state"), Some("s-1"));
    let code = pair(&q, "code").unwrap().to_owned();
    let (status, err) = exchange(&base, &code, "the wrong verifier").await;
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_grant")));
    let (status, err) =
        token(&base, &format!("?client_id={PUBLIC_CLIENT}"), &[("grant_type", "authorization_code"), ("code", &code)])
            .await;
    assert_eq!(
        (status, err["error"].as_str()),
        (400, Some("invalid_request")),
        "a public client must send the verifier"
    );
    let (status, err) = token(
        &base,
        &format!("?client_id={PUBLIC_CLIENT}"),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("code_verifier", &verifier),
            ("redirect_uri", "https://localhost/other"),
        ],
    )
    .await;
    assert_eq!(
        (status, err["error"].as_str()),
        (400, Some("invalid_grant")),
        "redirect_uri must equal the authorized one"
    );
    let (status, t) = exchange(&base, &code, &verifier).await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["token_type"], "bearer");
    assert_eq!(t["expires_in"], 86399);
    assert!(t["refresh_token"].is_string() && t["id_token"].is_string());
    let access = t["access_token"].as_str().unwrap();
    assert_eq!(access.split('.').count(), 3, "JWT-shaped");
    let payload = wfio::sim::ims::jwt::payload(access).unwrap();
    assert_eq!(payload["client_id"], PUBLIC_CLIENT);
    assert_eq!(payload["expires_in"], "86400000");
    assert!(payload["user_id"].as_str().unwrap().ends_with("@AdobeID") && payload["created_at"].is_string());
    assert_eq!(me_status(&base, access).await.0, 200);
    let (status, err) = exchange(&base, &code, &verifier).await;
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_grant")), "codes are single use");
    // Codes expire.
    let q = code_for(&base, "blake.rivera@northwind.example", &challenge, &[]).await;
    let r = v4::http().post(format!("{base}/_sim/ims/expire?what=codes")).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["expired"], 1);
    let (status, err) = exchange(&base, pair(&q, "code").unwrap(), &verifier).await;
    assert_eq!(status, 400);
    assert!(err["error_description"].as_str().unwrap().contains("expired"), "{err}");
}

#[tokio::test]
async fn access_tokens_expire_with_the_real_401() {
    let sim = demo().await;
    let base = sim.base_url();
    let t = v4::sign_in(&base, "avery.admin@northwind.example").await;
    let access = t["access_token"].as_str().unwrap();
    assert_eq!(me_status(&base, access).await.0, 200);
    let r = v4::http().post(format!("{base}/_sim/ims/expire")).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["expired"], 1);
    let (status, body) = me_status(&base, access).await;
    assert_eq!(status, 401);
    assert_eq!(body["errors"][0]["detail"], "The access token has expired");
    // A short lifetime, as tests set it: the token's expires_in says so, and it runs out.
    let r =
        v4::http().put(format!("{base}/_sim/ims")).json(&json!({"access_token_ttl_ms": 1200})).send().await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["config"]["access_token_ttl_ms"], 1200);
    let t = v4::sign_in(&base, "avery.admin@northwind.example").await;
    assert_eq!(t["expires_in"], 1);
    let access = t["access_token"].as_str().unwrap();
    assert_eq!(me_status(&base, access).await.0, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    assert_eq!(me_status(&base, access).await.0, 401);
    // Revoked: 401 as an unknown token.
    let t = v4::sign_in(&base, "avery.admin@northwind.example").await;
    let access = t["access_token"].as_str().unwrap().to_owned();
    let r = v4::http().post(format!("{base}/_sim/ims/revoke")).send().await.unwrap();
    assert!(r.json::<Value>().await.unwrap()["revoked"].as_u64().unwrap() >= 2);
    let (status, body) = me_status(&base, &access).await;
    assert_eq!((status, body["errors"][0]["detail"].as_str()), (401, Some("Invalid or missing authorization token")));
}

#[tokio::test]
async fn refresh_rotates_and_expires_after_its_lifetime() {
    let sim = demo().await;
    let base = sim.base_url();
    let t = v4::sign_in(&base, "avery.admin@northwind.example").await;
    let r1 = t["refresh_token"].as_str().unwrap().to_owned();
    let q = format!("?client_id={PUBLIC_CLIENT}");
    let (status, t2) = token(&base, &q, &[("grant_type", "refresh_token"), ("refresh_token", &r1)]).await;
    assert_eq!(status, 200, "{t2}");
    let r2 = t2["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2, "a new refresh token on refresh");
    assert_eq!(me_status(&base, t2["access_token"].as_str().unwrap()).await.0, 200);
    let (status, _) = token(&base, &q, &[("grant_type", "refresh_token"), ("refresh_token", &r1)]).await;
    assert_eq!(status, 200, "the old one keeps working (rotation `rotate`)");
    let (status, err) = token(
        &base,
        "",
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &r1),
            ("client_id", WEBAPP_CLIENT),
            ("client_secret", WEBAPP_SECRET),
        ],
    )
    .await;
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_grant")), "another client's refresh token");
    // Strict rotation: the used one stops working.
    sim.world().ims.clients.iter_mut().find(|c| c.client_id == PUBLIC_CLIENT).unwrap().refresh_rotation =
        Rotation::Strict;
    let (_, t3) = token(&base, &q, &[("grant_type", "refresh_token"), ("refresh_token", &r2)]).await;
    assert!(t3["refresh_token"].is_string());
    let (status, err) = token(&base, &q, &[("grant_type", "refresh_token"), ("refresh_token", &r2)]).await;
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_grant")));
    // Refresh tokens live 14 days; expired, the description says so (the SDK's TokenExpiredError).
    let grant = sim.world().ims.refresh_tokens[t3["refresh_token"].as_str().unwrap()].clone();
    assert_eq!(grant.expires_ms - grant.created_ms, 14 * 86_400_000);
    v4::http().post(format!("{base}/_sim/ims/expire?what=refresh")).send().await.unwrap();
    let (status, err) =
        token(&base, &q, &[("grant_type", "refresh_token"), ("refresh_token", t3["refresh_token"].as_str().unwrap())])
            .await;
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_grant")));
    assert!(err["error_description"].as_str().unwrap().contains("expired"), "{err}");
}

#[tokio::test]
async fn server_to_server_and_client_errors() {
    let sim = demo().await;
    let base = sim.base_url();
    let s2s = |scope: &'static str, secret: &'static str| {
        [("grant_type", "client_credentials"), ("client_id", S2S_CLIENT), ("client_secret", secret), ("scope", scope)]
    };
    let (status, t) = token(&base, "", &s2s("openid AdobeID frame.s2s.all", S2S_SECRET)).await;
    assert_eq!(status, 200, "{t}");
    assert!(t.get("refresh_token").is_none(), "S2S has no refresh token");
    assert_eq!(
        get(&base, Cred::Bearer(t["access_token"].as_str().unwrap()), "/v4/me").await.data()["name"],
        "Service Account User"
    );
    let (status, err) = token(&base, "", &s2s("openid AdobeID", S2S_SECRET)).await;
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_scope")));
    let (status, err) = token(&base, "", &s2s("openid,AdobeID,frame.s2s.all", "wrong")).await;
    assert_eq!((status, err["error"].as_str()), (401, Some("invalid_client")));
    let (status, err) = token(&base, "", &[("grant_type", "client_credentials"), ("client_id", "nobody")]).await;
    assert_eq!((status, err["error"].as_str()), (401, Some("invalid_client")));
    let q = format!("?client_id={PUBLIC_CLIENT}");
    let (status, err) = token(&base, &q, &[("grant_type", "client_credentials"), ("scope", "frame.s2s.all")]).await;
    assert_eq!((status, err["error"].as_str()), (400, Some("unauthorized_client")));
    let (status, err) = token(&base, &q, &[("grant_type", "password")]).await;
    assert_eq!((status, err["error"].as_str()), (400, Some("unsupported_grant_type")));
    let (status, err) = token(&base, &q, &[]).await;
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_request")));
}

#[tokio::test]
async fn a_confidential_client_authenticates_with_basic_or_the_body_and_can_revoke() {
    let sim = demo().await;
    let base = sim.base_url();
    let sign_in = |email: &'static str| {
        let base = base.clone();
        async move {
            let form = [("client_id", WEBAPP_CLIENT), ("response_type", "code"), ("scope", SCOPES), ("user", email)];
            let r = post_form(&format!("{base}/ims/authorize/v2"), &form).await;
            assert!(r.headers()["location"].to_str().unwrap().starts_with(REDIRECT), "the default redirect URI");
            pair(&v4::location_query(&r), "code").unwrap().to_owned()
        }
    };
    let code = sign_in("blake.rivera@northwind.example").await;
    let basic =
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, format!("{WEBAPP_CLIENT}:{WEBAPP_SECRET}"));
    let r = v4::http()
        .post(format!("{base}/ims/token/v3"))
        .header("authorization", format!("Basic {basic}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("grant_type=authorization_code&code={code}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let t: Value = r.json().await.unwrap();
    assert_eq!(
        get(&base, Cred::Bearer(t["access_token"].as_str().unwrap()), "/v4/me").await.data()["name"],
        "Blake Rivera"
    );
    let code = sign_in("blake.rivera@northwind.example").await;
    let (status, err) =
        token(&base, "", &[("grant_type", "authorization_code"), ("code", &code), ("client_id", WEBAPP_CLIENT)]).await;
    assert_eq!(
        (status, err["error"].as_str()),
        (401, Some("invalid_client")),
        "a confidential client needs its secret"
    );
    let (status, t) = token(
        &base,
        "",
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", WEBAPP_CLIENT),
            ("client_secret", WEBAPP_SECRET),
        ],
    )
    .await;
    assert_eq!(status, 200);
    let access = t["access_token"].as_str().unwrap();
    let r = post_form(
        &format!("{base}/ims/revoke"),
        &[("token", access), ("client_id", WEBAPP_CLIENT), ("client_secret", WEBAPP_SECRET)],
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(get(&base, Cred::Bearer(access), "/v4/me").await.status, 401);
    let r = post_form(&format!("{base}/ims/revoke?client_id={PUBLIC_CLIENT}"), &[("token", "whatever")]).await;
    assert_eq!(r.status(), 200, "an unknown token revokes fine");
}

#[tokio::test]
async fn tokens_survive_a_restart_with_state() {
    let dir = tempfile::tempdir().unwrap();
    let opts = || SimOptions { state_path: Some(dir.path().join("sim.json")), ..SimOptions::default() };
    let sim = Simulator::start(opts()).await.unwrap();
    let t = v4::sign_in(&sim.base_url(), "casey.morgan@northwind.example").await;
    sim.shutdown().await;
    let sim = Simulator::start(opts()).await.unwrap();
    let base = sim.base_url();
    let me = get(&base, Cred::Bearer(t["access_token"].as_str().unwrap()), "/v4/me").await;
    assert_eq!(me.data()["name"], "Casey Morgan");
    let q = format!("?client_id={PUBLIC_CLIENT}");
    let (status, _) =
        token(&base, &q, &[("grant_type", "refresh_token"), ("refresh_token", t["refresh_token"].as_str().unwrap())])
            .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_cli_flag_sets_the_access_token_lifetime() {
    let dir = tempfile::tempdir().unwrap();
    let sim = simproc::SimProc::start(dir.path(), &["--ims-token-ttl", "30s"]);
    let v: Value = sim.http.get(format!("{}/_sim/ims", sim.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(v["config"]["access_token_ttl_ms"], 30_000);
    let t = v4::sign_in(&sim.base, "avery.admin@northwind.example").await;
    assert_eq!(t["expires_in"], 29);
    let log: Value =
        sim.http.get(format!("{}/_sim/requests?api=ims", sim.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(log["requests"].as_array().unwrap().len(), 2, "IMS requests are logged");
}

#[tokio::test]
async fn a_state_from_before_ims_gets_the_seeds_clients() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sim.json");
    let opts = || SimOptions { state_path: Some(path.clone()), ..SimOptions::default() };
    Simulator::start(opts()).await.unwrap().shutdown().await;
    let mut state: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    state.as_object_mut().unwrap().remove("ims");
    std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
    let sim = Simulator::start(opts()).await.unwrap();
    let t = v4::sign_in(&sim.base_url(), "avery.admin@northwind.example").await;
    assert!(t["access_token"].is_string());
}
