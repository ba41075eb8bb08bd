//! Assets (notes §1.4.6): folders and files under a project's root folder.

use serde_json::{Value, json};

use super::access;
use super::ctx::{ApiErr, Ctx, Reply, now, ok};
use super::paging;
use super::store::{FioStore, Obj, is_deleted, str_field};
use super::uploads;

/// An asset with its derived fields. The parent is sent as both `parent_id` and
/// `parent_asset_id`: the notes could not confirm which the live API returns, and clients read
/// either (fioctl's tree view reads `parent_id`, the generated models `parent_asset_id`).
pub fn render(fio: &FioStore, asset: &Obj, base: &str) -> Value {
    let id = str_field(asset, "id").unwrap_or_default();
    let kind = str_field(asset, "type").or_else(|| str_field(asset, "_type")).unwrap_or("file").to_owned();
    let project = str_field(asset, "project_id").and_then(|p| fio.projects.get(p));
    let team_id = project.and_then(|p| str_field(p, "team_id"));
    let mut out = asset.clone();
    let parent = asset.get("parent_id").or_else(|| asset.get("parent_asset_id")).cloned().unwrap_or(Value::Null);
    let defaults = [
        ("_type", json!(kind)),
        ("type", json!(kind)),
        ("parent_id", parent.clone()),
        ("parent_asset_id", parent),
        ("team_id", json!(team_id)),
        ("account_id", json!(team_id.and_then(|t| fio.team_account(t)))),
        ("creator_id", json!(project.and_then(|p| str_field(p, "owner_id")))),
        ("description", Value::Null),
        ("label", json!("none")),
        ("properties", json!({})),
        ("is_session_watermarked", json!(false)),
        ("is_hls_required", json!(false)),
        ("private", json!(false)),
        ("inserted_at", json!(project.and_then(|p| str_field(p, "inserted_at")))),
        ("updated_at", json!(project.and_then(|p| str_field(p, "updated_at")))),
        ("deleted_at", Value::Null),
    ];
    for (k, v) in defaults {
        out.entry(k).or_insert(v);
    }
    if kind == "file" {
        for k in ["filetype", "upload_completed_at", "checksums"] {
            out.entry(k).or_insert(Value::Null);
        }
        let complete = out.get("upload_completed_at").is_some_and(|v| !v.is_null());
        let original = if complete { json!(super::downloads::original_url(fio, base, id)) } else { Value::Null };
        out.insert("original".into(), original);
    } else {
        let count = fio.assets.values().filter(|a| str_field(a, "parent_id") == Some(id) && !is_deleted(a)).count();
        out.insert("item_count".into(), json!(count));
    }
    Value::Object(out)
}

pub fn get(cx: &mut Ctx, asset_id: &str) -> Reply {
    let asset = access::asset(&cx.w.fio, asset_id, &cx.user)?;
    ok(render(&cx.w.fio, asset, &cx.req.base()))
}

fn children_of<'a>(fio: &'a FioStore, parent: &'a str, deleted: bool) -> impl Iterator<Item = &'a Obj> + 'a {
    fio.assets.values().filter(move |a| str_field(a, "parent_id") == Some(parent) && (deleted || !is_deleted(a)))
}

/// `GET /assets/{id}/children`: query `type` (comma list), `include_deleted`, `include=children`
/// (one level of children on each folder), `sort`, `page`, `page_size`. Oldest first.
pub fn children(cx: &mut Ctx, asset_id: &str) -> Reply {
    let fio = &cx.w.fio;
    access::asset(fio, asset_id, &cx.user)?;
    let base = cx.req.base();
    let deleted = cx.req.q("include_deleted") == Some("true");
    let types: Option<Vec<&str>> = cx.req.q("type").map(|t| t.split(',').map(str::trim).collect());
    let nested = cx.req.includes("children");
    let mut items: Vec<Value> = children_of(fio, asset_id, deleted)
        .filter(|a| types.as_ref().is_none_or(|t| t.contains(&str_field(a, "type").unwrap_or("file"))))
        .map(|a| {
            let mut v = render(fio, a, &base);
            if nested && str_field(a, "type") == Some("folder") {
                let id = str_field(a, "id").unwrap_or_default();
                v["children"] = children_of(fio, id, false).map(|c| render(fio, c, &base)).collect();
            }
            v
        })
        .collect();
    items.sort_by(|a, b| {
        let key = |v: &Value| {
            (v["inserted_at"].as_str().unwrap_or("").to_owned(), v["name"].as_str().unwrap_or("").to_owned())
        };
        key(a).cmp(&key(b))
    });
    paging::list(cx.req, items)
}

