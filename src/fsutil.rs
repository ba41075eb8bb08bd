//! Private files: directories 0700, secret files 0600, written atomically.

use std::io::{self, Write};
use std::path::Path;

/// Create `dir` (and parents) readable only by the user.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

/// Write `contents` to `path` with mode 0600 via a temporary file and a rename, so a crash never
/// leaves a half-written file and the secret is never briefly readable by others.
pub fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    create_private_dir(dir)?;
    // Unique per write, not only per process: two writers of one file (threads, or two handles
    // on one journal) must not share a temporary file, or one renames the other's half-written
    // bytes into place and the other's rename fails.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id(),
        WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

/// Remove the temporary files of `path` that a writer left behind when it was killed between
/// writing and renaming (`write_private` cleans up after itself otherwise). Only files of other
/// processes that are gone: on Linux, whose process no longer exists; elsewhere, older than
/// ten minutes (a write takes milliseconds).
pub fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else { return };
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else { continue };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && writer_gone(pid, &entry) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn writer_gone(pid: u32, _entry: &std::fs::DirEntry) -> bool {
    !Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn writer_gone(_pid: u32, entry: &std::fs::DirEntry) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(600))
}

/// Refuse a secret file that others can read; say how to fix it.
pub fn check_private(path: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(format!(
                    "{} is readable by other users (mode {mode:o}); run: chmod 600 '{}'",
                    path.display(),
                    path.display()
                ));
            }
        }
    }
    Ok(())
}

/// A directory that holds secrets (the config dir with `credentials.toml`): `Err`, with the fix,
/// when other users can write to it (they could swap the credentials, or point a profile's URL
/// at their own server and receive the API key); `Ok(Some(warning))` when they can only read or
/// list it; `Ok(None)` when it is the user's alone, or does not exist.
pub fn check_private_dir(dir: &Path) -> Result<Option<String>, String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(dir) {
            let mode = meta.permissions().mode() & 0o777;
            let fix = format!("run: chmod 700 '{}'", dir.display());
            if mode & 0o022 != 0 {
                return Err(format!(
                    "{} is writable by other users (mode {mode:o}), who could replace the credentials or profiles in it; {fix}",
                    dir.display()
                ));
            }
            if mode & 0o055 != 0 {
                return Ok(Some(format!(
                    "{} is readable by other users (mode {mode:o}), who can list the files wfio keeps there; {fix}",
                    dir.display()
                )));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_writers_of_one_file_never_collide() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.json");
        let threads: Vec<_> = (0..8u8)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        write_private(&path, &[t; 4096]).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), 4096);
        assert!(bytes.iter().all(|b| *b == bytes[0]), "one writer's bytes, never a mix");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
    }

    #[test]
    fn temporary_files_of_dead_writers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.json");
        write_private(&path, b"{}").unwrap();
        // A writer killed before its rename (no such process), one of this process, and another file's.
        let dead = dir.path().join(format!(".journal.json.tmp-{}-7", u32::MAX - 1));
        let ours = dir.path().join(format!(".journal.json.tmp-{}-9", std::process::id()));
        let other = dir.path().join(format!(".other.json.tmp-{}-1", u32::MAX - 1));
        for p in [&dead, &ours, &other] {
            std::fs::write(p, b"half").unwrap();
        }
        remove_stale_temps(&path);
        #[cfg(target_os = "linux")]
        assert!(!dead.exists(), "the dead writer's file is gone");
        assert!(ours.exists() && other.exists() && path.exists());
    }

    #[test]
    fn private_write_is_0600_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/credentials.toml");
        write_private(&path, b"secret").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"secret");
        check_private(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let err = check_private(&path).unwrap_err();
            assert!(err.contains("chmod 600"), "{err}");
            let sub = dir.path().join("sub");
            assert_eq!(std::fs::metadata(&sub).unwrap().permissions().mode() & 0o777, 0o700);
            assert_eq!(check_private_dir(&sub), Ok(None));
            std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o750)).unwrap();
            let warning = check_private_dir(&sub).unwrap().expect("a warning");
            assert!(
                warning.contains("readable by other users (mode 750)") && warning.contains("chmod 700"),
                "{warning}"
            );
            std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o770)).unwrap();
            let err = check_private_dir(&sub).unwrap_err();
            assert!(err.contains("writable by other users (mode 770)") && err.contains("chmod 700"), "{err}");
            assert_eq!(check_private_dir(&dir.path().join("missing")), Ok(None));
        }
    }
}
