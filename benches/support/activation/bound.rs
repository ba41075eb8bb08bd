//! The lower bound of an activation on Frame.io V4: no client can finish sooner, given the
//! round trip, the bytes and the spec's published per-operation limits (the simulator's table of
//! the V4 OpenAPI document, `wfio::sim::frameio::v4::limits`; leaky buckets per account user
//! and operation), and the dependency chain (the Frame.io project before anything in it).

use std::time::Duration;

use wfio::sim::frameio::v4::limits::OPS;
use wfio::sync::plan::{Access, Plan};

use crate::support::ops::rate_text;
use crate::support::report::{self, secs};

/// A published limit: `requests` per `window`, bursting `requests` (a full bucket).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub op: &'static str,
    pub requests: u32,
    pub window: Duration,
}

impl Limit {
    pub fn of(op: &'static str) -> Self {
        let o = OPS.iter().find(|o| o.id == op).unwrap_or_else(|| panic!("{op} is not a V4 operation"));
        Self { op: o.id, requests: o.requests, window: Duration::from_millis(o.window_ms) }
    }

    /// The earliest the `n`-th request can be sent after the first: a leaky bucket of capacity
    /// c draining c per window lets the first c go at once, the k-th (k > c) no earlier than
    /// (k − c) windows / c after them.
    pub fn after(&self, n: usize) -> Duration {
        let c = self.requests as usize;
        self.window.mul_f64(n.saturating_sub(c) as f64 / c as f64)
    }

    /// The steady-state time per request (window / c).
    pub fn interval(&self) -> Duration {
        self.window / self.requests.max(1)
    }

    pub fn text(&self) -> String {
        rate_text(self.requests, self.window.as_millis() as u64)
    }
}

/// What the bound is computed from: the plan's counts and the measured round trip and bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inputs {
    pub rtt: Duration,
    /// Measured loopback throughput (4 streams each), or the simulator's upload throttle.
    pub down_bps: f64,
    pub up_bps: f64,
    /// Pages of the account's users (100 a page) a client must read to classify people.
    pub account_user_pages: usize,
    pub invite_batch: usize,
}

/// The plan's counts the bound needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub folders: usize,
    /// Folders that receive documents (a document cannot start before its folder).
    pub folders_with_files: usize,
    pub files: usize,
    pub bytes: u64,
    pub project_users: usize,
    pub workspace_users: usize,
    pub reviewers: usize,
}

impl Counts {
    pub fn of(plan: &Plan) -> Self {
        let mut with_files: Vec<&str> = plan.uploads.iter().filter_map(|u| u.task_id.as_deref()).collect();
        with_files.sort_unstable();
        with_files.dedup();
        let kind = |f: fn(&Access) -> bool| plan.invites.iter().filter(|i| f(&i.access)).count();
        Self {
            folders: plan.folders.len(),
            folders_with_files: with_files.len(),
            files: plan.uploads.len(),
            bytes: plan.total_bytes(),
            project_users: kind(|a| matches!(a, Access::ProjectUser { .. })),
            workspace_users: kind(|a| matches!(a, Access::WorkspaceUser { .. })),
            reviewers: kind(|a| matches!(a, Access::Reviewer | Access::Unknown)),
        }
    }

    pub fn people(&self) -> usize {
        self.project_users + self.workspace_users + self.reviewers
    }
}

/// One path of the dependency graph and when its last request is answered at the earliest.
#[derive(Debug, Clone)]
pub struct Path {
    pub name: &'static str,
    pub formula: String,
    pub at: Duration,
}

#[derive(Debug, Clone)]
pub struct LowerBound {
    pub inputs: Inputs,
    pub counts: Counts,
    /// The plan's reads, then the Frame.io project: when it exists.
    pub project_at: Duration,
    pub paths: Vec<Path>,
    pub total: Duration,
}

