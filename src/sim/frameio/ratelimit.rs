//! Frame.io's rate limiter: a leaky bucket per (user, endpoint class), notes §2.2.
//!
//! Every `/v2` response carries `x-ratelimit-limit`, `x-ratelimit-remaining` and
//! `x-ratelimit-window` (milliseconds), errors and 429s included. A request that would overflow
//! its bucket gets 429 with the documented error body and does not fill the bucket. The bucket
//! drains continuously (`requests` per `window_ms`); there is no hard window reset.
//!
//! Classes and their published numbers ([GEN README table], [DOC-err]):
//!
//! | class           | what                                                                 | published      |
//! |-----------------|----------------------------------------------------------------------|----------------|
//! | `assets.create` | `POST /assets/{id}/children`                                         | 5 / 1000 ms    |
//! | `assets.update` | `PUT /assets/{id}`                                                   | 10 / 1000 ms   |
//! | `assets.read`   | every `GET /assets/...`                                              | 5 / 1000 ms    |
//! | `create`        | `POST` on team projects, team members (also batch), account teams, project collaborators (also batch) | 100 / 60000 ms |
//! | `search`        | `/search/...`                                                        | 200 / 60000 ms |
//! | `default`       | everything else                                                      | 50 / 1000 ms   |
//!
//! Collaborators share the `create` class: the published list names create on Projects, Teams
//! and Team Members, and adding a collaborator creates a project membership the same way.
//! One bucket per class (not per endpoint) is stricter than "per endpoint", so a client that
//! stays within the simulator's limits stays within Frame.io's. `Retry-After` is not documented
//! for v2 and is sent only when `FioStore::retry_after_on_429` is set.

use std::collections::HashMap;

use axum::http::{HeaderMap, HeaderValue, Method};
use tokio::time::Instant;

use crate::sim::settings::{Limit, RateLimits};

/// Limit shown when limiting is off.
const OFF_LIMIT: u32 = 1_000_000;

#[derive(Debug, Default, Clone)]
pub struct Buckets {
    levels: HashMap<(String, &'static str), (f64, Instant)>,
}

/// What one request got from the limiter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    pub limit: u32,
    pub remaining: u32,
    pub window_ms: u64,
    pub allowed: bool,
    /// Milliseconds until one more request fits (0 when allowed).
    pub wait_ms: u64,
}

impl Verdict {
    pub fn write_headers(&self, headers: &mut HeaderMap) {
        headers.insert("x-ratelimit-limit", HeaderValue::from(self.limit));
        headers.insert("x-ratelimit-remaining", HeaderValue::from(self.remaining));
        headers.insert("x-ratelimit-window", HeaderValue::from(self.window_ms));
    }
}

/// The endpoint class of a `/v2` request, from its method and the path segments after `/v2/`.
pub fn classify(method: &Method, segs: &[&str]) -> &'static str {
    match (method.as_str(), segs) {
        (_, ["search", ..]) => "search",
        ("POST", ["assets", _, "children"]) => "assets.create",
        ("PUT", ["assets", _]) => "assets.update",
        ("GET", ["assets", ..]) => "assets.read",
        ("POST", ["teams", _, "projects" | "members"])
        | ("POST", ["batch", "teams", _, "members"])
        | ("POST", ["accounts", _, "teams"])
        | ("POST", ["projects", _, "collaborators"])
        | ("POST", ["batch", "projects", _, "collaborators"]) => "create",
        _ => "default",
    }
}

/// The published limit of a class.
pub fn published(class: &str) -> Limit {
    let (requests, window_ms) = match class {
        "assets.create" => (5, 1000),
        "assets.update" => (10, 1000),
        "assets.read" => (5, 1000),
        "create" => (100, 60_000),
        "search" => (200, 60_000),
        _ => (50, 1000),
    };
    Limit { requests, window_ms }
}

/// Meter one request of `who` (a user ID, or the token when it is unknown) in `class`.
pub fn check(buckets: &mut Buckets, mode: &RateLimits, who: &str, class: &'static str, now: Instant) -> Verdict {
    meter(buckets, mode, who, class, published(class), now)
}

