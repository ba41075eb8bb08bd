//! The official Frame.io V4 OpenAPI document, found and turned into JSON Schema (draft 2020-12)
//! so responses can be validated against it. Included with `#[path = "common/openapi.rs"]`.
//!
//! Finding it: `WFIO_SPECS_DIR` if set, else `shared/specs/` in a folder above the crate; when
//! found, the vendored copy `tests/data/frameio-v4-openapi.json` must be byte-identical to it.
//! Otherwise the vendored copy. Neither: a failure under `CI=true`, a skip elsewhere.
//!
//! OpenAPI 3.0 → JSON Schema: `$ref: #/components/schemas/X` → `#/$defs/X`; `nullable: true`
//! → `anyOf: [{type: null}, <the schema>]`; `additionalProperties: false` beside
//! `allOf`/`oneOf`/`anyOf` → `unevaluatedProperties: false` (in JSON Schema,
//! `additionalProperties` does not see the properties of subschemas, so read literally it would
//! forbid every field of `FileWithIncludes`; the document's intent, and what its generated
//! clients do, is "no fields beyond the composed ones"); `example` dropped. Formats (`uuid`,
//! `date-time`) are asserted.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

pub const FILE: &str = "frameio-v4-openapi.json";

fn vendored() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(FILE)
}

fn shared() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("WFIO_SPECS_DIR") {
        let p = Path::new(&dir).join(FILE);
        return p.exists().then_some(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().map(|a| a.join("shared/specs").join(FILE)).find(|p| p.exists())
}

/// The document, or None when it is missing and this is not CI (the caller skips).
pub fn load() -> Option<Value> {
    let vendored = vendored();
    let path = match shared() {
        Some(p) => {
            if vendored.exists() {
                let (a, b) = (std::fs::read(&p).unwrap(), std::fs::read(&vendored).unwrap());
                assert!(
                    a == b,
                    "{} differs from {}: re-copy it (see tests/data/PROVENANCE.md)",
                    vendored.display(),
                    p.display()
                );
            }
            p
        }
        None if vendored.exists() => vendored,
        None => {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "the V4 OpenAPI document is missing (CI=true)");
            eprintln!("skipped: no {FILE} in WFIO_SPECS_DIR, shared/specs/ or tests/data/");
            return None;
        }
    };
    Some(serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap())
}

/// One schema, converted (see the module doc).
pub fn convert(v: &Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().map(convert).collect()),
        Value::Object(map) => {
            let mut out = Map::new();
            let composed = ["allOf", "oneOf", "anyOf"].iter().any(|k| map.contains_key(*k));
            for (k, val) in map {
                match k.as_str() {
                    "nullable" | "example" | "discriminator" => {}
                    "$ref" => {
                        let r = val.as_str().unwrap_or_default().replace("#/components/schemas/", "#/$defs/");
                        out.insert(k.clone(), json!(r));
                    }
                    "additionalProperties" if composed && *val == json!(false) => {
                        out.insert("unevaluatedProperties".into(), json!(false));
                    }
                    // Property names are not schemas: convert their values only.
                    "properties" => {
                        let props = val.as_object().map(|p| p.iter().map(|(n, s)| (n.clone(), convert(s))).collect());
                        out.insert(k.clone(), Value::Object(props.unwrap_or_default()));
                    }
                    _ => {
                        out.insert(k.clone(), convert(val));
                    }
                }
            }
            if map.get("nullable") == Some(&json!(true)) {
                json!({"anyOf": [{"type": "null"}, Value::Object(out)]})
            } else {
                Value::Object(out)
            }
        }
        other => other.clone(),
    }
}

/// Validators for the responses of the document's operations, built on first use.
pub struct Spec {
    doc: Value,
    defs: Value,
    cache: HashMap<(String, String, u16), jsonschema::Validator>,
}

impl Spec {
    pub fn new(doc: Value) -> Self {
        let defs = convert(&doc["components"]["schemas"]);
        Self { doc, defs, cache: HashMap::new() }
    }

    pub fn doc(&self) -> &Value {
        &self.doc
    }

    /// The response schema of `method path-template` for `status`, converted; None when the
    /// status is not documented; `Some(Null)` when it has no JSON body (204).
    pub fn response_schema(&self, path: &str, method: &str, status: u16) -> Option<Value> {
        let op = &self.doc["paths"][path][method.to_ascii_lowercase()];
        let resp = op["responses"].get(status.to_string())?;
        match resp["content"].get("application/json") {
            Some(c) => Some(convert(&c["schema"])),
            None => Some(Value::Null),
        }
    }

    /// Check a response body; Err lists what does not conform.
    pub fn validate(&mut self, path: &str, method: &str, status: u16, body: &Value) -> Result<(), String> {
        let key = (path.to_owned(), method.to_owned(), status);
        if !self.cache.contains_key(&key) {
            let Some(schema) = self.response_schema(path, method, status) else {
                return Err(format!("status {status} is not documented for {method} {path}"));
            };
            if schema.is_null() {
                return if body.is_null() { Ok(()) } else { Err(format!("{status} must have no body, got {body}")) };
            }
            let mut root = schema.as_object().cloned().unwrap_or_default();
            root.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
            root.insert("$defs".into(), self.defs.clone());
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&Value::Object(root))
                .map_err(|e| format!("schema of {method} {path} {status}: {e}"))?;
            self.cache.insert(key.clone(), validator);
        }
        let errors: Vec<String> =
            self.cache[&key].iter_errors(body).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        if errors.is_empty() { Ok(()) } else { Err(errors.join("\n")) }
    }
}
