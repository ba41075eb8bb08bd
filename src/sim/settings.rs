//! Simulator behaviour that tests and benchmarks change: Frame.io rate limiting and injected
//! faults. Settable by flag at start and at runtime under `/_sim/`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A leaky-bucket limit: `requests` per `window_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limit {
    pub requests: u32,
    pub window_ms: u64,
}

/// How the simulated Frame.io rate-limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case", tag = "mode")]
pub enum RateLimits {
    /// No limiting (headers still sent, with a generous limit).
    Off,
    /// The per-endpoint numbers Frame.io publishes.
    #[default]
    Published,
    /// Endpoint class -> limit; classes not listed use the published numbers.
    Custom { limits: BTreeMap<String, Limit> },
}

/// Faults to inject into responses of both APIs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Faults {
    /// Added to every response.
    pub latency_ms: u64,
    /// Up to this much more, at random.
    pub jitter_ms: u64,
    /// Share of requests answered with a 5xx (0.0 to 1.0).
    pub error_rate: f64,
    /// Share of responses whose connection is reset part-way through the body.
    pub reset_rate: f64,
    /// The next this-many Frame.io requests get 429.
    pub burst_429: u32,
    /// Throttle for part uploads, bytes per second; none when absent.
    pub upload_bytes_per_sec: Option<u64>,
    /// Occasional long stalls: probability per request and duration.
    pub spike_rate: f64,
    pub spike_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Settings {
    pub rate_limits: RateLimits,
    pub faults: Faults,
}
