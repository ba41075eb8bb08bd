//! Snapshots of step 3: accounts (a greyed one the user does not administer), teams, teams
//! loading, connecting, errors, the single-account note.

#[macro_use]
mod wizard;

use ratatui::style::Color;
use wfio::app::WorkerEvent;
use wfio::app::state::ErrorInfo;
use wizard::*;

#[test]
fn account_picker() {
    let w = accounts_picker();
    snapshot_all!("account_picker", &w.s);
}

#[test]
fn account_not_administered_is_grey_and_refused() {
    let mut w = accounts_picker();
    w.down(2);
    w.enter();
    let text = w.screen_text();
    assert!(text.contains("not an owner or admin"), "{text}");
    snapshot_all!("account_refused", &w.s);
    let t = render(&w.s, &VARIANTS[0].1);
    let buf = t.backend().buffer();
    let cells = cells_of(buf, "member: you do not administer this account");
    assert_eq!(cells[2].fg, Color::DarkGray);
}

#[test]
fn account_teams_loading() {
    let w = teams_loading();
    snapshot_all!("account_teams_loading", &w.s);
}

#[test]
fn account_teams() {
    let mut w = teams_loaded();
    w.down(1);
    snapshot_all!("account_teams", &w.s);
}

#[test]
fn account_connecting() {
    let w = connecting();
    snapshot_all!("account_connecting", &w.s);
}

#[test]
fn account_teams_error() {
    let mut w = teams_loading();
    let request = w.id_of(is_load_teams);
    w.worker(WorkerEvent::Teams {
        request,
        result: Err(ErrorInfo::new("Frame.io answered 403 Forbidden when listing the teams of Northwind Studios.")),
    });
    snapshot_all!("account_teams_error", &w.s);
}

#[test]
fn account_connect_error() {
    let mut w = connecting();
    let request = w.id_of(is_connect);
    w.worker(WorkerEvent::Connected {
        request,
        result: Err(ErrorInfo::new(
            "Workfront refused to save the \"Frame.io connection\" form on Creative Services: the form is not attached to groups. Run wfio setup.",
        )),
    });
    snapshot_all!("account_connect_error", &w.s);
}

#[test]
fn account_one_account_note_and_one_team() {
    let mut w = token_answered(ONE_ACCOUNT, Ok(one_account()));
    let request = w.id_of(is_load_teams);
    w.worker(WorkerEvent::Teams { request, result: Ok(vec![team("ft-blake", "Blake Edits", "fa-blake")]) });
    let text = w.screen_text();
    assert!(text.contains("Using Blake Rivera Edits"), "{text}");
    snapshot_all!("account_one_account", &w.s);
}
