//! Step 6's reactions: choose the activating status, confirm, follow the activation.

use super::{back, request, reset_to, toast, toast_error};
use crate::app::action::{Command, Request, RequestId};
use crate::app::keymap::{Context, Intent};
use crate::app::layout;
use crate::app::state::{ErrorInfo, Preview, Screen, State, StatusPhase};
use crate::sync::{Item, ItemState, SyncEvent};

pub fn context(state: &State) -> Context {
    match state.status.phase {
        StatusPhase::Choose => Context::StatusChoose,
        StatusPhase::Running => Context::StatusRunning,
        StatusPhase::Done if state.status.outcome.as_ref().is_some_and(|o| o.ok) => Context::StatusDone,
        StatusPhase::Done => Context::StatusFailed,
    }
}

pub fn enter(state: &mut State) -> Vec<Command> {
    let Some(project) = state.project.current.clone() else {
        toast_error(state, "Pick a project first (step 4).");
        return reset_to(state, Screen::Home);
    };
    let same_project = state.status.preview.data().is_some_and(|p| p.project_id == project.id);
    if same_project && state.status.phase != StatusPhase::Choose {
        // An activation of this project is running or just finished: show it.
        return Vec::new();
    }
    state.status = Default::default();
    load(state, project.id)
}

fn load(state: &mut State, project_id: String) -> Vec<Command> {
    let (id, cmd) = request(state, Request::Preview { project_id });
    state.status.preview.start(id);
    vec![cmd]
}

pub fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    let page = state.list_page();
    // Never past the last page, so PageUp always moves.
    let last = layout::status_text_rows(state, true).saturating_sub(page);
    match intent {
        Intent::PageUp => state.status.scroll = state.status.scroll.min(last).saturating_sub(page),
        Intent::PageDown => state.status.scroll = (state.status.scroll + page).min(last),
        _ => {}
    }
    match (state.status.phase, intent) {
        (_, Intent::Back) => back(state),
        (StatusPhase::Choose, Intent::Up | Intent::Down) => {
            let len = state.status.preview.data().map_or(0, |p| p.choices.len());
            state.status.choice.move_by(if intent == Intent::Up { -1 } else { 1 }, len, len.max(1));
            Vec::new()
        }
        (StatusPhase::Choose, Intent::Refresh) => match state.status.preview.data().map(|p| p.project_id.clone()) {
            Some(id) => load(state, id),
            None => enter(state),
        },
        (StatusPhase::Choose, Intent::Confirm) => {
            let Some(preview) = state.status.preview.data() else { return Vec::new() };
            if let Some(blocker) = preview.plan.blockers.first() {
                toast_error(state, blocker.clone());
                return Vec::new();
            }
            start(state)
        }
        // Only bound when the activation failed.
        (StatusPhase::Done, Intent::Retry) => start(state),
        (StatusPhase::Done, Intent::Confirm) => reset_to(state, Screen::Home),
        _ => Vec::new(),
    }
}

fn start(state: &mut State) -> Vec<Command> {
    let (Some(preview), Some(status)) = (state.status.preview.data(), state.status.chosen()) else { return Vec::new() };
    let req = Request::Activate { project_id: preview.project_id.clone(), status: status.value.clone() };
    let (id, cmd) = request(state, req);
    let s = &mut state.status;
    s.running = Some(id);
    s.phase = StatusPhase::Running;
    s.outcome = None;
    s.notices.clear();
    s.scroll = 0;
    vec![cmd]
}

pub fn on_preview(state: &mut State, request: RequestId, result: Result<Preview, ErrorInfo>) -> Vec<Command> {
    if state.status.preview.finish(request, result)
        && let Some(p) = state.status.preview.data()
    {
        // Preselect the project's own status when it already activates, else Current.
        let index = p.choices.iter().position(|s| s.value == p.current).unwrap_or(0);
        state.status.choice.selected = index;
    }
    Vec::new()
}

pub fn on_started(state: &mut State, request: RequestId, items: Vec<Item>) -> Vec<Command> {
    if state.status.running == Some(request) {
        let s = &mut state.status;
        s.states = vec![ItemState::Waiting; items.len()];
        s.bytes = items.iter().map(|i| (0, i.bytes.unwrap_or(0))).collect();
        s.items = items;
    }
    Vec::new()
}

pub fn on_sync(state: &mut State, request: RequestId, event: SyncEvent) -> Vec<Command> {
    if state.status.running != Some(request) {
        return Vec::new();
    }
    let s = &mut state.status;
    match event {
        SyncEvent::Item { index, state: item_state } => {
            if let Some(slot) = s.states.get_mut(index) {
                if (item_state == ItemState::Done || item_state == ItemState::Reused)
                    && let Some(b) = s.bytes.get_mut(index)
                {
                    b.0 = b.1;
                }
                *slot = item_state;
            }
        }
        SyncEvent::Bytes { index, done, total } => {
            if let Some(b) = s.bytes.get_mut(index) {
                *b = (done, total);
            }
        }
        SyncEvent::Notice { message } => {
            s.notices.push(message);
            let excess = s.notices.len().saturating_sub(3);
            s.notices.drain(..excess);
        }
        SyncEvent::Finished { outcome } => {
            s.running = None;
            s.phase = StatusPhase::Done;
            let ok = outcome.ok;
            s.outcome = Some(outcome);
            if ok {
                toast(state, "Done: the Frame.io icon is purple. Press Enter for the dashboard.");
            } else {
                toast_error(state, "The activation stopped. Press r to retry: it resumes where it stopped.");
            }
        }
    }
    Vec::new()
}
