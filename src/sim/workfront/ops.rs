//! Create, edit (single and bulk), copy and delete (BASICS "POST/PUT/DELETE Behavior", "Bulk
//! Updates"; notes §1.8).

use serde_json::{Map, Value};

use super::error::WfError;
use super::objects::ObjDef;
use super::params::Params;
use super::store::Obj;
use super::values::{from_param, truthy};
use super::write::{Ctx, apply};
use super::{actions, documents};
use crate::sim::World;

/// BASICS "Limits and Guidelines": at most 100 objects per bulk create or update.
pub const MAX_BULK: usize = 100;

/// Parameters that never name a field.
fn reserved(key: &str) -> bool {
    key.starts_with("$$")
        || matches!(
            key,
            "fields"
                | "method"
                | "updates"
                | "action"
                | "atomic"
                | "force"
                | "copySourceID"
                | "map"
                | "jsonp"
                | "_"
                | "filters"
                | "options"
                | "username"
                | "password"
        )
        || key.eq_ignore_ascii_case("apiKey")
        || key.eq_ignore_ascii_case("sessionID")
}

/// What a create or edit request carries: one object's updates, or a list (bulk).
pub enum Updates {
    One(Map<String, Value>),
    Many(Vec<Map<String, Value>>),
}

/// Updates from `updates` (JSON body or parameter, lenient) merged with individual field
/// parameters (`POST /project?name=X`; python-workfront sends every field this way).
pub fn updates_from(params: &Params) -> Result<Updates, WfError> {
    let parsed = params.updates().map_err(WfError::illegal_argument)?;
    let mut singles = Map::new();
    for (k, v) in params.pairs() {
        if !reserved(k) {
            singles.insert(k.clone(), from_param(k, v));
        }
    }
    match parsed {
        None => Ok(Updates::One(singles)),
        Some(Value::Object(mut m)) => {
            for (k, v) in singles {
                m.entry(k).or_insert(v);
            }
            Ok(Updates::One(m))
        }
        Some(Value::Array(items)) => {
            if items.len() > MAX_BULK {
                return Err(WfError::illegal_argument("Can not add more than 100 objects at once."));
            }
            let maps = items
                .into_iter()
                .map(|v| match v {
                    Value::Object(m) => Ok(m),
                    _ => Err(WfError::illegal_argument("updates must be a JSON object or a list of objects")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Updates::Many(maps))
        }
        Some(_) => Err(WfError::illegal_argument("updates must be a JSON object or a list of objects")),
    }
}

fn required(def: &ObjDef) -> &'static [&'static str] {
    match def.code {
        "PROJ" | "GROUP" | "TEAMOB" | "TMPL" | "PARAM" => &["name"],
        "TASK" => &["name", "projectID"],
        "TTSK" => &["name", "templateID"],
        "CTGY" => &["name"],
        "USER" => &["firstName", "lastName", "emailAddr"],
        "POPT" => &["parameterID"],
        "DOCU" => &["name", "docObjCode", "objID"],
        "CSTEM" => &["value", "label", "enumClass"],
        "ASSGN" => &["taskID"],
        _ => &[],
    }
}

fn missing(def: &ObjDef, field: &str) -> WfError {
    WfError::new(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        "com.attask.common.InvalidParameterException",
        format!("Value required for field '{field}' ({})", def.name),
    )
}

/// Create one object; returns its ID.
pub fn create(
    world: &mut World,
    def: &'static ObjDef,
    mut updates: Map<String, Value>,
    ctx: &Ctx,
) -> Result<String, WfError> {
    if matches!(def.code, "OBJCAT" | "CTGYPA" | "USRGPS" | "TEAMMB") {
        return Err(WfError::illegal_argument(format!("{} is not a top level object", def.code)));
    }
    // A subtask's project comes from its parent.
    if def.code == "TASK"
        && !updates.contains_key("projectID")
        && let Some(p) = updates.get("parentID").and_then(Value::as_str).and_then(|p| world.wf.get("TASK", p))
    {
        let project = p.get("projectID").cloned().unwrap_or(Value::Null);
        updates.insert("projectID".into(), project);
    }
    if def.code == "CTGY" {
        form_types(&mut updates)?;
    }
    for field in required(def) {
        let blank = match updates.get(*field) {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            _ => false,
        };
        if blank {
            return Err(missing(def, field));
        }
    }
    let id = world.rng.workfront_id();
    let mut obj = Obj::new();
    obj.insert("ID".into(), Value::String(id.clone()));
    super::defaults::fill(world, def, &mut obj, &mut updates, ctx)?;
    let upload = if def.code == "DOCU" { Some(documents::take_upload(world, &mut updates)?) } else { None };
    apply(world, def, obj, &updates, ctx, true)?;
    if let Some(upload) = upload {
        documents::first_version(world, &id, upload);
    }
    if def.code == "PROJ"
        && let Some(t) = updates.get("templateID").and_then(Value::as_str).map(str::to_owned)
    {
        actions::copy_template(world, &id, &t, None);
    }
    Ok(id)
}

/// CTGY: accept `catObjCode` and/or `objTypes` (PYEX sends the first; KB says v22 wants the second).
fn form_types(updates: &mut Map<String, Value>) -> Result<(), WfError> {
    let types: Vec<String> = match updates.get("objTypes") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(s)) => s.split(',').map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect(),
        _ => Vec::new(),
    };
    let cat = updates.get("catObjCode").and_then(Value::as_str).map(str::to_owned);
    let types = match (types.is_empty(), cat) {
        (false, _) => types,
        (true, Some(c)) => vec![c],
        (true, None) => return Err(missing(super::objects::by_code("CTGY"), "objTypes")),
    };
    updates.insert("catObjCode".into(), Value::String(types[0].clone()));
    updates.insert("objTypes".into(), Value::Array(types.into_iter().map(Value::String).collect()));
    Ok(())
}

