//! Client-side pacing: keep under a service's published rate limits so 429s are rare, not
//! routine. One generic cell-rate (leaky bucket) per endpoint class, shared by every task using
//! the same credentials.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// `requests` per `window`; the pacer bursts up to `requests - 1` (see `Pacer::reserve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub requests: u32,
    pub window: Duration,
}

impl Rate {
    pub const fn new(requests: u32, window_ms: u64) -> Self {
        Self { requests, window: Duration::from_millis(window_ms) }
    }

    fn interval(&self) -> Duration {
        self.window / self.requests.max(1)
    }
}

#[derive(Debug, Default)]
struct Cell {
    /// Theoretical arrival time of the next request (GCRA).
    tat: Option<Instant>,
}

/// Shared pacer; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Pacer {
    cells: Arc<Mutex<HashMap<&'static str, Cell>>>,
    /// Pacing off (a simulator without limits, or a test).
    disabled: bool,
}

impl Pacer {
    pub fn disabled() -> Self {
        Self { disabled: true, ..Self::default() }
    }

    /// How long to wait before a request of `class` may go, reserving its slot.
    pub fn reserve(&self, class: &'static str, rate: Rate) -> Duration {
        if self.disabled {
            return Duration::ZERO;
        }
        let now = Instant::now();
        let mut cells = self.cells.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let cell = cells.entry(class).or_default();
        let interval = rate.interval();
        // Up to `requests - 1` may go at once; after that one per interval. The server meters
        // arrivals, not departures: requests sent an interval apart can arrive closer together
        // (one waits for a new connection, the next reuses one), so a full burst of `requests`
        // followed by a request exactly one interval later can overflow its bucket. Keeping one
        // slot spare absorbs up to an interval of such jitter.
        let tolerance = rate.window.saturating_sub(interval.saturating_mul(2));
        let tat = cell.tat.map_or(now, |t| t.max(now));
        let earliest = tat.checked_sub(tolerance).unwrap_or(now);
        let wait = earliest.saturating_duration_since(now);
        cell.tat = Some(tat + interval);
        wait
    }

    /// Wait for a slot of `class`.
    pub async fn acquire(&self, class: &'static str, rate: Rate) {
        let wait = self.reserve(class, rate);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// The server said the class is exhausted: push its next slot back by `wait`.
    pub fn back_off(&self, class: &'static str, wait: Duration) {
        if self.disabled {
            return;
        }
        let mut cells = self.cells.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let cell = cells.entry(class).or_default();
        let resume = Instant::now() + wait;
        cell.tat = Some(cell.tat.map_or(resume, |t| t.max(resume)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn bursts_up_to_the_limit_then_spaces_requests() {
        let pacer = Pacer::default();
        let rate = Rate::new(5, 1000);
        let waits: Vec<Duration> = (0..8).map(|_| pacer.reserve("assets.create", rate)).collect();
        assert!(waits[..4].iter().all(Duration::is_zero), "{waits:?}");
        assert_eq!(waits[4], Duration::from_millis(200));
        assert_eq!(waits[5], Duration::from_millis(400));
        // Other classes are independent.
        assert!(pacer.reserve("default", rate).is_zero());
    }

    #[tokio::test(start_paused = true)]
    async fn a_leaky_bucket_server_never_overflows() {
        let pacer = Pacer::default();
        let rate = Rate::new(5, 1000);
        let start = Instant::now();
        let mut sent = Vec::new();
        for _ in 0..20 {
            pacer.acquire("c", rate).await;
            sent.push((Instant::now() - start).as_secs_f64());
        }
        // The server's bucket: capacity 5, draining 5 per second.
        let mut level = 0.0f64;
        let mut last = 0.0;
        for t in &sent {
            level = (level - (t - last) * 5.0).max(0.0) + 1.0;
            last = *t;
            assert!(level <= 5.0 + 1e-9, "bucket overflowed at {t}s: {level}");
        }
        assert!(sent[19] >= 2.9, "{:?}", sent[19]);
    }

    /// Requests leave paced but arrive with up to one interval of jitter (a new connection, a
    /// slow hop): the server's bucket still never overflows.
    #[tokio::test(start_paused = true)]
    async fn arrival_jitter_of_up_to_an_interval_never_overflows_the_server() {
        for rate in [Rate::new(5, 1000), Rate::new(10, 1000), Rate::new(50, 1000), Rate::new(100, 60_000)] {
            let pacer = Pacer::default();
            let start = Instant::now();
            let per_ms = f64::from(rate.requests) / rate.window.as_millis() as f64;
            let interval_ms = rate.window.as_secs_f64() * 1000.0 / f64::from(rate.requests);
            let mut arrivals = Vec::new();
            let mut x: u64 = 0x2545_f491_4f6c_dd1d;
            for i in 0..(3 * rate.requests) {
                pacer.acquire("c", rate).await;
                let sent = (Instant::now() - start).as_secs_f64() * 1000.0;
                // The burst's first request is the slow one; the others at random.
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let jitter = if i == 0 { interval_ms } else { (x % 1000) as f64 / 1000.0 * interval_ms };
                arrivals.push(sent + jitter);
            }
            arrivals.sort_by(f64::total_cmp);
            let (mut level, mut last) = (0.0f64, 0.0);
            for t in &arrivals {
                level = (level - (t - last) * per_ms).max(0.0) + 1.0;
                last = *t;
                assert!(level <= f64::from(rate.requests) + 1e-9, "{rate:?}: bucket overflowed at {t} ms: {level}");
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn requests_delayed_unevenly_on_the_way_still_fit_the_bucket() {
        let pacer = Pacer::default();
        let rate = Rate::new(5, 1000);
        let start = Instant::now();
        let mut arrivals = Vec::new();
        for i in 0..40u64 {
            pacer.acquire("c", rate).await;
            // The first ones open new connections (100 ms more on the way), later ones are
            // delayed unevenly (0 or 60 ms, a busy machine).
            let delay = if i < 5 { 0.1 } else { (i % 2) as f64 * 0.06 };
            arrivals.push((Instant::now() - start).as_secs_f64() + delay);
        }
        arrivals.sort_by(f64::total_cmp);
        let (mut level, mut last) = (0.0f64, 0.0);
        for t in &arrivals {
            level = (level - (t - last) * 5.0).max(0.0) + 1.0;
            last = *t;
            assert!(level <= 5.0 + 1e-9, "a 429 at {t:.3}s: the bucket held {level:.2}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn back_off_delays_the_class() {
        let pacer = Pacer::default();
        let rate = Rate::new(50, 1000);
        pacer.back_off("c", Duration::from_secs(2));
        assert!(pacer.reserve("c", rate) >= Duration::from_millis(1000));
        assert!(Pacer::disabled().reserve("c", rate).is_zero());
    }
}
