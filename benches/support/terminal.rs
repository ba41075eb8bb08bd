//! Benchmark 4, terminal cost over SSH: the real binary in a pty against a simulator with many
//! groups; bytes written to the terminal per key when moving the selection and when typing the
//! token; bytes and CPU while idle.

use std::path::Path;
use std::time::{Duration, Instant};

use super::listing::wait_screen;
use super::machine::Conditions;
use super::proc::cpu_time;
use super::pty::Pty;
use super::report::{Section, Table};
use super::sim::{SimProcess, credentials_env};

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub groups: usize,
    pub moves: usize,
    pub token_chars: usize,
    pub idle: Duration,
    pub width: u16,
    pub height: u16,
}

impl Config {
    pub const FULL: Self =
        Self { groups: 1_000, moves: 40, token_chars: 40, idle: Duration::from_secs(10), width: 80, height: 24 };
    pub const TINY: Self =
        Self { groups: 40, moves: 4, token_chars: 4, idle: Duration::from_secs(1), width: 80, height: 24 };
}

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub keys: usize,
    pub median: usize,
    pub mean: f64,
    pub max: usize,
    pub min: usize,
}

impl Stats {
    fn of(mut v: Vec<usize>) -> Self {
        if v.is_empty() {
            return Self::default();
        }
        v.sort_unstable();
        Self {
            keys: v.len(),
            median: v[v.len() / 2],
            mean: v.iter().sum::<usize>() as f64 / v.len() as f64,
            max: *v.last().unwrap_or(&0),
            min: v[0],
        }
    }
}

#[derive(Debug, Clone)]
pub struct Results {
    pub config: Config,
    pub moving: Stats,
    pub typing: Stats,
    /// Bytes written and CPU used while idle on the group list.
    pub idle_bytes: usize,
    pub idle_cpu: Duration,
    pub conditions: Conditions,
}

impl Results {
    pub fn section(&self) -> Section {
        let mut t = Table::new(&["key", "keys sent", "bytes per key: median", "mean", "min", "max"]);
        for (what, s) in [
            (format!("↓ in the group list ({} rows)", self.config.groups), &self.moving),
            ("a character in the token field (masked)".to_owned(), &self.typing),
        ] {
            t.row(vec![
                what,
                s.keys.to_string(),
                s.median.to_string(),
                format!("{:.0}", s.mean),
                s.min.to_string(),
                s.max.to_string(),
            ]);
        }
        let mut idle = Table::new(&["idle on the group list", "value"]);
        idle.row(vec![format!("bytes written in {} s", self.config.idle.as_secs()), self.idle_bytes.to_string()]);
        idle.row(vec![
            "draws (a draw writes at least one byte)".into(),
            if self.idle_bytes == 0 { "0".into() } else { "at least 1".into() },
        ]);
        idle.row(vec![
            format!("CPU used in {} s (`/proc/<pid>/stat` utime + stime)", self.config.idle.as_secs()),
            format!("{:.2} s", self.idle_cpu.as_secs_f64()),
        ]);
        Section {
            title: "4. Terminal cost over SSH".into(),
            method: format!(
                "The release binary in a pseudo-terminal of {}x{} (`TERM=xterm-256color`), remote profile against \
                 `wfio sim --scale {}`. Every byte the program writes to the pty is counted. Per key: the byte count \
                 before the key, then after the output has been quiet for 80 ms. Moving: ↓ (`ESC [ B`) on the \
                 group list; typing: one character at a time into the masked developer-token field (step 2, Tab twice from V4's default \
                 Sign in with Adobe). Idle: after the \
                 group list settled, nothing is sent for {} s.",
                self.config.width,
                self.config.height,
                self.config.groups,
                self.config.idle.as_secs()
            ),
            sizes: format!(
                "{} groups in the list; {} moves; {} characters typed",
                self.config.groups, self.config.moves, self.config.token_chars
            ),
            conditions: self.conditions.clone(),
            tables: vec![t, idle],
            notes: Vec::new(),
        }
    }
}

