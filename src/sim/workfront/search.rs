//! `search` and `count`: filters with modifiers, OR groups, `_Sort`, `$$FIRST`/`$$LIMIT`.

use std::cmp::Ordering;

use serde_json::Value;

use super::error::WfError;
use super::objects::{ObjDef, lookup};
use super::params::Params;
use super::store::{Obj, WfStore};

/// Default page size when `$$LIMIT` is absent, and the hard maximum (BASICS "Query Limits").
pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 2000;

/// Parameters that are never filters.
fn is_reserved(key: &str) -> bool {
    key.starts_with("$$")
        || matches!(key, "fields" | "method" | "updates" | "map" | "filters" | "jsonp" | "_" | "action" | "atomic")
        || key.ends_with("_GroupBy")
        || key.ends_with("_AggFunc")
        || key.ends_with("_AggCurrency")
        || key.eq_ignore_ascii_case("apiKey")
        || key.eq_ignore_ascii_case("sessionID")
}

#[derive(Debug, Clone)]
pub struct Filter {
    pub path: String,
    pub values: Vec<String>,
    pub modifier: String,
    pub range: Option<String>,
}

#[derive(Debug, Default)]
pub struct Query {
    /// AND-ed filters.
    pub filters: Vec<Filter>,
    /// OR groups: each group is AND-ed inside; the groups are OR-ed, then AND-ed with `filters`.
    pub or_groups: Vec<(u32, Vec<Filter>)>,
    /// (path, descending) in priority order.
    pub sort: Vec<(String, bool)>,
    pub first: usize,
    pub limit: usize,
}

