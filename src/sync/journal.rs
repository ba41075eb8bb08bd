//! The local journal of an activation: every Frame.io ID as soon as it exists, written
//! atomically, so an interrupted run resumes without creating anything twice. Workfront's forms
//! record the same IDs (so a lost journal is recoverable); the journal saves the lookups.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::fsutil;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub asset_id: String,
    pub complete: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Journal {
    pub workfront_project_id: String,
    pub frameio_project_id: Option<String>,
    pub root_folder_id: Option<String>,
    /// The project's page in Frame.io (V4's `view_url`).
    pub project_url: Option<String>,
    /// Workfront task ID -> Frame.io folder ID.
    pub folders: BTreeMap<String, String>,
    /// Workfront document ID -> Frame.io file asset.
    pub files: BTreeMap<String, FileEntry>,
    /// Emails given access or invited to review (lowercase).
    pub invited: BTreeSet<String>,
    /// The share reviewers are invited through.
    pub share_id: Option<String>,
    /// Set when the whole activation finished.
    pub completed_at: Option<String>,
}

/// A journal bound to its file; cheap to clone, safe to update from concurrent tasks.
#[derive(Debug, Clone)]
pub struct JournalFile {
    path: Option<PathBuf>,
    inner: Arc<Mutex<Journal>>,
}

impl JournalFile {
    pub fn path_for(dir: &Path, profile: &str, project_id: &str) -> PathBuf {
        let safe = |s: &str| {
            s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect::<String>()
        };
        dir.join(safe(profile)).join(format!("{}.json", safe(project_id)))
    }

    /// Open (or start) the journal at `path`. An unreadable journal is set aside, not trusted:
    /// the run then recovers from Workfront's forms and Frame.io itself.
    pub fn open(path: PathBuf, project_id: &str) -> Self {
        // A run killed mid-write leaves its temporary file; the journal itself is whole.
        fsutil::remove_stale_temps(&path);
        let journal = std::fs::read(&path)
            .ok()
            .and_then(|bytes| match serde_json::from_slice::<Journal>(&bytes) {
                Ok(j) => Some(j),
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "unreadable journal set aside");
                    let _ = std::fs::rename(&path, path.with_extension("json.corrupt"));
                    None
                }
            })
            .filter(|j| j.workfront_project_id == project_id)
            .unwrap_or_else(|| Journal { workfront_project_id: project_id.to_owned(), ..Journal::default() });
        Self { path: Some(path), inner: Arc::new(Mutex::new(journal)) }
    }

    /// A journal kept in memory only (tests of recovery without a journal).
    pub fn in_memory(project_id: &str) -> Self {
        let journal = Journal { workfront_project_id: project_id.to_owned(), ..Journal::default() };
        Self { path: None, inner: Arc::new(Mutex::new(journal)) }
    }

    pub fn snapshot(&self) -> Journal {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Change the journal and write it before returning. The lock is held until the file is
    /// written, so concurrent updates reach the disk in the order they were made: released
    /// earlier, an older snapshot could be written after a newer one and lose an ID.
    pub fn update(&self, change: impl FnOnce(&mut Journal)) -> Result<(), String> {
        let mut j = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        change(&mut j);
        if let Some(path) = &self.path {
            let bytes = serde_json::to_vec_pretty(&*j).map_err(|e| e.to_string())?;
            fsutil::write_private(path, &bytes).map_err(|e| format!("journal {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_updates_from_threads_all_reach_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = JournalFile::path_for(dir.path(), "demo", "p");
        let journal = JournalFile::open(path.clone(), "p");
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let journal = journal.clone();
                std::thread::spawn(move || {
                    for i in 0..40 {
                        journal.update(|j| {
                            j.folders.insert(format!("task-{t}-{i}"), format!("folder-{t}-{i}"));
                        })?;
                    }
                    Ok::<_, String>(())
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap().unwrap();
        }
        let on_disk = JournalFile::open(path, "p").snapshot();
        assert_eq!(on_disk.folders.len(), 8 * 40, "every update is on disk");
        assert_eq!(on_disk, journal.snapshot());
    }

    #[test]
    fn survives_reopen_and_sets_aside_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let path = JournalFile::path_for(dir.path(), "demo", "abc123");
        let j = JournalFile::open(path.clone(), "abc123");
        j.update(|j| {
            j.frameio_project_id = Some("fp".into());
            j.folders.insert("t1".into(), "f1".into());
        })
        .unwrap();
        let again = JournalFile::open(path.clone(), "abc123").snapshot();
        assert_eq!(again.frameio_project_id.as_deref(), Some("fp"));
        assert_eq!(again.folders["t1"], "f1");
        std::fs::write(&path, b"{not json").unwrap();
        let fresh = JournalFile::open(path.clone(), "abc123").snapshot();
        assert_eq!(fresh.frameio_project_id, None);
        assert!(path.with_extension("json.corrupt").exists());
    }
}
