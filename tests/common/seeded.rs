//! Seeds for the reliability matrices, so any failure reproduces, and a small generator for the
//! tests' own choices (delays, interruption and kill points).
//!
//! `WFIO_RELIABILITY_RUNS` sets the runs per scenario; `WFIO_RELIABILITY_SEED` runs one seed
//! (in its own scenario only: seed 5012 belongs to scenario 5).

/// Runs per scenario: `default`, or `WFIO_RELIABILITY_RUNS`.
pub fn runs(default: usize) -> usize {
    std::env::var("WFIO_RELIABILITY_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The seeds of `scenario`: `scenario * 1000 + 1 ..= + runs`, fixed.
pub fn seeds(scenario: u64, runs: usize) -> Vec<u64> {
    if let Some(seed) = std::env::var("WFIO_RELIABILITY_SEED").ok().and_then(|v| v.parse::<u64>().ok()) {
        return if seed / 1000 == scenario { vec![seed] } else { Vec::new() };
    }
    (1..=runs as u64).map(|i| scenario * 1000 + i).collect()
}

/// SplitMix64.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform-ish in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}
