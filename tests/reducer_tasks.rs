//! Reducer tests for step 5: selection (subtasks refused), the integration form (unavailable while
//! the group is not connected), new tasks, the assignment picker, uploads with path completion.

mod wizard;

use std::path::PathBuf;

use crossterm::event::KeyCode;
use wfio::app::state::{ErrorInfo, Screen, TasksMode};
use wfio::app::{Command, Request, RequestId, WorkerEvent};
use wfio::integration::IconState;
use wfio::integration::projects::Assignee;
use wizard::*;

fn changed(w: &mut Wizard, result: Result<String, ErrorInfo>) {
    let request = w.id_of(is_task_write);
    w.worker(WorkerEvent::TasksChanged { request, result });
}

fn with_people(w: &mut Wizard) {
    w.ch('u');
    let request = w.id_of(is_load_people);
    w.worker(WorkerEvent::People { request, result: Ok(people()) });
}

// ---- Selection ------------------------------------------------------------------------------

#[test]
fn space_toggles_and_moves_on() {
    let mut w = tasks_loaded();
    w.ch(' ');
    assert!(w.s.tasks.selected.contains("task-brief"));
    assert_eq!(w.s.tasks.cursor.selected, 1, "the cursor moves to the next task");
    w.press(KeyCode::Up);
    w.ch(' ');
    assert!(w.s.tasks.selected.is_empty(), "Space again unselects");
}

#[test]
fn a_subtask_cannot_be_selected() {
    let mut w = tasks_loaded();
    w.down(2);
    assert!(w.s.tasks.current().unwrap().is_subtask);
    w.ch(' ');
    assert!(w.s.tasks.selected.is_empty());
    assert!(w.toast_is_error());
    assert!(w.toast().starts_with("Subtasks are not supported"), "{}", w.toast());
}

#[test]
fn a_selects_every_top_level_task_and_says_which_were_left_out() {
    let mut w = tasks_loaded();
    w.ch('a');
    let ids: Vec<&str> = w.s.tasks.selected.iter().map(String::as_str).collect();
    assert_eq!(ids, vec!["task-approve", "task-brief", "task-cut", "task-story"]);
    assert_eq!(w.toast(), "Selected every top-level task; 2 subtask(s) left out: not supported.");
    w.ch('a');
    assert!(w.s.tasks.selected.is_empty(), "a again selects none");
}

#[test]
fn a_without_subtasks_says_nothing() {
    let mut w = tasks_loaded_with(tasks_unconnected());
    w.ch('a');
    assert_eq!(w.s.tasks.selected.len(), 2);
    assert!(w.s.toast.is_none());
}

#[test]
fn reload_keeps_the_selection_of_tasks_that_still_exist() {
    let mut w = tasks_loaded();
    w.ch('a');
    w.ch('r');
    let request = w.id_of(is_load_tasks);
    let mut data = tasks_data();
    data.tasks.retain(|t| t.id != "task-approve");
    data.project.icon = IconState::Connected;
    w.worker(WorkerEvent::Tasks { request, result: Ok(data) });
    assert_eq!(w.s.tasks.selected.len(), 3);
    assert!(!w.s.tasks.selected.contains("task-approve"));
    assert_eq!(w.s.project.current.as_ref().unwrap().icon, IconState::Connected, "the wizard's copy follows");
}

// ---- The integration form -------------------------------------------------------------------

#[test]
fn form_is_unavailable_while_the_group_is_not_connected() {
    let mut w = tasks_loaded_with(tasks_unconnected());
    w.ch('e');
    assert_eq!(w.s.tasks.mode, TasksMode::List);
    assert!(w.toast_is_error());
    let t = w.toast();
    assert!(t.contains("unavailable") && t.contains("\"Default\" is not connected") && t.contains("step 4"), "{t}");
}

#[test]
fn form_on_a_subtask_is_refused() {
    let mut w = tasks_loaded();
    w.down(3);
    w.ch('e');
    assert_eq!(w.s.tasks.mode, TasksMode::List);
    assert!(w.toast().starts_with("Subtasks are not supported"));
}

#[test]
fn form_proposes_active_for_inactive_tasks_and_toggles() {
    let mut w = tasks_loaded();
    w.down(1);
    w.ch('e');
    assert_eq!(w.s.tasks.mode, TasksMode::Form { active: true });
    for key in [KeyCode::Char(' '), KeyCode::Left, KeyCode::Right, KeyCode::Tab] {
        let before = w.s.tasks.mode.clone();
        w.press(key);
        assert_ne!(w.s.tasks.mode, before, "{key:?} toggles");
    }
    w.esc();
    assert_eq!(w.s.tasks.mode, TasksMode::List);
    assert!(w.made_no_request(), "Esc cancels");
}

