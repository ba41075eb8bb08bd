//! The wider Workfront data model: every field, reference, collection and action (with its
//! arguments) that Workfront's own `/metadata` listed for the objects the simulator serves.
//!
//! `model.json` is extracted from python-workfront 0.8.0 (MIT), `versions/unsupported.py`, which
//! its author generated from a live `/attask/api/unsupported/metadata` (see
//! `shared/specs/workfront/PROVENANCE.md`). The hand-written registry in `objects.rs` is the part
//! the simulator gives behaviour to; this model makes the rest *known*, so a client asking for a
//! real field the simulator does not compute gets `null` instead of a false "does not support".

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct ModelArg {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ModelAction {
    #[serde(default)]
    pub arguments: Vec<ModelArg>,
    #[serde(rename = "resultType", default)]
    pub result_type: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ModelObj {
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub collections: Vec<String>,
    #[serde(default)]
    pub actions: BTreeMap<String, ModelAction>,
    /// `<reference>ID` for each reference, so callers can borrow it for `'static`.
    #[serde(skip)]
    pub ref_ids: Vec<String>,
}

static MODEL: LazyLock<BTreeMap<String, ModelObj>> = LazyLock::new(|| {
    let mut raw: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(include_str!("model.json")).expect("model.json is valid");
    raw.remove("_about");
    raw.into_iter()
        .map(|(code, v)| {
            let mut obj: ModelObj = serde_json::from_value(v).expect("model.json object");
            obj.ref_ids = obj.references.iter().map(|r| format!("{r}ID")).collect();
            (code, obj)
        })
        .collect()
});

/// The model of one object type, by objCode.
pub fn model(code: &str) -> Option<&'static ModelObj> {
    MODEL.get(code)
}

/// The objCode a reference or collection named only in the model points at, when the simulator
/// knows that type; `""` when it does not (such references render as `null`, collections as `[]`).
pub fn guess_target(name: &str) -> &'static str {
    match name {
        "owner" | "sponsor" | "enteredBy" | "lastUpdatedBy" | "assignedBy" | "assignedTo" | "user" | "manager"
        | "approver" | "submittedBy" | "resolveUser" | "currentApprover" | "lastCheckIn" | "checkedOutBy" => "USER",
        "group" | "homeGroup" | "otherGroups" => "GROUP",
        "project" | "resolveProject" => "PROJ",
        "task" | "resolveTask" => "TASK",
        "template" => "TMPL",
        "templateTask" => "TTSK",
        "category" => "CTGY",
        "team" | "homeTeam" => "TEAMOB",
        "parameter" => "PARAM",
        "document" => "DOCU",
        "currentVersion" => "DOCV",
        _ => "",
    }
}
