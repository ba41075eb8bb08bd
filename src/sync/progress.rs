//! What an activation reports while it runs: one entry per plan item, and byte counts.

use serde::Serialize;

use super::plan::Plan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Project,
    Folder,
    Upload,
    Invite,
    WriteBack,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub label: String,
    /// Bytes to transfer, for uploads.
    pub bytes: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "detail")]
pub enum ItemState {
    Waiting,
    Running,
    /// Created now.
    Done,
    /// Already there (an earlier run, or someone else): nothing created.
    Reused,
    Failed(String),
}

impl ItemState {
    pub fn is_finished(&self) -> bool {
        matches!(self, Self::Done | Self::Reused | Self::Failed(_))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum SyncEvent {
    Item {
        index: usize,
        state: ItemState,
    },
    Bytes {
        index: usize,
        done: u64,
        total: u64,
    },
    /// A retry or another note worth showing.
    Notice {
        message: String,
    },
    Finished {
        outcome: Outcome,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Outcome {
    pub ok: bool,
    pub frameio_project_id: Option<String>,
    pub frameio_url: Option<String>,
    pub created: usize,
    pub reused: usize,
    /// `(item label, error)`.
    pub failed: Vec<(String, String)>,
    /// Emails invited in this run or before.
    pub invited: Vec<String>,
    /// A failure that stopped the run early.
    pub error: Option<String>,
    /// That failure was the services failing after retries: running again later may finish.
    pub transient: bool,
    /// The run stopped because Workfront or Frame.io refused the credentials, or what they
    /// asked for (HTTP 403): sign in again, store a new token or get the rights, then run it
    /// again to resume.
    pub auth_failed: bool,
}

/// Item positions in the flat list, by kind.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub folders: usize,
    pub uploads: usize,
    pub invites: usize,
}

impl Layout {
    pub fn of(plan: &Plan) -> Self {
        Self { folders: plan.folders.len(), uploads: plan.uploads.len(), invites: plan.invites.len() }
    }

    pub const PROJECT: usize = 0;

    pub fn folder(&self, i: usize) -> usize {
        1 + i
    }

    pub fn upload(&self, i: usize) -> usize {
        1 + self.folders + i
    }

    pub fn invite(&self, i: usize) -> usize {
        1 + self.folders + self.uploads + i
    }

    pub fn write_back(&self) -> usize {
        1 + self.folders + self.uploads + self.invites
    }
}

/// The flat list of items of a plan, in execution order.
pub fn items(plan: &Plan) -> Vec<Item> {
    let mut items = vec![Item {
        kind: ItemKind::Project,
        label: format!("Frame.io project \"{}\" in {}", plan.project_name, plan.destination.workspace_name),
        bytes: None,
    }];
    items.extend(plan.folders.iter().map(|f| Item {
        kind: ItemKind::Folder,
        label: format!("folder {}", f.name),
        bytes: None,
    }));
    items.extend(plan.uploads.iter().map(|u| Item {
        kind: ItemKind::Upload,
        label: format!("upload {}", u.name),
        bytes: Some(u.size),
    }));
    items.extend(plan.invites.iter().map(|i| Item {
        kind: ItemKind::Invite,
        label: i.access.label(&i.email),
        bytes: None,
    }));
    items.push(Item {
        kind: ItemKind::WriteBack,
        label: format!("record in Workfront and set status {}", plan.target_label),
        bytes: None,
    });
    items
}
