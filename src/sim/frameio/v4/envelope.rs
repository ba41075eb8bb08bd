//! V4 requests: the `{"data":{…}}` envelope with its fields checked against the operation's
//! schema, and query parameters checked against theirs. Lists and paging: `paging`.
//!
//! Bodies: a body must be a JSON object (else 400). Top-level keys other than `data`, and keys of
//! `data` the operation's schema does not define, are 422 `Unexpected field: <name>` with the
//! JSON pointer (`/data/<name>`) and title `Invalid value`; a missing required field is 422
//! `Missing field: <name>`; a wrong type `Invalid string. Got: integer`; a value outside an enum
//! `Invalid value for enum`; a long string `String length is larger than maxLength: 255`. These
//! are OpenApiSpex's messages, which the real API answers with (notes §3).

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use serde_json::{Map, Value};

use super::errors::V4Err;

pub type Obj = Map<String, Value>;

/// The parts of a `/v4` request the handlers read.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    /// The parsed JSON body (`Null` when there is none, and always on GET and DELETE).
    pub body: Value,
    /// `host:port` the client addressed, for absolute URLs.
    pub host: String,
    pub headers: HeaderMap,
}

impl Req {
    pub fn parse(method: Method, uri: &Uri, headers: HeaderMap, body: &[u8]) -> Result<Self, V4Err> {
        let query = url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1").to_owned();
        let body = if method == Method::GET || method == Method::DELETE || body.iter().all(u8::is_ascii_whitespace) {
            Value::Null
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(v @ Value::Object(_)) => v,
                Ok(_) => return Err(V4Err::new(StatusCode::BAD_REQUEST, "The request body must be a JSON object")),
                Err(e) => return Err(V4Err::new(StatusCode::BAD_REQUEST, format!("Malformed JSON body: {e}"))),
            }
        };
        Ok(Self { method, path: uri.path().to_owned(), query, body, host, headers })
    }

    pub fn q(&self, key: &str) -> Option<&str> {
        self.query.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.host)
    }

    /// `include=a,b` names `what`.
    pub fn includes(&self, what: &str) -> bool {
        self.query.iter().filter(|(k, _)| k == "include").any(|(_, v)| v.split(',').any(|i| i.trim() == what))
    }
}

/// A field of a request schema.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Str { max: Option<usize>, nullable: bool },
    Bool { nullable: bool },
    Int { min: Option<i64>, max: Option<i64>, nullable: bool },
    Enum(&'static [&'static str]),
    StrArray,
    Object(&'static [Field]),
}

pub const fn req(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, required: true }
}

pub const fn opt(name: &'static str, kind: Kind) -> Field {
    Field { name, kind, required: false }
}

pub const STR: Kind = Kind::Str { max: None, nullable: false };
pub const NAME: Kind = Kind::Str { max: Some(255), nullable: false };
pub const BOOL: Kind = Kind::Bool { nullable: false };

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn check_value(v: &Value, kind: Kind, pointer: &str) -> Result<(), V4Err> {
    let invalid = |want: &str| V4Err::field(pointer, format!("Invalid {want}. Got: {}", type_name(v)));
    match (kind, v) {
        (
            Kind::Str { nullable: true, .. } | Kind::Bool { nullable: true } | Kind::Int { nullable: true, .. },
            Value::Null,
        ) => Ok(()),
        (Kind::Str { max, .. }, Value::String(s)) => match max {
            Some(m) if s.chars().count() > m => {
                Err(V4Err::field(pointer, format!("String length is larger than maxLength: {m}")))
            }
            _ => Ok(()),
        },
        (Kind::Str { .. }, _) => Err(invalid("string")),
        (Kind::Bool { .. }, Value::Bool(_)) => Ok(()),
        (Kind::Bool { .. }, _) => Err(invalid("boolean")),
        (Kind::Int { min, max, .. }, Value::Number(n)) if n.is_i64() || n.is_u64() => {
            let x = n.as_i64().unwrap_or(i64::MAX);
            if let Some(m) = min.filter(|m| x < *m) {
                return Err(V4Err::field(pointer, format!("{x} is smaller than inclusive minimum {m}")));
            }
            if let Some(m) = max.filter(|m| x > *m) {
                return Err(V4Err::field(pointer, format!("{x} is larger than inclusive maximum {m}")));
            }
            Ok(())
        }
        (Kind::Int { .. }, _) => Err(invalid("integer")),
        (Kind::Enum(allowed), Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        (Kind::Enum(_), Value::String(_)) => Err(V4Err::field(pointer, "Invalid value for enum")),
        (Kind::Enum(_), _) => Err(invalid("string")),
        (Kind::StrArray, Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check_value(item, STR, &format!("{pointer}/{i}"))?;
            }
            Ok(())
        }
        (Kind::StrArray, _) => Err(invalid("array")),
        (Kind::Object(fields), Value::Object(map)) => check_object(map, fields, pointer),
        (Kind::Object(_), _) => Err(invalid("object")),
    }
}