#[test]
fn enter_on_the_cursor_task_opens_the_form_too() {
    let mut w = tasks_loaded();
    w.enter();
    assert_eq!(w.s.tasks.mode, TasksMode::Form { active: true }, "an Active task shows Active");
}

#[test]
fn saving_the_form_writes_the_selected_tasks() {
    let mut w = tasks_loaded();
    w.down(1);
    w.ch(' ');
    w.ch('G');
    w.ch(' ');
    w.ch('e');
    w.ch('s');
    let (id, r) = w.only_request();
    assert_eq!(r, Request::SetTaskStatus { task_ids: vec!["task-story".into(), "task-approve".into()], active: true });
    assert_eq!(w.s.tasks.pending, Some(id));
    assert_eq!(w.s.tasks.mode, TasksMode::List);
    changed(&mut w, Ok("2 tasks set to Active.".into()));
    assert_eq!(w.toast(), "2 tasks set to Active.");
    assert_eq!(w.only_request().1, Request::LoadTasks { project_id: "proj-spring-campaign-2027".into() });
}

#[test]
fn a_second_write_waits_for_the_first() {
    let mut w = tasks_loaded();
    w.ch('e');
    w.enter();
    assert!(matches!(w.only_request().1, Request::SetTaskStatus { .. }));
    w.ch('n');
    w.type_text("Color grade");
    w.enter();
    assert!(w.made_no_request());
    assert!(w.toast().contains("Still saving"), "{}", w.toast());
}

#[test]
fn write_error_is_shown_and_the_list_reloads() {
    let mut w = tasks_loaded();
    w.ch('e');
    w.enter();
    changed(&mut w, Err(ErrorInfo::new("Workfront refused the custom form")));
    assert!(w.toast_is_error());
    assert_eq!(w.toast(), "Workfront refused the custom form");
    assert!(w.s.tasks.pending.is_none());
}

#[test]
fn stale_write_answer_is_ignored() {
    let mut w = tasks_loaded();
    w.ch('e');
    w.enter();
    let request = w.id_of(is_task_write);
    w.worker(WorkerEvent::TasksChanged { request: RequestId(request.0 + 9), result: Ok("x".into()) });
    assert_eq!(w.s.tasks.pending, Some(request));
    assert!(w.made_no_request());
}

// ---- New task -------------------------------------------------------------------------------

#[test]
fn new_task_needs_a_name_and_q_is_typed() {
    let mut w = tasks_loaded();
    w.ch('n');
    w.enter();
    assert!(w.made_no_request());
    assert!(w.toast().contains("Type a name for the task"));
    w.type_text(" quick edit ");
    assert!(matches!(&w.s.tasks.mode, TasksMode::NewTask(f) if f.text == " quick edit "));
    w.enter();
    assert_eq!(
        w.only_request().1,
        Request::CreateTask { project_id: "proj-spring-campaign-2027".into(), name: "quick edit".into() }
    );
    assert_eq!(w.s.tasks.mode, TasksMode::List);
}

// ---- Assign ---------------------------------------------------------------------------------

#[test]
fn assign_loads_people_once_and_filters() {
    let mut w = tasks_loaded();
    w.ch('u');
    assert_eq!(w.only_request().1, Request::LoadPeople);
    let request = w.id_of(is_load_people);
    w.worker(WorkerEvent::People { request, result: Ok(people()) });
    let picks = w.s.tasks.people.data().unwrap().picks("");
    assert_eq!(picks.len(), 13, "4 teams then 9 users");
    w.type_text("north");
    let TasksMode::Assign { filter, cursor } = &w.s.tasks.mode else { panic!() };
    assert_eq!(filter.text, "north");
    assert_eq!(cursor.selected, 0);
    assert_eq!(w.s.tasks.people.data().unwrap().picks("north").len(), 8, "by email");
    w.esc();
    w.ch('u');
    assert!(w.made_no_request(), "people are read once");
}

#[test]
fn assign_a_user_to_the_cursor_task() {
    let mut w = tasks_loaded();
    with_people(&mut w);
    w.type_text("blake");
    w.enter();
    assert_eq!(
        w.only_request().1,
        Request::Assign {
            task_ids: vec!["task-brief".into()],
            who: Assignee::User("usr-blake".into()),
            label: "Blake Rivera".into()
        }
    );
}

#[test]
fn assign_a_team_to_the_selection() {
    let mut w = tasks_loaded();
    w.ch('a');
    with_people(&mut w);
    w.type_text("team");
    w.down(1);
    w.enter();
    let Request::Assign { task_ids, who, label } = w.only_request().1 else { panic!() };
    assert_eq!(task_ids.len(), 4);
    assert_eq!(who, Assignee::Team("team-video".into()));
    assert_eq!(label, "the team Video Team");
}

