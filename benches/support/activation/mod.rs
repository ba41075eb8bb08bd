//! Benchmark 1, activation at scale on Frame.io V4: `wfio activate` (a child process, the real
//! binary, its peak RSS from GNU time) against a standalone `wfio sim` with injected latency and
//! V4's published per-operation limits; a straightforward serial implementation of the same plan
//! (`serial`); the lower bound those limits and the dependency chain allow (`bound`); and the
//! cost of each access path per person, with what it means for 300 people (`access`).
//!
//! - `child`: running the binary and reading its JSON events;
//! - `verify`: the checks of the world after a run, and the probes the bound needs.

pub mod access;
pub mod bound;
pub mod child;
pub mod serial;
pub mod verify;

use std::path::Path;
use std::time::Duration;

use bound::{Counts, LowerBound};
pub use child::{run_wfio, run_wfio_project};
pub use verify::verify;

use super::machine::Conditions;
use super::ops::{self, OpCount};
use super::org::{self, OrgSpec, PROJECT, PROJECT_SYM};
use super::report::{self, Section, Table, mib, ratio, secs};
use super::sim::{Counters, SimProcess};

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub spec: OrgSpec,
    pub latency_ms: u64,
    /// Also run with every document this many times the size (peak RSS must not follow).
    pub small_factor: Option<f64>,
    pub serial: bool,
    /// Also measure the access paths person by person (`access`).
    pub access: bool,
}

impl Config {
    pub const FULL: Self =
        Self { spec: OrgSpec::FULL, latency_ms: 20, small_factor: Some(0.1), serial: true, access: true };
    pub const TINY: Self =
        Self { spec: OrgSpec::TINY, latency_ms: 0, small_factor: Some(0.5), serial: true, access: true };
}

/// When each kind of item started and finished in a `wfio activate --json` run.
#[derive(Debug, Clone, Default)]
pub struct Phase {
    pub kind: String,
    pub count: usize,
    pub first_start: Option<Duration>,
    pub last_end: Option<Duration>,
    /// When each item finished.
    pub ends: Vec<Duration>,
}

#[derive(Debug, Clone)]
pub struct Run {
    pub label: String,
    pub wall: Duration,
    pub counters: Counters,
    /// V4 requests by operation.
    pub operations: Vec<OpCount>,
    pub rss_kb: Option<u64>,
    pub cpu: Option<Duration>,
    pub phases: Vec<Phase>,
    pub bytes: u64,
}

impl Run {
    pub fn phase(&self, kind: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.kind == kind)
    }
}

#[derive(Debug, Clone)]
pub struct Results {
    pub config: Config,
    pub counts: Counts,
    pub wfio: Run,
    pub serial: Option<Run>,
    pub small: Option<Run>,
    pub bound: LowerBound,
    pub access: Option<access::Results>,
    /// Operations whose pacing in wfio differs from the published limit.
    pub pacing: Vec<String>,
    /// Operations wfio does not send whose template its pacing gives another class.
    pub shadowed: Vec<String>,
    pub conditions: Conditions,
}

impl Results {
    pub fn vs_bound(&self) -> f64 {
        self.wfio.wall.as_secs_f64() / self.bound.total.as_secs_f64()
    }

    fn runs_table(&self) -> Table {
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
        table
    }

    fn ratios_table(&self) -> Table {
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
        ratios
    }

    fn phases_table(&self) -> Table {
        let mut phases = Table::new(&["wfio phase", "items", "first started", "last finished"]);
        for p in &self.wfio.phases {
            phases.row(vec![
                p.kind.clone(),
                p.count.to_string(),
                p.first_start.map_or("-".into(), secs),
                p.last_end.map_or("-".into(), secs),
            ]);
        }
        phases
    }

    /// V4 requests by operation, wfio's and the serial baseline's.
    fn operations_table(&self) -> Table {
        let mut t =
            Table::new(&["V4 operation", "published limit", "wfio: requests (429s)", "serial: requests (429s)"]);
        let serial = self.serial.as_ref().map_or(&[][..], |s| &s.operations[..]);
        let mut names: Vec<&OpCount> = self.wfio.operations.iter().collect();
        names.extend(serial.iter().filter(|c| !self.wfio.operations.iter().any(|w| w.op == c.op)));
        let cell = |ops: &[OpCount], op: &str| {
            ops.iter().find(|c| c.op == op).map_or("0".into(), |c| format!("{} ({})", c.sent, c.limited))
        };
        for c in names {
            t.row(vec![format!("`{}`", c.op), c.limit(), cell(&self.wfio.operations, c.op), cell(serial, c.op)]);
        }
        t
    }

