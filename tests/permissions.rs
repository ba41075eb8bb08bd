//! The credentials file and the config dir, through the real binary (issue 8, "Secrets and
//! terminal"): written 0600 in a 0700 dir; on read, a credentials file others can read is
//! refused, a config dir others can write to is refused, and one they can only read or list is
//! warned about, each with the `chmod` that fixes it, in the headless commands and the wizard.

#[path = "common/cli.rs"]
mod cli;
mod common;
#[path = "common/simproc.rs"]
mod simproc;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use cli::{API_KEY, TOKEN_1_ACCOUNT, Wfio};
use common::pty::{Pty, restored};

const WAIT: Duration = Duration::from_secs(20);

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A home with the profile `acme` (not the default: the wizard runs the demo, which reads the
/// same credentials file for an API key of its own).
fn with_acme() -> Wfio {
    let w = Wfio::new();
    let added = w.ok_stdin(
        &["profile", "add", "acme", "--workfront-url", "https://acme.my.workfront.adobe.com", "--api-key-stdin"],
        "acme0000000000000000000000000K3Y9\n",
    );
    assert_eq!(added.stdout.trim(), "acme");
    w
}

/// The wizard in a pseudo-terminal of this home; returns the pty once `text` is on screen.
fn wizard(w: &Wfio) -> Pty {
    Pty::spawn(&[], w.dir.path(), &[], 100, 30)
}

#[test]
fn written_0600_in_a_0700_dir() {
    let w = with_acme();
    let config = w.config_dir();
    assert_eq!(mode(&config), 0o700, "the config dir");
    assert_eq!(mode(&config.join("credentials.toml")), 0o600, "the credentials file");
    assert_eq!(mode(&config.join("config.toml")), 0o600, "the profiles");

    // A token stored by `group connect` rewrites the file: still 0600, no temporary copy left.
    let sim = simproc::SimProc::start(&w.dir.path().join("sim"), &[]);
    w.ok_stdin(
        &[
            "profile",
            "add",
            "local",
            "--workfront-url",
            &sim.base,
            "--frameio-url",
            &sim.base,
            "--api-key-stdin",
            "--default",
        ],
        &format!("{API_KEY}\n"),
    );
    w.ok_stdin(&["group", "connect", "Events", "--token-stdin"], TOKEN_1_ACCOUNT);
    let creds = std::fs::read_to_string(config.join("credentials.toml")).unwrap();
    assert!(creds.contains(TOKEN_1_ACCOUNT), "the token is stored");
    assert_eq!(mode(&config.join("credentials.toml")), 0o600);
    assert_eq!(mode(&config), 0o700);
    let names: Vec<String> =
        std::fs::read_dir(&config).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| n == "config.toml" || n == "credentials.toml"), "{names:?}");
    // The data dir (logs, journals) is private too.
    assert_eq!(mode(&w.data_dir()), 0o700, "the data dir");
    assert_eq!(mode(&w.data_dir().join("logs")), 0o700, "the log dir");
}

#[test]
fn a_credentials_file_others_can_read_is_refused_with_the_fix() {
    let w = with_acme();
    let file = w.config_dir().join("credentials.toml");
    for m in [0o640, 0o604, 0o644] {
        chmod(&file, m);
        let status = w.fails(&["--profile", "acme", "auth", "status"], 1);
        let want = format!("is readable by other users (mode {m:o}); run: chmod 600 '{}'", file.display());
        assert!(status.stderr.contains(&want), "{}", status.stderr);
        // A command that opens the profile says the same, before any network.
        let list = w.fails(&["--profile", "acme", "group", "list"], 1);
        assert!(list.stderr.contains(&want), "{}", list.stderr);
    }
    // The wizard refuses to start, with the same words, and leaves the terminal as it was.
    let mut pty = wizard(&w);
    assert_eq!(pty.wait_exit(WAIT), 1);
    let screen = pty.screen();
    assert!(screen.contains("readable by other users (mode 644)") && screen.contains("chmod 600"), "{screen}");
    assert!(!String::from_utf8_lossy(&pty.raw()).contains("\x1b[?1049h"), "never entered the alternate screen");

    chmod(&file, 0o600);
    let ok = w.ok(&["--profile", "acme", "auth", "status"]);
    assert!(ok.stdout.contains("••••••••K3Y9"), "{}", ok.stdout);
}

#[test]
fn a_config_dir_others_can_write_is_refused_and_one_they_can_read_is_warned_about() {
    let w = with_acme();
    let dir = w.config_dir();
    let fix = format!("run: chmod 700 '{}'", dir.display());

    for m in [0o770, 0o702, 0o777] {
        chmod(&dir, m);
        let status = w.fails(&["--profile", "acme", "auth", "status"], 1);
        assert!(status.stderr.contains(&format!("is writable by other users (mode {m:o})")), "{}", status.stderr);
        assert!(status.stderr.contains(&fix), "{}", status.stderr);
        // Nothing is written there either.
        let again = w.run_with(
            &["profile", "add", "other", "--workfront-url", "https://other.example", "--api-key-stdin"],
            &[],
            Some("k\n"),
        );
        assert_ne!(again.code, 0, "{}", again.stderr);
        assert!(again.stderr.contains("writable by other users"), "{}", again.stderr);
    }
    let mut pty = wizard(&w);
    assert_eq!(pty.wait_exit(WAIT), 1);
    let screen = pty.screen();
    assert!(screen.contains("writable by other users (mode 777)") && screen.contains("chmod 700"), "{screen}");

    // Readable or listable only: it works, with a warning that says how to fix it.
    for m in [0o750, 0o705, 0o755] {
        chmod(&dir, m);
        let status = w.ok(&["--profile", "acme", "auth", "status"]);
        assert!(status.stderr.contains("warning:"), "{}", status.stderr);
        assert!(status.stderr.contains(&format!("is readable by other users (mode {m:o})")), "{}", status.stderr);
        assert!(status.stderr.contains(&fix), "{}", status.stderr);
        assert!(status.stdout.contains("••••••••K3Y9"), "{}", status.stdout);
    }
    // The wizard shows it on its first screen, until a key is pressed.
    let mut pty = wizard(&w);
    let screen = pty.wait_text("Warning:", WAIT);
    assert!(screen.contains("readable by other users (mode 755)"), "{screen}");
    pty.wait_text("Dashboard", WAIT);
    pty.key(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
    restored(&pty.raw()).unwrap();

    chmod(&dir, 0o700);
    let clean = w.ok(&["--profile", "acme", "auth", "status"]);
    assert!(!clean.stderr.contains("warning"), "{}", clean.stderr);
}
