//! The demo profile in headless mode. Every command is its own process, so the demo keeps its
//! world between commands, under `DATA/demo/`:
//! - `sim.json` and `sim.json.blobs/`: the embedded simulator's state (`sim::persist`), loaded at
//!   start and written at exit;
//! - `credentials.toml` (0600): the Frame.io tokens `group connect` stores (the wizard's demo
//!   keeps them in memory);
//! - `journal/`, `spool/`: the activation journals and transfer spool;
//! - `lock`: held by the one command using the demo at a time (others wait, then give up).
//!
//! `wfio demo reset` starts again from the seed. The wizard's demo is untouched: fresh each run.
//! `WFIO_SIM_RATE_LIMITS=off` turns the simulated Frame.io rate limits (and client pacing) off.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::output::{Failure, Out, Result};
use crate::config::{DEMO_PROFILE, Paths, Profile};
use crate::http::pace::Pacer;
use crate::integration::Context;
use crate::integration::vault::Vault;
use crate::session::{self, DEMO_CONNECTED_ACCOUNT};
use crate::sim::settings::{RateLimits, Settings};
use crate::sim::{SimOptions, Simulator, ids};

pub const ENV_RATE_LIMITS: &str = "WFIO_SIM_RATE_LIMITS";
/// How long a command waits for another one to release the demo.
const LOCK_WAIT: Duration = Duration::from_secs(15);

pub fn dir(paths: &Paths) -> PathBuf {
    paths.data_dir.join("demo")
}

pub fn state_file(paths: &Paths) -> PathBuf {
    dir(paths).join("sim.json")
}

pub fn credentials_file(paths: &Paths) -> PathBuf {
    dir(paths).join("credentials.toml")
}

/// The running demo: its simulator and the lock.
pub struct Demo {
    sim: Simulator,
    _lock: File,
}

impl Demo {
    pub fn base_url(&self) -> String {
        self.sim.base_url()
    }

    /// Stop the simulator after a last write of the state, then let the next command in.
    pub async fn close(self) {
        self.sim.shutdown().await;
    }
}

fn rate_limits() -> Result<RateLimits> {
    match std::env::var(ENV_RATE_LIMITS).unwrap_or_default().trim() {
        "" | "published" => Ok(RateLimits::Published),
        "off" => Ok(RateLimits::Off),
        other => Err(Failure::usage(format!("{ENV_RATE_LIMITS}={other}: use off or published"))),
    }
}

/// Open the persistent demo for the command `what` (for the lock's note to others).
pub async fn open(paths: &Paths, out: &Out, what: &str) -> Result<(Context, Demo)> {
    let dir = dir(paths);
    crate::fsutil::create_private_dir(&dir).map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?;
    let mut lock = acquire(&dir, out).await?;
    let limits = rate_limits()?;
    let pacing_off = limits == RateLimits::Off;
    let options = SimOptions {
        state_path: Some(state_file(paths)),
        settings: Settings { rate_limits: limits, ..Settings::default() },
        ..SimOptions::default()
    };
    let first_run = !credentials_file(paths).exists();
    // Journals and spool go under the demo's dir, so a reset forgets them too.
    let demo_paths = Paths { config_dir: paths.config_dir.clone(), data_dir: dir.clone() };
    let opened = session::open_with(&Profile::Demo, &demo_paths, options).await.map_err(Failure::error)?;
    let sim = opened.simulator.ok_or_else(|| Failure::error("the demo simulator did not start"))?;
    let mut ctx = opened.context;
    // The simulator's IMS answers on its base URL.
    let ims = url::Url::parse(&sim.base_url()).map_err(|e| Failure::error(e.to_string()))?;
    ctx.vault = Vault::file_backed(DEMO_PROFILE, credentials_file(paths)).with_ims_base(ims).pinned_to_ims();
    if first_run {
        // As in the wizard's demo: Marketing's account is usable without connecting again.
        ctx.vault
            .put(&ids::frameio_id_for(DEMO_CONNECTED_ACCOUNT), &session::demo_credential(&ctx.ims.base))
            .map_err(Failure::error)?;
    }
    if pacing_off {
        ctx.pacer = Pacer::disabled();
    }
    let _ = lock.set_len(0);
    let _ = write!(lock, "pid {}, wfio {what}, simulator at {}", std::process::id(), sim.base_url());
    Ok((ctx, Demo { sim, _lock: lock }))
}

/// Wait (up to `LOCK_WAIT`) for the demo's lock.
async fn acquire(dir: &Path, out: &Out) -> Result<File> {
    let path = dir.join("lock");
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Failure::error(format!("{}: {e}", path.display())))?;
    let deadline = Instant::now() + LOCK_WAIT;
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(&path).unwrap_or_default();
                if Instant::now() > deadline {
                    return Err(Failure::error(format!(
                        "the demo is in use by another wfio command ({}); try again when it is done, or run \
                         `wfio sim --state FILE` and point a profile at it for concurrent use",
                        holder.trim()
                    )));
                }
                if !told {
                    out.say(format!("Waiting for another wfio command using the demo ({})...", holder.trim()));
                    told = true;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(TryLockError::Error(e)) => return Err(Failure::error(format!("{}: {e}", path.display()))),
        }
    }
}

/// `wfio demo reset`: forget the demo's state, tokens and journals.
pub async fn reset(paths: &Paths, out: &Out) -> Result<()> {
    let dir = dir(paths);
    if !dir.exists() {
        out.say("The demo has no saved state; it starts from the seed.");
        return Ok(());
    }
    let _lock = acquire(&dir, out).await?;
    let entries = std::fs::read_dir(&dir).map_err(|e| Failure::error(format!("{}: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.file_name().is_some_and(|n| n == "lock") {
            continue;
        }
        let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        removed.map_err(|e| Failure::error(format!("{}: {e}", path.display())))?;
    }
    out.say(format!("The demo starts again from the seed (cleared {}).", dir.display()));
    Ok(())
}
