//! The access paths, person by person: how long each costs at V4's published limits, measured
//! on the engine (`wfio::sync`, in the bench process, paced as the binary paces), and what that
//! means for 300 people and for later projects of the same people (derived from the measured
//! rates, never run at that size: 300 account users take half an hour a project).
//!
//! - project users: the steady-state time between two `PATCH …/projects/{p}/users/{id}`, from
//!   the main activation (one call per person, 10 a minute);
//! - workspace users (`AccessMode::Workspace`): the same for `PATCH …/workspaces/{w}/users/{id}`,
//!   from an activation of `Access A` in workspace mode;
//! - reviewers: the time between two `POST …/shares/{s}/reviewers` in the same activation, with
//!   batches of one person (so there are enough calls to measure); a batch of 25 costs one call;
//! - a later project of the same people in workspace mode (`Access B`, rate limits off, only
//!   the calls counted): how many workspace PATCHes the engine sends again.

use std::time::{Duration, Instant};

use secrecy::SecretString;
use tokio::sync::mpsc;
use url::Url;
use wfio::integration::Context;
use wfio::integration::vault::Vault;
use wfio::sim::ids::workfront_id_for;
use wfio::sync::plan::{Access, AccessMode};
use wfio::sync::progress::{ItemState, Layout, SyncEvent};
use wfio::workfront::{WorkfrontAuth, WorkfrontClient};

use super::bound::Limit;
use super::child::steady_interval;
use crate::support::ops::{self, count};
use crate::support::org::ACCESS_PROJECTS;
use crate::support::report::{Table, secs};
use crate::support::sim::{API_KEY, SimProcess, account_id};

/// One in-process activation: when each person's access item finished, by path.
#[derive(Debug, Clone, Default)]
pub struct EngineRun {
    pub wall: Duration,
    pub project_users: Vec<Duration>,
    pub workspace_users: Vec<Duration>,
    pub reviewers: Vec<Duration>,
    /// Requests by operation.
    pub operations: Vec<ops::OpCount>,
}

#[derive(Debug, Clone)]
pub struct Results {
    /// People of the access projects: users of the account, and others.
    pub users: usize,
    pub others: usize,
    /// Steady-state time per call (measured), `None` when too few calls were made to measure.
    pub project_user: Option<Duration>,
    pub workspace_user: Option<Duration>,
    pub reviewer_batch: Option<Duration>,
    /// Project users of the main activation the project-user rate comes from.
    pub project_user_calls: usize,
    /// The first project in workspace mode (batches of one reviewer).
    pub first: EngineRun,
    /// The later project in workspace mode: workspace PATCHes sent again, of how many people.
    pub later_workspace_patches: u64,
    pub later: EngineRun,
    pub invite_batch: usize,
}

/// A context for the engine against `sim`, signed in with the demo's server-to-server
/// credential, paced as the binary is (`Pacer::default()`).
fn context(sim: &SimProcess, data_dir: &std::path::Path, mode: AccessMode, invite_batch: usize) -> Context {
    let base = Url::parse(&sim.base).expect("base URL");
    let wf = WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::ApiKey(SecretString::from(API_KEY))).expect("client");
    let vault = Vault::in_memory("bench").with_ims_base(base.clone());
    vault.put(&account_id(), &wfio::session::demo_credential(&base)).expect("credential");
    let mut ctx = Context::new("bench", wf, vault, base.clone(), data_dir.to_path_buf());
    ctx.ims = wfio::session::demo_ims(&base);
    ctx.access.mode = mode;
    ctx.tuning.invite_batch = invite_batch;
    ctx
}

/// Activate one access project with the engine; when each access item finished.
pub async fn engine_run(sim: &SimProcess, ctx: &Context, project_sym: &str) -> EngineRun {
    sim.clear_requests().await;
    let started = Instant::now();
    let prepared = wfio::sync::prepare(ctx, &workfront_id_for(project_sym), Some("CUR")).await.expect("prepare");
    assert!(prepared.plan.is_runnable(), "{:?}", prepared.plan.blockers);
    let (tx, mut rx) = mpsc::channel::<SyncEvent>(1024);
    let collect = tokio::spawn(async move {
        let mut ends = Vec::new();
        while let Some(e) = rx.recv().await {
            if let SyncEvent::Item { index, state: ItemState::Done | ItemState::Reused } = e {
                ends.push((index, started.elapsed()));
            }
        }
        ends
    });
    let outcome = wfio::sync::run(ctx, &prepared, &tx).await;
    drop(tx);
    let ends = collect.await.expect("events");
    assert!(outcome.ok, "activation of {project_sym}: {:?} {:?}", outcome.error, outcome.failed);
    let plan = &prepared.plan;
    let layout = Layout::of(plan);
    let mut run = EngineRun { wall: started.elapsed(), ..EngineRun::default() };
    for (index, at) in ends {
        let Some(i) = (0..plan.invites.len()).find(|i| layout.invite(*i) == index) else { continue };
        match plan.invites[i].access {
            Access::ProjectUser { .. } => run.project_users.push(at),
            Access::WorkspaceUser { .. } => run.workspace_users.push(at),
            Access::Reviewer | Access::Unknown => run.reviewers.push(at),
        }
    }
    run.operations = ops::by_operation(&sim.requests().await);
    run
}

/// The pacer lets `requests − 1` of a class go at once (`wfio::http::pace`); after that, one an
/// interval. The steady state is measured on the calls after those.
fn burst(op: &'static str) -> usize {
    Limit::of(op).requests.saturating_sub(1) as usize
}

