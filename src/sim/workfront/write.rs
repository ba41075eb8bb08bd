//! Applying `updates` to one object, the way Workfront does: top-level fields are sparse updates,
//! a collection in `updates` replaces the whole collection (BASICS "Making Nested Updates"; KB
//! gotchas #13, #41), custom data is written as `DE:<parameter name>` (top level or inside
//! `parameterValues`), and statuses are checked against the object's group.
//!
//! Everything that can fail is checked before anything is written, so a refused update leaves
//! the store as it was.

use serde_json::{Map, Value};

use super::error::WfError;
use super::forms::{self, FormPlan};
use super::objects::ObjDef;
use super::statuses;
use super::store::{Obj, WfStore};
use super::values::{Kind, kind_of, normalize_date};
use crate::sim::World;

/// Who is writing, in which API model (for error texts).
#[derive(Debug, Clone)]
pub struct Ctx {
    pub model: String,
    pub user_id: String,
}

impl Ctx {
    pub fn unsupported(&self, def: &ObjDef, field: &str) -> WfError {
        WfError::illegal_argument(format!("APIModel {} does not support field {field} ({})", self.model, def.name))
    }
}

/// Fields Workfront computes; writes to them are ignored.
fn computed(field: &str) -> bool {
    matches!(
        field,
        "numberOfChildren" | "statusEquatesWith" | "totalTaskCount" | "hasDocuments" | "downloadURL" | "objCode"
    )
}

/// A collection replace requested in `updates`.
enum CollectionWrite {
    ObjectCategories(Vec<Value>),
    Rows { target: &'static str, foreign_key: &'static str, rows: Vec<Value> },
}

/// Apply `updates` to `current` (an existing object, or a new one holding only its `ID` and
/// defaults) and store the result.
pub fn apply(
    world: &mut World,
    def: &'static ObjDef,
    current: Obj,
    updates: &Map<String, Value>,
    ctx: &Ctx,
    creating: bool,
) -> Result<(), WfError> {
    let id = current.get("ID").and_then(Value::as_str).unwrap_or_default().to_owned();
    let mut next = current.clone();
    let mut custom: Vec<(String, Value)> = Vec::new();
    let mut collections: Vec<CollectionWrite> = Vec::new();
    for (key, value) in updates {
        if key == "ID" || computed(key) {
            continue;
        }
        if let Some(name) = key.strip_prefix("DE:") {
            custom.push((name.to_owned(), value.clone()));
            continue;
        }
        if key == "parameterValues" && def.custom_data {
            let Value::Object(map) = value else {
                return Err(WfError::illegal_argument("parameterValues must be an object"));
            };
            for (k, v) in map {
                custom.push((k.strip_prefix("DE:").unwrap_or(k).to_owned(), v.clone()));
            }
            continue;
        }
        if def.has_field(key) {
            next.insert(key.clone(), field_value(key, value));
            continue;
        }
        if let Some(c) = def.collection(key) {
            let rows = match value {
                Value::Array(rows) => rows.clone(),
                Value::Null => Vec::new(),
                other => vec![other.clone()],
            };
            match (def.code, key.as_str()) {
                (_, "objectCategories") => collections.push(CollectionWrite::ObjectCategories(rows)),
                ("TASK", "assignments")
                | ("CTGY", "categoryParameters")
                | ("PARAM", "parameterOptions")
                | ("USER" | "GROUP", "userGroups")
                | ("USER", "teams")
                | ("TEAMOB", "teamMembers") => {
                    collections.push(CollectionWrite::Rows { target: c.target, foreign_key: c.foreign_key, rows })
                }
                // Collections the simulator does not model (predecessors, accessRules...) are
                // accepted and ignored rather than refused: real clients send them.
                _ => {}
            }
            continue;
        }
        if let Some(r) = def.reference(key) {
            // `currentVersion:{...}` on a document is read by the document code; a reference given
            // as `{"ID": ...}` sets its ID field.
            if let Some(rid) = value.get("ID").and_then(Value::as_str) {
                next.insert(r.id_field.to_owned(), Value::String(rid.to_owned()));
            }
            continue;
        }
        return Err(ctx.unsupported(def, key));
    }
    check_references(&world.wf, def, &id, &current, &next)?;
    if matches!(def.code, "TASK") {
        task_position(&world.wf, &mut next)?;
    }
    statuses::check(&world.wf, def, &current, &mut next, creating)?;

    // Custom forms: which forms the object will carry, then the values written against them.
    let requested_forms = collections.iter().find_map(|c| match c {
        CollectionWrite::ObjectCategories(rows) => Some(rows.as_slice()),
        CollectionWrite::Rows { .. } => None,
    });
    let plan: Option<FormPlan> = if def.custom_data {
        Some(forms::plan(&world.wf, def, &id, &current, &next, requested_forms, &custom)?)
    } else if !custom.is_empty() {
        return Err(ctx.unsupported(def, &format!("DE:{}", custom[0].0)));
    } else {
        None
    };
    let mut row_writes = Vec::new();
    for c in &collections {
        if let CollectionWrite::Rows { target, foreign_key, rows } = c {
            let checked = forms::check_rows(&world.wf, &id, &next, target, foreign_key, rows)?;
            if *target == "ASSGN" {
                // The task's primary assignee is its first user assignment.
                let first = checked.iter().find_map(|r| r.get("assignedToID").filter(|v| v.is_string()).cloned());
                next.insert("assignedToID".into(), first.unwrap_or(Value::Null));
            }
            row_writes.push((*target, *foreign_key, checked));
        }
    }

    // Commit: nothing below can fail.
    if !creating {
        next.insert("lastUpdateDate".into(), Value::String(super::values::now()));
        if def.has_field("lastUpdatedByID") {
            next.insert("lastUpdatedByID".into(), Value::String(ctx.user_id.clone()));
        }
    }
    if let Some(plan) = plan {
        plan.commit(world, def, &id, &mut next);
    }
    for (target, foreign_key, rows) in row_writes {
        replace_rows(world, target, foreign_key, &id, rows);
    }
    world.wf.insert(def.code, next);
    Ok(())
}

