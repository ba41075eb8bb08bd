//! Search wildcards (BASICS "Using Wildcards"): `$$USER` / `$$USER.<field>` and `$$TODAY` /
//! `$$NOW` with an offset (`$$TODAY-7d`).

use super::params::Params;
use super::store::Obj;

/// Expand the wildcards of BASICS ("Using Wildcards"): `$$USER` / `$$USER.<field>` (the
/// caller), `$$TODAY` / `$$NOW` with optional `+Nd`, `-Nw`, `+Nh` offsets.
pub fn expand_wildcards(params: &Params, user: Option<&Obj>) -> Params {
    let pairs = params
        .pairs()
        .iter()
        .map(|(k, v)| {
            if k.starts_with("$$") || !v.contains("$$") {
                return (k.clone(), v.clone());
            }
            (k.clone(), expand_one(v, user))
        })
        .collect();
    params.with_pairs(pairs)
}

fn expand_one(v: &str, user: Option<&Obj>) -> String {
    if let Some(rest) = v.strip_prefix("$$USER") {
        let field = rest.strip_prefix('.').unwrap_or("ID");
        let field = if field.is_empty() { "ID" } else { field };
        return user
            .and_then(|u| u.get(field))
            .map_or_else(String::new, |x| x.as_str().map_or_else(|| x.to_string(), str::to_owned));
    }
    let (base, rest) = if let Some(r) = v.strip_prefix("$$TODAY") {
        (jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC).start_of_day().ok(), r)
    } else if let Some(r) = v.strip_prefix("$$NOW") {
        (Some(jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC)), r)
    } else {
        return v.to_owned();
    };
    let Some(mut at) = base else { return v.to_owned() };
    let rest = rest.trim();
    if rest.len() >= 3 {
        let sign: i64 = if rest.starts_with('-') { -1 } else { 1 };
        let (num, unit) = rest[1..].split_at(rest.len() - 2);
        if let Ok(n) = num.trim().parse::<i64>() {
            let span = match unit {
                "d" => jiff::Span::new().days(sign * n),
                "w" => jiff::Span::new().weeks(sign * n),
                "h" => jiff::Span::new().hours(sign * n),
                "m" => jiff::Span::new().months(sign * n),
                "y" => jiff::Span::new().years(sign * n),
                _ => jiff::Span::new(),
            };
            at = at.checked_add(span).unwrap_or(at);
        }
    }
    super::values::format_ts(at.timestamp())
}
