//! Step 5: the project's tasks, their "Frame.io integration" form, assignees and documents.

use std::collections::BTreeSet;

use super::{Cursor, Loadable, ProjectRow, TextField, matches_filter};
use crate::app::action::RequestId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub id: String,
    pub name: String,
    /// Indent in the tree (0 for top-level tasks).
    pub depth: usize,
    pub is_subtask: bool,
    /// "This task's integration status" is Active.
    pub active: bool,
    /// Names of assigned users and teams.
    pub assignees: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRow {
    pub name: String,
    pub size: u64,
    /// Task name, or `None` for project documents.
    pub on_task: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TasksData {
    pub project: ProjectRow,
    pub tasks: Vec<TaskRow>,
    pub documents: Vec<DocRow>,
}

/// Users and teams that can be assigned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct People {
    /// `(id, name, email)`.
    pub users: Vec<(String, String, Option<String>)>,
    /// `(id, name, member count)`.
    pub teams: Vec<(String, String, usize)>,
}

/// One entry of the assignment picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    User { id: String, name: String, email: Option<String> },
    Team { id: String, name: String, members: usize },
}

impl People {
    pub fn picks(&self, filter: &str) -> Vec<Pick> {
        let teams = self
            .teams
            .iter()
            .filter(|(_, n, _)| matches_filter(filter, &[n]))
            .map(|(id, name, members)| Pick::Team { id: id.clone(), name: name.clone(), members: *members });
        let users = self
            .users
            .iter()
            .filter(|(_, n, e)| matches_filter(filter, &[n, e.as_deref().unwrap_or("")]))
            .map(|(id, name, email)| Pick::User { id: id.clone(), name: name.clone(), email: email.clone() });
        teams.chain(users).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum TasksMode {
    #[default]
    List,
    /// Typing a new task's name.
    NewTask(TextField),
    /// The "Frame.io integration" form for the selected tasks: Active or not.
    Form { active: bool },
    /// Picking a user or team to assign.
    Assign { filter: TextField, cursor: Cursor },
    /// Typing a local path to upload.
    Upload { path: TextField, completions: Vec<String> },
}

/// A document upload in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadProgress {
    pub request: RequestId,
    pub name: String,
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TasksState {
    pub data: Loadable<TasksData>,
    pub cursor: Cursor,
    /// Task IDs selected with Space.
    pub selected: BTreeSet<String>,
    pub mode: TasksMode,
    pub people: Loadable<People>,
    /// A write in flight (create, form, assign).
    pub pending: Option<RequestId>,
    pub upload: Option<UploadProgress>,
    /// The newest path-completion request; older answers are dropped.
    pub completion_request: Option<RequestId>,
}

impl TasksState {
    pub fn busy(&self) -> bool {
        self.data.is_loading() || self.pending.is_some() || self.upload.is_some() || self.people.is_loading()
    }

    pub fn rows(&self) -> &[TaskRow] {
        self.data.data().map_or(&[], |d| d.tasks.as_slice())
    }

    pub fn current(&self) -> Option<&TaskRow> {
        self.rows().get(self.cursor.selected)
    }

    /// The tasks an action applies to: the selection, else the task under the cursor.
    pub fn targets(&self) -> Vec<&TaskRow> {
        if self.selected.is_empty() {
            self.current().into_iter().collect()
        } else {
            self.rows().iter().filter(|t| self.selected.contains(&t.id)).collect()
        }
    }
}
