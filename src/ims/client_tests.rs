//! What needs no server: reading token answers and IMS errors. The HTTP exchanges themselves are
//! tested against the simulator's IMS (tests/ims_*.rs).

use super::*;

fn now() -> Timestamp {
    "2026-12-02T10:00:00Z".parse().unwrap()
}

#[test]
fn a_full_answer_sets_both_expiries() {
    let body = br#"{"access_token":"at-1","refresh_token":"rt-1","token_type":"bearer","expires_in":86399}"#;
    let t = parse_tokens(body, now()).unwrap();
    assert_eq!(t.access_token.expose_secret(), "at-1");
    assert_eq!(t.refresh_token.as_ref().unwrap().expose_secret(), "rt-1");
    assert_eq!(t.expires_at, "2026-12-03T09:59:59Z".parse().unwrap());
    assert_eq!(t.refresh_expires_at, Some("2026-12-16T10:00:00Z".parse().unwrap()));
    assert_eq!(t.email, None);
    assert!(t.valid_for(now(), SignedDuration::from_secs(60)));
    assert!(!t.valid_for("2026-12-03T09:59:00Z".parse().unwrap(), SignedDuration::from_secs(60)));
}

#[test]
fn missing_or_odd_expiry_is_a_day_and_no_refresh_token_is_none() {
    for body in [
        &br#"{"access_token":"a"}"#[..],
        br#"{"access_token":"a","expires_in":0}"#,
        br#"{"access_token":"a","expires_in":"soon"}"#,
    ] {
        let t = parse_tokens(body, now()).unwrap();
        assert_eq!(t.expires_at, "2026-12-03T10:00:00Z".parse().unwrap());
        assert!(t.refresh_token.is_none() && t.refresh_expires_at.is_none());
    }
    assert!(matches!(parse_tokens(br#"{"access_token":""}"#, now()), Err(FrameioError::Malformed { .. })));
    assert!(matches!(parse_tokens(b"<html>", now()), Err(FrameioError::Malformed { .. })));
}

#[test]
fn the_id_token_email_labels_the_sign_in() {
    use base64::Engine;
    let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(br#"{"sub":"x","email":"avery.admin@northwind.example"}"#);
    let body = format!(r#"{{"access_token":"a","id_token":"eyJhbGciOiJSUzI1NiJ9.{claims}.sig"}}"#);
    let t = parse_tokens(body.as_bytes(), now()).unwrap();
    assert_eq!(t.email.as_deref(), Some("avery.admin@northwind.example"));
    assert_eq!(email_claim("not-a-jwt"), None);
}

#[test]
fn a_refresh_without_a_new_refresh_token_keeps_the_old_one() {
    let first = parse_tokens(br#"{"access_token":"a1","refresh_token":"r1"}"#, now()).unwrap();
    let later: Timestamp = "2026-12-03T09:00:00Z".parse().unwrap();
    let second = parse_tokens(br#"{"access_token":"a2"}"#, later).unwrap().keeping_refresh_of(&first);
    assert_eq!(second.access_token.expose_secret(), "a2");
    assert_eq!(second.refresh_token.as_ref().unwrap().expose_secret(), "r1");
    assert_eq!(second.refresh_expires_at, first.refresh_expires_at);
    let rotated =
        parse_tokens(br#"{"access_token":"a3","refresh_token":"r2"}"#, later).unwrap().keeping_refresh_of(&first);
    assert_eq!(rotated.refresh_token.as_ref().unwrap().expose_secret(), "r2");
    assert_eq!(rotated.refresh_expires_at, Some("2026-12-17T09:00:00Z".parse().unwrap()));
}

#[test]
fn ims_errors_say_what_to_do() {
    let expired = refused(400, br#"{"error":"invalid_grant","error_description":"refresh token expired"}"#, "c");
    assert_eq!(
        expired,
        FrameioError::SignInExpired { detail: "Adobe IMS: invalid_grant: refresh token expired".into() }
    );
    assert!(expired.to_string().contains("Sign in again"), "{expired}");
    let client = refused(401, br#"{"error":"invalid_client","error_description":"bad secret"}"#, "wfio-demo-webapp");
    assert!(matches!(&client, FrameioError::ClientRefused { client_id, .. } if client_id == "wfio-demo-webapp"));
    assert!(client.to_string().contains("refused the client ID wfio-demo-webapp or its secret"), "{client}");
    assert!(client.is_auth() && !client.is_transient());
    let scope = refused(400, br#"{"error":"invalid_scope"}"#, "c");
    assert_eq!(scope, FrameioError::Ims { status: 400, detail: "invalid_scope".into() });
    assert!(!scope.is_transient());
    let outage = refused(503, b"<html>busy</html>", "c");
    assert!(outage.is_transient() && !outage.to_string().contains("busy"), "{outage}");
    assert!(refused(429, b"", "c").is_transient());
}
