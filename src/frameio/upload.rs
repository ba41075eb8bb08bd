//! File uploads to Frame.io (V4 local upload): presigned part URLs of the sizes the server chose, PUT in parallel straight from a file on disk
//! (each part streamed, never the whole file in memory), each part retried on its own. A part can
//! wait for its bytes to arrive, so an upload can run while the file is still being downloaded.

use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures::{StreamExt, TryStreamExt, stream};
use reqwest::Method;
use tokio::io::AsyncReadExt;
use tokio::sync::watch;

use super::client::FrameioClient;
use super::error::FrameioError;
use super::model::{Asset, part_ranges};
use crate::http::Plan;

/// Bytes uploaded so far (all parts together).
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// Where the bytes of an upload come from.
#[derive(Debug, Clone)]
pub struct UploadSource {
    pub path: PathBuf,
    pub size: u64,
    /// While the file is still being written: how many bytes are on disk. `None` when complete.
    pub available: Option<watch::Receiver<u64>>,
}

impl UploadSource {
    pub fn complete(path: &Path, size: u64) -> Self {
        Self { path: path.to_path_buf(), size, available: None }
    }
}

/// Wait until `end` bytes are on disk, or fail if the writer gave up first.
async fn wait_for(available: &mut Option<watch::Receiver<u64>>, end: u64, name: &str) -> Result<(), FrameioError> {
    let Some(rx) = available else { return Ok(()) };
    loop {
        if *rx.borrow_and_update() >= end {
            return Ok(());
        }
        if rx.changed().await.is_err() {
            // The writer is gone: done if it got far enough, else it failed.
            return if *rx.borrow() >= end {
                Ok(())
            } else {
                Err(FrameioError::Upload { name: name.into(), detail: "the download from Workfront stopped".into() })
            };
        }
    }
}

impl FrameioClient {
    /// Upload `source` to the part URLs of `asset` (the answer to `local_upload`), `parallel`
    /// parts at a time, each part of the size the server chose.
    pub async fn upload_parts(
        &self,
        asset: &Asset,
        source: &UploadSource,
        fallback_type: &str,
        parallel: usize,
        progress: Option<Progress>,
    ) -> Result<(), FrameioError> {
        // S3 checks the Content-Type the URL was signed with: the file's media type.
        let media_type =
            asset.media_type.clone().filter(|t| t.contains('/')).unwrap_or_else(|| fallback_type.to_owned());
        let Some(ranges) = part_ranges(source.size, &asset.upload_urls) else {
            return Err(FrameioError::Upload {
                name: asset.name.clone(),
                detail: format!(
                    "Frame.io offered {} part(s) that do not add up to the file's {} bytes",
                    asset.upload_urls.len(),
                    source.size
                ),
            });
        };
        let done = Arc::new(AtomicU64::new(0));
        let parts = asset.upload_urls.iter().map(|u| u.url.clone()).zip(ranges);
        let pending: Vec<_> = parts
            .map(|(url, (start, end))| {
                let (media_type, done, progress) = (media_type.clone(), done.clone(), progress.clone());
                let mut available = source.available.clone();
                async move {
                    wait_for(&mut available, end, &asset.name).await?;
                    self.put_part(&url, &source.path, start, end, &media_type, &asset.name).await?;
                    let total = done.fetch_add(end - start, Ordering::Relaxed) + (end - start);
                    if let Some(p) = &progress {
                        p(total);
                    }
                    Ok::<_, FrameioError>(())
                }
            })
            .collect();
        stream::iter(pending).buffer_unordered(parallel.max(1)).try_collect::<()>().await
    }

    async fn put_part(
        &self,
        url: &str,
        path: &Path,
        start: u64,
        end: u64,
        filetype: &str,
        name: &str,
    ) -> Result<(), FrameioError> {
        let url = reqwest::Url::parse(url).map_err(|e| FrameioError::Malformed { detail: format!("part URL: {e}") })?;
        let len = end - start;
        // Parts go to Frame.io's storage, not its API: say so when a retry is reported.
        let sender = crate::http::Sender { service: "Frame.io storage", ..self.sender().clone() };
        let sender = &sender;
        // S3 needs the exact length and the headers the URL was signed with; no Authorization.
        let reply = sender
            .send(Plan::WRITE, || {
                let body = match open_range(path, start, len) {
                    Ok(file) => {
                        reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024))
                    }
                    Err(_) => reqwest::Body::from(Vec::<u8>::new()),
                };
                sender
                    .http
                    .request(Method::PUT, url.clone())
                    .header("content-type", filetype)
                    .header("x-amz-acl", "private")
                    .header("content-length", len)
                    .body(body)
            })
            .await
            .map_err(|e| FrameioError::Upload { name: name.into(), detail: e.detail })?;
        if !(200..300).contains(&reply.status) {
            let detail = String::from_utf8_lossy(&reply.body);
            let code = detail.split("<Code>").nth(1).and_then(|s| s.split('<').next()).unwrap_or("error").to_owned();
            return Err(FrameioError::Upload {
                name: name.into(),
                detail: format!("storage answered {} {code}", reply.status),
            });
        }
        Ok(())
    }
}

/// The bytes `[start, start+len)` of a file, as an async reader.
fn open_range(path: &Path, start: u64, len: u64) -> std::io::Result<tokio::io::Take<tokio::fs::File>> {
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    Ok(tokio::fs::File::from_std(file).take(len))
}
