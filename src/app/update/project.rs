//! Step 4's reactions: pick or create a project, then replace its group with a connected one.

use super::{TextEdit, back, go, move_cursor, request, toast, toast_error};
use crate::app::action::{Command, Request, RequestId};
use crate::app::keymap::{Context, Intent};
use crate::app::layout;
use crate::app::state::project::CreateFocus;
use crate::app::state::{ErrorInfo, ProjectPhase, ProjectRow, ProjectsData, Screen, State};

pub fn context(state: &State) -> Context {
    match state.project.phase {
        ProjectPhase::Pick if state.project.filtering => Context::ProjectFilter,
        ProjectPhase::Pick => Context::ProjectList,
        ProjectPhase::Create => Context::ProjectCreate,
        ProjectPhase::Details => Context::ProjectDetails,
        ProjectPhase::Dropdown => Context::GroupDropdown,
        ProjectPhase::ConfirmGroup => Context::Confirm,
    }
}

pub fn enter(state: &mut State) -> Vec<Command> {
    let (id, cmd) = request(state, Request::LoadProjects);
    state.project.data.start(id);
    vec![cmd]
}

pub fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    match state.project.phase {
        ProjectPhase::Pick => pick(state, intent),
        ProjectPhase::Create => create(state, intent),
        ProjectPhase::Details => details(state, intent),
        ProjectPhase::Dropdown => dropdown(state, intent),
        ProjectPhase::ConfirmGroup => confirm(state, intent),
    }
}

fn pick(state: &mut State, intent: Intent) -> Vec<Command> {
    let (len, page) = (state.project.visible().len(), state.list_page());
    if move_cursor(&mut state.project.cursor, intent, len, page) {
        return Vec::new();
    }
    let ps = &mut state.project;
    match intent {
        Intent::StartFilter => ps.filtering = true,
        Intent::AcceptFilter => ps.filtering = false,
        Intent::ClearFilter => {
            ps.filtering = false;
            ps.filter.clear();
            ps.cursor.to_start();
        }
        Intent::Refresh => return enter(state),
        Intent::New => {
            ps.phase = ProjectPhase::Create;
            ps.name.clear();
            ps.focus = CreateFocus::Name;
            ps.template_cursor = Default::default();
            ps.error = None;
        }
        Intent::Confirm => {
            if let Some(row) = ps.selected().cloned() {
                open_details(state, row);
            }
        }
        Intent::Back => return back(state),
        _ => {}
    }
    Vec::new()
}

fn open_details(state: &mut State, row: ProjectRow) {
    let ps = &mut state.project;
    ps.current = Some(row);
    ps.group_choice = None;
    ps.phase = ProjectPhase::Details;
    ps.error = None;
}

fn create(state: &mut State, intent: Intent) -> Vec<Command> {
    let ps = &mut state.project;
    let templates = ps.templates().len() + 1;
    match intent {
        Intent::NextField => {
            ps.focus = match ps.focus {
                CreateFocus::Name => CreateFocus::Template,
                CreateFocus::Template => CreateFocus::Name,
            }
        }
        Intent::Up => ps.template_cursor.move_by(-1, templates, templates),
        Intent::Down => ps.template_cursor.move_by(1, templates, templates),
        Intent::Back => {
            ps.phase = ProjectPhase::Pick;
            ps.error = None;
        }
        Intent::Confirm if ps.pending.is_none() => {
            let name = ps.name.trimmed().to_owned();
            if name.is_empty() {
                ps.error = Some("Type a name for the project.".into());
                ps.focus = CreateFocus::Name;
                return Vec::new();
            }
            let template_id = ps.chosen_template().map(|t| t.id.clone());
            let (id, cmd) = request(state, Request::CreateProject { name, template_id });
            state.project.pending = Some(id);
            state.project.error = None;
            return vec![cmd];
        }
        _ => {}
    }
    Vec::new()
}

fn details(state: &mut State, intent: Intent) -> Vec<Command> {
    match intent {
        Intent::Confirm => {
            let current = state.project.shown_group().map(|(id, _, _)| id);
            let ps = &mut state.project;
            let index = ps.groups().iter().position(|g| Some(&g.id) == current.as_ref()).unwrap_or(0);
            ps.dropdown_cursor.selected = index;
            ps.phase = ProjectPhase::Dropdown;
            let (len, page) = (state.project.groups().len(), usize::from(layout::dropdown_rows(state)));
            state.project.dropdown_cursor.reveal(len, page);
        }
        Intent::Save => return save(state, false),
        Intent::GoTasks => {
            if state.project.dirty() {
                toast_error(state, "Save Changes first (press s), or Esc to drop them.");
                return Vec::new();
            }
            return go(state, Screen::Tasks);
        }
        Intent::Back => {
            state.project.phase = ProjectPhase::Pick;
            state.project.group_choice = None;
            state.project.error = None;
        }
        _ => {}
    }
    Vec::new()
}

