//! One `/v2` request as the handlers see it: the parsed query and body, the caller, the world.

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub use super::common::{now, parse_query};
use super::store::Obj;
use crate::sim::World;

/// An API error, answered with the documented error body (notes §2.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiErr {
    pub status: StatusCode,
    pub detail: String,
}

impl ApiErr {
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self { status, detail: detail.into() }
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, detail)
    }
    /// 422, the docs' "invalid arguments".
    pub fn invalid(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, detail)
    }
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        super::error(self.status, &self.detail)
    }
}

pub type Reply = Result<Response, ApiErr>;

pub fn ok(v: Value) -> Reply {
    Ok(axum::Json(v).into_response())
}

/// The parts of a request the handlers read.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    /// The JSON (or form-encoded) body; always `{}` on GET, where Frame.io ignored bodies
    /// (frameioclient sends `{}` on every GET and puts list kwargs there: issue #20).
    pub body: Obj,
    /// `host:port` the client addressed, for absolute URLs (paging links, upload URLs).
    pub host: String,
    pub headers: HeaderMap,
}

impl Req {
    pub fn parse(method: Method, uri: &Uri, headers: HeaderMap, body: &[u8]) -> Result<Self, ApiErr> {
        let query = parse_query(uri.query().unwrap_or(""));
        let host = headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned)
            .or_else(|| uri.authority().map(|a| a.to_string()))
            .unwrap_or_else(|| "127.0.0.1".into());
        let body = if method == Method::GET || method == Method::HEAD {
            Obj::new()
        } else {
            match parse_body(&headers, body) {
                Ok(b) => b,
                // A DELETE body is optional; an unreadable one is ignored like a GET's.
                Err(_) if method == Method::DELETE => Obj::new(),
                Err(e) => return Err(e),
            }
        };
        Ok(Self { method, path: uri.path().to_owned(), query, body, host, headers })
    }

    pub fn q(&self, key: &str) -> Option<&str> {
        self.query.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// `include=a,b` names `what`.
    pub fn includes(&self, what: &str) -> bool {
        self.query.iter().filter(|(k, _)| k == "include").any(|(_, v)| v.split(',').any(|i| i.trim() == what))
    }

    /// `http://host:port` as the client addressed the simulator.
    pub fn base(&self) -> String {
        format!("http://{}", self.host)
    }

    pub fn str(&self, key: &str) -> Option<String> {
        match self.body.get(key)? {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// A boolean; form bodies send `"true"`/`"false"`.
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.body.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    /// A non-negative integer; form bodies send digits.
    pub fn u64(&self, key: &str) -> Result<Option<u64>, ApiErr> {
        match self.body.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => {
                n.as_u64().map(Some).ok_or_else(|| ApiErr::invalid(format!("{key} must be a non-negative integer")))
            }
            Some(Value::String(s)) => {
                s.trim().parse().map(Some).map_err(|_| ApiErr::invalid(format!("{key} must be a non-negative integer")))
            }
            Some(_) => Err(ApiErr::invalid(format!("{key} must be a non-negative integer"))),
        }
    }
}

fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Obj, ApiErr> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Obj::new());
    }
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        // Frame.io accepts form-encoded asset creation (notes §1.1); values stay strings.
        return Ok(url::form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiErr::new(StatusCode::BAD_REQUEST, "The request body must be a JSON object")),
        Err(e) => Err(ApiErr::new(StatusCode::BAD_REQUEST, format!("Malformed JSON body: {e}"))),
    }
}

/// A handler's view: the world (locked), the token's user and the request.
pub struct Ctx<'a> {
    pub w: &'a mut World,
    pub user: String,
    pub req: &'a Req,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_json_form_and_empty() {
        let mut h = HeaderMap::new();
        assert!(parse_body(&h, b"").unwrap().is_empty());
        assert_eq!(parse_body(&h, br#"{"a":1}"#).unwrap()["a"], 1);
        assert!(parse_body(&h, b"[1]").is_err());
        h.insert("content-type", "application/x-www-form-urlencoded".parse().unwrap());
        assert_eq!(parse_body(&h, b"name=a+b&filesize=3").unwrap()["name"], "a b");
    }
}
