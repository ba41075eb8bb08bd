//! Simulator behaviour that tests and benchmarks change: Frame.io rate limiting (v2 and V4) and
//! injected faults. (IMS token lifetimes are `ims::store::ImsConfig`.) Settable by flag at start and at runtime under `/_sim/`.

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
    /// Endpoint class -> limit; classes not listed use the published numbers. v2's classes are
    /// `assets.create`, `assets.update`, `assets.read`, `create`, `search`, `default`; V4's are
    /// its operation IDs (`projects.create`, `folders.create`, ...; see `frameio::v4::limits`).
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
    /// Limit the faults to one API (`workfront`, `frameio` or `s3`); all when absent.
    pub only: Option<String>,
    /// Limit the faults to requests whose `METHOD /path` contains this text (case-insensitive),
    /// for example `POST /v2/assets/` for Frame.io's asset creates; all when absent.
    pub only_request: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Settings {
    pub rate_limits: RateLimits,
    pub faults: Faults,
}

impl Faults {
    /// No faults at all (the default).
    pub fn none() -> Self {
        Self::default()
    }

    /// Reject values that cannot mean anything: a probability outside `[0, 1]`, or a zero
    /// upload rate (use `None` for "unthrottled").
    pub fn validate(&self) -> Result<(), String> {
        for (name, rate) in
            [("error_rate", self.error_rate), ("reset_rate", self.reset_rate), ("spike_rate", self.spike_rate)]
        {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("{name} must be between 0 and 1, got {rate}"));
            }
        }
        if self.upload_bytes_per_sec == Some(0) {
            return Err("upload_bytes_per_sec must be positive (leave it out for no throttle)".into());
        }
        Ok(())
    }
}

impl RateLimits {
    /// Parse the `--rate-limits` value's JSON form: either the tagged form this type serialises
    /// to (`{"mode":"off"}`, `{"mode":"custom","limits":{...}}`) or, for convenience, a bare map of
    /// endpoint class to limit (`{"assets_create":{"requests":5,"window_ms":1000}}`).
    pub fn from_json(json: &str) -> Result<Self, String> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
        if value.get("mode").is_some() {
            return serde_json::from_value(value).map_err(|e| e.to_string());
        }
        let limits: BTreeMap<String, Limit> = serde_json::from_value(value).map_err(|e| e.to_string())?;
        Ok(Self::Custom { limits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_validation() {
        assert!(Faults::default().validate().is_ok());
        assert!(Faults { error_rate: 1.5, ..Faults::default() }.validate().is_err());
        assert!(Faults { spike_rate: f64::NAN, ..Faults::default() }.validate().is_err());
        assert!(Faults { upload_bytes_per_sec: Some(0), ..Faults::default() }.validate().is_err());
    }

    #[test]
    fn rate_limit_json_forms() {
        assert_eq!(RateLimits::from_json(r#"{"mode":"off"}"#).unwrap(), RateLimits::Off);
        let custom = RateLimits::from_json(r#"{"assets_create":{"requests":5,"window_ms":1000}}"#).unwrap();
        let RateLimits::Custom { limits } = custom else { panic!("custom") };
        assert_eq!(limits["assets_create"], Limit { requests: 5, window_ms: 1000 });
        assert!(RateLimits::from_json("[1]").is_err());
    }
}