#[test]
fn assign_picker_cursor_is_clamped_and_empty_search_assigns_nothing() {
    let mut w = tasks_loaded();
    with_people(&mut w);
    w.down(40);
    let TasksMode::Assign { cursor, .. } = &w.s.tasks.mode else { panic!() };
    assert_eq!(cursor.selected, 12);
    w.type_text("nobody-like-this");
    w.enter();
    assert!(w.made_no_request());
}

#[test]
fn people_error_closes_the_picker_with_the_message() {
    let mut w = tasks_loaded();
    w.ch('u');
    let request = w.id_of(is_load_people);
    w.worker(WorkerEvent::People { request, result: Err(ErrorInfo::new("cannot list users")) });
    assert_eq!(w.s.tasks.mode, TasksMode::List);
    assert_eq!(w.toast(), "cannot list users");
}

// ---- Upload ---------------------------------------------------------------------------------

fn upload_dialog(w: &mut Wizard, typed: &str) {
    w.ch('d');
    w.type_text(typed);
}

#[test]
fn tab_completes_to_the_longest_common_prefix() {
    let mut w = tasks_loaded();
    upload_dialog(&mut w, "~/Deliverables/sp");
    w.press(KeyCode::Tab);
    assert_eq!(w.only_request().1, Request::CompletePath { partial: "~/Deliverables/sp".into() });
    let request = w.id_of(is_complete);
    let candidates = vec!["~/Deliverables/spring/brief.pdf".to_string(), "~/Deliverables/spring/brief.txt".into()];
    w.worker(WorkerEvent::Completions { request, candidates: candidates.clone() });
    let TasksMode::Upload { path, completions } = &w.s.tasks.mode else { panic!() };
    assert_eq!(path.text, "~/Deliverables/spring/brief.");
    assert_eq!(completions, &candidates, "several candidates are listed");
    // One candidate: completed, no list.
    w.ch('p');
    w.press(KeyCode::Tab);
    let request = w.id_of(is_complete);
    w.worker(WorkerEvent::Completions { request, candidates: vec!["~/Deliverables/spring/brief.pdf".into()] });
    let TasksMode::Upload { path, completions } = &w.s.tasks.mode else { panic!() };
    assert_eq!(path.text, "~/Deliverables/spring/brief.pdf");
    assert!(completions.is_empty());
}

#[test]
fn completion_never_shortens_what_was_typed() {
    let mut w = tasks_loaded();
    upload_dialog(&mut w, "/tmp/brief");
    w.press(KeyCode::Tab);
    let request = w.id_of(is_complete);
    w.worker(WorkerEvent::Completions { request, candidates: vec!["/tmp/a".into(), "/tmp/b".into()] });
    let TasksMode::Upload { path, .. } = &w.s.tasks.mode else { panic!() };
    assert_eq!(path.text, "/tmp/brief");
    // Non-ASCII names complete on character boundaries.
    let mut w = tasks_loaded();
    upload_dialog(&mut w, "/tmp/");
    w.press(KeyCode::Tab);
    let request = w.id_of(is_complete);
    w.worker(WorkerEvent::Completions {
        request, candidates: vec!["/tmp/été-1.mov".into(), "/tmp/été-2.mov".into()]
    });
    let TasksMode::Upload { path, .. } = &w.s.tasks.mode else { panic!() };
    assert_eq!(path.text, "/tmp/été-");
}

#[test]
fn old_completion_answers_are_dropped() {
    let mut w = tasks_loaded();
    upload_dialog(&mut w, "/tmp/b");
    w.press(KeyCode::Tab);
    let first = w.id_of(is_complete);
    w.press(KeyCode::Tab);
    w.worker(WorkerEvent::Completions { request: first, candidates: vec!["/tmp/brief.pdf".into()] });
    let TasksMode::Upload { path, .. } = &w.s.tasks.mode else { panic!() };
    assert_eq!(path.text, "/tmp/b");
}

