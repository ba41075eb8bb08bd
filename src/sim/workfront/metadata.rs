//! `GET <api>/metadata` (the object list, shape of `specs/workfront/metadata-objects-v22.0.json`)
//! and `GET <api>/<obj>/metadata` (shape of the JS client's `fixtures/metadata.json`).

use serde_json::{Map, Value, json};

use super::model::guess_target;
use super::objects::{OBJECTS, ObjDef, lookup};
use super::values::kind_of;

/// `{"data":{"objects":{"Project":{"name","label","objCode","url"},...}}}`; secondary objects
/// carry `"secondaryObject":"true"` (a string, as Workfront sends it).
pub fn all(api_root: &str) -> Value {
    let mut objects = Map::new();
    for d in OBJECTS {
        let mut o = json!({"name": d.name, "label": d.label, "objCode": d.code,
                           "url": format!("{api_root}/{}/metadata", d.code.to_ascii_lowercase())});
        if d.secondary {
            o["secondaryObject"] = Value::String("true".into());
        }
        objects.insert(d.name.to_owned(), o);
    }
    json!({ "objects": objects })
}

/// `ownerID` -> `Owner ID`, `plannedStartDate` -> `Planned Start Date`.
fn label_of(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let boundary = i > 0
            && c.is_ascii_uppercase()
            && (!chars[i - 1].is_ascii_uppercase() || chars.get(i + 1).is_some_and(char::is_ascii_lowercase));
        if boundary {
            out.push(' ');
        }
        out.push(if i == 0 { c.to_ascii_uppercase() } else { *c });
    }
    out
}

fn field(label: String, field_type: &str, type_obj: Option<&str>, url: Option<String>) -> Value {
    json!({"label": label, "typeObjCode": type_obj, "targetTypeObjCode": null, "fieldType": field_type,
           "enumTargetObjCode": null, "enumType": null, "url": url})
}

fn status_values(def: &ObjDef) -> Option<(&'static str, Vec<(&'static str, &'static str)>)> {
    match def.code {
        "PROJ" => Some((
            "com.attask.common.constants.ProjectStatusEnum",
            vec![
                ("PLN", "Planning"),
                ("CUR", "Current"),
                ("CPL", "Complete"),
                ("DED", "Dead"),
                ("ONH", "On Hold"),
                ("REQ", "Requested"),
                ("APR", "Approved"),
                ("REJ", "Rejected"),
                ("IDA", "Idea"),
            ],
        )),
        "TASK" => Some((
            "com.attask.common.constants.TaskStatusEnum",
            vec![("NEW", "New"), ("INP", "In Progress"), ("CPL", "Complete")],
        )),
        _ => None,
    }
}

/// One object's metadata: fields (with `fieldType`), references, collections, actions, queries.
pub fn object(def: &ObjDef, api_root: &str) -> Value {
    let url_of = |code: &str| format!("{api_root}/{}/metadata", code.to_ascii_lowercase());
    let mut fields = Map::new();
    let names = std::iter::once("ID").chain(def.fields.iter().copied()).chain(def.extra_fields());
    for name in names {
        if fields.contains_key(name) {
            continue;
        }
        let mut f = field(label_of(name), kind_of(name).metadata_name(), None, None);
        if name == "status" {
            // Only the base enum: custom statuses are not listed here (KB).
            if let Some((enum_type, values)) = status_values(def) {
                f["enumType"] = Value::String(enum_type.into());
                f["possibleValues"] = values.into_iter().map(|(v, l)| json!({"label": l, "value": v})).collect();
            }
        }
        if name == "ID" || name.ends_with("ID") {
            f["flags"] = json!(["NOT_GROUPABLE"]);
        }
        fields.insert(name.to_owned(), f);
    }
    let ref_names: Vec<&str> = def
        .references
        .iter()
        .map(|r| r.name)
        .chain(def.model().into_iter().flat_map(|m| m.references.iter().map(String::as_str)))
        .collect();
    let mut references = Map::new();
    for name in ref_names {
        let Some(r) = def.reference(name) else { continue };
        let target = if r.target.is_empty() { guess_target(name) } else { r.target };
        let (code, type_name, url) = match lookup(target) {
            Some(t) => (Some(t.code), t.name.to_owned(), Some(url_of(t.code))),
            None => (None, label_of(name).replace(' ', ""), None),
        };
        references.insert(name.to_owned(), field(label_of(name), &type_name, code, url));
    }
    let coll_names: Vec<&str> = def
        .collections
        .iter()
        .map(|c| c.name)
        .chain(def.model().into_iter().flat_map(|m| m.collections.iter().map(String::as_str)))
        .collect();
    let mut collections = Map::new();
    for name in coll_names {
        if name == "parameterValues" && !def.custom_data {
            continue;
        }
        let target = def.collection(name).map(|c| c.target).unwrap_or_default();
        let (code, type_name, url) = match lookup(target) {
            Some(t) => (Some(t.code), t.name.to_owned(), Some(url_of(t.code))),
            None => (None, label_of(name).replace(' ', ""), None),
        };
        let mut c = field(name.to_owned(), &type_name, code, url);
        c["flags"] = json!(["NOT_GROUPABLE"]);
        collections.insert(name.to_owned(), c);
    }
    let mut actions = Map::new();
    if let Some(m) = def.model() {
        for (name, a) in &m.actions {
            let mut v = json!({
                "arguments": a.arguments.iter().map(|x| json!({"name": x.name, "type": x.ty})).collect::<Vec<_>>(),
                "label": name,
            });
            if let Some(rt) = &a.result_type {
                v["resultType"] = Value::String(rt.clone());
            }
            actions.insert(name.clone(), v);
        }
    }
    let mut queries = Map::new();
    if def.code == "CSTEM" {
        for q in ["projectGroupStatuses", "taskGroupStatuses", "opTaskGroupStatuses"] {
            queries.insert(
                q.into(),
                json!({"arguments": [{"name": "groupID", "type": "string"}, {"name": "includeHidden", "type": "boolean"}], "label": q}),
            );
        }
    }
    let operations: &[&str] =
        if def.secondary { &["get"] } else { &["add", "count", "delete", "edit", "get", "report", "search"] };
    let mut flags = vec!["REPORTABLE"];
    if def.custom_data {
        flags.push("DATA_EXTENDIBLE");
    }
    json!({
        "name": def.name, "label": def.label, "objCode": def.code, "flags": flags, "url": url_of(def.code),
        "fields": fields, "references": references, "collections": collections, "search": {},
        "actions": actions, "queries": queries, "operations": operations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_like_workfront() {
        assert_eq!(label_of("plannedStartDate"), "Planned Start Date");
        assert_eq!(label_of("ownerID"), "Owner ID");
        assert_eq!(label_of("ID"), "ID");
        assert_eq!(label_of("URL"), "URL");
    }
}
