//! The dashboard's reactions.

use super::{go, move_cursor, request, toast_error};
use crate::app::action::{Command, Request, RequestId};
use crate::app::keymap::Intent;
use crate::app::state::{ErrorInfo, HomeData, Screen, State};

pub fn enter(state: &mut State) -> Vec<Command> {
    let (id, cmd) = request(state, Request::LoadHome);
    state.home.data.start(id);
    vec![cmd]
}

pub fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    let len = state.home.data.data().map_or(0, |d| d.projects.len());
    let page = state.list_page();
    if move_cursor(&mut state.home.cursor, intent, len, page) {
        return Vec::new();
    }
    match intent {
        Intent::Refresh => enter(state),
        Intent::GoGroups => go(state, Screen::Groups),
        Intent::GoProjects => {
            state.project.phase = Default::default();
            go(state, Screen::Project)
        }
        Intent::Confirm | Intent::GoStatus => {
            let Some(row) = state.home.selected().cloned() else {
                toast_error(state, "No project yet: press 4 to create or pick one.");
                return Vec::new();
            };
            state.project.current = Some(row);
            go(state, if intent == Intent::Confirm { Screen::Tasks } else { Screen::Status })
        }
        _ => Vec::new(),
    }
}

pub fn on_loaded(state: &mut State, request: RequestId, result: Result<HomeData, ErrorInfo>) -> Vec<Command> {
    if state.home.data.finish(request, result) {
        let len = state.home.data.data().map_or(0, |d| d.projects.len());
        let page = state.list_page();
        state.home.cursor.reveal(len, page);
    }
    Vec::new()
}
