//! `POST /ims/token/v3` and `POST /ims/revoke` (form-encoded; parameters in the query string
//! count too, as public clients send `?client_id=`).
//!
//! Client authentication: `Authorization: Basic b64(id:secret)`, or `client_id` and
//! `client_secret` in the body (the Python SDK's way), or for public clients `client_id` alone.
//! Unknown client → 401 `invalid_client` ("invalid client_id parameter"); a confidential or
//! S2S client without its secret, or with a wrong one → 401 `invalid_client`.
//!
//! Grants:
//! - `authorization_code`: `code` (single use, expires; → `invalid_grant`), `redirect_uri` if
//!   sent must equal the one the code went to, `code_verifier` checked against the challenge
//!   (S256: `base64url(sha256(verifier)) == challenge`); a public client must send it.
//! - `refresh_token`: the refresh token's client must be the caller; expired → `invalid_grant`
//!   with "expired" in the description (what the SDK maps to `TokenExpiredError`). What
//!   happens to the old refresh token: see `Rotation`.
//! - `client_credentials`: S2S clients only (`unauthorized_client` otherwise); `scope` must
//!   contain `frame.s2s.all` (space or comma separated) → else `invalid_scope`. No refresh token.
//! - anything else → `unsupported_grant_type`.
//!
//! Both are POSTs: the request log's layer marks the world dirty after them, so issued and
//! revoked tokens reach the state file.
//!
//! Success: `{access_token, refresh_token (when the scope has offline_access), id_token (when it
//! has openid), token_type: "bearer", expires_in}`; `expires_in` is the whole seconds left, so
//! 86399 for a fresh 24-hour token, as IMS answers.

// An error here is the response itself, built once per request.
#![allow(clippy::result_large_err)]

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::error;
use super::jwt;
use super::store::{Client, ClientKind, Grant, Rotation, now_ms};
use crate::sim::{Shared, World};

type Params = Vec<(String, String)>;

fn params(query: Option<String>, body: &[u8]) -> Params {
    let mut p: Params = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    p.extend(url::form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())));
    p
}

fn get<'a>(p: &'a Params, key: &str) -> Option<&'a str> {
    p.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let v = headers.get("authorization")?.to_str().ok()?;
    let (scheme, b64) = v.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let text = String::from_utf8(STANDARD.decode(b64.trim()).ok()?).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// The authenticated client, or the 401.
fn authenticate(w: &World, headers: &HeaderMap, p: &Params) -> Result<Client, Response> {
    let (id, secret) = match basic(headers) {
        Some((id, secret)) => (Some(id), Some(secret)),
        None => (get(p, "client_id").map(str::to_owned), get(p, "client_secret").map(str::to_owned)),
    };
    let bad_id = || error(StatusCode::UNAUTHORIZED, "invalid_client", "invalid client_id parameter");
    let client = id.as_deref().and_then(|id| w.ims.client(id)).cloned().ok_or_else(bad_id)?;
    if client.kind != ClientKind::Public && client.client_secret.as_deref() != secret.as_deref() {
        return Err(error(StatusCode::UNAUTHORIZED, "invalid_client", "invalid client_secret parameter"));
    }
    Ok(client)
}

fn bad(code: &str, description: &str) -> Response {
    error(StatusCode::BAD_REQUEST, code, description)
}

fn has_scope(scope: &str, want: &str) -> bool {
    scope.split([' ', ',']).any(|s| s == want)
}

/// Seconds left, rounded down (IMS's 86399 for a fresh day-long token).
fn expires_in(expires_ms: u64, now: u64) -> u64 {
    (expires_ms.saturating_sub(now).saturating_sub(1) / 1000).max(1)
}

