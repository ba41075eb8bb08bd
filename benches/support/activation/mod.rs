//! Benchmark 1, activation at scale: `wfio activate` (a child process, the real binary, its
//! peak RSS from GNU time) against a standalone `wfio sim` with injected latency and Frame.io's
//! published rate limits; a straightforward serial implementation of the same plan, written
//! here; and the lower bound the rate limits and the dependency chain allow.

use std::path::Path;
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use wfio::frameio::client::limits;
use wfio::integration::{connection_of, forms};
use wfio::sim::ids::{frameio_id_for, workfront_id_for};
use wfio::sync::plan::{self, Plan};
use wfio::workfront::model::{Document, Group, Project, Task, Team};

use super::machine::Conditions;
use super::org::{self, OrgSpec, PROJECT, PROJECT_SYM};
use super::proc::{Measured, run_measured};
use super::report::{self, Section, Table, mib, ratio, secs};
use super::sim::{API_KEY, Counters, SimProcess, TOKEN, wfio_command};

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub spec: OrgSpec,
    pub latency_ms: u64,
    /// Also run with every document this many times the size (peak RSS must not follow).
    pub small_factor: Option<f64>,
    pub serial: bool,
}

impl Config {
    pub const FULL: Self = Self { spec: OrgSpec::FULL, latency_ms: 20, small_factor: Some(0.1), serial: true };
    pub const TINY: Self = Self { spec: OrgSpec::TINY, latency_ms: 0, small_factor: Some(0.5), serial: true };
}

/// When each kind of item started and finished in a `wfio activate --json` run.
#[derive(Debug, Clone, Default)]
pub struct Phase {
    pub kind: String,
    pub count: usize,
    pub first_start: Option<Duration>,
    pub last_end: Option<Duration>,
}

#[derive(Debug, Clone)]
pub struct Run {
    pub label: String,
    pub wall: Duration,
    pub counters: Counters,
    pub rss_kb: Option<u64>,
    pub cpu: Option<Duration>,
    pub phases: Vec<Phase>,
    pub bytes: u64,
}

/// The lower bound and what it is made of.
#[derive(Debug, Clone)]
pub struct LowerBound {
    pub rtt: Duration,
    pub down_bps: f64,
    pub up_bps: f64,
    pub folders: usize,
    pub files: usize,
    pub invite_batches: usize,
    pub bytes: u64,
    pub assets_path: Duration,
    pub bytes_path: Duration,
    pub invites_path: Duration,
    pub total: Duration,
}

impl LowerBound {
    pub fn compute(plan: &Plan, invite_batch: usize, rtt: Duration, down_bps: f64, up_bps: f64) -> Self {
        let (folders, files) = (plan.folders.len(), plan.uploads.len());
        let invite_batches = plan.invites.len().div_ceil(invite_batch.max(1));
        let bytes = plan.total_bytes();
        // Before any asset: read the project (its group), read the group (its Frame.io team),
        // create the Frame.io project. Tasks, documents and teams are read alongside the group.
        let start = rtt * 3;
        let after = |rate: wfio::http::pace::Rate, n: usize| {
            // A leaky bucket of capacity c draining c per window: the first c go at once, the
            // k-th (k > c) no earlier than (k - c) windows / c after the first.
            let c = rate.requests as usize;
            rate.window.mul_f64(n.saturating_sub(c) as f64 / c as f64)
        };
        // Folders and files share assets.create; the last create is answered one RTT later.
        let assets_path = start + after(limits::ASSETS_CREATE, folders + files) + rtt;
        // Every byte is downloaded from Workfront and uploaded to storage; streamed, the two
        // overlap, so the slower of the two measured loopback rates bounds it. The first file
        // can be created right after the project.
        let bps = down_bps.min(up_bps).max(1.0);
        let bytes_path = start + rtt + Duration::from_secs_f64(bytes as f64 / bps) + rtt;
        // Invitations (create class, 100 per minute, bursting 100) can go with the folders.
        let invites_path = start + after(limits::CREATE, invite_batches + 1) + rtt;
        // Then the write-back: folder IDs (bulk edits, in parallel) and the status, one RTT.
        let total = assets_path.max(bytes_path).max(invites_path) + rtt;
        Self {
            rtt,
            down_bps,
            up_bps,
            folders,
            files,
            invite_batches,
            bytes,
            assets_path,
            bytes_path,
            invites_path,
            total,
        }
    }

