//! Project collaborators, the way Frame.io sends email invites (notes §1.4.8).
//!
//! Inviting the email of an existing Frame.io user makes a `collaborator` (with `user`,
//! `user_id`); any other email a `pending_collaborator` (no `user`). Inviting someone already
//! on the project (same user, or same email, case-insensitively) creates nothing and sends no
//! email: the existing record comes back with 200 (not 409), so a client may safely retry an
//! invite. Every new invite, single or batch (unless `send_email: false`), lands in the outbox
//! as a `project_invite`.

use serde_json::{Value, json};

use super::access;
use super::ctx::{ApiErr, Ctx, Reply, now, ok};
use super::paging;
use super::store::{FioStore, Obj, OutboxEmail, is_deleted, oldest_first, str_field};
use super::teams::{batch_items, item_key};

/// `include=project_role` adds `project_role`, a string: the docs name the include, not its shape.
fn render(fio: &FioStore, c: &Obj, with_role: bool) -> Value {
    let mut out = c.clone();
    if str_field(c, "_type") == Some("collaborator")
        && let Some(user) = str_field(c, "user_id").and_then(|u| fio.users.get(u))
    {
        out.insert("user".into(), Value::Object(user.clone()));
    }
    if with_role {
        out.insert("project_role".into(), json!("collaborator"));
    }
    Value::Object(out)
}

fn list_kind(cx: &mut Ctx, project_id: &str, kind: &str) -> Reply {
    let fio = &cx.w.fio;
    access::project(fio, project_id, &cx.user)?;
    let with_role = cx.req.includes("project_role");
    let mut items: Vec<&Obj> = fio
        .collaborators
        .values()
        .filter(|c| {
            str_field(c, "project_id") == Some(project_id) && str_field(c, "_type") == Some(kind) && !is_deleted(c)
        })
        .collect();
    oldest_first(&mut items);
    paging::list(cx.req, items.into_iter().map(|c| render(fio, c, with_role)).collect())
}

/// `GET /projects/{id}/collaborators` (query `include=project_role`, `sort=user.email`).
pub fn list(cx: &mut Ctx, project_id: &str) -> Reply {
    list_kind(cx, project_id, "collaborator")
}

/// `GET /projects/{id}/pending_collaborators` (query `sort=email`).
pub fn list_pending(cx: &mut Ctx, project_id: &str) -> Reply {
    list_kind(cx, project_id, "pending_collaborator")
}

/// 403 unless the user may invite: anyone who sees the project, except a mere collaborator
/// when the project's `collaborator_can_invite` preference is false.
fn check_can_invite(cx: &Ctx, project_id: &str) -> Result<Obj, ApiErr> {
    let fio = &cx.w.fio;
    let project = access::project(fio, project_id, &cx.user)?.clone();
    let only_collaborator = str_field(&project, "owner_id") != Some(cx.user.as_str())
        && !access::can_create_in_team(fio, str_field(&project, "team_id").unwrap_or_default(), &cx.user);
    let may =
        project.get("project_preferences").and_then(|p| p.get("collaborator_can_invite")).and_then(Value::as_bool);
    if only_collaborator && may == Some(false) {
        return Err(ApiErr::forbidden("Collaborators cannot invite others to this project"));
    }
    Ok(project)
}

enum Invitee {
    Email(String),
    User(String),
}

/// Invite one person; Ok(the record, rendered) whether new or existing.
fn invite(
    cx: &mut Ctx,
    project: &Obj,
    who: Invitee,
    message: Option<String>,
    send_email: bool,
) -> Result<Value, ApiErr> {
    let project_id = str_field(project, "id").unwrap_or_default().to_owned();
    let fio = &cx.w.fio;
    let (user_id, email) = match who {
        Invitee::User(uid) => {
            let user = fio.users.get(&uid).ok_or_else(|| ApiErr::not_found("User"))?;
            (Some(uid), str_field(user, "email").unwrap_or_default().to_owned())
        }
        Invitee::Email(email) => {
            let email = email.trim().to_owned();
            if !email.contains('@') || email.contains(char::is_whitespace) {
                return Err(ApiErr::invalid(format!("{email} is not a valid email address")));
            }
            // An existing user is invited under the email Frame.io has for them.
            match fio.user_by_email(&email) {
                Some(u) => (str_field(u, "id").map(str::to_owned), str_field(u, "email").unwrap_or(&email).to_owned()),
                None => (None, email),
            }
        }
    };
    let existing = fio.collaborators.values().find(|c| {
        str_field(c, "project_id") == Some(project_id.as_str())
            && !is_deleted(c)
            && (user_id.is_some() && str_field(c, "user_id") == user_id.as_deref()
                || str_field(c, "email").is_some_and(|e| e.eq_ignore_ascii_case(&email)))
    });
    let with_role = cx.req.includes("project_role");
    if let Some(c) = existing {
        return Ok(render(fio, c, with_role));
    }
    let id = cx.w.rng.frameio_id();
    let at = now();
    let kind = if user_id.is_some() { "collaborator" } else { "pending_collaborator" };
    let mut record = json!({
        "id": id, "_type": kind, "project_id": project_id, "email": email,
        "creator_id": cx.user, "message": message, "inserted_at": at, "updated_at": at, "deleted_at": null,
    });
    if let Some(uid) = &user_id {
        record["user_id"] = json!(uid);
    }
    let Value::Object(record) = record else { unreachable!("json! object") };
    let fio = &mut cx.w.fio;
    fio.collaborators.insert(id, record.clone());
    if send_email {
        fio.outbox.push(OutboxEmail {
            to: email,
            kind: "project_invite".into(),
            project_id: Some(project_id),
            project_name: str_field(project, "name").map(str::to_owned),
            team_id: str_field(project, "team_id").map(str::to_owned),
            inviter: fio.user_name(&cx.user),
            message,
            sent_at: at,
        });
    }
    Ok(render(fio, &record, with_role))
}

