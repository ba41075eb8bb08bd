//! Headless commands on a terminal: the prompts for a developer token, a client secret and the
//! address an Adobe sign-in lands on do not echo, "Proceed? [y/N]" asks and defaults to no,
//! colour appears on a terminal and disappears under NO_COLOR.

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::time::Duration;

use cli::{S2S_CLIENT, S2S_SECRET, TOKEN_1_ACCOUNT, Wfio, ims_authorize};
use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(20);
const FAST: (&str, &str) = ("WFIO_SIM_RATE_LIMITS", "off");

#[test]
fn the_token_prompt_does_not_echo() {
    let w = Wfio::new();
    let mut pty = Pty::spawn(&["group", "connect", "Events"], w.dir.path(), &[FAST], 100, 30);
    pty.wait_text("Frame.io developer token:", WAIT);
    pty.type_text(TOKEN_1_ACCOUNT);
    pty.key(b"\r");
    assert_eq!(pty.wait_exit(WAIT), 0, "{}", pty.screen());
    let screen = pty.screen();
    assert!(screen.contains("Connected the group \"Events\" to the Frame.io workspace Blake Edits"), "{screen}");
    assert!(!String::from_utf8_lossy(&pty.raw()).contains(TOKEN_1_ACCOUNT), "the token was echoed:\n{screen}");
}

#[test]
fn the_client_secret_and_the_adobe_redirect_are_read_without_echo() {
    let w = Wfio::new();
    // Server-to-server: the secret at a no-echo prompt.
    let mut pty = Pty::spawn(
        &["auth", "login", "frameio", "--with", "s2s", "--client-id", S2S_CLIENT],
        w.dir.path(),
        &[FAST],
        100,
        30,
    );
    pty.wait_text("client secret:", WAIT);
    pty.type_text(S2S_SECRET);
    pty.key(b"\r");
    assert_eq!(pty.wait_exit(WAIT), 0, "{}", pty.screen());
    assert!(
        pty.screen().contains("Signed in to Frame.io as Service Account User (server-to-server)"),
        "{}",
        pty.screen()
    );
    assert!(!String::from_utf8_lossy(&pty.raw()).contains(S2S_SECRET), "the secret was echoed:\n{}", pty.screen());

    // Sign in with Adobe: the address on the terminal (wide enough to hold it on one line), the
    // browser's redirect pasted back at a no-echo prompt.
    let mut pty = Pty::spawn(&["auth", "login", "frameio"], w.dir.path(), &[FAST], 500, 30);
    let screen = pty.wait_text("redirect address (where the browser landed):", WAIT);
    let address = screen
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("http://127.0.0.1:") && l.contains("/ims/authorize/v2?"))
        .unwrap_or_else(|| panic!("no sign-in address on the screen:\n{screen}"))
        .to_owned();
    let redirect = ims_authorize(&address, "blake.rivera@northwind.example");
    let code = url::Url::parse(&redirect).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    // Pasted: in one write, as a terminal sends a paste (a line far under the terminal's limit).
    pty.send(redirect.as_bytes());
    pty.key(b"\r");
    assert_eq!(pty.wait_exit(WAIT), 0, "{}", pty.screen());
    let screen = pty.screen();
    assert!(screen.contains("Signed in to Frame.io as Blake Rivera (Adobe sign-in)"), "{screen}");
    assert!(!String::from_utf8_lossy(&pty.raw()).contains(&code), "the code was echoed:\n{screen}");
    let status = w.ok(&["auth", "status", "--json"]).json();
    assert_eq!(status["frameio_current"]["credential"]["user_email"], "blake.rivera@northwind.example");
}

#[test]
fn activate_asks_before_changing_anything_and_colours_only_without_no_color() {
    let w = Wfio::new();
    w.ok(&["task", "activate", "Spring Campaign 2027", "Creative brief", "Storyboard"]);
    let before = w.demo_state();

    let mut no = Pty::spawn(&["activate", "Spring Campaign 2027"], w.dir.path(), &[FAST], 120, 40);
    no.wait_text("Proceed? [y/N]", WAIT);
    no.key(b"\r");
    assert_eq!(no.wait_exit(WAIT), 2);
    assert!(no.screen().contains("cancelled; nothing was changed"), "{}", no.screen());
    assert_eq!(before["fio"], w.demo_state()["fio"]);
    let raw = String::from_utf8_lossy(&no.raw()).into_owned();
    assert!(raw.contains("\x1b[1m"), "titles are bold on a terminal");

    let mut no_input = Pty::spawn(&["activate", "Spring Campaign 2027", "--no-input"], w.dir.path(), &[FAST], 120, 40);
    assert_eq!(no_input.wait_exit(WAIT), 2, "--no-input never asks");
    assert!(no_input.screen().contains("pass --yes"), "{}", no_input.screen());

    let mut yes = Pty::spawn(&["activate", "Spring Campaign 2027"], w.dir.path(), &[FAST, ("NO_COLOR", "1")], 120, 40);
    yes.wait_text("Proceed? [y/N]", WAIT);
    yes.type_text("y");
    yes.key(b"\r");
    assert_eq!(yes.wait_exit(WAIT), 0, "{}", yes.screen());
    let screen = yes.screen();
    assert!(screen.contains("is generated in Frame.io"), "{screen}");
    assert!(screen.contains("https://next.frame.io/project/"), "{screen}");
    let raw = String::from_utf8_lossy(&yes.raw()).into_owned();
    assert!(!raw.contains("\x1b[1m") && !raw.contains("\x1b[1;35m"), "no colour under NO_COLOR");
}
