//! Projects (notes §1.4.5): create in a team with its root folder, read, update, delete.

use serde_json::{Value, json};

use super::access;
use super::ctx::{ApiErr, Ctx, Reply, now, ok};
use super::paging;
use super::store::{FioStore, Obj, is_deleted, oldest_first, str_field};

/// A project with the documented defaults and counts filled in.
pub fn render(fio: &FioStore, project: &Obj) -> Value {
    let id = str_field(project, "id").unwrap_or_default();
    let root = str_field(project, "root_asset_id").unwrap_or_default();
    let mut out = project.clone();
    for (k, v) in [
        ("_type", json!("project")),
        ("description", Value::Null),
        ("private", json!(false)),
        ("project_preferences", json!({})),
        ("archive_status", json!("standard")),
        ("archived_at", Value::Null),
        ("shared", json!(false)),
        ("read_only", json!(false)),
        ("deleted_at", Value::Null),
    ] {
        out.entry(k).or_insert(v);
    }
    let live = || fio.assets.values().filter(|a| str_field(a, "project_id") == Some(id) && !is_deleted(a));
    let files = live().filter(|a| str_field(a, "type") == Some("file"));
    let storage: u64 = files.clone().filter_map(|a| a.get("filesize").and_then(Value::as_u64)).sum();
    out.insert("file_count".into(), json!(files.count()));
    out.insert(
        "folder_count".into(),
        json!(live().filter(|a| str_field(a, "type") == Some("folder") && str_field(a, "id") != Some(root)).count()),
    );
    out.insert("storage".into(), json!(storage));
    let collaborators = fio
        .collaborators
        .values()
        .filter(|c| {
            str_field(c, "project_id") == Some(id) && str_field(c, "_type") == Some("collaborator") && !is_deleted(c)
        })
        .count();
    out.insert("collaborator_count".into(), json!(collaborators));
    Value::Object(out)
}

/// `(storage, collaborator_count)` summed over the live projects of the given teams.
pub fn totals(fio: &FioStore, team_ids: &[&str]) -> (u64, usize) {
    fio.projects
        .values()
        .filter(|p| !is_deleted(p) && str_field(p, "team_id").is_some_and(|t| team_ids.contains(&t)))
        .map(|p| render(fio, p))
        .fold((0, 0), |(s, c), p| {
            (s + p["storage"].as_u64().unwrap_or(0), c + p["collaborator_count"].as_u64().unwrap_or(0) as usize)
        })
}

fn by_age(mut items: Vec<&Obj>) -> Vec<&Obj> {
    oldest_first(&mut items);
    items
}

/// `GET /teams/{id}/projects`: the team's live projects the user may see. `filter[archived]`
/// is accepted and ignored: the simulator does not archive.
pub fn list_for_team(cx: &mut Ctx, team_id: &str) -> Reply {
    let fio = &cx.w.fio;
    access::team(fio, team_id, &cx.user)?;
    let items = fio
        .projects
        .values()
        .filter(|p| {
            !is_deleted(p) && str_field(p, "team_id") == Some(team_id) && access::project_visible(fio, p, &cx.user)
        })
        .collect();
    paging::list(cx.req, by_age(items).into_iter().map(|p| render(fio, p)).collect())
}

/// `GET /projects/shared`: projects where the user is a collaborator (not a team member).
pub fn list_shared(cx: &mut Ctx) -> Reply {
    let fio = &cx.w.fio;
    let items = fio
        .projects
        .values()
        .filter(|p| !is_deleted(p) && access::is_collaborator(fio, str_field(p, "id").unwrap_or_default(), &cx.user))
        .collect();
    paging::list(cx.req, by_age(items).into_iter().map(|p| render(fio, p)).collect())
}

