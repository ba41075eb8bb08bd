//! Frame.io V4 spoken directly (reqwest and JSON, none of wfio's client): what the serial
//! baseline, the probes and the checks send. `{"data": …}` bodies, cursor-paged lists, and a 429
//! answered by waiting (`Retry-After`, else 1 s) and sending again, counted.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

/// One signed-in V4 caller against the simulator.
#[derive(Clone)]
pub struct V4 {
    pub http: reqwest::Client,
    /// `…/v4`
    pub api: String,
    pub token: String,
    pub account: String,
}

impl V4 {
    pub async fn sign_in(sim: &super::sim::SimProcess) -> Self {
        Self {
            http: sim.http.clone(),
            api: sim.frameio_api(),
            token: sim.s2s_token().await,
            account: super::sim::account_id(),
        }
    }

    /// `accounts/{account}/…`
    pub fn path(&self, rest: &str) -> String {
        format!("{}/accounts/{}/{rest}", self.api, self.account)
    }

    /// Send until the answer is not a 429; the body (`Null` for 204) and how many 429s it took.
    pub async fn send(&self, method: Method, url: &str, body: Option<&Value>) -> (Value, u64) {
        let mut limited = 0;
        loop {
            let mut req = self.http.request(method.clone(), url).bearer_auth(&self.token);
            if let Some(b) = body {
                req = req.json(b);
            }
            let r = req.send().await.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
            if r.status().as_u16() == 429 {
                limited += 1;
                let wait = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
                    .map_or(Duration::from_secs(1), Duration::from_secs);
                tokio::time::sleep(wait).await;
                continue;
            }
            let status = r.status();
            let text = r.text().await.unwrap_or_default();
            assert!(status.is_success(), "{method} {url}: {status} {text}");
            let v = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).expect("V4 JSON") };
            return (v, limited);
        }
    }

    /// POST `{"data": data}`; the answer's `data`.
    pub async fn post(&self, rest: &str, data: Value) -> (Value, u64) {
        let (v, n) = self.send(Method::POST, &self.path(rest), Some(&json!({ "data": data }))).await;
        (v["data"].clone(), n)
    }

    pub async fn patch(&self, rest: &str, data: Value) -> (Value, u64) {
        let (v, n) = self.send(Method::PATCH, &self.path(rest), Some(&json!({ "data": data }))).await;
        (v["data"].clone(), n)
    }

    pub async fn get(&self, rest: &str) -> (Value, u64) {
        let (v, n) = self.send(Method::GET, &self.path(rest), None).await;
        (v["data"].clone(), n)
    }

    /// Every item of a list, following `links.next`, 100 a page.
    pub async fn list(&self, rest: &str) -> (Vec<Value>, u64) {
        let sep = if rest.contains('?') { '&' } else { '?' };
        let mut url = format!("{}{sep}page_size=100", self.path(rest));
        let mut items = Vec::new();
        let mut limited = 0;
        loop {
            let (v, n) = self.send(Method::GET, &url, None).await;
            limited += n;
            items.extend(v["data"].as_array().cloned().unwrap_or_default());
            match v["links"]["next"].as_str() {
                // A relative path (`/v4/…?after=…`) on the same host.
                Some(next) if !next.is_empty() => {
                    let host = self.api.trim_end_matches("/v4");
                    url = format!("{host}{next}");
                }
                _ => return (items, limited),
            }
        }
    }
}
