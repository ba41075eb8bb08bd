//! Helpers for tests of the simulated Frame.io V4 API and Adobe IMS over real HTTP: a demo
//! simulator, calls with any credential, and an IMS sign-in (PKCE) as a browser would do it.
//! Included with `#[path = "common/v4.rs"] mod v4;`.
#![allow(dead_code)]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use wfio::sim::settings::RateLimits;
use wfio::sim::{SimOptions, Simulator};

/// The demo's developer tokens: Avery (admin of Studios, owner of Agency), Blake (owner of Blake
/// Rivera Edits), Casey (member only).
pub const AVERY: &str = "fio-u-demo-2accounts-Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";
pub const BLAKE: &str = "fio-u-demo-1account-Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5Ja";
pub const CASEY: &str = "fio-u-demo-noadmin-Cm4Rw9Pt2Xn7Lb5Vq1Hz8Ks3Df6Gj0Ya";
pub const PUBLIC_CLIENT: &str = "wfio-demo-public";
pub const WEBAPP_CLIENT: &str = "wfio-demo-webapp";
pub const WEBAPP_SECRET: &str = "p8e-wfioDemoWebApp-7Kq2Vx9Lm4Rt8Nc3Hs6Wd1Zf5Gj0YaQ";
pub const S2S_CLIENT: &str = "wfio-demo-s2s";
pub const S2S_SECRET: &str = "p8e-wfioDemoS2S-4Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5JaR";
pub const REDIRECT: &str = "https://localhost/wfio/callback";
pub const SCOPES: &str = "openid email profile offline_access additional_info.roles";

pub fn fid(name: &str) -> String {
    wfio::sim::ids::frameio_id_for(name)
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The demo simulator with rate limiting off (tests that meter turn it back on).
pub async fn demo() -> Simulator {
    let sim = Simulator::start(SimOptions::default()).await.unwrap();
    sim.world().settings.rate_limits = RateLimits::Off;
    sim
}

/// A credential for `/v4`.
#[derive(Debug, Clone, Copy)]
pub enum Cred<'a> {
    /// An IMS access token.
    Bearer(&'a str),
    /// A developer token with `x-frameio-legacy-token-auth: true`.
    Legacy(&'a str),
    None,
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("no {name} header"))
    }
    /// The first error's detail.
    pub fn detail(&self) -> &str {
        self.body["errors"][0]["detail"].as_str().unwrap_or_else(|| panic!("no error detail in {}", self.body))
    }
    pub fn data(&self) -> &Value {
        &self.body["data"]
    }
}

/// One request to `{base}{path}` (a `/v4/...` path).
pub async fn call(base: &str, cred: Cred<'_>, method: Method, path: &str, body: Option<Value>) -> Reply {
    let mut req = http().request(method, format!("{base}{path}"));
    match cred {
        Cred::Bearer(t) => req = req.bearer_auth(t),
        Cred::Legacy(t) => req = req.bearer_auth(t).header("x-frameio-legacy-token-auth", "true"),
        Cred::None => {}
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap();
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
    Reply { status, headers, body }
}

pub async fn get(base: &str, cred: Cred<'_>, path: &str) -> Reply {
    call(base, cred, Method::GET, path, None).await
}

pub async fn post(base: &str, cred: Cred<'_>, path: &str, data: Value) -> Reply {
    call(base, cred, Method::POST, path, Some(json!({ "data": data }))).await
}

pub async fn patch(base: &str, cred: Cred<'_>, path: &str, data: Value) -> Reply {
    call(base, cred, Method::PATCH, path, Some(json!({ "data": data }))).await
}

/// `POST url` with a form-encoded body (reqwest is built without its `form` feature).
pub async fn post_form(url: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
    let mut body = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        body.append_pair(k, v);
    }
    http()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.finish())
        .send()
        .await
        .unwrap()
}

/// A PKCE pair: (verifier, S256 challenge).
pub fn pkce(seed: &str) -> (String, String) {
    let verifier = format!("verifier-{seed}-0123456789abcdefghijklmnopqrstuvwxyz");
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// The query of a `Location` header, as pairs.
pub fn location_query(r: &reqwest::Response) -> Vec<(String, String)> {
    let loc = r.headers()["location"].to_str().unwrap();
    let url = url::Url::parse(loc).unwrap();
    url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

pub fn pair<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// Sign `email` in with the public client (PKCE S256): the form post, then the code exchange.
/// Returns the token response.
pub async fn sign_in(base: &str, email: &str) -> Value {
    let (verifier, challenge) = pkce(email);
    let form = [
        ("client_id", PUBLIC_CLIENT),
        ("redirect_uri", REDIRECT),
        ("scope", SCOPES),
        ("response_type", "code"),
        ("state", "st"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
        ("user", email),
    ];
    let r = post_form(&format!("{base}/ims/authorize/v2"), &form).await;
    assert_eq!(r.status(), 302);
    let q = location_query(&r);
    let code = pair(&q, "code").expect("a code").to_owned();
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("code_verifier", verifier.as_str()),
        ("redirect_uri", REDIRECT),
    ];
    let r = post_form(&format!("{base}/ims/token/v3?client_id={PUBLIC_CLIENT}"), &pairs).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// An S2S access token.
pub async fn s2s_token(base: &str) -> String {
    let pairs = [
        ("grant_type", "client_credentials"),
        ("client_id", S2S_CLIENT),
        ("client_secret", S2S_SECRET),
        ("scope", "openid AdobeID frame.s2s.all"),
    ];
    let r = post_form(&format!("{base}/ims/token/v3"), &pairs).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_owned()
}
