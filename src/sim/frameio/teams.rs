//! Teams and their members (notes §1.4.3, §1.4.4).

use serde_json::{Value, json};

use super::access;
use super::ctx::{ApiErr, Ctx, Reply, now, ok};
use super::paging;
use super::store::{FioStore, Membership, Obj, OutboxEmail, PendingTeamMember, is_deleted, oldest_first, str_field};

/// A team with its counts; `include=user_role` adds the caller's role in it (a string,
/// `team_manager | member`, or null: the docs name the field but not its shape).
pub fn render(fio: &FioStore, team: &Obj, user: &str, with_role: bool) -> Value {
    let id = str_field(team, "id").unwrap_or_default();
    let mut out = team.clone();
    out.entry("_type").or_insert_with(|| json!("team"));
    let projects = fio.projects.values().filter(|p| !is_deleted(p) && str_field(p, "team_id") == Some(id)).count();
    out.insert("member_count".into(), json!(fio.team_members.get(id).map_or(0, Vec::len)));
    out.insert("project_count".into(), json!(projects));
    let (storage, collaborators) = super::projects::totals(fio, &[id]);
    out.insert("storage".into(), json!(storage));
    out.insert("collaborator_count".into(), json!(collaborators));
    out.entry("deleted_at").or_insert(Value::Null);
    if with_role {
        out.insert("user_role".into(), fio.team_role(id, user).map_or(Value::Null, |r| json!(r)));
    }
    Value::Object(out)
}

fn sorted(mut teams: Vec<&Obj>) -> Vec<&Obj> {
    oldest_first(&mut teams);
    teams
}

/// `GET /accounts/{id}/teams`: the account's teams the user may see.
pub fn list_for_account(cx: &mut Ctx, account_id: &str) -> Reply {
    let fio = &cx.w.fio;
    access::account(fio, account_id, &cx.user)?;
    let teams = fio
        .teams
        .iter()
        .filter(|(id, t)| str_field(t, "account_id") == Some(account_id) && access::team_visible(fio, id, &cx.user))
        .map(|(_, t)| t)
        .collect();
    let with_role = cx.req.includes("user_role");
    paging::list(cx.req, sorted(teams).into_iter().map(|t| render(fio, t, &cx.user, with_role)).collect())
}

/// `GET /teams`: every team the user is a member of, in any account.
pub fn list_mine(cx: &mut Ctx) -> Reply {
    let fio = &cx.w.fio;
    let teams = fio.teams.iter().filter(|(id, _)| fio.team_role(id, &cx.user).is_some()).map(|(_, t)| t).collect();
    let with_role = cx.req.includes("user_role");
    paging::list(cx.req, sorted(teams).into_iter().map(|t| render(fio, t, &cx.user, with_role)).collect())
}

/// `POST /accounts/{id}/teams` `{name, access?}` (frameioclient `teams.create`) → 200 Team.
/// Account owners, admins and account managers only; the creator becomes its team manager.
pub fn create(cx: &mut Ctx, account_id: &str) -> Reply {
    access::account(&cx.w.fio, account_id, &cx.user)?;
    if !access::administers(cx.w.fio.account_role(account_id, &cx.user)) {
        return Err(ApiErr::forbidden("Only account admins can create teams"));
    }
    let name = cx.req.str("name").filter(|n| !n.is_empty()).ok_or_else(|| ApiErr::invalid("name is required"))?;
    let team_access = cx.req.str("access").unwrap_or_else(|| "private".into());
    if !matches!(team_access.as_str(), "private" | "public" | "restricted") {
        return Err(ApiErr::invalid("access must be private, public or restricted"));
    }
    let id = cx.w.rng.frameio_id();
    let at = now();
    let team = json!({
        "id": id, "_type": "team", "name": name, "account_id": account_id, "creator_id": cx.user,
        "access": team_access, "inserted_at": at, "updated_at": at, "deleted_at": null,
    });
    let Value::Object(team) = team else { unreachable!("json! object") };
    cx.w.fio.teams.insert(id.clone(), team.clone());
    cx.w.fio.team_members.insert(id, vec![Membership { user_id: cx.user.clone(), role: "team_manager".into() }]);
    ok(render(&cx.w.fio, &team, &cx.user, cx.req.includes("user_role")))
}

