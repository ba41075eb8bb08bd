//! Typed Workfront objects, as far as wfio reads them.

use serde::Deserialize;
use serde_json::{Map, Value};

/// Custom-form values keyed `DE:<parameter name>`.
pub type CustomValues = Map<String, Value>;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Group {
    #[serde(rename = "ID")]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(rename = "parameterValues", default)]
    pub custom: CustomValues,
}

impl Group {
    /// A custom-form text value, if set and not empty.
    pub fn custom_text(&self, name: &str) -> Option<&str> {
        custom_text(&self.custom, name)
    }
}

pub fn custom_text<'a>(values: &'a CustomValues, name: &str) -> Option<&'a str> {
    let key = format!("DE:{name}");
    values.get(&key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}
