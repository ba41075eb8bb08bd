//! Who may see what (notes §1.2): an account's members see the account; team members, and the
//! account's owner, admins and account managers, see a team and its non-private projects;
//! a private project is its owner's and its collaborators' only; assets follow their project.
//!
//! Unknown IDs are 404. An account the user is not a member of is also 404 (it is not the
//! user's to know about); a team, project or asset that exists but is not the user's is 403.

use super::ctx::ApiErr;
use super::store::{FioStore, Obj, str_field};

/// Account roles that administer an account (notes §1.4.2 "Admin test").
pub fn administers(role: Option<&str>) -> bool {
    matches!(role, Some("owner" | "admin" | "account_manager"))
}

/// The account, if the user is a member of it; 404 otherwise.
pub fn account<'a>(fio: &'a FioStore, account_id: &str, user: &str) -> Result<&'a Obj, ApiErr> {
    match fio.accounts.get(account_id) {
        Some(a) if fio.account_role(account_id, user).is_some() => Ok(a),
        _ => Err(ApiErr::not_found("Account")),
    }
}

pub fn team_visible(fio: &FioStore, team_id: &str, user: &str) -> bool {
    let Some(team) = fio.teams.get(team_id) else { return false };
    if fio.team_role(team_id, user).is_some() {
        return true;
    }
    let account_id = str_field(team, "account_id").unwrap_or_default();
    let role = fio.account_role(account_id, user);
    administers(role) || (role.is_some() && str_field(team, "access") == Some("public"))
}

/// The team if the user may see it: 404 when unknown, 403 when not theirs.
pub fn team<'a>(fio: &'a FioStore, team_id: &str, user: &str) -> Result<&'a Obj, ApiErr> {
    let team = fio.teams.get(team_id).ok_or_else(|| ApiErr::not_found("Team"))?;
    if team_visible(fio, team_id, user) {
        Ok(team)
    } else {
        Err(ApiErr::forbidden("You do not have access to this team"))
    }
}

/// May the user manage the team's members and create projects in it.
pub fn can_create_in_team(fio: &FioStore, team_id: &str, user: &str) -> bool {
    fio.team_role(team_id, user).is_some()
        || fio.team_account(team_id).is_some_and(|a| administers(fio.account_role(&a, user)))
}

pub fn is_collaborator(fio: &FioStore, project_id: &str, user: &str) -> bool {
    fio.collaborators.values().any(|c| {
        str_field(c, "project_id") == Some(project_id)
            && str_field(c, "user_id") == Some(user)
            && str_field(c, "_type") == Some("collaborator")
            && !super::store::is_deleted(c)
    })
}

pub fn project_visible(fio: &FioStore, project: &Obj, user: &str) -> bool {
    let id = str_field(project, "id").unwrap_or_default();
    if str_field(project, "owner_id") == Some(user) || is_collaborator(fio, id, user) {
        return true;
    }
    if project.get("private").and_then(serde_json::Value::as_bool).unwrap_or(false) {
        return false;
    }
    let team_id = str_field(project, "team_id").unwrap_or_default();
    fio.team_role(team_id, user).is_some()
        || fio.team_account(team_id).is_some_and(|a| administers(fio.account_role(&a, user)))
}

/// The live project if the user may see it: 404 when unknown or deleted, 403 when not theirs.
pub fn project<'a>(fio: &'a FioStore, project_id: &str, user: &str) -> Result<&'a Obj, ApiErr> {
    let project = fio.project(project_id).ok_or_else(|| ApiErr::not_found("Project"))?;
    if project_visible(fio, project, user) {
        Ok(project)
    } else {
        Err(ApiErr::forbidden("You do not have access to this project"))
    }
}

/// May the user delete the project: its owner, a team manager, or an account administrator.
pub fn can_manage_project(fio: &FioStore, project: &Obj, user: &str) -> bool {
    let team_id = str_field(project, "team_id").unwrap_or_default();
    str_field(project, "owner_id") == Some(user)
        || fio.team_role(team_id, user) == Some("team_manager")
        || fio.team_account(team_id).is_some_and(|a| administers(fio.account_role(&a, user)))
}

/// The live asset if the user may see its project.
pub fn asset<'a>(fio: &'a FioStore, asset_id: &str, user: &str) -> Result<&'a Obj, ApiErr> {
    let asset = fio.asset(asset_id).ok_or_else(|| ApiErr::not_found("Asset"))?;
    let project_id = str_field(asset, "project_id").unwrap_or_default();
    match project(fio, project_id, user) {
        Ok(_) => Ok(asset),
        Err(e) if e.status == axum::http::StatusCode::NOT_FOUND => Err(ApiErr::not_found("Asset")),
        Err(_) => Err(ApiErr::forbidden("You do not have access to this asset")),
    }
}
