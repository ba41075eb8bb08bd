//! The terminal is always given back: quit, Ctrl-C, SIGTERM, SIGHUP, the pty closing under the
//! program (a dropped SSH link), a panic; and Ctrl-Z suspends and resumes. Each ends within a
//! second, never spinning.

mod common;

use std::time::{Duration, Instant};

use common::pty::{Pty, restored};

const WAIT: Duration = Duration::from_secs(15);
const QUICK: Duration = Duration::from_secs(1);

fn started(env: &[(&str, &str)]) -> (tempfile::TempDir, Pty) {
    let home = tempfile::tempdir().unwrap();
    let pty = Pty::spawn(&[], home.path(), env, 80, 24);
    pty.wait_text("Dashboard", WAIT);
    (home, pty)
}

fn signal(pty: &Pty, name: &str) {
    let pid = pty.pid().expect("pid").to_string();
    assert!(std::process::Command::new("kill").args([&format!("-{name}"), &pid]).status().unwrap().success());
}

fn exits_quickly(pty: &mut Pty) -> u32 {
    let t = Instant::now();
    let code = pty.wait_exit(Duration::from_secs(3));
    assert!(t.elapsed() < QUICK + Duration::from_millis(150), "took {:?}", t.elapsed());
    code
}

#[test]
fn ctrl_c_quits_from_anywhere_even_a_text_field() {
    let (_home, mut pty) = started(&[]);
    pty.key(b"1");
    pty.wait_text("Workfront groups", WAIT);
    pty.key(b"n");
    pty.wait_text("Create group", WAIT);
    pty.key(b"\x03");
    assert_eq!(exits_quickly(&mut pty), 0);
    restored(&pty.raw()).unwrap();
}

#[test]
fn sighup_restores_and_exits() {
    let (_home, mut pty) = started(&[]);
    signal(&pty, "HUP");
    exits_quickly(&mut pty);
    restored(&pty.raw()).unwrap();
}

#[test]
fn sigterm_restores_and_exits() {
    let (_home, mut pty) = started(&[]);
    signal(&pty, "TERM");
    exits_quickly(&mut pty);
    restored(&pty.raw()).unwrap();
}

#[test]
fn the_terminal_going_away_ends_the_program_without_spinning() {
    let (_home, mut pty) = started(&[]);
    let pid = pty.pid().unwrap();
    pty.close_master();
    let t = Instant::now();
    loop {
        let alive = std::path::Path::new(&format!("/proc/{pid}")).exists()
            && !std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default().contains(") Z ");
        if !alive {
            break;
        }
        assert!(
            t.elapsed() < QUICK + Duration::from_millis(500),
            "still running {:?} after the pty closed",
            t.elapsed()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_panic_restores_the_terminal_before_reporting() {
    let (_home, mut pty) = started(&[("WFIO_DEBUG_PANIC", "1")]);
    pty.key(b"\x1b[24~");
    let code = exits_quickly(&mut pty);
    assert_ne!(code, 0, "a panic is a failure");
    let raw = pty.raw();
    restored(&raw).unwrap();
    // The report comes after the alternate screen is left, so it stays readable.
    let text = String::from_utf8_lossy(&raw);
    let left = text.rfind("\x1b[?1049l").unwrap();
    let report = text.rfind("WFIO_DEBUG_PANIC").expect("the panic is reported");
    assert!(report > left, "the report is printed on the normal screen");
}

#[test]
fn ctrl_z_suspends_and_fg_resumes() {
    // Job control needs a shell: run wfio from an interactive bash, as a user does.
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn_program("bash", &["--norc", "--noprofile", "-i"], home.path(), &[("PS1", "$ ")], 80, 24);
    pty.wait_text("$", WAIT);
    pty.type_text(&format!("{}\r", env!("CARGO_BIN_EXE_wfio")));
    pty.wait_text("Dashboard", WAIT);
    let pid = wfio_pid(&pty);
    let state = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        stat.rsplit(") ").next().and_then(|s| s.chars().next()).unwrap_or('?')
    };
    let before = pty.raw_len();
    pty.key(b"\x1a");
    let t = Instant::now();
    while state() != 'T' {
        assert!(t.elapsed() < WAIT, "not stopped after Ctrl-Z (state {})", state());
        std::thread::sleep(Duration::from_millis(20));
    }
    // Stopped, having given the terminal back (bash then turns its own modes on again).
    let after = String::from_utf8_lossy(&pty.raw()[before..]).into_owned();
    for off in ["\x1b[?1049l", "\x1b[?2004l", "\x1b[?25h"] {
        assert!(after.contains(off), "{off:?} sent before stopping");
    }
    pty.wait_text("Stopped", WAIT);
    pty.type_text("fg\r");
    pty.wait_for("the screen drawn again", WAIT, |s| s.contains("Dashboard") && pty_reentered(&pty));
    pty.key(b"q");
    pty.wait_for("wfio to exit", WAIT, |_| state() == '?' || state() == 'Z');
    pty.type_text("exit\r");
}

/// The wfio process started by the shell in the pty.
fn wfio_pid(pty: &Pty) -> u32 {
    let shell = pty.pid().unwrap();
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap_or_default();
    children.split_whitespace().next().and_then(|p| p.parse().ok()).expect("wfio runs under the shell")
}

/// The alternate screen was entered again after the last time it was left.
fn pty_reentered(pty: &Pty) -> bool {
    let raw = pty.raw();
    let text = String::from_utf8_lossy(&raw);
    matches!((text.rfind("\x1b[?1049h"), text.rfind("\x1b[?1049l")), (Some(on), Some(off)) if on > off)
}
