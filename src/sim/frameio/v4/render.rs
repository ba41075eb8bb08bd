//! V4 objects as the OpenAPI document's schemas define them, built from the shared store:
//! `User`, `Profile`, `Account`, `Workspace`, `Project`, `Folder`, `File`. Only the schema's
//! fields are sent (several schemas forbid others: `Account`, `FileWithIncludes`).
//!
//! `view_url`s point at the real web app's shape (`https://next.frame.io/project/<id>/`, the
//! document's examples); the simulator serves no web app. Seeded objects without timestamps take
//! their project's.

use serde_json::{Value, json};

use super::access;
use super::envelope::Req;
use crate::sim::frameio::downloads;
use crate::sim::frameio::store::{FioStore, Obj, is_deleted, str_field};

pub const WEB: &str = "https://next.frame.io";

/// `User`; null-ish fields for an unknown ID.
pub fn user(fio: &FioStore, id: &str) -> Value {
    let u = fio.users.get(id);
    let f = |k: &str| u.and_then(|u| str_field(u, k)).map_or(Value::Null, |s| json!(s));
    json!({"id": id, "name": f("name"), "email": f("email").as_str().unwrap_or(""), "avatar_url": f("avatar_url"),
        "active": u.is_some(), "adobe_user_id": f("adobe_user_id")})
}

/// `Profile` (`GET /v4/me`).
pub fn profile(fio: &FioStore, id: &str) -> Value {
    let u = fio.users.get(id);
    let f = |k: &str| u.and_then(|u| str_field(u, k)).unwrap_or_default().to_owned();
    json!({"id": id, "name": f("name"), "email": f("email"),
        "avatar_url": u.and_then(|u| u.get("avatar_url")).cloned().unwrap_or(Value::Null)})
}

fn ts(obj: &Obj, key: &str, fallback: Option<&str>) -> Value {
    json!(str_field(obj, key).or(fallback).unwrap_or("2026-11-01T09:00:00.000000Z"))
}

/// Bytes of the live files of the given projects.
fn storage<'a>(fio: &FioStore, mut in_project: impl FnMut(&str) -> bool + 'a) -> u64 {
    fio.assets
        .values()
        .filter(|a| !is_deleted(a) && str_field(a, "type") == Some("file"))
        .filter(|a| in_project(str_field(a, "project_id").unwrap_or_default()))
        .filter_map(|a| a.get("filesize").and_then(Value::as_u64))
        .sum()
}

/// `Account`, with the caller's roles.
pub fn account(fio: &FioStore, a: &Obj, user: &str) -> Value {
    let id = str_field(a, "id").unwrap_or_default();
    let roles: Vec<&str> = access::account_role(fio, id, user).filter(|r| *r != "reviewer").into_iter().collect();
    let usage = storage(fio, |p| {
        fio.projects.get(p).and_then(|p| str_field(p, "team_id")).and_then(|t| fio.team_account(t)).as_deref()
            == Some(id)
    });
    json!({
        "id": id,
        "display_name": str_field(a, "display_name").unwrap_or_default(),
        "roles": roles,
        "storage_limit": a.get("storage_limit").cloned().unwrap_or(Value::Null),
        "storage_usage": usage,
        "created_at": ts(a, "inserted_at", None),
        "updated_at": ts(a, "updated_at", None),
        "adobe_id": a.get("adobe_org_id").cloned().unwrap_or(Value::Null),
        "image": Value::Null,
        "v4_migrated_at": a.get("v4_migrated_at").cloned().unwrap_or(Value::Null),
    })
}

/// `Workspace`; `include=creator` adds `creator`.
pub fn workspace(fio: &FioStore, t: &Obj, req: &Req) -> Value {
    let mut v = json!({
        "id": str_field(t, "id").unwrap_or_default(),
        "name": str_field(t, "name").unwrap_or_default(),
        "account_id": str_field(t, "account_id").unwrap_or_default(),
        "created_at": ts(t, "inserted_at", None),
        "updated_at": ts(t, "updated_at", None),
        "image": Value::Null,
    });
    if req.includes("creator") {
        v["creator"] = user(fio, str_field(t, "creator_id").unwrap_or_default());
    }
    v
}

