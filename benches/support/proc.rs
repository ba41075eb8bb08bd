//! Child processes measured from the outside: wall time, peak RSS and CPU time from `wait4`
//! (the kernel's own accounting, so nothing is sampled or missed), and stdout lines stamped with
//! the time they arrived.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a measured child ended and what it cost.
#[derive(Debug, Clone)]
pub struct Measured {
    pub code: i32,
    pub wall: Duration,
    /// Peak resident set of the child, or of its largest waited-for descendant (`ru_maxrss`).
    /// Measured by GNU time when it is installed: a child's `ru_maxrss` starts at its parent's
    /// resident set when it is spawned (Linux keeps the old mm's high-water mark across exec), so
    /// children of the bench process, which grows as it runs, would inherit its size.
    pub max_rss_kb: u64,
    pub user: Duration,
    pub sys: Duration,
    /// Every stdout line with the time since spawn at which it was read.
    pub lines: Vec<(Duration, String)>,
    pub stderr: String,
}

impl Measured {
    pub fn cpu(&self) -> Duration {
        self.user + self.sys
    }

    pub fn ok(&self) -> bool {
        self.code == 0
    }
}

/// GNU time, when installed: it measures the child's peak from a parent of its own size.
const TIME: &str = "/usr/bin/time";
/// The line GNU time appends to stderr.
const RSS_MARK: &str = "wfio-bench-max-rss-kb=";

/// `cmd` run under GNU time, which reports its peak resident set on stderr.
fn under_time(cmd: &Command) -> Command {
    let mut timed = Command::new(TIME);
    timed.arg("-f").arg(format!("{RSS_MARK}%M")).arg("--").arg(cmd.get_program()).args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => timed.env(key, v),
            None => timed.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    timed
}

/// Run `cmd` to completion (stdin closed, stdout and stderr captured).
pub fn run_measured(cmd: Command) -> std::io::Result<Measured> {
    let timed = std::path::Path::new(TIME).exists();
    let mut cmd = if timed { under_time(&cmd) } else { cmd };
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let pid = child.id() as i32;
    let stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_thread = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines() {
            match line {
                Ok(l) => lines.push((started.elapsed(), l)),
                Err(_) => break,
            }
        }
        lines
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let (code, usage) = wait4(pid)?;
    let wall = started.elapsed();
    // The child is reaped: std's handle must not wait for it again (dropping it does not).
    drop(child);
    let lines = out_thread.join().unwrap_or_default();
    let mut stderr = err_thread.join().unwrap_or_default();
    let mut max_rss_kb = usage.max_rss_kb;
    if timed && let Some(at) = stderr.rfind(RSS_MARK) {
        if let Ok(kb) = stderr[at + RSS_MARK.len()..].trim().parse() {
            max_rss_kb = kb;
        }
        stderr.truncate(at);
    }
    Ok(Measured { code, wall, max_rss_kb, user: usage.user, sys: usage.sys, lines, stderr })
}

struct Usage {
    max_rss_kb: u64,
    user: Duration,
    sys: Duration,
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
}

/// Reap `pid` and read its resource usage.
#[allow(unsafe_code)]
fn wait4(pid: i32) -> std::io::Result<(i32, Usage)> {
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to locals; `pid` is our own child.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { 128 + libc::WTERMSIG(status) };
    Ok((
        code,
        Usage {
            max_rss_kb: usage.ru_maxrss.max(0) as u64,
            user: timeval(usage.ru_utime),
            sys: timeval(usage.ru_stime),
        },
    ))
}

/// Clock ticks per second, for `/proc/<pid>/stat`.
#[allow(unsafe_code)]
fn clock_ticks() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 { t as u64 } else { 100 }
}

/// CPU time (user + system) a live process has used so far, from `/proc/<pid>/stat`.
pub fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may contain spaces; fields after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    let ticks = clock_ticks();
    Some(Duration::from_secs_f64((utime + stime) as f64 / ticks as f64))
}

/// A `/proc/<pid>/status` value in kB (`VmHWM`, `VmRSS`).
pub fn status_kb(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(key) && l[key.len()..].starts_with(':'))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}
