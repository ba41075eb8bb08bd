//! Project and task statuses: the system codes plus group-level custom statuses (CSTEM rows with
//! a `groupID` and an `equatesWith`), the named queries that list a group's statuses, and the
//! check Workfront makes when a status is written.

use serde_json::{Value, json};

use super::error::WfError;
use super::objects::ObjDef;
use super::params::Params;
use super::store::{Obj, WfStore};

/// The 9 system project statuses: code, label, colour (JS client fixture `namedQuery.json`;
/// WFDOCS `system-project-statuses.md`).
const SYSTEM_PROJ: [(&str, &str, &str); 9] = [
    ("PLN", "Planning", "FF3939"),
    ("CUR", "Current", "007100"),
    ("CPL", "Complete", "2222E3"),
    ("DED", "Dead", "C60000"),
    ("ONH", "On Hold", "BD39FF"),
    ("REQ", "Requested", "39FF39"),
    ("APR", "Approved", "FF7B39"),
    ("REJ", "Rejected", "FFFF39"),
    ("IDA", "Idea", "71FFD0"),
];
/// System task statuses (WFDOCS `system-task-statuses.md`; NEW/INP colours from the
/// `api-changes-search.md` sample).
const SYSTEM_TASK: [(&str, &str, &str); 3] =
    [("NEW", "New", "1C68FF"), ("INP", "In Progress", "39FF39"), ("CPL", "Complete", "2222E3")];
/// System issue statuses, for `opTaskGroupStatuses`.
const SYSTEM_OPTASK: [(&str, &str, &str); 3] =
    [("NEW", "New", "1C68FF"), ("INP", "In Progress", "39FF39"), ("CLS", "Closed", "2222E3")];

#[derive(Debug, Clone)]
pub struct Status {
    pub value: String,
    pub label: String,
    pub color: String,
    pub equates_with: String,
    pub hidden: bool,
}

fn s(o: &Obj, k: &str) -> String {
    o.get(k).and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn from_row(o: &Obj) -> Status {
    Status {
        value: s(o, "value"),
        label: s(o, "label"),
        color: s(o, "color"),
        equates_with: s(o, "equatesWith"),
        hidden: o.get("isHidden").and_then(Value::as_bool).unwrap_or(false),
    }
}

/// The statuses of `enum_class` (`STATUS_PROJ`, `STATUS_TASK`, `STATUS_OPTASK`) available to a
/// group: the system ones (CSTEM rows without a group, else the built-in list) and the group's own.
pub fn group_statuses(store: &WfStore, enum_class: &str, group_id: Option<&str>) -> Vec<Status> {
    let class_rows =
        || store.table("CSTEM").filter(move |o| o.get("enumClass").and_then(Value::as_str) == Some(enum_class));
    let mut system: Vec<&Obj> = class_rows().filter(|o| o.get("groupID").is_none_or(Value::is_null)).collect();
    system.sort_by_key(|o| o.get("valueAsInt").and_then(Value::as_i64).unwrap_or(0));
    let mut out: Vec<Status> = if system.is_empty() {
        let builtin: &[(&str, &str, &str)] = match enum_class {
            "STATUS_PROJ" => &SYSTEM_PROJ,
            "STATUS_TASK" => &SYSTEM_TASK,
            _ => &SYSTEM_OPTASK,
        };
        builtin
            .iter()
            .map(|(v, l, c)| Status {
                value: (*v).into(),
                label: (*l).into(),
                color: (*c).into(),
                equates_with: (*v).into(),
                hidden: false,
            })
            .collect()
    } else {
        system.into_iter().map(from_row).collect()
    };
    if let Some(g) = group_id {
        let mut own: Vec<&Obj> = class_rows().filter(|o| o.get("groupID").and_then(Value::as_str) == Some(g)).collect();
        own.sort_by_key(|o| o.get("valueAsInt").and_then(Value::as_i64).unwrap_or(0));
        for row in own {
            let st = from_row(row);
            match out.iter_mut().find(|x| x.value == st.value) {
                Some(x) => *x = st,
                None => out.push(st),
            }
        }
    }
    out
}

/// The group whose statuses apply to an object: a project's group, a task's project's group.
fn group_of(store: &WfStore, def: &ObjDef, obj: &Obj) -> Option<String> {
    let project = match def.code {
        "PROJ" => Some(obj),
        "TASK" => obj.get("projectID").and_then(Value::as_str).and_then(|p| store.get("PROJ", p)),
        _ => None,
    }?;
    project.get("groupID").and_then(Value::as_str).map(str::to_owned)
}

fn enum_class(def: &ObjDef) -> Option<&'static str> {
    match def.code {
        "PROJ" => Some("STATUS_PROJ"),
        "TASK" => Some("STATUS_TASK"),
        _ => None,
    }
}

