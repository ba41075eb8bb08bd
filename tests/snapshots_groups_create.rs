//! Snapshots of step 1 beyond tests/snapshots_groups.rs: the create-group prompt, its validation
//! and Workfront's error, and the seed's groups with the connected one.

#[macro_use]
mod wizard;

use wfio::app::WorkerEvent;
use wfio::app::state::ErrorInfo;
use wizard::*;

#[test]
fn groups_seed_list() {
    let mut w = groups_loaded();
    select_group(&mut w, "Marketing");
    snapshot_all!("groups_seed", &w.s);
}

#[test]
fn groups_create_prompt() {
    let mut w = groups_loaded();
    w.ch('n');
    w.type_text("Brand Films");
    assert!(w.screen_text().contains("Name: Brand Films"));
    snapshot_all!("groups_create_prompt", &w.s);
}

#[test]
fn groups_create_duplicate_name() {
    let mut w = groups_loaded();
    w.ch('n');
    w.type_text("marketing");
    w.enter();
    assert!(w.screen_text().contains("\"marketing\" already exists"));
    snapshot_all!("groups_create_duplicate", &w.s);
}

#[test]
fn groups_create_saving() {
    let mut w = groups_loaded();
    w.ch('n');
    w.type_text("Brand Films");
    w.enter();
    assert!(w.screen_text().contains("Creating in Workfront"));
    snapshot_all!("groups_create_saving", &w.s);
}

#[test]
fn groups_create_workfront_error() {
    let mut w = groups_loaded();
    w.ch('n');
    w.type_text("Brand Films");
    w.enter();
    let request = w.id_of(is_create_group);
    w.worker(WorkerEvent::GroupCreated {
        request,
        result: Err(ErrorInfo::new(
            "Workfront refused: You do not have sufficient access to create a Group (NOT_AUTHORIZED). Ask a Workfront system administrator.",
        )),
    });
    let text = w.screen_text();
    assert!(text.contains("Name: Brand Films") && text.contains("NOT_AUTHORIZED"), "{text}");
    snapshot_all!("groups_create_error", &w.s);
}

#[test]
fn groups_created_toast() {
    let mut w = groups_loaded();
    w.ch('n');
    w.type_text("Brand Films");
    w.enter();
    let request = w.id_of(is_create_group);
    w.worker(WorkerEvent::GroupCreated { request, result: Ok(group("Brand Films", "", None)) });
    snapshot_all!("groups_created", &w.s);
}

#[test]
fn groups_filtering() {
    let mut w = groups_loaded();
    w.ch('/');
    w.type_text("studio");
    snapshot_all!("groups_filtering", &w.s);
}
