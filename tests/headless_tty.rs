//! Headless commands on a terminal: the token prompt does not echo, "Proceed? [y/N]" asks and
//! defaults to no, colour appears on a terminal and disappears under NO_COLOR.

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::time::Duration;

use cli::{TOKEN_1_ACCOUNT, Wfio};
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
    assert!(screen.contains("Connected the group \"Events\" to the Frame.io team Blake Edits"), "{screen}");
    assert!(!String::from_utf8_lossy(&pty.raw()).contains(TOKEN_1_ACCOUNT), "the token was echoed:\n{screen}");
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
    assert!(screen.contains("https://app.frame.io/projects/"), "{screen}");
    let raw = String::from_utf8_lossy(&yes.raw()).into_owned();
    assert!(!raw.contains("\x1b[1m") && !raw.contains("\x1b[1;35m"), "no colour under NO_COLOR");
}
