//! Custom forms: CTGY (form) -> CTGYPA -> PARAM (field) -> POPT (options); OBJCAT rows attach
//! forms to objects; values live in the object's `parameterValues` map as `"DE:<name>": value`.
//!
//! Rules (notes §2.9, KB gotchas #9, #12, #13, #31, #41): fields are addressed by parameter
//! *name*; the form must be attached before its fields are written (Adobe's troubleshooting page
//! `api-error-remote-server.md` reports HTTP 400 for a field written onto an object without the
//! form); RDIO/SLCT/CHCK/MULT values must be a POPT `value`; attaching is a full replace of
//! `objectCategories`; `categoryID` on the object is its first attached form.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::error::WfError;
use super::objects::{ObjDef, by_code};
use super::store::{Obj, WfStore};
use crate::sim::World;

fn str_of<'a>(o: &'a Obj, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}

/// Forms attached to an object, in `categoryOrder` (OBJCAT rows, plus a seeded `categoryID`).
pub fn attached(store: &WfStore, def: &ObjDef, id: &str, obj: &Obj) -> Vec<String> {
    let mut rows: Vec<(i64, String)> = store
        .children("OBJCAT", "objID", id)
        .filter(|o| str_of(o, "objObjCode") == Some(def.code))
        .filter_map(|o| {
            Some((o.get("categoryOrder").and_then(Value::as_i64).unwrap_or(0), str_of(o, "categoryID")?.to_owned()))
        })
        .collect();
    rows.sort();
    let mut out: Vec<String> = rows.into_iter().map(|(_, c)| c).collect();
    if let Some(c) = str_of(obj, "categoryID")
        && !out.iter().any(|x| x == c)
    {
        out.insert(0, c.to_owned());
    }
    out
}

/// Whether form `ctgy` may be attached to objects of type `code` (`objTypes` or `catObjCode`).
fn applies_to(ctgy: &Obj, code: &str) -> bool {
    let in_types =
        ctgy.get("objTypes").and_then(Value::as_array).is_some_and(|t| t.iter().any(|v| v.as_str() == Some(code)));
    in_types || str_of(ctgy, "catObjCode") == Some(code)
}

fn check_form(store: &WfStore, def: &ObjDef, ctgy_id: &str) -> Result<(), WfError> {
    let ctgy = store.get("CTGY", ctgy_id).ok_or_else(|| WfError::not_found("Category", ctgy_id))?;
    if !applies_to(ctgy, def.code) {
        return Err(WfError::illegal_argument(format!(
            "Custom form \"{}\" cannot be attached to a {}: its object type is {}",
            str_of(ctgy, "name").unwrap_or_default(),
            def.label,
            str_of(ctgy, "catObjCode").unwrap_or("another type")
        )));
    }
    Ok(())
}

/// Parameter IDs on the given forms.
pub fn form_params(store: &WfStore, forms: &[String]) -> BTreeSet<String> {
    forms
        .iter()
        .flat_map(|f| store.children("CTGYPA", "categoryID", f))
        .filter_map(|r| str_of(r, "parameterID").map(str::to_owned))
        .collect()
}

pub fn param_by_name<'a>(store: &'a WfStore, name: &str) -> Option<&'a Obj> {
    store.table("PARAM").find(|p| str_of(p, "name") == Some(name))
}

/// What a write does to an object's forms and custom values, checked and ready to commit.
pub struct FormPlan {
    forms: Vec<String>,
    forms_changed: bool,
    /// `DE:<name>` -> new value (`None` clears it).
    values: Vec<(String, Option<Value>)>,
    /// Values whose field is on no form the object keeps.
    dropped: Vec<String>,
}

