//! The reducer: `update(&mut State, Action) -> Vec<Command>`. Pure: no I/O, no async, no clock.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Command, Request, WorkerEvent};
use super::keymap::{self, Context, Intent};
use super::state::{Screen, State};

/// Commands to run when the app starts.
pub fn init(state: &mut State) -> Vec<Command> {
    load_groups(state)
}

pub fn update(state: &mut State, action: Action) -> Vec<Command> {
    match action {
        Action::Resize(w, h) => {
            state.width = w;
            state.height = h;
            let (len, page) = (state.groups.visible().len(), state.list_page());
            state.groups.cursor.reveal(len, page);
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
            if context(state).takes_text() {
                // A paste is text, never commands: newlines do not submit.
                state.groups.filter.push_str(text.trim());
                after_filter_change(state);
            }
            Vec::new()
        }
        Action::Key(key) => on_key(state, key),
        Action::Worker(event) => on_worker(state, event),
    }
}

/// The key context of what is on screen.
pub fn context(state: &State) -> Context {
    if state.help_open {
        return Context::Help;
    }
    match state.screen {
        Screen::Groups if state.groups.filtering => Context::GroupFilter,
        Screen::Groups => Context::GroupList,
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
    match intent {
        Some(intent) => on_intent(state, intent),
        None if ctx.takes_text() => on_text_key(state, key),
        None => Vec::new(),
    }
}

fn on_text_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    let field = &mut state.groups.filter;
    match key.code {
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => field.clear(),
        KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
            field.push_str(c.encode_utf8(&mut [0; 4]));
        }
        KeyCode::Backspace => field.backspace(),
        _ => return Vec::new(),
    }
    after_filter_change(state);
    Vec::new()
}

fn after_filter_change(state: &mut State) {
    state.groups.cursor.to_start();
    state.dirty = true;
}

fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    let len = state.groups.visible().len();
    let page = state.list_page();
    let cursor = &mut state.groups.cursor;
    match intent {
        Intent::Quit => return vec![Command::Quit],
        Intent::Suspend => return vec![Command::Suspend],
        Intent::Help => state.help_open = true,
        Intent::CloseHelp => state.help_open = false,
        Intent::Up => cursor.move_by(-1, len, page),
        Intent::Down => cursor.move_by(1, len, page),
        Intent::PageUp => cursor.move_by(-(page as isize), len, page),
        Intent::PageDown => cursor.move_by(page as isize, len, page),
        Intent::Top => cursor.to_start(),
        Intent::Bottom => cursor.to_end(len, page),
        Intent::StartFilter => state.groups.filtering = true,
        Intent::AcceptFilter => state.groups.filtering = false,
        Intent::ClearFilter => {
            state.groups.filtering = false;
            state.groups.filter.clear();
            state.groups.cursor.to_start();
        }
        Intent::Refresh => {
            state.dirty = true;
            return load_groups(state);
        }
    }
    state.dirty = true;
    Vec::new()
}

fn load_groups(state: &mut State) -> Vec<Command> {
    let id = state.next_request_id();
    state.groups.groups.start(id);
    state.dirty = true;
    vec![Command::Request(id, Request::LoadGroups)]
}