/// Mint an access token (and a refresh and id token when the scope asks) for `user`.
fn issue(w: &mut World, client: &Client, user: &str, scope: &str, s2s: bool, refresh: Option<String>) -> Value {
    let now = now_ms();
    let cfg = w.ims.config;
    let claims = |ttl: u64| {
        json!({"client_id": client.client_id, "user_id": user, "scope": scope.replace(' ', ","),
            "created_at": now.to_string(), "expires_in": ttl.to_string()})
    };
    let access = jwt::mint(&mut w.rng, "access_token", claims(cfg.access_token_ttl_ms));
    let grant = |ttl: u64| Grant {
        client_id: client.client_id.clone(),
        adobe_user_id: user.to_owned(),
        scope: scope.to_owned(),
        created_ms: now,
        expires_ms: now.saturating_add(ttl),
        revoked: false,
        s2s,
    };
    w.ims.access_tokens.insert(access.clone(), grant(cfg.access_token_ttl_ms));
    let mut out = json!({"access_token": access, "token_type": "bearer",
        "expires_in": expires_in(now + cfg.access_token_ttl_ms, now)});
    let refresh = match refresh {
        Some(r) => Some(r),
        None if !s2s && has_scope(scope, "offline_access") => {
            let r = jwt::mint(&mut w.rng, "refresh_token", claims(cfg.refresh_token_ttl_ms));
            w.ims.refresh_tokens.insert(r.clone(), grant(cfg.refresh_token_ttl_ms));
            Some(r)
        }
        None => None,
    };
    if let Some(r) = refresh {
        out["refresh_token"] = json!(r);
    }
    if !s2s && has_scope(scope, "openid") {
        let who = w.ims.user(user).cloned();
        let id_claims = json!({"sub": user, "aud": client.client_id, "iss": "ims-na1", "iat": now / 1000,
            "exp": (now + cfg.access_token_ttl_ms) / 1000, "email": who.as_ref().map(|u| u.email.clone()),
            "name": who.map(|u| u.name)});
        out["id_token"] = json!(jwt::mint(&mut w.rng, "id_token", id_claims));
    }
    out
}

fn pkce_ok(challenge: &str, method: Option<&str>, verifier: &str) -> bool {
    match method {
        Some("S256") => URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge,
        _ => verifier == challenge,
    }
}

fn authorization_code(w: &mut World, client: &Client, p: &Params) -> Result<Value, Response> {
    let code_str = get(p, "code").ok_or_else(|| bad("invalid_request", "missing code parameter"))?;
    let now = now_ms();
    let code = w.ims.codes.get(code_str).cloned().ok_or_else(|| bad("invalid_grant", "invalid authorization code"))?;
    if code.used {
        return Err(bad("invalid_grant", "authorization code was already used"));
    }
    if now >= code.expires_ms {
        return Err(bad("invalid_grant", "authorization code has expired"));
    }
    if code.client_id != client.client_id {
        return Err(bad("invalid_grant", "authorization code was issued to another client"));
    }
    if get(p, "redirect_uri").is_some_and(|r| r != code.redirect_uri) {
        return Err(bad("invalid_grant", "redirect_uri does not match the authorization request"));
    }
    if let Some(challenge) = &code.code_challenge {
        let verifier =
            get(p, "code_verifier").ok_or_else(|| bad("invalid_request", "missing code_verifier parameter"))?;
        if !pkce_ok(challenge, code.code_challenge_method.as_deref(), verifier) {
            return Err(bad("invalid_grant", "code_verifier does not match the code_challenge"));
        }
    }
    if let Some(c) = w.ims.codes.get_mut(code_str) {
        c.used = true;
    }
    Ok(issue(w, client, &code.adobe_user_id, &code.scope, false, None))
}

fn refresh_token(w: &mut World, client: &Client, p: &Params) -> Result<Value, Response> {
    let token = get(p, "refresh_token").ok_or_else(|| bad("invalid_request", "missing refresh_token parameter"))?;
    let grant =
        w.ims.refresh_tokens.get(token).cloned().ok_or_else(|| bad("invalid_grant", "invalid refresh token"))?;
    if grant.revoked {
        return Err(bad("invalid_grant", "refresh token was revoked"));
    }
    if grant.expired(now_ms()) {
        return Err(bad("invalid_grant", "refresh token has expired"));
    }
    if grant.client_id != client.client_id {
        return Err(bad("invalid_grant", "refresh token was issued to another client"));
    }
    let keep = match client.refresh_rotation {
        Rotation::None => Some(token.to_owned()),
        Rotation::Rotate => None,
        Rotation::Strict => {
            if let Some(g) = w.ims.refresh_tokens.get_mut(token) {
                g.revoked = true;
            }
            None
        }
    };
    // A rotated refresh token gets a fresh 14 days (the grant's scope has offline_access).
    Ok(issue(w, client, &grant.adobe_user_id, &grant.scope, false, keep))
}

