//! V4 roles and who may see or change what.
//!
//! Roles (the OpenAPI document's enums): account `owner | admin | member | reviewer`
//! (`Account.roles` lists only `owner | admin | member`); workspace `workspace_admin |
//! full_access | editor | edit_only | commenter | viewer`; project `full_access | editor |
//! edit_only | commenter | viewer`. Older stored account roles map to V4 as `account_manager` →
//! `admin`, `billing_manager` → `member`; a stored team role as `team_manager` →
//! `workspace_admin`, `member` → `editor` (unless `FioStore::workspace_roles` says otherwise).
//!
//! Visibility: an account is its members' (others get 404). A workspace is seen by its members
//! and the account's owner and admins. A project by its owner, its project users, the account's
//! owner and admins, and, unless `restricted`, its workspace's members. Assets follow their
//! project. Unknown or deleted → 404; existing but not the user's → 403.

use serde_json::Value;

use super::auth::{Principal, gate};
use super::errors::V4Err;
use crate::sim::frameio::store::{FioStore, Obj, str_field};

pub const WORKSPACE_ROLES: &[&str] = &["workspace_admin", "full_access", "editor", "edit_only", "commenter", "viewer"];
pub const PROJECT_ROLES: &[&str] = &["full_access", "editor", "edit_only", "commenter", "viewer"];

/// The V4 account role of a user, if a member.
pub fn account_role(fio: &FioStore, account_id: &str, user: &str) -> Option<&'static str> {
    fio.account_role(account_id, user).map(|r| match r {
        "owner" => "owner",
        "admin" | "account_manager" => "admin",
        "reviewer" => "reviewer",
        _ => "member",
    })
}

pub fn administers(fio: &FioStore, account_id: &str, user: &str) -> bool {
    matches!(account_role(fio, account_id, user), Some("owner" | "admin"))
}

/// The V4 workspace role of a user, if a member.
pub fn workspace_role(fio: &FioStore, ws: &str, user: &str) -> Option<String> {
    let team = fio.team_role(ws, user)?;
    let explicit = fio.workspace_roles.get(ws).and_then(|m| m.get(user));
    Some(explicit.cloned().unwrap_or_else(|| if team == "team_manager" { "workspace_admin" } else { "editor" }.into()))
}

pub fn project_role<'a>(fio: &'a FioStore, project: &str, user: &str) -> Option<&'a str> {
    fio.project_roles.get(project)?.get(user).map(String::as_str)
}

/// Resolve `adobe:<org id>` to the account's Frame.io ID (FrameOrAdobeId).
pub fn account_id(fio: &FioStore, id: &str) -> String {
    match id.strip_prefix("adobe:") {
        Some(org) => fio
            .accounts
            .iter()
            .find(|(_, a)| str_field(a, "adobe_org_id") == Some(org))
            .map_or_else(|| id.to_owned(), |(k, _)| k.clone()),
        None => id.to_owned(),
    }
}

/// The account, if the principal is a member and its credential works there.
pub fn account<'a>(fio: &'a FioStore, account_id: &str, p: &Principal) -> Result<&'a Obj, V4Err> {
    let a = fio.accounts.get(account_id).ok_or_else(|| V4Err::not_found("Account"))?;
    if fio.account_role(account_id, &p.user).is_none() {
        return Err(V4Err::not_found("Account"));
    }
    gate(p, a)?;
    Ok(a)
}

pub fn workspace_visible(fio: &FioStore, ws: &str, user: &str) -> bool {
    fio.team_role(ws, user).is_some() || fio.team_account(ws).is_some_and(|a| administers(fio, &a, user))
}

