//! Step 5's reactions: select tasks, set their integration status, assign people, upload.

use std::path::PathBuf;

use super::{TextEdit, back, go, move_cursor, request, toast, toast_error};
use crate::app::action::{Command, Request, RequestId};
use crate::app::keymap::{Context, Intent};
use crate::app::state::tasks::{Pick, UploadProgress};
use crate::app::state::{ErrorInfo, People, Screen, State, TasksData, TasksMode, TextField};
use crate::integration::projects::Assignee;

pub fn context(state: &State) -> Context {
    match state.tasks.mode {
        TasksMode::List => Context::TaskList,
        TasksMode::NewTask(_) => Context::TaskName,
        TasksMode::Form { .. } => Context::TaskForm,
        TasksMode::Assign { .. } => Context::AssignPicker,
        TasksMode::Upload { .. } => Context::UploadPath,
    }
}

pub fn enter(state: &mut State) -> Vec<Command> {
    let Some(project) = state.project.current.clone() else {
        toast_error(state, "Pick a project first (step 4).");
        return super::reset_to(state, Screen::Home);
    };
    if state.tasks.data.data().is_some_and(|d| d.project.id != project.id) {
        state.tasks = Default::default();
    }
    state.tasks.mode = TasksMode::List;
    reload(state)
}

/// Read the tasks again, leaving any open dialog (and what is typed in it) alone.
fn reload(state: &mut State) -> Vec<Command> {
    let Some(project_id) = state.project.current.as_ref().map(|p| p.id.clone()) else { return Vec::new() };
    let (id, cmd) = request(state, Request::LoadTasks { project_id });
    state.tasks.data.start(id);
    vec![cmd]
}

const SUBTASK: &str = "Subtasks are not supported in connected Frame.io projects; use top-level tasks.";

pub fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    match state.tasks.mode.clone() {
        TasksMode::List => list(state, intent),
        TasksMode::NewTask(field) => match intent {
            Intent::Back => close(state),
            Intent::Confirm => {
                let name = field.trimmed().to_owned();
                if name.is_empty() {
                    toast_error(state, "Type a name for the task.");
                    return Vec::new();
                }
                let Some(project_id) = project_id(state) else { return Vec::new() };
                state.tasks.mode = TasksMode::List;
                write(state, Request::CreateTask { project_id, name })
            }
            _ => Vec::new(),
        },
        TasksMode::Form { active } => match intent {
            Intent::Toggle => {
                state.tasks.mode = TasksMode::Form { active: !active };
                Vec::new()
            }
            Intent::Save => {
                let task_ids: Vec<String> = state.tasks.targets().iter().map(|t| t.id.clone()).collect();
                state.tasks.mode = TasksMode::List;
                write(state, Request::SetTaskStatus { task_ids, active })
            }
            Intent::Back => close(state),
            _ => Vec::new(),
        },
        TasksMode::Assign { filter, mut cursor } => {
            let picks = state.tasks.people.data().map(|p| p.picks(&filter.text)).unwrap_or_default();
            if move_cursor(&mut cursor, intent, picks.len(), usize::from(crate::app::layout::assign_rows(state))) {
                state.tasks.mode = TasksMode::Assign { filter, cursor };
                return Vec::new();
            }
            match intent {
                Intent::Back => close(state),
                Intent::Confirm => {
                    let Some(pick) = picks.get(cursor.selected).cloned() else { return Vec::new() };
                    let task_ids: Vec<String> = state.tasks.targets().iter().map(|t| t.id.clone()).collect();
                    let (who, label) = match pick {
                        Pick::User { id, name, .. } => (Assignee::User(id), name),
                        Pick::Team { id, name, .. } => (Assignee::Team(id), format!("the team {name}")),
                    };
                    state.tasks.mode = TasksMode::List;
                    write(state, Request::Assign { task_ids, who, label })
                }
                _ => Vec::new(),
            }
        }
        TasksMode::Upload { path, .. } => match intent {
            Intent::Back => close(state),
            Intent::Complete => {
                let (id, cmd) = request(state, Request::CompletePath { partial: path.text.clone() });
                state.tasks.completion_request = Some(id);
                vec![cmd]
            }
            Intent::Confirm => {
                let raw = path.trimmed().to_owned();
                if raw.is_empty() {
                    toast_error(state, "Type the path of a file to upload (Tab completes).");
                    return Vec::new();
                }
                if state.tasks.upload.is_some() {
                    toast_error(state, "An upload is already running; wait for it to finish.");
                    return Vec::new();
                }
                let Some(project_id) = project_id(state) else { return Vec::new() };
                let name = raw.rsplit('/').next().unwrap_or(&raw).to_owned();
                let (id, cmd) = request(state, Request::Upload { project_id, path: PathBuf::from(raw) });
                state.tasks.upload = Some(UploadProgress { request: id, name, done: 0, total: 0 });
                state.tasks.mode = TasksMode::List;
                vec![cmd]
            }
            _ => Vec::new(),
        },
    }
}

