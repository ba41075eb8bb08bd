//! Helpers for talking to the simulated Workfront over real HTTP, the way clients do.
//! Included with `#[path = "common/wf.rs"] mod wf;`.
#![allow(dead_code)]

use reqwest::{Method, StatusCode};
use serde_json::Value;
use wfio::sim::{SimOptions, Simulator};

/// The demo seed's API key (user Avery Admin).
pub const KEY: &str = "d0d0cafe00000000000000000000d3e0";

/// The ID a demo-seed symbolic name (`@grp-creative`) resolves to.
pub fn id(symbol: &str) -> String {
    wfio::sim::ids::workfront_id_for(symbol)
}

pub struct Wf {
    pub sim: Simulator,
    pub http: reqwest::Client,
    /// e.g. `http://127.0.0.1:40000/attask/api/v21.0`
    pub api: String,
}

impl Wf {
    /// The demo organisation.
    pub async fn demo() -> Self {
        Self::with(SimOptions::default()).await
    }

    pub async fn with(options: SimOptions) -> Self {
        let sim = Simulator::start(options).await.expect("simulator starts");
        let api = format!("{}/attask/api/v21.0", sim.base_url());
        Self { sim, http: reqwest::Client::new(), api }
    }

    pub fn base(&self) -> String {
        self.sim.base_url()
    }

    /// Send `method path` (relative to the API root) with the API key header and query pairs.
    pub async fn call(&self, method: Method, path: &str, query: &[(&str, &str)]) -> (StatusCode, Value) {
        let r = self
            .http
            .request(method, format!("{}/{path}", self.api))
            .header("apiKey", KEY)
            .query(query)
            .send()
            .await
            .unwrap();
        decode(r).await
    }

    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> (StatusCode, Value) {
        self.call(Method::GET, path, query).await
    }

    /// `data` of a successful GET; panics with the body otherwise.
    pub async fn data(&self, path: &str, query: &[(&str, &str)]) -> Value {
        let (s, v) = self.get(path, query).await;
        assert_eq!(s, StatusCode::OK, "GET {path}: {v}");
        v["data"].clone()
    }

    /// A JSON body sent as `updates` (the JS client's encoding for POST/PUT).
    pub async fn json(&self, method: Method, path: &str, query: &[(&str, &str)], body: &Value) -> (StatusCode, Value) {
        let r = self
            .http
            .request(method, format!("{}/{path}", self.api))
            .header("apiKey", KEY)
            .query(query)
            .json(body)
            .send()
            .await
            .unwrap();
        decode(r).await
    }

    /// `data` of a successful JSON-body write.
    pub async fn write(&self, method: Method, path: &str, body: Value) -> Value {
        let (s, v) = self.json(method.clone(), path, &[], &body).await;
        assert_eq!(s, StatusCode::OK, "{method} {path}: {v}");
        v["data"].clone()
    }

    /// A form-encoded body (python-workfront's encoding: every call a POST with `method=`).
    pub async fn form(&self, path: &str, pairs: &[(&str, &str)]) -> (StatusCode, Value) {
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        let r = self
            .http
            .post(format!("{}/{path}", self.api))
            .header("Content-Type", " application/x-www-form-urlencoded;charset=utf-8")
            .body(body)
            .send()
            .await
            .unwrap();
        decode(r).await
    }
}

pub async fn decode(r: reqwest::Response) -> (StatusCode, Value) {
    let status = r.status();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")))
}

/// Assert a Workfront error envelope and return its message.
pub fn error(status: StatusCode, body: &Value, want_status: u16, want_class: &str) -> String {
    assert_eq!(status.as_u16(), want_status, "{body}");
    let e = &body["error"];
    assert_eq!(e["class"], want_class, "{body}");
    for k in ["message", "title", "msgKey", "attributes", "code"] {
        assert!(e.get(k).is_some(), "envelope has {k}: {body}");
    }
    e["message"].as_str().unwrap().to_owned()
}

pub fn is_wf_id(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.len() == 32 && s.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `2026-11-26T09:00:00:000-0000`: a colon before the milliseconds.
pub fn is_wf_date(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let b = s.as_bytes();
    s.len() == 28 && b[4] == b'-' && b[10] == b'T' && b[19] == b':' && (b[23] == b'-' || b[23] == b'+')
}

/// A `application/x-www-form-urlencoded` body (the reqwest `form` feature is not enabled).
pub fn with_form<K: AsRef<str>, V: AsRef<str>>(
    req: reqwest::RequestBuilder,
    pairs: &[(K, V)],
) -> reqwest::RequestBuilder {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))
        .finish();
    req.header("Content-Type", "application/x-www-form-urlencoded").body(body)
}
