//! The checks after a run (the simulated world holds what the plan asked for) and the probes
//! the lower bound needs (round trip, loopback throughput, the account's users).

use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{Value, json};
use wfio::sim::ids::workfront_id_for;
use wfio::sync::plan::{Access, Plan};

use super::bound::Inputs;
use crate::support::org::{self, PROJECT_SYM};
use crate::support::report;
use crate::support::sim::{API_KEY, SimProcess, workspace_id};
use crate::support::v4::V4;

fn live(o: &Value) -> bool {
    o.get("deleted_at").is_none_or(Value::is_null)
}

/// Check the simulated world holds what the plan asked for: one Frame.io project in the
/// workspace with a folder per task, every file complete with its size, every person given
/// access once the way the plan says (a project user emailed once, a workspace user a member of
/// the workspace, a reviewer on the project's share and emailed once), and the Workfront status.
pub async fn verify(sim: &SimProcess, plan: &Plan, project_name: &str) {
    let state = sim.state().await;
    let fio = &state["fio"];
    let projects: Vec<&Value> = fio["projects"]
        .as_object()
        .expect("fio projects")
        .values()
        .filter(|p| p["name"] == project_name && live(p))
        .collect();
    assert_eq!(projects.len(), 1, "one Frame.io project named {project_name}");
    assert_eq!(projects[0]["team_id"].as_str(), Some(plan.destination.workspace_id.as_str()), "in the workspace");
    let pid = projects[0]["id"].as_str().expect("project id");
    let assets: Vec<&Value> = fio["assets"]
        .as_object()
        .expect("fio assets")
        .values()
        .filter(|a| a["project_id"] == pid && live(a) && a.get("parent_id").is_some_and(|p| !p.is_null()))
        .collect();
    let folders = assets.iter().filter(|a| a["type"] == "folder").count();
    let files: Vec<&&Value> = assets.iter().filter(|a| a["type"] == "file").collect();
    assert_eq!(folders, plan.folders.len(), "folders");
    assert_eq!(files.len(), plan.uploads.len(), "files");
    for f in &files {
        assert!(f["upload_completed_at"].as_str().is_some(), "upload complete: {}", f["name"]);
    }
    let mut sizes: Vec<u64> = files.iter().map(|f| f["filesize"].as_u64().unwrap_or(0)).collect();
    let mut expected: Vec<u64> = plan.uploads.iter().map(|u| u.size).collect();
    sizes.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sizes, expected, "file sizes");

    let outbox = sim.outbox().await;
    let emails = |to: &str, kind: &str| {
        outbox.iter().filter(|e| e["to"] == to && e["kind"] == kind && e["project_id"] == pid).count()
    };
    let reviewers: Vec<String> = fio["shares"]
        .as_object()
        .into_iter()
        .flat_map(|s| s.values())
        .filter(|s| s["_project_id"] == pid)
        .flat_map(|s| s["_reviewers"].as_array().cloned().unwrap_or_default())
        .filter_map(|r| r["email"].as_str().map(str::to_lowercase))
        .collect();
    let ws = &plan.destination.workspace_id;
    for i in &plan.invites {
        match &i.access {
            Access::ProjectUser { user_id, .. } => {
                assert!(fio["project_roles"][pid][user_id].is_string(), "{} is a user of the project", i.email);
                assert_eq!(emails(&i.email, "project_access"), 1, "{} emailed once", i.email);
            }
            Access::WorkspaceUser { user_id, .. } => {
                assert!(fio["workspace_roles"][ws][user_id].is_string(), "{} is a user of the workspace", i.email);
            }
            Access::Reviewer | Access::Unknown => {
                assert!(reviewers.contains(&i.email), "{} reviews the project's share", i.email);
                assert_eq!(emails(&i.email, "share_invite"), 1, "{} emailed once", i.email);
            }
        }
    }
    let wf_project = get_wf(sim, &format!("proj/{}", plan.project_id), "ID,status").await;
    assert_eq!(wf_project["status"], "CUR", "Workfront status");
}

pub async fn get_wf(sim: &SimProcess, path: &str, fields: &str) -> Value {
    let v: Value = sim
        .http
        .get(format!("{}/{path}", sim.workfront_api()))
        .header("apikey", API_KEY)
        .query(&[("fields", fields)])
        .send()
        .await
        .expect("Workfront GET")
        .json()
        .await
        .expect("Workfront JSON");
    v["data"].clone()
}

