//! Benchmark 5, startup: exec to the first frame and to the complete dashboard, in a pty, in demo
//! mode (the embedded simulator starts inside wfio) and with a remote profile against an already
//! running `wfio sim`.

use std::path::Path;
use std::time::{Duration, Instant};

use super::listing::wait_screen;
use super::machine::Conditions;
use super::pty::Pty;
use super::report::{Section, Table, median, ms};
use super::sim::{SimProcess, credentials_env};

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub reps: usize,
}

impl Config {
    pub const FULL: Self = Self { reps: 7 };
    pub const TINY: Self = Self { reps: 1 };
}

#[derive(Debug, Clone)]
pub struct Results {
    pub config: Config,
    /// (mode, first frame, complete dashboard), medians.
    pub modes: Vec<(String, Duration, Duration)>,
    pub conditions: Conditions,
}

impl Results {
    pub fn section(&self) -> Section {
        let mut t = Table::new(&["mode", "exec → first frame", "exec → dashboard with its projects"]);
        for (mode, first, full) in &self.modes {
            t.row(vec![mode.clone(), ms(*first), ms(*full)]);
        }
        Section {
            title: "5. Startup".into(),
            method: format!(
                "The release binary in an 80x24 pty; the clock starts just before the spawn. *First frame*: the \
                 dashboard's title (`Dashboard`) is on the screen; *complete*: the dashboard lists its projects \
                 (`Holiday Spot 2026` is on the screen), which needs the Workfront reads behind it. The screen is \
                 polled every 2 ms. Median of {} starts each. Demo: `wfio --profile demo` (starts its embedded \
                 simulator, seeds it, then reads it over loopback). Remote: a profile pointing at a `wfio sim` \
                 (demo seed, no injected latency) started once beforehand.",
                self.config.reps
            ),
            sizes: "the demo organisation (8 groups, 7 projects)".into(),
            conditions: self.conditions.clone(),
            tables: vec![t],
            notes: Vec::new(),
        }
    }
}

fn start_once(bin: &str, home: &Path, args: &[&str], env: &[(&str, &str)]) -> (Duration, Duration) {
    let started = Instant::now();
    let pty = Pty::spawn_program(bin, args, home, env, 80, 24);
    assert!(wait_screen(&pty, "Dashboard", Duration::from_secs(30)), "first frame:\n{}", pty.screen());
    let first = started.elapsed();
    assert!(wait_screen(&pty, "Holiday Spot 2026", Duration::from_secs(30)), "dashboard:\n{}", pty.screen());
    let full = started.elapsed();
    drop(pty);
    (first, full)
}

pub fn run(bin: &str, config: Config, dir: &Path) -> Results {
    let conditions = Conditions::now();
    let mut modes = Vec::new();
    let demo_home = dir.join("startup-demo");
    let _ = std::fs::remove_dir_all(&demo_home);
    std::fs::create_dir_all(&demo_home).expect("home");
    let runs: Vec<_> = (0..config.reps).map(|_| start_once(bin, &demo_home, &["--profile", "demo"], &[])).collect();
    modes.push((
        "demo (embedded simulator)".to_owned(),
        median(runs.iter().map(|r| r.0).collect()),
        median(runs.iter().map(|r| r.1).collect()),
    ));

    let sim = SimProcess::start(bin, &[], dir);
    let remote_home = dir.join("startup-remote");
    let _ = std::fs::remove_dir_all(&remote_home);
    sim.write_profile(&remote_home.join("config"));
    let env = credentials_env();
    let runs: Vec<_> = (0..config.reps).map(|_| start_once(bin, &remote_home, &[], &env)).collect();
    modes.push((
        "remote profile (running `wfio sim`)".to_owned(),
        median(runs.iter().map(|r| r.0).collect()),
        median(runs.iter().map(|r| r.1).collect()),
    ));
    Results { config, modes, conditions }
}
