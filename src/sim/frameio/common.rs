//! Small helpers the V4 handlers and the S3-like and CDN-like endpoints share.

/// RFC 3339 with microseconds and `Z`, like the seed (`2026-11-20T10:10:00.000000Z`).
pub fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Query pairs of a presigned URL. Lenient: a second `?` counts as `&`, so a URL a client
/// appended its own `?key=value` to still yields the signature.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    let raw = raw.replace('?', "&");
    url::form_urlencoded::parse(raw.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_question_mark_is_an_ampersand() {
        let q = parse_query("Key-Pair-Id=APKA?Signature=ab");
        assert_eq!(q, vec![("Key-Pair-Id".into(), "APKA".into()), ("Signature".into(), "ab".into())]);
    }

    #[test]
    fn timestamps_have_microseconds() {
        let t = now();
        assert_eq!(t.len(), "2026-11-20T10:10:00.000000Z".len(), "{t}");
        assert!(t.ends_with('Z'));
    }
}
