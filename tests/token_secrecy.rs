//! The token never appears: for many token values, every token-screen state and every screen
//! after it, in every theme and at several sizes, shows no piece of the token longer than 4
//! characters (the last 4 only when revealed, and only on the token screen); the state's and
//! the commands' `Debug` show none of it either. The same for a server-to-server client
//! secret, the other secret the sign-in step takes.
//!
//! Two checks, each against the same run made with a stand-in token of the same length. Pieces of
//! 5 characters of the token are searched for, except those the stand-in run shows too (a token
//! can contain words the screens show anyway: "Account", "Marketing"). And the screens and the
//! `Debug` output must be identical to the stand-in run's, except for the revealed last 4
//! characters on the token screen: the token changes nothing else.

mod wizard;

use crossterm::event::KeyCode;
use wfio::app::state::{ErrorInfo, Screen, SignInMethod, State, TokenInfo};
use wfio::app::{Action, update};
use wizard::*;

/// Tokens that look random (the demo tokens contain words: "accounts", "admin").
fn random_looking() -> Vec<String> {
    let mut v: Vec<String> = vec![TWO_ACCOUNTS.into(), ONE_ACCOUNT.into(), NO_ADMIN.into()];
    v.push("fio-u-Qz8rT0vWk3YpL6mN1bX4cJ7hG2dF5sA9eR0tY3uI6oP".into());
    v.push("fio-u-日本語のトークン値テスト用Xq7".into());
    v.push("ÆØÅ-tøkén-Üñï¢ødé-ß€₽-Q9z".into());
    v.push("x".repeat(3) + "Kq9Zr");
    v.push("zQ9kR7wX".into()); // 8 characters: never revealed
    v.push("zQ9kR7wXv".into()); // 9: the last 4 may be revealed
    v.push((0..300).map(|i| char::from(b'A' + (i * 7 % 26) as u8)).collect::<String>() + "Zq9Xw");
    v.push((0..2000).map(|i| char::from(b'a' + (i * 11 % 26) as u8)).collect());
    v.push("fio-u-%s{0}\\n<script>\"'`$(rm)`Zq9".into());
    v
}

