//! Snapshots of step 5: the task tree with subtasks, a selection, the Frame.io integration form,
//! the assignment picker, the upload path with completions, the upload progress bar, a project
//! whose group is not connected.

#[macro_use]
mod wizard;

use crossterm::event::KeyCode;
use ratatui::style::Color;
use wfio::app::WorkerEvent;
use wfio::app::state::ErrorInfo;
use wizard::*;

#[test]
fn tasks_tree() {
    let w = tasks_loaded();
    let text = w.screen_text();
    assert!(text.contains("└ Frames 1-12") && text.contains("subtask: not supported"), "{text}");
    snapshot_all!("tasks_tree", &w.s);
}

#[test]
fn tasks_loading() {
    let mut home = home_data();
    home.projects.insert(0, tasks_data().project);
    let mut w = home_loaded_with(home);
    w.enter();
    snapshot_all!("tasks_loading", &w.s);
}

#[test]
fn tasks_error() {
    let mut home = home_data();
    home.projects.insert(0, tasks_data().project);
    let mut w = home_loaded_with(home);
    w.enter();
    let request = w.id_of(is_load_tasks);
    w.worker(WorkerEvent::Tasks {
        request,
        result: Err(ErrorInfo::new("Workfront answered 403: you do not have access to this project's tasks.")),
    });
    snapshot_all!("tasks_error", &w.s);
}

#[test]
fn tasks_selection() {
    let mut w = tasks_loaded();
    w.ch(' ');
    w.ch('G');
    w.ch(' ');
    assert_eq!(w.s.tasks.selected.len(), 2);
    snapshot_all!("tasks_selection", &w.s);
}

#[test]
fn tasks_select_all_leaves_subtasks_out() {
    let mut w = tasks_loaded();
    w.ch('a');
    assert!(w.screen_text().contains("2 subtask(s) left out"));
    snapshot_all!("tasks_select_all", &w.s);
}

#[test]
fn tasks_subtask_refused() {
    let mut w = tasks_loaded();
    w.down(2);
    w.ch(' ');
    snapshot_all!("tasks_subtask_refused", &w.s);
}

#[test]
fn tasks_form() {
    let mut w = tasks_loaded();
    w.ch('a');
    w.ch('e');
    assert!(w.screen_text().contains("This task's integration status"));
    snapshot_all!("tasks_form", &w.s);
}

#[test]
fn tasks_new_task() {
    let mut w = tasks_loaded();
    w.ch('n');
    w.type_text("Color grade");
    snapshot_all!("tasks_new", &w.s);
}

#[test]
fn tasks_assign_picker_loading() {
    let mut w = tasks_loaded();
    w.ch('u');
    snapshot_all!("tasks_assign_loading", &w.s);
}

#[test]
fn tasks_assign_picker() {
    let mut w = tasks_loaded();
    w.ch('u');
    let request = w.id_of(is_load_people);
    w.worker(WorkerEvent::People { request, result: Ok(people()) });
    w.type_text("northwind");
    w.down(1);
    snapshot_all!("tasks_assign", &w.s);
}

#[test]
fn tasks_upload_path_with_completions() {
    let mut w = tasks_loaded();
    w.ch('d');
    w.type_text("~/Deliverables/spring/ca");
    w.press(KeyCode::Tab);
    let request = w.id_of(is_complete);
    w.worker(WorkerEvent::Completions {
        request,
        candidates: vec![
            "~/Deliverables/spring/campaign-brief-v2.pdf".into(),
            "~/Deliverables/spring/campaign-brief-v3.pdf".into(),
            "~/Deliverables/spring/campaign-cutdowns/".into(),
        ],
    });
    assert!(w.screen_text().contains("File: ~/Deliverables/spring/campaign-"));
    snapshot_all!("tasks_upload_path", &w.s);
}

#[test]
fn tasks_upload_progress() {
    let mut w = tasks_loaded();
    w.ch('d');
    w.type_text("~/Deliverables/spring/rough-cut-v3.mov");
    w.enter();
    let request = w.id_of(is_upload);
    w.worker(WorkerEvent::UploadProgress { request, done: 19_320_000, total: 48_300_000 });
    let text = w.screen_text();
    assert!(text.contains("Uploading rough-cut-v3.mov 19.3 MB / 48.3 MB"), "{text}");
    snapshot_all!("tasks_upload_progress", &w.s);
}

#[test]
fn tasks_group_not_connected() {
    let mut w = tasks_loaded_with(tasks_unconnected());
    w.ch('e');
    let text = w.screen_text();
    assert!(text.contains("not connected"), "{text}");
    snapshot_all!("tasks_not_connected", &w.s);
}

#[test]
fn tasks_active_are_purple_and_subtasks_grey() {
    let w = tasks_loaded();
    let t = render(&w.s, &VARIANTS[0].1);
    let buf = t.backend().buffer();
    assert_eq!(cells_of(buf, "Active")[0].fg, Color::Magenta);
    assert_eq!(cells_of(buf, "Frames 1-12")[0].fg, Color::DarkGray);
    let mono = render(&w.s, &VARIANTS[2].1);
    assert!(no_colour_anywhere(mono.backend().buffer()));
}
