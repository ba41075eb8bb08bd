//! Reducer tests for step 6: the choice preselects the project's status, blockers refuse Enter,
//! the activation's events (started, items, bytes, notices, finished ok or failed), Retry.

mod wizard;

use crossterm::event::KeyCode;
use wfio::app::state::{ErrorInfo, Screen, StatusPhase};
use wfio::app::{Request, RequestId, WorkerEvent};
use wfio::sync::{ItemState, SyncEvent};
use wizard::*;

#[test]
fn current_is_preselected_when_the_project_is_not_already_active() {
    let w = status_preview();
    assert_eq!(w.s.status.chosen().unwrap().value, "CUR");
}

#[test]
fn the_projects_own_status_is_preselected_when_it_activates() {
    let w = status_preview_with(preview_with(("AIR", "On Air"), plan(true, true)));
    assert_eq!(w.s.status.chosen().unwrap().value, "AIR");
    let w = status_preview_with(preview_with(("LIV", "Live"), plan(true, true)));
    assert_eq!(w.s.status.choice.selected, 2);
}

#[test]
fn choices_move_and_stay_in_range() {
    let mut w = status_preview();
    w.ch('j');
    assert_eq!(w.s.status.chosen().unwrap().label, "On Air");
    w.down(5);
    assert_eq!(w.s.status.choice.selected, 2);
    w.ch('k');
    w.press(KeyCode::Up);
    w.press(KeyCode::Up);
    assert_eq!(w.s.status.choice.selected, 0);
}

#[test]
fn blockers_refuse_enter_with_the_reason() {
    let mut w = status_preview_with(preview_with(("PLN", "Planning"), plan(true, false)));
    w.enter();
    assert!(w.made_no_request());
    assert_eq!(w.s.status.phase, StatusPhase::Choose);
    assert!(w.toast_is_error());
    assert!(w.toast().starts_with("No task is Active"), "{}", w.toast());
    let mut w = status_preview_with(preview_with(("PLN", "Planning"), plan(false, true)));
    w.enter();
    assert!(w.toast().contains("\"Marketing\" is not connected to Frame.io"), "{}", w.toast());
}

#[test]
fn enter_switches_to_the_chosen_status() {
    let mut w = status_preview();
    w.down(1);
    w.enter();
    let (id, r) = w.only_request();
    assert_eq!(r, Request::Activate { project_id: "proj-spring-campaign-2027".into(), status: "AIR".into() });
    assert_eq!(w.s.status.running, Some(id));
    assert_eq!(w.s.status.phase, StatusPhase::Running);
    assert!(w.s.busy());
    w.enter();
    assert!(w.made_no_request(), "Enter does nothing while running");
}

#[test]
fn refresh_reads_the_plan_again_and_stale_previews_are_dropped() {
    let mut w = status_preview();
    w.ch('r');
    let (id, r) = w.only_request();
    assert_eq!(r, Request::Preview { project_id: "proj-spring-campaign-2027".into() });
    w.worker(WorkerEvent::Preview { request: RequestId(id.0 - 1), result: Err(ErrorInfo::new("old")) });
    assert!(w.s.status.preview.is_loading());
    w.worker(WorkerEvent::Preview { request: id, result: Err(ErrorInfo::new("Workfront answered 500")) });
    assert!(w.s.status.preview.error().is_some());
    assert!(w.s.status.preview.data().is_some(), "the last plan stays");
}

#[test]
fn activation_events_fill_the_progress() {
    let mut w = status_running();
    let n = w.s.status.items.len();
    assert_eq!(n, 9);
    assert!(w.s.status.states.iter().all(|s| *s == ItemState::Waiting));
    assert_eq!(w.s.status.bytes_total(), (0, 48_302_412));
    let upload = w.s.status.items.iter().position(|i| i.label == "upload rough-cut-v3.mov").unwrap();
    sync(&mut w, SyncEvent::Item { index: 0, state: ItemState::Done });
    sync(&mut w, SyncEvent::Item { index: 1, state: ItemState::Reused });
    sync(&mut w, SyncEvent::Item { index: upload, state: ItemState::Running });
    sync(&mut w, SyncEvent::Bytes { index: upload, done: 24_150_000, total: 48_300_000 });
    assert_eq!(w.s.status.counts(), (2, 9));
    assert_eq!(w.s.status.bytes[upload], (24_150_000, 48_300_000));
    sync(&mut w, SyncEvent::Item { index: upload, state: ItemState::Done });
    assert_eq!(w.s.status.bytes[upload], (48_300_000, 48_300_000), "a finished upload counts in full");
    // Out-of-range indexes are ignored.
    sync(&mut w, SyncEvent::Item { index: 99, state: ItemState::Done });
    sync(&mut w, SyncEvent::Bytes { index: 99, done: 1, total: 1 });
    assert_eq!(w.s.status.states.len(), 9);
    // Notices keep the newest three.
    for i in 0..5 {
        sync(&mut w, SyncEvent::Notice { message: format!("retry {i}") });
    }
    assert_eq!(w.s.status.notices, vec!["retry 2", "retry 3", "retry 4"]);
}

