//! The dashboard: connected groups, and the projects in them with their Frame.io icon.

use super::{Cursor, GroupRow, Loadable};
use crate::integration::IconState;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRow {
    pub id: String,
    pub name: String,
    /// Status code and its label (`PLN` Planning, `PRD` In Production).
    pub status: String,
    pub status_label: String,
    pub group_id: Option<String>,
    pub group_name: String,
    pub group_connected: bool,
    pub icon: IconState,
    /// One line on why the icon is what it is.
    pub reason: String,
    /// Whether a Frame.io project was generated (changing the group then is not reflected).
    pub generated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HomeData {
    /// Every group (the dashboard shows the connected ones).
    pub groups: Vec<GroupRow>,
    /// Projects in connected groups.
    pub projects: Vec<ProjectRow>,
}

impl HomeData {
    pub fn connected_groups(&self) -> Vec<&GroupRow> {
        self.groups.iter().filter(|g| g.is_connected()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct HomeState {
    pub data: Loadable<HomeData>,
    pub cursor: Cursor,
}

impl HomeState {
    pub fn selected(&self) -> Option<&ProjectRow> {
        self.data.data().and_then(|d| d.projects.get(self.cursor.selected))
    }
}
