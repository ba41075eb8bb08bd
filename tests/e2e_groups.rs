//! End to end: the real binary in a pseudo-terminal, against the embedded demo simulator.

mod common;

use std::time::Duration;

use common::pty::{Pty, restored};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn demo_group_list_filters_and_quits_cleanly() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], home.path(), &[], 80, 24);
    pty.wait_text("Dashboard", WAIT);
    pty.key(b"1");
    let screen = pty.wait_text("Workfront groups (8)", WAIT);
    assert!(screen.contains("DEMO"), "demo badge:\n{screen}");
    assert!(screen.contains("profile demo"), "{screen}");
    assert!(screen.contains("Workfront groups (8)"), "{screen}");
    assert!(screen.contains("⬢ Marketing"), "connected glyph on the connected group:\n{screen}");
    assert!(screen.contains("Brand Studio · Northwind Studios"), "{screen}");

    pty.key(b"/");
    pty.type_text("pro");
    let screen = pty.wait_text("(2 of 8)", WAIT);
    assert!(screen.contains("Product Launch"), "{screen}");
    assert!(screen.contains("Video Production"), "{screen}");
    assert!(!screen.contains("Marketing  "), "filtered out:\n{screen}");

    pty.key(b"\r");
    pty.key(b"q");
    let code = pty.wait_exit(WAIT);
    assert_eq!(code, 0);
    restored(&pty.raw()).unwrap();
}

#[test]
fn bad_api_key_shows_workfronts_error_and_keeps_running() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], home.path(), &[("WFIO_WORKFRONT_API_KEY", "not-a-real-key")], 80, 24);
    let screen = pty.wait_text("Could not read Workfront", WAIT);
    assert!(screen.contains("Workfront refused the credentials"), "{screen}");
    assert!(screen.contains("caps lock"), "the simulator's real AuthenticationException message:\n{screen}");
    assert!(!screen.contains("not-a-real-key"), "the key never reaches the screen");
    pty.key(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
    restored(&pty.raw()).unwrap();
}

#[test]
fn sigterm_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], home.path(), &[], 80, 24);
    pty.wait_text("Dashboard", WAIT);
    let pid = pty.pid().expect("pid");
    std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    pty.wait_exit(Duration::from_secs(3));
    restored(&pty.raw()).unwrap();
}