/// A value as stored: dates in Workfront's format, `""` for an ID clears it.
fn field_value(key: &str, value: &Value) -> Value {
    match value {
        Value::String(s) if s.is_empty() && key.ends_with("ID") => Value::Null,
        Value::String(s) if kind_of(key) == Kind::DateTime => Value::String(normalize_date(s)),
        other => other.clone(),
    }
}

/// IDs a write sets must name existing objects.
fn check_references(store: &WfStore, def: &ObjDef, id: &str, current: &Obj, next: &Obj) -> Result<(), WfError> {
    for r in def.references {
        let Some(target_id) = next.get(r.id_field).and_then(Value::as_str) else { continue };
        if current.get(r.id_field).and_then(Value::as_str) == Some(target_id) {
            continue;
        }
        if r.target == def.code && target_id == id {
            return Err(WfError::illegal_argument(format!("{} cannot be its own {}", def.name, r.name)));
        }
        if store.get(r.target, target_id).is_none() {
            let target = super::objects::by_code(r.target);
            return Err(WfError::not_found(target.name, target_id));
        }
    }
    Ok(())
}

/// A subtask lives in its parent's project, one level deeper.
fn task_position(store: &WfStore, next: &mut Obj) -> Result<(), WfError> {
    let Some(parent_id) = next.get("parentID").and_then(Value::as_str).map(str::to_owned) else {
        next.insert("indent".into(), Value::from(0));
        return Ok(());
    };
    let parent = store.get("TASK", &parent_id).ok_or_else(|| WfError::not_found("Task", &parent_id))?;
    let parent_project = parent.get("projectID").cloned().unwrap_or(Value::Null);
    match next.get("projectID") {
        Some(p) if !p.is_null() && *p != parent_project => {
            return Err(WfError::illegal_argument("A subtask must be in the same project as its parent task"));
        }
        _ => {
            next.insert("projectID".into(), parent_project);
        }
    }
    let indent = parent.get("indent").and_then(Value::as_i64).unwrap_or(0) + 1;
    next.insert("indent".into(), Value::from(indent));
    Ok(())
}

/// Replace the rows of a collection (`assignments`, `categoryParameters`, `parameterOptions`).
fn replace_rows(world: &mut World, target: &str, foreign_key: &str, owner_id: &str, rows: Vec<Obj>) {
    let old: Vec<String> = world
        .wf
        .children(target, foreign_key, owner_id)
        .filter_map(|o| o.get("ID").and_then(Value::as_str).map(str::to_owned))
        .collect();
    for id in old {
        world.wf.remove(target, &id);
    }
    for mut row in rows {
        if !row.contains_key("ID") {
            row.insert("ID".into(), Value::String(world.rng.workfront_id()));
        }
        world.wf.insert(target, row);
    }
}
