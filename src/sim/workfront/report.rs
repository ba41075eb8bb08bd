//! `GET /<obj>/report` (BASICS "Reports"; JS client `fixtures/report.json`): the search filters,
//! then `<path>_<n>_GroupBy=true` groupings and `<field>_AggFunc=count|dcount|sum|avg|min|max`
//! aggregates, answered as `{"<group value>":{"<func>_<field>":n,"<group field>":value},...}`
//! with an optional `$$ROLLUP` entry over everything.

use serde_json::{Map, Value};

use super::error::WfError;
use super::objects::ObjDef;
use super::params::Params;
use super::search::{Query, resolve};
use super::store::{Obj, WfStore};

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn aggregate(store: &WfStore, def: &ObjDef, rows: &[&Obj], aggs: &[(String, String)]) -> Map<String, Value> {
    let mut out = Map::new();
    for (field, func) in aggs {
        let values: Vec<Value> =
            rows.iter().flat_map(|o| resolve(store, def, o, field)).filter(|v| !v.is_null()).collect();
        let nums: Vec<f64> = values.iter().filter_map(|v| v.as_f64().or_else(|| v.as_str()?.parse().ok())).collect();
        let value = match func.as_str() {
            "count" => Value::from(values.len()),
            "dcount" => {
                let mut distinct: Vec<String> = values.iter().map(text).collect();
                distinct.sort();
                distinct.dedup();
                Value::from(distinct.len())
            }
            "sum" => Value::from(nums.iter().sum::<f64>()),
            "avg" if !nums.is_empty() => Value::from(nums.iter().sum::<f64>() / nums.len() as f64),
            "min" => nums.iter().copied().reduce(f64::min).map_or(Value::Null, Value::from),
            "max" => nums.iter().copied().reduce(f64::max).map_or(Value::Null, Value::from),
            _ => Value::Null,
        };
        out.insert(format!("{func}_{field}"), value);
    }
    out
}

pub fn run(store: &WfStore, def: &ObjDef, params: &Params, model: &str) -> Result<Value, WfError> {
    let query = Query::parse(params, def, model)?;
    let rows = query.run(store, def)?;
    let mut groups: Vec<(u32, String)> = Vec::new();
    let mut aggs: Vec<(String, String)> = Vec::new();
    for (k, v) in params.pairs() {
        if let Some(path) = k.strip_suffix("_GroupBy") {
            if !super::values::truthy(Some(v)) {
                continue;
            }
            let (path, n) = match path.rsplit_once('_') {
                Some((p, n)) if n.chars().all(|c| c.is_ascii_digit()) => (p, n.parse().unwrap_or(0)),
                _ => (path, 0),
            };
            groups.push((n, path.to_owned()));
        } else if let Some(field) = k.strip_suffix("_AggFunc") {
            aggs.push((field.to_owned(), v.to_ascii_lowercase()));
        }
    }
    groups.sort();
    if aggs.is_empty() {
        aggs.push(("ID".into(), "dcount".into()));
    }
    let mut out = Map::new();
    if groups.is_empty() {
        out = aggregate(store, def, &rows, &aggs);
    } else {
        let key_of = |o: &Obj| -> Vec<String> {
            groups.iter().map(|(_, p)| resolve(store, def, o, p).first().map(text).unwrap_or_default()).collect()
        };
        let mut keys: Vec<Vec<String>> = rows.iter().map(|o| key_of(o)).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let members: Vec<&Obj> = rows.iter().copied().filter(|o| key_of(o) == key).collect();
            let mut entry = aggregate(store, def, &members, &aggs);
            for ((_, path), value) in groups.iter().zip(&key) {
                entry.insert(path.replace(':', "_"), Value::String(value.clone()));
            }
            out.insert(key.join(" | "), Value::Object(entry));
        }
    }
    if super::values::truthy(params.get("$$ROLLUP")) {
        out.insert("$$ROLLUP".into(), Value::Object(aggregate(store, def, &rows, &aggs)));
    }
    Ok(Value::Object(out))
}