/// `POST /assets/{id}/children`: `{type:"folder", name}` or `{type:"file", name, filetype?, filesize}`,
/// JSON or form-encoded → 200 Asset; a file answers with its `upload_urls`. The parent must be
/// a folder (422 otherwise); a missing `type`, `name` or (for files) `filesize` is 422.
pub fn create(cx: &mut Ctx, parent_id: &str) -> Reply {
    let parent = access::asset(&cx.w.fio, parent_id, &cx.user)?;
    if str_field(parent, "type") != Some("folder") {
        return Err(ApiErr::invalid("Assets can only be created inside a folder"));
    }
    let project_id = str_field(parent, "project_id").unwrap_or_default().to_owned();
    let req = cx.req;
    let kind = req.str("type").ok_or_else(|| ApiErr::invalid("type is required"))?;
    if kind != "file" && kind != "folder" {
        return Err(ApiErr::invalid(format!("type must be file or folder, not {kind}")));
    }
    let name = req.str("name").filter(|n| !n.is_empty()).ok_or_else(|| ApiErr::invalid("name is required"))?;
    if req.body.get("source").is_some() {
        // Creating from a remote URL needs the simulator to fetch the internet; not simulated.
        return Err(ApiErr::invalid("source (remote upload) is not supported by the simulator"));
    }
    let properties = match req.body.get("properties") {
        None | Some(Value::Null) => json!({}),
        Some(p @ Value::Object(_)) => p.clone(),
        Some(_) => return Err(ApiErr::invalid("properties must be an object")),
    };
    let filesize = if kind == "file" {
        Some(req.u64("filesize")?.ok_or_else(|| ApiErr::invalid("filesize is required"))?)
    } else {
        None
    };
    let id = cx.w.rng.frameio_id();
    let at = now();
    let mut asset = json!({
        "id": id, "_type": kind, "type": kind, "name": name,
        "parent_id": parent_id, "project_id": project_id, "creator_id": cx.user,
        "description": req.str("description"), "properties": properties,
        "inserted_at": at, "updated_at": at, "deleted_at": null,
    });
    if let Some(size) = filesize {
        asset["filesize"] = json!(size);
        asset["filetype"] = json!(req.str("filetype").filter(|t| !t.is_empty()));
        asset["upload_completed_at"] = Value::Null;
        asset["checksums"] = Value::Null;
    }
    let Value::Object(asset) = asset else { unreachable!("json! object") };
    cx.w.fio.assets.insert(id.clone(), asset.clone());
    let base = req.base();
    let mut out = render(&cx.w.fio, &asset, &base);
    if let Some(size) = filesize {
        out["upload_urls"] = json!(uploads::upload_urls(&cx.w.fio, &base, &id, size));
    }
    ok(out)
}

/// `PUT /assets/{id}`: `name`, `description`, `label`, `properties` change; other fields are ignored.
pub fn update(cx: &mut Ctx, asset_id: &str) -> Reply {
    access::asset(&cx.w.fio, asset_id, &cx.user)?;
    let body = &cx.req.body;
    let mut changes = Obj::new();
    if let Some(v) = body.get("name") {
        let name = v
            .as_str()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| ApiErr::invalid("name must be a non-empty string"))?;
        changes.insert("name".into(), json!(name));
    }
    for key in ["description", "label"] {
        if body.contains_key(key) {
            changes.insert(key.into(), cx.req.str(key).map_or(Value::Null, Value::String));
        }
    }
    match body.get("properties") {
        None => {}
        Some(p @ Value::Object(_)) => {
            changes.insert("properties".into(), p.clone());
        }
        Some(_) => return Err(ApiErr::invalid("properties must be an object")),
    }
    changes.insert("updated_at".into(), json!(now()));
    let asset = cx.w.fio.assets.get_mut(asset_id).ok_or_else(|| ApiErr::not_found("Asset"))?;
    asset.extend(changes);
    let asset = asset.clone();
    ok(render(&cx.w.fio, &asset, &cx.req.base()))
}

