//! The Frame.io icon's state for a project, derived from what Workfront's forms record.

use super::forms;
use crate::workfront::model::{Project, Task};

/// The integration status the Frame.io icon shows (the seed document and the alpha guide).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IconState {
    /// Nothing to show: not in a connected group, or no Active task.
    None,
    /// Grey: connected group and an Active task; generated when the project turns Current.
    Pending,
    /// Generating in Frame.io (or a run that was interrupted and should be resumed).
    Syncing,
    /// Purple: generated in Frame.io.
    Connected,
    /// Red: the last activation failed.
    Failed,
}

impl IconState {
    pub fn word(self) -> &'static str {
        match self {
            Self::None => "",
            Self::Pending => "pending",
            Self::Syncing => "syncing",
            Self::Connected => "connected",
            Self::Failed => "failed",
        }
    }
}

pub fn is_active(task: &Task) -> bool {
    task.custom_text(forms::TASK_STATUS) == Some(forms::TASK_ACTIVE)
}

/// Active top-level tasks (subtasks never count: they are not supported).
pub fn active_tasks(tasks: &[Task]) -> usize {
    tasks.iter().filter(|t| !t.is_subtask() && is_active(t)).count()
}

/// The icon for a project, with a one-line reason.
pub fn project_icon(project: &Project, group_connected: bool, active: usize) -> (IconState, String) {
    match project.custom_text(forms::PROJECT_SYNC_STATE) {
        Some(forms::SYNC_CONNECTED) => (IconState::Connected, "generated in Frame.io".into()),
        Some(forms::SYNC_SYNCING) => (IconState::Syncing, "generating in Frame.io (activate again to resume)".into()),
        Some(forms::SYNC_FAILED) => (
            IconState::Failed,
            project.custom_text(forms::PROJECT_LAST_ERROR).unwrap_or("the last activation failed").to_owned(),
        ),
        _ if !group_connected => (IconState::None, "the project's group is not connected to Frame.io".into()),
        _ if active == 0 => (IconState::None, "no task is Active yet".into()),
        _ => (
            IconState::Pending,
            format!("{active} Active task{}; switch to Current to generate", if active == 1 { "" } else { "s" }),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn project(state: Option<&str>) -> Project {
        let mut pv = serde_json::Map::new();
        if let Some(s) = state {
            pv.insert(forms::de(forms::PROJECT_SYNC_STATE), json!(s));
        }
        serde_json::from_value(json!({"ID": "p", "name": "P", "status": "PLN", "parameterValues": pv})).unwrap()
    }

    #[test]
    fn icon_states() {
        assert_eq!(project_icon(&project(None), false, 3).0, IconState::None);
        assert_eq!(project_icon(&project(None), true, 0).0, IconState::None);
        assert_eq!(project_icon(&project(None), true, 2).0, IconState::Pending);
        assert_eq!(project_icon(&project(Some("Syncing")), true, 2).0, IconState::Syncing);
        assert_eq!(project_icon(&project(Some("Connected")), true, 2).0, IconState::Connected);
        assert_eq!(project_icon(&project(Some("Failed")), true, 2).0, IconState::Failed);
    }
}