impl LowerBound {
    pub fn compute(counts: Counts, inputs: Inputs) -> Self {
        let rtt = inputs.rtt;
        let r = |n: usize| rtt * n as u32;
        // Before Frame.io: read the project (its group), read the group (its connection); then the
        // account's users (to classify people, page after page) while Workfront's tasks, documents
        // and teams are read; then look for the project in the workspace and create it.
        let pages = inputs.account_user_pages.max(1);
        let project_at = r(2) + r(pages) + r(1) + r(1);
        let folders = Limit::of("folders.create");
        let uploads = Limit::of("files.create_local_upload");
        let status = Limit::of("files.show_file_upload_status");
        let project_user = Limit::of("project_user_roles.update");
        let workspace_user = Limit::of("workspace_user_roles.update");
        let share = Limit::of("shares.create");
        let reviewers = Limit::of("shares.add_reviewers");
        let c = counts;
        let mut paths = Vec::new();
        let mut path = |name: &'static str, formula: String, at: Duration| paths.push(Path { name, formula, at });

        path(
            "folders",
            format!(
                "P + 1 RTT (list the root) + ({n} − {b}) / {rate} ({op}) + 1 RTT",
                n = c.folders,
                b = folders.requests.min(c.folders as u32),
                rate = folders.text(),
                op = folders.op
            ),
            project_at + rtt + folders.after(c.folders) + rtt,
        );
        if c.files > 0 {
            // The last file: its create (after its folder), one part, its status.
            let creates = uploads.after(c.files).max(status.after(c.files));
            let folder_first = folders.after(c.folders_with_files) + rtt;
            path(
                "files",
                format!(
                    "P + 1 RTT + max({n} creates at {ur} ({uo}) and as many status reads at {sr}, the {d} folders \
                     holding files at {fr} + 1 RTT) + 3 RTT (the last create, a part, its status)",
                    n = c.files,
                    ur = uploads.text(),
                    uo = uploads.op,
                    sr = status.text(),
                    d = c.folders_with_files,
                    fr = folders.text()
                ),
                project_at + rtt + creates.max(folder_first) + r(3),
            );
            let bps = inputs.down_bps.min(inputs.up_bps).max(1.0);
            path(
                "bytes",
                format!(
                    "P + 2 RTT (list, first create) + {} / min(download {:.0} MB/s, upload {:.0} MB/s) + 1 RTT (status)",
                    report::bytes(c.bytes),
                    inputs.down_bps / 1e6,
                    inputs.up_bps / 1e6
                ),
                project_at + r(2) + Duration::from_secs_f64(c.bytes as f64 / bps) + rtt,
            );
        }
        if c.project_users > 0 {
            path(
                "project users",
                format!(
                    "P + 1 RTT (list the project's users) + ({n} − {b}) / {rate} ({op}, one per person) + 1 RTT",
                    n = c.project_users,
                    b = project_user.requests.min(c.project_users as u32),
                    rate = project_user.text(),
                    op = project_user.op
                ),
                project_at + rtt + project_user.after(c.project_users) + rtt,
            );
        }
        if c.workspace_users > 0 {
            path(
                "workspace users",
                format!(
                    "P + ({n} − {b}) / {rate} ({op}, one per person) + 1 RTT",
                    n = c.workspace_users,
                    b = workspace_user.requests.min(c.workspace_users as u32),
                    rate = workspace_user.text(),
                    op = workspace_user.op
                ),
                project_at + workspace_user.after(c.workspace_users) + rtt,
            );
        }
        if c.reviewers > 0 {
            let batches = c.reviewers.div_ceil(inputs.invite_batch.max(1));
            path(
                "reviewers",
                format!(
                    "P + 1 RTT ({so}, {sr}) + {batches} batch(es) of up to {size} at {rr} ({ro}) + 1 RTT",
                    so = share.op,
                    sr = share.text(),
                    size = inputs.invite_batch,
                    rr = reviewers.text(),
                    ro = reviewers.op
                ),
                project_at + rtt + reviewers.after(batches) + rtt,
            );
        }
        // Then the write-back: folder IDs (bulk edits, in parallel) and the status, one RTT.
        let total = paths.iter().map(|p| p.at).max().unwrap_or(project_at) + rtt;
        Self { inputs, counts, project_at, paths, total }
    }

    /// The path that sets the bound.
    pub fn critical(&self) -> &'static str {
        self.paths.iter().max_by_key(|p| p.at).map_or("-", |p| p.name)
    }

    pub fn formula(&self) -> String {
        let mut out = format!(
            "Lower bound = max(paths) + 1 RTT (the write-back), from V4's published limits (each operation its own \
             leaky bucket per account user, a full bucket bursting) where RTT = {rtt} (measured: median of 9 \
             Workfront GETs, the injected latency included) and P = {p}, when the Frame.io project exists: 2 RTT \
             (read the project, its group) + {pages} RTT (the account's users, {pages} page(s) of 100, while \
             Workfront's tasks, documents and teams are read) + 1 RTT (look for the project among the workspace's) \
             + 1 RTT (projects.create):\n",
            rtt = report::ms(self.inputs.rtt),
            p = secs(self.project_at),
            pages = self.inputs.account_user_pages.max(1),
        );
        for p in &self.paths {
            out.push_str(&format!("- {:<15} = {} = **{}**\n", p.name, p.formula, secs(p.at)));
        }
        out.push_str(&format!("- **lower bound = {}** (set by {})", secs(self.total), self.critical()));
        out
    }
}