/// A workspace of `account_id` the user may see.
pub fn workspace<'a>(fio: &'a FioStore, account_id: &str, ws: &str, user: &str) -> Result<&'a Obj, V4Err> {
    let team = fio.teams.get(ws).filter(|t| str_field(t, "account_id") == Some(account_id));
    let team =
        team.filter(|t| !crate::sim::frameio::store::is_deleted(t)).ok_or_else(|| V4Err::not_found("Workspace"))?;
    if workspace_visible(fio, ws, user) {
        Ok(team)
    } else {
        Err(V4Err::forbidden("You do not have access to this workspace"))
    }
}

/// May the user change the workspace's members and create projects in it.
pub fn can_manage_workspace(fio: &FioStore, ws: &str, user: &str) -> bool {
    fio.team_account(ws).is_some_and(|a| administers(fio, &a, user))
        || workspace_role(fio, ws, user).as_deref() == Some("workspace_admin")
}

pub fn can_create_in_workspace(fio: &FioStore, ws: &str, user: &str) -> bool {
    can_manage_workspace(fio, ws, user)
        || matches!(workspace_role(fio, ws, user).as_deref(), Some("full_access" | "editor"))
}

pub fn restricted(project: &Obj) -> bool {
    project.get("private").and_then(Value::as_bool).unwrap_or(false)
}

pub fn project_visible(fio: &FioStore, project: &Obj, user: &str) -> bool {
    let id = str_field(project, "id").unwrap_or_default();
    let ws = str_field(project, "team_id").unwrap_or_default();
    str_field(project, "owner_id") == Some(user)
        || project_role(fio, id, user).is_some()
        || fio.team_account(ws).is_some_and(|a| administers(fio, &a, user))
        || (!restricted(project) && fio.team_role(ws, user).is_some())
}

/// A live project of `account_id` the user may see.
pub fn project<'a>(fio: &'a FioStore, account_id: &str, project_id: &str, user: &str) -> Result<&'a Obj, V4Err> {
    let p = fio.project(project_id).ok_or_else(|| V4Err::not_found("Project"))?;
    let ws = str_field(p, "team_id").unwrap_or_default();
    if fio.team_account(ws).as_deref() != Some(account_id) {
        return Err(V4Err::not_found("Project"));
    }
    if project_visible(fio, p, user) { Ok(p) } else { Err(V4Err::forbidden("You do not have access to this project")) }
}

/// May the user change the project (settings, users, shares, delete).
pub fn can_manage_project(fio: &FioStore, project: &Obj, user: &str) -> bool {
    let id = str_field(project, "id").unwrap_or_default();
    let ws = str_field(project, "team_id").unwrap_or_default();
    str_field(project, "owner_id") == Some(user)
        || can_manage_workspace(fio, ws, user)
        || project_role(fio, id, user) == Some("full_access")
        || (!restricted(project) && workspace_role(fio, ws, user).as_deref() == Some("full_access"))
}

/// May the user add folders and files to the project.
pub fn can_edit_project(fio: &FioStore, project: &Obj, user: &str) -> bool {
    let id = str_field(project, "id").unwrap_or_default();
    let ws = str_field(project, "team_id").unwrap_or_default();
    can_manage_project(fio, project, user)
        || matches!(project_role(fio, id, user), Some("editor" | "edit_only"))
        || (!restricted(project) && matches!(workspace_role(fio, ws, user).as_deref(), Some("editor" | "edit_only")))
}

/// A live asset (folder or file) of `account_id` whose project the user may see.
pub fn asset<'a>(fio: &'a FioStore, account_id: &str, asset_id: &str, user: &str) -> Result<(&'a Obj, &'a Obj), V4Err> {
    let a = fio.asset(asset_id).ok_or_else(|| V4Err::not_found("Asset"))?;
    let pid = str_field(a, "project_id").unwrap_or_default();
    match project(fio, account_id, pid, user) {
        Ok(p) => Ok((a, p)),
        Err(e) if e.status == axum::http::StatusCode::NOT_FOUND => Err(V4Err::not_found("Asset")),
        Err(_) => Err(V4Err::forbidden("You do not have access to this asset")),
    }
}
