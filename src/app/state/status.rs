//! Step 6: switch the project to Current (or an equivalent) and watch it generate in Frame.io.

use super::{Cursor, Loadable};
use crate::app::action::RequestId;
use crate::sync::{Item, ItemState, Outcome, Plan};
use crate::workfront::model::Status;

/// What switching would do, before confirming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub project_id: String,
    pub project_name: String,
    /// The project's status now (code and label).
    pub current: String,
    pub current_label: String,
    /// Statuses that activate: Current and the group's custom statuses that equate to it.
    pub choices: Vec<Status>,
    pub plan: Plan,
    pub frameio_user: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusPhase {
    #[default]
    Choose,
    Running,
    Done,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatusState {
    pub preview: Loadable<Preview>,
    pub phase: StatusPhase,
    pub choice: Cursor,
    /// First line of the plan or progress list shown.
    pub scroll: usize,
    pub items: Vec<Item>,
    pub states: Vec<ItemState>,
    /// `(done, total)` bytes per item.
    pub bytes: Vec<(u64, u64)>,
    pub notices: Vec<String>,
    pub running: Option<RequestId>,
    pub outcome: Option<Outcome>,
}

impl StatusState {
    pub fn busy(&self) -> bool {
        self.preview.is_loading() || self.running.is_some()
    }

    pub fn chosen(&self) -> Option<&Status> {
        self.preview.data().and_then(|p| p.choices.get(self.choice.selected))
    }

    /// Items finished and total, for the progress bar.
    pub fn counts(&self) -> (usize, usize) {
        (self.states.iter().filter(|s| s.is_finished()).count(), self.states.len())
    }

    pub fn bytes_total(&self) -> (u64, u64) {
        self.bytes.iter().fold((0u64, 0u64), |(d, t), (a, b)| (d.saturating_add(*a), t.saturating_add(*b)))
    }
}
