//! Frame.io's rate limiter: a leaky bucket per (user, class), notes §2.2. V4's classes are its
//! operation IDs, with the published limits of `v4::limits`.
//!
//! Every `/v4` response carries `x-ratelimit-limit`, `x-ratelimit-remaining` and
//! `x-ratelimit-window` (milliseconds), errors and 429s included. A request that would overflow
//! its bucket gets 429 and does not fill the bucket. The bucket drains continuously (`requests`
//! per `window_ms`); there is no hard window reset. `Retry-After` is sent only when
//! `FioStore::retry_after_on_429` is set.

use std::collections::HashMap;

use axum::http::{HeaderMap, HeaderValue};
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

/// Meter one request of `who` (a user ID, or the token when it is unknown) in `class`:
/// `published` is the class's limit in `published` mode (and in `custom` mode when the limits do
/// not name the class).
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

    const PUBLISHED: Limit = Limit { requests: 100, window_ms: 60_000 };

    fn check(b: &mut Buckets, mode: &RateLimits, who: &str, class: &'static str, now: Instant) -> Verdict {
        meter(b, mode, who, class, PUBLISHED, now)
    }

    #[test]
    fn bucket_fills_then_leaks() {
        let mut b = Buckets::default();
        let limits = BTreeMap::from([("users.show".to_owned(), Limit { requests: 2, window_ms: 1000 })]);
        let mode = RateLimits::Custom { limits };
        let t0 = Instant::now();
        let v1 = check(&mut b, &mode, "u", "users.show", t0);
        assert_eq!((v1.allowed, v1.remaining, v1.limit, v1.window_ms), (true, 1, 2, 1000));
        assert!(check(&mut b, &mode, "u", "users.show", t0).allowed);
        let v3 = check(&mut b, &mode, "u", "users.show", t0);
        assert!(!v3.allowed);
        assert_eq!(v3.remaining, 0);
        assert_eq!(v3.wait_ms, 500);
        assert!(check(&mut b, &mode, "other", "users.show", t0).allowed, "buckets are per user");
        assert!(
            check(&mut b, &mode, "u", "users.show", t0 + Duration::from_millis(500)).allowed,
            "half a window leaks one"
        );
        let off = check(&mut b, &RateLimits::Off, "u", "users.show", t0);
        assert!(off.allowed && off.limit == OFF_LIMIT);
    }

    #[test]
    fn published_unless_the_custom_limits_name_the_class() {
        let mut b = Buckets::default();
        let t0 = Instant::now();
        let v = check(&mut b, &RateLimits::Published, "u", "files.show", t0);
        assert_eq!((v.limit, v.remaining, v.window_ms), (100, 99, 60_000));
        let limits = BTreeMap::from([("users.show".to_owned(), Limit { requests: 2, window_ms: 1000 })]);
        let v = check(&mut b, &RateLimits::Custom { limits }, "u", "folders.show", t0);
        assert_eq!((v.limit, v.window_ms), (100, 60_000), "a class the limits do not name");
    }
}
