//! The organisations the benchmarks run against: the demo seed grown with a project of many
//! Active tasks, assignees (directly and through teams) and documents of every size, and
//! document bytes generated deterministically and streamed to the simulated Workfront (never
//! held in memory, never written to disk by the bench).
//!
//! Frame.io V4 gives people access two ways (`wfio::sync::plan::Access`), so the assignees are
//! of two kinds: every other one (even indices) is a user of the connected account, Northwind
//! Studios (a Frame.io user and an account member: added to the project by user ID); the others
//! are not (a few of them invited to the account without a Frame.io user yet), so they become
//! reviewers of a share, by email. Two small projects, `Access A` and `Access B`, assign a few of
//! each kind for the per-person measurement of the access paths.

use bytes::Bytes;
use futures::StreamExt;
use serde_json::{Value, json};
use wfio::sim::ids::workfront_id_for;
use wfio::sim::seed::DEMO_SEED;

/// The activation benchmark's project.
pub const PROJECT: &str = "Benchmark Launch";
pub const PROJECT_SYM: &str = "@proj-bench";
/// The transfer benchmark's project: one Active task, one document on the project.
pub const TRANSFER_PROJECT: &str = "Transfer One";
pub const TRANSFER_SYM: &str = "@proj-transfer";
/// The access measurement's projects: the same people, a first and a later project.
pub const ACCESS_PROJECTS: [(&str, &str); 2] = [("Access A", "@proj-access-a"), ("Access B", "@proj-access-b")];

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrgSpec {
    /// Active top-level tasks (one folder each).
    pub tasks: usize,
    /// People assigned directly to tasks.
    pub direct: usize,
    /// Teams assigned to tasks, and members per team (all distinct people).
    pub teams: usize,
    pub team_size: usize,
    /// Documents, their total size and the smallest and largest.
    pub docs: usize,
    pub total_bytes: u64,
    pub min_bytes: u64,
    pub max_bytes: u64,
    /// Of the non-users, how many are invited to the Frame.io account without a Frame.io user
    /// (listed by V4 with `user.id: null`: reviewers too).
    pub invited: usize,
    /// People assigned to the access projects: users of the account, and others.
    pub access_users: usize,
    pub access_reviewers: usize,
}

impl OrgSpec {
    /// Issue 7's organisation (200 Active tasks, 40 documents from 1 KB to 200 MB, 1 GB in
    /// all) with 48 assignees, not issue 7's 300: on V4 an account user costs one call at 10 a
    /// minute, so 150 of them would take 14 minutes a run. 24 are direct, 24 through 2 teams;
    /// 24 are account users, 24 reviewers (4 of them invited to the account). What 300 people
    /// cost is derived from the measured rates (`activation::access`).
    pub const FULL: Self = Self {
        tasks: 200,
        direct: 24,
        teams: 2,
        team_size: 12,
        docs: 40,
        total_bytes: 1_000_000_000,
        min_bytes: 1_000,
        max_bytes: 200_000_000,
        invited: 4,
        access_users: 14,
        access_reviewers: 14,
    };

    /// A few of everything, for the smoke test.
    pub const TINY: Self = Self {
        tasks: 3,
        direct: 3,
        teams: 1,
        team_size: 2,
        docs: 3,
        total_bytes: 60_000,
        min_bytes: 1_000,
        max_bytes: 40_000,
        invited: 1,
        access_users: 3,
        access_reviewers: 2,
    };

    pub fn assignees(&self) -> usize {
        self.direct + self.teams * self.team_size
    }

    /// Whether assignee `i` is a user of the connected Frame.io account.
    pub fn is_account_user(i: usize) -> bool {
        i.is_multiple_of(2)
    }

    /// Assignees who are users of the account, and the others.
    pub fn account_users(&self) -> usize {
        (0..self.assignees()).filter(|i| Self::is_account_user(*i)).count()
    }

    pub fn others(&self) -> usize {
        self.assignees() - self.account_users()
    }

    /// The people of the access projects: the first `access_users` account users and the first
    /// `access_reviewers` others.
    pub fn access_people(&self) -> Vec<usize> {
        let users = (0..self.assignees()).filter(|i| Self::is_account_user(*i)).take(self.access_users);
        let others = (0..self.assignees()).filter(|i| !Self::is_account_user(*i)).take(self.access_reviewers);
        users.chain(others).collect()
    }

