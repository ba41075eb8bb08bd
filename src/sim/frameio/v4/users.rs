//! People: account users (`account_user_roles.index`, `.update`), project users
//! (`project_user_roles.index`, `.update`, `project_permissions.delete`) and workspace users
//! (`workspace_user_roles.index`, `.update`, `.delete`).
//!
//! - Account users list members and, with `user.id: null`, people invited by email who have no
//!   Frame.io account (FIO4 `types/user.py`: "can be null for invited users with no Frame
//!   account"). Default order: members in membership order, then the invited (the document
//!   gives no default); `sort` by `role`, `name` or `email`.
//! - `PATCH …/projects/{p}/users/{user_id}` `{"data":{"role"}}` adds the user with that role or
//!   changes their role → 200 `{"data":{"role"}}`. Adding emails the user (`project_access` in
//!   the outbox, from the caller); a role change sends nothing. Any existing Frame.io user can be
//!   added (a guest from another account too); an unknown user is 404.
//! - `PATCH …/workspaces/{w}/users/{user_id}` adds the user to the workspace (and to the account
//!   as a member) or changes the role. It sends no email: the documents describe
//!   none for workspaces.

use serde_json::{Value, json};

use super::access::{self, PROJECT_ROLES, WORKSPACE_ROLES};
use super::envelope::{Kind, data, query_enum, req, uuid};
use super::errors::{Reply, V4Err, no_content, ok};
use super::paging::{list, page, sort_items};
use super::{Cx, render};
use crate::sim::frameio::common::now;
use crate::sim::frameio::store::{FioStore, Membership, OutboxEmail, str_field};

const SORTS: &[&str] = &["role_asc", "role_desc", "name_asc", "name_desc", "email_asc", "email_desc"];

/// `{role, user}` rows, sorted and paged.
fn answer(cx: &Cx, mut rows: Vec<Value>) -> Reply {
    query_enum(cx.req, "sort", SORTS)?;
    if let Some(v) = cx.req.q("include_deactivated")
        && v != "true"
        && v != "false"
    {
        return Err(V4Err::field("/include_deactivated", "Invalid boolean. Got: string"));
    }
    let pg = page(cx.req, 100)?;
    sort_items(&mut rows, pg.sort.as_deref(), |r, f| {
        let v = if f == "role" { &r["role"] } else { &r["user"][f] };
        v.as_str().unwrap_or_default().to_owned()
    });
    list(cx.req, &pg, rows)
}

fn invited_user(email: &str, name: Option<&str>) -> Value {
    json!({"id": null, "name": name, "email": email, "avatar_url": null, "active": null, "adobe_user_id": null})
}

pub fn account_index(cx: &mut Cx) -> Reply {
    let fio = &cx.w.fio;
    let mut rows: Vec<Value> = fio
        .account_members
        .get(&cx.account)
        .into_iter()
        .flatten()
        .map(|m| json!({"role": access::account_role(fio, &cx.account, &m.user_id), "user": render::user(fio, &m.user_id)}))
        .collect();
    rows.extend(
        fio.account_invites
            .get(&cx.account)
            .into_iter()
            .flatten()
            .map(|i| json!({"role": i.role, "user": invited_user(&i.email, i.name.as_deref())})),
    );
    answer(cx, rows)
}

fn existing_user(fio: &FioStore, user_id: &str) -> Result<(), V4Err> {
    uuid("user_id", user_id)?;
    if fio.users.contains_key(user_id) { Ok(()) } else { Err(V4Err::not_found("User")) }
}

/// `{"data":{"role": "member"|"admin"}}`: owners and admins change another member's role.
pub fn account_update(cx: &mut Cx, user_id: &str) -> Reply {
    let d = data(cx.req, &[req("role", Kind::Enum(&["member", "admin"]))])?;
    existing_user(&cx.w.fio, user_id)?;
    if !access::administers(&cx.w.fio, &cx.account, &cx.p.user) {
        return Err(V4Err::forbidden("Only account owners and admins can change account roles"));
    }
    let role = d["role"].as_str().unwrap_or("member").to_owned();
    let members = cx.w.fio.account_members.entry(cx.account.clone()).or_default();
    match members.iter_mut().find(|m| m.user_id == user_id) {
        Some(m) if m.role == "owner" => {
            return Err(V4Err::new(axum::http::StatusCode::CONFLICT, "The owner's role cannot change"));
        }
        Some(m) => m.role = role.clone(),
        None => return Err(V4Err::not_found("Account user")),
    }
    ok(json!({"role": role}))
}

pub fn project_index(cx: &mut Cx, pid: &str) -> Reply {
    let fio = &cx.w.fio;
    let p = access::project(fio, &cx.account, pid, &cx.p.user)?;
    let id = str_field(p, "id").unwrap_or_default();
    let owner = str_field(p, "owner_id").unwrap_or_default();
    let mut rows = vec![json!({"role": "owner", "user": render::user(fio, owner)})];
    for (u, role) in fio.project_roles.get(id).into_iter().flatten().filter(|(u, _)| u.as_str() != owner) {
        rows.push(json!({"role": role, "user": render::user(fio, u)}));
    }
    answer(cx, rows)
}

