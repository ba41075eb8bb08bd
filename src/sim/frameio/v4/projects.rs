//! Projects: `projects.index` (a workspace's), `account_projects.index` (an account's),
//! `projects.create` (201, with its root folder), `projects.show`, `projects.update`,
//! `projects.delete` (204, soft: the project and its assets disappear from reads).
//!
//! V4's `restricted` is stored as `private`; `status` (`active | inactive`) is V4's only.

use serde_json::{Value, json};

use super::access;
use super::envelope::{BOOL, Kind, NAME, data, opt, query_enum, req, uuid};
use super::errors::{Reply, V4Err, created, no_content, ok};
use super::paging::{list, page, sort_items};
use super::workspaces::{SORTS, sort_key};
use super::{Cx, render};
use crate::sim::frameio::common::now;
use crate::sim::frameio::store::{Obj, is_deleted, oldest_first, str_field};

const STATUS: Kind = Kind::Enum(&["active", "inactive"]);

fn answer(cx: &Cx, mut items: Vec<&Obj>) -> Reply {
    query_enum(cx.req, "include", &["owner"])?;
    query_enum(cx.req, "sort", SORTS)?;
    let pg = page(cx.req, 100)?;
    oldest_first(&mut items);
    sort_items(&mut items, pg.sort.as_deref(), |p, f| sort_key(p, f));
    let owner = cx.req.includes("owner");
    let data = items.into_iter().map(|p| render::project(&cx.w.fio, p, owner)).collect();
    list(cx.req, &pg, data)
}

pub fn index(cx: &mut Cx, ws: &str) -> Reply {
    uuid("workspace_id", ws)?;
    let fio = &cx.w.fio;
    access::workspace(fio, &cx.account, ws, &cx.p.user)?;
    let items = fio
        .projects
        .values()
        .filter(|p| {
            !is_deleted(p) && str_field(p, "team_id") == Some(ws) && access::project_visible(fio, p, &cx.p.user)
        })
        .collect();
    answer(cx, items)
}

pub fn account_index(cx: &mut Cx) -> Reply {
    let fio = &cx.w.fio;
    let items = fio
        .projects
        .values()
        .filter(|p| !is_deleted(p) && access::project_visible(fio, p, &cx.p.user))
        .filter(|p| str_field(p, "team_id").and_then(|t| fio.team_account(t)).as_deref() == Some(cx.account.as_str()))
        .collect();
    answer(cx, items)
}

/// `{"data":{"name", "restricted"?}}` → 201 `Project` with `root_folder_id`. Workspace admins,
/// full-access and editor members, and account owners and admins may create.
pub fn create(cx: &mut Cx, ws: &str) -> Reply {
    uuid("workspace_id", ws)?;
    let d = data(cx.req, &[req("name", NAME), opt("restricted", BOOL)])?;
    access::workspace(&cx.w.fio, &cx.account, ws, &cx.p.user)?;
    if !access::can_create_in_workspace(&cx.w.fio, ws, &cx.p.user) {
        return Err(V4Err::forbidden("You do not have permission to create projects in this workspace"));
    }
    let name = d["name"].as_str().unwrap_or_default().trim().to_owned();
    if name.is_empty() {
        return Err(V4Err::field("/data/name", "can't be blank"));
    }
    let restricted = d.get("restricted").and_then(Value::as_bool).unwrap_or(false);
    let (id, root_id, at) = (cx.w.rng.frameio_id(), cx.w.rng.frameio_id(), now());
    let root = json!({
        "id": root_id, "_type": "folder", "type": "folder", "name": "root", "project_id": id, "parent_id": null,
        "account_id": cx.account, "team_id": ws, "creator_id": cx.p.user, "inserted_at": at, "updated_at": at,
    });
    let project = json!({
        "id": id, "_type": "project", "name": name, "team_id": ws, "owner_id": cx.p.user, "root_asset_id": root_id,
        "private": restricted, "project_preferences": {}, "status": "active", "description": null,
        "inserted_at": at, "updated_at": at, "deleted_at": null,
    });
    let (Value::Object(root), Value::Object(project)) = (root, project) else { unreachable!("json! objects") };
    cx.w.fio.assets.insert(root_id, root);
    cx.w.fio.projects.insert(id, project.clone());
    created(render::project(&cx.w.fio, &project, false))
}

pub fn show(cx: &mut Cx, pid: &str) -> Reply {
    query_enum(cx.req, "include", &["owner"])?;
    let p = access::project(&cx.w.fio, &cx.account, pid, &cx.p.user)?;
    ok(render::project(&cx.w.fio, p, cx.req.includes("owner")))
}

/// `{"data":{"name"?, "restricted"?, "status"?}}` → 200 `Project`.
pub fn update(cx: &mut Cx, pid: &str) -> Reply {
    let d = data(cx.req, &[opt("name", NAME), opt("restricted", BOOL), opt("status", STATUS)])?;
    let p = access::project(&cx.w.fio, &cx.account, pid, &cx.p.user)?;
    if !access::can_manage_project(&cx.w.fio, p, &cx.p.user) {
        return Err(V4Err::forbidden("You do not have permission to change this project"));
    }
    let id = str_field(p, "id").unwrap_or_default().to_owned();
    let mut changes = Obj::new();
    if let Some(n) = d.get("name").and_then(Value::as_str) {
        if n.trim().is_empty() {
            return Err(V4Err::field("/data/name", "can't be blank"));
        }
        changes.insert("name".into(), json!(n.trim()));
    }
    if let Some(r) = d.get("restricted") {
        changes.insert("private".into(), r.clone());
    }
    if let Some(s) = d.get("status") {
        changes.insert("status".into(), s.clone());
    }
    changes.insert("updated_at".into(), json!(now()));
    let project = cx.w.fio.projects.get_mut(&id).ok_or_else(|| V4Err::not_found("Project"))?;
    project.extend(changes);
    let project = project.clone();
    ok(render::project(&cx.w.fio, &project, false))
}

pub fn delete(cx: &mut Cx, pid: &str) -> Reply {
    let p = access::project(&cx.w.fio, &cx.account, pid, &cx.p.user)?;
    if !access::can_manage_project(&cx.w.fio, p, &cx.p.user) {
        return Err(V4Err::forbidden("You do not have permission to delete this project"));
    }
    let id = str_field(p, "id").unwrap_or_default().to_owned();
    let at = now();
    for a in cx.w.fio.assets.values_mut().filter(|a| str_field(a, "project_id") == Some(id.as_str()) && !is_deleted(a))
    {
        a.insert("deleted_at".into(), json!(at));
    }
    if let Some(project) = cx.w.fio.projects.get_mut(&id) {
        project.insert("deleted_at".into(), json!(at));
    }
    no_content()
}