/// Tokens that are words the screens also show.
fn word_like() -> Vec<String> {
    [
        "Marketing",
        "password",
        "CreativeServices",
        "Northwind",
        "characters",
        "Initiate",
        "Connection",
        "Frame.io",
        "working",
        "DEMO",
        "admin",
        "Current",
        "avery.admin@northwind.example",
        "https://app.frame.io/projects/fp-7c1e2a90",
        "Planning2027",
        "abcd",
        "abcde",
        "••••••••••",
        "**********",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A stand-in of the same length, made of a character no screen shows.
fn stand_in(token: &str) -> String {
    "Ж".repeat(token.chars().count())
}

/// What the field keeps of a paste: no whitespace or control characters, at most 1024.
fn kept(token: &str) -> String {
    token.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(1024).collect()
}

fn tail(token: &str) -> String {
    let k = kept(token);
    let n = k.chars().count();
    k.chars().skip(n.saturating_sub(4)).collect()
}

/// Every state from the token screen on, with `token` pasted: named, and whether it is the token
/// screen with the tail revealed.
fn journey(token: &str) -> Vec<(&'static str, bool, State, String)> {
    let mut out = Vec::new();
    let mut snap = |name: &'static str, revealed: bool, w: &Wizard| {
        let debug = format!("{:?}\n{:?}\n{:?}", w.s, w.cmds, w.requests);
        out.push((name, revealed, w.s.clone(), debug));
    };
    let mut w = token_screen();
    w.paste(token);
    snap("typed", false, &w);
    w.ctrl('r');
    snap("revealed", true, &w);
    w.resize(50, 12);
    snap("too small", true, &w);
    w.resize(80, 24);
    w.ctrl('r');
    w.enter();
    snap("checking", false, &w);
    let request = w.id_of(is_check_token);
    w.worker(wfio::app::WorkerEvent::TokenChecked {
        request,
        result: Err(ErrorInfo::new("Frame.io did not accept this token (401 Unauthorized).")),
    });
    snap("bad token", false, &w);
    w.ctrl('r');
    snap("bad token revealed", true, &w);
    w.ctrl('r');
    w.enter();
    let request = w.id_of(is_check_token);
    w.worker(wfio::app::WorkerEvent::TokenChecked { request, result: Ok(two_accounts()) });
    assert_eq!(w.s.screen, Screen::Account);
    snap("accounts", false, &w);
    w.down(2);
    w.enter();
    snap("account refused", false, &w);
    w.esc();
    snap("back on the token screen", false, &w);
    // The field was emptied once the token was checked (the worker holds the sign-in); pasted
    // again, it is checked anew.
    w.paste(token);
    snap("pasted again", false, &w);
    w.enter();
    let request = w.id_of(is_check_token);
    w.worker(wfio::app::WorkerEvent::TokenChecked { request, result: Ok(two_accounts()) });
    // The same accounts: the cursor is where it was left, on the refused one; up to Studios.
    w.press(crossterm::event::KeyCode::Up);
    w.enter();
    snap("teams loading", false, &w);
    let request = w.id_of(is_load_teams);
    w.worker(wfio::app::WorkerEvent::Teams { request, result: Ok(studios_teams()) });
    snap("teams", false, &w);
    w.enter();
    snap("connecting", false, &w);
    let request = w.id_of(is_connect);
    w.worker(wfio::app::WorkerEvent::Connected {
        request,
        result: Err(ErrorInfo::new("Workfront refused to save the form.")),
    });
    snap("connect error", false, &w);
    w.enter();
    let request = w.id_of(is_connect);
    w.worker(wfio::app::WorkerEvent::Connected { request, result: Ok(creative_connected()) });
    assert_eq!(w.s.screen, Screen::Project);
    snap("connected", false, &w);
    let request = w.id_of(is_load_projects);
    w.worker(wfio::app::WorkerEvent::Projects { request, result: Ok(projects_data()) });
    snap("projects", false, &w);
    w.esc();
    snap("dashboard", false, &w);
    out
}

/// A journey: every state from the secret's screen on, with the secret pasted.
type Journey = fn(&str) -> Vec<(&'static str, bool, State, String)>;

/// The demo's server-to-server client signed in: one account (Northwind Studios) administered.
fn service_account() -> TokenInfo {
    TokenInfo {
        method: "server-to-server".into(),
        user: "Service Account User".into(),
        email: None,
        accounts: vec![account("fa-studios", "Northwind Studios", "admin")],
    }
}

/// As `journey`, for a server-to-server client secret: typed under the client ID, revealed,
/// refused by IMS, accepted, and on through the workspaces to the project list.
fn s2s_journey(secret: &str) -> Vec<(&'static str, bool, State, String)> {
    let mut out = Vec::new();
    let mut snap = |name: &'static str, revealed: bool, w: &Wizard| {
        let debug = format!("{:?}\n{:?}\n{:?}", w.s, w.cmds, w.requests);
        out.push((name, revealed, w.s.clone(), debug));
    };
    let mut w = adobe_screen();
    w.press(KeyCode::Tab);
    assert_eq!(w.s.token.method, SignInMethod::ServerToServer);
    w.type_text("wfio-demo-s2s");
    w.down(1);
    w.paste(secret);
    snap("secret typed", false, &w);
    w.ctrl('r');
    snap("secret revealed", true, &w);
    w.resize(50, 12);
    snap("too small", true, &w);
    w.resize(80, 24);
    w.ctrl('r');
    w.enter();
    snap("checking the client", false, &w);
    let request = w.id_of(is_check_token);
    w.worker(wfio::app::WorkerEvent::TokenChecked {
        request,
        result: Err(ErrorInfo::new("Adobe IMS refused the client ID wfio-demo-s2s or its secret (invalid_client).")),
    });
    snap("secret refused", false, &w);
    w.ctrl('r');
    snap("secret refused, revealed", true, &w);
    w.ctrl('r');
    w.enter();
    let request = w.id_of(is_check_token);
    w.worker(wfio::app::WorkerEvent::TokenChecked { request, result: Ok(service_account()) });
    assert_eq!(w.s.screen, Screen::Account);
    snap("workspaces loading", false, &w);
    let request = w.id_of(is_load_teams);
    w.worker(wfio::app::WorkerEvent::Teams { request, result: Ok(studios_teams()) });
    snap("workspaces", false, &w);
    w.down(1);
    w.enter();
    snap("connecting", false, &w);
    let request = w.id_of(is_connect);
    w.worker(wfio::app::WorkerEvent::Connected { request, result: Ok(creative_connected()) });
    assert_eq!(w.s.screen, Screen::Project);
    snap("connected", false, &w);
    w.esc();
    snap("dashboard", false, &w);
    out
}

const SIZES: [(u16, u16); 2] = [(80, 24), (60, 16)];

/// Every buffer of a state: each theme, each size.
fn buffers(state: &State) -> Vec<String> {
    let mut out = Vec::new();
    for (w, h) in SIZES {
        let mut s = state.clone();
        if !(s.width < 60 && w >= 60) {
            update(&mut s, Action::Resize(w, h));
        }
        for theme in ALL_THEMES {
            out.push(screen(&s, &theme));
        }
    }
    out
}

fn pieces(token: &str) -> Vec<String> {
    let chars: Vec<char> = kept(token).chars().collect();
    chars.windows(5).map(|w| w.iter().collect()).collect()
}

#[test]
fn no_piece_of_a_token_is_ever_shown_or_debugged() {
    no_piece_shown_or_debugged(journey);
}

#[test]
fn no_piece_of_a_client_secret_is_ever_shown_or_debugged() {
    no_piece_shown_or_debugged(s2s_journey);
}

fn no_piece_shown_or_debugged(journey: Journey) {
    // A piece the same screen shows with a stand-in token (a word like "Account") is not the
    // token's doing and is left out; every other piece of 5 characters must be absent.
    for token in random_looking().into_iter().chain(word_like()) {
        let pieces = pieces(&token);
        let baseline = journey(&stand_in(&kept(&token)));
        for ((name, revealed, state, debug), (_, _, base_state, base_debug)) in
            journey(&token).into_iter().zip(baseline)
        {
            for (text, base) in buffers(&state).into_iter().zip(buffers(&base_state)) {
                let flat: String = text.lines().map(str::trim_end).collect::<Vec<_>>().join("");
                let base_flat: String = base.lines().map(str::trim_end).collect::<Vec<_>>().join("");
                for p in pieces.iter().filter(|p| !base_flat.contains(p.as_str())) {
                    assert!(!flat.contains(p.as_str()), "{name}: {p:?} of the token is on screen:\n{text}");
                }
                let t = tail(&token);
                if kept(&token).chars().count() > 8 && flat.contains(&t) && !base_flat.contains(&t) {
                    assert!(revealed && state.screen == Screen::Token, "{name}: the tail is shown:\n{text}");
                }
            }
            for p in pieces.iter().filter(|p| !base_debug.contains(p.as_str())) {
                assert!(!debug.contains(p.as_str()), "{name}: {p:?} of the token is in Debug");
            }
        }
    }
}

#[test]
fn tokens_change_nothing_but_their_length_and_revealed_tail() {
    change_nothing_but_length_and_revealed_tail(journey);
}

#[test]
fn client_secrets_change_nothing_but_their_length_and_revealed_tail() {
    change_nothing_but_length_and_revealed_tail(s2s_journey);
}

fn change_nothing_but_length_and_revealed_tail(journey: Journey) {
    for token in random_looking().into_iter().chain(word_like()) {
        let control = stand_in(&kept(&token));
        let (real, stand) = (journey(&token), journey(&control));
        assert_eq!(real.len(), stand.len());
        for ((name, revealed, s1, d1), (_, _, s2, d2)) in real.into_iter().zip(stand) {
            assert_eq!(d1, d2, "{name}: Debug depends on the token {token:?}");
            for (t1, t2) in buffers(&s1).into_iter().zip(buffers(&s2)) {
                let (t1, t2) = if revealed && s1.screen == Screen::Token && kept(&token).chars().count() > 8 {
                    // The revealed tails differ (and may differ in width): compare without them.
                    // On the field's line (the label's, or the next when the masked value
                    // wraps) only what comes before the tail is compared.
                    let strip = |t: &str, tail: &str| {
                        t.lines()
                            .map(|l| {
                                if l.contains("Token: ")
                                    || l.contains("Client secret: ")
                                    || l.contains("****")
                                    || l.contains("••••")
                                {
                                    l.rsplit_once(tail).map_or(l, |(before, _)| before)
                                } else {
                                    l
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    };
                    (strip(&t1, &tail(&token)), strip(&t2, &tail(&control)))
                } else {
                    (t1, t2)
                };
                assert_eq!(t1, t2, "{name}: the screen depends on the token {token:?}");
            }
        }
    }
}

#[test]
fn the_tail_is_revealed_only_when_asked_and_only_the_last_4() {
    let token = "fio-u-Qz8rT0vWk3YpL6mN1bX4cJ7hG2dF5sA9eR0tY3uI6oP";
    let mut w = token_typed(token);
    assert!(!w.screen_text().contains("I6oP"));
    w.ctrl('r');
    let text = w.screen_text();
    assert!(text.contains("I6oP▏") || text.contains("I6oP"), "{text}");
    assert!(!text.contains("uI6oP"));
}
