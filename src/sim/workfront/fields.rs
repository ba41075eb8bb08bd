//! `fields=` projection: default fields, `*`, named fields, nested references (`owner:name`),
//! collections (`assignments:*`), custom data (`DE:<name>`, `parameterValues`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{Map, Value};

use super::error::WfError;
use super::objects::{ObjDef, lookup};
use super::store::{Obj, WfStore};

/// Field depth Workfront allows (BASICS "Limits and Guidelines").
const MAX_DEPTH: usize = 4;

/// Rows of one table by the value of one of their ID fields (`taskID` -> assignments), in table
/// (ID) order.
type Index<'a> = HashMap<&'a str, Vec<&'a Obj>>;

/// Projects objects into responses for one API version (used in error messages).
pub struct Projector<'a> {
    pub store: &'a WfStore,
    /// e.g. `V21_0` for v21.0, `INTERNAL` for the unsupported API.
    pub model: String,
    /// Indexes built on first use, for this response only: a page of N objects with a collection
    /// or a child count costs one pass over the related table, not N (2,000 tasks of a
    /// 50,000-task organisation with `numberOfChildren` took a minute).
    indexes: RefCell<HashMap<(&'static str, &'static str), Rc<Index<'a>>>>,
}

impl<'a> Projector<'a> {
    pub fn new(store: &'a WfStore, model: String) -> Self {
        Self { store, model, indexes: RefCell::default() }
    }