fn close(state: &mut State) -> Vec<Command> {
    state.tasks.mode = TasksMode::List;
    Vec::new()
}

fn project_id(state: &State) -> Option<String> {
    state.tasks.data.data().map(|d| d.project.id.clone())
}

fn write(state: &mut State, req: Request) -> Vec<Command> {
    if state.tasks.pending.is_some() {
        toast_error(state, "Still saving the last change; try again in a moment.");
        return Vec::new();
    }
    let (id, cmd) = request(state, req);
    state.tasks.pending = Some(id);
    vec![cmd]
}

fn list(state: &mut State, intent: Intent) -> Vec<Command> {
    let (len, page) = (state.tasks.rows().len(), state.list_page());
    if move_cursor(&mut state.tasks.cursor, intent, len, page) {
        return Vec::new();
    }
    let connected = state.tasks.data.data().is_some_and(|d| d.project.group_connected);
    match intent {
        Intent::Back => back(state),
        Intent::Refresh => enter(state),
        Intent::GoStatus => go(state, Screen::Status),
        Intent::New => {
            state.tasks.mode = TasksMode::NewTask(TextField::default());
            Vec::new()
        }
        Intent::Toggle => {
            let Some(task) = state.tasks.current().cloned() else { return Vec::new() };
            if task.is_subtask {
                toast_error(state, SUBTASK);
            } else if !state.tasks.selected.remove(&task.id) {
                state.tasks.selected.insert(task.id);
            }
            let (len, page) = (state.tasks.rows().len(), state.list_page());
            state.tasks.cursor.move_by(1, len, page);
            Vec::new()
        }
        Intent::ToggleAll => {
            let top: Vec<String> = state.tasks.rows().iter().filter(|t| !t.is_subtask).map(|t| t.id.clone()).collect();
            let subtasks = state.tasks.rows().len() - top.len();
            if !top.is_empty() && top.iter().all(|id| state.tasks.selected.contains(id)) {
                state.tasks.selected.clear();
            } else {
                state.tasks.selected = top.into_iter().collect();
                if subtasks > 0 {
                    toast(
                        state,
                        format!("Selected every top-level task; {subtasks} subtask(s) left out: not supported."),
                    );
                }
            }
            Vec::new()
        }
        Intent::Edit => {
            if !connected {
                let group = state.tasks.data.data().map(|d| d.project.group_name.clone()).unwrap_or_default();
                toast_error(
                    state,
                    format!(
                        "The Frame.io integration form is unavailable: the project's group \"{group}\" is not connected to Frame.io. Set a connected group in step 4."
                    ),
                );
                return Vec::new();
            }
            let targets = state.tasks.targets();
            if targets.is_empty() {
                return Vec::new();
            }
            if targets.iter().any(|t| t.is_subtask) {
                toast_error(state, SUBTASK);
                return Vec::new();
            }
            // The form proposes Active, the point of the step (for tasks Active already, it shows
            // what they are); choosing Inactive is a deliberate keypress.
            state.tasks.mode = TasksMode::Form { active: true };
            Vec::new()
        }
        Intent::Assign => {
            if state.tasks.targets().is_empty() {
                return Vec::new();
            }
            state.tasks.mode = TasksMode::Assign { filter: TextField::default(), cursor: Default::default() };
            if state.tasks.people.data().is_none() && !state.tasks.people.is_loading() {
                let (id, cmd) = request(state, Request::LoadPeople);
                state.tasks.people.start(id);
                return vec![cmd];
            }
            Vec::new()
        }
        Intent::Upload => {
            state.tasks.mode = TasksMode::Upload { path: TextField::default(), completions: Vec::new() };
            Vec::new()
        }
        _ => Vec::new(),
    }
}

