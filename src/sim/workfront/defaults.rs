//! What Workfront fills in on a new object: dates and authors, a project's Default group and
//! Planning status, a task's number, a custom field's display type.

use serde_json::{Map, Value};

use super::error::WfError;
use super::objects::ObjDef;
use super::store::Obj;
use super::values::now;
use super::write::Ctx;
use crate::sim::World;

/// What Workfront fills in on a new object.
pub fn fill(
    world: &World,
    def: &ObjDef,
    obj: &mut Obj,
    updates: &mut Map<String, Value>,
    ctx: &Ctx,
) -> Result<(), WfError> {
    let stamp = Value::String(now());
    for f in ["entryDate", "lastUpdateDate"] {
        if def.has_field(f) {
            obj.insert(f.into(), stamp.clone());
        }
    }
    for f in ["enteredByID", "lastUpdatedByID"] {
        if def.has_field(f) {
            obj.insert(f.into(), Value::String(ctx.user_id.clone()));
        }
    }
    let store = &world.wf;
    match def.code {
        "PROJ" => {
            obj.insert("ownerID".into(), Value::String(ctx.user_id.clone()));
            obj.insert("percentComplete".into(), Value::from(0));
            obj.insert("priority".into(), Value::from(0));
            obj.insert("condition".into(), Value::String("ON".into()));
            obj.insert("conditionType".into(), Value::String("PM".into()));
            // Without tasks a project's timeline is a point: planned/projected start = completion
            // (the JS client's `edit.json`).
            for f in ["plannedStartDate", "plannedCompletionDate", "projectedStartDate", "projectedCompletionDate"] {
                obj.insert(f.into(), stamp.clone());
            }
            let template = updates.get("templateID").and_then(Value::as_str);
            if let Some(t) = template {
                let tmpl = store.get("TMPL", t).ok_or_else(|| WfError::not_found("Template", t))?;
                if !updates.contains_key("groupID")
                    && let Some(g) = tmpl.get("groupID").filter(|g| !g.is_null())
                {
                    updates.insert("groupID".into(), g.clone());
                }
            }
            // A project created without a group gets the "Default" group
            // (create-frame-connected-project.md; CONNECT "remove the Default group").
            if updates.get("groupID").is_none_or(Value::is_null)
                && let Some(g) = store.table("GROUP").find(|g| g.get("name").and_then(Value::as_str) == Some("Default"))
            {
                updates.insert("groupID".into(), g["ID"].clone());
            }
        }
        "TASK" | "TTSK" => {
            let (parent_field, parent) =
                if def.code == "TASK" { ("projectID", "TASK") } else { ("templateID", "TTSK") };
            let owner = updates.get(parent_field).and_then(Value::as_str).unwrap_or_default();
            let next = store
                .children(parent, parent_field, owner)
                .filter_map(|t| t.get("taskNumber").and_then(Value::as_i64))
                .max()
                .unwrap_or(0)
                + 1;
            obj.insert("taskNumber".into(), Value::from(next));
            obj.insert("priority".into(), Value::from(0));
            if def.code == "TASK" {
                obj.insert("percentComplete".into(), Value::from(0));
                for f in ["plannedStartDate", "plannedCompletionDate", "projectedStartDate", "projectedCompletionDate"]
                {
                    obj.insert(f.into(), stamp.clone());
                }
                obj.insert("progressStatus".into(), Value::String("ON".into()));
                obj.insert("wbs".into(), Value::String(next.to_string()));
            }
        }
        "USER" => {
            let first = updates.get("firstName").and_then(Value::as_str).unwrap_or_default();
            let last = updates.get("lastName").and_then(Value::as_str).unwrap_or_default();
            obj.insert("name".into(), Value::String(format!("{first} {last}")));
            if let Some(e) = updates.get("emailAddr").filter(|_| !updates.contains_key("username")) {
                obj.insert("username".into(), e.clone());
            }
            obj.insert("isActive".into(), Value::Bool(true));
            obj.insert("isAdmin".into(), Value::Bool(false));
        }
        "GROUP" | "TEAMOB" | "CTGY" => {
            obj.insert("isActive".into(), Value::Bool(true));
        }
        "PARAM" => {
            obj.insert("dataType".into(), Value::String("TEXT".into()));
            obj.insert("isActive".into(), Value::Bool(true));
            obj.insert("isRequired".into(), Value::Bool(false));
            let name = updates.get("name").and_then(Value::as_str).unwrap_or_default();
            if super::forms::param_by_name(store, name).is_some() {
                return Err(WfError::illegal_argument(format!("A custom field named \"{name}\" already exists")));
            }
            obj.insert("label".into(), Value::String(name.into()));
            // An unknown display type is stored as TEXT (KB #11).
            const DISPLAY: &[&str] = &[
                "TEXT",
                "TEXTAREA",
                "RDIO",
                "CHCK",
                "SLCT",
                "MULT",
                "CALC",
                "TYAH",
                "DATE",
                "EXTRNL",
                "MULTEXTRNL",
                "DESC",
            ];
            let display = updates.get("displayType").and_then(Value::as_str).unwrap_or("TEXT");
            let display = if DISPLAY.contains(&display) { display } else { "TEXT" };
            updates.insert("displayType".into(), Value::String(display.into()));
        }
        "POPT" => {
            if let Some(v) = updates.get("value").or_else(|| updates.get("label")).cloned() {
                obj.insert("label".into(), v.clone());
                obj.insert("value".into(), v);
            }
            obj.insert("isDefault".into(), Value::Bool(false));
            obj.insert("isHidden".into(), Value::Bool(false));
        }
        "ASSGN" => {
            obj.insert("status".into(), Value::String("NEW".into()));
            obj.insert("assignmentPercent".into(), Value::from(100));
            if let Some(p) = updates.get("taskID").and_then(Value::as_str).and_then(|t| store.get("TASK", t)) {
                obj.insert("projectID".into(), p.get("projectID").cloned().unwrap_or(Value::Null));
            }
        }
        "DOCU" => {
            obj.insert("ownerID".into(), Value::String(ctx.user_id.clone()));
        }
        _ => {}
    }
    Ok(())
}
