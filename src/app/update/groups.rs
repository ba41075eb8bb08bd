//! Step 1's reactions: the group list, creating a group, starting a connection.

use super::{TextEdit, back, go, move_cursor, request, toast};
use crate::app::action::{Command, Request, RequestId};
use crate::app::keymap::{Context, Intent};
use crate::app::state::{ErrorInfo, GroupRow, Screen, State, TextField};

pub fn context(state: &State) -> Context {
    if state.groups.creating.is_some() {
        Context::GroupCreate
    } else if state.groups.filtering {
        Context::GroupFilter
    } else {
        Context::GroupList
    }
}

pub fn enter(state: &mut State) -> Vec<Command> {
    let (id, cmd) = request(state, Request::LoadGroups);
    state.groups.groups.start(id);
    vec![cmd]
}

pub fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    if state.groups.creating.is_some() {
        return on_create_intent(state, intent);
    }
    let len = state.groups.visible().len();
    let page = state.list_page();
    if move_cursor(&mut state.groups.cursor, intent, len, page) {
        return Vec::new();
    }
    let gs = &mut state.groups;
    match intent {
        Intent::StartFilter => gs.filtering = true,
        Intent::AcceptFilter => gs.filtering = false,
        Intent::ClearFilter => {
            gs.filtering = false;
            gs.filter.clear();
            gs.cursor.to_start();
        }
        Intent::Refresh => return enter(state),
        Intent::New => {
            gs.creating = Some(TextField::default());
            gs.create_error = None;
        }
        Intent::Connect => {
            let Some(group) = gs.selected().cloned() else { return Vec::new() };
            if gs.target.as_ref().map(|g| &g.id) != Some(&group.id) {
                // A different group: start the sign-in step afresh (but the same way as last).
                let method = state.token.method;
                state.token = Default::default();
                state.token.method = method;
                state.account = Default::default();
            }
            state.token.connected_to = group.connection.clone();
            state.groups.target = Some(group);
            return go(state, Screen::Token);
        }
        Intent::Back => return back(state),
        _ => {}
    }
    Vec::new()
}

fn on_create_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    match intent {
        Intent::Back => {
            state.groups.creating = None;
            state.groups.create_error = None;
        }
        Intent::Confirm if state.groups.saving.is_none() => {
            let name = state.groups.creating.as_ref().map(|f| f.trimmed().to_owned()).unwrap_or_default();
            if let Some(problem) = validate_name(&name, state.groups.groups.data().map(Vec::as_slice).unwrap_or(&[])) {
                state.groups.create_error = Some(problem);
                return Vec::new();
            }
            let (id, cmd) = request(state, Request::CreateGroup { name });
            state.groups.saving = Some(id);
            state.groups.create_error = None;
            return vec![cmd];
        }
        _ => {}
    }
    Vec::new()
}

/// A group name Workfront would accept, and that is not already taken.
pub fn validate_name(name: &str, existing: &[GroupRow]) -> Option<String> {
    if name.is_empty() {
        return Some("Type a name for the group.".into());
    }
    if existing.iter().any(|g| g.name.eq_ignore_ascii_case(name)) {
        return Some(format!("\"{name}\" already exists: press Esc and pick it from the list."));
    }
    None
}

pub fn on_text(state: &mut State, ctx: Context, edit: TextEdit) {
    let gs = &mut state.groups;
    let field = match ctx {
        Context::GroupCreate => match gs.creating.as_mut() {
            Some(f) => f,
            None => return,
        },
        _ => &mut gs.filter,
    };
    match edit {
        TextEdit::Insert(s) => field.push_str(&s),
        TextEdit::Backspace => field.backspace(),
        TextEdit::Clear => field.clear(),
    }
    if ctx == Context::GroupFilter {
        gs.cursor.to_start();
    } else {
        gs.create_error = None;
    }
}

pub fn on_loaded(state: &mut State, request: RequestId, result: Result<Vec<GroupRow>, ErrorInfo>) -> Vec<Command> {
    if state.groups.groups.finish(request, result) {
        let (len, page) = (state.groups.visible().len(), state.list_page());
        state.groups.cursor.reveal(len, page);
    }
    Vec::new()
}

pub fn on_created(state: &mut State, request: RequestId, result: Result<GroupRow, ErrorInfo>) -> Vec<Command> {
    if state.groups.saving != Some(request) {
        return Vec::new();
    }
    state.groups.saving = None;
    match result {
        Ok(group) => {
            state.groups.creating = None;
            state.groups.filter.clear();
            state.groups.filtering = false;
            let name = group.name.clone();
            if let Some(list) = state.groups.groups.data_mut() {
                list.push(group);
                list.sort_by_cached_key(|g| g.name.to_lowercase());
            }
            let index = state.groups.visible().iter().position(|g| g.name == name).unwrap_or(0);
            let (len, page) = (state.groups.visible().len(), state.list_page());
            state.groups.cursor.selected = index;
            state.groups.cursor.reveal(len, page);
            toast(state, format!("Created the group \"{name}\". Press Enter to connect it to Frame.io."));
        }
        // Workfront's own message, shown in the prompt; what was typed stays.
        Err(e) => state.groups.create_error = Some(e.message),
    }
    Vec::new()
}
