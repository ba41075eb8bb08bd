//! The reducer: `update(&mut State, Action) -> Vec<Command>`. Pure: no I/O, no async, no clock.
//! Global keys and navigation live here; each screen's reactions live in its own file.

mod account;
mod groups;
mod home;
mod project;
mod status;
mod tasks;
mod token;

use crossterm::event::{KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Command, Request, WorkerEvent};
use super::keymap::{self, Context, Intent};
use super::state::{Screen, State, Toast};

/// Commands to run when the app starts.
pub fn init(state: &mut State) -> Vec<Command> {
    home::enter(state)
}

pub fn update(state: &mut State, action: Action) -> Vec<Command> {
    match action {
        Action::Resize(w, h) => {
            state.width = w;
            state.height = h;
            reveal_all(state);
            state.dirty = true;
            Vec::new()
        }
        Action::Tick => {
            if state.animating() {
                state.spinner = state.spinner.wrapping_add(1);
                state.dirty = true;
            }
            Vec::new()
        }
        Action::Paste(text) => {
            let ctx = context(state);
            if ctx.takes_text() && !state.too_small() {
                on_paste(state, ctx, &text);
                state.dirty = true;
            }
            Vec::new()
        }
        Action::Key(key) => on_key(state, key),
        Action::Worker(event) => {
            state.dirty = true;
            on_worker(state, event)
        }
    }
}

/// The key context of what is on screen.
pub fn context(state: &State) -> Context {
    if state.help_open {
        return Context::Help;
    }
    match state.screen {
        Screen::Home => Context::Home,
        Screen::Groups => groups::context(state),
        Screen::Token => Context::Token,
        Screen::Account => account::context(state),
        Screen::Project => project::context(state),
        Screen::Tasks => tasks::context(state),
        Screen::Status => status::context(state),
    }
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    // Kitty-protocol and Windows terminals also report releases and repeats of the same press.
    if key.kind != KeyEventKind::Press {
        return Vec::new();
    }
    let ctx = context(state);
    let intent = keymap::resolve(ctx, &key);
    if state.too_small() {
        // Nothing is visible to act on: only leaving works until the window grows.
        return match intent {
            Some(Intent::Quit) if !ctx.takes_text() || key.modifiers.contains(KeyModifiers::CONTROL) => {
                vec![Command::Quit]
            }
            Some(Intent::Suspend) => vec![Command::Suspend],
            _ => Vec::new(),
        };
    }
    let Some(intent) = intent else {
        if ctx.takes_text() && on_text(state, ctx, key) {
            state.dirty = true;
        }
        return Vec::new();
    };
    state.dirty = true;
    state.toast = None;
    match intent {
        Intent::Quit => return vec![Command::Quit],
        Intent::Suspend => return vec![Command::Suspend],
        Intent::Help => {
            state.help_open = true;
            return Vec::new();
        }
        Intent::CloseHelp => {
            state.help_open = false;
            return Vec::new();
        }
        _ => {}
    }
    match state.screen {
        Screen::Home => home::on_intent(state, intent),
        Screen::Groups => groups::on_intent(state, intent),
        Screen::Token => token::on_intent(state, intent),
        Screen::Account => account::on_intent(state, intent),
        Screen::Project => project::on_intent(state, intent),
        Screen::Tasks => tasks::on_intent(state, intent),
        Screen::Status => status::on_intent(state, intent),
    }
}

/// A key typed into a field. Returns whether anything changed.
fn on_text(state: &mut State, ctx: Context, key: KeyEvent) -> bool {
    use crossterm::event::KeyCode;
    let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    let edit = match key.code {
        KeyCode::Char(c) if plain => TextEdit::Insert(c.to_string()),
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => TextEdit::Clear,
        KeyCode::Backspace => TextEdit::Backspace,
        _ => return false,
    };
    apply_text(state, ctx, edit);
    true
}

fn on_paste(state: &mut State, ctx: Context, text: &str) {
    // A paste is text, never commands: newlines do not submit. Single-line fields take the
    // pasted text trimmed and without line breaks.
    let one_line: String = text.trim().chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    apply_text(state, ctx, TextEdit::Insert(one_line));
}

/// An edit to whichever text field has focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TextEdit {
    Insert(String),
    Backspace,
    Clear,
}

fn apply_text(state: &mut State, ctx: Context, edit: TextEdit) {
    match ctx {
        Context::GroupFilter | Context::GroupCreate => groups::on_text(state, ctx, edit),
        Context::Token => token::on_text(state, edit),
        Context::ProjectFilter | Context::ProjectCreate => project::on_text(state, ctx, edit),
        Context::TaskName | Context::AssignPicker | Context::UploadPath => tasks::on_text(state, ctx, edit),
        _ => {}
    }
}