/// Soft-delete an asset the user may see and everything under it; a root folder is refused.
fn soft_delete(cx: &mut Ctx, asset_id: &str, at: &str) -> Result<(), ApiErr> {
    let asset = access::asset(&cx.w.fio, asset_id, &cx.user)?;
    if asset.get("parent_id").is_none_or(Value::is_null) {
        return Err(ApiErr::invalid("A project's root folder cannot be deleted"));
    }
    let mut doomed = vec![asset_id.to_owned()];
    let mut i = 0;
    while i < doomed.len() {
        let kids = children_of(&cx.w.fio, &doomed[i], false).filter_map(|a| str_field(a, "id")).map(str::to_owned);
        let kids: Vec<String> = kids.collect();
        doomed.extend(kids);
        i += 1;
    }
    for id in &doomed {
        if let Some(a) = cx.w.fio.assets.get_mut(id) {
            a.insert("deleted_at".into(), json!(at));
        }
    }
    Ok(())
}

/// `DELETE /assets/{id}` → 200 with the deleted asset (doc sample). Soft delete of the asset and
/// everything under it; a project's root folder cannot be deleted (422).
pub fn delete(cx: &mut Ctx, asset_id: &str) -> Reply {
    soft_delete(cx, asset_id, &now())?;
    let asset = cx.w.fio.assets.get(asset_id).cloned().unwrap_or_default();
    ok(render(&cx.w.fio, &asset, &cx.req.base()))
}

/// `DELETE /batch/assets` `{"asset_ids": [...]}` → 200 `{"error": null | {"<id>": "message"}}` (notes row 22).
pub fn batch_delete(cx: &mut Ctx) -> Reply {
    let ids: Vec<String> = match cx.req.body.get("asset_ids").and_then(Value::as_array) {
        Some(ids) => ids.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        None => return Err(ApiErr::invalid("asset_ids is required")),
    };
    let at = now();
    let mut errors = Obj::new();
    for id in ids {
        if let Err(e) = soft_delete(cx, &id, &at) {
            errors.insert(id, json!(e.detail));
        }
    }
    ok(json!({"error": if errors.is_empty() { Value::Null } else { Value::Object(errors) }}))
}

/// `PUT /assets/{id}/restore` (fioctl) → 200 with the asset, and what was deleted with it, back.
pub fn restore(cx: &mut Ctx, asset_id: &str) -> Reply {
    let fio = &cx.w.fio;
    let asset = fio.assets.get(asset_id).ok_or_else(|| ApiErr::not_found("Asset"))?;
    access::project(fio, str_field(asset, "project_id").unwrap_or_default(), &cx.user)?;
    let Some(at) = asset.get("deleted_at").filter(|v| !v.is_null()).cloned() else {
        return ok(render(fio, asset, &cx.req.base()));
    };
    let mut back = vec![asset_id.to_owned()];
    let mut i = 0;
    while i < back.len() {
        let parent = back[i].clone();
        let kids = fio
            .assets
            .values()
            .filter(|a| str_field(a, "parent_id") == Some(parent.as_str()) && a.get("deleted_at") == Some(&at));
        let kids: Vec<String> = kids.filter_map(|a| str_field(a, "id")).map(str::to_owned).collect();
        back.extend(kids);
        i += 1;
    }
    for id in &back {
        if let Some(a) = cx.w.fio.assets.get_mut(id) {
            a.insert("deleted_at".into(), Value::Null);
        }
    }
    let asset = cx.w.fio.assets.get(asset_id).cloned().unwrap_or_default();
    ok(render(&cx.w.fio, &asset, &cx.req.base()))
}
