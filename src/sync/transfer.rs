//! Moving one document from Workfront to Frame.io: the download streams to a spool file on
//! disk while the parts already downloaded are uploaded, so memory stays flat whatever the size
//! and the two transfers overlap.

use std::sync::Arc;

use tokio::sync::watch;

use crate::frameio::FrameioClient;
use crate::frameio::model::Asset;
use crate::frameio::upload::UploadSource;
use crate::integration::{Context, IntegrationError, Result};
use crate::workfront::model::Document;

pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// What is moved and where: `doc` (expected `size` bytes, of `media_type` as far as wfio can
/// tell) into the file `asset` of the Frame.io account `account` (the answer to its local upload).
pub struct Transfer<'a> {
    pub doc: &'a Document,
    pub account: &'a str,
    pub asset: &'a Asset,
    pub size: u64,
    pub media_type: &'a str,
}

/// Transfer a document, then ask Frame.io whether every part arrived.
pub async fn document(ctx: &Context, fio: &FrameioClient, t: Transfer<'_>, progress: Progress) -> Result<()> {
    let Transfer { doc, account, asset, size, media_type } = t;
    let spool_dir = ctx.spool_dir();
    crate::fsutil::create_private_dir(&spool_dir)
        .map_err(|e| IntegrationError::Local(format!("{}: {e}", spool_dir.display())))?;
    remove_stale(&spool_dir, &doc.id);
    let path = spool_dir.join(format!("{}-{}.part", doc.id, asset.id));
    // Removed however this ends: done, failed, or dropped mid-way (an interrupted run).
    let _spool = Spool(path.clone());
    let (tx, rx) = watch::channel(0u64);
    let download = async {
        let mut file = tokio::fs::File::create(&path).await.map_err(|e| local(&path, &e))?;
        // Parts read what is on disk: download_into flushes before reporting bytes written.
        let written = ctx
            .wf
            .download_into(
                doc,
                &mut file,
                &path,
                Some(&|n| {
                    tx.send_replace(n);
                }),
            )
            .await?;
        if written != size {
            return Err(IntegrationError::Invalid(format!(
                "{} in Workfront is {written} bytes, not the {size} its version records",
                doc.name
            )));
        }
        drop(tx);
        Ok::<_, IntegrationError>(())
    };
    let source = UploadSource { path: path.clone(), size, available: Some(rx) };
    let upload = async {
        fio.upload_parts(asset, &source, media_type, ctx.tuning.parallel_parts, Some(progress))
            .await
            .map_err(IntegrationError::from)
    };
    tokio::try_join!(download, upload)?;
    let status = fio.upload_status(account, &asset.id).await?;
    if !status.upload_complete {
        return Err(crate::frameio::FrameioError::Upload {
            name: asset.name.clone(),
            detail: if status.upload_failed {
                "Frame.io marked the upload as failed".into()
            } else {
                "Frame.io does not have every part yet".into()
            },
        }
        .into());
    }
    Ok(())
}

/// A spool file, deleted when dropped.
struct Spool(std::path::PathBuf);

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Partial files of `doc` left by a process that was killed mid-transfer (a dropped transfer
/// cleans up after itself; a killed process cannot).
pub(crate) fn remove_stale(spool_dir: &std::path::Path, doc_id: &str) {
    let prefix = format!("{doc_id}-");
    let Ok(entries) = std::fs::read_dir(spool_dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".part") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn local(path: &std::path::Path, e: &std::io::Error) -> IntegrationError {
    IntegrationError::Local(format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_partial_files_of_a_document_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["d1-a1.part", "d1-a2.part", "d2-a1.part", "d1-notes.txt", "d10-a1.part"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        remove_stale(dir.path(), "d1");
        let mut left: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into()).collect();
        left.sort();
        assert_eq!(left, vec!["d1-notes.txt", "d10-a1.part", "d2-a1.part"]);
        {
            let _spool = Spool(dir.path().join("d2-a1.part"));
        }
        assert!(!dir.path().join("d2-a1.part").exists(), "dropped, deleted");
    }
}
