//! Step 3: which Frame.io account (when the token's user administers several) and which team.

use super::{Cursor, GroupRow, Loadable};
use crate::app::action::RequestId;
use crate::frameio::model::{AccountChoice, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccountPhase {
    #[default]
    Accounts,
    Teams,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccountState {
    pub phase: AccountPhase,
    /// Every account of the token's user (administered first).
    pub accounts: Vec<AccountChoice>,
    pub account_cursor: Cursor,
    pub account: Option<AccountChoice>,
    /// Said when the account picker was skipped ("Using X, the only account you administer").
    pub note: Option<String>,
    pub teams: Loadable<Vec<Workspace>>,
    pub team_cursor: Cursor,
    /// Writing the connection.
    pub saving: Option<RequestId>,
    pub error: Option<String>,
    /// The group as connected, once written.
    pub connected: Option<GroupRow>,
}

impl AccountState {
    pub fn busy(&self) -> bool {
        self.teams.is_loading() || self.saving.is_some()
    }
}