fn client_credentials(w: &mut World, client: &Client, p: &Params) -> Result<Value, Response> {
    if client.kind != ClientKind::S2s {
        return Err(bad("unauthorized_client", "this client may not use the client_credentials grant"));
    }
    let scope = get(p, "scope").unwrap_or("");
    if !has_scope(scope, "frame.s2s.all") {
        return Err(bad("invalid_scope", "scope must include frame.s2s.all for Frame.io server-to-server"));
    }
    let user = client.technical_account_id.clone().ok_or_else(|| bad("invalid_client", "no technical account"))?;
    Ok(issue(w, client, &user, scope, true, None))
}

/// `POST /ims/token/v3`.
pub async fn token(State(sim): State<Shared>, headers: HeaderMap, RawQuery(q): RawQuery, body: Bytes) -> Response {
    let p = params(q, &body);
    let result = {
        let mut w = sim.lock();
        match authenticate(&w, &headers, &p) {
            Err(r) => Err(r),
            Ok(client) => match get(&p, "grant_type") {
                Some("authorization_code") => authorization_code(&mut w, &client, &p),
                Some("refresh_token") => refresh_token(&mut w, &client, &p),
                Some("client_credentials") => client_credentials(&mut w, &client, &p),
                None => Err(bad("invalid_request", "missing grant_type parameter")),
                Some(_) => Err(bad("unsupported_grant_type", "unsupported grant_type")),
            },
        }
    };
    match result {
        Err(r) => r,
        Ok(v) => {
            let mut r = axum::Json(v).into_response();
            r.headers_mut().insert("cache-control", axum::http::HeaderValue::from_static("no-store"));
            r
        }
    }
}

/// `POST /ims/revoke` (`token=…`, client authentication as for the token endpoint) → 200 with
/// an empty body. An unknown token is 200 too (RFC 7009 §2.2). Revoking a refresh token also
/// revokes the access tokens of the same user and client.
pub async fn revoke(State(sim): State<Shared>, headers: HeaderMap, RawQuery(q): RawQuery, body: Bytes) -> Response {
    let p = params(q, &body);
    let mut w = sim.lock();
    let client = match authenticate(&w, &headers, &p) {
        Err(r) => return r,
        Ok(c) => c,
    };
    let Some(token) = get(&p, "token").map(str::to_owned) else {
        return bad("invalid_request", "missing token parameter");
    };
    let mine = |g: &Grant| g.client_id == client.client_id;
    if let Some(g) = w.ims.access_tokens.get_mut(&token).filter(|g| mine(g)) {
        g.revoked = true;
    }
    if let Some(g) = w.ims.refresh_tokens.get_mut(&token).filter(|g| mine(g)) {
        g.revoked = true;
        let user = g.adobe_user_id.clone();
        for a in w.ims.access_tokens.values_mut().filter(|a| a.client_id == client.client_id && a.adobe_user_id == user)
        {
            a.revoked = true;
        }
    }
    drop(w);
    StatusCode::OK.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_rfc7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_ok(challenge, Some("S256"), verifier));
        assert!(!pkce_ok(challenge, Some("S256"), "other"));
        assert!(pkce_ok("abc", Some("plain"), "abc"));
    }

    #[test]
    fn expiry_in_whole_seconds() {
        assert_eq!(expires_in(86_400_000, 0), 86_399);
        assert_eq!(expires_in(30_000, 0), 29);
        assert_eq!(expires_in(10, 0), 1);
    }
}
