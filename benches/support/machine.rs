//! What a figure was measured on: the machine, the date, and what else was running.

use std::process::Command;

#[derive(Debug, Clone, Default)]
pub struct Machine {
    pub cpu_model: String,
    pub nproc: usize,
    pub mem_total: String,
    pub kernel: String,
    pub rustc: String,
    pub commit: String,
}

impl Machine {
    pub fn detect() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu_model = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_else(|| "unknown".into());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let mem_total = meminfo
            .lines()
            .find(|l| l.starts_with("MemTotal:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0))
            .unwrap_or_else(|| "unknown".into());
        Self {
            cpu_model,
            nproc: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
            mem_total,
            kernel: std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim().to_owned(),
            rustc: shell("rustc", &["--version"]),
            commit: commit(),
        }
    }

    pub fn summary(&self) -> String {
        format!(
            "{} × {} (nproc {}), {} RAM, Linux {}, {}, wfio commit {}",
            self.nproc, self.cpu_model, self.nproc, self.mem_total, self.kernel, self.rustc, self.commit
        )
    }
}

/// The moment a figure was taken: UTC time and the load of the machine.
#[derive(Debug, Clone, Default)]
pub struct Conditions {
    pub date: String,
    /// The three load averages.
    pub load: String,
    /// Other busy processes (name and %CPU) as `top` saw them.
    pub busy: Vec<String>,
}

impl Conditions {
    pub fn now() -> Self {
        let load = std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        let top = shell("top", &["-bn1", "-w", "200"]);
        let busy = top
            .lines()
            .skip_while(|l| !l.trim_start().starts_with("PID"))
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                let cpu: f64 = f.get(8)?.parse().ok()?;
                let name = f.get(11..)?.join(" ");
                // Where it runs from tells another checkout's process from this benchmark's own.
                let cwd = f
                    .first()
                    .and_then(|pid| std::fs::read_link(format!("/proc/{pid}/cwd")).ok())
                    .map(|p| format!(" in {}", p.display()))
                    .unwrap_or_default();
                (cpu >= 5.0).then(|| format!("{name} (pid {}{cwd}) {cpu:.0}%", f[0]))
            })
            .take(6)
            .collect();
        Self { date: shell("date", &["-u", "+%Y-%m-%d %H:%M:%S UTC"]), load, busy }
    }

    pub fn summary(&self) -> String {
        let busy = if self.busy.is_empty() { "nothing else busy".to_owned() } else { self.busy.join(", ") };
        format!("{}; load average {}; busy: {busy}", self.date, self.load)
    }
}

/// HEAD, and whether the code measured differs from it (BENCHMARKS.md itself aside).
fn commit() -> String {
    let head = shell("git", &["rev-parse", "--short", "HEAD"]);
    let changed =
        shell("git", &["status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)BENCHMARKS.md"]);
    if changed.is_empty() { head } else { format!("{head} with uncommitted changes") }
}

fn shell(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}
