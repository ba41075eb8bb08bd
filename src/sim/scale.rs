//! Large organisations for benchmarks and listing at scale: the demo organisation (so every demo
//! credential, Frame.io account and the Marketing connection still work) grown to `groups`
//! Workfront groups, deterministically (no randomness: the same spec gives the same bytes).
//!
//! For `groups = N` (N at least the demo's 8) the seed has exactly N groups; every generated group
//! gets one user (its owner, via a USRGPS), one project and `tasks_per_project` tasks (5 by
//! default), and `connected` of them (2 by default, evenly spread) are connected to demo Frame.io
//! workspaces other than Marketing's. `--scale 10000` gives 10,000 groups, 10,022 users, 9,999 projects
//! and 49,974 tasks. See `ScaleSpec::counts`.

use serde_json::Value;

use super::seed::DEMO_SEED;

const DEPARTMENTS: &[&str] = &[
    "Marketing",
    "Creative",
    "Video",
    "Social",
    "Brand",
    "Product",
    "Events",
    "Legal",
    "Sales",
    "Research",
    "Localization",
    "Print",
    "Web",
    "Partner",
    "Retail",
    "Communications",
];
const REGIONS: &[&str] = &["EMEA", "Americas", "APAC", "Nordics", "DACH", "LATAM", "ANZ", "UK&I", "Iberia", "Benelux"];
const FIRST: &[&str] = &[
    "Alex", "Bea", "Chris", "Devi", "Emil", "Fatima", "Goran", "Hiro", "Ines", "Jonas", "Kemal", "Lucia", "Mateo",
    "Nia", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tomas", "Uma", "Viktor", "Wen", "Yara", "Zeno",
];
const LAST: &[&str] = &[
    "Andersen", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova", "Jensen", "Kowalski",
    "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Silva", "Tanaka", "Umarov", "Varga",
    "Weber", "Xu", "Yilmaz", "Zhang",
];
const TITLES: &[&str] = &["Producer", "Designer", "Editor", "Copywriter", "Art Director", "Project Manager"];
const STEPS: &[&str] = &["Brief", "Draft", "Internal review", "Revisions", "Final delivery", "Retrospective"];
const PROJECT_STATUSES: &[&str] = &["PLN", "CUR", "CUR", "ONH", "CPL"];
/// Demo Frame.io workspaces a generated group may be connected to: (workspace, its name, account,
/// account name).
const TEAMS: &[(&str, &str, &str, &str)] = &[
    ("ft-post", "Video Post", "fa-studios", "Northwind Studios"),
    ("ft-agency", "Agency Creative", "fa-agency", "Northwind Agency"),
    ("ft-agency-social", "Agency Social", "fa-agency", "Northwind Agency"),
    ("ft-partners", "Partner Reviews", "fa-partners", "Partner Network"),
];
const DATE: &str = "2026-11-02T09:00:00:000-0000";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleSpec {
    /// Total Workfront groups, demo groups included.
    pub groups: usize,
    pub tasks_per_project: usize,
    /// Generated groups connected to a Frame.io workspace (at most 4; Marketing is connected as well).
    pub connected: usize,
}

impl ScaleSpec {
    pub fn new(groups: usize) -> Self {
        Self { groups, tasks_per_project: 5, connected: 2 }
    }