fn on_worker(state: &mut State, event: WorkerEvent) -> Vec<Command> {
    match event {
        WorkerEvent::Home { request, result } => home::on_loaded(state, request, result),
        WorkerEvent::Groups { request, result } => groups::on_loaded(state, request, result),
        WorkerEvent::GroupCreated { request, result } => groups::on_created(state, request, result),
        WorkerEvent::SignInPrompt { request, result } => token::on_prompt(state, request, result),
        WorkerEvent::TokenChecked { request, result } => token::on_checked(state, request, result),
        WorkerEvent::Teams { request, result } => account::on_teams(state, request, result),
        WorkerEvent::Connected { request, result } => account::on_connected(state, request, result),
        WorkerEvent::Projects { request, result } => project::on_loaded(state, request, result),
        WorkerEvent::ProjectSaved { request, result } => project::on_saved(state, request, result),
        WorkerEvent::Tasks { request, result } => tasks::on_loaded(state, request, result),
        WorkerEvent::TasksChanged { request, result } => tasks::on_changed(state, request, result),
        WorkerEvent::People { request, result } => tasks::on_people(state, request, result),
        WorkerEvent::Completions { request, candidates } => tasks::on_completions(state, request, candidates),
        WorkerEvent::UploadProgress { request, done, total } => tasks::on_upload_progress(state, request, done, total),
        WorkerEvent::Uploaded { request, result } => tasks::on_uploaded(state, request, result),
        WorkerEvent::Preview { request, result } => status::on_preview(state, request, result),
        WorkerEvent::ActivationStarted { request, items } => status::on_started(state, request, items),
        WorkerEvent::Sync { request, event } => status::on_sync(state, request, event),
    }
}

/// Ask the worker for something; returns the command carrying it and the request's ID.
pub(crate) fn request(state: &mut State, request: Request) -> (super::action::RequestId, Command) {
    let id = state.next_request_id();
    (id, Command::Request(id, request))
}

/// Open `screen`, remembering where we came from.
pub(crate) fn go(state: &mut State, screen: Screen) -> Vec<Command> {
    if state.screen != screen {
        state.history.push(state.screen);
        state.screen = screen;
    }
    enter(state)
}

/// Esc: back one step, keeping what was entered.
pub(crate) fn back(state: &mut State) -> Vec<Command> {
    match state.history.pop() {
        Some(previous) => {
            state.screen = previous;
            enter(state)
        }
        None => vec![Command::Quit],
    }
}

/// Jump to a screen, forgetting the path that led here (after finishing a flow).
pub(crate) fn reset_to(state: &mut State, screen: Screen) -> Vec<Command> {
    state.history.clear();
    state.screen = screen;
    enter(state)
}

/// What a screen fetches when it opens: fresh data, since anything may have changed.
fn enter(state: &mut State) -> Vec<Command> {
    match state.screen {
        Screen::Home => home::enter(state),
        Screen::Groups => groups::enter(state),
        Screen::Token | Screen::Account => Vec::new(),
        Screen::Project => project::enter(state),
        Screen::Tasks => tasks::enter(state),
        Screen::Status => status::enter(state),
    }
}

pub(crate) fn toast(state: &mut State, text: impl Into<String>) {
    state.toast = Some(Toast { text: text.into(), error: false });
}

pub(crate) fn toast_error(state: &mut State, text: impl Into<String>) {
    state.toast = Some(Toast { text: text.into(), error: true });
}

/// Keep every list's selection visible after a resize.
fn reveal_all(state: &mut State) {
    let page = state.list_page();
    let home_len = state.home.data.data().map_or(0, |d| d.projects.len());
    state.home.cursor.reveal(home_len, page);
    let groups_len = state.groups.visible().len();
    state.groups.cursor.reveal(groups_len, page);
    let projects_len = state.project.visible().len();
    state.project.cursor.reveal(projects_len, page);
    let tasks_len = state.tasks.rows().len();
    state.tasks.cursor.reveal(tasks_len, page);
}

/// Cursor movement shared by every list screen.
pub(crate) fn move_cursor(cursor: &mut super::state::Cursor, intent: Intent, len: usize, page: usize) -> bool {
    match intent {
        Intent::Up => cursor.move_by(-1, len, page),
        Intent::Down => cursor.move_by(1, len, page),
        Intent::PageUp => cursor.move_by(-(page as isize), len, page),
        Intent::PageDown => cursor.move_by(page as isize, len, page),
        Intent::Top => cursor.to_start(),
        Intent::Bottom => cursor.to_end(len, page),
        _ => return false,
    }
    true
}
