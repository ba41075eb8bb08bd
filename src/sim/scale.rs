//! Large organisations for benchmarks and listing at scale: the demo organisation (so every demo
//! credential, Frame.io account and the Marketing connection still work) grown to `groups`
//! Workfront groups, deterministically (no randomness: the same spec gives the same bytes).
//!
//! For `groups = N` (N at least the demo's 8) the seed has exactly N groups; every generated group
//! gets one user (its owner, via a USRGPS), one project and `tasks_per_project` tasks (5 by
//! default), and `connected` of them (2 by default, evenly spread) are connected to demo Frame.io
//! teams other than Marketing's. `--scale 10000` gives 10,000 groups, 10,022 users, 9,999 projects
//! and 49,974 tasks. See `ScaleSpec::counts`.

use serde_json::{Map, Value, json};

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
/// Demo Frame.io teams a generated group may be connected to: (team, team name, account, account name).
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
    /// Generated groups connected to a Frame.io team (at most 4; Marketing is connected as well).
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

fn demo_counts() -> Counts {
    let demo: Value = serde_json::from_str(DEMO_SEED).expect("demo seed is JSON");
    let objects = &demo["workfront"]["objects"];
    let n = |code: &str| objects[code].as_array().map_or(0, Vec::len);
    let connected =
        objects["GROUP"].as_array().map_or(0, |gs| gs.iter().filter(|g| g.get("parameterValues").is_some()).count());
    Counts { groups: n("GROUP"), users: n("USER"), projects: n("PROJ"), tasks: n("TASK"), connected_groups: connected }
}

/// A seed (the demo's format) with `groups` groups and the default proportions.
pub fn generate(groups: usize) -> String {
    generate_with(&ScaleSpec::new(groups))
}

pub fn generate_with(spec: &ScaleSpec) -> String {
    let mut seed: Value = serde_json::from_str(DEMO_SEED).expect("demo seed is JSON");
    let objects = seed["workfront"]["objects"].as_object_mut().expect("demo seed has workfront objects");
    let table = |objects: &mut Map<String, Value>, code: &str| -> Vec<Value> {
        objects.get_mut(code).and_then(Value::as_array_mut).map(std::mem::take).unwrap_or_default()
    };
    let mut groups = table(objects, "GROUP");
    let mut users = table(objects, "USER");
    let mut members = table(objects, "USRGPS");
    let mut projects = table(objects, "PROJ");
    let mut tasks = table(objects, "TASK");
    let mut objcats = table(objects, "OBJCAT");

    let extra = spec.groups.saturating_sub(groups.len());
    let connected = spec.connected.min(TEAMS.len()).min(extra);
    let steps = spec.tasks_per_project.min(STEPS.len());
    // Connected groups are spread evenly: with 2 over 10,000 groups, generated groups 0 and 4,996.
    let stride = extra.checked_div(connected).map_or(usize::MAX, |s| s.max(1));
    groups.reserve(extra);
    users.reserve(extra);
    members.reserve(extra);
    projects.reserve(extra);
    tasks.reserve(extra * steps);
    for i in 0..extra {
        let dept = DEPARTMENTS[i % DEPARTMENTS.len()];
        let region = REGIONS[(i / DEPARTMENTS.len()) % REGIONS.len()];
        let name = format!("{dept} {region} {:05}", i + 1);
        let (first, last) = (FIRST[i % FIRST.len()], LAST[(i / FIRST.len()) % LAST.len()]);
        let username = format!("{}.{}.{:05}", first.to_lowercase(), last.to_lowercase(), i + 1);
        let (gid, uid, pid) = (format!("@sg-{i}"), format!("@su-{i}"), format!("@sp-{i}"));

        let mut group = json!({
            "ID": gid, "name": name, "description": format!("{dept} work for {region}"),
            "isActive": i % 97 != 96, "entryDate": DATE,
        });
        if i % stride == 0 && i / stride < connected {
            let (team, team_name, account, account_name) = TEAMS[i / stride];
            group["categoryID"] = json!("@ctgy-connection");
            group["parameterValues"] = json!({
                "DE:Frame.io Account ID": format!("@FIO:{account}"),
                "DE:Frame.io Account Name": account_name,
                "DE:Frame.io Team ID": format!("@FIO:{team}"),
                "DE:Frame.io Team Name": team_name,
                "DE:Frame.io Connected By": "avery.admin@northwind.example",
                "DE:Frame.io Connected At": "2026-11-03T09:30:00:000-0000",
            });
            objcats.push(json!({
                "ID": format!("@sobjcat-{i}"), "categoryID": "@ctgy-connection", "categoryOrder": 0,
                "objID": gid, "objObjCode": "GROUP",
            }));
        }
        groups.push(group);
        users.push(json!({
            "ID": uid, "name": format!("{first} {last}"), "firstName": first, "lastName": last,
            "username": username, "emailAddr": format!("{username}@northwind.example"),
            "isActive": true, "isAdmin": false, "title": TITLES[i % TITLES.len()], "entryDate": DATE,
        }));
        members.push(json!({ "ID": format!("@sugp-{i}"), "userID": uid, "groupID": gid, "isOwner": true }));
        let status = PROJECT_STATUSES[i % PROJECT_STATUSES.len()];
        let done = status == "CPL";
        projects.push(json!({
            "ID": pid, "name": format!("{name} programme"), "description": format!("Ongoing work of {name}"),
            "status": status, "groupID": gid, "ownerID": uid, "priority": i % 5,
            "percentComplete": if done { 100 } else { 0 },
            "plannedStartDate": "2027-01-04T09:00:00:000-0000",
            "plannedCompletionDate": "2027-03-26T17:00:00:000-0000",
            "projectedCompletionDate": "2027-03-26T17:00:00:000-0000",
            "condition": "ON", "conditionType": "PM", "entryDate": DATE,
        }));
        for (k, step) in STEPS.iter().take(steps).enumerate() {
            tasks.push(json!({
                "ID": format!("@st-{i}-{k}"), "name": step, "projectID": pid, "taskNumber": k + 1,
                "status": if done { "CPL" } else { "NEW" }, "percentComplete": if done { 100 } else { 0 },
                "priority": 2, "duration": 3, "durationType": "A", "workRequired": 1440, "indent": 0,
                "plannedStartDate": "2027-01-04T09:00:00:000-0000",
                "plannedCompletionDate": "2027-01-07T17:00:00:000-0000",
            }));
        }
    }
    let total = groups.len();
    for (code, rows) in [
        ("GROUP", groups),
        ("USER", users),
        ("USRGPS", members),
        ("PROJ", projects),
        ("TASK", tasks),
        ("OBJCAT", objcats),
    ] {
        objects.insert(code.to_owned(), Value::Array(rows));
    }
    seed["_about"] =
        json!(format!("wfio generated organisation: the demo grown to {total} groups by wfio::sim::scale."));
    seed.to_string()
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
        let connected = loaded.wf.table("GROUP").filter(|g| g.contains_key("parameterValues")).count();
        assert_eq!(connected, c.connected_groups);
        assert_eq!(connected, 3, "Marketing and two generated groups");
    }

    #[test]
    fn deterministic_and_small_scales_keep_the_demo() {
        assert_eq!(generate(50), generate(50));
        let c = ScaleSpec::new(3).counts();
        assert_eq!(c.groups, 8, "never fewer than the demo's groups");
    }
}
