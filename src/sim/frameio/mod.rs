//! The simulated Frame.io legacy API (v2) under `/v2/...`.

pub mod store;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::Shared;

pub fn routes() -> axum::Router<Shared> {
    axum::Router::new().route("/v2/me", axum::routing::get(me))
}

/// Frame.io's documented error body: `{code, message, errors:[{code, detail, status, title}]}`.
pub fn error(status: StatusCode, detail: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    let body = json!({
        "code": status.as_u16(),
        "message": title,
        "errors": [{"code": status.as_u16(), "status": status.as_u16(), "title": title, "detail": detail}],
    });
    (status, axum::Json(body)).into_response()
}

/// The Frame.io user a bearer token belongs to, or the 401 response.
#[allow(clippy::result_large_err)] // an error here is the response, built once
pub fn authenticate(world: &super::World, headers: &HeaderMap) -> Result<String, Response> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| error(StatusCode::UNAUTHORIZED, "Missing or malformed Authorization header"))?;
    world
        .fio
        .tokens
        .get(token.trim())
        .cloned()
        .ok_or_else(|| error(StatusCode::UNAUTHORIZED, "The token is invalid, expired or revoked"))
}

pub async fn me(State(sim): State<Shared>, headers: HeaderMap) -> Response {
    let world = sim.lock();
    let user_id = match authenticate(&world, &headers) {
        Ok(u) => u,
        Err(r) => return r,
    };
    match world.fio.users.get(&user_id) {
        Some(user) => axum::Json(user.clone()).into_response(),
        None => error(StatusCode::UNAUTHORIZED, "The token's user no longer exists"),
    }
}
