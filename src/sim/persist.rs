//! Persistence: the world as one JSON file plus its bytes as plain files beside it.
//!
//! Layout for `--state sim.json`:
//! - `sim.json`: `{"format":"wfio-sim-state","version":1,"rng":<u64>,"wf":{..},"fio":{..},
//!   "ims":{..},"blobs":{"<key>":{"file":"<name>","size":<n>}}}`. `wf`, `fio` and `ims` are the
//!   stores exactly as they serialise (IMS codes and tokens are world state: they survive a
//!   restart); `rng` is the ID generator's state, so IDs continue after a restart.
//! - `sim.json.blobs/<name>`: one file per blob; the name is the key with every byte outside
//!   `[A-Za-z0-9_-]` percent-encoded (`wf/docv/ab12` → `wf%2Fdocv%2Fab12`).
//!
//! Settings (faults, rate limits) are not persisted: they come from the options at each start.
//! Writes are atomic (temp file + rename, mode 0600): blob files first, then the JSON, then stale
//! blob files are removed, so the JSON never names a missing file. Saving is debounced: a
//! mutating request marks the world dirty and a background task writes shortly after.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::blobs::Blobs;
use super::frameio::store::FioStore;
use super::ids::Rng;
use super::ims::store::ImsStore;
use super::settings::Settings;
use super::workfront::store::WfStore;
use super::{Shared, World};

pub const FORMAT: &str = "wfio-sim-state";
pub const VERSION: u32 = 1;

/// How long after a mutating request the state is written (more requests in the meantime are
/// folded into the same write).
pub const DEBOUNCE: Duration = Duration::from_millis(50);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobEntry {
    pub file: String,
    pub size: usize,
}

#[derive(Serialize)]
struct SnapshotRef<'a> {
    format: &'static str,
    version: u32,
    rng: &'a Rng,
    wf: &'a WfStore,
    fio: &'a FioStore,
    ims: &'a ImsStore,
    blobs: BTreeMap<&'a str, BlobEntry>,
}

#[derive(Deserialize)]
struct Snapshot {
    rng: Rng,
    wf: WfStore,
    fio: FioStore,
    /// Absent from state files written before IMS was simulated.
    #[serde(default)]
    ims: ImsStore,
    #[serde(default)]
    blobs: BTreeMap<String, BlobEntry>,
}

/// The blob directory beside a state file: `<state>.blobs`.
pub fn blob_dir(state: &Path) -> PathBuf {
    let mut name = state.file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "state".into());
    name.push(".blobs");
    state.with_file_name(name)
}

/// A blob key as a safe, reversible, flat file name.
pub fn escape_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 8);
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The world's data as the state file's JSON (blob bytes excluded).
pub fn snapshot_json(world: &World) -> serde_json::Result<Vec<u8>> {
    let blobs = world.blobs.iter().map(|(k, v)| (k, BlobEntry { file: escape_key(k), size: v.len() })).collect();
    serde_json::to_vec(&SnapshotRef {
        format: FORMAT,
        version: VERSION,
        rng: &world.rng,
        wf: &world.wf,
        fio: &world.fio,
        ims: &world.ims,
        blobs,
    })
}

/// Load a state file and its blobs; `settings` are the ones to run with.
pub fn load(path: &Path, settings: Settings) -> Result<World, String> {
    let json = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_slice(&json).map_err(|e| format!("{}: {e}", path.display()))?;
    let (format, version) = (&value["format"], &value["version"]);
    if format.as_str() != Some(FORMAT) || version.as_u64() != Some(u64::from(VERSION)) {
        return Err(format!(
            "{}: not a wfio simulator state (format {format}, version {version}; expected {FORMAT:?} version {VERSION})",
            path.display()
        ));
    }
    let snap: Snapshot = serde_json::from_value(value).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = blob_dir(path);
    let mut blobs = Blobs::default();
    for (key, entry) in snap.blobs {
        if entry.file.contains(['/', '\\']) || entry.file.starts_with('.') {
            return Err(format!("{}: bad blob file name {:?}", path.display(), entry.file));
        }
        let file = dir.join(&entry.file);
        let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        if bytes.len() != entry.size {
            return Err(format!("{}: {} bytes, the state says {}", file.display(), bytes.len(), entry.size));
        }
        blobs.put(key, Bytes::from(bytes));
    }
    Ok(World { wf: snap.wf, fio: snap.fio, ims: snap.ims, blobs, rng: snap.rng, settings })
}

/// Writes the world to `path` when asked; one per simulator with a state file.
#[derive(Debug)]
pub struct Persister {
    path: PathBuf,
    dirty: Notify,
    /// Serialises writes and remembers which blobs are on disk (holding the `Bytes` keeps their
    /// buffers alive, so an unchanged pointer and length means unchanged content).
    written: tokio::sync::Mutex<BTreeMap<String, Bytes>>,
}

