//! Simulator behaviour that tests and benchmarks change: Frame.io V4 rate limiting and injected
//! faults. (IMS token lifetimes are `ims::store::ImsConfig`.) Settable by flag at start and at
//! runtime under `/_sim/`.

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
    /// The per-operation numbers Frame.io publishes.
    #[default]
    Published,
    /// Class -> limit; classes not listed use the published numbers. The classes are V4's
    /// operation IDs (`projects.create`, `folders.create`, ...; see `frameio::v4::limits`).
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
    /// Limit the faults to one API (`workfront`, `frameio`, `ims` or `s3`); all when absent.
    pub only: Option<String>,
    /// Limit the faults to requests whose `METHOD /path` contains this text (case-insensitive),
    /// for example `POST /v4/` for Frame.io's creates; all when absent.
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
    /// class to limit (`{"files.create_local_upload":{"requests":5,"window_ms":1000}}`). A class
    /// that is not a V4 operation ID is an error naming the valid ones.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let parsed = if value.get("mode").is_some() {
            serde_json::from_value(value).map_err(|e| e.to_string())?
        } else {
            let limits: BTreeMap<String, Limit> = serde_json::from_value(value).map_err(|e| e.to_string())?;
            Self::Custom { limits }
        };
        if let Self::Custom { limits } = &parsed {
            check_classes(limits.keys())?;
        }
        Ok(parsed)
    }
}

/// Every class must be a V4 operation ID (`frameio::v4::limits::OPS`).
fn check_classes<'a>(classes: impl Iterator<Item = &'a String>) -> Result<(), String> {
    let ops = crate::sim::frameio::v4::limits::OPS;
    let unknown: Vec<&str> = classes.map(String::as_str).filter(|c| !ops.iter().any(|o| o.id == *c)).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let mut valid: Vec<&str> = ops.iter().map(|o| o.id).collect();
    valid.sort_unstable();
    Err(format!(
        "unknown rate-limit class{} {}: a class is a Frame.io V4 operation ID, one of {}",
        if unknown.len() == 1 { "" } else { "es" },
        unknown.join(", "),
        valid.join(", ")
    ))
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
        let custom = RateLimits::from_json(r#"{"folders.create":{"requests":5,"window_ms":1000}}"#).unwrap();
        let RateLimits::Custom { limits } = custom else { panic!("custom") };
        assert_eq!(limits["folders.create"], Limit { requests: 5, window_ms: 1000 });
        let tagged = r#"{"mode":"custom","limits":{"users.show":{"requests":1,"window_ms":60000}}}"#;
        assert!(matches!(RateLimits::from_json(tagged), Ok(RateLimits::Custom { .. })));
        assert!(RateLimits::from_json("[1]").is_err());
    }

    #[test]
    fn an_unknown_class_is_an_error_naming_the_valid_ones() {
        let err = RateLimits::from_json(r#"{"assets.create":{"requests":5,"window_ms":1000}}"#).unwrap_err();
        assert!(err.contains("unknown rate-limit class assets.create"), "{err}");
        assert!(err.contains("files.create_local_upload") && err.contains("users.show"), "{err}");
        let tagged = r#"{"mode":"custom","limits":{"default":{"requests":1,"window_ms":1},"nope":{"requests":1,"window_ms":1}}}"#;
        let err = RateLimits::from_json(tagged).unwrap_err();
        assert!(err.contains("classes default, nope:"), "{err}");
    }
}
