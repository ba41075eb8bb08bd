//! The integration's read models: what a group's Frame.io connection is, as the wizard and the
//! headless commands both show it. They belong to the domain, not to a front-end: `app` and
//! `headless` import them from here.

/// A group's link to a Frame.io workspace (V4's name for a team), read from its "Frame.io
/// connection" form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub account_id: String,
    pub account_name: String,
    pub workspace_id: String,
    pub workspace_name: String,
    /// Connected before V4, to a legacy (v2) team: the ID means nothing to V4, so the group has
    /// to be reconnected; its projects already generated stay where they are.
    pub legacy: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub connection: Option<Connection>,
}

impl GroupRow {
    /// Connected to a V4 workspace (a legacy connection does not count: it cannot activate).
    pub fn is_connected(&self) -> bool {
        self.connection.as_ref().is_some_and(|c| !c.legacy)
    }
}