fn on_worker(state: &mut State, event: WorkerEvent) -> Vec<Command> {
    match event {
        WorkerEvent::Groups { request, result } => {
            if state.groups.groups.finish(request, result) {
                let (len, page) = (state.groups.visible().len(), state.list_page());
                state.groups.cursor.reveal(len, page);
                state.dirty = true;
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::action::RequestId;
    use crate::app::state::{Connection, ErrorInfo, GroupRow, Loadable, SessionInfo};

    fn state() -> State {
        State::new(SessionInfo { profile: "demo".into(), instance: "sim".into(), demo: true }, 80, 24)
    }

    fn group(name: &str, team: Option<&str>) -> GroupRow {
        GroupRow {
            id: format!("id-{name}"),
            name: name.into(),
            description: String::new(),
            connection: team.map(|t| Connection {
                account_id: "a".into(),
                account_name: "Northwind Studios".into(),
                team_id: "t".into(),
                team_name: t.into(),
            }),
        }
    }

    fn loaded(names: &[&str]) -> State {
        let mut s = state();
        let cmds = init(&mut s);
        let Command::Request(id, Request::LoadGroups) = cmds[0] else { panic!("{cmds:?}") };
        let rows = names.iter().map(|n| group(n, None)).collect();
        update(&mut s, Action::Worker(WorkerEvent::Groups { request: id, result: Ok(rows) }));
        s
    }

    fn press(s: &mut State, code: KeyCode) -> Vec<Command> {
        update(s, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn type_text(s: &mut State, text: &str) {
        for c in text.chars() {
            press(s, KeyCode::Char(c));
        }
    }

    #[test]
    fn init_requests_groups_and_shows_loading() {
        let mut s = state();
        let cmds = init(&mut s);
        assert_eq!(cmds, vec![Command::Request(RequestId(1), Request::LoadGroups)]);
        assert!(s.groups.groups.is_loading());
        assert!(s.animating());
    }

    #[test]
    fn filter_narrows_case_insensitively_and_resets_selection() {
        let mut s = loaded(&["Default", "Marketing", "Social Media", "Events"]);
        press(&mut s, KeyCode::Down);
        press(&mut s, KeyCode::Char('/'));
        type_text(&mut s, "MEDIA");
        let names: Vec<_> = s.groups.visible().iter().map(|g| g.name.clone()).collect();
        assert_eq!(names, vec!["Social Media"]);
        assert_eq!(s.groups.cursor.selected, 0);
        // While filtering, letters are text, not commands.
        type_text(&mut s, "q");
        assert_eq!(s.groups.filter.text, "MEDIAq");
        press(&mut s, KeyCode::Backspace);
        press(&mut s, KeyCode::Enter);
        assert!(!s.groups.filtering);
        assert_eq!(s.groups.filter.text, "MEDIA");
        press(&mut s, KeyCode::Char('/'));
        press(&mut s, KeyCode::Esc);
        assert_eq!(s.groups.visible().len(), 4);
    }

    #[test]
    fn filter_matches_team_names() {
        let mut s = state();
        let cmds = init(&mut s);
        let Command::Request(id, _) = cmds[0] else { panic!() };
        let rows = vec![group("Marketing", Some("Brand Studio")), group("Default", None)];
        update(&mut s, Action::Worker(WorkerEvent::Groups { request: id, result: Ok(rows) }));
        update(&mut s, Action::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE)));
        update(&mut s, Action::Paste("  brand\n".into()));
        assert_eq!(s.groups.filter.text, "brand");
        assert_eq!(s.groups.visible()[0].name, "Marketing");
    }

    #[test]
    fn navigation_clamps_and_scrolls() {
        let names: Vec<String> = (0..50).map(|i| format!("Group {i:02}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut s = loaded(&refs);
        let page = s.list_page();
        press(&mut s, KeyCode::Up);
        assert_eq!(s.groups.cursor.selected, 0);
        press(&mut s, KeyCode::Char('j'));
        press(&mut s, KeyCode::Down);
        assert_eq!(s.groups.cursor.selected, 2);
        press(&mut s, KeyCode::PageDown);
        assert_eq!(s.groups.cursor.selected, 2 + page);
        assert!(s.groups.cursor.offset > 0, "scrolled to keep the selection visible");
        press(&mut s, KeyCode::End);
        assert_eq!(s.groups.cursor.selected, 49);
        assert_eq!(s.groups.cursor.offset, 50 - page);
        press(&mut s, KeyCode::Home);
        assert_eq!(s.groups.cursor, Default::default());
        press(&mut s, KeyCode::PageUp);
        assert_eq!(s.groups.cursor.selected, 0);
    }

    #[test]
    fn stale_response_is_ignored() {
        let mut s = state();
        let first = init(&mut s);
        let Command::Request(old, _) = first[0] else { panic!() };
        let second = press(&mut s, KeyCode::Char('r'));
        let Command::Request(new, _) = second[0] else { panic!() };
        assert_ne!(old, new);
        update(&mut s, Action::Worker(WorkerEvent::Groups { request: old, result: Ok(vec![group("Old", None)]) }));
        assert!(s.groups.groups.is_loading(), "the old answer does not end the new request");
        update(&mut s, Action::Worker(WorkerEvent::Groups { request: new, result: Ok(vec![group("New", None)]) }));
        assert_eq!(s.groups.visible()[0].name, "New");
    }

    #[test]
    fn error_keeps_previous_data_and_retry_reloads() {
        let mut s = loaded(&["Default"]);
        let cmds = press(&mut s, KeyCode::Char('r'));
        let Command::Request(id, _) = cmds[0] else { panic!() };
        let err = ErrorInfo::new("Workfront refused the credentials");
        update(&mut s, Action::Worker(WorkerEvent::Groups { request: id, result: Err(err.clone()) }));
        match &s.groups.groups {
            Loadable::Failed { error, stale } => {
                assert_eq!(error, &err);
                assert_eq!(stale.as_ref().unwrap().len(), 1);
            }
            other => panic!("{other:?}"),
        }
        assert!(!s.busy());
        assert_eq!(press(&mut s, KeyCode::Char('r')).len(), 1);
    }

    #[test]
    fn quit_suspend_and_help() {
        let mut s = loaded(&["Default"]);
        assert_eq!(press(&mut s, KeyCode::Char('q')), vec![Command::Quit]);
        let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(update(&mut s, Action::Key(ctrl_z)), vec![Command::Suspend]);
        press(&mut s, KeyCode::Char('?'));
        assert!(s.help_open);
        assert!(press(&mut s, KeyCode::Char('q')).is_empty(), "q closes help, does not quit");
        assert!(!s.help_open);
    }

    #[test]
    fn too_small_terminal_only_lets_you_leave() {
        let mut s = loaded(&["A", "B"]);
        update(&mut s, Action::Resize(20, 5));
        assert!(s.too_small());
        press(&mut s, KeyCode::Down);
        assert_eq!(s.groups.cursor.selected, 0);
        assert_eq!(press(&mut s, KeyCode::Char('q')), vec![Command::Quit]);
        update(&mut s, Action::Resize(80, 24));
        press(&mut s, KeyCode::Down);
        assert_eq!(s.groups.cursor.selected, 1);
    }

    #[test]
    fn key_release_is_ignored_and_tick_only_animates_when_busy() {
        let mut s = loaded(&["A", "B"]);
        let mut release = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        update(&mut s, Action::Key(release));
        assert_eq!(s.groups.cursor.selected, 0);
        s.dirty = false;
        update(&mut s, Action::Tick);
        assert!(!s.dirty, "idle ticks do not redraw");
    }
}
