//! Request parameters as Workfront reads them: merged from the query string, a form body and a
//! JSON body, with `method=` able to override the HTTP verb.
//!
//! Real clients differ: the official JS client puts `updates` in a JSON body, python-workfront
//! sends every call as a form POST carrying `method=GET`, and some SDKs send `{}` on a GET. A
//! faithful server has to accept all of them.

use axum::http::{HeaderMap, Method};
use serde_json::Value;

/// Parameters in arrival order; a key may repeat (`status=CUR&status=PLN`).
#[derive(Debug, Default, Clone)]
pub struct Params {
    pairs: Vec<(String, String)>,
    /// A JSON object or array sent as the request body, treated as `updates`.
    json_body: Option<Value>,
}

impl Params {
    pub fn parse(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Result<Self, String> {
        let mut pairs: Vec<(String, String)> =
            query.map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
        let content_type = headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let mut json_body = None;
        let trimmed = body.iter().copied().find(|b| !b.is_ascii_whitespace());
        if !body.is_empty() {
            if content_type.starts_with("application/json") || matches!(trimmed, Some(b'{' | b'[')) {
                let value: Value = serde_json::from_slice(body).map_err(|e| format!("Malformed JSON body: {e}"))?;
                match &value {
                    Value::Object(map) if map.is_empty() => {}
                    _ => json_body = Some(value),
                }
            } else if content_type.starts_with("application/x-www-form-urlencoded") || content_type.is_empty() {
                pairs.extend(url::form_urlencoded::parse(body).into_owned());
            }
        }
        Ok(Self { pairs, json_body })
    }

    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self { pairs, json_body: None }
    }

    /// The same request with different parameter pairs.
    pub fn with_pairs(&self, pairs: Vec<(String, String)>) -> Self {
        Self { pairs, json_body: self.json_body.clone() }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Case-insensitive lookup, for credential names (`sessionID`, `SessionID`).
    pub fn get_ci(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, key: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    pub fn json_body(&self) -> Option<&Value> {
        self.json_body.as_ref()
    }

    /// An action argument: a parameter, else a key of a JSON object body (workfront-sdk sends
    /// action arguments as the JSON body of `PUT /<obj>?action=<name>`).
    pub fn arg(&self, key: &str) -> Option<Value> {
        if let Some(v) = self.get(key) {
            return Some(Value::String(v.to_owned()));
        }
        self.json_body.as_ref()?.get(key).cloned()
    }

    pub fn arg_str(&self, key: &str) -> Option<String> {
        match self.arg(key)? {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// A list argument, however it was sent: repeated keys (`userIDs=a&userIDs=b`, the JS
    /// client), a JSON array (python-workfront JSON-encodes lists), comma-separated text, or an
    /// array in a JSON body.
    pub fn list(&self, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        for raw in self.all(key) {
            let t = raw.trim();
            if t.starts_with('[')
                && let Ok(Value::Array(items)) = parse_lenient_json(t)
            {
                out.extend(items.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)));
                continue;
            }
            out.extend(t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned));
        }
        if out.is_empty() {
            match self.json_body.as_ref().and_then(|b| b.get(key)) {
                Some(Value::Array(items)) => {
                    out.extend(items.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
                }
                Some(Value::String(s)) => out.push(s.clone()),
                _ => {}
            }
        }
        out
    }

    /// The verb the request stands for: `method=` wins over the HTTP verb.
    pub fn effective_method(&self, http: &Method) -> Method {
        self.get_ci("method")
            .and_then(|m| Method::from_bytes(m.to_ascii_uppercase().as_bytes()).ok())
            .unwrap_or_else(|| http.clone())
    }

    /// `updates` from the JSON body, else from an `updates=` parameter.
    pub fn updates(&self) -> Result<Option<Value>, String> {
        if let Some(v) = &self.json_body {
            return Ok(Some(v.clone()));
        }
        match self.get("updates") {
            None => Ok(None),
            Some(raw) => parse_lenient_json(raw).map(Some),
        }
    }
}

/// Workfront's docs write `updates={name:"x"}` with unquoted keys; real clients send strict JSON.
/// Accept both by quoting bare keys when strict parsing fails.
pub fn parse_lenient_json(raw: &str) -> Result<Value, String> {
    if let Ok(v) = serde_json::from_str(raw) {
        return Ok(v);
    }
    let mut out = String::with_capacity(raw.len() + 16);
    let mut chars = raw.chars().peekable();
    let mut in_string = false;
    let mut prev_structural = true;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
                prev_structural = false;
            }
            '{' | ',' => {
                out.push(c);
                prev_structural = true;
            }
            c if prev_structural && (c.is_alphabetic() || c == '_' || c == '$') => {
                let mut key = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_alphanumeric() || matches!(n, '_' | '$') {
                        key.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                let rest: String = chars.clone().collect();
                if rest.trim_start().starts_with(':') {
                    out.push('"');
                    out.push_str(&key);
                    out.push('"');
                } else {
                    out.push_str(&key);
                }
                prev_structural = false;
            }
            c if c.is_whitespace() => out.push(c),
            _ => {
                out.push(c);
                prev_structural = matches!(c, '[');
            }
        }
    }
    serde_json::from_str(&out).map_err(|e| format!("Malformed updates: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_query_form_and_json() {
        let mut h = HeaderMap::new();
        h.insert("content-type", "application/x-www-form-urlencoded".parse().unwrap());
        let p = Params::parse(Some("a=1&status=CUR"), &h, b"method=GET&status=PLN").unwrap();
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.all("status"), vec!["CUR", "PLN"]);
        assert_eq!(p.effective_method(&Method::POST), Method::GET);
    }

    #[test]
    fn empty_json_body_on_get_is_tolerated() {
        let mut h = HeaderMap::new();
        h.insert("content-type", "application/json".parse().unwrap());
        let p = Params::parse(Some("x=1"), &h, b"{}").unwrap();
        assert!(p.updates().unwrap().is_none());
    }

    #[test]
    fn lenient_updates() {
        let v = parse_lenient_json(r#"{name:"New Name",status:"CUR"}"#).unwrap();
        assert_eq!(v["name"], "New Name");
        assert_eq!(v["status"], "CUR");
        let v = parse_lenient_json(r#"{"DE:Frame.io Team ID":"x"}"#).unwrap();
        assert_eq!(v["DE:Frame.io Team ID"], "x");
    }
}