#[test]
fn upload_needs_a_path_then_runs_with_progress() {
    let mut w = tasks_loaded();
    upload_dialog(&mut w, "  ");
    w.enter();
    assert!(w.made_no_request());
    assert!(w.toast().contains("Type the path of a file"));
    w.ctrl('u');
    w.type_text("~/Deliverables/spring/rough-cut-v3.mov");
    w.enter();
    let (id, r) = w.only_request();
    assert_eq!(
        r,
        Request::Upload {
            project_id: "proj-spring-campaign-2027".into(),
            path: PathBuf::from("~/Deliverables/spring/rough-cut-v3.mov")
        }
    );
    assert_eq!(w.s.tasks.mode, TasksMode::List);
    let u = w.s.tasks.upload.clone().unwrap();
    assert_eq!((u.name.as_str(), u.done, u.total), ("rough-cut-v3.mov", 0, 0));
    w.worker(WorkerEvent::UploadProgress { request: id, done: 1_000, total: 48_300_000 });
    w.worker(WorkerEvent::UploadProgress { request: RequestId(id.0 + 1), done: 9, total: 9 });
    let u = w.s.tasks.upload.clone().unwrap();
    assert_eq!((u.done, u.total), (1_000, 48_300_000), "progress of another request is ignored");
    // A second upload waits.
    upload_dialog(&mut w, "/tmp/other.pdf");
    w.enter();
    assert!(w.made_no_request());
    assert!(w.toast().contains("already running"));
    w.esc();
    w.worker(WorkerEvent::Uploaded { request: id, result: Ok("Uploaded rough-cut-v3.mov (48.3 MB)".into()) });
    assert!(w.s.tasks.upload.is_none());
    assert_eq!(w.toast(), "Uploaded rough-cut-v3.mov (48.3 MB)");
    assert!(matches!(w.only_request().1, Request::LoadTasks { .. }), "the document list reloads");
}

#[test]
fn upload_error_is_shown() {
    let mut w = tasks_loaded();
    upload_dialog(&mut w, "/nope.mov");
    w.enter();
    let request = w.id_of(is_upload);
    w.worker(WorkerEvent::Uploaded { request: RequestId(request.0 + 1), result: Ok("x".into()) });
    assert!(w.s.tasks.upload.is_some(), "another request's answer is ignored");
    w.worker(WorkerEvent::Uploaded { request, result: Err(ErrorInfo::new("/nope.mov: no such file")) });
    assert!(w.s.tasks.upload.is_none());
    assert!(w.toast_is_error());
    assert!(w.made_no_request());
}

// ---- Navigation -----------------------------------------------------------------------------

#[test]
fn six_goes_to_the_status_step_and_esc_back() {
    let mut w = tasks_loaded();
    w.ch('6');
    assert_eq!(w.s.screen, Screen::Status);
    w.esc();
    assert_eq!(w.s.screen, Screen::Tasks);
    w.esc();
    assert_eq!(w.s.screen, Screen::Home);
}

#[test]
fn q_quits_from_the_list_but_not_from_a_field() {
    let mut w = tasks_loaded();
    w.ch('d');
    assert!(w.ch('q').is_empty());
    w.esc();
    assert_eq!(w.ch('q'), &[Command::Quit]);
}

#[test]
fn another_projects_tasks_start_afresh() {
    let mut w = tasks_loaded();
    w.ch('a');
    w.esc();
    // Open Holiday Spot instead.
    let request = w.id_of(is_load_home);
    let mut home = home_data();
    home.projects.insert(0, tasks_data().project);
    w.worker(WorkerEvent::Home { request, result: Ok(home) });
    w.down(1);
    w.enter();
    assert!(w.s.tasks.selected.is_empty(), "no selection carried over to another project");
    assert!(w.s.tasks.data.data().is_none());
}

// ---- Bugs -----------------------------------------------------------------------------------

#[test]

fn completion_answered_after_more_typing_is_dropped() {
    let mut w = tasks_loaded();
    upload_dialog(&mut w, "/tmp/b");
    w.press(KeyCode::Tab);
    let request = w.id_of(is_complete);
    w.type_text("x");
    w.worker(WorkerEvent::Completions { request, candidates: vec!["/tmp/brief.pdf".into(), "/tmp/brief.txt".into()] });
    let TasksMode::Upload { path, .. } = &w.s.tasks.mode else { panic!() };
    assert_eq!(path.text, "/tmp/bx", "what the user typed after Tab is kept");
}

#[test]

fn a_finished_upload_does_not_close_an_open_dialog() {
    let mut w = tasks_loaded();
    upload_dialog(&mut w, "/tmp/brief.pdf");
    w.enter();
    let request = w.id_of(is_upload);
    w.ch('n');
    w.type_text("Color grade");
    w.worker(WorkerEvent::Uploaded { request, result: Ok("Uploaded brief.pdf (2.4 KB)".into()) });
    assert!(
        matches!(&w.s.tasks.mode, TasksMode::NewTask(f) if f.text == "Color grade"),
        "the new-task dialog and its text survive: {:?}",
        w.s.tasks.mode
    );
}

#[test]

fn form_on_a_mixed_selection_proposes_active() {
    let mut w = tasks_loaded();
    w.ch('a');
    w.ch('e');
    assert_eq!(w.s.tasks.mode, TasksMode::Form { active: true });
}