/// Measure what the lower bound needs: the round trip; loopback throughput of downloads from
/// Workfront and part uploads to storage (4 streams each, like the engine's default), or the
/// simulator's upload throttle when one is set; and how many pages the account's users fill.
pub async fn probe(sim: &SimProcess, docs: &[org::Doc]) -> Inputs {
    let project = workfront_id_for(PROJECT_SYM);
    let mut rtts = Vec::new();
    for _ in 0..9 {
        let t = Instant::now();
        get_wf(sim, &format!("proj/{project}"), "ID").await;
        rtts.push(t.elapsed());
    }
    let rtt = report::median(rtts);

    // Downloads: the four largest documents at once.
    let listed: Value = sim
        .http
        .get(format!("{}/docu/search", sim.workfront_api()))
        .header("apikey", API_KEY)
        .query(&[
            ("projectID", project.as_str()),
            ("fields", "ID,downloadURL,currentVersion:docSize"),
            ("$$LIMIT", "2000"),
        ])
        .send()
        .await
        .expect("docu search")
        .json()
        .await
        .expect("docu JSON");
    let mut found: Vec<(u64, String)> = listed["data"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| {
            (d["currentVersion"]["docSize"].as_u64().unwrap_or(0), d["downloadURL"].as_str().unwrap_or("").to_owned())
        })
        .collect();
    assert_eq!(found.len(), docs.len(), "documents uploaded");
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.truncate(4);
    let t = Instant::now();
    let total: u64 = futures::future::join_all(found.iter().map(|(_, url)| async move {
        let resp = sim.http.get(format!("{}{url}", sim.base)).header("apikey", API_KEY).send().await.expect("download");
        let mut stream = resp.bytes_stream();
        let mut n = 0u64;
        while let Some(chunk) = stream.next().await {
            n += chunk.expect("download chunk").len() as u64;
        }
        n
    }))
    .await
    .into_iter()
    .sum();
    let down_bps = total as f64 / t.elapsed().as_secs_f64();

    // Uploads: a probe file of up to four 20 MB parts (the server's part size), all at once.
    let v4 = V4::sign_in(sim).await;
    let size = found.first().map_or(1, |f| f.0).clamp(1, 80_000_000);
    let (p, _) = v4.post(&format!("workspaces/{}/projects", workspace_id()), json!({"name": "Probe"})).await;
    let root = p["root_folder_id"].as_str().expect("probe root").to_owned();
    let (file, _) =
        v4.post(&format!("folders/{root}/files/local_upload"), json!({"name": "probe.bin", "file_size": size})).await;
    let media_type = file["media_type"].as_str().unwrap_or("application/octet-stream").to_owned();
    let parts: Vec<(String, u64)> = file["upload_urls"]
        .as_array()
        .expect("upload_urls")
        .iter()
        .map(|u| (u["url"].as_str().unwrap_or("").to_owned(), u["size"].as_u64().unwrap_or(0)))
        .collect();
    let t = Instant::now();
    futures::future::join_all(parts.iter().map(|(url, len)| {
        let data = bytes::Bytes::from(vec![7u8; *len as usize]);
        let (http, media_type) = (&sim.http, &media_type);
        async move {
            let r = http
                .put(url)
                .header("content-type", media_type)
                .header("x-amz-acl", "private")
                .body(data)
                .send()
                .await
                .expect("probe part");
            assert!(r.status().is_success(), "probe part: {}", r.status());
        }
    }))
    .await;
    let mut up_bps = size as f64 / t.elapsed().as_secs_f64();
    let faults: Value =
        sim.http.get(format!("{}/_sim/faults", sim.base)).send().await.expect("faults").json().await.expect("JSON");
    if let Some(throttle) = faults["upload_bytes_per_sec"].as_u64() {
        up_bps = up_bps.min(throttle as f64);
    }
    let (users, _) = v4.list("users").await;
    Inputs {
        rtt,
        down_bps,
        up_bps,
        account_user_pages: users.len().div_ceil(100).max(1),
        invite_batch: wfio::integration::Tuning::default().invite_batch,
    }
}

/// Wait until buckets the probe used have drained (10 a minute: 6 s for one request).
pub async fn let_buckets_drain() {
    tokio::time::sleep(Duration::from_secs(7)).await;
}