/// The leaky bucket itself, for any API: `published` is the class's limit in `published` mode
/// (and in `custom` mode when the file does not name the class). V4 meters with its own table
/// (`v4::limits`), classes named after operations.
pub fn meter(
    buckets: &mut Buckets,
    mode: &RateLimits,
    who: &str,
    class: &'static str,
    published: Limit,
    now: Instant,
) -> Verdict {
    let limit = match mode {
        RateLimits::Off => {
            let window_ms = published.window_ms;
            return Verdict { limit: OFF_LIMIT, remaining: OFF_LIMIT, window_ms, allowed: true, wait_ms: 0 };
        }
        RateLimits::Published => published,
        RateLimits::Custom { limits } => limits.get(class).copied().unwrap_or(published),
    };
    let capacity = f64::from(limit.requests);
    let window = limit.window_ms.max(1) as f64;
    let leak_per_ms = capacity / window;
    let entry = buckets.levels.entry((who.to_owned(), class)).or_insert((0.0, now));
    let elapsed_ms = now.saturating_duration_since(entry.1).as_secs_f64() * 1000.0;
    let level = (entry.0 - elapsed_ms * leak_per_ms).max(0.0);
    entry.1 = now;
    if level + 1.0 > capacity + 1e-9 {
        entry.0 = level;
        let wait_ms = if leak_per_ms > 0.0 { ((level + 1.0 - capacity) / leak_per_ms).ceil() as u64 } else { u64::MAX };
        return Verdict { limit: limit.requests, remaining: 0, window_ms: limit.window_ms, allowed: false, wait_ms };
    }
    entry.0 = level + 1.0;
    let remaining = (capacity - entry.0).floor().max(0.0) as u32;
    Verdict { limit: limit.requests, remaining, window_ms: limit.window_ms, allowed: true, wait_ms: 0 }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use super::*;

    #[test]
    fn classes_follow_the_published_table() {
        assert_eq!(classify(&Method::POST, &["assets", "a", "children"]), "assets.create");
        assert_eq!(classify(&Method::GET, &["assets", "a", "children"]), "assets.read");
        assert_eq!(classify(&Method::PUT, &["assets", "a"]), "assets.update");
        assert_eq!(classify(&Method::POST, &["teams", "t", "projects"]), "create");
        assert_eq!(classify(&Method::POST, &["batch", "projects", "p", "collaborators"]), "create");
        assert_eq!(classify(&Method::GET, &["projects", "p", "collaborators"]), "default");
        assert_eq!(classify(&Method::GET, &["me"]), "default");
        assert_eq!(published("assets.create"), Limit { requests: 5, window_ms: 1000 });
        assert_eq!(published("create"), Limit { requests: 100, window_ms: 60_000 });
    }

    #[test]
    fn bucket_fills_then_leaks() {
        let mut b = Buckets::default();
        let limits = BTreeMap::from([("default".to_owned(), Limit { requests: 2, window_ms: 1000 })]);
        let mode = RateLimits::Custom { limits };
        let t0 = Instant::now();
        let v1 = check(&mut b, &mode, "u", "default", t0);
        assert_eq!((v1.allowed, v1.remaining, v1.limit, v1.window_ms), (true, 1, 2, 1000));
        assert!(check(&mut b, &mode, "u", "default", t0).allowed);
        let v3 = check(&mut b, &mode, "u", "default", t0);
        assert!(!v3.allowed);
        assert_eq!(v3.remaining, 0);
        assert_eq!(v3.wait_ms, 500);
        assert!(check(&mut b, &mode, "other", "default", t0).allowed, "buckets are per user");
        assert!(
            check(&mut b, &mode, "u", "default", t0 + Duration::from_millis(500)).allowed,
            "half a window leaks one"
        );
        let off = check(&mut b, &RateLimits::Off, "u", "default", t0);
        assert!(off.allowed && off.limit == OFF_LIMIT);
    }
}
