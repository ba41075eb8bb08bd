//! `wfio --json activate` as a child process (the real binary, a remote profile, the demo's
//! server-to-server credential in the environment): its wall time, peak RSS, CPU, the plan it
//! printed and when each kind of item started and finished.

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use wfio::sync::plan::{self, Access, Plan};

use super::{Phase, Run};
use crate::support::ops;
use crate::support::org::PROJECT;
use crate::support::proc::{Measured, run_measured};
use crate::support::sim::{SimProcess, wfio_command};

/// Run `wfio --json activate PROJECT --yes` in a fresh home against `sim`; the run and the plan
/// it printed.
pub async fn run_wfio(bin: &str, sim: &SimProcess, home: &Path, label: &str) -> (Run, Plan) {
    run_wfio_project(bin, sim, home, label, PROJECT).await
}

pub async fn run_wfio_project(bin: &str, sim: &SimProcess, home: &Path, label: &str, project: &str) -> (Run, Plan) {
    let _ = std::fs::remove_dir_all(home);
    sim.write_profile(&home.join("config"));
    let cmd = wfio_command(bin, home, &["--json", "activate", project, "--status", "CUR", "--yes"]);
    let measured = tokio::task::spawn_blocking(move || run_measured(cmd)).await.expect("join").expect("run wfio");
    let counters = sim.counters().await;
    let operations = ops::by_operation(&sim.requests().await);
    let (plan, phases) = parse_events(&measured);
    let _ = std::fs::remove_dir_all(home);
    let run = Run {
        label: label.to_owned(),
        wall: measured.wall,
        counters,
        operations,
        rss_kb: Some(measured.max_rss_kb),
        cpu: Some(measured.cpu()),
        phases,
        bytes: plan.total_bytes(),
    };
    (run, plan)
}

/// The phase an item belongs to: its kind, and for people their access path.
fn phase_name(kind: &str, invite: Option<&Access>) -> String {
    match (kind, invite) {
        ("invite", Some(Access::ProjectUser { .. })) => "access: project user".into(),
        ("invite", Some(Access::WorkspaceUser { .. })) => "access: workspace user".into(),
        ("invite", Some(_)) => "access: share reviewer".into(),
        (k, _) => k.to_owned(),
    }
}

/// The plan (from the `plan` line) and the phases (from `item` lines) of a JSON run; panics with
/// the output when the run failed.
pub fn parse_events(m: &Measured) -> (Plan, Vec<Phase>) {
    let fail = |why: &str| -> ! {
        let out: Vec<&str> = m.lines.iter().map(|(_, l)| l.as_str()).rev().take(20).collect();
        panic!(
            "wfio activate {why} (exit {}):\nstderr: {}\nstdout (last lines, newest first): {out:#?}",
            m.code, m.stderr
        )
    };
    let mut plan: Option<Plan> = None;
    let mut names: Vec<String> = Vec::new();
    let mut phases: Vec<Phase> = Vec::new();
    let mut ok = false;
    for (t, line) in &m.lines {
        let Ok(v) = serde_json::from_str::<Value>(line) else { continue };
        match v["event"].as_str() {
            Some("plan") => plan = Some(plan_from_json(&v["plan"])),
            Some("started") => {
                let mut invite = 0;
                names = v["items"].as_array().map_or_else(Vec::new, |items| {
                    items
                        .iter()
                        .map(|i| {
                            let kind = i["kind"].as_str().unwrap_or("?");
                            let access = (kind == "invite")
                                .then(|| plan.as_ref().and_then(|p| p.invites.get(invite)).map(|i| &i.access))
                                .flatten();
                            invite += usize::from(kind == "invite");
                            phase_name(kind, access)
                        })
                        .collect()
                });
                for k in &names {
                    match phases.iter_mut().find(|p| &p.kind == k) {
                        Some(p) => p.count += 1,
                        None => phases.push(Phase { kind: k.clone(), count: 1, ..Phase::default() }),
                    }
                }
            }
            Some("item") => {
                let index = v["index"].as_u64().unwrap_or(0) as usize;
                let state = v["state"]["state"].as_str().or_else(|| v["state"].as_str()).unwrap_or("");
                let Some(kind) = names.get(index) else { continue };
                let Some(p) = phases.iter_mut().find(|p| &p.kind == kind) else { continue };
                match state {
                    "running" => p.first_start = Some(p.first_start.map_or(*t, |s| s.min(*t))),
                    "done" | "reused" | "failed" => {
                        p.last_end = Some(p.last_end.map_or(*t, |e| e.max(*t)));
                        p.ends.push(*t);
                    }
                    _ => {}
                }
            }
            Some("summary") => ok = v["ok"].as_bool() == Some(true),
            _ => {}
        }
    }
    if !m.ok() || !ok {
        fail("failed");
    }
    let Some(plan) = plan else { fail("printed no plan") };
    (plan, phases)
}

fn access_from_json(v: &Value) -> Access {
    let text = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
    match v["kind"].as_str() {
        Some("project_user") => Access::ProjectUser { user_id: text("user_id"), role: text("role") },
        Some("workspace_user") => Access::WorkspaceUser { user_id: text("user_id"), role: text("role") },
        Some("reviewer") => Access::Reviewer,
        _ => Access::Unknown,
    }
}

/// The parts of a printed plan the benchmarks use (the JSON has no document objects).
fn plan_from_json(v: &Value) -> Plan {
    let folders = v["folders"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| plan::FolderItem {
            task_id: f["task_id"].as_str().unwrap_or_default().into(),
            name: f["name"].as_str().unwrap_or_default().into(),
        })
        .collect();
    let uploads = v["uploads"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| plan::UploadItem {
            doc_id: u["doc_id"].as_str().unwrap_or_default().into(),
            name: u["name"].as_str().unwrap_or_default().into(),
            size: u["size"].as_u64().unwrap_or(0),
            filetype: u["filetype"].as_str().unwrap_or_default().into(),
            task_id: u["task_id"].as_str().map(str::to_owned),
            document: serde_json::from_value(json!({"ID": u["doc_id"], "name": u["name"]})).expect("document"),
        })
        .collect();
    let invites = v["invites"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| plan::InviteItem {
            email: i["email"].as_str().unwrap_or_default().into(),
            name: i["name"].as_str().unwrap_or_default().into(),
            because: Vec::new(),
            access: access_from_json(&i["access"]),
        })
        .collect();
    let d = &v["destination"];
    let text = |k: &str| d[k].as_str().unwrap_or_default().to_owned();
    Plan {
        project_id: v["project_id"].as_str().unwrap_or_default().into(),
        project_name: v["project_name"].as_str().unwrap_or_default().into(),
        destination: plan::Destination {
            account_id: text("account_id"),
            account_name: text("account_name"),
            workspace_id: text("workspace_id"),
            workspace_name: text("workspace_name"),
        },
        target_status: v["target_status"].as_str().unwrap_or_default().into(),
        target_label: v["target_label"].as_str().unwrap_or_default().into(),
        folders,
        uploads,
        invites,
        skipped: Vec::new(),
        blockers: Vec::new(),
        sign_in_blocked: false,
    }
}

/// The steady-state time between finishes of a phase's items: after the first `skip` (a burst
/// the bucket lets through at once), the span of the rest over their number minus one. `None`
/// when fewer than two items are left.
pub fn steady_interval(ends: &[Duration], skip: usize) -> Option<Duration> {
    let mut ends = ends.to_vec();
    ends.sort();
    let rest = ends.get(skip..).filter(|r| r.len() >= 2)?;
    Some((rest[rest.len() - 1] - rest[0]) / (rest.len() as u32 - 1))
}