fn check_object(map: &Obj, fields: &[Field], pointer: &str) -> Result<(), V4Err> {
    // Unexpected fields first, in key order, as OpenApiSpex reports them.
    if let Some(k) = map.keys().find(|k| !fields.iter().any(|f| f.name == k.as_str())) {
        return Err(V4Err::field(format!("{pointer}/{k}"), format!("Unexpected field: {k}")));
    }
    for f in fields {
        match map.get(f.name) {
            None if f.required => {
                return Err(V4Err::field(format!("{pointer}/{}", f.name), format!("Missing field: {}", f.name)));
            }
            None => {}
            Some(v) => check_value(v, f.kind, &format!("{pointer}/{}", f.name))?,
        }
    }
    Ok(())
}

/// The checked `data` object of the request body.
pub fn data(req: &Req, fields: &[Field]) -> Result<Obj, V4Err> {
    let Value::Object(top) = &req.body else {
        return Err(V4Err::field("/data", "Missing field: data"));
    };
    if let Some(k) = top.keys().find(|k| k.as_str() != "data") {
        return Err(V4Err::field(format!("/{k}"), format!("Unexpected field: {k}")));
    }
    match top.get("data") {
        None => Err(V4Err::field("/data", "Missing field: data")),
        Some(Value::Object(map)) => {
            check_object(map, fields, "/data")?;
            Ok(map.clone())
        }
        Some(v) => Err(V4Err::field("/data", format!("Invalid object. Got: {}", type_name(v)))),
    }
}

/// A path parameter that the document types as a UUID.
pub fn uuid(name: &str, value: &str) -> Result<(), V4Err> {
    let ok = value.len() == 36
        && value
            .char_indices()
            .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() });
    if ok { Ok(()) } else { Err(V4Err::field(format!("/{name}"), "Invalid format. Expected :uuid")) }
}

/// A query parameter restricted to an enum (`sort`, `include`); `include` may list several.
pub fn query_enum(req: &Req, name: &str, allowed: &[&str]) -> Result<(), V4Err> {
    for (_, v) in req.query.iter().filter(|(k, _)| k == name) {
        let values: Vec<&str> =
            if name == "include" { v.split(',').map(str::trim).collect() } else { vec![v.as_str()] };
        if values.iter().any(|x| !allowed.contains(x)) {
            return Err(V4Err::field(format!("/{name}"), "Invalid value for enum"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: Method, uri: &str, body: &str) -> Req {
        let uri: Uri = uri.parse().unwrap();
        Req::parse(method, &uri, HeaderMap::new(), body.as_bytes()).unwrap()
    }

    const FIELDS: &[Field] = &[super::req("name", NAME), opt("restricted", BOOL)];

    #[test]
    fn data_is_checked_like_openapispex() {
        let ok = data(&req(Method::POST, "/x", r#"{"data":{"name":"a"}}"#), FIELDS).unwrap();
        assert_eq!(ok["name"], "a");
        let e = data(&req(Method::POST, "/x", r#"{"data":{"name":"a","foo":1}}"#), FIELDS).unwrap_err();
        assert_eq!((e.detail.as_str(), e.pointer.as_deref()), ("Unexpected field: foo", Some("/data/foo")));
        let e = data(&req(Method::POST, "/x", r#"{"data":{}}"#), FIELDS).unwrap_err();
        assert_eq!(e.detail, "Missing field: name");
        let e = data(&req(Method::POST, "/x", r#"{"data":{"name":3}}"#), FIELDS).unwrap_err();
        assert_eq!(e.detail, "Invalid string. Got: integer");
        let e = data(&req(Method::POST, "/x", r#"{"name":"a"}"#), FIELDS).unwrap_err();
        assert_eq!(e.pointer.as_deref(), Some("/name"));
        let e = data(&req(Method::POST, "/x", r#"{"data":{"name":"a","restricted":"yes"}}"#), FIELDS).unwrap_err();
        assert_eq!(e.detail, "Invalid boolean. Got: string");
    }

    #[test]
    fn uuids() {
        assert!(uuid("user_id", "2ccf0bb9-f899-40b0-904e-0293313803a9").is_ok());
        assert!(uuid("user_id", "nope").is_err());
    }
}
