//! The serial baseline: the same plan, built with `wfio::sync::plan::build` and classified with
//! `plan::classify` from its own reads, run one V4 request after another with reqwest: no
//! pacing (a 429 is answered by waiting 1 s and sending again), each document downloaded to a
//! file and then uploaded part by part in order, people added one call each (account users) or
//! in the engine's batches (reviewers of one share).

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use wfio::integration::{Tuning, connection_of, forms};
use wfio::sim::ids::workfront_id_for;
use wfio::sync::plan::{self, Access, AccessMode};
use wfio::workfront::model::{Document, Group, Project, Task, Team};

use super::Run;
use super::verify::get_wf;
use crate::support::ops;
use crate::support::org::PROJECT_SYM;
use crate::support::sim::{API_KEY, SimProcess};
use crate::support::v4::V4;

/// Every result of a Workfront search, one page after another.
async fn search_serial<T: DeserializeOwned>(
    sim: &SimProcess,
    obj: &str,
    filters: &[(&str, String)],
    fields: &str,
) -> Vec<T> {
    const PAGE: usize = 2000;
    let mut all = Vec::new();
    loop {
        let mut q: Vec<(&str, String)> = filters.to_vec();
        q.extend([
            ("fields", fields.to_owned()),
            ("$$FIRST", all.len().to_string()),
            ("$$LIMIT", PAGE.to_string()),
            ("ID_Sort", "asc".into()),
        ]);
        let v: Value = sim
            .http
            .get(format!("{}/{obj}/search", sim.workfront_api()))
            .header("apikey", API_KEY)
            .query(&q)
            .send()
            .await
            .expect("search")
            .json()
            .await
            .expect("search JSON");
        let page: Vec<T> = serde_json::from_value(v["data"].clone()).expect("search rows");
        let n = page.len();
        all.extend(page);
        if n < PAGE {
            return all;
        }
    }
}

/// PUT one part from the spool file, again after a storage 503 or 429.
async fn put_part(http: &reqwest::Client, url: &str, path: &Path, start: u64, end: u64, media_type: &str) {
    use std::io::{Seek, SeekFrom};
    use tokio::io::AsyncReadExt;
    loop {
        let mut f = std::fs::File::open(path).expect("open spool");
        f.seek(SeekFrom::Start(start)).expect("seek");
        let reader = tokio::fs::File::from_std(f).take(end - start);
        let r = http
            .put(url)
            .header("content-type", media_type)
            .header("x-amz-acl", "private")
            .header("content-length", end - start)
            .body(reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(reader)))
            .send()
            .await
            .expect("part PUT");
        if matches!(r.status().as_u16(), 429 | 503) {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        assert!(r.status().is_success(), "part PUT: {}", r.status());
        return;
    }
}