/// Measure: `project_user_ends` are the main activation's project-user finishes.
pub async fn run(
    sim: &SimProcess,
    dir: &std::path::Path,
    spec: &crate::support::org::OrgSpec,
    project_user_ends: &[Duration],
) -> Results {
    let people = spec.access_people();
    let users = people.iter().filter(|i| crate::support::org::OrgSpec::is_account_user(**i)).count();
    let others = people.len() - users;
    // The first project, workspace mode, one reviewer a batch, paced, published limits.
    sim.reset().await;
    let ctx = context(sim, &dir.join("access-engine"), AccessMode::Workspace, 1);
    let first = engine_run(sim, &ctx, ACCESS_PROJECTS[0].1).await;
    // The later project of the same people: only the calls matter, so no limits and no pacing.
    sim.set_rate_limits(&serde_json::json!({"mode": "off"})).await;
    let mut later_ctx = context(sim, &dir.join("access-engine"), AccessMode::Workspace, 1);
    later_ctx.pacer = wfio::http::pace::Pacer::disabled();
    let later = engine_run(sim, &later_ctx, ACCESS_PROJECTS[1].1).await;
    sim.set_rate_limits(&serde_json::json!({"mode": "published"})).await;
    let _ = std::fs::remove_dir_all(dir.join("access-engine"));
    Results {
        users,
        others,
        project_user: steady_interval(project_user_ends, burst("project_user_roles.update")),
        project_user_calls: project_user_ends.len(),
        workspace_user: steady_interval(&first.workspace_users, burst("workspace_user_roles.update")),
        reviewer_batch: steady_interval(&first.reviewers, burst("shares.add_reviewers")),
        later_workspace_patches: count(&later.operations, "workspace_user_roles.update"),
        first,
        later,
        invite_batch: wfio::integration::Tuning::default().invite_batch,
    }
}

impl Results {
    /// Measured, or the published interval when too few calls were made to measure it.
    fn per_call(measured: Option<Duration>, op: &'static str) -> (Duration, &'static str) {
        match measured {
            Some(d) => (d, "measured"),
            None => (Limit::of(op).interval(), "published (too few calls to measure)"),
        }
    }

    pub fn project_user(&self) -> (Duration, &'static str) {
        Self::per_call(self.project_user, "project_user_roles.update")
    }

    pub fn workspace_user(&self) -> (Duration, &'static str) {
        Self::per_call(self.workspace_user, "workspace_user_roles.update")
    }

    pub fn reviewer_batch(&self) -> (Duration, &'static str) {
        Self::per_call(self.reviewer_batch, "shares.add_reviewers")
    }

    /// Per person on each path.
    pub fn table(&self) -> Table {
        let mut t = Table::new(&["access path", "V4 call", "published", "per call", "per person", "source"]);
        let (pu, pu_src) = self.project_user();
        let (wu, wu_src) = self.workspace_user();
        let (rb, rb_src) = self.reviewer_batch();
        let batch = self.invite_batch as u32;
        t.row(vec![
            "account user, project mode".into(),
            "`PATCH …/projects/{p}/users/{id}`".into(),
            Limit::of("project_user_roles.update").text(),
            secs(pu),
            secs(pu),
            format!("{pu_src}: the main activation's {} project users", self.project_user_calls),
        ]);
        t.row(vec![
            "account user, workspace mode".into(),
            "`PATCH …/workspaces/{w}/users/{id}`".into(),
            Limit::of("workspace_user_roles.update").text(),
            secs(wu),
            secs(wu),
            format!("{wu_src}: `Access A` in workspace mode, {} account users", self.users),
        ]);
        t.row(vec![
            format!("reviewer (batches of {batch})"),
            "`POST …/shares/{s}/reviewers`".into(),
            Limit::of("shares.add_reviewers").text(),
            secs(rb),
            format!("{} (derived: per call / {batch})", secs(rb / batch)),
            format!("{rb_src}: `Access A`, batches of 1, {} reviewers", self.others),
        ]);
        t
    }

    /// What 300 people cost, and later projects of the same people (derived, not run).
    pub fn projection(&self, people: usize, later_projects: u32) -> Table {
        let mut t = Table::new(&[
            "300 people: account users / others",
            "project mode, one project",
            &format!("project mode, {later_projects} later projects"),
            "workspace mode, first project",
            &format!("workspace mode, {later_projects} later projects: if members were skipped"),
            &format!("… as the engine runs now ({} of {} PATCHed again)", self.later_workspace_patches, self.users),
        ]);
        let (pu, _) = self.project_user();
        let (wu, _) = self.workspace_user();
        let (rb, _) = self.reviewer_batch();
        let paced = |n: usize, burst: usize, per: Duration| per * n.saturating_sub(burst) as u32;
        let again = if self.users == 0 { 1.0 } else { self.later_workspace_patches as f64 / self.users as f64 };
        for users in [people, people / 2, 0] {
            let others = people - users;
            let batches = others.div_ceil(self.invite_batch.max(1));
            let reviewers = paced(batches, burst("shares.add_reviewers"), rb);
            let project = paced(users, burst("project_user_roles.update"), pu).max(reviewers);
            let workspace = paced(users, burst("workspace_user_roles.update"), wu).max(reviewers);
            let later_skipped = reviewers * later_projects;
            let later_now = paced((users as f64 * again).round() as usize, burst("workspace_user_roles.update"), wu)
                .max(reviewers)
                * later_projects;
            t.row(vec![
                format!("{users} / {others}"),
                minutes(project),
                minutes(project * later_projects),
                minutes(workspace),
                minutes(later_skipped),
                minutes(later_now),
            ]);
        }
        t
    }
}

fn minutes(d: Duration) -> String {
    if d >= Duration::from_secs(120) { format!("{:.1} min", d.as_secs_f64() / 60.0) } else { secs(d) }
}
