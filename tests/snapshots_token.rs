//! Snapshots of step 2, the token field: empty, typed (masked), the last 4 revealed, checking,
//! a bad token, an empty Enter.

#[macro_use]
mod wizard;

use wfio::app::state::ErrorInfo;
use wizard::*;

#[test]
fn token_empty() {
    let w = token_screen();
    snapshot_all!("token_empty", &w.s);
}

#[test]
fn token_typed_masked() {
    let w = token_typed(TWO_ACCOUNTS);
    assert!(w.screen_text().contains("53 characters"));
    snapshot_all!("token_masked", &w.s);
}

#[test]
fn token_revealed_tail() {
    let mut w = token_typed(TWO_ACCOUNTS);
    w.ctrl('r');
    assert!(w.screen_text().contains("Gj0Ya▏") || w.screen_text().contains("j0Ya▏"));
    snapshot_all!("token_revealed", &w.s);
}

#[test]
fn token_checking_spinner() {
    let w = token_checking(TWO_ACCOUNTS);
    snapshot_all!("token_checking", &w.s);
}

#[test]
fn token_bad() {
    let w = token_answered(
        "fio-u-not-a-real-token-000000000000000000",
        Err(ErrorInfo::new(
            "Frame.io did not accept this token (401 Unauthorized). Copy the API developer token again from developer.frame.io (Tokens) and paste it here.",
        )),
    );
    snapshot_all!("token_bad", &w.s);
}

#[test]
fn token_empty_enter() {
    let mut w = token_screen();
    w.enter();
    snapshot_all!("token_empty_enter", &w.s);
}

#[test]
fn token_short_and_long() {
    // A token longer than the field scrolls: the end stays visible.
    let mut w = token_typed(&"fio-u-".repeat(30));
    w.ctrl('r');
    snapshot_all!("token_long", &w.s);
}

// ---- The other two ways to sign in (Frame.io V4) ---------------------------------------------

#[test]
fn adobe_before_and_after_the_address() {
    use wfio::app::state::SignInPrompt;
    use wfio::app::{Request, WorkerEvent};
    let mut w = adobe_screen();
    assert!(w.screen_text().contains("Press Enter for the sign-in address"), "{}", w.screen_text());
    snapshot_all!("token_adobe_start", &w.s);
    w.enter();
    let (request, r) = w.only_request();
    assert_eq!(r, Request::BeginAdobeSignIn);
    let url = "http://127.0.0.1:40123/ims/authorize/v2?client_id=wfio-demo-public&redirect_uri=https%3A%2F%2Flocalhost%2Fwfio%2Fcallback&response_type=code&state=Zx81&code_challenge=abc&code_challenge_method=S256";
    let prompt = SignInPrompt { url: url.into(), callback_port: Some(8765) };
    w.worker(WorkerEvent::SignInPrompt { request, result: Ok(prompt) });
    assert!(w.cmds.contains(&wfio::app::Command::Copy(url.into())), "the address goes to the clipboard (OSC 52)");
    let flat = w.screen_text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Open this address in a browser") && flat.contains("ssh -L 8765"), "{flat}");
    snapshot_all!("token_adobe_address", &w.s);
}

#[test]
fn server_to_server_fields() {
    let mut w = adobe_screen();
    w.press(crossterm::event::KeyCode::Tab);
    assert_eq!(w.s.token.method, wfio::app::state::SignInMethod::ServerToServer);
    assert!(w.s.token.on_client_id, "an empty client ID takes the keys first");
    w.type_text("wfio-demo-s2s");
    w.press(crossterm::event::KeyCode::Down);
    w.paste("p8e-wfioDemoS2S-secret");
    assert_eq!(w.s.token.client_id.text, "wfio-demo-s2s");
    assert_eq!(w.s.token.field.expose(), "p8e-wfioDemoS2S-secret");
    assert!(!w.screen_text().contains("p8e-"), "the secret is masked");
    snapshot_all!("token_s2s", &w.s);
}

#[test]
fn a_connected_group_says_where_and_what_reconnecting_does() {
    let mut w = groups_loaded();
    select_group(&mut w, "Marketing");
    w.enter();
    let flat = w.screen_text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Connected to Brand Studio") && flat.contains("Reconnecting elsewhere"), "{flat}");
    snapshot_all!("token_reconnect", &w.s);
}
