//! Files: `files.create_local_upload` (201 with `upload_urls`), `files.show`,
//! `files.show_file_upload_status`, `files.delete` (204).
//!
//! Local upload (FIODOC How To: Upload; notes §4): `{"data":{"name","file_size"}}` (the
//! document's `FileCreateLocalUploadParams` has exactly these two, so `media_type` is not a
//! request field: it is derived from the name's extension, `application/octet-stream` when
//! unknown). The server chooses the parts: `n = ceil(file_size / 20 MB)` parts of
//! `ceil(file_size / n)` bytes, the last taking the rest (the documented 50,645,990-byte sample
//! gives 16,881,997 / 16,881,997 / 16,881,996). The URLs are the shared S3-like endpoint's
//! (`uploads`): each part `PUT` needs `x-amz-acl: private` and `Content-Type` equal to the
//! file's `media_type`, else 403 in S3's XML. The status turns `upload_complete` when every
//! part has arrived, and the file's `media_links.original` then downloads the bytes.

use serde_json::{Value, json};

use super::access;
use super::envelope::{Kind, NAME, data, query_enum, req};
use super::errors::{Reply, V4Err, created, ok};
use super::folders::{FILE_INCLUDES, delete_asset, folder};
use super::{Cx, render};
use crate::sim::frameio::common::now;
use crate::sim::frameio::store::{Obj, str_field};
use crate::sim::frameio::uploads;

const FILE_SIZE: Kind = Kind::Int { min: Some(1), max: Some(5_000_000_000_000), nullable: false };

/// The media type for a file name, by extension (the common types of video, image, audio and
/// document work).
pub fn media_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "mxf" => "application/mxf",
        "avi" => "video/x-msvideo",
        "mkv" => "video/x-matroska",
        "webm" => "video/webm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "tif" | "tiff" => "image/tiff",
        "psd" => "image/vnd.adobe.photoshop",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "aac" => "audio/aac",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}

pub fn local_upload(cx: &mut Cx, parent: &str) -> Reply {
    let d = data(cx.req, &[req("name", NAME), req("file_size", FILE_SIZE)])?;
    let (_, project) = folder(cx, parent)?;
    if !access::can_edit_project(&cx.w.fio, project, &cx.p.user) {
        return Err(V4Err::forbidden("You do not have permission to upload to this project"));
    }
    let name = d["name"].as_str().unwrap_or_default().trim().to_owned();
    if name.is_empty() {
        return Err(V4Err::field("/data/name", "can't be blank"));
    }
    let size = d["file_size"].as_u64().unwrap_or(1);
    let project_id = str_field(project, "id").unwrap_or_default().to_owned();
    let (id, at) = (cx.w.rng.frameio_id(), now());
    let asset = json!({
        "id": id, "_type": "file", "type": "file", "name": name, "parent_id": parent, "project_id": project_id,
        "creator_id": cx.p.user, "filesize": size, "filetype": media_type(&name), "upload_completed_at": null,
        "checksums": null, "properties": {}, "inserted_at": at, "updated_at": at, "deleted_at": null,
    });
    let Value::Object(asset) = asset else { unreachable!("json! object") };
    cx.w.fio.assets.insert(id.clone(), asset.clone());
    let urls = uploads::upload_urls(&cx.w.fio, &cx.req.base(), &id, size);
    let parts: Vec<Value> = urls
        .into_iter()
        .enumerate()
        .map(|(k, url)| json!({"size": uploads::part_len(size, k as u64 + 1), "url": url}))
        .collect();
    let mut out = render::file(&cx.w.fio, &asset, cx.req);
    out["upload_urls"] = json!(parts);
    created(out)
}

fn file<'a>(cx: &'a Cx, id: &str) -> Result<&'a Obj, V4Err> {
    let (a, _) = access::asset(&cx.w.fio, &cx.account, id, &cx.p.user)
        .map_err(|e| if e.status == axum::http::StatusCode::NOT_FOUND { V4Err::not_found("File") } else { e })?;
    if str_field(a, "type") != Some("file") {
        return Err(V4Err::not_found("File"));
    }
    Ok(a)
}

pub fn show(cx: &mut Cx, id: &str) -> Reply {
    query_enum(cx.req, "include", FILE_INCLUDES)?;
    let a = file(cx, id)?;
    ok(render::file(&cx.w.fio, a, cx.req))
}

/// `FileUploadStatus`: `uploaded_at` and `upload_completed_at` are both the moment the last
/// part arrived (the simulator has no processing step between them).
pub fn status(cx: &mut Cx, id: &str) -> Reply {
    let a = file(cx, id)?;
    let done = a.get("upload_completed_at").cloned().unwrap_or(Value::Null);
    ok(json!({
        "id": str_field(a, "id").unwrap_or_default(),
        "filetype": str_field(a, "filetype").unwrap_or("application/octet-stream"),
        "uploaded_at": done,
        "upload_completed_at": done,
        "upload_complete": render::upload_complete(a),
        "upload_failed": false,
    }))
}

pub fn delete(cx: &mut Cx, id: &str) -> Reply {
    delete_asset(cx, id, "file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_by_extension() {
        assert_eq!(media_type("spot.MOV"), "video/quicktime");
        assert_eq!(media_type("brief.txt"), "text/plain");
        assert_eq!(media_type("noext"), "application/octet-stream");
    }

    #[test]
    fn the_documented_part_sizes() {
        let size = 50_645_990;
        let parts: Vec<u64> = (1..=uploads::part_count(size)).map(|k| uploads::part_len(size, k)).collect();
        assert_eq!(parts, vec![16_881_997, 16_881_997, 16_881_996]);
    }
}