pub fn on_text(state: &mut State, ctx: Context, edit: TextEdit) {
    let field = match (&mut state.tasks.mode, ctx) {
        (TasksMode::NewTask(f), Context::TaskName) => f,
        (TasksMode::Assign { filter, cursor }, Context::AssignPicker) => {
            *cursor = Default::default();
            filter
        }
        (TasksMode::Upload { path, completions }, Context::UploadPath) => {
            completions.clear();
            // A completion asked for before this edit no longer applies.
            state.tasks.completion_request = None;
            path
        }
        _ => return,
    };
    match edit {
        TextEdit::Insert(s) => field.push_str(&s),
        TextEdit::Backspace => field.backspace(),
        TextEdit::Clear => field.clear(),
    }
}

pub fn on_loaded(state: &mut State, request: RequestId, result: Result<TasksData, ErrorInfo>) -> Vec<Command> {
    if state.tasks.data.finish(request, result) {
        let ids: Vec<String> = state.tasks.rows().iter().map(|t| t.id.clone()).collect();
        state.tasks.selected.retain(|id| ids.contains(id));
        let (len, page) = (ids.len(), state.list_page());
        state.tasks.cursor.reveal(len, page);
        // The project row (group, icon) may have changed: keep the wizard's copy current.
        if let Some(d) = state.tasks.data.data() {
            state.project.current = Some(d.project.clone());
        }
    }
    Vec::new()
}

pub fn on_changed(state: &mut State, request: RequestId, result: Result<String, ErrorInfo>) -> Vec<Command> {
    if state.tasks.pending != Some(request) {
        return Vec::new();
    }
    state.tasks.pending = None;
    match result {
        Ok(message) => toast(state, message),
        Err(e) => toast_error(state, e.message),
    }
    reload(state)
}

pub fn on_people(state: &mut State, request: RequestId, result: Result<People, ErrorInfo>) -> Vec<Command> {
    if !state.tasks.people.finish(request, result) {
        return Vec::new();
    }
    if let Some(e) = state.tasks.people.error().cloned() {
        toast_error(state, e.message);
        state.tasks.mode = TasksMode::List;
    }
    Vec::new()
}

pub fn on_completions(state: &mut State, request: RequestId, candidates: Vec<String>) -> Vec<Command> {
    if state.tasks.completion_request != Some(request) {
        return Vec::new();
    }
    state.tasks.completion_request = None;
    if let TasksMode::Upload { path, completions } = &mut state.tasks.mode {
        let prefix = common_prefix(&candidates);
        if prefix.len() > path.text.len() {
            path.text = prefix;
        }
        *completions = if candidates.len() > 1 { candidates } else { Vec::new() };
    }
    Vec::new()
}

/// The longest prefix shared by every candidate.
pub fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else { return String::new() };
    let mut end = first.len();
    for c in &candidates[1..] {
        end = first
            .char_indices()
            .zip(c.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    first[..end].to_owned()
}

pub fn on_upload_progress(state: &mut State, request: RequestId, done: u64, total: u64) -> Vec<Command> {
    if let Some(u) = state.tasks.upload.as_mut().filter(|u| u.request == request) {
        u.done = done;
        u.total = total;
    }
    Vec::new()
}

pub fn on_uploaded(state: &mut State, request: RequestId, result: Result<String, ErrorInfo>) -> Vec<Command> {
    if state.tasks.upload.as_ref().is_none_or(|u| u.request != request) {
        return Vec::new();
    }
    state.tasks.upload = None;
    match result {
        Ok(message) => {
            toast(state, message);
            reload(state)
        }
        Err(e) => {
            toast_error(state, e.message);
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::common_prefix;

    #[test]
    fn prefixes() {
        let c = |v: &[&str]| common_prefix(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(c(&["/tmp/brief.pdf", "/tmp/brief.txt"]), "/tmp/brief.");
        assert_eq!(c(&["/tmp/a"]), "/tmp/a");
        assert_eq!(c(&[]), "");
        assert_eq!(c(&["abc", "xyz"]), "");
    }
}
