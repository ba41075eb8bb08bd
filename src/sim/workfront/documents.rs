//! Documents (notes §2.10): `POST /attask/api/<v>/upload` (multipart, file part `uploadedFile`)
//! answers `{"data":{"handle":..}}`; `POST /document` with that `handle`, `name`, `docObjCode`,
//! `objID` (and optionally `currentVersion:{version,fileName}`) makes a DOCU and its first DOCV;
//! `POST /docv` with `documentID` and `handle` adds a version.
//!
//! Download: Workfront's download endpoint is undocumented (notes §6). The simulator gives each
//! DOCU a relative `downloadURL` of `/document/download?ID=<DOCU ID>&versionID=<DOCV ID>`, served
//! at the instance root with the API's credentials (header or parameter), `Content-Length` and
//! `Content-Disposition: attachment`. Bytes live in `world.blobs`: `wf/upload/<handle>` until a
//! document takes them, then `wf/docv/<DOCV ID>`.

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::response::{IntoResponse, Response};
use bytes::BytesMut;
use serde_json::{Map, Value, json};

use super::auth::authenticate;
use super::error::WfError;
use super::params::Params;
use super::store::{Obj, Upload};
use super::write::Ctx;
use crate::sim::{Shared, World};

/// The multipart part that carries the file (BASICS "Uploading Documents"; JS client).
pub const FILE_PART: &str = "uploadedFile";

pub fn download_url(docu: &Obj) -> String {
    let id = docu.get("ID").and_then(Value::as_str).unwrap_or_default();
    match docu.get("currentVersionID").and_then(Value::as_str) {
        Some(v) => format!("/document/download?ID={id}&versionID={v}"),
        None => format!("/document/download?ID={id}"),
    }
}

fn envelope(data: Value) -> Response {
    axum::Json(json!({ "data": data })).into_response()
}

/// `POST .../upload`: stream the `uploadedFile` part into one buffer and keep it under a handle.
pub async fn upload(sim: Shared, req: Request) -> Response {
    match upload_inner(sim, req).await {
        Ok(handle) => envelope(json!({ "handle": handle })),
        Err(e) => e.into_response(),
    }
}

async fn upload_inner(sim: Shared, req: Request) -> Result<String, WfError> {
    let query = Params::parse(req.uri().query(), &HeaderMap::new(), &[]).map_err(WfError::illegal_argument)?;
    let headers = req.headers().clone();
    // Size the buffer from the request's length so a large file is not copied while it grows.
    let hint = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
        .unwrap_or(0)
        .min(1 << 30);
    // Refuse a wrong credential before reading the body; a missing one may still be in the form.
    let early = authenticate(&sim.lock(), &query, &headers, &Method::POST);
    if let Err(e) = &early
        && e.msg_key != "exception.notloggedin"
    {
        return Err(e.clone());
    }
    let mut multipart = Multipart::from_request(req, &())
        .await
        .map_err(|e| WfError::illegal_argument(format!("upload expects multipart/form-data: {}", e.body_text())))?;
    let mut file: Option<(BytesMut, String, Option<String>)> = None;
    let mut form: Vec<(String, String)> = Vec::new();
    let broken = |e: axum::extract::multipart::MultipartError| {
        WfError::illegal_argument(format!("malformed upload: {}", e.body_text()))
    };
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == FILE_PART {
            let file_name = field.file_name().unwrap_or("upload").to_owned();
            let content_type = field.content_type().map(str::to_owned);
            let mut buf = BytesMut::with_capacity(hint);
            while let Some(chunk) = field.chunk().await.map_err(broken)? {
                buf.extend_from_slice(&chunk);
            }
            file = Some((buf, file_name, content_type));
        } else {
            let text = field.text().await.map_err(broken)?;
            form.push((name, text));
        }
    }
    let mut world = sim.lock();
    if early.is_err() {
        authenticate(&world, &Params::from_pairs(form), &HeaderMap::new(), &Method::POST)?;
    }
    let (buf, file_name, content_type) = file.ok_or_else(|| {
        WfError::illegal_argument(format!("No file uploaded: send it as the multipart part {FILE_PART}"))
    })?;
    let handle = world.rng.workfront_id();
    world.wf.uploads.insert(handle.clone(), Upload { file_name, content_type, size: buf.len() });
    world.blobs.put(format!("wf/upload/{handle}"), buf.freeze());
    Ok(handle)
}

/// A checked upload about to become a document version.
pub struct PendingVersion {
    handle: String,
    version: String,
    file_name: String,
    upload: Upload,
}

/// Check a document create's `handle`, `currentVersion` and owner, filling `projectID`/`taskID`
/// from `docObjCode`+`objID`. Nothing is moved until `first_version`.
pub fn take_upload(world: &World, updates: &mut Map<String, Value>) -> Result<PendingVersion, WfError> {
    let code = updates.get("docObjCode").and_then(Value::as_str).unwrap_or_default().to_ascii_uppercase();
    let obj_id = updates.get("objID").and_then(Value::as_str).unwrap_or_default().to_owned();
    let owner = super::objects::lookup(&code)
        .filter(|d| matches!(d.code, "PROJ" | "TASK" | "TMPL" | "USER" | "GROUP"))
        .ok_or_else(|| WfError::illegal_argument(format!("Invalid docObjCode {code}")))?;
    let found = world.wf.get(owner.code, &obj_id).ok_or_else(|| WfError::not_found(owner.name, &obj_id))?;
    updates.insert("docObjCode".into(), Value::String(owner.code.into()));
    match owner.code {
        "PROJ" => {
            updates.insert("projectID".into(), Value::String(obj_id.clone()));
        }
        "TASK" => {
            updates.insert("taskID".into(), Value::String(obj_id.clone()));
            updates.insert("projectID".into(), found.get("projectID").cloned().unwrap_or(Value::Null));
        }
        _ => {}
    }
    let version = updates.remove("currentVersion");
    pending(world, updates, version.as_ref())
}