pub fn get(cx: &mut Ctx, team_id: &str) -> Reply {
    let team = access::team(&cx.w.fio, team_id, &cx.user)?;
    ok(render(&cx.w.fio, team, &cx.user, cx.req.includes("user_role")))
}

pub fn members(cx: &mut Ctx, team_id: &str) -> Reply {
    let fio = &cx.w.fio;
    access::team(fio, team_id, &cx.user)?;
    let items = fio
        .team_members
        .get(team_id)
        .into_iter()
        .flatten()
        .map(|m| {
            let user = fio.users.get(&m.user_id).cloned().map_or(Value::Null, Value::Object);
            json!({"_type": "team_member", "team_id": team_id, "user_id": m.user_id, "role": m.role, "user": user})
        })
        .collect();
    paging::list(cx.req, items)
}

/// `GET /teams/{id}/membership`: `{"role": ...}` of the token's user; 404 when they are not a
/// member (an account admin may see a team without being in it).
pub fn membership(cx: &mut Ctx, team_id: &str) -> Reply {
    let fio = &cx.w.fio;
    access::team(fio, team_id, &cx.user)?;
    match fio.team_role(team_id, &cx.user) {
        Some(role) => ok(json!({"role": role, "team_id": team_id, "user_id": cx.user})),
        None => Err(ApiErr::not_found("Team membership")),
    }
}

/// Add one member by `email` or `user_id`. An email with no Frame.io user yet is kept as a
/// pending team member (`user_id: null` in the answer). A new member (or pending email) gets a
/// `team_invite` email; adding someone already there changes nothing and sends nothing.
fn add_member(cx: &mut Ctx, team_id: &str, item: &Obj) -> Result<Value, ApiErr> {
    let role = match item.get("role").and_then(Value::as_str) {
        None => "member",
        Some(r @ ("member" | "team_manager")) => r,
        Some(other) => return Err(ApiErr::invalid(format!("role must be member or team_manager, not {other}"))),
    };
    let fio = &mut cx.w.fio;
    let user_id = match (item.get("user_id").and_then(Value::as_str), item.get("email").and_then(Value::as_str)) {
        (Some(uid), _) => Some(fio.users.get(uid).map(|_| uid.to_owned()).ok_or_else(|| ApiErr::not_found("User"))?),
        (None, Some(email)) if email.contains('@') => {
            fio.user_by_email(email).and_then(|u| str_field(u, "id")).map(str::to_owned)
        }
        (None, Some(_)) => return Err(ApiErr::invalid("email is not a valid email address")),
        (None, None) => return Err(ApiErr::invalid("email or user_id is required")),
    };
    let email = match &user_id {
        Some(uid) => fio.users.get(uid).and_then(|u| str_field(u, "email")).unwrap_or_default().to_owned(),
        None => item.get("email").and_then(Value::as_str).unwrap_or_default().trim().to_owned(),
    };
    let inviter = fio.user_name(&cx.user);
    let new = match &user_id {
        Some(uid) => {
            let members = fio.team_members.entry(team_id.to_owned()).or_default();
            let new = !members.iter().any(|m| &m.user_id == uid);
            if new {
                members.push(Membership { user_id: uid.clone(), role: role.into() });
                // Team members are account members (notes §1.2).
                let account = fio.team_account(team_id).unwrap_or_default();
                let acct_members = fio.account_members.entry(account).or_default();
                if !acct_members.iter().any(|m| &m.user_id == uid) {
                    acct_members.push(Membership { user_id: uid.clone(), role: "member".into() });
                }
            }
            new
        }
        None => {
            let pending = fio.team_invites.entry(team_id.to_owned()).or_default();
            let new = !pending.iter().any(|p| p.email.eq_ignore_ascii_case(&email));
            if new {
                let p = PendingTeamMember {
                    email: email.clone(),
                    role: role.into(),
                    invited_by: cx.user.clone(),
                    inserted_at: now(),
                };
                pending.push(p);
            }
            new
        }
    };
    if new {
        fio.outbox.push(OutboxEmail {
            to: email.clone(),
            kind: "team_invite".into(),
            project_id: None,
            project_name: None,
            team_id: Some(team_id.to_owned()),
            inviter,
            message: item.get("message").and_then(Value::as_str).map(str::to_owned),
            sent_at: now(),
        });
    }
    let role = user_id.as_deref().and_then(|u| fio.team_role(team_id, u)).unwrap_or(role);
    Ok(json!({"user_id": user_id, "role": role, "team_id": team_id, "email": email}))
}

