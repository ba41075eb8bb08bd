//! Snapshots of step 4: the project list, search, the new-project dialog, Project Details
//! (unconnected, connected, unsaved), the Group drop-down with connected glyphs, the confirmation.

#[macro_use]
mod wizard;

use ratatui::style::Color;
use wfio::app::WorkerEvent;
use wfio::app::state::{ErrorInfo, ProjectRow};
use wizard::*;

#[test]
fn project_list() {
    let mut w = projects_loaded();
    let text = w.screen_text();
    assert!(text.contains("Connected Creative Services to Video Post"), "the connect toast:\n{text}");
    select_project(&mut w, "Spring Campaign 2027");
    snapshot_all!("project_list", &w.s);
}

#[test]
fn project_list_loading() {
    let w = connected();
    snapshot_all!("project_list_loading", &w.s);
}

#[test]
fn project_list_error() {
    let mut w = connected();
    let request = w.id_of(is_load_projects);
    w.worker(WorkerEvent::Projects {
        request,
        result: Err(ErrorInfo::new("Workfront answered 500 Internal Server Error for GET /project/search.")),
    });
    snapshot_all!("project_list_error", &w.s);
}

#[test]
fn project_search() {
    let mut w = projects_loaded();
    w.ch('/');
    w.type_text("spring");
    snapshot_all!("project_search", &w.s);
}

#[test]
fn project_search_no_match() {
    let mut w = projects_loaded();
    w.ch('/');
    w.type_text("zebra");
    snapshot_all!("project_search_empty", &w.s);
}

#[test]
fn project_create_dialog() {
    let mut w = projects_loaded();
    w.ch('n');
    w.type_text("Launch Film");
    w.press(crossterm::event::KeyCode::Tab);
    w.down(1);
    assert!(w.screen_text().contains("(•) Template: Campaign launch"));
    snapshot_all!("project_create", &w.s);
}

#[test]
fn project_create_empty_name() {
    let mut w = projects_loaded();
    w.ch('n');
    w.enter();
    assert!(w.screen_text().contains("Type a name for the project."));
    snapshot_all!("project_create_empty", &w.s);
}

fn launch_film() -> ProjectRow {
    let default = group_named("Default");
    project(
        "Launch Film",
        ("PLN", "Planning"),
        &default,
        wfio::integration::IconState::None,
        "the project's group is not connected to Frame.io",
    )
}

#[test]
fn project_details_unconnected() {
    // Created from scratch: in the Default group.
    let mut w = projects_loaded();
    w.ch('n');
    w.type_text("Launch Film");
    w.enter();
    let request = w.id_of(is_project_write);
    w.worker(WorkerEvent::ProjectSaved { request, result: Ok(launch_film()) });
    let text = w.screen_text();
    assert!(text.contains("Group:    Default") && text.contains("not connected to Frame.io"), "{text}");
    snapshot_all!("project_details_unconnected", &w.s);
}

#[test]
fn project_details_connected() {
    let w = details_of("Spring Campaign 2027");
    snapshot_all!("project_details_connected", &w.s);
}

#[test]
fn project_dropdown() {
    let mut w = details_of("Website Refresh");
    w.enter();
    snapshot_all!("project_dropdown", &w.s);
    // The connected groups carry the purple glyph in the drop-down.
    let t = render(&w.s, &VARIANTS[0].1);
    let buf = t.backend().buffer();
    assert_eq!(cells_of(buf, "⬢ Creative Services")[0].fg, Color::Magenta);
    assert_eq!(cells_of(buf, "⬢ Marketing")[0].fg, Color::Magenta);
}

#[test]
fn project_details_unsaved() {
    let mut w = details_of("Website Refresh");
    w.enter();
    w.ch('g');
    w.enter();
    assert!(w.screen_text().contains("Unsaved change"));
    snapshot_all!("project_details_unsaved", &w.s);
}

#[test]
fn project_details_saving() {
    let mut w = details_of("Website Refresh");
    w.enter();
    w.ch('g');
    w.enter();
    w.ch('s');
    snapshot_all!("project_details_saving", &w.s);
}

#[test]
fn project_confirm_dialog() {
    let mut w = details_of("Holiday Spot 2026");
    w.enter();
    w.ch('g');
    w.enter();
    w.ch('s');
    assert!(w.screen_text().contains("Change the group?"));
    snapshot_all!("project_confirm", &w.s);
}

#[test]
fn project_save_error() {
    let mut w = details_of("Website Refresh");
    w.enter();
    w.ch('g');
    w.enter();
    w.ch('s');
    let request = w.id_of(is_project_write);
    w.worker(WorkerEvent::ProjectSaved {
        request,
        result: Err(ErrorInfo::new("Workfront refused: you need Manage access to the project to change its group.")),
    });
    snapshot_all!("project_save_error", &w.s);
}
