//! `/ims/authorize/v2`: the authorization-code flow's front channel (DEVCON ims.md).
//!
//! `GET ?client_id&redirect_uri&scope&response_type=code&state&code_challenge&code_challenge_method`
//! answers 200 with the sign-in page (`page`). `POST` (form: the same parameters plus
//! `user=<email>`) signs that user in and answers `302 Location: <redirect_uri>?code=…&state=…`.
//!
//! Checks, in order: an unknown `client_id` (or an S2S client, which has no user flow) is a 400
//! error page, never a redirect. The redirect URI is the requested one when it equals the
//! client's default or matches one of its patterns (whole-string regexes), else the default
//! (DEVCON: "does not match … falls back to the default"). Then errors go to the redirect URI as
//! `error`, `error_description` and `state`: `response_type` other than `code` →
//! `unsupported_response_type`; a public client without `code_challenge`, or with a method
//! other than `S256` → `invalid_request` (PKCE S256 is required for public clients; a
//! confidential client may use PKCE, `plain` being the default method as in DEVCON).
//! An unknown `user` on POST is a 400 error page.

// An error here is the response itself, built once per request.
#![allow(clippy::result_large_err)]

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::jwt;
use super::page;
use super::store::{Client, ClientKind, Code, now_ms};
use crate::sim::Shared;

fn parse(raw: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn get<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

/// The redirect URI to use for `requested` (DEVCON's fallback to the default).
pub fn redirect_for(client: &Client, requested: Option<&str>) -> Option<String> {
    let default = client.redirect_uri.clone();
    let Some(req) = requested else { return default };
    if client.redirect_uri.as_deref() == Some(req) {
        return Some(req.to_owned());
    }
    let matches = client
        .redirect_uri_patterns
        .iter()
        .any(|p| regex::Regex::new(&format!("^(?:{p})$")).is_ok_and(|re| re.is_match(req)));
    if matches { Some(req.to_owned()) } else { default }
}

fn redirect(to: &str, pairs: &[(&str, &str)]) -> Response {
    let mut url = to.to_owned();
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        q.append_pair(k, v);
    }
    url.push(if url.contains('?') { '&' } else { '?' });
    url.push_str(&q.finish());
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(&url) {
        r.headers_mut().insert("location", v);
    }
    r
}

/// A checked request: the client and where to send the browser back.
struct Checked {
    client: Client,
    redirect_uri: String,
}

fn check(sim: &Shared, params: &[(String, String)]) -> Result<Checked, Response> {
    let w = sim.lock();
    let client = get(params, "client_id").and_then(|id| w.ims.client(id)).filter(|c| c.kind != ClientKind::S2s);
    let Some(client) = client.cloned() else {
        return Err(page::error_page(StatusCode::BAD_REQUEST, "invalid_client", "invalid client_id parameter"));
    };
    let Some(redirect_uri) = redirect_for(&client, get(params, "redirect_uri")) else {
        return Err(page::error_page(StatusCode::BAD_REQUEST, "invalid_request", "no redirect_uri registered"));
    };
    let state = get(params, "state").unwrap_or("");
    let fail = |error: &str, description: &str| {
        let mut pairs = vec![("error", error), ("error_description", description)];
        if !state.is_empty() {
            pairs.push(("state", state));
        }
        redirect(&redirect_uri, &pairs)
    };
    if get(params, "response_type") != Some("code") {
        return Err(fail("unsupported_response_type", "response_type must be code"));
    }
    if client.kind == ClientKind::Public {
        if get(params, "code_challenge").is_none() {
            return Err(fail("invalid_request", "code_challenge is required for public clients (PKCE)"));
        }
        if get(params, "code_challenge_method") != Some("S256") {
            return Err(fail("invalid_request", "code_challenge_method must be S256 for public clients"));
        }
    }
    if let Some(m) = get(params, "code_challenge_method")
        && m != "S256"
        && m != "plain"
    {
        return Err(fail("invalid_request", "unsupported code_challenge_method"));
    }
    Ok(Checked { client, redirect_uri })
}

/// `GET /ims/authorize/v2`.
pub async fn page(State(sim): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let params = parse(q.unwrap_or_default().as_bytes());
    match check(&sim, &params) {
        Err(r) => r,
        Ok(c) => {
            let users = sim.lock().ims.users.clone();
            let name = if c.client.name.is_empty() { c.client.client_id.clone() } else { c.client.name.clone() };
            page::sign_in(&name, &params, &users)
        }
    }
}

/// `POST /ims/authorize/v2` (form; the query string counts too).
pub async fn submit(State(sim): State<Shared>, RawQuery(q): RawQuery, body: Bytes) -> Response {
    let mut params = parse(q.unwrap_or_default().as_bytes());
    params.extend(parse(&body));
    let checked = match check(&sim, &params) {
        Err(r) => return r,
        Ok(c) => c,
    };
    let email = get(&params, "user").unwrap_or("");
    let mut w = sim.lock();
    let Some(user) = w.ims.user_by_email(email).cloned() else {
        return page::error_page(StatusCode::BAD_REQUEST, "access_denied", "unknown user: sign in as a demo user");
    };
    let now = now_ms();
    let ttl = w.ims.config.code_ttl_ms;
    let scope = get(&params, "scope").unwrap_or("openid").to_owned();
    let claims = json!({"client_id": checked.client.client_id, "user_id": user.adobe_user_id,
        "created_at": now.to_string(), "expires_in": ttl.to_string()});
    let code = jwt::mint(&mut w.rng, "authorization_code", claims);
    let method =
        get(&params, "code_challenge").map(|_| get(&params, "code_challenge_method").unwrap_or("plain").to_owned());
    w.ims.codes.insert(
        code.clone(),
        Code {
            client_id: checked.client.client_id.clone(),
            adobe_user_id: user.adobe_user_id.clone(),
            redirect_uri: checked.redirect_uri.clone(),
            scope,
            code_challenge: get(&params, "code_challenge").map(str::to_owned),
            code_challenge_method: method,
            created_ms: now,
            expires_ms: now.saturating_add(ttl),
            used: false,
        },
    );
    // Codes that can no longer be used are dropped as new ones are made.
    w.ims.codes.retain(|_, c| !c.used && c.expires_ms > now.saturating_sub(3_600_000));
    // The request log's layer marks the world dirty (a new code) after this POST.
    drop(w);
    let mut pairs = vec![("code", code.as_str())];
    if let Some(state) = get(&params, "state") {
        pairs.push(("state", state));
    }
    redirect(&checked.redirect_uri, &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ims::store::Rotation;

    fn client() -> Client {
        Client {
            client_id: "c".into(),
            kind: ClientKind::Public,
            name: String::new(),
            client_secret: None,
            redirect_uri: Some("https://localhost/cb".into()),
            redirect_uri_patterns: vec![r"http://127\.0\.0\.1:[0-9]{1,5}/callback".into()],
            refresh_rotation: Rotation::Rotate,
            org_id: None,
            technical_account_id: None,
        }
    }

    #[test]
    fn redirects_match_or_fall_back() {
        let c = client();
        assert_eq!(redirect_for(&c, None).as_deref(), Some("https://localhost/cb"));
        assert_eq!(
            redirect_for(&c, Some("http://127.0.0.1:8123/callback")).as_deref(),
            Some("http://127.0.0.1:8123/callback")
        );
        assert_eq!(redirect_for(&c, Some("http://127.0.0.1:8123/callback/x")).as_deref(), Some("https://localhost/cb"));
        assert_eq!(redirect_for(&c, Some("https://evil.example/cb")).as_deref(), Some("https://localhost/cb"));
    }
}