impl Query {
    pub fn parse(params: &Params, def: &ObjDef, model: &str) -> Result<Self, WfError> {
        let mut q = Self { limit: DEFAULT_LIMIT, ..Self::default() };
        if let Some(first) = params.get("$$FIRST") {
            q.first =
                first.parse().map_err(|_| WfError::illegal_argument(format!("Invalid value for $$FIRST: {first}")))?;
        }
        if let Some(limit) = params.get("$$LIMIT") {
            let n: usize =
                limit.parse().map_err(|_| WfError::illegal_argument(format!("Invalid value for $$LIMIT: {limit}")))?;
            if n > MAX_LIMIT {
                return Err(WfError::illegal_argument(format!(
                    "The maximum value for $$LIMIT is {MAX_LIMIT}; use $$FIRST and $$LIMIT to page through results ({n} requested)"
                )));
            }
            q.limit = n;
        }
        let mut sorts: Vec<(u32, String, bool)> = Vec::new();
        let mut pairs: Vec<(String, String)> = params.pairs().to_vec();
        // `filters={"username":"x"}` carries filters whose names clash with auth parameters.
        if let Some(raw) = params.get("filters") {
            let v: Value =
                serde_json::from_str(raw).map_err(|e| WfError::illegal_argument(format!("Malformed filters: {e}")))?;
            if let Value::Object(m) = v {
                for (k, v) in m {
                    let s = match v {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    pairs.push((k, s));
                }
            }
        }
        let get_all =
            |key: &str| -> Vec<String> { pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect() };
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in &pairs {
            if is_reserved(key) || key.ends_with("_Mod") || key.ends_with("_Range") {
                continue;
            }
            if let Some(field) = key.strip_suffix("_Sort") {
                let (field, order) = match field.rsplit_once('_') {
                    Some((f, n)) if n.chars().all(|c| c.is_ascii_digit()) => (f, n.parse().unwrap_or(0)),
                    _ => (field, 0),
                };
                validate_path(def, field, model)?;
                sorts.push((order, field.to_owned(), value.eq_ignore_ascii_case("desc")));
                continue;
            }
            if seen.contains(key) {
                continue;
            }
            seen.push(key.clone());
            let (group, path) = match key.strip_prefix("OR:") {
                Some(rest) => {
                    let (n, path) = rest
                        .split_once(':')
                        .ok_or_else(|| WfError::illegal_argument(format!("Malformed OR filter {key}")))?;
                    (Some(n.parse::<u32>().unwrap_or(0)), path)
                }
                None => (None, key.as_str()),
            };
            validate_path(def, path, model)?;
            let modifier = pairs
                .iter()
                .find(|(k, _)| *k == format!("{key}_Mod"))
                .map_or_else(|| "eq".to_owned(), |(_, v)| v.to_ascii_lowercase());
            let range = pairs.iter().find(|(k, _)| *k == format!("{key}_Range")).map(|(_, v)| v.clone());
            let mut values = get_all(key);
            if values.len() == 1 && matches!(modifier.as_str(), "in" | "notin" | "ciin" | "cinotin") {
                // `status=CUR,PLN` style lists are accepted as well as repeated keys.
                let one = values.remove(0);
                values = one.split(',').map(str::to_owned).collect();
            }
            let _ = value;
            let filter = Filter { path: path.to_owned(), values, modifier, range };
            match group {
                None => q.filters.push(filter),
                Some(n) => match q.or_groups.iter_mut().find(|(g, _)| *g == n) {
                    Some((_, fs)) => fs.push(filter),
                    None => q.or_groups.push((n, vec![filter])),
                },
            }
        }
        sorts.sort_by_key(|(n, _, _)| *n);
        q.sort = sorts.into_iter().map(|(_, f, d)| (f, d)).collect();
        Ok(q)
    }

    pub fn matches(&self, store: &WfStore, def: &ObjDef, obj: &Obj) -> Result<bool, WfError> {
        for f in &self.filters {
            if !filter_matches(store, def, obj, f)? {
                return Ok(false);
            }
        }
        if self.or_groups.is_empty() {
            return Ok(true);
        }
        for (_, group) in &self.or_groups {
            let mut all = true;
            for f in group {
                if !filter_matches(store, def, obj, f)? {
                    all = false;
                    break;
                }
            }
            if all {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every matching object, sorted, before paging.
    pub fn run<'s>(&self, store: &'s WfStore, def: &ObjDef) -> Result<Vec<&'s Obj>, WfError> {
        let mut rows = Vec::new();
        for obj in store.table(def.code) {
            if self.matches(store, def, obj)? {
                rows.push(obj);
            }
        }
        if !self.sort.is_empty() {
            rows.sort_by(|a, b| {
                for (path, desc) in &self.sort {
                    let va = resolve(store, def, a, path).into_iter().next().unwrap_or(Value::Null);
                    let vb = resolve(store, def, b, path).into_iter().next().unwrap_or(Value::Null);
                    let ord = compare(&va, &vb);
                    let ord = if *desc { ord.reverse() } else { ord };
                    if ord != Ordering::Equal {
                        return ord;
                    }
                }
                Ordering::Equal
            });
        }
        Ok(rows)
    }

    pub fn page<'s>(&self, rows: Vec<&'s Obj>) -> Vec<&'s Obj> {
        rows.into_iter().skip(self.first).take(self.limit).collect()
    }
}

fn validate_path(def: &ObjDef, path: &str, model: &str) -> Result<(), WfError> {
    if path.starts_with("DE:") {
        return Ok(());
    }
    let (head, rest) = match path.split_once(':') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    if rest.is_none() && def.has_field(head) {
        return Ok(());
    }
    let target =
        def.reference(head).map(|r| r.target).or_else(|| def.collection(head).map(|c| c.target)).ok_or_else(|| {
            WfError::illegal_argument(format!("APIModel {model} does not support field {head} ({})", def.name))
        })?;
    match (rest, lookup(target)) {
        (Some(rest), Some(t)) => validate_path(t, rest, model),
        _ => Ok(()),
    }
}

/// The values a (possibly nested) path has on an object; collections yield several.
pub fn resolve(store: &WfStore, def: &ObjDef, obj: &Obj, path: &str) -> Vec<Value> {
    if path.starts_with("DE:") {
        return store.custom_value(obj, path).cloned().into_iter().collect();
    }
    match path.split_once(':') {
        None => store.field(def, obj, path).into_iter().collect(),
        Some((head, rest)) => {
            if let Some(r) = def.reference(head) {
                let Some(target) = lookup(r.target) else { return Vec::new() };
                obj.get(r.id_field)
                    .and_then(Value::as_str)
                    .and_then(|id| store.get(r.target, id))
                    .map(|o| resolve(store, target, o, rest))
                    .unwrap_or_default()
            } else if let Some(c) = def.collection(head) {
                let Some(target) = lookup(c.target) else { return Vec::new() };
                let id = obj.get("ID").and_then(Value::as_str).unwrap_or_default();
                store.children(c.target, c.foreign_key, id).flat_map(|o| resolve(store, target, o, rest)).collect()
            } else {
                Vec::new()
            }
        }
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(items.iter().filter_map(as_text).collect::<Vec<_>>().join(",")),
        other => Some(other.to_string()),
    }
}

