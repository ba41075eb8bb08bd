//! Step 4: pick or create a project and put it in a connected group.

use super::{Cursor, GroupRow, Loadable, ProjectRow, TextField, matches_filter};
use crate::app::action::RequestId;
use crate::workfront::model::Template;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProjectsData {
    pub projects: Vec<ProjectRow>,
    pub templates: Vec<Template>,
    pub groups: Vec<GroupRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProjectPhase {
    /// The searchable project list.
    #[default]
    Pick,
    /// New project: a name and "from scratch" or a template.
    Create,
    /// Project Details with the Group field.
    Details,
    /// The Group drop-down is open.
    Dropdown,
    /// Changing the group of a project already generated in Frame.io: asks first.
    ConfirmGroup,
}

/// Which field of the new-project form has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CreateFocus {
    #[default]
    Name,
    Template,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectState {
    pub data: Loadable<ProjectsData>,
    pub phase: ProjectPhase,
    pub filter: TextField,
    pub filtering: bool,
    pub cursor: Cursor,
    pub name: TextField,
    pub focus: CreateFocus,
    /// 0 is "from scratch", then the templates.
    pub template_cursor: Cursor,
    /// The project being set up.
    pub current: Option<ProjectRow>,
    /// The group picked in the drop-down, not saved yet.
    pub group_choice: Option<GroupRow>,
    pub dropdown_cursor: Cursor,
    pub pending: Option<RequestId>,
    pub error: Option<String>,
}

impl ProjectState {
    pub fn busy(&self) -> bool {
        self.data.is_loading() || self.pending.is_some()
    }

    pub fn visible(&self) -> Vec<&ProjectRow> {
        let Some(d) = self.data.data() else { return Vec::new() };
        d.projects.iter().filter(|p| matches_filter(&self.filter.text, &[&p.name, &p.group_name])).collect()
    }

    pub fn selected(&self) -> Option<&ProjectRow> {
        self.visible().get(self.cursor.selected).copied()
    }

    pub fn groups(&self) -> &[GroupRow] {
        self.data.data().map_or(&[], |d| d.groups.as_slice())
    }

    pub fn templates(&self) -> &[Template] {
        self.data.data().map_or(&[], |d| d.templates.as_slice())
    }

    /// The template chosen in the new-project form (`None`: from scratch).
    pub fn chosen_template(&self) -> Option<&Template> {
        self.template_cursor.selected.checked_sub(1).and_then(|i| self.templates().get(i))
    }

    /// The Group field as shown: the unsaved choice, else the project's group.
    pub fn shown_group(&self) -> Option<(String, String, bool)> {
        if let Some(g) = &self.group_choice {
            return Some((g.id.clone(), g.name.clone(), g.is_connected()));
        }
        let p = self.current.as_ref()?;
        Some((p.group_id.clone().unwrap_or_default(), p.group_name.clone(), p.group_connected))
    }

    /// Unsaved changes in Project Details.
    pub fn dirty(&self) -> bool {
        match (&self.group_choice, &self.current) {
            (Some(g), Some(p)) => p.group_id.as_deref() != Some(g.id.as_str()),
            _ => false,
        }
    }
}
