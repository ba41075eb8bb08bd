//! `GET /me`, `GET /accounts`, `GET /accounts/{id}`, `GET /accounts/{id}/membership` (notes §1.4.1, §1.4.2).

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::access;
use super::ctx::{ApiErr, Ctx, Reply, ok};
use super::paging;
use super::store::{FioStore, Obj, oldest_first, str_field};

pub fn me(cx: &mut Ctx) -> Reply {
    match cx.w.fio.users.get(&cx.user) {
        Some(user) => ok(Value::Object(user.clone())),
        None => Err(ApiErr::new(StatusCode::UNAUTHORIZED, "The token's user no longer exists")),
    }
}

/// An account with the derived fields of notes §1.4.2 (`owner`, counts).
pub fn render(fio: &FioStore, account: &Obj) -> Value {
    let id = str_field(account, "id").unwrap_or_default();
    let mut out = account.clone();
    out.entry("_type").or_insert_with(|| json!("account"));
    if let Some(owner) = str_field(account, "owner_id").and_then(|o| fio.users.get(o)) {
        out.insert("owner".into(), Value::Object(owner.clone()));
    }
    let teams: Vec<&str> =
        fio.teams.iter().filter(|(_, t)| str_field(t, "account_id") == Some(id)).map(|(tid, _)| tid.as_str()).collect();
    let projects = fio
        .projects
        .values()
        .filter(|p| !super::store::is_deleted(p))
        .filter(|p| str_field(p, "team_id").is_some_and(|t| teams.contains(&t)))
        .count();
    let members = fio.account_members.get(id).map_or(0, Vec::len);
    out.insert("team_count".into(), json!(teams.len()));
    out.insert("member_count".into(), json!(members));
    out.insert("user_count".into(), json!(members));
    out.insert("project_count".into(), json!(projects));
    let (storage, collaborators) = super::projects::totals(fio, &teams);
    out.insert("storage".into(), json!(storage));
    out.insert("collaborator_count".into(), json!(collaborators));
    out.entry("deleted_at").or_insert(Value::Null);
    Value::Object(out)
}

/// Accounts the token's user belongs to, oldest first.
pub fn list(cx: &mut Ctx) -> Reply {
    let fio = &cx.w.fio;
    let mut items: Vec<&Obj> =
        fio.accounts.iter().filter(|(id, _)| fio.account_role(id, &cx.user).is_some()).map(|(_, a)| a).collect();
    oldest_first(&mut items);
    paging::list(cx.req, items.into_iter().map(|a| render(fio, a)).collect())
}

pub fn get(cx: &mut Ctx, account_id: &str) -> Reply {
    let account = access::account(&cx.w.fio, account_id, &cx.user)?;
    ok(render(&cx.w.fio, account))
}

/// `{"account": role, "reviewer": false, "team": "team_manager"|"member"|null}` for the token's
/// user. `team` is the highest team role across the account's teams; null in none (a choice:
/// the generated model only lists the two roles).
pub fn membership(cx: &mut Ctx, account_id: &str) -> Reply {
    let fio = &cx.w.fio;
    access::account(fio, account_id, &cx.user)?;
    let role = fio.account_role(account_id, &cx.user).unwrap_or("member");
    let team_roles: Vec<&str> = fio
        .teams
        .iter()
        .filter(|(_, t)| str_field(t, "account_id") == Some(account_id))
        .filter_map(|(tid, _)| fio.team_role(tid, &cx.user))
        .collect();
    let team = if team_roles.contains(&"team_manager") {
        json!("team_manager")
    } else if team_roles.is_empty() {
        Value::Null
    } else {
        json!("member")
    };
    ok(json!({
        "account": role,
        "reviewer": false,
        "team": team,
        "account_id": account_id,
        "user_id": cx.user,
    }))
}