/// Wait until the output has been quiet for `quiet` (at most `max`); the byte count then.
pub fn settle(pty: &Pty, quiet: Duration, max: Duration) -> usize {
    let start = Instant::now();
    let mut last = pty.raw_len();
    let mut since = Instant::now();
    while start.elapsed() < max {
        std::thread::sleep(Duration::from_millis(2));
        let now = pty.raw_len();
        if now != last {
            last = now;
            since = Instant::now();
        } else if since.elapsed() >= quiet {
            break;
        }
    }
    last
}

/// Bytes written in answer to one key.
fn bytes_for(pty: &mut Pty, key: &[u8]) -> usize {
    let before = pty.raw_len();
    pty.send(key);
    // Wait for the answer to start (a key may also legitimately write nothing), then for quiet.
    let start = Instant::now();
    while pty.raw_len() == before && start.elapsed() < Duration::from_millis(500) {
        std::thread::sleep(Duration::from_millis(1));
    }
    settle(pty, Duration::from_millis(80), Duration::from_secs(3)) - before
}

pub fn run(bin: &str, config: Config, dir: &Path) -> Results {
    let scale = config.groups.to_string();
    let sim = SimProcess::start(bin, &["--scale", &scale], dir);
    let home = dir.join("terminal-wizard");
    let _ = std::fs::remove_dir_all(&home);
    sim.write_profile(&home.join("config"));
    let env = credentials_env();
    let conditions = Conditions::now();
    let mut pty = Pty::spawn_program(bin, &[], &home, &env, config.width, config.height);
    let pid = pty.pid().expect("wizard pid");
    assert!(wait_screen(&pty, "Holiday Spot 2026", Duration::from_secs(60)), "dashboard:\n{}", pty.screen());
    settle(&pty, Duration::from_millis(300), Duration::from_secs(10));
    pty.send(b"1");
    assert!(wait_screen(&pty, "Workfront groups (", Duration::from_secs(60)), "group list:\n{}", pty.screen());
    settle(&pty, Duration::from_millis(300), Duration::from_secs(10));

    let moving: Vec<usize> = (0..config.moves).map(|_| bytes_for(&mut pty, b"\x1b[B")).collect();

    settle(&pty, Duration::from_millis(300), Duration::from_secs(10));
    let (b0, c0) = (pty.raw_len(), cpu_time(pid).unwrap_or_default());
    std::thread::sleep(config.idle);
    let (b1, c1) = (pty.raw_len(), cpu_time(pid).unwrap_or_default());

    // Step 2 for a group that is not connected: filter to it, Enter.
    pty.send(b"/");
    pty.type_text("Creative Services");
    pty.send(b"\r");
    settle(&pty, Duration::from_millis(200), Duration::from_secs(5));
    pty.send(b"\r");
    // V4's step 2 opens on "Sign in with Adobe"; Tab twice chooses the developer token's field.
    assert!(wait_screen(&pty, "Sign in to Frame.io", Duration::from_secs(10)), "sign-in screen:\n{}", pty.screen());
    pty.send(b"\t");
    settle(&pty, Duration::from_millis(100), Duration::from_secs(5));
    pty.send(b"\t");
    assert!(wait_screen(&pty, "Token: ", Duration::from_secs(10)), "token screen:\n{}", pty.screen());
    settle(&pty, Duration::from_millis(300), Duration::from_secs(10));
    let alphabet = b"Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";
    let typing: Vec<usize> =
        (0..config.token_chars).map(|i| bytes_for(&mut pty, &[alphabet[i % alphabet.len()]])).collect();
    drop(pty);
    Results {
        config,
        moving: Stats::of(moving),
        typing: Stats::of(typing),
        idle_bytes: b1 - b0,
        idle_cpu: c1.saturating_sub(c0),
        conditions,
    }
}
