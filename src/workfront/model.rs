//! Typed Workfront objects, as far as wfio reads them, and the `fields=` each needs.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// Custom-form values keyed `DE:<parameter name>`.
pub type CustomValues = Map<String, Value>;

/// `null` and absent both become the default (Workfront sends `null` for unset fields).
fn null_default<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

pub fn custom_text<'a>(values: &'a CustomValues, name: &str) -> Option<&'a str> {
    let key = format!("DE:{name}");
    values.get(&key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Group {
    #[serde(rename = "ID")]
    pub id: String,
    pub name: String,
    #[serde(default, deserialize_with = "null_default")]
    pub description: Option<String>,
    #[serde(rename = "parameterValues", default, deserialize_with = "null_default")]
    pub custom: CustomValues,
}

impl Group {
    pub const FIELDS: &'static str = "ID,name,description,parameterValues";

    pub fn custom_text(&self, name: &str) -> Option<&str> {
        custom_text(&self.custom, name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(rename = "emailAddr", default, deserialize_with = "null_default")]
    pub email: Option<String>,
    #[serde(rename = "isActive", default, deserialize_with = "null_default")]
    pub is_active: Option<bool>,
}

impl User {
    pub const FIELDS: &'static str = "ID,name,emailAddr,isActive";
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TeamMember {
    #[serde(rename = "userID")]
    pub user_id: String,
    #[serde(default)]
    pub user: Option<User>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Team {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
    #[serde(rename = "teamMembers", default, deserialize_with = "null_default")]
    pub members: Vec<TeamMember>,
}

impl Team {
    pub const FIELDS: &'static str = "ID,name";
    pub const FIELDS_WITH_MEMBERS: &'static str =
        "ID,name,teamMembers:userID,teamMembers:user:name,teamMembers:user:emailAddr";
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Template {
    #[serde(rename = "ID")]
    pub id: String,
    pub name: String,
    #[serde(rename = "groupID", default, deserialize_with = "null_default")]
    pub group_id: Option<String>,
}

impl Template {
    pub const FIELDS: &'static str = "ID,name,groupID";
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Project {
    #[serde(rename = "ID")]
    pub id: String,
    pub name: String,
    #[serde(default, deserialize_with = "null_default")]
    pub status: String,
    #[serde(rename = "groupID", default, deserialize_with = "null_default")]
    pub group_id: Option<String>,
    #[serde(rename = "templateID", default, deserialize_with = "null_default")]
    pub template_id: Option<String>,
    #[serde(default)]
    pub group: Option<GroupRef>,
    #[serde(rename = "parameterValues", default, deserialize_with = "null_default")]
    pub custom: CustomValues,
}

impl Project {
    pub const FIELDS: &'static str = "ID,name,status,groupID,templateID,group:name,parameterValues";

    pub fn custom_text(&self, name: &str) -> Option<&str> {
        custom_text(&self.custom, name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GroupRef {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(default, deserialize_with = "null_default")]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Assignment {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "assignedToID", default, deserialize_with = "null_default")]
    pub user_id: Option<String>,
    #[serde(rename = "teamID", default, deserialize_with = "null_default")]
    pub team_id: Option<String>,
    #[serde(rename = "assignedTo", default)]
    pub user: Option<User>,
    #[serde(default)]
    pub team: Option<GroupRef>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Task {
    #[serde(rename = "ID")]
    pub id: String,
    pub name: String,
    #[serde(rename = "projectID", default, deserialize_with = "null_default")]
    pub project_id: String,
    #[serde(rename = "parentID", default, deserialize_with = "null_default")]
    pub parent_id: Option<String>,
    #[serde(rename = "numberOfChildren", default, deserialize_with = "null_default")]
    pub children: u32,
    #[serde(rename = "taskNumber", default, deserialize_with = "null_default")]
    pub number: u32,
    #[serde(default, deserialize_with = "null_default")]
    pub status: String,
    #[serde(default, deserialize_with = "null_default")]
    pub assignments: Vec<Assignment>,
    #[serde(rename = "parameterValues", default, deserialize_with = "null_default")]
    pub custom: CustomValues,
}

impl Task {
    pub const FIELDS: &'static str = "ID,name,projectID,parentID,numberOfChildren,taskNumber,status,parameterValues,\
assignments:assignedToID,assignments:teamID,assignments:assignedTo:name,assignments:assignedTo:emailAddr,assignments:team:name";

    pub fn custom_text(&self, name: &str) -> Option<&str> {
        custom_text(&self.custom, name)
    }

    pub fn is_subtask(&self) -> bool {
        self.parent_id.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DocumentVersion {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "fileName", default, deserialize_with = "null_default")]
    pub file_name: String,
    #[serde(rename = "docSize", default, deserialize_with = "null_default")]
    pub size: u64,
    #[serde(rename = "fileType", default, deserialize_with = "null_default")]
    pub file_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Document {
    #[serde(rename = "ID")]
    pub id: String,
    pub name: String,
    #[serde(rename = "docObjCode", default, deserialize_with = "null_default")]
    pub doc_obj_code: String,
    #[serde(rename = "objID", default, deserialize_with = "null_default")]
    pub obj_id: String,
    #[serde(rename = "projectID", default, deserialize_with = "null_default")]
    pub project_id: Option<String>,
    #[serde(rename = "taskID", default, deserialize_with = "null_default")]
    pub task_id: Option<String>,
    #[serde(rename = "downloadURL", default, deserialize_with = "null_default")]
    pub download_url: Option<String>,
    #[serde(rename = "currentVersion", default)]
    pub current_version: Option<DocumentVersion>,
}

impl Document {
    pub const FIELDS: &'static str = "ID,name,docObjCode,objID,projectID,taskID,downloadURL,currentVersion:fileName,currentVersion:docSize,currentVersion:fileType";
}

/// A project status, system or custom (`CSTEM`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Status {
    pub value: String,
    #[serde(default, deserialize_with = "null_default")]
    pub label: String,
    #[serde(rename = "equatesWith", default, deserialize_with = "null_default")]
    pub equates_with: String,
    #[serde(default, deserialize_with = "null_default")]
    pub color: Option<String>,
    #[serde(rename = "groupID", default, deserialize_with = "null_default")]
    pub group_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Category {
    #[serde(rename = "ID")]
    pub id: String,
    pub name: String,
    #[serde(rename = "catObjCode", default, deserialize_with = "null_default")]
    pub obj_code: String,
    #[serde(rename = "categoryParameters", default, deserialize_with = "null_default")]
    pub parameters: Vec<CategoryParameter>,
}

impl Category {
    pub const FIELDS: &'static str =
        "ID,name,catObjCode,categoryParameters:parameterID,categoryParameters:displayOrder";
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CategoryParameter {
    #[serde(rename = "parameterID")]
    pub parameter_id: String,
    #[serde(rename = "displayOrder", default, deserialize_with = "null_default")]
    pub order: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Parameter {
    #[serde(rename = "ID")]
    pub id: String,
    pub name: String,
    #[serde(rename = "displayType", default, deserialize_with = "null_default")]
    pub display_type: String,
}

impl Parameter {
    pub const FIELDS: &'static str = "ID,name,displayType";
}

/// A form attached to an object (`objectCategories` row).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ObjectCategory {
    #[serde(rename = "categoryID")]
    pub category_id: String,
    #[serde(rename = "categoryOrder", default, deserialize_with = "null_default")]
    pub order: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nulls_and_missing_fields_default() {
        let t: Task = serde_json::from_value(json!({
            "ID": "t1", "name": "Brief", "parentID": null, "numberOfChildren": null,
            "assignments": [{"ID": "a1", "assignedToID": "u1", "teamID": null,
                             "assignedTo": {"ID": "u1", "name": "Ana", "emailAddr": null}}],
            "parameterValues": {"DE:This task's integration status": "Active"}
        }))
        .unwrap();
        assert!(!t.is_subtask());
        assert_eq!(t.children, 0);
        assert_eq!(t.assignments[0].user.as_ref().unwrap().email, None);
        assert_eq!(t.custom_text("This task's integration status"), Some("Active"));
    }
}
