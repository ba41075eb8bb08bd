//! The integration model in Workfront: wfio keeps each group's Frame.io connection, each task's
//! integration status and each project's sync state in standard custom forms that every
//! Workfront admin can see; the Frame.io token stays outside Workfront, in the vault.

pub mod bootstrap;
pub mod connect;
pub mod context;
pub mod error;
pub mod forms;
pub mod projects;
pub mod signin;
pub mod state;
pub mod vault;
pub mod views;

pub use context::{AccessSettings, Context, ImsSettings, Tuning};
pub use error::{IntegrationError, Result};
pub use state::IconState;

use crate::workfront::Group;
pub use views::{Connection, GroupRow};

/// A group's Frame.io connection, when its "Frame.io connection" form carries a workspace ID
/// (or, for a group connected before V4, a legacy team ID: then `legacy` is set).
pub fn connection_of(group: &Group) -> Option<Connection> {
    let text = |name| group.custom_text(name).map(str::trim).filter(|s| !s.is_empty());
    let account_id = text(forms::GROUP_ACCOUNT_ID).unwrap_or_default().to_owned();
    let account_name = text(forms::GROUP_ACCOUNT_NAME).unwrap_or("Frame.io account").to_owned();
    if let Some(id) = text(forms::GROUP_WORKSPACE_ID) {
        let name = text(forms::GROUP_WORKSPACE_NAME).unwrap_or(id).to_owned();
        return Some(Connection {
            account_id,
            account_name,
            workspace_id: id.to_owned(),
            workspace_name: name,
            legacy: false,
        });
    }
    let team = text(forms::GROUP_LEGACY_TEAM_ID)?;
    let name = text(forms::GROUP_LEGACY_TEAM_NAME).unwrap_or(team).to_owned();
    Some(Connection { account_id, account_name, workspace_id: team.to_owned(), workspace_name: name, legacy: true })
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