/// `Project` (with `description`, and `owner` on `include=owner`).
pub fn project(fio: &FioStore, p: &Obj, with_owner: bool) -> Value {
    let id = str_field(p, "id").unwrap_or_default();
    let status = str_field(p, "status").unwrap_or("active");
    let mut v = json!({
        "id": id,
        "name": str_field(p, "name").unwrap_or_default(),
        "status": status,
        "storage": storage(fio, |pid| pid == id),
        "workspace_id": str_field(p, "team_id").unwrap_or_default(),
        "root_folder_id": str_field(p, "root_asset_id").unwrap_or_default(),
        "created_at": ts(p, "inserted_at", None),
        "updated_at": ts(p, "updated_at", None),
        "view_url": format!("{WEB}/project/{id}/"),
        "adobe_id": Value::Null,
        "image": Value::Null,
        "restricted": access::restricted(p),
        "description": p.get("description").cloned().unwrap_or(Value::Null),
    });
    if with_owner {
        v["owner"] = user(fio, str_field(p, "owner_id").unwrap_or_default());
    }
    v
}

fn common(fio: &FioStore, a: &Obj, kind: &str) -> Value {
    let id = str_field(a, "id").unwrap_or_default();
    let pid = str_field(a, "project_id").unwrap_or_default();
    let project = fio.projects.get(pid);
    json!({
        "id": id,
        "name": str_field(a, "name").unwrap_or_default(),
        "type": kind,
        "parent_id": a.get("parent_id").cloned().unwrap_or(Value::Null),
        "project_id": pid,
        "created_at": ts(a, "inserted_at", project.and_then(|p| str_field(p, "inserted_at"))),
        "updated_at": ts(a, "updated_at", project.and_then(|p| str_field(p, "updated_at"))),
        "view_url": format!("{WEB}/project/{pid}/view/{id}"),
        "adobe_id": Value::Null,
    })
}

/// `creator`, `project` and `metadata` includes, on any asset.
fn includes(fio: &FioStore, a: &Obj, req: &Req, v: &mut Value) {
    if req.includes("creator") {
        let creator = str_field(a, "creator_id").or_else(|| {
            str_field(a, "project_id").and_then(|p| fio.projects.get(p)).and_then(|p| str_field(p, "owner_id"))
        });
        v["creator"] = user(fio, creator.unwrap_or_default());
    }
    if req.includes("project")
        && let Some(p) = str_field(a, "project_id").and_then(|p| fio.projects.get(p))
    {
        v["project"] = project(fio, p, false);
    }
    if req.includes("metadata") {
        v["metadata"] = json!([]);
    }
}

/// `Folder`.
pub fn folder(fio: &FioStore, a: &Obj, req: &Req) -> Value {
    let mut v = common(fio, a, "folder");
    v["cover_file_id"] = Value::Null;
    includes(fio, a, req, &mut v);
    v
}

pub fn upload_complete(a: &Obj) -> bool {
    a.get("upload_completed_at").is_some_and(|v| !v.is_null())
}

/// `File`. `status` is `created` until every part is uploaded, then `uploaded` (the simulator
/// does not transcode). `include=media_links.original` adds the download links (null until
/// the upload is complete); other renditions come back null.
pub fn file(fio: &FioStore, a: &Obj, req: &Req) -> Value {
    let id = str_field(a, "id").unwrap_or_default();
    let mut v = common(fio, a, "file");
    let complete = upload_complete(a);
    v["status"] = json!(if complete { "uploaded" } else { "created" });
    v["media_type"] = a.get("filetype").cloned().unwrap_or(Value::Null);
    v["file_size"] = json!(a.get("filesize").and_then(Value::as_u64).unwrap_or(0));
    v["adobe_version_id"] = Value::Null;
    let wanted: Vec<&str> = [
        "original",
        "thumbnail",
        "thumbnail_high_quality",
        "video_h264_180",
        "high_quality",
        "efficient",
        "scrub_sheet",
    ]
    .into_iter()
    .filter(|r| req.includes(&format!("media_links.{r}")))
    .collect();
    if !wanted.is_empty() {
        let mut links = serde_json::Map::new();
        for r in wanted {
            let link = if r == "original" {
                let url = complete.then(|| downloads::original_url(fio, &req.base(), id));
                json!({"download_url": url, "inline_url": url})
            } else if matches!(r, "high_quality" | "efficient") {
                json!({"download_url": null})
            } else {
                json!({"download_url": null, "url": null})
            };
            links.insert(r.to_owned(), link);
        }
        v["media_links"] = Value::Object(links);
    }
    includes(fio, a, req, &mut v);
    v
}

/// A folder or a file, by its type.
pub fn asset(fio: &FioStore, a: &Obj, req: &Req) -> Value {
    if str_field(a, "type") == Some("folder") { folder(fio, a, req) } else { file(fio, a, req) }
}
