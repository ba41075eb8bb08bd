//! When to retry a request and how long to wait: a pure decision, unit-tested.
//!
//! Retried automatically: connection failures where nothing was sent, timeouts and broken
//! responses of idempotent requests, 408/425/429/5xx. Never retried blindly: a create (POST) that
//! may have reached the server (any 5xx included); the caller looks first and creates only what
//! is missing. Creates are retried only after a refusal that guarantees nothing happened
//! (no connection, 408, 425, 429).

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts, the first one included.
    pub max_attempts: u32,
    pub base: Duration,
    pub cap: Duration,
    /// A server asking for a longer wait than this is reported instead of obeyed.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
            max_wait: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// No retries: for tests that want to see the first failure.
    pub const NONE: Self =
        Self { max_attempts: 1, base: Duration::ZERO, cap: Duration::ZERO, max_wait: Duration::ZERO };

    /// The default, or quick retries when `WFIO_RETRY_BASE_MS` is set (tests of the real binary
    /// against injected faults; not for production use).
    pub fn from_env() -> Self {
        match std::env::var("WFIO_RETRY_BASE_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
            Some(ms) => Self {
                base: Duration::from_millis(ms),
                cap: Duration::from_millis(ms.saturating_mul(10)),
                max_wait: Duration::from_secs(5),
                ..Self::default()
            },
            None => Self::default(),
        }
    }

    /// Quick retries, for tests against the simulator's injected faults.
    pub fn fast() -> Self {
        Self {
            max_attempts: 8,
            base: Duration::from_millis(5),
            cap: Duration::from_millis(50),
            max_wait: Duration::from_secs(5),
        }
    }
}

/// What went wrong with one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The connection could not be made: the request never left.
    Connect,
    /// Sent, but the answer did not arrive in time or broke off.
    Timeout,
    Broken,
    /// An HTTP status, with the server's hints.
    Status {
        code: u16,
        retry_after: Option<Duration>,
        rate_window: Option<Duration>,
    },
}

impl Failure {
    /// Whether the server certainly did nothing with the request.
    fn not_processed(&self) -> bool {
        match self {
            Self::Connect => true,
            // A rate limit, "too early" and "request timeout" refuse before doing anything. A 503
            // does not promise that: proxies and load balancers answer 503 when the upstream
            // connection drops after the request reached it (Envoy's "upstream connect error or
            // disconnect/reset before headers"), so a create may have happened behind it.
            Self::Status { code, .. } => matches!(code, 408 | 425 | 429),
            _ => false,
        }
    }

    fn transient(&self) -> bool {
        match self {
            Self::Connect | Self::Timeout | Self::Broken => true,
            Self::Status { code, .. } => matches!(code, 408 | 425 | 429 | 500 | 502 | 503 | 504),
        }
    }
}

/// The wait before attempt `attempt + 1` (attempts count from 1), or `None` to give up.
/// `jitter` is a number in `[0, 1)` (full jitter: wait a random share of the backoff).
pub fn next_delay(
    policy: &RetryPolicy,
    attempt: u32,
    idempotent: bool,
    failure: &Failure,
    jitter: f64,
) -> Option<Duration> {
    if attempt >= policy.max_attempts || !failure.transient() {
        return None;
    }
    if !idempotent && !failure.not_processed() {
        return None;
    }
    if let Failure::Status { code: 429, retry_after, rate_window } = failure {
        // Frame.io's guidance: wait about a second, then back off. Honour Retry-After when sent.
        if let Some(wait) = retry_after {
            return (*wait <= policy.max_wait).then_some(*wait);
        }
        let exp = backoff(policy, attempt).max(Duration::from_secs(1).min(policy.cap));
        let floor = rate_window.map(|w| w / 10).unwrap_or_default().min(policy.cap);
        return Some(exp.max(floor).mul_f64(0.5 + jitter / 2.0));
    }
    if let Failure::Status { retry_after: Some(wait), .. } = failure {
        return (*wait <= policy.max_wait).then_some(*wait);
    }
    Some(backoff(policy, attempt).mul_f64(jitter.clamp(0.0, 1.0)).max(policy.base / 4))
}

fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
    policy.base.saturating_mul(factor).min(policy.cap)
}

/// Parse `Retry-After`: delta-seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or_default())
}

/// A small per-process jitter source (no need for cryptographic randomness).
pub fn jitter() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0x2545_f491_4f6c_dd1d);
    let mut x = STATE.load(Ordering::Relaxed);
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy {
        max_attempts: 5,
        base: Duration::from_millis(500),
        cap: Duration::from_secs(30),
        max_wait: Duration::from_secs(60),
    };

    fn status(code: u16) -> Failure {
        Failure::Status { code, retry_after: None, rate_window: None }
    }

    #[test]
    fn idempotent_requests_retry_transient_failures_with_growing_backoff() {
        let d1 = next_delay(&P, 1, true, &status(503), 0.999).unwrap();
        let d3 = next_delay(&P, 3, true, &status(503), 0.999).unwrap();
        assert!(d3 > d1, "{d1:?} < {d3:?}");
        assert!(next_delay(&P, 1, true, &Failure::Broken, 0.5).is_some());
        assert!(next_delay(&P, 5, true, &status(503), 0.5).is_none(), "attempts exhausted");
        assert!(next_delay(&P, 1, true, &status(404), 0.5).is_none(), "not transient");
        assert!(next_delay(&P, 1, true, &status(401), 0.5).is_none());
    }

    #[test]
    fn creates_retry_only_when_the_server_did_nothing() {
        assert!(next_delay(&P, 1, false, &Failure::Connect, 0.5).is_some());
        assert!(next_delay(&P, 1, false, &status(429), 0.5).is_some());
        assert!(next_delay(&P, 1, false, &status(500), 0.5).is_none(), "500 may have created it");
        assert!(next_delay(&P, 1, false, &status(503), 0.5).is_none(), "a proxy's 503 may hide a create");
        assert!(next_delay(&P, 1, false, &status(502), 0.5).is_none());
        assert!(next_delay(&P, 1, false, &Failure::Broken, 0.5).is_none(), "a broken answer may hide a create");
        assert!(next_delay(&P, 1, false, &Failure::Timeout, 0.5).is_none());
    }

    #[test]
    fn rate_limits_wait_at_least_about_a_second_or_as_told() {
        let d = next_delay(&P, 1, true, &status(429), 0.0).unwrap();
        assert!(d >= Duration::from_millis(500), "{d:?}");
        let told = Failure::Status { code: 429, retry_after: Some(Duration::from_secs(7)), rate_window: None };
        assert_eq!(next_delay(&P, 1, true, &told, 0.3), Some(Duration::from_secs(7)));
        let too_long = Failure::Status { code: 429, retry_after: Some(Duration::from_secs(600)), rate_window: None };
        assert_eq!(next_delay(&P, 1, true, &too_long, 0.3), None);
    }

    #[test]
    fn retry_after_forms() {
        let now = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert_eq!(parse_retry_after("12", now), Some(Duration::from_secs(12)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn jitter_is_in_range() {
        for _ in 0..1000 {
            let j = jitter();
            assert!((0.0..1.0).contains(&j));
        }
    }
}