fn lookup(store: &WfStore, def: &ObjDef, obj: &Obj, code: &str) -> Option<Status> {
    let class = enum_class(def)?;
    // `CUR:A` is a status pending approval (KB); it equates like its base code.
    let base = code.split(':').next().unwrap_or(code);
    group_statuses(store, class, group_of(store, def, obj).as_deref()).into_iter().find(|st| st.value == base)
}

/// `statusEquatesWith`, computed from the status and the object's group.
pub fn equates_with(store: &WfStore, def: &ObjDef, obj: &Obj) -> Option<Value> {
    let code = obj.get("status")?.as_str()?;
    Some(Value::String(lookup(store, def, obj, code).map_or_else(|| code.to_owned(), |st| st.equates_with)))
}

/// Check (and default) the status a write leaves on a project or task; record `previousStatus`.
pub fn check(store: &WfStore, def: &ObjDef, current: &Obj, next: &mut Obj, creating: bool) -> Result<(), WfError> {
    if enum_class(def).is_none() {
        return Ok(());
    }
    let old = current.get("status").and_then(Value::as_str).map(str::to_owned);
    let new = match next.get("status").and_then(Value::as_str) {
        Some(code) => code.to_owned(),
        None => {
            // New projects start in Planning: the default is an admin preference (Current out of
            // the box per system-project-statuses.md), and Adobe's docs recommend Planning.
            let default = if def.code == "PROJ" { "PLN" } else { "NEW" };
            next.insert("status".into(), Value::String(default.into()));
            default.to_owned()
        }
    };
    let group_changed = group_of(store, def, current) != group_of(store, def, next);
    if !creating && old.as_deref() == Some(new.as_str()) && !group_changed {
        return Ok(());
    }
    match lookup(store, def, next, &new) {
        Some(st) => {
            if def.code == "TASK" && st.equates_with == "CPL" {
                next.insert("percentComplete".into(), Value::from(100));
            }
        }
        None if !creating && old.as_deref() == Some(new.as_str()) => {
            // The group changed under a status only the old group has: keep what it equated to.
            let eq = lookup(store, def, current, &new).map_or_else(|| new.clone(), |st| st.equates_with);
            next.insert("status".into(), Value::String(eq));
        }
        None => {
            return Err(WfError::illegal_argument(format!(
                "Invalid custom enum value(s) for field 'status': ['{new}']"
            )));
        }
    }
    if !creating && old.as_deref() != next.get("status").and_then(Value::as_str) {
        next.insert("previousStatus".into(), old.map_or(Value::Null, Value::String));
    }
    Ok(())
}

/// `GET /CSTEM/projectGroupStatuses?groupID=..` and its task and issue siblings
/// (WFDOCS `api-changes-search.md`): every status the group can use, each carrying the group's ID.
pub fn named_query(store: &WfStore, def: &ObjDef, name: &str, params: &Params) -> Option<Result<Value, WfError>> {
    if def.code != "CSTEM" {
        return None;
    }
    let class = match name {
        "projectGroupStatuses" => "STATUS_PROJ",
        "taskGroupStatuses" => "STATUS_TASK",
        "opTaskGroupStatuses" => "STATUS_OPTASK",
        _ => return None,
    };
    Some((|| {
        let group = params.get("groupID").ok_or_else(|| WfError::illegal_argument("groupID is required"))?;
        if store.get("GROUP", group).is_none() {
            return Err(WfError::not_found("Group", group));
        }
        let hidden = super::values::truthy(params.get("includeHidden"));
        let rows = group_statuses(store, class, Some(group))
            .into_iter()
            .filter(|st| hidden || !st.hidden)
            .map(|st| {
                json!({"color": st.color, "equatesWith": st.equates_with, "groupID": group,
                       "label": st.label, "objCode": "CSTEM", "value": st.value})
            })
            .collect();
        Ok(Value::Array(rows))
    })())
}
