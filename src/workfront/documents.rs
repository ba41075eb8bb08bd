//! Documents: the two-step upload (`/upload` returns a handle; `/document` attaches it) and the
//! download of a document's current version. Both stream: a 1 GB file never sits in memory.

use std::path::Path;
use std::sync::Arc;

use futures::StreamExt;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

use super::client::{WorkfrontClient, decode_reply, parse};
use super::error::WorkfrontError;
use super::model::Document;
use crate::http::Plan;

/// Bytes done so far, called as a transfer moves.
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

fn io_error(path: &Path, e: &std::io::Error) -> WorkfrontError {
    WorkfrontError::Local { detail: format!("{}: {e}", path.display()) }
}

/// A guess at a file's MIME type from its extension (Frame.io wants one per file).
pub fn mime_for(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "tif" | "tiff" => "image/tiff",
        "psd" => "image/vnd.adobe.photoshop",
        "mov" => "video/quicktime",
        "mp4" | "m4v" => "video/mp4",
        "mxf" => "application/mxf",
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

impl WorkfrontClient {
    /// Upload a local file's bytes; returns the handle to attach with `create_document`.
    pub async fn upload_file(&self, path: &Path, progress: Option<Progress>) -> Result<String, WorkfrontError> {
        let len = tokio::fs::metadata(path).await.map_err(|e| io_error(path, &e))?.len();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("upload").to_owned();
        let url = self.api_url("upload")?;
        let _permit = self.permit().await;
        // The upload only produces a handle; sending it twice leaves an unused handle, never a
        // second document, so it is safe to retry.
        let reply = self
            .sender()
            .send(Plan::WRITE, || {
                let file = match std::fs::File::open(path) {
                    Ok(f) => tokio::fs::File::from_std(f),
                    // The request then fails with a body error, reported below as a transport error.
                    Err(_) => return self.sender().http.request(Method::POST, url.clone()).body(Vec::<u8>::new()),
                };
                let progress = progress.clone();
                let mut done = 0u64;
                let stream = tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024).inspect(move |chunk| {
                    if let (Ok(bytes), Some(p)) = (chunk, &progress) {
                        done += bytes.len() as u64;
                        p(done);
                    }
                });
                let part = Part::stream_with_length(reqwest::Body::wrap_stream(stream), len)
                    .file_name(name.clone())
                    .mime_str(mime_for(&name))
                    .expect("static mime types parse");
                let form = Form::new().part("uploadedFile", part);
                self.sender().http.request(Method::POST, url.clone()).headers(self.auth_headers()).multipart(form)
            })
            .await
            .map_err(|e| self.transport(e))?;
        let data = decode_reply(&reply)?;
        data.get("handle")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| WorkfrontError::Malformed { detail: "upload answered without a handle".into() })
    }

    /// Attach an uploaded handle as a document on a project (`PROJ`) or task (`TASK`).
    pub async fn create_document(
        &self,
        handle: &str,
        name: &str,
        doc_obj_code: &str,
        obj_id: &str,
    ) -> Result<Document, WorkfrontError> {
        let updates = json!({
            "name": name,
            "handle": handle,
            "docObjCode": doc_obj_code,
            "objID": obj_id,
            "currentVersion": {"version": "v1.0", "fileName": name},
        });
        // A document's name is not unique, so a lost answer is resolved by what is new.
        let probe = [("docObjCode", doc_obj_code.to_owned()), ("objID", obj_id.to_owned()), ("name", name.to_owned())];
        self.create_new("document", &updates, Document::FIELDS, &probe, 3).await
    }

    /// Upload a file and attach it in one go.
    pub async fn upload_document(
        &self,
        path: &Path,
        doc_obj_code: &str,
        obj_id: &str,
        progress: Option<Progress>,
    ) -> Result<Document, WorkfrontError> {
        let handle = self.upload_file(path, progress).await?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("document").to_owned();
        self.create_document(&handle, &name, doc_obj_code, obj_id).await
    }

    /// Documents on a project, its tasks included.
    pub async fn project_documents(&self, project_id: &str) -> Result<Vec<Document>, WorkfrontError> {
        self.search_all("docu", &[("projectID", project_id.to_owned())], Document::FIELDS).await
    }

    /// Start downloading a document's current version: the response, body unread.
    pub async fn download(&self, doc: &Document) -> Result<reqwest::Response, WorkfrontError> {
        self.download_from(doc, 0).await
    }

    /// Start downloading from byte `offset` on (a `Range` request; a server that ignores it
    /// answers 200 with the whole body, which `download_into` then skips through).
    async fn download_from(&self, doc: &Document, offset: u64) -> Result<reqwest::Response, WorkfrontError> {
        let path = doc
            .download_url
            .clone()
            .ok_or_else(|| WorkfrontError::Malformed { detail: format!("document {} has no downloadURL", doc.id) })?;
        let url = self.instance_url(&path)?;
        let _permit = self.permit().await;
        let response = self
            .sender()
            .send_streaming(Plan::READ, || {
                let rb = self.sender().http.get(url.clone()).headers(self.auth_headers());
                if offset > 0 { rb.header(reqwest::header::RANGE, format!("bytes={offset}-")) } else { rb }
            })
            .await
            .map_err(|e| self.transport(e))?;
        if !response.status().is_success() {
            let status = response.status().as_u16();
            let body = response.bytes().await.unwrap_or_default();
            return Err(super::client::decode(status, &body).err().unwrap_or(WorkfrontError::Api {
                status,
                class: String::new(),
                message: format!("HTTP {status}"),
            }));
        }
        Ok(response)
    }

    /// Stream a document's current version into `out`, flushing after each chunk and calling
    /// `progress` with the bytes written so far. A connection that breaks mid-body is resumed:
    /// the download is requested again from where it stopped, so what is already written (and
    /// whatever is reading it) stays valid. `dest` names the destination in error messages.
    pub async fn download_into<W: tokio::io::AsyncWrite + Unpin>(
        &self,
        doc: &Document,
        out: &mut W,
        dest: &Path,
        progress: Option<&(dyn Fn(u64) + Send + Sync)>,
    ) -> Result<u64, WorkfrontError> {
        let mut written = 0u64;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let response = self.download_from(doc, written).await?;
            let mut skip = 0u64;
            if written > 0 {
                match response.status().as_u16() {
                    206 => {
                        let start = response
                            .headers()
                            .get(reqwest::header::CONTENT_RANGE)
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.strip_prefix("bytes "))
                            .and_then(|v| v.split('-').next())
                            .and_then(|v| v.trim().parse::<u64>().ok());
                        if start != Some(written) {
                            return Err(WorkfrontError::Malformed {
                                detail: format!(
                                    "a resumed download of {} starts at {start:?}, not {written}",
                                    doc.name
                                ),
                            });
                        }
                    }
                    _ => skip = written,
                }
            }
            let mut body = response.bytes_stream();
            let broken = loop {
                match body.next().await {
                    None => break None,
                    Some(Err(e)) => break Some(e),
                    Some(Ok(mut chunk)) => {
                        if skip > 0 {
                            let n = skip.min(chunk.len() as u64);
                            chunk = chunk.slice(n as usize..);
                            skip -= n;
                        }
                        if chunk.is_empty() {
                            continue;
                        }
                        out.write_all(&chunk).await.map_err(|e| io_error(dest, &e))?;
                        out.flush().await.map_err(|e| io_error(dest, &e))?;
                        written += chunk.len() as u64;
                        if let Some(p) = progress {
                            p(written);
                        }
                    }
                }
            };
            let Some(e) = broken else {
                if skip > 0 {
                    return Err(WorkfrontError::Malformed {
                        detail: format!("{} came back shorter than before when resumed", doc.name),
                    });
                }
                return Ok(written);
            };
            let failure = crate::http::retry::Failure::Broken;
            let policy = &self.sender().policy;
            match crate::http::retry::next_delay(policy, attempt, true, &failure, crate::http::retry::jitter()) {
                Some(delay) => {
                    tracing::info!(document = %doc.id, written, attempt, "download broke off; resuming");
                    tokio::time::sleep(delay).await;
                }
                None => {
                    return Err(WorkfrontError::Transport {
                        host: self.host(),
                        detail: crate::http::describe_transport(&e),
                    });
                }
            }
        }
    }

    /// Download a document into `dest`, streaming; returns the number of bytes written.
    pub async fn download_to(
        &self,
        doc: &Document,
        dest: &Path,
        progress: Option<Progress>,
    ) -> Result<u64, WorkfrontError> {
        let mut file = tokio::fs::File::create(dest).await.map_err(|e| io_error(dest, &e))?;
        self.download_into(doc, &mut file, dest, progress.as_deref()).await
    }
}

/// Documents from a `search` response, typed.
pub fn documents_from(data: Value) -> Result<Vec<Document>, WorkfrontError> {
    parse(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types() {
        assert_eq!(mime_for("brief.PDF"), "application/pdf");
        assert_eq!(mime_for("cut.mov"), "video/quicktime");
        assert_eq!(mime_for("noext"), "application/octet-stream");
    }
}