pub fn plan(
    store: &WfStore,
    def: &ObjDef,
    id: &str,
    current: &Obj,
    next: &Obj,
    requested: Option<&[Value]>,
    custom: &[(String, Value)],
) -> Result<FormPlan, WfError> {
    let before = attached(store, def, id, current);
    let mut forms = match requested {
        Some(rows) => {
            let mut picked: Vec<(i64, usize, String)> = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let (cid, order) = match row {
                    Value::String(s) => (s.clone(), i as i64),
                    Value::Object(o) => (
                        o.get("categoryID")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                            .ok_or_else(|| WfError::illegal_argument("objectCategories entries need a categoryID"))?,
                        o.get("categoryOrder")
                            .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
                            .unwrap_or(i as i64),
                    ),
                    _ => return Err(WfError::illegal_argument("objectCategories entries need a categoryID")),
                };
                check_form(store, def, &cid)?;
                if !picked.iter().any(|(_, _, c)| *c == cid) {
                    picked.push((order, i, cid));
                }
            }
            picked.sort();
            picked.into_iter().map(|(_, _, c)| c).collect()
        }
        None => before.clone(),
    };
    // Setting `categoryID` attaches that form as the primary one; clearing it detaches it.
    match (str_of(current, "categoryID"), str_of(next, "categoryID")) {
        (old, Some(c)) if old != Some(c) && !forms.iter().any(|f| f == c) => {
            check_form(store, def, c)?;
            forms.insert(0, c.to_owned());
        }
        (Some(old), None) if requested.is_none() => forms.retain(|f| f != old),
        _ => {}
    }
    let allowed = form_params(store, &forms);
    let mut values = Vec::new();
    for (name, value) in custom {
        let param = param_by_name(store, name).ok_or_else(|| {
            WfError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "com.attask.common.NotFoundException",
                format!("Parameter with primary key value(s) \"{name}\" not found"),
            )
        })?;
        if !allowed.contains(str_of(param, "ID").unwrap_or_default()) {
            return Err(WfError::new(
                StatusCode::BAD_REQUEST,
                "com.attask.common.InvalidParameterException",
                format!(
                    "Invalid parameter: DE:{name}. The custom field \"{name}\" is not on a custom form attached to this {}",
                    def.label
                ),
            ));
        }
        values.push((format!("DE:{name}"), check_value(store, param, value)?));
    }
    let forms_changed = forms != before;
    let mut dropped = Vec::new();
    if forms_changed && let Some(pv) = current.get("parameterValues").and_then(Value::as_object) {
        for key in pv.keys() {
            let keep = key
                .strip_prefix("DE:")
                .and_then(|n| param_by_name(store, n))
                .and_then(|p| str_of(p, "ID"))
                .is_some_and(|pid| allowed.contains(pid));
            if !keep {
                dropped.push(key.clone());
            }
        }
    }
    Ok(FormPlan { forms, forms_changed, values, dropped })
}

