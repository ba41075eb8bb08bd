//! Deterministic identifiers for the simulator.
//!
//! Seed files name objects symbolically (`"@grp-default"`); the simulator turns each name into a
//! stable ID in the shape the real service uses (32 hex chars for Workfront, a UUID for
//! Frame.io). New objects get IDs from a seeded generator, so two runs with the same seed and the
//! same requests produce the same IDs, which keeps snapshots and benchmarks reproducible.

/// 64-bit FNV-1a, salted, used to derive stable IDs from symbolic seed names.
fn fnv1a(salt: u64, bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn hex128(a: u64, b: u64) -> String {
    format!("{a:016x}{b:016x}")
}

/// A Workfront-style ID (32 lowercase hex characters) for a symbolic seed name.
pub fn workfront_id_for(name: &str) -> String {
    hex128(fnv1a(1, name.as_bytes()), fnv1a(2, name.as_bytes()))
}

/// A Frame.io-style UUID for a symbolic seed name.
pub fn frameio_id_for(name: &str) -> String {
    uuid_from(fnv1a(3, name.as_bytes()), fnv1a(4, name.as_bytes()))
}

fn uuid_from(a: u64, b: u64) -> String {
    let h = hex128(a, b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// SplitMix64: a tiny, good-enough generator for fresh IDs and injected faults.
///
/// Serialises as its one `u64` of state, so a persisted simulator continues the same ID sequence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A float in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn workfront_id(&mut self) -> String {
        hex128(self.next_u64(), self.next_u64())
    }

    pub fn frameio_id(&mut self) -> String {
        uuid_from(self.next_u64(), self.next_u64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_real_shapes() {
        let wf = workfront_id_for("@grp-default");
        assert_eq!(wf.len(), 32);
        assert!(wf.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        let fio = frameio_id_for("@acct");
        assert_eq!(fio.len(), 36);
        assert_eq!(fio.matches('-').count(), 4);
        assert_ne!(workfront_id_for("a"), workfront_id_for("b"));
        assert_eq!(workfront_id_for("a"), workfront_id_for("a"));
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.workfront_id(), b.workfront_id());
        let f = a.next_f64();
        assert!((0.0..1.0).contains(&f));
    }
}
