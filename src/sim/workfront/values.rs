//! Field values as Workfront writes and reads them: dates in its own format, and the type a field
//! has (for turning form parameters such as `priority=2` or `isActive=True` into JSON values and
//! for `fieldType` in `/metadata`).

use serde_json::Value;

/// Now, in the format of Workfront responses: `2026-11-26T09:00:00:000-0000` (a colon before the
/// milliseconds; BASICS and the JS client's fixtures). The simulator keeps every date in UTC.
pub fn now() -> String {
    format_ts(jiff::Timestamp::now())
}

pub fn format_ts(ts: jiff::Timestamp) -> String {
    let z = ts.to_zoned(jiff::tz::TimeZone::UTC);
    format!("{}:{:03}-0000", z.strftime("%Y-%m-%dT%H:%M:%S"), z.millisecond())
}

/// A date a client sent, in Workfront's format when it can be read (`2026-12-01`,
/// `2026-12-01T09:00:00Z`, `2026-12-01T09:00:00:000-0600`); other text is kept as sent.
pub fn normalize_date(raw: &str) -> String {
    let s = raw.trim();
    // Workfront's own format: swap the colon before the milliseconds for a dot to parse it.
    let candidate = if s.len() >= 23 && s.as_bytes().get(19) == Some(&b':') {
        format!("{}.{}", &s[..19], &s[20..])
    } else {
        s.to_owned()
    };
    if let Ok(ts) = candidate.parse::<jiff::Timestamp>() {
        return format_ts(ts);
    }
    if let Ok(z) = jiff::fmt::strtime::parse("%Y-%m-%dT%H:%M:%S%.f%z", &candidate).and_then(|t| t.to_timestamp()) {
        return format_ts(z);
    }
    if let Ok(d) = s.parse::<jiff::civil::Date>()
        && let Ok(z) = d.to_zoned(jiff::tz::TimeZone::UTC)
    {
        return format_ts(z.timestamp());
    }
    raw.to_owned()
}

/// The `fieldType` Workfront's metadata gives a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Double,
    Bool,
    DateTime,
    /// A list of strings (`objTypes`, `folderIDs`).
    TextList,
}

impl Kind {
    pub fn metadata_name(self) -> &'static str {
        match self {
            Self::Text => "string",
            Self::Int => "int",
            Self::Double => "double",
            Self::Bool => "boolean",
            Self::DateTime => "dateTime",
            Self::TextList => "string[]",
        }
    }
}

/// A field's type, from its name the way Workfront names fields.
pub fn kind_of(field: &str) -> Kind {
    const INTS: &[&str] = &[
        "priority",
        "taskNumber",
        "indent",
        "numberOfChildren",
        "totalTaskCount",
        "displayOrder",
        "categoryOrder",
        "valueAsInt",
        "docSize",
        "duration",
        "durationMinutes",
        "workRequired",
        "defaultInterface",
        "securityLevel",
        "viewSecurityLevel",
        "displaySize",
        "maxUsers",
        "olv",
        "startDay",
        "completionDay",
    ];
    const DOUBLES: &[&str] = &[
        "percentComplete",
        "assignmentPercent",
        "work",
        "actualWork",
        "budget",
        "plannedCost",
        "plannedRevenue",
        "fixedCost",
        "fixedRevenue",
        "risk",
        "progress",
    ];
    if INTS.contains(&field) {
        return Kind::Int;
    }
    if DOUBLES.contains(&field) {
        return Kind::Double;
    }
    if matches!(field, "objTypes" | "folderIDs" | "accessorIDs") {
        return Kind::TextList;
    }
    let boolish = |p: &str| field.strip_prefix(p).is_some_and(|r| r.starts_with(|c: char| c.is_ascii_uppercase()));
    if boolish("is") || boolish("has") || matches!(field, "adhocTeam" | "enableAutoBaselines") {
        return Kind::Bool;
    }
    if field.ends_with("Date") || field.ends_with("DateTime") || field == "lastUpdated" {
        return Kind::DateTime;
    }
    Kind::Text
}

/// A value that arrived as a form or query parameter, typed for `field`. Text that is JSON for an
/// object or list (python-workfront JSON-encodes every non-scalar) is decoded.
pub fn from_param(field: &str, raw: &str) -> Value {
    let t = raw.trim();
    if ((t.starts_with('{') && t.ends_with('}')) || (t.starts_with('[') && t.ends_with(']')))
        && let Ok(v) = super::params::parse_lenient_json(t)
    {
        return v;
    }
    match kind_of(field) {
        Kind::Int => t.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::String(raw.into())),
        Kind::Double => t.parse::<f64>().map(Value::from).unwrap_or_else(|_| Value::String(raw.into())),
        Kind::Bool if t.eq_ignore_ascii_case("true") => Value::Bool(true),
        Kind::Bool if t.eq_ignore_ascii_case("false") => Value::Bool(false),
        Kind::TextList => Value::Array(t.split(',').map(|s| Value::String(s.trim().into())).collect()),
        _ => Value::String(raw.into()),
    }
}

/// Truthiness of a flag parameter (`force=true`, python's `force=True`).
pub fn truthy(raw: Option<&str>) -> bool {
    raw.is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_have_the_workfront_shape() {
        let n = now();
        assert_eq!(n.len(), "2026-11-26T09:00:00:000-0000".len(), "{n}");
        assert_eq!(&n[19..20], ":");
        assert!(n.ends_with("-0000"));
        assert_eq!(normalize_date("2026-12-01"), "2026-12-01T00:00:00:000-0000");
        assert_eq!(normalize_date("2026-12-01T09:30:00Z"), "2026-12-01T09:30:00:000-0000");
        assert_eq!(normalize_date("2026-12-01T09:00:00:000-0600"), "2026-12-01T15:00:00:000-0000");
        assert_eq!(normalize_date("soon"), "soon");
    }

    #[test]
    fn params_are_typed() {
        assert_eq!(from_param("priority", "2"), Value::from(2));
        assert_eq!(from_param("isActive", "True"), Value::Bool(true));
        assert_eq!(from_param("name", "2"), Value::String("2".into()));
        assert_eq!(from_param("objectCategories", r#"[{"categoryID":"x"}]"#)[0]["categoryID"], "x");
        assert_eq!(kind_of("entryDate"), Kind::DateTime);
        assert_eq!(kind_of("issues"), Kind::Text);
    }
}
