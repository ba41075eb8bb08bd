//! JWT-shaped tokens, as IMS issues them: `base64url(header).base64url(payload).base64url(sig)`.
//!
//! The simulator keeps every token it issued (`ImsStore`), so the signature is never checked:
//! it is random bytes, and a token is valid because it is in the store. The payload carries what
//! IMS's access tokens carry and clients read: `type`, `client_id`, `user_id`, `scope` (comma
//! separated), `created_at` and `expires_in` (both milliseconds, as strings, like IMS).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::sim::ids::Rng;

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A token of `kind` (`access_token`, `refresh_token`, `authorization_code`, `id_token`) with
/// `claims` merged into the standard IMS payload.
pub fn mint(rng: &mut Rng, kind: &str, claims: Value) -> String {
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": "ims_na1-key-at-1", "x5u": "ims_na1-key-at-1.cer"});
    let mut payload = json!({"id": format!("{}_{}", rng.next_u64(), rng.frameio_id()), "type": kind, "as": "ims-na1"});
    if let (Some(p), Value::Object(extra)) = (payload.as_object_mut(), claims) {
        p.extend(extra);
    }
    let sig: Vec<u8> = (0..32).flat_map(|_| rng.next_u64().to_le_bytes()).collect();
    format!("{}.{}.{}", b64(header.to_string().as_bytes()), b64(payload.to_string().as_bytes()), b64(&sig))
}

/// The payload of a JWT-shaped token, if it is one.
pub fn payload(token: &str) -> Option<Value> {
    let part = token.split('.').nth(1)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_their_claims() {
        let mut rng = Rng::new(1);
        let t = mint(&mut rng, "access_token", json!({"client_id": "c", "expires_in": "1000"}));
        assert_eq!(t.split('.').count(), 3);
        let p = payload(&t).unwrap();
        assert_eq!(p["type"], "access_token");
        assert_eq!(p["client_id"], "c");
        assert_ne!(t, mint(&mut rng, "access_token", json!({})));
        assert!(payload("fio-u-abc").is_none());
    }
}