    pub fn formula(&self) -> String {
        let c = limits::ASSETS_CREATE;
        format!(
            "Lower bound = max(assets, bytes, invites) + 1 RTT (write-back), where RTT = {rtt} (measured: \
             median of 9 Workfront GETs, the injected latency included) and\n\
             - assets  = 3 RTT (read project, read group, create the Frame.io project) + ({n} creates − {b} burst) / {r}/s \
             (assets.create: {req} per {win} s, shared by {f} folders and {files} files) + 1 RTT = **{ap}**\n\
             - bytes   = 3 RTT + 1 RTT (first file create) + {bytes} / min(download {dl:.0} MB/s, upload {ul:.0} MB/s) (measured on \
             loopback, 4 streams) + 1 RTT = **{bp}**\n\
             - invites = 3 RTT + {ib} batch invitations in the create class (100 per 60 s, bursting 100: no wait) + 1 RTT = **{ip}**\n\
             - **lower bound = {total}**",
            rtt = report::ms(self.rtt),
            n = self.folders + self.files,
            b = c.requests,
            r = c.requests as f64 / c.window.as_secs_f64(),
            req = c.requests,
            win = c.window.as_secs_f64(),
            f = self.folders,
            files = self.files,
            ap = secs(self.assets_path),
            bytes = report::bytes(self.bytes),
            dl = self.down_bps / 1e6,
            ul = self.up_bps / 1e6,
            bp = secs(self.bytes_path),
            ib = self.invite_batches,
            ip = secs(self.invites_path),
            total = secs(self.total),
        )
    }
}

#[derive(Debug, Clone)]
pub struct Results {
    pub config: Config,
    pub plan_counts: (usize, usize, usize, u64),
    pub wfio: Run,
    pub serial: Option<Run>,
    pub small: Option<Run>,
    pub bound: LowerBound,
    pub conditions: Conditions,
}

impl Results {
    pub fn vs_bound(&self) -> f64 {
        self.wfio.wall.as_secs_f64() / self.bound.total.as_secs_f64()
    }