    /// The same organisation with every document `factor` times the size.
    pub fn scaled(&self, factor: f64) -> Self {
        let s = |b: u64| ((b as f64 * factor).round() as u64).max(1);
        Self { total_bytes: s(self.total_bytes), min_bytes: s(self.min_bytes), max_bytes: s(self.max_bytes), ..*self }
    }

    pub fn documents(&self) -> Vec<Doc> {
        let sizes = document_sizes(self.docs, self.min_bytes, self.max_bytes, self.total_bytes);
        // Sizes are dealt to names in a scrambled order: the plan sorts uploads by name, and
        // real names say nothing about sizes.
        let mut order: Vec<usize> = (0..self.docs).collect();
        order.sort_by_key(|i| fnv(*i as u64));
        (0..self.docs)
            .map(|i| {
                // A quarter on the project (they go to its root folder), the rest on tasks.
                let on_task = (i % 4 != 0 || self.docs < 2).then(|| (i * 5 + 1) % self.tasks.max(1));
                Doc { index: i, name: format!("clip-{i:02}.mov"), size: sizes[order[i]], task: on_task }
            })
            .collect()
    }
}

/// One document to put in Workfront.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub index: usize,
    pub name: String,
    pub size: u64,
    /// The task it is attached to (index), or the project.
    pub task: Option<usize>,
}

fn fnv(x: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in x.to_le_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `n` sizes growing geometrically from `min`, capped at `max`, adding up to exactly `total`.
pub fn document_sizes(n: usize, min: u64, max: u64, total: u64) -> Vec<u64> {
    assert!(n > 0 && min <= max, "document sizes: n {n}, min {min}, max {max}");
    assert!(
        min * n as u64 <= total && total <= max * n as u64,
        "{total} bytes cannot be {n} documents of {min}..{max}"
    );
    if n == 1 {
        return vec![total];
    }
    let (minf, maxf) = (min as f64, max as f64);
    let sum = |r: f64| (0..n).map(|i| maxf.min(minf * r.powi(i as i32))).sum::<f64>();
    let (mut lo, mut hi) = (1.0f64, (maxf / minf).max(1.0) + 1.0);
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if sum(mid) < total as f64 { lo = mid } else { hi = mid }
    }
    let mut sizes: Vec<u64> =
        (0..n).map(|i| (maxf.min(minf * lo.powi(i as i32)).round() as u64).clamp(min, max)).collect();
    // Rounding leaves a few bytes over or under: settle them on the sizes that have room.
    let mut diff = total as i64 - sizes.iter().sum::<u64>() as i64;
    for s in sizes.iter_mut().rev() {
        if diff == 0 {
            break;
        }
        let room = if diff > 0 { (max - *s) as i64 } else { (*s - min) as i64 };
        let step = diff.signum() * diff.abs().min(room);
        *s = (*s as i64 + step) as u64;
        diff -= step;
    }
    sizes
}