/// Compare numerically when both sides are numbers, else as text (Workfront dates sort as text).
fn compare_text(a: &str, b: &str) -> Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.cmp(b),
    }
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (as_text(a), as_text(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => compare_text(&x, &y),
    }
}

fn filter_matches(store: &WfStore, def: &ObjDef, obj: &Obj, f: &Filter) -> Result<bool, WfError> {
    let values = resolve(store, def, obj, &f.path);
    let texts: Vec<String> = values.iter().filter_map(as_text).collect();
    let want = f.values.first().map(String::as_str).unwrap_or("");
    let any = |pred: &dyn Fn(&str) -> bool| texts.iter().any(|t| pred(t));
    let blank = texts.iter().all(|t| t.is_empty());
    let m = f.modifier.as_str();
    Ok(match m {
        "eq" => any(&|t| compare_text(t, want) == Ordering::Equal),
        "ne" => !any(&|t| compare_text(t, want) == Ordering::Equal),
        "cieq" => any(&|t| t.eq_ignore_ascii_case(want)),
        "cine" => !any(&|t| t.eq_ignore_ascii_case(want)),
        "lt" => any(&|t| compare_text(t, want) == Ordering::Less),
        "lte" => any(&|t| compare_text(t, want) != Ordering::Greater),
        "gt" => any(&|t| compare_text(t, want) == Ordering::Greater),
        "gte" => any(&|t| compare_text(t, want) != Ordering::Less),
        "contains" => any(&|t| t.contains(want)),
        "notcontains" => !any(&|t| t.contains(want)),
        "cicontains" => {
            let w = want.to_lowercase();
            any(&|t| t.to_lowercase().contains(&w))
        }
        "cinotcontains" => {
            let w = want.to_lowercase();
            !any(&|t| t.to_lowercase().contains(&w))
        }
        "like" | "cilike" => {
            let pattern = want.to_lowercase();
            any(&|t| like(&t.to_lowercase(), &pattern))
        }
        "in" => any(&|t| f.values.iter().any(|v| compare_text(t, v) == Ordering::Equal)),
        "notin" => !any(&|t| f.values.iter().any(|v| compare_text(t, v) == Ordering::Equal)),
        "ciin" => any(&|t| f.values.iter().any(|v| t.eq_ignore_ascii_case(v))),
        "cinotin" => !any(&|t| f.values.iter().any(|v| t.eq_ignore_ascii_case(v))),
        "isnull" | "null" | "isblank" | "blank" => blank,
        "notnull" | "notblank" => !blank,
        "between" | "notbetween" => {
            let hi = f.range.as_deref().unwrap_or(want);
            let inside = any(&|t| compare_text(t, want) != Ordering::Less && compare_text(t, hi) != Ordering::Greater);
            if m == "between" { inside } else { !inside }
        }
        other => return Err(WfError::illegal_argument(format!("Unsupported filter modifier {other}"))),
    })
}

/// SQL-ish `like` with `%` wildcards.
fn like(text: &str, pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split('%').collect();
    if parts.len() == 1 {
        return text == pattern;
    }
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        if i == 0 {
            if !text.starts_with(part) {
                return false;
            }
            pos = part.len();
        } else if let Some(found) = text[pos..].find(part) {
            pos += found + part.len();
        } else {
            return false;
        }
    }
    parts.last().is_none_or(|last| last.is_empty() || text.ends_with(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards() {
        assert!(like("frame.io team", "frame%"));
        assert!(like("frame.io team", "%team"));
        assert!(like("frame.io team", "%io%"));
        assert!(!like("frame.io team", "%zzz%"));
    }

    #[test]
    fn numeric_and_text_compare() {
        assert_eq!(compare_text("10", "9"), Ordering::Greater);
        assert_eq!(compare_text("b", "a"), Ordering::Greater);
    }
}
