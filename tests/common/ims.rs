//! Driving the simulator's Adobe IMS the way a person's browser does, and reading what it saw.
#![allow(dead_code)]

use serde_json::Value;
use wfio::ims::PendingLogin;

pub const PUBLIC_CLIENT: &str = "wfio-demo-public";
pub const WEBAPP_CLIENT: &str = "wfio-demo-webapp";
pub const WEBAPP_SECRET: &str = "p8e-wfioDemoWebApp-7Kq2Vx9Lm4Rt8Nc3Hs6Wd1Zf5Gj0YaQ";
pub const S2S_CLIENT: &str = "wfio-demo-s2s";
pub const S2S_SECRET: &str = "p8e-wfioDemoS2S-4Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5JaR";
pub const AVERY: &str = "avery.admin@northwind.example";

pub fn http() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Open the sign-in URL, press the button of `email`: the address the browser is sent to.
pub async fn browser_sign_in(pending: &PendingLogin, email: &str) -> String {
    let url = url::Url::parse(&pending.url).unwrap();
    let page = http().get(url.clone()).send().await.unwrap();
    assert_eq!(page.status(), 200, "the sign-in page");
    let mut form: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    form.push(("user".into(), email.into()));
    let mut action = url.clone();
    action.set_query(None);
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&form).finish();
    let r = http()
        .post(action)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302, "signed in");
    r.headers()["location"].to_str().unwrap().to_owned()
}

/// How many requests reached the token endpoint.
pub async fn token_requests(base: &str) -> usize {
    let v: Value = http().get(format!("{base}/_sim/requests?api=ims")).send().await.unwrap().json().await.unwrap();
    v["requests"].as_array().unwrap().iter().filter(|r| r["path"] == "/ims/token/v3").count()
}

/// `GET /v4/me` with a bearer token: the status and the user's name.
pub async fn me(base: &str, bearer: &str) -> (u16, Option<String>) {
    let r = http().get(format!("{base}/v4/me")).bearer_auth(bearer).send().await.unwrap();
    let status = r.status().as_u16();
    let v: Value = r.json().await.unwrap_or_default();
    (status, v["data"]["name"].as_str().map(str::to_owned))
}

/// A `/_sim/` control.
pub async fn control(base: &str, path: &str) {
    let r = http().post(format!("{base}/_sim/{path}")).send().await.unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
}
