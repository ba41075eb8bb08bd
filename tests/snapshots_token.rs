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
