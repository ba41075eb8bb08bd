//! A simulated Adobe IMS under `/ims/...`, on the same listener as the APIs, so one base URL
//! serves a whole demo (wfio's IMS base URL for the demo is the simulator's base URL).
//!
//! Reference: `shared/specs/frameio-v4-notes.md` §1 (DEVCON, FIO4). Routes:
//! - `GET /ims/authorize/v2` → an HTML sign-in page; `POST /ims/authorize/v2` → 302 to the
//!   redirect URI with `code` and `state` (`authorize`).
//! - `POST /ims/token/v3` (form): `authorization_code` (+ PKCE), `refresh_token`,
//!   `client_credentials` (`token`).
//! - `POST /ims/revoke` (form `token`) → 200 (`token`).
//! - `GET /ims/.well-known/openid-configuration`: absolute URLs on the address the client used.
//!
//! Errors of the token and revoke endpoints are IMS's `{"error","error_description"}` with 400
//! (401 for `invalid_client`). Tokens are JWT-shaped (`jwt`) and kept in `ImsStore` (`store`);
//! lifetimes in `ImsConfig`. The Frame.io side resolves a bearer token with [`resolve`].

pub mod authorize;
pub mod jwt;
pub mod page;
pub mod store;
pub mod token;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use self::store::{Grant, ImsStore, now_ms};
use super::Shared;

pub fn routes() -> axum::Router<Shared> {
    axum::Router::new()
        .route("/ims/authorize/v2", get(authorize::page).post(authorize::submit))
        .route("/ims/token/v3", post(token::token))
        .route("/ims/revoke", post(token::revoke))
        .route("/ims/.well-known/openid-configuration", get(discovery))
        .route("/ims", axum::routing::any(unknown))
        .route("/ims/{*rest}", axum::routing::any(unknown))
}

/// IMS's JSON error.
pub fn error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut r = (status, axum::Json(json!({"error": error, "error_description": description}))).into_response();
    r.headers_mut().insert("cache-control", axum::http::HeaderValue::from_static("no-store"));
    r
}

async fn unknown() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "no such IMS endpoint")
}

/// `http://host:port` as the client addressed the simulator.
pub fn base(headers: &HeaderMap) -> String {
    let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// `GET /ims/.well-known/openid-configuration`. `grant_types_supported` is what DEVCON's copy
/// of the real document lists; `client_credentials` works too (DEVCON S2S) but IMS does not
/// advertise it, so neither does the simulator.
async fn discovery(headers: HeaderMap) -> Response {
    let base = base(&headers);
    axum::Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/ims/authorize/v2"),
        "token_endpoint": format!("{base}/ims/token/v3"),
        "revocation_endpoint": format!("{base}/ims/revoke"),
        "userinfo_endpoint": format!("{base}/ims/userinfo/v2"),
        "jwks_uri": format!("{base}/ims/keys"),
        "response_types_supported": ["code", "token", "id_token", "id_token token"],
        "grant_types_supported": ["authorization_code", "implicit_grant", "refresh_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "profile", "offline_access", "additional_info.roles", "AdobeID"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic", "none"],
        "code_challenge_methods_supported": ["plain", "S256"],
        "claims_supported": ["aud", "email", "exp", "iat", "iss", "name", "sub"],
    }))
    .into_response()
}

/// What an IMS bearer token is, seen from an API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Valid: the grant behind it.
    Valid(Grant),
    Expired,
    Revoked,
    /// Not an access token this IMS issued.
    Unknown,
}

pub fn resolve(ims: &ImsStore, token: &str) -> Lookup {
    match ims.access_tokens.get(token) {
        None => Lookup::Unknown,
        Some(g) if g.revoked => Lookup::Revoked,
        Some(g) if g.expired(now_ms()) => Lookup::Expired,
        Some(g) => Lookup::Valid(g.clone()),
    }
}
