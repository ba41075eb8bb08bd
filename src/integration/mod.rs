//! The integration model in Workfront: wfio keeps each group's Frame.io connection, each task's
//! integration status and each project's sync state in standard custom forms that every
//! Workfront admin can see; the Frame.io token stays outside Workfront, in the vault.

pub mod bootstrap;
pub mod connect;
pub mod context;
pub mod error;
pub mod forms;
pub mod projects;
pub mod state;
pub mod vault;

pub use context::{Context, Tuning};
pub use error::{IntegrationError, Result};
pub use state::IconState;

use crate::app::state::{Connection, GroupRow};
use crate::workfront::Group;

/// A group's Frame.io connection, when its "Frame.io connection" form carries a team ID.
pub fn connection_of(group: &Group) -> Option<Connection> {
    let team_id = group.custom_text(forms::GROUP_TEAM_ID)?;
    Some(Connection {
        account_id: group.custom_text(forms::GROUP_ACCOUNT_ID).unwrap_or_default().to_owned(),
        account_name: group.custom_text(forms::GROUP_ACCOUNT_NAME).unwrap_or("Frame.io account").to_owned(),
        team_id: team_id.to_owned(),
        team_name: group.custom_text(forms::GROUP_TEAM_NAME).unwrap_or(team_id).to_owned(),
    })
}

pub fn group_row(group: &Group) -> GroupRow {
    GroupRow {
        id: group.id.clone(),
        name: group.name.clone(),
        description: group.description.clone().unwrap_or_default(),
        connection: connection_of(group),
    }
}

/// Rows for the group list, alphabetical (Workfront pages by ID, which means nothing to people).
pub fn group_rows(groups: &[Group]) -> Vec<GroupRow> {
    let mut rows: Vec<GroupRow> = groups.iter().map(group_row).collect();
    rows.sort_by_cached_key(|g| g.name.to_lowercase());
    rows
}