pub fn project_update(cx: &mut Cx, pid: &str, user_id: &str) -> Reply {
    let d = data(cx.req, &[req("role", Kind::Enum(PROJECT_ROLES))])?;
    existing_user(&cx.w.fio, user_id)?;
    let p = access::project(&cx.w.fio, &cx.account, pid, &cx.p.user)?;
    if !access::can_manage_project(&cx.w.fio, p, &cx.p.user) {
        return Err(V4Err::forbidden("You do not have permission to manage this project's users"));
    }
    let (id, name, ws) = (
        str_field(p, "id").unwrap_or_default().to_owned(),
        str_field(p, "name").unwrap_or_default().to_owned(),
        str_field(p, "team_id").map(str::to_owned),
    );
    let role = d["role"].as_str().unwrap_or("viewer").to_owned();
    let fio = &mut cx.w.fio;
    let added = fio.project_roles.entry(id.clone()).or_default().insert(user_id.to_owned(), role.clone()).is_none();
    if added {
        let to = fio.users.get(user_id).and_then(|u| str_field(u, "email")).unwrap_or_default().to_owned();
        let inviter = fio.user_name(&cx.p.user);
        fio.outbox.push(OutboxEmail {
            to,
            kind: "project_access".into(),
            project_id: Some(id),
            project_name: Some(name),
            team_id: ws,
            inviter,
            message: None,
            sent_at: now(),
        });
    }
    ok(json!({"role": role}))
}

pub fn project_delete(cx: &mut Cx, pid: &str, user_id: &str) -> Reply {
    uuid("user_id", user_id)?;
    let p = access::project(&cx.w.fio, &cx.account, pid, &cx.p.user)?;
    if !access::can_manage_project(&cx.w.fio, p, &cx.p.user) {
        return Err(V4Err::forbidden("You do not have permission to manage this project's users"));
    }
    let id = str_field(p, "id").unwrap_or_default().to_owned();
    match cx.w.fio.project_roles.get_mut(&id).and_then(|m| m.remove(user_id)) {
        Some(_) => no_content(),
        None => Err(V4Err::not_found("Project user")),
    }
}

pub fn workspace_index(cx: &mut Cx, ws: &str) -> Reply {
    uuid("workspace_id", ws)?;
    let fio = &cx.w.fio;
    access::workspace(fio, &cx.account, ws, &cx.p.user)?;
    let rows = fio
        .team_members
        .get(ws)
        .into_iter()
        .flatten()
        .map(|m| json!({"role": access::workspace_role(fio, ws, &m.user_id), "user": render::user(fio, &m.user_id)}))
        .collect();
    answer(cx, rows)
}

pub fn workspace_update(cx: &mut Cx, ws: &str, user_id: &str) -> Reply {
    uuid("workspace_id", ws)?;
    let d = data(cx.req, &[req("role", Kind::Enum(WORKSPACE_ROLES))])?;
    existing_user(&cx.w.fio, user_id)?;
    access::workspace(&cx.w.fio, &cx.account, ws, &cx.p.user)?;
    if !access::can_manage_workspace(&cx.w.fio, ws, &cx.p.user) {
        return Err(V4Err::forbidden("Only workspace admins and account admins can manage workspace users"));
    }
    let role = d["role"].as_str().unwrap_or("viewer").to_owned();
    let team_role = if role == "workspace_admin" { "team_manager" } else { "member" };
    let fio = &mut cx.w.fio;
    let members = fio.team_members.entry(ws.to_owned()).or_default();
    match members.iter_mut().find(|m| m.user_id == user_id) {
        Some(m) => m.role = team_role.into(),
        None => members.push(Membership { user_id: user_id.to_owned(), role: team_role.into() }),
    }
    fio.workspace_roles.entry(ws.to_owned()).or_default().insert(user_id.to_owned(), role.clone());
    let acct = fio.account_members.entry(cx.account.clone()).or_default();
    if !acct.iter().any(|m| m.user_id == user_id) {
        acct.push(Membership { user_id: user_id.to_owned(), role: "member".into() });
    }
    ok(json!({"role": role}))
}

pub fn workspace_delete(cx: &mut Cx, ws: &str, user_id: &str) -> Reply {
    uuid("workspace_id", ws)?;
    uuid("user_id", user_id)?;
    access::workspace(&cx.w.fio, &cx.account, ws, &cx.p.user)?;
    if !access::can_manage_workspace(&cx.w.fio, ws, &cx.p.user) {
        return Err(V4Err::forbidden("Only workspace admins and account admins can manage workspace users"));
    }
    let fio = &mut cx.w.fio;
    let members = fio.team_members.entry(ws.to_owned()).or_default();
    let before = members.len();
    members.retain(|m| m.user_id != user_id);
    if members.len() == before {
        return Err(V4Err::not_found("Workspace user"));
    }
    if let Some(m) = fio.workspace_roles.get_mut(ws) {
        m.remove(user_id);
    }
    no_content()
}
