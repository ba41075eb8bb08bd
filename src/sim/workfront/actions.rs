//! Actions (`PUT /<obj>/<id>?action=<name>`, `PUT /<obj>/<id>/<name>`, class-level
//! `PUT /<obj>?action=<name>`), template copies and cascading deletes.
//!
//! Results follow the JS client's `execute.json`: an action whose metadata has a `resultType`
//! answers `{"data":{"result":...}}`; one without answers the object it acted on (instance
//! actions) or `{"success":true}` (class-level actions).

use serde_json::{Map, Value, json};

use super::error::WfError;
use super::objects::{ObjDef, by_code};
use super::params::Params;
use super::store::Obj;
use super::write::{Ctx, apply};
use crate::sim::World;

pub enum Outcome {
    /// Render the object the action ran on.
    Object,
    Data(Value),
}

fn id_of(o: &Obj) -> String {
    o.get("ID").and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// Run `action` on `def` (and object `id` for instance actions).
pub fn run(
    world: &mut World,
    def: &'static ObjDef,
    id: Option<&str>,
    action: &str,
    params: &Params,
    ctx: &Ctx,
) -> Result<Outcome, WfError> {
    if let Some(id) = id
        && world.wf.get(def.code, id).is_none()
    {
        return Err(WfError::not_found(def.name, id));
    }
    let need_id =
        || id.map(str::to_owned).ok_or_else(|| WfError::illegal_argument(format!("{action} needs an object ID")));
    match (def.code, action) {
        ("TASK", "assign") => {
            let id = need_id()?;
            let obj_id = params.arg_str("objID").ok_or_else(|| WfError::illegal_argument("objID is required"))?;
            let code = params.arg_str("objCode").unwrap_or_else(|| "USER".into()).to_ascii_uppercase();
            add_assignments(world, &id, &[(code, obj_id)], ctx)?;
            Ok(Outcome::Object)
        }
        ("TASK", "assignMultiple") => {
            let id = need_id()?;
            let mut who: Vec<(String, String)> =
                params.list("userIDs").into_iter().map(|u| ("USER".into(), u)).collect();
            who.extend(params.list("roleIDs").into_iter().map(|r| ("ROLE".into(), r)));
            if let Some(t) = params.arg_str("teamID").filter(|t| !t.is_empty()) {
                who.push(("TEAMOB".into(), t));
            }
            add_assignments(world, &id, &who, ctx)?;
            Ok(Outcome::Object)
        }
        ("TASK", "unassign") => {
            let id = need_id()?;
            let mut rows = current_assignments(world, &id);
            let before = rows.len();
            for (field, arg) in [("assignedToID", "userID"), ("teamID", "teamID"), ("roleID", "roleID")] {
                if let Some(who) = params.arg_str(arg) {
                    rows.retain(|r| r.get(field).and_then(Value::as_str) != Some(who.as_str()));
                }
            }
            if rows.len() != before {
                set_assignments(world, &id, rows, ctx)?;
            }
            Ok(Outcome::Object)
        }
        ("PROJ", "attachTemplate") => {
            let id = need_id()?;
            let t = params.arg_str("templateID").ok_or_else(|| WfError::illegal_argument("templateID is required"))?;
            if world.wf.get("TMPL", &t).is_none() {
                return Err(WfError::not_found("Template", &t));
            }
            let parent = params.arg_str("parentTaskID").filter(|p| !p.is_empty());
            if let Some(p) = &parent
                && world
                    .wf
                    .get("TASK", p)
                    .is_none_or(|t| t.get("projectID").and_then(Value::as_str) != Some(id.as_str()))
            {
                return Err(WfError::not_found("Task", p));
            }
            copy_template(world, &id, &t, parent.as_deref());
            Ok(Outcome::Data(json!({"result": id})))
        }
        ("CTGY", "assignCategories" | "assignCategory" | "unassignCategories" | "unassignCategory") => {
            let obj_id = params.arg_str("objID").ok_or_else(|| WfError::illegal_argument("objID is required"))?;
            let code = params.arg_str("objCode").ok_or_else(|| WfError::illegal_argument("objCode is required"))?;
            let target = super::objects::lookup(&code).ok_or_else(|| WfError::unknown_object(&code))?;
            let obj =
                world.wf.get(target.code, &obj_id).cloned().ok_or_else(|| WfError::not_found(target.name, &obj_id))?;
            let mut ids = params.list("categoryIDs");
            if ids.is_empty() {
                ids = params.list("categoryID");
            }
            if ids.is_empty() && id.is_some() {
                ids.push(id.unwrap_or_default().to_owned());
            }
            let mut forms = super::forms::attached(&world.wf, target, &obj_id, &obj);
            if action.starts_with("assign") {
                for c in ids {
                    if !forms.contains(&c) {
                        forms.push(c);
                    }
                }
            } else {
                forms.retain(|f| !ids.contains(f));
            }
            let rows: Vec<Value> = forms.into_iter().map(|c| json!({"categoryID": c})).collect();
            let mut updates = Map::new();
            updates.insert("objectCategories".into(), Value::Array(rows));
            apply(world, target, obj, &updates, ctx, false)?;
            Ok(Outcome::Data(json!({"success": true})))
        }
        ("TASK", a) if super::task_actions::handles(a) => super::task_actions::run(world, id, a, params, ctx),
        ("USER", a) => match super::auth::api_key_action(world, a, params, Some(&ctx.user_id)) {
            Some(r) => r.map(Outcome::Data),
            None => Err(unsupported(def, action)),
        },
        _ => Err(unsupported(def, action)),
    }
}

fn unsupported(def: &ObjDef, action: &str) -> WfError {
    // KB: "does not support action copy (CTGY)".
    WfError::illegal_argument(format!("does not support action {action} ({})", def.code))
}

fn current_assignments(world: &World, task_id: &str) -> Vec<Value> {
    world.wf.children("ASSGN", "taskID", task_id).map(|a| Value::Object(a.clone())).collect()
}

fn set_assignments(world: &mut World, task_id: &str, rows: Vec<Value>, ctx: &Ctx) -> Result<(), WfError> {
    let task = world.wf.get("TASK", task_id).cloned().ok_or_else(|| WfError::not_found("Task", task_id))?;
    let mut updates = Map::new();
    updates.insert("assignments".into(), Value::Array(rows));
    apply(world, by_code("TASK"), task, &updates, ctx, false)
}

/// Add assignments for `(objCode, ID)` pairs (USER, TEAMOB, ROLE), skipping ones already there.
fn add_assignments(world: &mut World, task_id: &str, who: &[(String, String)], ctx: &Ctx) -> Result<(), WfError> {
    let mut rows = current_assignments(world, task_id);
    for (code, oid) in who {
        let field = match code.as_str() {
            "USER" => "assignedToID",
            "TEAMOB" | "TEAM" => "teamID",
            "ROLE" => "roleID",
            other => return Err(WfError::illegal_argument(format!("Cannot assign a task to a {other}"))),
        };
        if !rows.iter().any(|r| r.get(field).and_then(Value::as_str) == Some(oid.as_str())) {
            rows.push(json!({ field: oid }));
        }
    }
    set_assignments(world, task_id, rows, ctx)
}

/// Copy a template's tasks into a project, keeping the hierarchy (and under `parent`, if given).
pub fn copy_template(world: &mut World, project_id: &str, template_id: &str, parent: Option<&str>) {
    let mut ttsks: Vec<Obj> = world.wf.children("TTSK", "templateID", template_id).cloned().collect();
    ttsks.sort_by_key(|t| t.get("taskNumber").and_then(Value::as_i64).unwrap_or(0));
    copy_tree(world, project_id, ttsks, "parentID", parent, true);
    if let Some(p) = world.wf.get_mut("PROJ", project_id) {
        p.entry("templateID").or_insert(Value::String(template_id.to_owned()));
    }
}

/// Copy a project's tasks into another project (`copySourceID`).
pub fn copy_tasks(world: &mut World, from: &str, to: &str) {
    let mut tasks: Vec<Obj> = world.wf.children("TASK", "projectID", from).cloned().collect();
    tasks.sort_by_key(|t| t.get("taskNumber").and_then(Value::as_i64).unwrap_or(0));
    copy_tree(world, to, tasks, "parentID", None, false);
}

/// Insert copies of `sources` (template tasks or tasks) as tasks of `project_id`, mapping their
/// parent links onto the copies and numbering them after the project's existing tasks.
pub fn copy_tree(
    world: &mut World,
    project_id: &str,
    sources: Vec<Obj>,
    parent_field: &str,
    under: Option<&str>,
    from_template: bool,
) -> Vec<(String, String)> {
    let mut number = world
        .wf
        .children("TASK", "projectID", project_id)
        .filter_map(|t| t.get("taskNumber")?.as_i64())
        .max()
        .unwrap_or(0);
    let base_indent =
        under.and_then(|p| world.wf.get("TASK", p)).and_then(|t| t.get("indent")?.as_i64()).map_or(0, |i| i + 1);
    let new_ids: Vec<(String, String)> = sources.iter().map(|s| (id_of(s), world.rng.workfront_id())).collect();
    let map = |old: &str| new_ids.iter().find(|(o, _)| o == old).map(|(_, n)| n.clone());
    let stamp = Value::String(super::values::now());
    let tdef = by_code("TASK");
    // Parents first, so indents can be read from already-copied parents.
    let mut indents: Vec<(String, i64)> = Vec::new();
    let mut pending: Vec<&Obj> = sources.iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|src| {
            let old_parent = src.get(parent_field).and_then(Value::as_str);
            let (parent_new, indent) = match old_parent.and_then(map) {
                Some(p) => match indents.iter().find(|(id, _)| *id == p) {
                    Some((_, i)) => (Some(p.clone()), i + 1),
                    None => return true,
                },
                None => (under.map(str::to_owned), base_indent),
            };
            number += 1;
            let new_id = map(&id_of(src)).unwrap_or_default();
            let mut task = Obj::new();
            for (k, v) in src.iter() {
                if tdef.has_field(k)
                    && !matches!(k.as_str(), "ID" | "objCode" | "templateID" | "parentID" | "projectID" | "taskNumber")
                {
                    task.insert(k.clone(), v.clone());
                }
            }
            task.insert("ID".into(), Value::String(new_id.clone()));
            task.insert("projectID".into(), Value::String(project_id.to_owned()));
            task.insert("parentID".into(), parent_new.map_or(Value::Null, Value::String));
            task.insert("taskNumber".into(), Value::from(number));
            task.insert("wbs".into(), Value::String(number.to_string()));
            task.insert("indent".into(), Value::from(indent));
            task.insert("entryDate".into(), stamp.clone());
            task.entry("status").or_insert(Value::String("NEW".into()));
            task.entry("percentComplete").or_insert(Value::from(0));
            if from_template {
                task.insert("templateTaskID".into(), Value::String(id_of(src)));
                task.insert("status".into(), Value::String("NEW".into()));
            }
            indents.push((new_id.clone(), indent));
            for field in ["assignedToID", "teamID", "roleID"] {
                if let Some(who) = src.get(field).and_then(Value::as_str).filter(|_| from_template) {
                    let mut a = Obj::new();
                    a.insert("ID".into(), Value::String(world.rng.workfront_id()));
                    a.insert(field.into(), Value::String(who.to_owned()));
                    a.insert("taskID".into(), Value::String(new_id.clone()));
                    a.insert("projectID".into(), Value::String(project_id.to_owned()));
                    a.insert("status".into(), Value::String("NEW".into()));
                    a.insert("assignmentPercent".into(), Value::from(100));
                    a.insert("isTeamAssignment".into(), Value::Bool(field == "teamID"));
                    world.wf.insert("ASSGN", a);
                }
            }
            world.wf.insert("TASK", task);
            false
        });
        if pending.len() == before {
            break; // a parent outside the copied set: nothing more can be placed
        }
    }
    new_ids
}