    pub fn section(&self) -> Section {
        let (folders, files, invites, bytes) = self.plan_counts;
        let spec = &self.config.spec;
        let mut table = Table::new(&[
            "run",
            "wall time",
            "requests (WF / Frame.io / S3)",
            "429s",
            "peak RSS",
            "CPU",
            "vs lower bound",
        ]);
        let row = |r: &Run| {
            vec![
                r.label.clone(),
                secs(r.wall),
                format!("{} ({} / {} / {})", r.counters.total, r.counters.workfront, r.counters.frameio, r.counters.s3),
                r.counters.rate_limited.to_string(),
                r.rss_kb.map_or("n/a (in the bench)".into(), mib),
                r.cpu.map_or("n/a".into(), secs),
                ratio(r.wall.as_secs_f64() / self.bound.total.as_secs_f64()),
            ]
        };
        table.row(row(&self.wfio));
        if let Some(s) = &self.serial {
            table.row(row(s));
        }
        if let Some(s) = &self.small {
            table.row(row(s));
        }
        table.row(vec![
            "lower bound".into(),
            secs(self.bound.total),
            "".into(),
            "0".into(),
            "".into(),
            "".into(),
            ratio(1.0),
        ]);
        let mut ratios = Table::new(&["ratio", "value"]);
        ratios.row(vec!["wfio / lower bound (target ≤ 1.20×)".into(), ratio(self.vs_bound())]);
        if let Some(s) = &self.serial {
            ratios.row(vec![
                "serial baseline / wfio (wfio's speed-up)".into(),
                ratio(s.wall.as_secs_f64() / self.wfio.wall.as_secs_f64()),
            ]);
        }
        if let (Some(small), Some(full), Some(f)) =
            (self.small.as_ref().and_then(|s| s.rss_kb), self.wfio.rss_kb, self.config.small_factor)
        {
            ratios.row(vec![
                format!("peak RSS, documents ×1 / ×{f}"),
                format!("{} / {} = {}", mib(full), mib(small), ratio(full as f64 / small as f64)),
            ]);
        }
        let mut phases = Table::new(&["wfio phase", "items", "first started", "last finished"]);
        for p in &self.wfio.phases {
            phases.row(vec![
                p.kind.clone(),
                p.count.to_string(),
                p.first_start.map_or("-".into(), secs),
                p.last_end.map_or("-".into(), secs),
            ]);
        }
        Section {
            title: "1. Activation at scale".into(),
            method: format!(
                "`wfio --json activate '{PROJECT}' --status CUR --yes` (the real release binary, headless, a child process \
                 with a remote profile) against `wfio sim --latency-ms {lat} --rate-limits published` (another process). \
                 Wall time from exec to exit; requests and 429s from the simulator's `/_sim/requests` counters; peak RSS \
                 from GNU time (`benches/support/proc.rs`), CPU from `wait4` of the child. The world is reset and the documents uploaded again before each run. \
                 The **serial baseline** (`benches/support/activation.rs`, `serial`) runs the same plan (built with \
                 `wfio::sync::plan::build` from its own reads) one request after another: no pacing, a 429 answered by \
                 waiting 1 s and sending again, each document downloaded to a file and then uploaded part by part in order, \
                 invitations in the same batches of {batch}. It runs inside the bench process, so it has no RSS figure.",
                lat = self.config.latency_ms,
                batch = wfio::integration::Tuning::default().invite_batch,
            ),
            sizes: format!(
                "{} Active tasks → {folders} folders; {} assignees ({} direct, {} through {} teams) → {invites} invitations; \
                 {} documents, {} to {}, {} in all → {files} uploads; latency {} ms on every request",
                spec.tasks,
                spec.assignees(),
                spec.direct,
                spec.teams * spec.team_size,
                spec.teams,
                spec.docs,
                report::bytes(spec.min_bytes),
                report::bytes(spec.max_bytes),
                report::bytes(bytes),
                self.config.latency_ms
            ),
            conditions: self.conditions.clone(),
            tables: vec![table, ratios, phases],
            notes: vec![self.bound.formula()],
        }
    }
}