    pub fn section(&self) -> Section {
        let c = &self.counts;
        let spec = &self.config.spec;
        let mut tables = vec![self.runs_table(), self.ratios_table(), self.phases_table(), self.operations_table()];
        let mut notes = vec![self.bound.formula()];
        let mut pacing = if self.pacing.is_empty() {
            "Pacing: every V4 operation wfio's client names, and every one this run sent, is paced at the limit \
             the simulator's table of the OpenAPI document publishes for it (`wfio::frameio::limits` against \
             `wfio::sim::frameio::v4::limits`, checked by `benches/support/ops.rs`)."
                .to_owned()
        } else {
            format!(
                "Pacing that does not match the published limits (`wfio::frameio::limits` against \
                 `wfio::sim::frameio::v4::limits`):\n{}",
                self.pacing.iter().map(|m| format!("- {m}")).collect::<Vec<_>>().join("\n")
            )
        };
        if !self.shadowed.is_empty() {
            pacing.push_str(&format!(
                " Not sent by wfio, but mis-classed should it ever be: {}.",
                self.shadowed.join("; ")
            ));
        }
        notes.push(pacing);
        if let Some(a) = &self.access {
            tables.push(a.table());
            tables.push(a.projection(300, 5));
            notes.push(access_note(a));
        }
        Section {
            title: "1. Activation at scale".into(),
            method: format!(
                "`wfio --json activate '{PROJECT}' --status CUR --yes` (the real release binary, headless, a child process \
                 with a remote profile signed in with the demo's server-to-server credential) against `wfio sim \
                 --latency-ms {lat} --rate-limits published` (another process: Frame.io V4 under `/v4`, IMS under \
                 `/ims`, each V4 operation limited as the OpenAPI document publishes, per account user). Wall time \
                 from exec to exit; requests and 429s from the simulator's request log; peak RSS from GNU time \
                 (`benches/support/proc.rs`), CPU from `wait4` of the child. The world is reset and the documents \
                 uploaded again before each run. The **serial baseline** (`benches/support/activation/serial.rs`) \
                 runs the same plan (built with `wfio::sync::plan::build` and `plan::classify` from its own reads) \
                 one V4 request after another: no pacing, a 429 answered by waiting 1 s and sending again, each \
                 document downloaded to a file and then uploaded part by part in order, account users added one \
                 call each, the others as reviewers of one share in batches of {batch}. It runs inside the bench \
                 process, so it has no RSS figure. The per-person figures of the access paths come from the \
                 engine (`wfio::sync`) run in the bench process, paced as the binary is \
                 (`benches/support/activation/access.rs`).",
                lat = self.config.latency_ms,
                batch = wfio::integration::Tuning::default().invite_batch,
            ),
            sizes: format!(
                "{} Active tasks → {} folders; {} assignees ({} direct, {} through {} teams): {} users of the account → \
                 {} project-user calls, {} others ({} of them invited to the account without a Frame.io user) → \
                 reviewers of one share, {} batch(es); {} documents, {} to {}, {} in all → {} uploads; latency {} ms \
                 on every request",
                spec.tasks,
                c.folders,
                spec.assignees(),
                spec.direct,
                spec.teams * spec.team_size,
                spec.teams,
                c.project_users + c.workspace_users,
                c.project_users,
                c.reviewers,
                spec.invited,
                c.reviewers.div_ceil(wfio::integration::Tuning::default().invite_batch),
                spec.docs,
                report::bytes(spec.min_bytes),
                report::bytes(spec.max_bytes),
                report::bytes(c.bytes),
                c.files,
                self.config.latency_ms
            ),
            conditions: self.conditions.clone(),
            tables,
            notes,
        }
    }
}

fn access_note(a: &access::Results) -> String {
    format!(
        "Access paths: the first table is per call and per person ({users} account users and {others} others in \
         `Access A`; the project-user rate from the main run). The second is **derived** from those rates, not run: \
         300 people split three ways, with wfio's pacing (a class bursts one short of its limit, then one call per \
         interval), reviewers in batches of {batch}; \"later projects\" are further projects of the same people \
         in the same workspace. In project mode every project costs one call per account user again; in workspace \
         mode a person's one call covers the workspace's later unrestricted projects, so only the reviewers' \
         batches (shares are per project) would remain — but measured on `Access B`, a later project of the same \
         people in workspace mode, the engine sent {again} of {users} workspace PATCHes again (it checks only the \
         project's journal, not the workspace's users), so today a later project costs what the first did.",
        users = a.users,
        others = a.others,
        batch = a.invite_batch,
        again = a.later_workspace_patches,
    )
}

/// Run the benchmark: wfio, then the serial baseline, then wfio with smaller documents, then the
/// access paths.
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
    let inputs = verify::probe(&sim, &docs).await;
    verify::let_buckets_drain().await;
    let conditions = Conditions::now();
    sim.clear_requests().await;
    let (wfio_run, plan) = run_wfio(bin, &sim, &dir.join("run-wfio"), "wfio").await;
    verify(&sim, &plan, PROJECT).await;
    let counts = Counts::of(&plan);
    let bound = LowerBound::compute(counts, inputs);

    let serial = if config.serial {
        sim.reset().await;
        org::upload_documents(&sim.http, &sim.workfront_api(), PROJECT_SYM, &docs, 4).await;
        sim.clear_requests().await;
        let run = serial::serial(&sim, &dir.join("serial-spool")).await;
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
    let access = if config.access {
        let ends = wfio_run.phase("access: project user").map(|p| p.ends.clone()).unwrap_or_default();
        Some(access::run(&sim, dir, &spec, &ends).await)
    } else {
        None
    };
    let pacing = ops::pacing_mismatches(&wfio_run.operations);
    let shadowed = ops::shadowed_classes();
    Results {
        config,
        counts,
        wfio: Run { label: format!("wfio ({})", report::bytes(plan.total_bytes())), ..wfio_run },
        serial,
        small,
        bound,
        access,
        pacing,
        shadowed,
        conditions,
    }
}
