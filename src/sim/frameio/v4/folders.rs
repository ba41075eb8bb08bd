//! Folders: `folders.index` (`…/folders/{id}/children`: folders and files), `folders.list`
//! (`…/folders/{id}/folders`), `folders.create` (201), `folders.show`, `folders.delete` (204).
//! Children come oldest first (then by name) unless `sort` says otherwise; `type` filters by a
//! comma list of `file`, `folder`, `version_stack`.

use serde_json::{Value, json};

use super::access;
use super::envelope::{NAME, data, opt, query_enum};
use super::errors::{Reply, V4Err, created, no_content, ok};
use super::paging::{list, page, sort_items};
use super::{Cx, render};
use crate::sim::frameio::common::now;
use crate::sim::frameio::store::{FioStore, Obj, is_deleted, str_field};

const SORTS: &[&str] =
    &["name_asc", "created_at_asc", "updated_at_asc", "name_desc", "created_at_desc", "updated_at_desc"];
pub const FILE_INCLUDES: &[&str] = &[
    "media_links.original",
    "media_links.thumbnail",
    "media_links.thumbnail_high_quality",
    "media_links.video_h264_180",
    "media_links.high_quality",
    "media_links.efficient",
    "media_links.scrub_sheet",
    "creator",
    "project",
    "metadata",
];
const FOLDER_INCLUDES: &[&str] = &["creator", "project", "metadata"];
/// Asset lists take up to 500 per page (`AssetRequestPageSize`).
const ASSET_PAGE_MAX: usize = 500;

/// The folder `id` (a live folder of the account that the user may see).
pub fn folder<'a>(cx: &'a Cx, id: &str) -> Result<(&'a Obj, &'a Obj), V4Err> {
    let (a, p) = access::asset(&cx.w.fio, &cx.account, id, &cx.p.user)
        .map_err(|e| if e.status == axum::http::StatusCode::NOT_FOUND { V4Err::not_found("Folder") } else { e })?;
    if str_field(a, "type") != Some("folder") {
        return Err(V4Err::not_found("Folder"));
    }
    Ok((a, p))
}

fn children<'a>(fio: &'a FioStore, parent: &'a str) -> Vec<&'a Obj> {
    let mut items: Vec<&Obj> =
        fio.assets.values().filter(|a| str_field(a, "parent_id") == Some(parent) && !is_deleted(a)).collect();
    fn key(a: &Obj) -> (&str, &str) {
        (str_field(a, "inserted_at").unwrap_or_default(), str_field(a, "name").unwrap_or_default())
    }
    items.sort_by(|a, b| key(a).cmp(&key(b)));
    items
}

fn answer(cx: &Cx, mut items: Vec<&Obj>) -> Reply {
    let pg = page(cx.req, ASSET_PAGE_MAX)?;
    sort_items(&mut items, pg.sort.as_deref(), |a, f| {
        str_field(a, if f == "created_at" { "inserted_at" } else { f }).unwrap_or_default().to_owned()
    });
    let data = items.into_iter().map(|a| render::asset(&cx.w.fio, a, cx.req)).collect();
    list(cx.req, &pg, data)
}

pub fn children_index(cx: &mut Cx, id: &str) -> Reply {
    query_enum(cx.req, "include", FILE_INCLUDES)?;
    query_enum(cx.req, "sort", SORTS)?;
    folder(cx, id)?;
    let types: Option<Vec<&str>> = cx.req.q("type").map(|t| t.split(',').map(str::trim).collect());
    let items = children(&cx.w.fio, id)
        .into_iter()
        .filter(|a| types.as_ref().is_none_or(|t| t.contains(&str_field(a, "type").unwrap_or("file"))))
        .collect();
    answer(cx, items)
}

pub fn folders_list(cx: &mut Cx, id: &str) -> Reply {
    query_enum(cx.req, "include", FOLDER_INCLUDES)?;
    query_enum(cx.req, "sort", SORTS)?;
    folder(cx, id)?;
    let items = children(&cx.w.fio, id).into_iter().filter(|a| str_field(a, "type") == Some("folder")).collect();
    answer(cx, items)
}

pub fn show(cx: &mut Cx, id: &str) -> Reply {
    query_enum(cx.req, "include", FOLDER_INCLUDES)?;
    let (a, _) = folder(cx, id)?;
    ok(render::folder(&cx.w.fio, a, cx.req))
}

/// `{"data":{"name"?}}` → 201 `Folder`. `name` is optional in `FolderCreateParams`; a nameless
/// folder is "New Folder" (a choice: the document is silent). Same-named siblings are allowed,
/// as in the web app.
pub fn create(cx: &mut Cx, parent: &str) -> Reply {
    let d = data(cx.req, &[opt("name", NAME)])?;
    let (_, project) = folder(cx, parent)?;
    if !access::can_edit_project(&cx.w.fio, project, &cx.p.user) {
        return Err(V4Err::forbidden("You do not have permission to add folders to this project"));
    }
    let project_id = str_field(project, "id").unwrap_or_default().to_owned();
    let name = d.get("name").and_then(Value::as_str).map(str::trim).filter(|n| !n.is_empty()).unwrap_or("New Folder");
    let (id, at) = (cx.w.rng.frameio_id(), now());
    let asset = json!({
        "id": id, "_type": "folder", "type": "folder", "name": name, "parent_id": parent, "project_id": project_id,
        "creator_id": cx.p.user, "inserted_at": at, "updated_at": at, "deleted_at": null,
    });
    let Value::Object(asset) = asset else { unreachable!("json! object") };
    cx.w.fio.assets.insert(id, asset.clone());
    created(render::folder(&cx.w.fio, &asset, cx.req))
}

/// Soft-delete an asset and everything under it (204). A root folder cannot be deleted (422).
pub fn delete_asset(cx: &mut Cx, id: &str, kind: &str) -> Reply {
    let (a, project) = access::asset(&cx.w.fio, &cx.account, id, &cx.p.user)?;
    if str_field(a, "type") != Some(kind) {
        return Err(V4Err::not_found(if kind == "folder" { "Folder" } else { "File" }));
    }
    if !access::can_edit_project(&cx.w.fio, project, &cx.p.user) {
        return Err(V4Err::forbidden("You do not have permission to delete from this project"));
    }
    if a.get("parent_id").is_none_or(Value::is_null) {
        return Err(V4Err::invalid("A project's root folder cannot be deleted"));
    }
    let mut doomed = vec![id.to_owned()];
    let mut i = 0;
    while i < doomed.len() {
        let kids: Vec<String> =
            children(&cx.w.fio, &doomed[i]).into_iter().filter_map(|a| str_field(a, "id")).map(str::to_owned).collect();
        doomed.extend(kids);
        i += 1;
    }
    let at = now();
    for d in &doomed {
        if let Some(a) = cx.w.fio.assets.get_mut(d) {
            a.insert("deleted_at".into(), json!(at));
        }
    }
    no_content()
}

pub fn delete(cx: &mut Cx, id: &str) -> Reply {
    delete_asset(cx, id, "folder")
}