    fn index(&self, target: &'static str, key: &'static str) -> Rc<Index<'a>> {
        if let Some(index) = self.indexes.borrow().get(&(target, key)) {
            return index.clone();
        }
        let mut index: Index<'a> = HashMap::new();
        for obj in self.store.table(target) {
            if let Some(id) = obj.get(key).and_then(Value::as_str) {
                index.entry(id).or_default().push(obj);
            }
        }
        let index = Rc::new(index);
        self.indexes.borrow_mut().insert((target, key), index.clone());
        index
    }

    /// Rows of `target` whose `key` is `id`.
    fn children(&self, target: &'static str, key: &'static str, id: &str) -> Vec<&'a Obj> {
        self.index(target, key).get(id).cloned().unwrap_or_default()
    }

    /// A field's value: stored, else computed (the counts through an index, as `WfStore::computed`
    /// would count them).
    fn field(&self, def: &ObjDef, obj: &Obj, field: &str) -> Option<Value> {
        if let Some(v) = obj.get(field) {
            return Some(v.clone());
        }
        let id = obj.get("ID").and_then(Value::as_str).unwrap_or_default();
        let count = |target: &'static str, key: &'static str| self.index(target, key).get(id).map_or(0, Vec::len);
        match (def.code, field) {
            ("TASK", "numberOfChildren") => Some(Value::from(count("TASK", "parentID"))),
            ("TTSK", "numberOfChildren") => Some(Value::from(count("TTSK", "parentID"))),
            ("PROJ", "totalTaskCount") => Some(Value::from(count("TASK", "projectID"))),
            ("PROJ", "hasDocuments") => Some(Value::Bool(count("DOCU", "projectID") > 0)),
            _ => self.store.computed(def, obj, field),
        }
    }

    fn unsupported(&self, def: &ObjDef, field: &str) -> WfError {
        WfError::illegal_argument(format!("APIModel {} does not support field {field} ({})", self.model, def.name))
    }

    /// Check a `fields=` list against the object type before touching any data, so a bad field is
    /// an error even when the result set is empty.
    pub fn validate(&self, def: &ObjDef, fields: &[String]) -> Result<(), WfError> {
        for f in fields {
            self.validate_path(def, f, 1)?;
        }
        Ok(())
    }

    fn validate_path(&self, def: &ObjDef, path: &str, depth: usize) -> Result<(), WfError> {
        if depth > MAX_DEPTH {
            return Err(WfError::illegal_argument(format!("Field depth exceeds {MAX_DEPTH}: {path}")));
        }
        let (head, rest) = match path.split_once(':') {
            Some(("DE", _)) => return Ok(()),
            Some((h, r)) => (h, Some(r)),
            None => (path, None),
        };
        if head == "*" || head == "parameterValues" || def.has_field(head) && rest.is_none() {
            return Ok(());
        }
        let target = if let Some(r) = def.reference(head) {
            r.target
        } else if let Some(c) = def.collection(head) {
            c.target
        } else {
            return Err(self.unsupported(def, head));
        };
        match (rest, lookup(target)) {
            (Some(rest), Some(t)) => self.validate_path(t, rest, depth + 1),
            // A reference the simulator has no type for reads as null whatever is asked of it.
            _ => Ok(()),
        }
    }

    /// Render one object with its default fields plus `fields`.
    pub fn render(&self, def: &ObjDef, obj: &Obj, fields: &[String]) -> Value {
        Value::Object(self.render_map(def, obj, fields, 1))
    }

    fn render_map(&self, def: &ObjDef, obj: &Obj, fields: &[String], depth: usize) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("ID".into(), obj.get("ID").cloned().unwrap_or(Value::Null));
        if def.has_field("name") {
            out.insert("name".into(), obj.get("name").cloned().unwrap_or(Value::Null));
        }
        out.insert("objCode".into(), Value::String(def.code.into()));
        for f in def.defaults {
            out.insert((*f).into(), self.field(def, obj, f).unwrap_or(Value::Null));
        }
        // Group nested paths by their head so `owner:name,owner:emailAddr` renders `owner` once.
        let mut nested: Vec<(&str, Vec<String>)> = Vec::new();
        for f in fields {
            if let Some(de) = f.strip_prefix("DE:") {
                let key = format!("DE:{de}");
                if let Some(v) = self.store.custom_value(obj, &key) {
                    out.insert(key, v.clone());
                }
                continue;
            }
            match f.split_once(':') {
                // `parameterValues:*` (workfront-sdk) reads the whole map.
                Some(("parameterValues", _)) => {
                    let pv = obj.get("parameterValues").cloned().unwrap_or_else(|| Value::Object(Map::new()));
                    out.insert("parameterValues".into(), pv);
                }
                Some((head, rest)) => match nested.iter_mut().find(|(h, _)| *h == head) {
                    Some((_, v)) => v.push(rest.to_owned()),
                    None => nested.push((head, vec![rest.to_owned()])),
                },
                None if f == "*" => {
                    for field in def.fields {
                        out.insert((*field).into(), self.field(def, obj, field).unwrap_or(Value::Null));
                    }
                    for field in def.extra_fields() {
                        if let Some(v) = obj.get(field) {
                            out.insert(field.into(), v.clone());
                        }
                    }
                }
                None if f == "parameterValues" => {
                    let pv = obj.get("parameterValues").cloned().unwrap_or_else(|| Value::Object(Map::new()));
                    out.insert("parameterValues".into(), pv);
                }
                None if def.reference(f).is_some() || def.collection(f).is_some() => {
                    match nested.iter_mut().find(|(h, _)| *h == f) {
                        Some(_) => {}
                        None => nested.push((f.as_str(), Vec::new())),
                    }
                }
                None => {
                    out.insert(f.clone(), self.field(def, obj, f).unwrap_or(Value::Null));
                }
            }
        }
        for (head, sub) in nested {
            let value = self.render_related(def, obj, head, &sub, depth);
            out.insert(head.to_owned(), value);
        }
        out
    }

    fn render_related(&self, def: &ObjDef, obj: &Obj, head: &str, sub: &[String], depth: usize) -> Value {
        if let Some(r) = def.reference(head) {
            let Some(target) = lookup(r.target) else { return Value::Null };
            return match obj.get(r.id_field).and_then(Value::as_str).and_then(|id| self.store.get(r.target, id)) {
                Some(o) => Value::Object(self.render_map(target, o, sub, depth + 1)),
                None => Value::Null,
            };
        }
        if let Some(c) = def.collection(head) {
            let Some(target) = lookup(c.target) else { return Value::Array(Vec::new()) };
            let id = obj.get("ID").and_then(Value::as_str).unwrap_or_default();
            let rows = self
                .children(c.target, c.foreign_key, id)
                .into_iter()
                // OBJCAT rows are shared by every object type; keep the ones for this type.
                .filter(|o| c.target != "OBJCAT" || o.get("objObjCode").and_then(Value::as_str) == Some(def.code))
                .map(|o| Value::Object(self.render_map(target, o, sub, depth + 1)))
                .collect();
            return Value::Array(rows);
        }
        Value::Null
    }
}

/// Split a `fields=` parameter (possibly repeated) into field paths.
pub fn parse_fields(raw: &[&str]) -> Vec<String> {
    raw.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}