/// `POST /teams/{id}/projects` `{name, private?, project_preferences?}` → **200** Project with
/// `root_asset_id`; the root folder asset is created with it. 403 unless the user is in the team
/// or administers its account.
pub fn create(cx: &mut Ctx, team_id: &str) -> Reply {
    access::team(&cx.w.fio, team_id, &cx.user)?;
    if !access::can_create_in_team(&cx.w.fio, team_id, &cx.user) {
        return Err(ApiErr::forbidden("Only team members and account admins can create projects in this team"));
    }
    let name = cx.req.str("name").filter(|n| !n.is_empty()).ok_or_else(|| ApiErr::invalid("name is required"))?;
    let private = cx.req.bool("private").unwrap_or(false);
    let prefs = match cx.req.body.get("project_preferences") {
        None | Some(Value::Null) => json!({}),
        Some(p @ Value::Object(_)) => p.clone(),
        Some(_) => return Err(ApiErr::invalid("project_preferences must be an object")),
    };
    let id = cx.w.rng.frameio_id();
    let root_id = cx.w.rng.frameio_id();
    let at = now();
    let account_id = cx.w.fio.team_account(team_id);
    let root = json!({
        "id": root_id, "_type": "folder", "type": "folder", "name": "root",
        "project_id": id, "parent_id": null, "account_id": account_id, "team_id": team_id,
        "creator_id": cx.user, "inserted_at": at, "updated_at": at,
    });
    let project = json!({
        "id": id, "_type": "project", "name": name, "team_id": team_id, "owner_id": cx.user,
        "root_asset_id": root_id, "private": private, "project_preferences": prefs,
        "description": cx.req.str("description"), "inserted_at": at, "updated_at": at, "deleted_at": null,
    });
    let (Value::Object(root), Value::Object(project)) = (root, project) else { unreachable!("json! objects") };
    cx.w.fio.assets.insert(root_id, root);
    cx.w.fio.projects.insert(id, project.clone());
    ok(render(&cx.w.fio, &project))
}

pub fn get(cx: &mut Ctx, project_id: &str) -> Reply {
    let project = access::project(&cx.w.fio, project_id, &cx.user)?;
    ok(render(&cx.w.fio, project))
}

/// `PUT /projects/{id}`: `name`, `description`, `private`, `project_preferences` change; other
/// fields are ignored (as read-only ones are on the real API, a guess).
pub fn update(cx: &mut Ctx, project_id: &str) -> Reply {
    access::project(&cx.w.fio, project_id, &cx.user)?;
    let mut changes = Obj::new();
    if let Some(v) = cx.req.body.get("name") {
        let name = v
            .as_str()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| ApiErr::invalid("name must be a non-empty string"))?;
        changes.insert("name".into(), json!(name));
    }
    if cx.req.body.contains_key("description") {
        changes.insert("description".into(), cx.req.str("description").map_or(Value::Null, Value::String));
    }
    if cx.req.body.contains_key("private") {
        changes.insert(
            "private".into(),
            json!(cx.req.bool("private").ok_or_else(|| ApiErr::invalid("private must be a boolean"))?),
        );
    }
    match cx.req.body.get("project_preferences") {
        None => {}
        Some(p @ Value::Object(_)) => {
            changes.insert("project_preferences".into(), p.clone());
        }
        Some(_) => return Err(ApiErr::invalid("project_preferences must be an object")),
    }
    changes.insert("updated_at".into(), json!(now()));
    let project = cx.w.fio.projects.get_mut(project_id).ok_or_else(|| ApiErr::not_found("Project"))?;
    project.extend(changes);
    let project = project.clone();
    ok(render(&cx.w.fio, &project))
}

/// `DELETE /projects/{id}` → 200 with the deleted project (the response is undocumented; a
/// JSON body keeps clients that call `r.json()` on every success working). Soft delete: the
/// project and its assets get `deleted_at` and disappear from reads.
pub fn delete(cx: &mut Ctx, project_id: &str) -> Reply {
    let project = access::project(&cx.w.fio, project_id, &cx.user)?;
    if !access::can_manage_project(&cx.w.fio, project, &cx.user) {
        return Err(ApiErr::forbidden("Only the project owner, team managers and account admins can delete a project"));
    }
    let at = now();
    for a in cx.w.fio.assets.values_mut().filter(|a| str_field(a, "project_id") == Some(project_id) && !is_deleted(a)) {
        a.insert("deleted_at".into(), json!(at));
    }
    let project = cx.w.fio.projects.get_mut(project_id).ok_or_else(|| ApiErr::not_found("Project"))?;
    project.insert("deleted_at".into(), json!(at));
    let project = project.clone();
    ok(render(&cx.w.fio, &project))
}

/// `GET /projects/{id}/membership` → `{collaborator, owner, team_member, team_role}` (GEN ProjectMembership).
pub fn membership(cx: &mut Ctx, project_id: &str) -> Reply {
    let fio = &cx.w.fio;
    let project = access::project(fio, project_id, &cx.user)?;
    let team_id = str_field(project, "team_id").unwrap_or_default();
    let team_role = fio.team_role(team_id, &cx.user);
    ok(json!({
        "collaborator": access::is_collaborator(fio, project_id, &cx.user),
        "owner": str_field(project, "owner_id") == Some(cx.user.as_str()),
        "team_member": team_role.is_some(),
        "team_role": team_role,
    }))
}