/// The serial baseline, start to finish, signed in first (as wfio's run is).
pub async fn serial(sim: &SimProcess, spool: &Path) -> Run {
    let v4 = V4::sign_in(sim).await;
    let started = Instant::now();
    let http = &sim.http;
    let wf = sim.workfront_api();
    let project_id = workfront_id_for(PROJECT_SYM);
    let mut limited = 0u64;

    // Workfront: the project, its group (the connection), tasks, documents, teams.
    let project: Project =
        serde_json::from_value(get_wf(sim, &format!("proj/{project_id}"), Project::FIELDS).await).expect("project");
    let group_id = project.group_id.clone().expect("project group");
    let group: Group =
        serde_json::from_value(get_wf(sim, &format!("group/{group_id}"), Group::FIELDS).await).expect("group");
    let connection = connection_of(&group).expect("connected group");
    assert!(!connection.legacy, "a V4 connection");
    let filter = [("projectID", project_id.clone())];
    let tasks: Vec<Task> = search_serial(sim, "task", &filter, Task::FIELDS).await;
    let documents: Vec<Document> = search_serial(sim, "docu", &filter, Document::FIELDS).await;
    let teams: Vec<Team> = search_serial(sim, "teamob", &[], Team::FIELDS_WITH_MEMBERS).await;
    let mut plan = plan::build(&plan::Input {
        project: &project,
        destination: Some(plan::Destination {
            account_id: connection.account_id.clone(),
            account_name: connection.account_name,
            workspace_id: connection.workspace_id.clone(),
            workspace_name: connection.workspace_name,
        }),
        group_name: &group.name,
        legacy_team: None,
        tasks: &tasks,
        documents: &documents,
        teams: &teams,
        target_status: "CUR",
        target_label: "Current",
    });
    assert!(plan.is_runnable(), "{:?}", plan.blockers);
    // Frame.io: who is a user of the account (email -> user ID; invited people have none).
    let (users, n) = v4.list("users").await;
    limited += n;
    let users: HashMap<String, Option<String>> = users
        .iter()
        .filter_map(|u| {
            let email = u["user"]["email"].as_str()?.trim().to_lowercase();
            Some((email, u["user"]["id"].as_str().map(str::to_owned)))
        })
        .collect();
    plan::classify(&mut plan, &users, AccessMode::Project, "editor");

    // The project, the folders, then each file: create, download, upload its parts, status.
    let (p, n) =
        v4.post(&format!("workspaces/{}/projects", connection.workspace_id), json!({"name": plan.project_name})).await;
    limited += n;
    let fio_project = p["id"].as_str().expect("project id").to_owned();
    let root = p["root_folder_id"].as_str().expect("root").to_owned();
    let mut folder_of = HashMap::new();
    for f in &plan.folders {
        let (a, n) = v4.post(&format!("folders/{root}/folders"), json!({"name": f.name})).await;
        limited += n;
        folder_of.insert(f.task_id.clone(), a["id"].as_str().expect("folder id").to_owned());
    }
    std::fs::create_dir_all(spool).expect("spool dir");
    for u in &plan.uploads {
        let parent = u.task_id.as_ref().map_or(root.clone(), |t| folder_of[t].clone());
        let (a, n) = v4
            .post(&format!("folders/{parent}/files/local_upload"), json!({"name": u.name, "file_size": u.size}))
            .await;
        limited += n;
        let url = u.document.download_url.clone().expect("download URL");
        let path = spool.join(&u.doc_id);
        let resp = http.get(format!("{}{url}", sim.base)).header("apikey", API_KEY).send().await.expect("download");
        let mut file = tokio::fs::File::create(&path).await.expect("spool file");
        let mut body = resp.bytes_stream();
        while let Some(chunk) = body.next().await {
            file.write_all(&chunk.expect("download chunk")).await.expect("spool write");
        }
        file.flush().await.expect("flush");
        drop(file);
        let media_type = a["media_type"].as_str().unwrap_or("application/octet-stream");
        let mut start = 0;
        for part in a["upload_urls"].as_array().expect("upload_urls") {
            let end = start + part["size"].as_u64().expect("part size");
            put_part(http, part["url"].as_str().expect("part URL"), &path, start, end, media_type).await;
            start = end;
        }
        assert_eq!(start, u.size, "the parts add up to the file");
        let (status, n) = v4.get(&format!("files/{}/status", a["id"].as_str().expect("file id"))).await;
        limited += n;
        assert_eq!(status["upload_complete"], true, "{} complete", u.name);
        let _ = std::fs::remove_file(&path);
    }
    // People: account users one call each; the others reviewers of one share, in batches.
    let mut reviewers = Vec::new();
    for i in &plan.invites {
        match &i.access {
            Access::ProjectUser { user_id, role } => {
                let (_, n) = v4.patch(&format!("projects/{fio_project}/users/{user_id}"), json!({"role": role})).await;
                limited += n;
            }
            _ => reviewers.push(i.email.clone()),
        }
    }
    if !reviewers.is_empty() {
        let name = wfio::sync::execute::share_name(&plan.project_name);
        let (share, n) = v4
            .post(
                &format!("projects/{fio_project}/shares"),
                json!({"type": "asset", "name": name, "access": "secure", "asset_ids": [root]}),
            )
            .await;
        limited += n;
        let share = share["id"].as_str().expect("share id").to_owned();
        for chunk in reviewers.chunks(Tuning::default().invite_batch) {
            let (_, n) = v4
                .send(
                    reqwest::Method::POST,
                    &v4.path(&format!("shares/{share}/reviewers")),
                    Some(&json!({"data": {"reviewers": {"emails": chunk}, "notify_by_email": true,
                        "message": format!("You have been invited to review \"{}\" in Frame.io.", plan.project_name)}})),
                )
                .await;
            limited += n;
        }
    }
    // Workfront: the folder IDs on the tasks (100 per bulk edit), then the status.
    let updates: Vec<Value> = plan
        .folders
        .iter()
        .map(|f| json!({"ID": f.task_id, forms::de(forms::TASK_FOLDER_ID): folder_of[&f.task_id]}))
        .collect();
    for chunk in updates.chunks(100) {
        let r = http.put(format!("{wf}/task")).header("apikey", API_KEY).json(&chunk).send().await.expect("bulk edit");
        assert!(r.status().is_success(), "bulk edit: {}", r.status());
    }
    let r = http
        .put(format!("{wf}/proj/{project_id}"))
        .header("apikey", API_KEY)
        .json(&json!({"status": "CUR"}))
        .send()
        .await
        .expect("status");
    assert!(r.status().is_success(), "status: {}", r.status());
    let wall = started.elapsed();
    let counters = sim.counters().await;
    assert_eq!(counters.rate_limited, limited, "429s seen by the serial baseline");
    Run {
        label: "serial baseline".into(),
        wall,
        counters,
        operations: ops::by_operation(&sim.requests().await),
        rss_kb: None,
        cpu: None,
        phases: Vec::new(),
        bytes: plan.total_bytes(),
    }
}
