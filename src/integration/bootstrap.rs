//! Make sure the three custom forms exist, creating what is missing. Idempotent: a form or a
//! field that exists (by name) is reused, never duplicated. Needs Workfront admin rights.

use serde_json::{Value, json};

use super::error::Result;
use super::forms::{ALL, FieldSpec, FormSpec};
use crate::workfront::WorkfrontClient;
use crate::workfront::model::{Category, Parameter};

/// Creates of one form or field tried, each after looking whether the previous one landed.
const CREATE_ATTEMPTS: u32 = 3;

/// The IDs of wfio's forms in this Workfront instance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormIds {
    pub group: String,
    pub task: String,
    pub project: String,
}

impl FormIds {
    pub fn for_obj(&self, obj_code: &str) -> &str {
        match obj_code {
            "GROUP" => &self.group,
            "TASK" => &self.task,
            _ => &self.project,
        }
    }
}

/// What a bootstrap did, for telling the user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bootstrap {
    pub ids: FormIds,
    /// Names of the forms and fields created now (empty when everything existed).
    pub created: Vec<String>,
}

pub async fn ensure_forms(wf: &WorkfrontClient) -> Result<Bootstrap> {
    // Every field and every form is looked up at once (two searches), then only what is missing
    // is created: a bootstrap that finds everything costs one round trip, not one per field.
    let (mut params, found) = futures::try_join!(find_params(wf), find_categories(wf))?;
    let mut out = Bootstrap::default();
    for spec in ALL {
        let id = ensure_form(wf, &spec, &mut params, &found, &mut out.created).await?;
        match spec.obj_code {
            "GROUP" => out.ids.group = id,
            "TASK" => out.ids.task = id,
            _ => out.ids.project = id,
        }
    }
    Ok(out)
}

/// Find wfio's forms without creating anything; `None` when any is missing.
pub async fn find_forms(wf: &WorkfrontClient) -> Result<Option<FormIds>> {
    let found = find_categories(wf).await?;
    let mut ids = FormIds::default();
    for spec in ALL {
        let Some(form) = form_in(&found, &spec) else { return Ok(None) };
        match spec.obj_code {
            "GROUP" => ids.group = form.id.clone(),
            "TASK" => ids.task = form.id.clone(),
            _ => ids.project = form.id.clone(),
        }
    }
    Ok(Some(ids))
}

/// `name=a&name=b&name_Mod=in`: objects with any of the names, in one search.
fn named(names: impl Iterator<Item = &'static str>) -> Vec<(&'static str, String)> {
    let mut filters: Vec<(&str, String)> = names.map(|n| ("name", n.to_owned())).collect();
    filters.push(("name_Mod", "in".to_owned()));
    filters
}

/// Every form (category) named like one of wfio's.
async fn find_categories(wf: &WorkfrontClient) -> Result<Vec<Category>> {
    Ok(wf.search_all("ctgy", &named(ALL.iter().map(|s| s.name)), Category::FIELDS).await?)
}

/// Every field (parameter) named like one of wfio's.
async fn find_params(wf: &WorkfrontClient) -> Result<Vec<Parameter>> {
    let names = ALL.iter().flat_map(|s| s.fields.iter().map(|f| f.name));
    Ok(wf.search_all("param", &named(names), Parameter::FIELDS).await?)
}

fn form_in<'a>(found: &'a [Category], spec: &FormSpec) -> Option<&'a Category> {
    found.iter().find(|c| c.name == spec.name && (c.obj_code.is_empty() || c.obj_code == spec.obj_code))
}

async fn ensure_form(
    wf: &WorkfrontClient,
    spec: &FormSpec,
    params: &mut Vec<Parameter>,
    found: &[Category],
    created: &mut Vec<String>,
) -> Result<String> {
    let mut param_ids = Vec::new();
    for field in spec.fields {
        param_ids.push(ensure_field(wf, field, params, created).await?);
    }
    let wanted: Vec<Value> = param_ids
        .iter()
        .enumerate()
        .map(|(i, id)| json!({"parameterID": id, "displayOrder": i, "isRequired": false}))
        .collect();
    match form_in(found, spec) {
        Some(form) => {
            let missing = param_ids.iter().any(|id| !form.parameters.iter().any(|p| &p.parameter_id == id));
            if missing {
                // `categoryParameters` is replaced as a whole: send the form's fields plus ours.
                let mut all: Vec<Value> = form
                    .parameters
                    .iter()
                    .filter(|p| !param_ids.contains(&p.parameter_id))
                    .map(|p| json!({"parameterID": p.parameter_id, "displayOrder": p.order, "isRequired": false}))
                    .collect();
                let offset = all.len();
                all.extend(wanted.iter().enumerate().map(|(i, v)| {
                    let mut v = v.clone();
                    v["displayOrder"] = json!(offset + i);
                    v
                }));
                wf.edit::<Value>("ctgy", &form.id, &json!({"categoryParameters": all}), "ID").await?;
                created.push(format!("fields of the form \"{}\"", spec.name));
            }
            Ok(form.id.clone())
        }
        None => {
            let body = json!({
                "name": spec.name,
                "description": "Managed by wfio: the Workfront side of the Frame.io integration.",
                "catObjCode": spec.obj_code,
                "objTypes": [spec.obj_code],
                "categoryParameters": wanted,
            });
            let probe = [("name", spec.name.to_owned()), ("catObjCode", spec.obj_code.to_owned())];
            let form: Category =
                wf.create_or_find("ctgy", &body, "ID,name,catObjCode", &probe, CREATE_ATTEMPTS).await?;
            created.push(format!("form \"{}\"", spec.name));
            Ok(form.id)
        }
    }
}

/// The field's ID: one of `params` (found before) by name, else created now (and added to them).
async fn ensure_field(
    wf: &WorkfrontClient,
    field: &FieldSpec,
    params: &mut Vec<Parameter>,
    created: &mut Vec<String>,
) -> Result<String> {
    if let Some(p) = params.iter().find(|p| p.name == field.name) {
        return Ok(p.id.clone());
    }
    let options: Vec<Value> = field
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| json!({"label": o, "value": o, "displayOrder": i, "isDefault": i == 0}))
        .collect();
    let mut body = json!({
        "name": field.name,
        "label": field.name,
        "description": "Set by wfio",
        "dataType": "TEXT",
        "displayType": field.display_type,
    });
    if !options.is_empty() {
        body["parameterOptions"] = Value::Array(options);
    }
    let probe = [("name", field.name.to_owned())];
    let p: Parameter = wf.create_or_find("param", &body, Parameter::FIELDS, &probe, CREATE_ATTEMPTS).await?;
    created.push(format!("field \"{}\"", field.name));
    let id = p.id.clone();
    params.push(p);
    Ok(id)
}
