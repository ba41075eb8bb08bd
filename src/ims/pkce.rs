//! PKCE (RFC 7636) with the S256 method, and the random `state` of a sign-in.
//!
//! The verifier is 64 bytes from the operating system's CSPRNG, base64url without padding:
//! 86 characters of the unreserved set, inside RFC 7636's 43–128. The challenge is
//! base64url-no-pad(SHA-256(verifier)).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// Random bytes behind a verifier (86 characters once encoded).
const VERIFIER_BYTES: usize = 64;
/// Random bytes behind a state (32 characters once encoded).
const STATE_BYTES: usize = 24;

/// `n` bytes from the OS CSPRNG, base64url-encoded. The OS always has one where wfio runs; a
/// failure to read it is not something to continue past with weaker randomness.
fn random_b64(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator is unavailable");
    URL_SAFE_NO_PAD.encode(&bytes)
}

/// A new code verifier.
pub fn verifier() -> SecretString {
    SecretString::from(random_b64(VERIFIER_BYTES))
}

/// The S256 challenge of a verifier.
pub fn challenge(verifier: &SecretString) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.expose_secret().as_bytes()))
}

/// A new `state` value, to tie a callback to the sign-in that asked for it.
pub fn state() -> String {
    random_b64(STATE_BYTES)
}

/// RFC 7636 §4.1: 43–128 characters of `[A-Za-z0-9-._~]`.
pub fn is_valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b_vector() {
        // The verifier is the base64url of the appendix's 32 octets.
        let octets = [
            116u8, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214,
            191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let v = URL_SAFE_NO_PAD.encode(octets);
        assert_eq!(v, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(challenge(&SecretString::from(v)), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn verifiers_are_valid_and_fresh() {
        let a = verifier();
        let b = verifier();
        assert!(is_valid_verifier(a.expose_secret()), "{}", a.expose_secret().len());
        assert_eq!(a.expose_secret().len(), 86);
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert_ne!(state(), state());
        assert_eq!(state().len(), 32);
        assert!(!is_valid_verifier("short"));
        assert!(!is_valid_verifier(&"a".repeat(129)));
        assert!(!is_valid_verifier(&format!("{}+", "a".repeat(50))));
    }

    #[test]
    fn challenge_is_base64url_without_padding() {
        let c = challenge(&verifier());
        assert_eq!(c.len(), 43);
        assert!(c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{c}");
    }
}