/// Edit one object.
pub fn edit(
    world: &mut World,
    def: &'static ObjDef,
    id: &str,
    updates: &Map<String, Value>,
    ctx: &Ctx,
) -> Result<(), WfError> {
    let current = world.wf.get(def.code, id).cloned().ok_or_else(|| WfError::not_found(def.name, id))?;
    apply(world, def, current, updates, ctx, false)
}

/// Bulk create or edit, all or nothing (BASICS "Bulk Updates"; `atomic=true` is the only mode
/// the simulator has, which satisfies clients of both).
pub fn bulk(
    world: &mut World,
    def: &'static ObjDef,
    items: Vec<Map<String, Value>>,
    creating: bool,
    ctx: &Ctx,
) -> Result<Vec<String>, WfError> {
    let snapshot = world.wf.objects.clone();
    let mut ids = Vec::new();
    for item in items {
        let r = if creating {
            create(world, def, item, ctx)
        } else {
            match item.get("ID").and_then(Value::as_str).map(str::to_owned) {
                Some(id) => edit(world, def, &id, &item, ctx).map(|()| id),
                None => Err(WfError::illegal_argument("Each object in a bulk update needs its ID")),
            }
        };
        match r {
            Ok(id) => ids.push(id),
            Err(e) => {
                world.wf.objects = snapshot;
                return Err(e);
            }
        }
    }
    Ok(ids)
}

/// `POST /<obj>?copySourceID=<id>` for projects and tasks (BASICS "POST Behavior").
pub fn copy(
    world: &mut World,
    def: &'static ObjDef,
    source: &str,
    updates: Map<String, Value>,
    ctx: &Ctx,
) -> Result<String, WfError> {
    if !matches!(def.code, "PROJ" | "TASK") {
        return Err(WfError::illegal_argument(format!("does not support action copy ({})", def.code)));
    }
    let src = world.wf.get(def.code, source).cloned().ok_or_else(|| WfError::not_found(def.name, source))?;
    let mut merged: Map<String, Value> = src
        .iter()
        .filter(|(k, _)| {
            !matches!(k.as_str(), "ID" | "objCode" | "entryDate" | "lastUpdateDate" | "templateID" | "previousStatus")
                && def.has_field(k)
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(pv) = src.get("parameterValues") {
        merged.insert("parameterValues".into(), pv.clone());
    }
    let forms = super::forms::attached(&world.wf, def, source, &src);
    merged.insert(
        "objectCategories".into(),
        Value::Array(forms.into_iter().map(|c| serde_json::json!({"categoryID": c})).collect()),
    );
    merged.extend(updates);
    let id = create(world, def, merged, ctx)?;
    if def.code == "PROJ" {
        actions::copy_tasks(world, source, &id);
    }
    Ok(id)
}

/// Delete one object. `force=true` also removes its dependants (BASICS "DELETE Behavior");
/// without it, a project with tasks, a group with projects, a form in use or a field on a form
/// is refused. What an object owns outright (subtasks, assignments, versions, form links) always
/// goes with it: python-workfront's `delete()` never sends `force`, and deleting a parent task
/// deletes its subtasks in Workfront too.
pub fn delete(world: &mut World, def: &ObjDef, id: &str, params: &Params) -> Result<(), WfError> {
    let obj = world.wf.get(def.code, id).cloned().ok_or_else(|| WfError::not_found(def.name, id))?;
    let force = truthy(params.get("force"));
    if def.code == "PROJ" && super::statuses::equates_with(&world.wf, def, &obj).is_some_and(|s| s == "CPL") {
        // The JS client's `fixtures/removeFailure.json`.
        return Err(WfError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "com.attask.common.ProjectStatusViolationException",
            "Unable to complete operation for a project of status Complete",
        ));
    }
    let blocking: Option<(&str, &str, &str)> = match def.code {
        "PROJ" => Some(("TASK", "projectID", "Task")),
        "CTGY" => Some(("OBJCAT", "categoryID", "object using this form")),
        "PARAM" => Some(("CTGYPA", "parameterID", "custom form using this field")),
        "GROUP" => Some(("PROJ", "groupID", "Project")),
        _ => None,
    };
    if let Some((code, fk, what)) = blocking {
        let n = world.wf.children(code, fk, id).count();
        if n > 0 && !force {
            return Err(WfError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "com.attask.common.InvalidParameterException",
                format!("Cannot delete {} {id}: {n} dependent {what}(s). Use force=true to delete them too.", def.name),
            ));
        }
    }
    actions::cascade_delete(world, def.code, id);
    Ok(())
}