#[test]
fn events_of_another_activation_are_ignored() {
    let mut w = status_running();
    let request = w.id_of(is_activate);
    let other = RequestId(request.0 + 1);
    w.worker(WorkerEvent::Sync { request: other, event: SyncEvent::Item { index: 0, state: ItemState::Done } });
    w.worker(WorkerEvent::Sync { request: other, event: SyncEvent::Finished { outcome: outcome_ok() } });
    w.worker(WorkerEvent::ActivationStarted { request: other, items: vec![] });
    assert_eq!(w.s.status.phase, StatusPhase::Running);
    assert_eq!(w.s.status.items.len(), 9);
    assert_eq!(w.s.status.states[0], ItemState::Waiting);
}

#[test]
fn finished_ok_shows_the_purple_icon_and_no_retry() {
    let mut w = status_done(outcome_ok());
    assert_eq!(w.s.status.phase, StatusPhase::Done);
    assert!(w.s.status.running.is_none());
    assert!(!w.s.busy());
    assert!(w.toast().starts_with("Done: the Frame.io icon is purple"));
    assert!(w.s.steps_done()[5]);
    w.ch('r');
    assert!(w.made_no_request(), "nothing to retry: r is not even offered after a success");
    assert!(w.toast().starts_with("Done: the Frame.io icon is purple"));
    w.enter();
    assert_eq!(w.s.screen, Screen::Home);
    assert!(w.s.history.is_empty());
    assert_eq!(w.only_request().1, Request::LoadHome);
}

#[test]
fn finished_failed_offers_retry_which_resumes() {
    let mut w = status_done(outcome_failed());
    assert_eq!(w.s.status.phase, StatusPhase::Done);
    assert!(w.toast_is_error());
    assert!(w.toast().contains("Press r to retry"));
    assert!(!w.s.steps_done()[5]);
    w.ch('r');
    let (id, r) = w.only_request();
    assert_eq!(r, Request::Activate { project_id: "proj-spring-campaign-2027".into(), status: "CUR".into() });
    assert_eq!(w.s.status.phase, StatusPhase::Running);
    assert_eq!(w.s.status.running, Some(id));
    assert!(w.s.status.outcome.is_none());
    assert!(w.s.status.notices.is_empty());
}

#[test]
fn retry_is_not_a_key_while_running_or_choosing() {
    let mut w = status_running();
    w.ch('r');
    assert!(w.made_no_request());
    assert_eq!(w.s.status.phase, StatusPhase::Running);
}

#[test]
fn esc_while_running_leaves_it_running_and_coming_back_shows_it() {
    let mut w = status_part_way();
    w.esc();
    assert_eq!(w.s.screen, Screen::Tasks);
    assert!(w.s.status.running.is_some());
    assert!(w.s.busy(), "the header keeps spinning");
    w.ch('6');
    assert_eq!(w.s.screen, Screen::Status);
    assert!(w.made_no_request(), "the running activation is shown, not a new preview");
    assert_eq!(w.s.status.phase, StatusPhase::Running);
    // Its events still arrive while elsewhere.
    w.esc();
    sync(&mut w, SyncEvent::Finished { outcome: outcome_ok() });
    assert_eq!(w.s.status.phase, StatusPhase::Done);
}

#[test]
fn scroll_keys_in_progress() {
    // Everything fits at 80x24: nothing to scroll.
    let mut w = status_running();
    w.press(KeyCode::PageDown);
    assert_eq!(w.s.status.scroll, 0);
    // At the minimum height the list does not fit: a page down, and back.
    w.resize(80, 16);
    w.press(KeyCode::PageDown);
    assert!(w.s.status.scroll > 0);
    w.press(KeyCode::PageUp);
    assert_eq!(w.s.status.scroll, 0);
}

#[test]
fn status_without_a_project_goes_home_with_a_message() {
    // The dashboard with no project: 6 refuses; the status screen itself never opens blank.
    let mut w = home_loaded_with(wfio::app::state::HomeData::default());
    w.ch('6');
    assert_eq!(w.s.screen, Screen::Home);
}

// ---- Bugs -----------------------------------------------------------------------------------

#[test]

fn page_up_after_paging_past_the_end_moves_the_plan() {
    let mut w = status_preview();
    let first = w.screen_text();
    for _ in 0..4 {
        w.press(KeyCode::PageDown);
    }
    let bottom = w.screen_text();
    assert_ne!(first, bottom);
    w.press(KeyCode::PageUp);
    assert_ne!(w.screen_text(), bottom, "one PageUp from the bottom scrolls up");
}