fn check_can_manage(cx: &Ctx, team_id: &str) -> Result<(), ApiErr> {
    let fio = &cx.w.fio;
    access::team(fio, team_id, &cx.user)?;
    let manager = fio.team_role(team_id, &cx.user) == Some("team_manager")
        || fio.team_account(team_id).is_some_and(|a| access::administers(fio.account_role(&a, &cx.user)));
    if manager { Ok(()) } else { Err(ApiErr::forbidden("Only team managers and account admins can add team members")) }
}

/// `POST /teams/{id}/members` `{email|user_id, role?}` → 200 `{user_id, role}`.
pub fn add(cx: &mut Ctx, team_id: &str) -> Reply {
    check_can_manage(cx, team_id)?;
    let body = cx.req.body.clone();
    ok(add_member(cx, team_id, &body)?)
}

/// `POST /batch/teams/{id}/members` `{"batch":[{email|user_id, role?}]}` (frameioclient
/// `teams.add_members`) → 200 `{"error": null | {"<email or id>": "message"}}`.
pub fn batch_add(cx: &mut Ctx, team_id: &str) -> Reply {
    check_can_manage(cx, team_id)?;
    let items = batch_items(cx)?;
    let mut errors = Obj::new();
    for item in items {
        if let Err(e) = add_member(cx, team_id, &item) {
            errors.insert(item_key(&item), json!(e.detail));
        }
    }
    ok(json!({"error": if errors.is_empty() { Value::Null } else { Value::Object(errors) }}))
}

/// `DELETE /batch/teams/{id}/members` `{"batch":[{email|user_id}]}` (frameioclient `remove_members`).
pub fn batch_remove(cx: &mut Ctx, team_id: &str) -> Reply {
    check_can_manage(cx, team_id)?;
    let items = batch_items(cx)?;
    let fio = &mut cx.w.fio;
    let mut errors = Obj::new();
    for item in items {
        let uid = match (item.get("user_id").and_then(Value::as_str), item.get("email").and_then(Value::as_str)) {
            (Some(u), _) => Some(u.to_owned()),
            (None, Some(e)) => fio.user_by_email(e).and_then(|u| str_field(u, "id")).map(str::to_owned),
            _ => None,
        };
        let removed = uid.is_some_and(|uid| {
            let members = fio.team_members.entry(team_id.to_owned()).or_default();
            let before = members.len();
            members.retain(|m| m.user_id != uid);
            before != members.len()
        });
        let email = item.get("email").and_then(Value::as_str).unwrap_or_default();
        let pending = fio.team_invites.entry(team_id.to_owned()).or_default();
        let before = pending.len();
        pending.retain(|p| !p.email.eq_ignore_ascii_case(email));
        if !removed && before == pending.len() {
            errors.insert(item_key(&item), json!("Not a member of this team"));
        }
    }
    ok(json!({"error": if errors.is_empty() { Value::Null } else { Value::Object(errors) }}))
}

/// The `batch` array of a batch body, each item an object.
pub fn batch_items(cx: &Ctx) -> Result<Vec<Obj>, ApiErr> {
    let batch =
        cx.req.body.get("batch").and_then(Value::as_array).ok_or_else(|| ApiErr::invalid("batch is required"))?;
    batch.iter().map(|i| i.as_object().cloned().ok_or_else(|| ApiErr::invalid("batch items must be objects"))).collect()
}

/// How a batch error names an item: its id, else its email.
pub fn item_key(item: &Obj) -> String {
    ["user_id", "team_id", "user_group_id", "email"]
        .iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str))
        .unwrap_or("item")
        .to_owned()
}
