//! The request log: every request to the emulated APIs (not `/_sim/`), newest last, in a bounded
//! ring, with counters that survive the ring's eviction. Served at `GET /_sim/requests`.
//!
//! Only the path is recorded, never the query string (it can carry `apiKey`, `sessionID` or a
//! password) and never headers or bodies.

use std::collections::{BTreeMap, VecDeque};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

use super::Shared;
use super::faults::InjectedFault;

/// How many requests the ring keeps by default.
pub const DEFAULT_CAPACITY: usize = 10_000;

/// Which emulated API a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Api {
    Workfront,
    /// Frame.io V4 (`/v4/...`).
    Frameio,
    /// The S3-like part uploads (`/s3/...`).
    S3,
    /// The simulated Adobe IMS (`/ims/...`).
    Ims,
    /// Anything else outside `/_sim/` (CDN downloads, wrong paths); logged so mistakes are visible.
    Other,
}

impl Api {
    /// `None` for the simulator's own `/_sim/` controls.
    pub fn classify(path: &str) -> Option<Self> {
        let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
        if under("/_sim") {
            None
        } else if under("/attask") || under("/document") {
            // Document downloads are Workfront's too, served at the instance root.
            Some(Self::Workfront)
        } else if under("/v4") {
            Some(Self::Frameio)
        } else if under("/ims") {
            Some(Self::Ims)
        } else if under("/s3") {
            Some(Self::S3)
        } else {
            Some(Self::Other)
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Workfront => "workfront",
            Self::Frameio => "frameio",
            Self::S3 => "s3",
            Self::Ims => "ims",
            Self::Other => "other",
        }
    }
}

/// One logged request.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRecord {
    /// 1-based, increasing for the simulator's life (a cleared log keeps counting).
    pub seq: u64,
    /// When the request arrived, RFC 3339 UTC.
    pub ts: String,
    pub method: String,
    /// Path only, without the query string.
    pub path: String,
    pub status: u16,
    /// Time to the response headers, including injected latency, in milliseconds.
    pub duration_ms: f64,
    pub api: Api,
    /// The fault injected into this request, if any: `error`, `reset`, `burst_429`.
    pub fault: Option<&'static str>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counters {
    pub total: u64,
    /// Status code (as a string key, for JSON) -> count.
    pub by_status: BTreeMap<String, u64>,
    /// Responses with status 429, from the rate limiter or an injected burst.
    pub rate_limited: u64,
    pub by_api: BTreeMap<&'static str, u64>,
    /// Injected fault kind -> count.
    pub faults: BTreeMap<&'static str, u64>,
}

#[derive(Debug)]
pub struct RequestLog {
    capacity: usize,
    ring: VecDeque<RequestRecord>,
    counters: Counters,
    next_seq: u64,
}

impl Default for RequestLog {
    fn default() -> Self {
        Self::new(DEFAULT_CAPACITY)
    }
}

impl RequestLog {
    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), ring: VecDeque::new(), counters: Counters::default(), next_seq: 1 }
    }

    pub fn record(&mut self, mut rec: RequestRecord) {
        rec.seq = self.next_seq;
        self.next_seq += 1;
        let c = &mut self.counters;
        c.total += 1;
        *c.by_status.entry(rec.status.to_string()).or_default() += 1;
        if rec.status == 429 {
            c.rate_limited += 1;
        }
        *c.by_api.entry(rec.api.as_str()).or_default() += 1;
        if let Some(f) = rec.fault {
            *c.faults.entry(f).or_default() += 1;
        }
        if self.ring.len() == self.capacity {
            self.ring.pop_front();
        }
        self.ring.push_back(rec);
    }

    /// Forget every record and zero the counters (sequence numbers keep increasing).
    pub fn clear(&mut self) {
        self.ring.clear();
        self.counters = Counters::default();
    }

    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn records(&self) -> impl DoubleEndedIterator<Item = &RequestRecord> {
        self.ring.iter()
    }
}

/// Methods that never change the world. Anything else (and a Workfront login, which opens a
/// session even over GET) asks persistence to write the state.
fn may_mutate(method: &Method, path: &str) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
        || path.rsplit('/').next().is_some_and(|s| s.eq_ignore_ascii_case("login"))
}

/// Middleware: time and record each emulated-API request; mark the world dirty after a mutating
/// one. It wraps the fault layer, so injected faults and latency are what it sees.
pub async fn middleware(State(sim): State<Shared>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let Some(api) = Api::classify(&path) else {
        return next.run(req).await;
    };
    let method = req.method().clone();
    let ts = jiff::Timestamp::now().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    let duration_ms = (started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0;
    let status = response.status().as_u16();
    let fault = response.extensions().get::<InjectedFault>().map(|f| f.0);
    tracing::debug!(method = %method, path = %path, status, duration_ms, api = api.as_str(), fault, "sim request");
    if may_mutate(&method, &path) {
        sim.mark_dirty();
    }
    let rec = RequestRecord { seq: 0, ts, method: method.to_string(), path, status, duration_ms, api, fault };
    sim.infra().log.lock().unwrap_or_else(std::sync::PoisonError::into_inner).record(rec);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(status: u16) -> RequestRecord {
        RequestRecord {
            seq: 0,
            ts: String::new(),
            method: "GET".into(),
            path: "/v4/me".into(),
            status,
            duration_ms: 1.0,
            api: Api::Frameio,
            fault: None,
        }
    }

    #[test]
    fn ring_is_bounded_and_counters_are_not() {
        let mut log = RequestLog::new(3);
        for s in [200, 429, 200, 500, 429] {
            log.record(rec(s));
        }
        let seqs: Vec<u64> = log.records().map(|r| r.seq).collect();
        assert_eq!(seqs, vec![3, 4, 5]);
        assert_eq!(log.counters().total, 5);
        assert_eq!(log.counters().rate_limited, 2);
        assert_eq!(log.counters().by_status["200"], 2);
        log.clear();
        assert_eq!(log.records().count(), 0);
        assert_eq!(log.counters().total, 0);
        log.record(rec(200));
        assert_eq!(log.records().next().unwrap().seq, 6);
    }

    #[test]
    fn classify_paths() {
        assert_eq!(Api::classify("/attask/api/v21.0/group/search"), Some(Api::Workfront));
        assert_eq!(Api::classify("/v4/me"), Some(Api::Frameio));
        assert_eq!(Api::classify("/ims/token/v3"), Some(Api::Ims));
        assert_eq!(Api::classify("/s3/bucket/part"), Some(Api::S3));
        assert_eq!(Api::classify("/v4x"), Some(Api::Other));
        assert_eq!(Api::classify("/_sim/health"), None);
        assert_eq!(Api::classify("/_sim"), None);
    }

    #[test]
    fn login_counts_as_mutating() {
        assert!(may_mutate(&Method::GET, "/attask/api/v21.0/login"));
        assert!(may_mutate(&Method::POST, "/v4/accounts/a/folders/f/folders"));
        assert!(!may_mutate(&Method::GET, "/v4/me"));
    }
}