/// `POST /projects/{id}/collaborators` `{email, message?}` → 200 Collaborator.
pub fn create(cx: &mut Ctx, project_id: &str) -> Reply {
    let project = check_can_invite(cx, project_id)?;
    let who = match (cx.req.str("email").filter(|e| !e.is_empty()), cx.req.str("user_id")) {
        (Some(email), _) => Invitee::Email(email),
        (None, Some(uid)) => Invitee::User(uid),
        (None, None) => return Err(ApiErr::invalid("email is required")),
    };
    let message = cx.req.str("message");
    let send = cx.req.bool("send_email").unwrap_or(true);
    ok(invite(cx, &project, who, message, send)?)
}

/// `POST /batch/projects/{id}/collaborators` `{batch:[{email|user_id|team_id, message?}],
/// default_message?, send_email?}` → 200 `{"error": null}` or `{"error": {"<id or email>": "message"}}`.
/// A `team_id` item invites every member of that team; `user_group_id` is not simulated.
pub fn batch(cx: &mut Ctx, project_id: &str) -> Reply {
    let project = check_can_invite(cx, project_id)?;
    let items = batch_items(cx)?;
    let default_message = cx.req.str("default_message");
    let send = cx.req.bool("send_email").unwrap_or(true);
    let mut errors = Obj::new();
    for item in items {
        let message =
            item.get("message").and_then(Value::as_str).map(str::to_owned).or_else(|| default_message.clone());
        let field = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
        let invitees = if let Some(email) = field("email") {
            Ok(vec![Invitee::Email(email)])
        } else if let Some(uid) = field("user_id") {
            Ok(vec![Invitee::User(uid)])
        } else if let Some(team) = field("team_id") {
            match cx.w.fio.team_members.get(&team) {
                Some(members) => Ok(members.iter().map(|m| Invitee::User(m.user_id.clone())).collect()),
                None => Err("Team not found".to_owned()),
            }
        } else if field("user_group_id").is_some() {
            Err("User groups are not supported".to_owned())
        } else {
            Err("email, user_id or team_id is required".to_owned())
        };
        let result = invitees.and_then(|list| {
            list.into_iter()
                .try_for_each(|who| invite(cx, &project, who, message.clone(), send).map(drop))
                .map_err(|e| e.detail)
        });
        if let Err(msg) = result {
            errors.insert(item_key(&item), json!(msg));
        }
    }
    ok(json!({"error": if errors.is_empty() { Value::Null } else { Value::Object(errors) }}))
}

/// Soft-delete the live records of a project that `matches`; how many.
fn remove_where(cx: &mut Ctx, matches: impl Fn(&Obj) -> bool) -> usize {
    let at = now();
    let mut n = 0;
    for c in cx.w.fio.collaborators.values_mut().filter(|c| !is_deleted(c) && matches(c)) {
        c.insert("deleted_at".into(), json!(at));
        n += 1;
    }
    n
}

/// `DELETE /collaborators/{id}` and `DELETE /pending_collaborators/{id}` (fioctl) → 200 with the record.
pub fn delete_one(cx: &mut Ctx, id: &str, kind: &str) -> Reply {
    let c = cx.w.fio.collaborators.get(id).filter(|c| !is_deleted(c) && str_field(c, "_type") == Some(kind));
    let c = c.ok_or_else(|| ApiErr::not_found("Collaborator"))?.clone();
    check_can_invite(cx, str_field(&c, "project_id").unwrap_or_default())?;
    remove_where(cx, |r| str_field(r, "id") == Some(id));
    let c = cx.w.fio.collaborators.get(id).cloned().unwrap_or_default();
    ok(render(&cx.w.fio, &c, false))
}

/// `DELETE /projects/{id}/collaborators/_?email=` (frameioclient `remove_collaborator`) and
/// `DELETE /batch/projects/{id}/collaborators` `{batch:[{email|user_id}]}`.
pub fn delete_by(cx: &mut Ctx, project_id: &str, batch: bool) -> Reply {
    check_can_invite(cx, project_id)?;
    let items = if batch {
        batch_items(cx)?
    } else {
        let email = cx.req.q("email").ok_or_else(|| ApiErr::invalid("email is required"))?;
        vec![json!({"email": email}).as_object().cloned().unwrap_or_default()]
    };
    let mut errors = Obj::new();
    for item in &items {
        let email = item.get("email").and_then(Value::as_str).map(str::to_owned);
        let uid = item.get("user_id").and_then(Value::as_str).map(str::to_owned);
        let removed = remove_where(cx, |c| {
            str_field(c, "project_id") == Some(project_id)
                && (email
                    .as_deref()
                    .is_some_and(|e| str_field(c, "email").is_some_and(|ce| ce.eq_ignore_ascii_case(e)))
                    || uid.is_some() && str_field(c, "user_id") == uid.as_deref())
        });
        if removed == 0 {
            errors.insert(item_key(item), json!("Not a collaborator on this project"));
        }
    }
    if !batch && !errors.is_empty() {
        return Err(ApiErr::not_found("Collaborator"));
    }
    ok(json!({"error": if errors.is_empty() { Value::Null } else { Value::Object(errors) }}))
}
