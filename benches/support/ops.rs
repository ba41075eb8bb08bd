//! Frame.io V4 requests by operation, from the simulator's request log: each request matched to
//! its operation in the simulator's table of the V4 OpenAPI document (`wfio::sim::frameio::v4::
//! limits`), with the published limit, and the pacing class wfio's client gives it
//! (`wfio::frameio::limits::for_request`), so a class that does not match the published one
//! shows.

use std::collections::BTreeMap;

use reqwest::Method;
use wfio::frameio::limits::for_request;
use wfio::sim::frameio::v4::limits::{OPS, Op, find};

use super::sim::Logged;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpCount {
    pub op: &'static str,
    pub requests: u32,
    pub window_ms: u64,
    pub sent: u64,
    pub limited: u64,
}

impl OpCount {
    /// "10 / min", "3 / s".
    pub fn limit(&self) -> String {
        rate_text(self.requests, self.window_ms)
    }
}

pub fn rate_text(requests: u32, window_ms: u64) -> String {
    match window_ms {
        1000 => format!("{requests} / s"),
        60_000 => format!("{requests} / min"),
        w => format!("{requests} / {w} ms"),
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// The V4 operation of a logged request (`None` for anything not under `/v4`).
pub fn operation(method: &str, path: &str) -> Option<&'static Op> {
    path.starts_with("/v4/").then(|| find(method, &segments(path)).map(|(op, _)| op)).flatten()
}

/// V4 requests and 429s per operation, most requests first.
pub fn by_operation(log: &[Logged]) -> Vec<OpCount> {
    let mut counts: BTreeMap<&'static str, OpCount> = BTreeMap::new();
    for r in log {
        let Some(op) = operation(&r.method, &r.path) else { continue };
        let c = counts.entry(op.id).or_insert(OpCount {
            op: op.id,
            requests: op.requests,
            window_ms: op.window_ms,
            sent: 0,
            limited: 0,
        });
        c.sent += 1;
        c.limited += u64::from(r.status == 429);
    }
    let mut v: Vec<OpCount> = counts.into_values().collect();
    v.sort_by(|a, b| b.sent.cmp(&a.sent).then(a.op.cmp(b.op)));
    v
}

/// How many requests of an operation a log holds.
pub fn count(ops: &[OpCount], op: &str) -> u64 {
    ops.iter().find(|c| c.op == op).map_or(0, |c| c.sent)
}

/// Operations whose pacing in wfio's client differs from the published limit: those wfio names
/// with another rate, and among those `seen` (sent in a run) those it paces in another class
/// (a template shadowed by another, such as `files/move` by `files/{file_id}`) or leaves to its
/// 100-a-minute default although their published limit is lower. Each as "operation: why".
pub fn pacing_mismatches(seen: &[OpCount]) -> Vec<String> {
    let mut out = Vec::new();
    for op in OPS {
        // A concrete request of the template, relative to `/v4/` as the client paces it.
        let path: Vec<&str> =
            segments(op.path).into_iter().skip(1).map(|s| if s.starts_with('{') { "x" } else { s }).collect();
        let Ok(method) = Method::from_bytes(op.method.as_bytes()) else { continue };
        let (class, rate) = for_request(&method, &path.join("/"));
        let published = (op.requests, op.window_ms);
        let paced = (rate.requests, rate.window.as_millis() as u64);
        let sent = seen.iter().any(|c| c.op == op.id);
        // Paced at the 100-a-minute default, slower limits would get 429s.
        let slower = u64::from(op.requests) * 60_000 < 100 * op.window_ms;
        let why = if class == op.id && paced != published {
            Some(format!("paced at {}", rate_text(paced.0, paced.1)))
        } else if class != op.id && class != "other" && sent {
            Some(format!("paced as `{class}` ({})", rate_text(paced.0, paced.1)))
        } else if class == "other" && slower && sent {
            Some(format!("paced as `other` ({})", rate_text(paced.0, paced.1)))
        } else {
            None
        };
        if let Some(why) = why {
            out.push(format!(
                "{} {} (`{}`): {why}, published {}",
                op.method,
                op.path,
                op.id,
                rate_text(published.0, published.1)
            ));
        }
    }
    out
}

/// Operations whose template the client's pacing gives another operation's class (never sent
/// by wfio, so harmless today; listed in the report).
pub fn shadowed_classes() -> Vec<String> {
    let mut out = Vec::new();
    for op in OPS {
        let path: Vec<&str> =
            segments(op.path).into_iter().skip(1).map(|s| if s.starts_with('{') { "x" } else { s }).collect();
        let Ok(method) = Method::from_bytes(op.method.as_bytes()) else { continue };
        let (class, rate) = for_request(&method, &path.join("/"));
        if class != op.id && class != "other" {
            out.push(format!(
                "`{} {}` (`{}`, {}) would be paced as `{class}` ({})",
                op.method,
                op.path.trim_start_matches("/v4/accounts/{account_id}"),
                op.id,
                rate_text(op.requests, op.window_ms),
                rate_text(rate.requests, rate.window.as_millis() as u64)
            ));
        }
    }
    out
}