fn save(state: &mut State, confirmed: bool) -> Vec<Command> {
    let ps = &mut state.project;
    if ps.pending.is_some() {
        return Vec::new();
    }
    let (Some(project), Some(group)) = (ps.current.clone(), ps.group_choice.clone()) else {
        toast(state, "Nothing to save: choose a group first (Enter).");
        return Vec::new();
    };
    if !ps.dirty() {
        toast(state, "Nothing to save: that is already the project's group.");
        return Vec::new();
    }
    if project.generated && !confirmed {
        ps.phase = ProjectPhase::ConfirmGroup;
        return Vec::new();
    }
    let (id, cmd) = request(state, Request::SetProjectGroup { project_id: project.id, group_id: group.id });
    state.project.pending = Some(id);
    state.project.phase = ProjectPhase::Details;
    vec![cmd]
}

fn dropdown(state: &mut State, intent: Intent) -> Vec<Command> {
    let page = usize::from(layout::dropdown_rows(state));
    let ps = &mut state.project;
    let len = ps.groups().len();
    if move_cursor(&mut ps.dropdown_cursor, intent, len, page) {
        return Vec::new();
    }
    match intent {
        Intent::Confirm => {
            ps.group_choice = ps.groups().get(ps.dropdown_cursor.selected).cloned();
            ps.phase = ProjectPhase::Details;
        }
        Intent::Back => ps.phase = ProjectPhase::Details,
        _ => {}
    }
    Vec::new()
}

fn confirm(state: &mut State, intent: Intent) -> Vec<Command> {
    match intent {
        Intent::Yes => save(state, true),
        Intent::No => {
            state.project.group_choice = None;
            state.project.phase = ProjectPhase::Details;
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub fn on_text(state: &mut State, ctx: Context, edit: TextEdit) {
    let ps = &mut state.project;
    let field = match ctx {
        Context::ProjectCreate if ps.focus == CreateFocus::Name => &mut ps.name,
        Context::ProjectFilter => &mut ps.filter,
        _ => return,
    };
    match edit {
        TextEdit::Insert(s) => field.push_str(&s),
        TextEdit::Backspace => field.backspace(),
        TextEdit::Clear => field.clear(),
    }
    ps.error = None;
    if ctx == Context::ProjectFilter {
        ps.cursor.to_start();
    }
}

pub fn on_loaded(state: &mut State, request: RequestId, result: Result<ProjectsData, ErrorInfo>) -> Vec<Command> {
    // What the user had chosen in an open dialog, to find again in the new lists.
    let template = state.project.chosen_template().map(|t| t.id.clone());
    let group = state.project.groups().get(state.project.dropdown_cursor.selected).map(|g| g.id.clone());
    if !state.project.data.finish(request, result) {
        return Vec::new();
    }
    // Keep Project Details in step with what Workfront says now.
    if let (Some(cur), Some(d)) = (state.project.current.clone(), state.project.data.data())
        && let Some(fresh) = d.projects.iter().find(|p| p.id == cur.id)
    {
        state.project.current = Some(fresh.clone());
    }
    let page = state.list_page();
    let dropdown_page = usize::from(layout::dropdown_rows(state));
    let ps = &mut state.project;
    let (projects, templates, groups) = (ps.visible().len(), ps.templates().len() + 1, ps.groups().len());
    ps.cursor.reveal(projects, page);
    match template.and_then(|id| ps.templates().iter().position(|t| t.id == id)) {
        Some(i) => ps.template_cursor.selected = i + 1,
        None if ps.template_cursor.selected >= templates => {
            ps.template_cursor.selected = templates - 1;
            if ps.phase == ProjectPhase::Create {
                ps.error = Some("The template list changed in Workfront: check the choice.".into());
            }
        }
        None => {}
    }
    if let Some(i) = group.and_then(|id| ps.groups().iter().position(|g| g.id == id)) {
        ps.dropdown_cursor.selected = i;
    }
    ps.dropdown_cursor.reveal(groups, dropdown_page);
    Vec::new()
}

pub fn on_saved(state: &mut State, request: RequestId, result: Result<ProjectRow, ErrorInfo>) -> Vec<Command> {
    if state.project.pending != Some(request) {
        return Vec::new();
    }
    state.project.pending = None;
    let created = state.project.phase == ProjectPhase::Create;
    match result {
        Err(e) => state.project.error = Some(e.message),
        Ok(row) => {
            if let Some(d) = state.project.data.data_mut() {
                match d.projects.iter_mut().find(|p| p.id == row.id) {
                    Some(p) => *p = row.clone(),
                    None => {
                        d.projects.push(row.clone());
                        d.projects.sort_by_cached_key(|p| p.name.to_lowercase());
                    }
                }
            }
            let message = if created {
                format!("Created \"{}\" in {}. Enter opens the Group drop-down.", row.name, row.group_name)
            } else if row.group_connected {
                format!("Saved: \"{}\" is in {} (connected). Next: 5 for its tasks.", row.name, row.group_name)
            } else {
                format!("Saved. {} is not connected: no Frame.io form for its tasks.", row.group_name)
            };
            open_details(state, row);
            toast(state, message);
        }
    }
    Vec::new()
}
