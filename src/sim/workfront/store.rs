//! The simulated Workfront instance's data: objects as JSON maps keyed by objCode and ID, plus
//! credentials. Objects are kept in `BTreeMap`s so that iteration order is ID order, which is
//! what `ID_Sort=asc` asks for and keeps paging stable.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::objects::{self, ObjDef};

pub type Obj = Map<String, Value>;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct WfStore {
    /// objCode -> ID -> object.
    pub objects: BTreeMap<String, BTreeMap<String, Obj>>,
    /// API key -> user ID.
    pub api_keys: BTreeMap<String, String>,
    /// Session ID -> user ID (from `/login`).
    pub sessions: BTreeMap<String, String>,
    /// IMS bearer token -> (IMS org ID, user ID).
    pub ims_tokens: BTreeMap<String, (String, String)>,
    /// username -> password, for `/login`.
    pub passwords: BTreeMap<String, String>,
    /// Upload handle -> what was uploaded (the bytes are in `Blobs` under `wf/upload/<handle>`).
    #[serde(default)]
    pub uploads: BTreeMap<String, Upload>,
}

/// An uploaded file waiting to become a document version.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Upload {
    pub file_name: String,
    pub content_type: Option<String>,
    pub size: usize,
}

impl WfStore {
    pub fn table(&self, code: &str) -> impl Iterator<Item = &Obj> {
        self.objects.get(code).into_iter().flat_map(|t| t.values())
    }

    pub fn get(&self, code: &str, id: &str) -> Option<&Obj> {
        self.objects.get(code)?.get(id)
    }

    pub fn get_mut(&mut self, code: &str, id: &str) -> Option<&mut Obj> {
        self.objects.get_mut(code)?.get_mut(id)
    }

    /// Store an object; it must carry `ID`. `objCode` is set from the table.
    pub fn insert(&mut self, code: &str, mut obj: Obj) {
        let id = obj.get("ID").and_then(Value::as_str).expect("object without ID").to_owned();
        obj.insert("objCode".into(), Value::String(code.to_owned()));
        self.objects.entry(code.to_owned()).or_default().insert(id, obj);
    }

    pub fn remove(&mut self, code: &str, id: &str) -> Option<Obj> {
        self.objects.get_mut(code)?.remove(id)
    }

    /// Rows of `def`'s collection `coll` belonging to `owner_id`.
    pub fn children<'a>(
        &'a self,
        target: &'a str,
        foreign_key: &'a str,
        owner_id: &'a str,
    ) -> impl Iterator<Item = &'a Obj> {
        self.table(target).filter(move |o| o.get(foreign_key).and_then(Value::as_str) == Some(owner_id))
    }

    /// Fields Workfront computes rather than stores.
    pub fn computed(&self, def: &ObjDef, obj: &Obj, field: &str) -> Option<Value> {
        let id = obj.get("ID")?.as_str()?;
        match (def.code, field) {
            ("TASK" | "TTSK", "numberOfChildren") => Some(Value::from(self.children(def.code, "parentID", id).count())),
            ("PROJ", "totalTaskCount") => Some(Value::from(self.children("TASK", "projectID", id).count())),
            ("PROJ", "hasDocuments") => Some(Value::Bool(self.children("DOCU", "projectID", id).next().is_some())),
            ("PROJ" | "TASK", "statusEquatesWith") => super::statuses::equates_with(self, def, obj),
            ("DOCU", "downloadURL") => Some(Value::String(super::documents::download_url(obj))),
            _ => None,
        }
    }

    /// A field's value: stored, else computed.
    pub fn field(&self, def: &ObjDef, obj: &Obj, field: &str) -> Option<Value> {
        obj.get(field).cloned().or_else(|| self.computed(def, obj, field))
    }

    /// The custom-data value `DE:<name>` of an object.
    pub fn custom_value<'a>(&self, obj: &'a Obj, de_name: &str) -> Option<&'a Value> {
        obj.get("parameterValues")?.as_object()?.get(de_name)
    }

    pub fn def(code: &str) -> &'static ObjDef {
        objects::by_code(code)
    }
}