impl Persister {
    pub fn new(path: PathBuf) -> Self {
        Self { path, dirty: Notify::new(), written: tokio::sync::Mutex::new(BTreeMap::new()) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Ask for a write soon.
    pub fn mark_dirty(&self) {
        self.dirty.notify_one();
    }

    /// Write the whole world now. The World lock is held only while serialising.
    pub async fn save(&self, sim: &Shared) -> io::Result<()> {
        let mut written = self.written.lock().await;
        let (json, blobs) = {
            let world = sim.lock();
            let json = snapshot_json(&world).map_err(io::Error::other)?;
            let blobs: BTreeMap<String, Bytes> = world.blobs.iter().map(|(k, v)| (k.to_owned(), v.clone())).collect();
            (json, blobs)
        };
        let path = self.path.clone();
        let before = std::mem::take(&mut *written);
        let result =
            tokio::task::spawn_blocking(move || write_files(&path, &json, &blobs, &before).map(|()| blobs)).await;
        match result {
            Ok(Ok(blobs)) => {
                *written = blobs;
                Ok(())
            }
            // Leave `written` empty: the next save rewrites every blob.
            Ok(Err(e)) => Err(e),
            Err(e) => Err(io::Error::other(e)),
        }
    }

    /// Until `stop`: write shortly after each `mark_dirty`. Then one final write.
    ///
    /// The wait before a write is `DEBOUNCE`, or four times the last write's duration if that is
    /// longer, so a large world (whose serialisation holds the World lock) is never saved more
    /// than a fifth of the time.
    pub async fn run(self: Arc<Self>, sim: Shared, stop: CancellationToken) {
        let mut wait = DEBOUNCE;
        loop {
            tokio::select! {
                () = self.dirty.notified() => {}
                () = stop.cancelled() => break,
            }
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = stop.cancelled() => break,
            }
            let started = std::time::Instant::now();
            if let Err(e) = self.save(&sim).await {
                tracing::warn!(path = %self.path.display(), error = %e, "could not save the simulator state");
            }
            wait = DEBOUNCE.max(started.elapsed() * 4);
        }
        if let Err(e) = self.save(&sim).await {
            tracing::warn!(path = %self.path.display(), error = %e, "could not save the simulator state");
        }
    }
}

fn write_files(
    path: &Path,
    json: &[u8],
    blobs: &BTreeMap<String, Bytes>,
    before: &BTreeMap<String, Bytes>,
) -> io::Result<()> {
    let dir = blob_dir(path);
    crate::fsutil::create_private_dir(&dir)?;
    let mut wanted = std::collections::BTreeSet::new();
    for (key, data) in blobs {
        let name = escape_key(key);
        let unchanged = before.get(key).is_some_and(|old| old.as_ptr() == data.as_ptr() && old.len() == data.len());
        let file = dir.join(&name);
        if !unchanged || !file.exists() {
            crate::fsutil::write_private(&file, data)?;
        }
        wanted.insert(name);
    }
    crate::fsutil::write_private(path, json)?;
    for entry in std::fs::read_dir(&dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !wanted.contains(name.as_ref()) && !name.starts_with('.') {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::seed;

    #[test]
    fn keys_escape_to_flat_names() {
        assert_eq!(escape_key("wf/docv/ab12"), "wf%2Fdocv%2Fab12");
        assert_eq!(escape_key("fio/part/a-b/0"), "fio%2Fpart%2Fa-b%2F0");
        assert_eq!(escape_key(".."), "%2E%2E");
        assert_eq!(blob_dir(Path::new("/tmp/x/sim.json")), Path::new("/tmp/x/sim.json.blobs"));
    }

    #[tokio::test]
    async fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let mut world = World::from_seed(seed::DEMO_SEED, 42).unwrap();
        world.rng.next_u64();
        world.blobs.put("fio/part/x/0", Bytes::from_static(b"part zero"));
        let expect_next = world.rng.clone().next_u64();
        let sim = Shared::new(world);
        let p = Persister::new(path.clone());
        p.save(&sim).await.unwrap();
        sim.lock().blobs.remove("fio/part/x/0");
        sim.lock().blobs.put("fio/part/x/1", Bytes::from_static(b"one"));
        p.save(&sim).await.unwrap();
        assert!(!blob_dir(&path).join("fio%2Fpart%2Fx%2F0").exists(), "a removed blob's file goes too");

        let mut loaded = load(&path, Settings::default()).unwrap();
        assert_eq!(loaded.rng.next_u64(), expect_next);
        assert_eq!(loaded.blobs.get("fio/part/x/1").unwrap(), Bytes::from_static(b"one"));
        assert!(loaded.blobs.get("fio/part/x/0").is_none());
        assert_eq!(loaded.wf.table("GROUP").count(), sim.lock().wf.table("GROUP").count());
        let docs = loaded.blobs.with_prefix("wf/docv/").count();
        assert_eq!(docs, 2, "seeded document bytes persist");
    }

    #[test]
    fn refuses_other_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, r#"{"format":"other","version":1,"rng":1,"wf":{},"fio":{}}"#).unwrap();
        assert!(load(&path, Settings::default()).unwrap_err().contains("not a wfio simulator state"));
    }
}
