//! Step 1: the group list.

use super::{Cursor, Loadable, TextField, matches_filter};
use crate::app::action::RequestId;

pub use crate::integration::views::{Connection, GroupRow};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GroupsState {
    pub groups: Loadable<Vec<GroupRow>>,
    pub filter: TextField,
    /// Keys go to the filter field.
    pub filtering: bool,
    pub cursor: Cursor,
    /// The "Create group" prompt, when open.
    pub creating: Option<TextField>,
    pub create_error: Option<String>,
    /// A create in flight.
    pub saving: Option<RequestId>,
    /// The group being connected (steps 2 and 3 act on it).
    pub target: Option<GroupRow>,
}

impl GroupsState {
    /// Groups that match the filter (case-insensitive, on name, team and account).
    pub fn visible(&self) -> Vec<&GroupRow> {
        let Some(all) = self.groups.data() else { return Vec::new() };
        all.iter()
            .filter(|g| {
                let (team, account) =
                    g.connection.as_ref().map_or(("", ""), |c| (c.workspace_name.as_str(), c.account_name.as_str()));
                matches_filter(&self.filter.text, &[&g.name, team, account])
            })
            .collect()
    }

    pub fn selected(&self) -> Option<&GroupRow> {
        self.visible().get(self.cursor.selected).copied()
    }
}