/// Deterministic, incompressible bytes of document `index`: the same every run.
pub fn document_stream(
    index: usize,
    size: u64,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    const CHUNK: u64 = 256 * 1024;
    let state = (0u64, fnv(index as u64 + 1) | 1);
    futures::stream::unfold(state, move |(sent, mut x)| async move {
        if sent >= size {
            return None;
        }
        let n = CHUNK.min(size - sent) as usize;
        let mut buf = Vec::with_capacity(n + 8);
        while buf.len() < n {
            // xorshift64*
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            buf.extend_from_slice(&x.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
        }
        buf.truncate(n);
        Some((Ok(Bytes::from(buf)), (sent + n as u64, x)))
    })
}

fn user_sym(i: usize) -> String {
    format!("@bu-{i:03}")
}

pub fn user_email(i: usize) -> String {
    format!("bench.user.{i:03}@northwind.example")
}

pub fn task_sym(k: usize) -> String {
    format!("@btask-{k:03}")
}

/// The Frame.io user of assignee `i` (account users only).
pub fn frameio_user_sym(i: usize) -> String {
    format!("@fu-bench-{i:03}")
}

/// The demo seed plus the benchmark's projects, people and teams (no document bytes: those are
/// uploaded through the API).
pub fn seed(spec: &OrgSpec) -> String {
    let mut seed: Value = serde_json::from_str(DEMO_SEED).expect("demo seed");
    let date = "2026-11-02T09:00:00:000-0000";
    let people = spec.assignees();
    add_frameio_people(&mut seed, spec);
    let objects = seed["workfront"]["objects"].as_object_mut().expect("objects");
    let mut push = |code: &str, row: Value| {
        objects.entry(code).or_insert_with(|| json!([])).as_array_mut().expect("array").push(row);
    };
    for i in 0..people {
        push(
            "USER",
            json!({"ID": user_sym(i), "name": format!("Bench User {i:03}"), "firstName": "Bench",
                "lastName": format!("User {i:03}"), "username": format!("bench.user.{i:03}"),
                "emailAddr": user_email(i), "isActive": true, "isAdmin": false, "title": "Editor", "entryDate": date}),
        );
    }
    for t in 0..spec.teams {
        push(
            "TEAMOB",
            json!({"ID": format!("@bteam-{t}"), "name": format!("Bench Team {t}"),
                "description": "A benchmark team", "isActive": true, "ownerID": user_sym(spec.direct + t * spec.team_size)}),
        );
        for m in 0..spec.team_size {
            let u = spec.direct + t * spec.team_size + m;
            push(
                "TEAMMB",
                json!({"ID": format!("@bteammb-{t}-{m}"), "teamID": format!("@bteam-{t}"), "userID": user_sym(u)}),
            );
        }
    }
    let project = |sym: &str, name: &str| {
        json!({"ID": sym, "name": name, "description": "Benchmark project", "status": "PLN",
            "groupID": "@grp-marketing", "ownerID": "@usr-avery", "priority": 2, "percentComplete": 0,
            "plannedStartDate": "2026-12-01T09:00:00:000-0000", "plannedCompletionDate": "2027-02-26T17:00:00:000-0000",
            "projectedCompletionDate": "2027-02-26T17:00:00:000-0000", "condition": "ON", "conditionType": "PM",
            "entryDate": date})
    };
    push("PROJ", project(PROJECT_SYM, PROJECT));
    push("PROJ", project(TRANSFER_SYM, TRANSFER_PROJECT));
    for (name, sym) in ACCESS_PROJECTS {
        push("PROJ", project(sym, name));
    }
    let task = |sym: &str, project: &str, k: usize| {
        json!({"ID": sym, "name": format!("Shot {:03}", k + 1), "projectID": project, "taskNumber": k + 1,
            "status": "NEW", "percentComplete": 0, "priority": 2, "duration": 3, "durationType": "A",
            "workRequired": 1440, "indent": 0, "plannedStartDate": "2026-12-01T09:00:00:000-0000",
            "plannedCompletionDate": "2026-12-04T17:00:00:000-0000", "categoryID": "@ctgy-integration",
            "parameterValues": {"DE:This task's integration status": "Active"}})
    };
    let mut tasks = vec![("@ttask-0".to_owned(), TRANSFER_SYM, 0)];
    tasks.extend((0..spec.tasks).map(|k| (task_sym(k), PROJECT_SYM, k)));
    for (p, (_, sym)) in ACCESS_PROJECTS.iter().enumerate() {
        tasks.extend((0..2).map(|k| (format!("@atask-{p}-{k}"), *sym, k)));
    }
    for (sym, project, k) in &tasks {
        push("TASK", task(sym, project, *k));
        push(
            "OBJCAT",
            json!({"ID": format!("@objcat-{}", &sym[1..]), "categoryID": "@ctgy-integration", "categoryOrder": 0,
                "objID": sym, "objObjCode": "TASK"}),
        );
    }
    // Every direct assignee on one task (round robin), every team on one task.
    for k in 0..spec.tasks.max(spec.direct) {
        let (task, user) = (k % spec.tasks, k % spec.direct.max(1));
        if spec.direct == 0 {
            break;
        }
        push(
            "ASSGN",
            json!({"ID": format!("@bassgn-{k}"), "taskID": task_sym(task), "projectID": PROJECT_SYM, "status": "NEW",
                "assignmentPercent": 100, "assignedToID": user_sym(user)}),
        );
    }
    // The access projects: each person assigned to the first task.
    for (p, (_, sym)) in ACCESS_PROJECTS.iter().enumerate() {
        for i in spec.access_people() {
            push(
                "ASSGN",
                json!({"ID": format!("@aassgn-{p}-{i}"), "taskID": format!("@atask-{p}-0"), "projectID": sym,
                    "status": "NEW", "assignmentPercent": 100, "assignedToID": user_sym(i)}),
            );
        }
    }
    for t in 0..spec.teams {
        let task = (t * 7 + 3) % spec.tasks;
        push(
            "ASSGN",
            json!({"ID": format!("@bassgn-team-{t}"), "taskID": task_sym(task), "projectID": PROJECT_SYM,
                "status": "NEW", "assignmentPercent": 100, "teamID": format!("@bteam-{t}"), "isTeamAssignment": true}),
        );
    }
    seed.to_string()
}

/// Frame.io's side of the people: a V4 user and a membership of Northwind Studios for each
/// account user, and an account invitation (no Frame.io user) for the first `invited` others.
fn add_frameio_people(seed: &mut Value, spec: &OrgSpec) {
    let fio = seed["frameio"].as_object_mut().expect("frameio");
    let others: Vec<usize> = (0..spec.assignees()).filter(|i| !OrgSpec::is_account_user(*i)).collect();
    let users: Vec<usize> = (0..spec.assignees()).filter(|i| OrgSpec::is_account_user(*i)).collect();
    for &i in &users {
        fio["users"].as_array_mut().expect("frameio users").push(json!({
            "id": frameio_user_sym(i), "_type": "user", "email": user_email(i), "name": format!("Bench User {i:03}"),
            "account_id": super::sim::ACCOUNT_SYM, "timezone_value": "Europe/London",
            "inserted_at": "2026-01-05T09:00:00.000000Z", "updated_at": "2026-11-01T09:00:00.000000Z",
        }));
    }
    let account = fio["accounts"]
        .as_array_mut()
        .expect("frameio accounts")
        .iter_mut()
        .find(|a| a["id"] == super::sim::ACCOUNT_SYM)
        .expect("the connected account");
    for &i in &users {
        account["members"]
            .as_array_mut()
            .expect("members")
            .push(json!({"user_id": frameio_user_sym(i), "role": "member"}));
    }
    for &i in others.iter().take(spec.invited) {
        account["invited"]
            .as_array_mut()
            .expect("invited")
            .push(json!({"email": user_email(i), "name": format!("Bench User {i:03}"), "role": "reviewer"}));
    }
}

/// Upload `docs` to the simulated Workfront (streamed multipart, `parallel` at a time) and
/// attach each to the benchmark project or its task. Returns the document IDs.
pub async fn upload_documents(
    http: &reqwest::Client,
    workfront_api: &str,
    project_sym: &str,
    docs: &[Doc],
    parallel: usize,
) -> Vec<String> {
    let pending: Vec<_> = docs
        .iter()
        .map(|doc| async move {
            let part = reqwest::multipart::Part::stream_with_length(
                reqwest::Body::wrap_stream(document_stream(doc.index, doc.size)),
                doc.size,
            )
            .file_name(doc.name.clone())
            .mime_str("video/quicktime")
            .expect("mime");
            let form = reqwest::multipart::Form::new().part("uploadedFile", part);
            let reply: Value = http
                .post(format!("{workfront_api}/upload"))
                .header("apikey", super::sim::API_KEY)
                .multipart(form)
                .send()
                .await
                .expect("upload")
                .json()
                .await
                .expect("upload answer");
            let handle = reply["data"]["handle"].as_str().unwrap_or_else(|| panic!("no handle: {reply}")).to_owned();
            let (code, obj) = match doc.task {
                Some(k) => ("TASK", workfront_id_for(&task_sym(k))),
                None => ("PROJ", workfront_id_for(project_sym)),
            };
            let updates = json!({"name": doc.name, "handle": handle, "docObjCode": code, "objID": obj,
                "currentVersion": {"version": "v1.0", "fileName": doc.name}});
            let created: Value = http
                .post(format!("{workfront_api}/document"))
                .header("apikey", super::sim::API_KEY)
                .query(&[("fields", "ID")])
                .json(&updates)
                .send()
                .await
                .expect("document")
                .json()
                .await
                .expect("document answer");
            created["data"]["ID"].as_str().unwrap_or_else(|| panic!("document not created: {created}")).to_owned()
        })
        .collect();
    futures::stream::iter(pending).buffered(parallel.max(1)).collect().await
}
