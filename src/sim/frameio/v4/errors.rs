//! V4's error body: `{"errors":[{"detail","source":{"pointer"},"title"}]}` (OpenAPI `BadRequest`,
//! `Unauthorized`, ... `TooManyRequests`: `detail` required, no other keys than these three).
//!
//! Wording: a field error reads like the real API's (notes §3: `{"detail":"Unexpected field:
//! foo","source":{"pointer":"/data/foo"},"title":"Invalid value"}`, the OpenApiSpex messages
//! Frame.io's Elixir service produces); other errors carry the status's reason phrase as title.
//! The 401 for a missing or unknown token says "Invalid or missing authorization token", as the
//! real service answered in forum.frame.io thread 3217.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error answered with V4's error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct V4Err {
    pub status: StatusCode,
    pub detail: String,
    pub pointer: Option<String>,
    pub title: Option<&'static str>,
}

impl V4Err {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self { status, detail: detail.into(), pointer: None, title: None }
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, detail)
    }
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, detail)
    }
    /// A 422 about one field, `pointer` like `/data/name` or `/page_size`.
    pub fn field(pointer: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            detail: detail.into(),
            pointer: Some(pointer.into()),
            title: Some("Invalid value"),
        }
    }
    pub fn invalid(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
    }
    pub fn body(&self) -> Value {
        let title = self.title.or(self.status.canonical_reason()).unwrap_or("Error");
        let mut e = json!({"detail": self.detail, "title": title});
        if let Some(p) = &self.pointer {
            e["source"] = json!({"pointer": p});
        }
        json!({"errors": [e]})
    }
}

impl IntoResponse for V4Err {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// A V4 error response (the fault layer uses this for `/v4` 5xx and 429s).
pub fn error(status: StatusCode, detail: &str) -> Response {
    V4Err::new(status, detail).into_response()
}

pub type Reply = Result<Response, V4Err>;

/// `{"data": v}` with 200.
pub fn ok(v: Value) -> Reply {
    Ok(axum::Json(json!({ "data": v })).into_response())
}

/// `{"data": v}` with 201.
pub fn created(v: Value) -> Reply {
    Ok((StatusCode::CREATED, axum::Json(json!({ "data": v }))).into_response())
}

pub fn no_content() -> Reply {
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies() {
        let e = V4Err::field("/data/foo", "Unexpected field: foo").body();
        assert_eq!(
            e,
            json!({"errors":[{"detail":"Unexpected field: foo","source":{"pointer":"/data/foo"},"title":"Invalid value"}]})
        );
        let e = V4Err::not_found("Project").body();
        assert_eq!(e, json!({"errors":[{"detail":"Project not found","title":"Not Found"}]}));
    }
}
