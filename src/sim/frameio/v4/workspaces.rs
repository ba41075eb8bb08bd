//! Workspaces (the store's `teams`): `workspaces.index`, `workspaces.create` (201; account owners and
//! admins only; the creator becomes its `workspace_admin`), `workspaces.show`.

use serde_json::{Value, json};

use super::access;
use super::envelope::{NAME, data, opt, query_enum, uuid};
use super::errors::{Reply, V4Err, created, ok};
use super::paging::{list, page, sort_items};
use super::{Cx, render};
use crate::sim::frameio::common::now;
use crate::sim::frameio::store::{Membership, Obj, is_deleted, oldest_first, str_field};

pub const SORTS: &[&str] = &["name_asc", "created_at_asc", "name_desc", "created_at_desc"];

pub fn sort_key(o: &Obj, field: &str) -> String {
    str_field(o, if field == "created_at" { "inserted_at" } else { field }).unwrap_or_default().to_owned()
}

pub fn index(cx: &mut Cx) -> Reply {
    query_enum(cx.req, "include", &["creator"])?;
    query_enum(cx.req, "sort", SORTS)?;
    let pg = page(cx.req, 100)?;
    let fio = &cx.w.fio;
    let mut items: Vec<&Obj> = fio
        .teams
        .iter()
        .filter(|(id, t)| {
            str_field(t, "account_id") == Some(cx.account.as_str())
                && !is_deleted(t)
                && access::workspace_visible(fio, id, &cx.p.user)
        })
        .map(|(_, t)| t)
        .collect();
    oldest_first(&mut items);
    sort_items(&mut items, pg.sort.as_deref(), |t, f| sort_key(t, f));
    let data = items.into_iter().map(|t| render::workspace(fio, t, cx.req)).collect();
    list(cx.req, &pg, data)
}

pub fn show(cx: &mut Cx, ws: &str) -> Reply {
    uuid("workspace_id", ws)?;
    query_enum(cx.req, "include", &["creator"])?;
    let t = access::workspace(&cx.w.fio, &cx.account, ws, &cx.p.user)?;
    ok(render::workspace(&cx.w.fio, t, cx.req))
}

/// `{"data":{"name"}}`; `name` is optional in `WorkspaceParams`, so a nameless workspace is
/// "Untitled Workspace" (a choice: the document is silent).
pub fn create(cx: &mut Cx) -> Reply {
    let d = data(cx.req, &[opt("name", NAME)])?;
    if !access::administers(&cx.w.fio, &cx.account, &cx.p.user) {
        return Err(V4Err::forbidden("Only account owners and admins can create workspaces"));
    }
    let name = d.get("name").and_then(Value::as_str).map(str::trim).filter(|n| !n.is_empty());
    let id = cx.w.rng.frameio_id();
    let at = now();
    let team = json!({
        "id": id, "_type": "team", "name": name.unwrap_or("Untitled Workspace"), "account_id": cx.account,
        "creator_id": cx.p.user, "access": "private", "inserted_at": at, "updated_at": at, "deleted_at": null,
    });
    let Value::Object(team) = team else { unreachable!("json! object") };
    let fio = &mut cx.w.fio;
    fio.teams.insert(id.clone(), team.clone());
    fio.team_members.insert(id, vec![Membership { user_id: cx.p.user.clone(), role: "team_manager".into() }]);
    created(render::workspace(fio, &team, cx.req))
}