/// Remove an object and everything that depends on it.
pub fn cascade_delete(world: &mut World, code: &str, id: &str) {
    let owned: &[(&str, &str)] = match code {
        "PROJ" => &[("TASK", "projectID"), ("DOCU", "projectID"), ("ASSGN", "projectID"), ("OBJCAT", "objID")],
        "TASK" => &[("TASK", "parentID"), ("ASSGN", "taskID"), ("DOCU", "taskID"), ("OBJCAT", "objID")],
        "TMPL" => &[("TTSK", "templateID"), ("OBJCAT", "objID")],
        "TTSK" => &[("TTSK", "parentID")],
        "CTGY" => &[("CTGYPA", "categoryID"), ("OBJCAT", "categoryID")],
        "PARAM" => &[("POPT", "parameterID"), ("CTGYPA", "parameterID")],
        "DOCU" => &[("DOCV", "documentID"), ("OBJCAT", "objID")],
        "GROUP" => &[("USRGPS", "groupID"), ("OBJCAT", "objID")],
        "USER" => &[("USRGPS", "userID"), ("TEAMMB", "userID"), ("ASSGN", "assignedToID")],
        "TEAMOB" => &[("TEAMMB", "teamID"), ("OBJCAT", "objID")],
        _ => &[],
    };
    for (child, fk) in owned {
        let ids: Vec<String> = world
            .wf
            .children(child, fk, id)
            .filter(|o| {
                *child != "OBJCAT" || *fk != "objID" || o.get("objObjCode").and_then(Value::as_str) == Some(code)
            })
            .map(id_of)
            .collect();
        for cid in ids {
            cascade_delete(world, child, &cid);
        }
    }
    match code {
        "DOCV" => {
            world.blobs.remove(&format!("wf/docv/{id}"));
        }
        "GROUP" => {
            // Projects of a force-deleted group move to the Default group.
            let default =
                world.wf.table("GROUP").find(|g| g.get("name").and_then(Value::as_str) == Some("Default")).map(id_of);
            let projects: Vec<String> = world.wf.children("PROJ", "groupID", id).map(id_of).collect();
            for p in projects {
                if let Some(proj) = world.wf.get_mut("PROJ", &p) {
                    proj.insert(
                        "groupID".into(),
                        default.clone().filter(|d| d != id).map_or(Value::Null, Value::String),
                    );
                }
            }
        }
        "CTGY" => {
            for table in world.wf.objects.values_mut() {
                for o in table.values_mut() {
                    if o.get("categoryID").and_then(Value::as_str) == Some(id) {
                        o.insert("categoryID".into(), Value::Null);
                    }
                }
            }
        }
        _ => {}
    }
    world.wf.remove(code, id);
}