/// Run the benchmark: wfio, then the serial baseline, then wfio with smaller documents.
pub async fn run(bin: &str, config: Config, dir: &Path) -> Results {
    let spec = config.spec;
    let seed_path = dir.join("activation-seed.json");
    std::fs::write(&seed_path, org::seed(&spec)).expect("seed");
    let latency = config.latency_ms.to_string();
    let sim = SimProcess::start(
        bin,
        &["--seed", seed_path.to_str().expect("utf-8 path"), "--latency-ms", &latency, "--rate-limits", "published"],
        dir,
    );
    let docs = spec.documents();

    // wfio, documents at full size; the lower bound's measurements first.
    sim.reset().await;
    org::upload_documents(&sim.http, &sim.workfront_api(), PROJECT_SYM, &docs, 4).await;
    let probe = probe(&sim, &docs).await;
    // Let the probe's rate-limit buckets drain.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let conditions = Conditions::now();
    sim.clear_requests().await;
    let (wfio_run, plan) = run_wfio(bin, &sim, &dir.join("run-wfio"), "wfio").await;
    verify(&sim, &plan, PROJECT).await;
    let bound =
        LowerBound::compute(&plan, wfio::integration::Tuning::default().invite_batch, probe.0, probe.1, probe.2);

    let serial = if config.serial {
        sim.reset().await;
        org::upload_documents(&sim.http, &sim.workfront_api(), PROJECT_SYM, &docs, 4).await;
        sim.clear_requests().await;
        let run = serial(&sim, &dir.join("serial-spool")).await;
        verify(&sim, &plan, PROJECT).await;
        Some(run)
    } else {
        None
    };

    let small = match config.small_factor {
        Some(f) => {
            let small_docs = spec.scaled(f).documents();
            sim.reset().await;
            org::upload_documents(&sim.http, &sim.workfront_api(), PROJECT_SYM, &small_docs, 4).await;
            sim.clear_requests().await;
            let (mut run, small_plan) = run_wfio(bin, &sim, &dir.join("run-wfio-small"), "wfio").await;
            run.label = format!("wfio, documents ×{f} ({})", report::bytes(small_plan.total_bytes()));
            verify(&sim, &small_plan, PROJECT).await;
            Some(run)
        }
        None => None,
    };
    Results {
        config,
        plan_counts: (plan.folders.len(), plan.uploads.len(), plan.invites.len(), plan.total_bytes()),
        wfio: Run { label: format!("wfio ({})", report::bytes(plan.total_bytes())), ..wfio_run },
        serial,
        small,
        bound,
        conditions,
    }
}

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
    let (plan, phases) = parse_events(&measured);
    let _ = std::fs::remove_dir_all(home);
    let run = Run {
        label: label.to_owned(),
        wall: measured.wall,
        counters,
        rss_kb: Some(measured.max_rss_kb),
        cpu: Some(measured.cpu()),
        phases,
        bytes: plan.total_bytes(),
    };
    (run, plan)
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
    let mut plan_value = None;
    let mut kinds: Vec<String> = Vec::new();
    let mut phases: Vec<Phase> = Vec::new();
    let mut ok = false;
    for (t, line) in &m.lines {
        let Ok(v) = serde_json::from_str::<Value>(line) else { continue };
        match v["event"].as_str() {
            Some("plan") => plan_value = Some(v["plan"].clone()),
            Some("started") => {
                kinds = v["items"].as_array().map_or_else(Vec::new, |items| {
                    items.iter().map(|i| i["kind"].as_str().unwrap_or("?").to_owned()).collect()
                });
                for k in &kinds {
                    match phases.iter_mut().find(|p| &p.kind == k) {
                        Some(p) => p.count += 1,
                        None => phases.push(Phase { kind: k.clone(), count: 1, ..Phase::default() }),
                    }
                }
            }
            Some("item") => {
                let index = v["index"].as_u64().unwrap_or(0) as usize;
                let state = v["state"]["state"].as_str().or_else(|| v["state"].as_str()).unwrap_or("");
                let Some(kind) = kinds.get(index) else { continue };
                let Some(p) = phases.iter_mut().find(|p| &p.kind == kind) else { continue };
                match state {
                    "running" => p.first_start = Some(p.first_start.map_or(*t, |s| s.min(*t))),
                    "done" | "reused" | "failed" => p.last_end = Some(p.last_end.map_or(*t, |e| e.max(*t))),
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
    let Some(pv) = plan_value else { fail("printed no plan") };
    (plan_from_json(&pv), phases)
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
        })
        .collect();
    Plan {
        project_id: v["project_id"].as_str().unwrap_or_default().into(),
        project_name: v["project_name"].as_str().unwrap_or_default().into(),
        destination: {
            let d = &v["destination"];
            let text = |k: &str| d[k].as_str().unwrap_or_default().to_owned();
            plan::Destination {
                account_id: text("account_id"),
                account_name: text("account_name"),
                team_id: text("team_id"),
                team_name: text("team_name"),
            }
        },
        target_status: v["target_status"].as_str().unwrap_or_default().into(),
        target_label: v["target_label"].as_str().unwrap_or_default().into(),
        folders,
        uploads,
        invites,
        skipped: Vec::new(),
        blockers: Vec::new(),
    }
}

/// Check the simulated world holds what the plan asked for: one Frame.io project with a folder
/// per task, every file complete with its size, everyone invited, and the Workfront status.
pub async fn verify(sim: &SimProcess, plan: &Plan, project_name: &str) {
    let state = sim.state().await;
    let live = |o: &Value| o.get("deleted_at").is_none_or(Value::is_null);
    let projects: Vec<&Value> = state["fio"]["projects"]
        .as_object()
        .expect("fio projects")
        .values()
        .filter(|p| p["name"] == project_name && live(p))
        .collect();
    assert_eq!(projects.len(), 1, "one Frame.io project named {project_name}");
    let pid = projects[0]["id"].as_str().expect("project id");
    let assets: Vec<&Value> = state["fio"]["assets"]
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
    let invited = state["fio"]["collaborators"]
        .as_object()
        .expect("collaborators")
        .values()
        .filter(|c| c["project_id"] == pid && live(c))
        .count();
    assert_eq!(invited, plan.invites.len(), "invitations");
    let wf_project = get_wf(sim, &format!("proj/{}", plan.project_id), "ID,status").await;
    assert_eq!(wf_project["status"], "CUR", "Workfront status");
}

async fn get_wf(sim: &SimProcess, path: &str, fields: &str) -> Value {
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

/// Measure what the lower bound needs: the round trip, and loopback throughput of downloads
/// from Workfront and part uploads to storage (4 streams each, like the engine's default).
/// Returns (RTT, download bytes/s, upload bytes/s).
async fn probe(sim: &SimProcess, docs: &[org::Doc]) -> (Duration, f64, f64) {
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

    // Uploads: a probe file of four parts (at most 80 MB), all parts at once, from memory.
    let part_size = (found.first().map_or(0, |f| f.0) / 4).clamp(1, 20_000_000);
    let size = part_size * 4;
    let fio = sim.frameio_api();
    let team = frameio_id_for("@ft-brand");
    let p: Value =
        fio_post(&sim.http, &format!("{fio}/teams/{team}/projects"), &json!({"name": "Probe", "private": false}))
            .await
            .0;
    let root = p["root_asset_id"].as_str().expect("probe root").to_owned();
    let asset = fio_post(
        &sim.http,
        &format!("{fio}/assets/{root}/children"),
        &json!({"type": "file", "name": "probe.bin", "filetype": "application/octet-stream", "filesize": size}),
    )
    .await
    .0;
    let urls: Vec<String> = asset["upload_urls"]
        .as_array()
        .expect("upload_urls")
        .iter()
        .map(|u| u.as_str().unwrap_or("").to_owned())
        .collect();
    let data = bytes::Bytes::from(vec![7u8; (size / urls.len() as u64) as usize]);
    let t = Instant::now();
    futures::future::join_all(urls.iter().map(|url| {
        let data = data.clone();
        async move {
            let r = sim
                .http
                .put(url)
                .header("content-type", "application/octet-stream")
                .header("x-amz-acl", "private")
                .body(data)
                .send()
                .await
                .expect("probe part");
            assert!(r.status().is_success(), "probe part: {}", r.status());
        }
    }))
    .await;
    let up_bps = size as f64 / t.elapsed().as_secs_f64();
    (rtt, down_bps, up_bps)
}

/// POST to Frame.io as the demo token's user; a 429 is answered by waiting a second (or what
/// `Retry-After` says) and sending again. Returns the JSON and how many 429s it took.
async fn fio_post(http: &reqwest::Client, url: &str, body: &Value) -> (Value, u64) {
    let mut limited = 0;
    loop {
        let r = http.post(url).bearer_auth(TOKEN).json(body).send().await.expect("Frame.io POST");
        if r.status().as_u16() == 429 {
            limited += 1;
            let wait = r
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
                .map_or(Duration::from_secs(1), Duration::from_secs);
            tokio::time::sleep(wait).await;
            continue;
        }
        assert!(r.status().is_success(), "POST {url}: {}", r.status());
        return (r.json().await.expect("Frame.io JSON"), limited);
    }
}

/// Every result of a Workfront search, one page after another.
async fn search_serial<T: serde::de::DeserializeOwned>(
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

/// The serial baseline: the same plan, one request at a time.
pub async fn serial(sim: &SimProcess, spool: &Path) -> Run {
    let started = Instant::now();
    let http = &sim.http;
    let wf = sim.workfront_api();
    let fio = sim.frameio_api();
    let project_id = workfront_id_for(PROJECT_SYM);
    let mut limited = 0u64;

    // Read Workfront: the project, its group (the Frame.io team), tasks, documents, teams.
    let project: Project =
        serde_json::from_value(get_wf(sim, &format!("proj/{project_id}"), Project::FIELDS).await).expect("project");
    let group_id = project.group_id.clone().expect("project group");
    let group: Group =
        serde_json::from_value(get_wf(sim, &format!("group/{group_id}"), Group::FIELDS).await).expect("group");
    let connection = connection_of(&group).expect("connected group");
    let filter = [("projectID", project_id.clone())];
    let tasks: Vec<Task> = search_serial(sim, "task", &filter, Task::FIELDS).await;
    let documents: Vec<Document> = search_serial(sim, "docu", &filter, Document::FIELDS).await;
    let teams: Vec<Team> = search_serial(sim, "teamob", &[], Team::FIELDS_WITH_MEMBERS).await;
    let plan = plan::build(&plan::Input {
        project: &project,
        destination: Some(plan::Destination {
            account_id: connection.account_id,
            account_name: connection.account_name,
            team_id: connection.team_id.clone(),
            team_name: connection.team_name,
        }),
        group_name: &group.name,
        tasks: &tasks,
        documents: &documents,
        teams: &teams,
        target_status: "CUR",
        target_label: "Current",
    });
    assert!(plan.is_runnable(), "{:?}", plan.blockers);

    // Frame.io: the project, the folders, then each file: create, download, upload its parts.
    let (p, n) = fio_post(
        http,
        &format!("{fio}/teams/{}/projects", connection.team_id),
        &json!({"name": plan.project_name, "private": false}),
    )
    .await;
    limited += n;
    let fio_project = p["id"].as_str().expect("project id").to_owned();
    let root = p["root_asset_id"].as_str().expect("root").to_owned();
    let mut folder_of = std::collections::HashMap::new();
    for f in &plan.folders {
        let (a, n) =
            fio_post(http, &format!("{fio}/assets/{root}/children"), &json!({"type": "folder", "name": f.name})).await;
        limited += n;
        folder_of.insert(f.task_id.clone(), a["id"].as_str().expect("folder id").to_owned());
    }
    std::fs::create_dir_all(spool).expect("spool dir");
    for u in &plan.uploads {
        let parent = u.task_id.as_ref().map_or(root.clone(), |t| folder_of[t].clone());
        let (a, n) = fio_post(
            http,
            &format!("{fio}/assets/{parent}/children"),
            &json!({"type": "file", "name": u.name, "filetype": u.filetype, "filesize": u.size}),
        )
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
        let urls = a["upload_urls"].as_array().expect("upload_urls");
        let ranges = wfio::frameio::model::part_ranges(u.size, urls.len());
        for (url, (start, end)) in urls.iter().zip(ranges) {
            let url = url.as_str().expect("part URL");
            loop {
                use std::io::{Seek, SeekFrom};
                use tokio::io::AsyncReadExt;
                let mut f = std::fs::File::open(&path).expect("open spool");
                f.seek(SeekFrom::Start(start)).expect("seek");
                let reader = tokio::fs::File::from_std(f).take(end - start);
                let r = http
                    .put(url)
                    .header("content-type", &u.filetype)
                    .header("x-amz-acl", "private")
                    .header("content-length", end - start)
                    .body(reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::new(reader)))
                    .send()
                    .await
                    .expect("part PUT");
                if r.status().as_u16() == 503 || r.status().as_u16() == 429 {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
                assert!(r.status().is_success(), "part PUT: {}", r.status());
                break;
            }
        }
        let _ = std::fs::remove_file(&path);
    }
    // Invitations, in the engine's batch size.
    for chunk in plan.invites.chunks(wfio::integration::Tuning::default().invite_batch) {
        let batch: Vec<Value> = chunk.iter().map(|i| json!({"email": i.email})).collect();
        let (_, n) = fio_post(
            http,
            &format!("{fio}/batch/projects/{fio_project}/collaborators"),
            &json!({"batch": batch, "send_email": true}),
        )
        .await;
        limited += n;
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
        rss_kb: None,
        cpu: None,
        phases: Vec::new(),
        bytes: plan.total_bytes(),
    }
}