/// A custom value checked against its field's options; `None` clears the value.
fn check_value(store: &WfStore, param: &Obj, value: &Value) -> Result<Option<Value>, WfError> {
    let items: Vec<Value> = match value {
        Value::Null => return Ok(None),
        Value::String(s) if s.is_empty() => return Ok(None),
        Value::Array(a) if a.is_empty() => return Ok(None),
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    let display = str_of(param, "displayType").unwrap_or("TEXT");
    let multi = matches!(display, "CHCK" | "MULT");
    let enumerated = multi || matches!(display, "RDIO" | "SLCT");
    if !enumerated {
        return Ok(Some(value.clone()));
    }
    let pid = str_of(param, "ID").unwrap_or_default();
    let options: Vec<String> = store
        .children("POPT", "parameterID", pid)
        .filter_map(|o| o.get("value").map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
        .collect();
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    let bad: Vec<String> = items.iter().map(text).filter(|t| !options.is_empty() && !options.contains(t)).collect();
    if !bad.is_empty() || (!multi && items.len() > 1) {
        let listed = if bad.is_empty() { items.iter().map(text).collect() } else { bad };
        let quoted: Vec<String> = listed.iter().map(|v| format!("'{v}'")).collect();
        return Err(WfError::illegal_argument(format!(
            "Invalid custom enum value(s) for field '{}': [{}]",
            str_of(param, "label").or_else(|| str_of(param, "name")).unwrap_or_default(),
            quoted.join(", ")
        )));
    }
    // A multi-value field holding one value reads back as a scalar (workfront-sdk docstring).
    Ok(Some(if items.len() == 1 { items[0].clone() } else { Value::Array(items) }))
}

impl FormPlan {
    pub fn commit(self, world: &mut World, def: &ObjDef, id: &str, next: &mut Obj) {
        if self.forms_changed {
            let old: Vec<String> = world
                .wf
                .children("OBJCAT", "objID", id)
                .filter(|o| str_of(o, "objObjCode") == Some(def.code))
                .filter_map(|o| str_of(o, "ID").map(str::to_owned))
                .collect();
            for row in old {
                world.wf.remove("OBJCAT", &row);
            }
            for (i, cid) in self.forms.iter().enumerate() {
                let mut row = Map::new();
                row.insert("ID".into(), Value::String(world.rng.workfront_id()));
                row.insert("categoryID".into(), Value::String(cid.clone()));
                row.insert("categoryOrder".into(), Value::from(i));
                row.insert("objID".into(), Value::String(id.to_owned()));
                row.insert("objObjCode".into(), Value::String(def.code.to_owned()));
                world.wf.insert("OBJCAT", row);
            }
            if def.has_field("categoryID") {
                next.insert("categoryID".into(), self.forms.first().map_or(Value::Null, |c| Value::String(c.clone())));
            }
        }
        if self.values.is_empty() && self.dropped.is_empty() {
            return;
        }
        let mut pv = next.get("parameterValues").and_then(Value::as_object).cloned().unwrap_or_default();
        for key in self.dropped {
            pv.remove(&key);
        }
        for (key, value) in self.values {
            match value {
                Some(v) => pv.insert(key, v),
                None => pv.remove(&key),
            };
        }
        next.insert("parameterValues".into(), Value::Object(pv));
    }
}

/// Rows for a replaced collection (`assignments` on TASK, `categoryParameters` on CTGY,
/// `parameterOptions` on PARAM, memberships on USER/GROUP/TEAMOB), checked and completed; rows
/// naming an existing `ID` keep it.
pub fn check_rows(
    store: &WfStore,
    owner_id: &str,
    next: &Obj,
    target: &str,
    foreign_key: &str,
    rows: &[Value],
) -> Result<Vec<Obj>, WfError> {
    let tdef = by_code(target);
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Value::Object(given) = row else {
            return Err(WfError::illegal_argument(format!("{} entries must be objects", tdef.name)));
        };
        let mut r: Obj =
            given.get("ID").and_then(Value::as_str).and_then(|rid| store.get(target, rid)).cloned().unwrap_or_default();
        for (k, v) in given {
            if k == "objCode" {
                continue;
            }
            if !tdef.has_field(k) {
                return Err(WfError::illegal_argument(format!("APIModel does not support field {k} ({})", tdef.name)));
            }
            r.insert(k.clone(), v.clone());
        }
        match target {
            "ASSGN" => {
                r.insert("taskID".into(), Value::String(owner_id.to_owned()));
                r.insert("projectID".into(), next.get("projectID").cloned().unwrap_or(Value::Null));
                for (field, code, name) in [("assignedToID", "USER", "User"), ("teamID", "TEAMOB", "Team")] {
                    if let Some(x) = str_of(&r, field)
                        && store.get(code, x).is_none()
                    {
                        return Err(WfError::not_found(name, x));
                    }
                }
                let team_only = str_of(&r, "teamID").is_some() && str_of(&r, "assignedToID").is_none();
                r.entry("isTeamAssignment").or_insert(Value::Bool(team_only));
                r.entry("status").or_insert(Value::String("NEW".into()));
                r.entry("assignmentPercent").or_insert(Value::from(100));
            }
            "CTGYPA" => {
                let pid = str_of(&r, "parameterID")
                    .ok_or_else(|| WfError::illegal_argument("categoryParameters entries need a parameterID"))?
                    .to_owned();
                if store.get("PARAM", &pid).is_none() {
                    return Err(WfError::not_found("Parameter", &pid));
                }
                // Composite ID `<categoryID>_<parameterID>` (KB #12).
                r.insert("ID".into(), Value::String(format!("{owner_id}_{pid}")));
                r.insert("categoryID".into(), Value::String(owner_id.to_owned()));
                r.entry("displayOrder").or_insert(Value::from(i));
                r.entry("isRequired").or_insert(Value::Bool(false));
            }
            "USRGPS" | "TEAMMB" => {
                // Memberships: the owner's side is fixed, the other side must exist.
                r.insert(foreign_key.to_owned(), Value::String(owner_id.to_owned()));
                for (field, code, name) in
                    [("userID", "USER", "User"), ("groupID", "GROUP", "Group"), ("teamID", "TEAMOB", "Team")]
                {
                    if field == foreign_key || !tdef.has_field(field) {
                        continue;
                    }
                    let other = str_of(&r, field)
                        .ok_or_else(|| WfError::illegal_argument(format!("{} entries need a {field}", tdef.name)))?;
                    if store.get(code, other).is_none() {
                        return Err(WfError::not_found(name, other));
                    }
                }
            }
            _ => {
                let value = r
                    .get("value")
                    .or_else(|| r.get("label"))
                    .cloned()
                    .ok_or_else(|| WfError::illegal_argument("parameterOptions entries need a value or a label"))?;
                r.insert("value".into(), value.clone());
                r.entry("label").or_insert(value);
                r.insert("parameterID".into(), Value::String(owner_id.to_owned()));
                r.entry("displayOrder").or_insert(Value::from(i));
                r.entry("isDefault").or_insert(Value::Bool(false));
                r.entry("isHidden").or_insert(Value::Bool(false));
            }
        }
        out.push(r);
    }
    Ok(out)
}
