//! The advisory lock of a credentials file, taken by every writer (`CredentialsFile::update`) and
//! held through a Frame.io token renewal (`integration::vault`), across processes and threads.
//!
//! On Unix the lock is an exclusive `flock` of the directory that holds the file: the file itself
//! is replaced on every write (a rename), so a lock on it would not outlive the next write, and a
//! lock file beside it would be one more file in the private config dir. Elsewhere it is a
//! `<name>.lock` file beside the credentials file. Each `acquire` opens its own handle, so two
//! threads of one process exclude each other too; a holder that dies releases it. Waiting is
//! bounded (`WAIT`): a wfio stopped while holding it is reported, not waited for forever.
//! Nothing may take the lock while holding it (it is not re-entrant).

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Longest wait for another wfio (a renewal takes seconds; its retries, at worst, a minute or two).
pub const WAIT: Duration = Duration::from_secs(150);
const POLL: Duration = Duration::from_millis(25);

/// Held until dropped.
#[derive(Debug)]
pub struct CredentialsLock {
    _handle: File,
}

/// Take the lock of the credentials file at `path`, waiting up to `WAIT`.
pub fn acquire(path: &Path) -> Result<CredentialsLock, String> {
    acquire_within(path, WAIT)
}

pub fn acquire_within(path: &Path, wait: Duration) -> Result<CredentialsLock, String> {
    let (target, handle) = open(path)?;
    let started = Instant::now();
    loop {
        match handle.try_lock() {
            Ok(()) => return Ok(CredentialsLock { _handle: handle }),
            Err(TryLockError::WouldBlock) if started.elapsed() < wait => std::thread::sleep(POLL),
            Err(TryLockError::WouldBlock) => {
                return Err(format!(
                    "another wfio has held the lock of {} for {} s; let it finish (or stop it) and try again",
                    path.display(),
                    wait.as_secs()
                ));
            }
            Err(TryLockError::Error(e)) => return Err(format!("could not lock {}: {e}", target.display())),
        }
    }
}

#[cfg(unix)]
fn open(path: &Path) -> Result<(PathBuf, File), String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    crate::fsutil::create_private_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let handle = File::open(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok((dir.to_path_buf(), handle))
}

#[cfg(not(unix))]
fn open(path: &Path) -> Result<(PathBuf, File), String> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    crate::fsutil::create_private_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = path.file_stem().and_then(|n| n.to_str()).unwrap_or("credentials");
    let target = dir.join(format!("{name}.lock"));
    let handle = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&target)
        .map_err(|e| format!("{}: {e}", target.display()))?;
    Ok((target, handle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_a_bounded_wait() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.toml");
        let held = acquire(&path).unwrap();
        let err = acquire_within(&path, Duration::from_millis(100)).unwrap_err();
        assert!(err.contains("another wfio has held the lock"), "{err}");
        // Released on drop, and then a waiting thread gets it.
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || acquire_within(&path, Duration::from_secs(5)).map(|_| ()))
        };
        std::thread::sleep(Duration::from_millis(100));
        drop(held);
        waiter.join().unwrap().unwrap();
        #[cfg(unix)]
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no lock file left in the config dir");
    }
}