    /// How many objects the generated seed holds.
    pub fn counts(&self) -> Counts {
        let demo = demo_counts();
        let extra = self.groups.saturating_sub(demo.groups);
        Counts {
            groups: demo.groups + extra,
            users: demo.users + extra,
            projects: demo.projects + extra,
            tasks: demo.tasks + extra * self.tasks_per_project.min(STEPS.len()),
            connected_groups: demo.connected_groups + self.connected.min(TEAMS.len()).min(extra),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub groups: usize,
    pub users: usize,
    pub projects: usize,
    pub tasks: usize,
    pub connected_groups: usize,
}

/// Connected to a V4 workspace (a group connected with the legacy API has only a team ID).
fn is_connected(group: &Value) -> bool {
    group.pointer("/parameterValues/DE:Frame.io Workspace ID").is_some()
}

fn demo_counts() -> Counts {
    let demo: Value = serde_json::from_str(DEMO_SEED).expect("demo seed is JSON");
    let objects = &demo["workfront"]["objects"];
    let n = |code: &str| objects[code].as_array().map_or(0, Vec::len);
    let connected = objects["GROUP"].as_array().map_or(0, |gs| gs.iter().filter(|g| is_connected(g)).count());
    Counts { groups: n("GROUP"), users: n("USER"), projects: n("PROJ"), tasks: n("TASK"), connected_groups: connected }
}

/// A seed (the demo's format) with `groups` groups and the default proportions.
pub fn generate(groups: usize) -> String {
    generate_with(&ScaleSpec::new(groups))
}

/// The seed is written as text directly (building `serde_json::Value`s for 80,000 objects costs
/// more than loading them); every generated string comes from the fixed word lists above, which
/// need no JSON escaping.
pub fn generate_with(spec: &ScaleSpec) -> String {
    let demo: Value = serde_json::from_str(DEMO_SEED).expect("demo seed is JSON");
    let wf = demo["workfront"].as_object().expect("demo seed has a workfront section");
    let demo_objects = wf["objects"].as_object().expect("demo seed has workfront objects");
    let demo_groups = demo_objects.get("GROUP").and_then(Value::as_array).map_or(0, Vec::len);

    let extra = spec.groups.saturating_sub(demo_groups);
    let connected = spec.connected.min(TEAMS.len()).min(extra);
    let steps = spec.tasks_per_project.min(STEPS.len());
    // Connected groups are spread evenly: with 2 over 10,000 groups, generated groups 0 and 4,996.
    let stride = extra.checked_div(connected).map_or(usize::MAX, |s| s.max(1));
    let connection = |i: usize| (i.is_multiple_of(stride) && i / stride < connected).then(|| TEAMS[i / stride]);

    let mut out = String::with_capacity(DEMO_SEED.len() + extra * (1200 + 330 * steps));
    let about =
        format!("wfio generated organisation: the demo grown to {} groups by wfio::sim::scale.", demo_groups + extra);
    // Frame.io (V4 fields and all) and IMS come from the demo as they are, so every demo
    // credential, account and IMS client works at scale too.
    out.push_str(&format!(
        "{{\"_about\":{},\"frameio\":{},\"ims\":{}",
        Value::String(about),
        demo["frameio"],
        demo["ims"]
    ));
    out.push_str(",\"workfront\":{");
    for (key, value) in wf.iter().filter(|(k, _)| *k != "objects") {
        out.push_str(&format!("{}:{value},", Value::String(key.clone())));
    }
    out.push_str("\"objects\":{");
    let mut codes: Vec<&str> = demo_objects.keys().map(String::as_str).collect();
    for code in ["GROUP", "USER", "USRGPS", "PROJ", "TASK", "OBJCAT"] {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    for (n, code) in codes.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&format!("\"{code}\":["));
        let mut first = true;
        for row in demo_objects.get(*code).and_then(Value::as_array).into_iter().flatten() {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&row.to_string());
        }
        let mut row = |text: String| {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&text);
        };
        for i in 0..extra {
            let n = Names::of(i);
            let (gid, uid, pid) = (format!("@sg-{i}"), format!("@su-{i}"), format!("@sp-{i}"));
            let status = PROJECT_STATUSES[i % PROJECT_STATUSES.len()];
            let done = status == "CPL";
            let percent = if done { 100 } else { 0 };
            match *code {
                "GROUP" => {
                    let mut group = format!(
                        r#"{{"ID":"{gid}","name":"{}","description":"{} work for {}","isActive":{},"entryDate":"{DATE}""#,
                        n.group,
                        n.dept,
                        n.region,
                        i % 97 != 96
                    );
                    if let Some((team, team_name, account, account_name)) = connection(i) {
                        group.push_str(&format!(
                            r#","categoryID":"@ctgy-connection","parameterValues":{{"DE:Frame.io Account ID":"@FIO:{account}","DE:Frame.io Account Name":"{account_name}","DE:Frame.io Workspace ID":"@FIO:{team}","DE:Frame.io Workspace Name":"{team_name}","DE:Frame.io Connected By":"avery.admin@northwind.example","DE:Frame.io Connected At":"2026-11-03T09:30:00:000-0000"}}"#
                        ));
                    }
                    group.push('}');
                    row(group);
                }
                "USER" => row(format!(
                    r#"{{"ID":"{uid}","name":"{} {}","firstName":"{}","lastName":"{}","username":"{}","emailAddr":"{}@northwind.example","isActive":true,"isAdmin":false,"title":"{}","entryDate":"{DATE}"}}"#,
                    n.first,
                    n.last,
                    n.first,
                    n.last,
                    n.username,
                    n.username,
                    TITLES[i % TITLES.len()]
                )),
                "USRGPS" => row(format!(r#"{{"ID":"@sugp-{i}","userID":"{uid}","groupID":"{gid}","isOwner":true}}"#)),
                "PROJ" => row(format!(
                    r#"{{"ID":"{pid}","name":"{} programme","description":"Ongoing work of {}","status":"{status}","groupID":"{gid}","ownerID":"{uid}","priority":{},"percentComplete":{percent},"plannedStartDate":"2027-01-04T09:00:00:000-0000","plannedCompletionDate":"2027-03-26T17:00:00:000-0000","projectedCompletionDate":"2027-03-26T17:00:00:000-0000","condition":"ON","conditionType":"PM","entryDate":"{DATE}"}}"#,
                    n.group,
                    n.group,
                    i % 5
                )),
                "TASK" => {
                    let task_status = if done { "CPL" } else { "NEW" };
                    for (k, step) in STEPS.iter().take(steps).enumerate() {
                        row(format!(
                            r#"{{"ID":"@st-{i}-{k}","name":"{step}","projectID":"{pid}","taskNumber":{},"status":"{task_status}","percentComplete":{percent},"priority":2,"duration":3,"durationType":"A","workRequired":1440,"indent":0,"plannedStartDate":"2027-01-04T09:00:00:000-0000","plannedCompletionDate":"2027-01-07T17:00:00:000-0000"}}"#,
                            k + 1
                        ));
                    }
                }
                "OBJCAT" => {
                    if connection(i).is_some() {
                        row(format!(
                            r#"{{"ID":"@sobjcat-{i}","categoryID":"@ctgy-connection","categoryOrder":0,"objID":"{gid}","objObjCode":"GROUP"}}"#
                        ));
                    }
                }
                _ => break,
            }
        }
        out.push(']');
    }
    out.push_str("}}}");
    out
}

/// The names of generated group `i` and its user.
struct Names {
    dept: &'static str,
    region: &'static str,
    group: String,
    first: &'static str,
    last: &'static str,
    username: String,
}

impl Names {
    fn of(i: usize) -> Self {
        let dept = DEPARTMENTS[i % DEPARTMENTS.len()];
        let region = REGIONS[(i / DEPARTMENTS.len()) % REGIONS.len()];
        let (first, last) = (FIRST[i % FIRST.len()], LAST[(i / FIRST.len()) % LAST.len()]);
        let username = format!("{}.{}.{:05}", first.to_lowercase(), last.to_lowercase(), i + 1);
        Self { dept, region, group: format!("{dept} {region} {:05}", i + 1), first, last, username }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_match_what_is_generated() {
        let spec = ScaleSpec::new(120);
        let loaded = crate::sim::seed::load(&generate_with(&spec)).unwrap();
        let c = spec.counts();
        assert_eq!(c.groups, 120);
        assert_eq!(loaded.wf.table("GROUP").count(), c.groups);
        assert_eq!(loaded.wf.table("USER").count(), c.users);
        assert_eq!(loaded.wf.table("PROJ").count(), c.projects);
        assert_eq!(loaded.wf.table("TASK").count(), c.tasks);
        let connected = loaded
            .wf
            .table("GROUP")
            .filter(|g| g.get("parameterValues").and_then(|p| p.get("DE:Frame.io Workspace ID")).is_some())
            .count();
        assert_eq!(connected, c.connected_groups);
        assert_eq!(connected, 3, "Marketing and two generated groups");
        assert_eq!(loaded.ims.clients.len(), 3, "IMS clients come along");
        assert!(!loaded.fio.workspace_roles.is_empty(), "V4 workspace roles come along");
    }

    #[test]
    fn word_lists_need_no_json_escaping() {
        let all = DEPARTMENTS.iter().chain(REGIONS).chain(FIRST).chain(LAST).chain(TITLES).chain(STEPS);
        for word in all {
            assert!(!word.contains(['"', '\\']) && word.is_ascii(), "{word}");
        }
        let seed: Value = serde_json::from_str(&generate(40)).unwrap();
        assert_eq!(
            seed["workfront"]["apiKeys"],
            serde_json::from_str::<Value>(DEMO_SEED).unwrap()["workfront"]["apiKeys"]
        );
    }

    #[test]
    fn deterministic_and_small_scales_keep_the_demo() {
        assert_eq!(generate(50), generate(50));
        let c = ScaleSpec::new(3).counts();
        assert_eq!(c.groups, 8, "never fewer than the demo's groups");
    }
}