fn pending(
    world: &World,
    updates: &mut Map<String, Value>,
    version: Option<&Value>,
) -> Result<PendingVersion, WfError> {
    let handle = updates
        .remove("handle")
        .and_then(|h| h.as_str().map(str::to_owned))
        .ok_or_else(|| WfError::illegal_argument("handle is required: upload the file first"))?;
    let upload = world
        .wf
        .uploads
        .get(&handle)
        .cloned()
        .filter(|_| world.blobs.contains(&format!("wf/upload/{handle}")))
        .ok_or_else(|| WfError::illegal_argument(format!("Invalid or expired upload handle {handle}")))?;
    let text = |k: &str| version.and_then(|v| v.get(k)).and_then(Value::as_str).map(str::to_owned);
    let name = updates.get("name").and_then(Value::as_str).map(str::to_owned);
    Ok(PendingVersion {
        version: text("version").unwrap_or_else(|| "v1.0".into()),
        file_name: text("fileName").or(name).unwrap_or_else(|| upload.file_name.clone()),
        handle,
        upload,
    })
}

fn ext_of(file_name: &str) -> String {
    file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

fn mime_for(ext: &str) -> &'static str {
    match ext {
        "txt" => "text/plain",
        "md" => "text/markdown",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "json" => "application/json",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Create the DOCV for a new DOCU and move the uploaded bytes to it.
pub fn first_version(world: &mut World, docu_id: &str, p: PendingVersion) {
    let docv = world.rng.workfront_id();
    let ext = ext_of(&p.file_name);
    let file_type = p
        .upload
        .content_type
        .clone()
        .filter(|c| c != "application/octet-stream")
        .unwrap_or_else(|| mime_for(&ext).to_owned());
    let mut v = Obj::new();
    v.insert("ID".into(), Value::String(docv.clone()));
    v.insert("documentID".into(), Value::String(docu_id.to_owned()));
    v.insert("version".into(), Value::String(p.version));
    v.insert("fileName".into(), Value::String(p.file_name));
    v.insert("fileType".into(), Value::String(file_type.clone()));
    v.insert("docSize".into(), Value::from(p.upload.size));
    v.insert("ext".into(), Value::String(ext));
    v.insert("entryDate".into(), Value::String(super::values::now()));
    world.wf.insert("DOCV", v);
    if let Some(bytes) = world.blobs.remove(&format!("wf/upload/{}", p.handle)) {
        world.blobs.put(format!("wf/docv/{docv}"), bytes);
    }
    world.wf.uploads.remove(&p.handle);
    if let Some(d) = world.wf.get_mut("DOCU", docu_id) {
        d.insert("currentVersionID".into(), Value::String(docv));
        d.insert("fileType".into(), Value::String(file_type));
    }
}

/// `POST /docv` with `documentID` and `handle`: a new current version of a document.
pub fn add_version(world: &mut World, mut updates: Map<String, Value>, _ctx: &Ctx) -> Result<String, WfError> {
    let doc = updates.get("documentID").and_then(Value::as_str).unwrap_or_default().to_owned();
    if world.wf.get("DOCU", &doc).is_none() {
        return Err(WfError::not_found("Document", &doc));
    }
    let n = world.wf.children("DOCV", "documentID", &doc).count();
    let version = Value::Object(updates.clone());
    let mut p = pending(world, &mut updates, Some(&version))?;
    if version.get("version").is_none() {
        p.version = format!("v{}.0", n + 1);
    }
    first_version(world, &doc, p);
    Ok(world
        .wf
        .get("DOCU", &doc)
        .and_then(|d| d.get("currentVersionID")?.as_str().map(str::to_owned))
        .unwrap_or_default())
}

/// `GET /document/download?ID=<DOCU>[&versionID=<DOCV>]`.
pub async fn download(State(sim): State<Shared>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let found = (|| {
        let params = Params::parse(uri.query(), &HeaderMap::new(), &[]).map_err(WfError::illegal_argument)?;
        let world = sim.lock();
        authenticate(&world, &params, &headers, &Method::GET)?;
        let docu_id = params.get("ID").or_else(|| params.get("id")).unwrap_or_default();
        let docu = world.wf.get("DOCU", docu_id).ok_or_else(|| WfError::not_found("Document", docu_id))?;
        let version = params
            .get("versionID")
            .map(str::to_owned)
            .or_else(|| docu.get("currentVersionID").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        let docv = world
            .wf
            .get("DOCV", &version)
            .filter(|v| v.get("documentID").and_then(Value::as_str) == Some(docu_id))
            .ok_or_else(|| WfError::not_found("DocumentVersion", &version))?;
        let bytes = world
            .blobs
            .get(&format!("wf/docv/{version}"))
            .ok_or_else(|| WfError::not_found("DocumentVersion", &version))?;
        let text = |k: &str| docv.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        Ok::<_, WfError>((bytes, text("fileName"), text("fileType")))
    })();
    let (bytes, file_name, file_type) = match found {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let mut resp = Response::new(if method == Method::HEAD { Body::empty() } else { Body::from(bytes.clone()) });
    let h = resp.headers_mut();
    let ctype = if file_type.is_empty() { "application/octet-stream".to_owned() } else { file_type };
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&ctype).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    if let Ok(v) = HeaderValue::from_str(&disposition(&file_name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

/// `attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>` (RFC 6266).
fn disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
