//! Reducer tests for step 4: search, create (name required, template choice), Project Details,
//! the Group drop-down, Save Changes, the confirmation for generated projects, unsaved changes.

mod wizard;

use crossterm::event::KeyCode;
use wfio::app::state::project::CreateFocus;
use wfio::app::state::{ErrorInfo, ProjectPhase, ProjectRow, Screen};
use wfio::app::{Request, RequestId, WorkerEvent};
use wfio::integration::IconState;
use wizard::*;

fn saved(w: &mut Wizard, row: ProjectRow) {
    let request = w.id_of(is_project_write);
    w.worker(WorkerEvent::ProjectSaved { request, result: Ok(row) });
}

/// Open the drop-down and choose the group called `name`.
fn choose_group(w: &mut Wizard, name: &str) {
    w.enter();
    assert_eq!(w.s.project.phase, ProjectPhase::Dropdown);
    let index = w.s.project.groups().iter().position(|g| g.name == name).unwrap();
    w.ch('g');
    w.down(index);
    w.enter();
    assert_eq!(w.s.project.phase, ProjectPhase::Details);
}

// ---- List and search ------------------------------------------------------------------------

#[test]
fn search_filters_by_name_and_group() {
    let mut w = projects_loaded();
    w.down(3);
    w.ch('/');
    w.type_text("SPRING");
    let names: Vec<String> = w.s.project.visible().iter().map(|p| p.name.clone()).collect();
    assert_eq!(names, vec!["Spring Campaign 2027", "Spring Expo Booth"]);
    assert_eq!(w.s.project.cursor.selected, 0);
    w.ctrl('u');
    w.type_text("default");
    assert_eq!(w.s.project.visible().len(), 2, "matched on the group");
    w.press(KeyCode::Down);
    w.enter();
    assert!(!w.s.project.filtering);
    assert_eq!(w.s.project.selected().unwrap().name, "Website Refresh");
    w.enter();
    assert_eq!(w.s.project.phase, ProjectPhase::Details);
    assert_eq!(w.s.project.current.as_ref().unwrap().name, "Website Refresh");
}

#[test]
fn search_esc_clears() {
    let mut w = projects_loaded();
    w.ch('/');
    w.type_text("zebra");
    assert!(w.s.project.visible().is_empty());
    w.enter();
    w.enter();
    assert_eq!(w.s.project.phase, ProjectPhase::Pick, "Enter on an empty result opens nothing");
    w.ch('/');
    w.esc();
    assert_eq!(w.s.project.visible().len(), 7);
}

#[test]
fn refresh_and_stale_answers() {
    let mut w = projects_loaded();
    w.ch('r');
    let (id, r) = w.only_request();
    assert_eq!(r, Request::LoadProjects);
    w.worker(WorkerEvent::Projects { request: RequestId(id.0 - 1), result: Err(ErrorInfo::new("old")) });
    assert!(w.s.project.data.is_loading(), "an old answer is dropped");
    w.worker(WorkerEvent::Projects { request: id, result: Err(ErrorInfo::new("Workfront answered 500")) });
    assert_eq!(w.s.project.data.error().unwrap().message, "Workfront answered 500");
    assert_eq!(w.s.project.visible().len(), 7, "the list stays");
}

#[test]
fn esc_from_the_list_goes_to_the_dashboard_after_connecting() {
    let mut w = projects_loaded();
    w.esc();
    assert_eq!(w.s.screen, Screen::Home);
    assert_eq!(w.only_request().1, Request::LoadHome);
}

// ---- Create ---------------------------------------------------------------------------------

#[test]
fn create_refuses_an_empty_name() {
    let mut w = projects_loaded();
    w.ch('n');
    assert_eq!(w.s.project.phase, ProjectPhase::Create);
    w.press(KeyCode::Tab);
    w.type_text("   ");
    w.enter();
    assert!(w.made_no_request());
    assert_eq!(w.s.project.error.as_deref(), Some("Type a name for the project."));
    assert_eq!(w.s.project.focus, CreateFocus::Name, "focus returns to the name");
}

#[test]
fn create_from_scratch_or_a_template() {
    let mut w = projects_loaded();
    w.ch('n');
    w.type_text(" Launch Film ");
    w.enter();
    assert_eq!(w.only_request().1, Request::CreateProject { name: "Launch Film".into(), template_id: None });

    let mut w = projects_loaded();
    w.ch('n');
    w.type_text("Launch Film");
    w.press(KeyCode::Tab);
    assert_eq!(w.s.project.focus, CreateFocus::Template);
    w.type_text("xyz");
    assert_eq!(w.s.project.name.text, "Launch Film", "letters are not typed into the name from the template list");
    w.press(KeyCode::Down);
    w.press(KeyCode::Down);
    assert_eq!(w.s.project.chosen_template().unwrap().name, "Video spot");
    w.down(10);
    assert_eq!(w.s.project.template_cursor.selected, 3, "clamped at the last template");
    w.press(KeyCode::Up);
    w.enter();
    assert_eq!(
        w.only_request().1,
        Request::CreateProject { name: "Launch Film".into(), template_id: Some("tmpl-video".into()) }
    );
    w.enter();
    assert!(w.made_no_request(), "one create at a time");
}

#[test]
fn create_error_stays_in_the_dialog() {
    let mut w = projects_loaded();
    w.ch('n');
    w.type_text("Launch Film");
    w.enter();
    let request = w.id_of(is_project_write);
    w.worker(WorkerEvent::ProjectSaved { request, result: Err(ErrorInfo::new("A project named so exists")) });
    assert_eq!(w.s.project.phase, ProjectPhase::Create);
    assert_eq!(w.s.project.error.as_deref(), Some("A project named so exists"));
    assert_eq!(w.s.project.name.text, "Launch Film");
}

#[test]
fn created_project_opens_its_details_in_the_default_group() {
    let mut w = projects_loaded();
    w.ch('n');
    w.type_text("Launch Film");
    w.enter();
    let row = project(
        "Launch Film",
        ("PLN", "Planning"),
        &group_named("Default"),
        IconState::None,
        "the project's group is not connected to Frame.io",
    );
    saved(&mut w, row);
    assert_eq!(w.s.project.phase, ProjectPhase::Details);
    assert_eq!(w.s.project.current.as_ref().unwrap().name, "Launch Film");
    assert!(w.toast().starts_with("Created \"Launch Film\" in Default."), "{}", w.toast());
    let names: Vec<&str> = w.s.project.data.data().unwrap().projects.iter().map(|p| p.name.as_str()).collect();
    assert!(names.windows(2).all(|p| p[0].to_lowercase() <= p[1].to_lowercase()), "sorted: {names:?}");
    assert!(names.contains(&"Launch Film"));
}

#[test]
fn esc_cancels_the_new_project_dialog() {
    let mut w = projects_loaded();
    w.ch('n');
    w.type_text("x");
    w.esc();
    assert_eq!(w.s.project.phase, ProjectPhase::Pick);
    assert_eq!(w.s.screen, Screen::Project);
}

// ---- Details, drop-down, save ---------------------------------------------------------------

#[test]
fn dropdown_opens_on_the_current_group() {
    let mut w = details_of("Website Refresh");
    w.enter();
    let groups = w.s.project.groups();
    assert_eq!(groups[w.s.project.dropdown_cursor.selected].name, "Default");
    w.esc();
    assert_eq!(w.s.project.phase, ProjectPhase::Details);
    assert!(w.s.project.group_choice.is_none(), "Esc in the drop-down changes nothing");
}

#[test]
fn dropdown_navigation_is_clamped() {
    let mut w = details_of("Website Refresh");
    w.enter();
    w.ch('G');
    assert_eq!(w.s.project.dropdown_cursor.selected, 7);
    w.ch('j');
    assert_eq!(w.s.project.dropdown_cursor.selected, 7);
    w.press(KeyCode::Home);
    w.ch('k');
    assert_eq!(w.s.project.dropdown_cursor.selected, 0);
}

#[test]
fn choosing_a_connected_group_is_an_unsaved_change_that_blocks_going_to_tasks() {
    let mut w = details_of("Website Refresh");
    choose_group(&mut w, "Creative Services");
    assert!(w.s.project.dirty());
    assert_eq!(w.s.project.shown_group().unwrap().1, "Creative Services");
    w.ch('5');
    assert_eq!(w.s.screen, Screen::Project);
    assert!(w.toast_is_error());
    assert!(w.toast().contains("Save Changes first"), "{}", w.toast());
    assert!(w.made_no_request());
}

#[test]
fn save_when_unchanged_says_there_is_nothing_to_save() {
    let mut w = details_of("Website Refresh");
    w.ch('s');
    assert!(w.made_no_request());
    assert_eq!(w.toast(), "Nothing to save: choose a group first (Enter).");
    choose_group(&mut w, "Default");
    assert!(!w.s.project.dirty());
    w.ch('s');
    assert!(w.made_no_request());
    assert_eq!(w.toast(), "Nothing to save: that is already the project's group.");
}

#[test]
fn save_changes_sends_the_new_group_and_shows_the_result() {
    let mut w = details_of("Website Refresh");
    choose_group(&mut w, "Creative Services");
    w.ch('s');
    assert_eq!(
        w.only_request().1,
        Request::SetProjectGroup {
            project_id: "proj-website-refresh".into(),
            group_id: "grp-creative-services".into()
        }
    );
    w.ch('s');
    assert!(w.made_no_request(), "one save at a time");
    let row = project(
        "Website Refresh",
        ("PLN", "Planning"),
        &creative_connected(),
        IconState::None,
        "no task is Active yet",
    );
    saved(&mut w, row);
    assert!(!w.s.project.dirty());
    assert!(w.s.project.current.as_ref().unwrap().group_connected);
    assert!(w.toast().contains("Saved: \"Website Refresh\" is in Creative Services (connected)"), "{}", w.toast());
    assert!(w.s.steps_done()[3]);
    // Now step 5 opens.
    w.ch('5');
    assert_eq!(w.s.screen, Screen::Tasks);
    assert_eq!(w.only_request().1, Request::LoadTasks { project_id: "proj-website-refresh".into() });
}

#[test]
fn saving_to_an_unconnected_group_says_the_form_will_be_missing() {
    let mut w = details_of("Spring Campaign 2027");
    choose_group(&mut w, "Events");
    w.ch('s');
    let row = project("Spring Campaign 2027", ("PLN", "Planning"), &group_named("Events"), IconState::None, "");
    saved(&mut w, row);
    assert!(w.toast().contains("Events is not connected: no Frame.io form"), "{}", w.toast());
}

#[test]
fn save_error_is_shown_and_the_change_kept() {
    let mut w = details_of("Website Refresh");
    choose_group(&mut w, "Creative Services");
    w.ch('s');
    let request = w.id_of(is_project_write);
    w.worker(WorkerEvent::ProjectSaved { request, result: Err(ErrorInfo::new("no Manage access")) });
    assert_eq!(w.s.project.error.as_deref(), Some("no Manage access"));
    assert!(w.s.project.dirty(), "the unsaved choice stays");
    assert!(w.s.project.pending.is_none());
}

#[test]
fn stale_save_answer_is_ignored() {
    let mut w = details_of("Website Refresh");
    choose_group(&mut w, "Creative Services");
    w.ch('s');
    let request = w.id_of(is_project_write);
    w.worker(WorkerEvent::ProjectSaved { request: RequestId(request.0 + 5), result: Err(ErrorInfo::new("x")) });
    assert_eq!(w.s.project.pending, Some(request));
    assert!(w.s.project.error.is_none());
}

#[test]
fn generated_project_asks_before_changing_its_group() {
    let mut w = details_of("Holiday Spot 2026");
    assert!(w.s.project.current.as_ref().unwrap().generated);
    choose_group(&mut w, "Creative Services");
    w.ch('s');
    assert!(w.made_no_request());
    assert_eq!(w.s.project.phase, ProjectPhase::ConfirmGroup);
    // n keeps things as they are.
    w.ch('n');
    assert_eq!(w.s.project.phase, ProjectPhase::Details);
    assert!(w.s.project.group_choice.is_none());
    assert!(!w.s.project.dirty());
    // Again, and Esc is no too.
    choose_group(&mut w, "Creative Services");
    w.ch('s');
    w.esc();
    assert_eq!(w.s.project.phase, ProjectPhase::Details);
    assert!(w.s.project.group_choice.is_none());
    // y goes ahead.
    choose_group(&mut w, "Creative Services");
    w.ch('s');
    w.ch('x');
    assert_eq!(w.s.project.phase, ProjectPhase::ConfirmGroup, "other keys do nothing");
    w.ch('y');
    assert!(
        matches!(w.only_request().1, Request::SetProjectGroup { group_id, .. } if group_id == "grp-creative-services")
    );
    assert_eq!(w.s.project.phase, ProjectPhase::Details);
}

#[test]
fn esc_from_details_drops_the_unsaved_choice() {
    let mut w = details_of("Website Refresh");
    choose_group(&mut w, "Creative Services");
    w.esc();
    assert_eq!(w.s.project.phase, ProjectPhase::Pick);
    assert!(w.s.project.group_choice.is_none());
}

#[test]
fn connected_project_goes_straight_to_tasks() {
    let mut w = details_of("Spring Campaign 2027");
    w.ch('5');
    assert_eq!(w.s.screen, Screen::Tasks);
}

#[test]
fn a_reload_refreshes_the_project_being_set_up() {
    let mut w = details_of("Spring Campaign 2027");
    w.esc();
    w.ch('r');
    let request = w.id_of(is_load_projects);
    let mut data = projects_data();
    for p in &mut data.projects {
        if p.name == "Spring Campaign 2027" {
            p.icon = IconState::Connected;
            p.generated = true;
        }
    }
    w.worker(WorkerEvent::Projects { request, result: Ok(data) });
    let current = w.s.project.current.as_ref().unwrap();
    assert_eq!(current.icon, IconState::Connected);
    assert!(current.generated);
}

// ---- Bugs -----------------------------------------------------------------------------------

#[test]

fn a_reload_while_a_project_sub_list_is_open_keeps_its_cursor_in_range() {
    // The drop-down: opened on a stale list while a reload is in flight.
    let mut w = projects_loaded();
    select_project(&mut w, "Website Refresh");
    w.ch('r');
    w.enter();
    w.enter();
    w.ch('G');
    let request = w.id_of(is_load_projects);
    let mut fewer = projects_data();
    fewer.groups.truncate(2);
    w.worker(WorkerEvent::Projects { request, result: Ok(fewer) });
    assert!(w.s.project.dropdown_cursor.selected < 2, "{:?}", w.s.project.dropdown_cursor);

    // The new-project dialog: the third template chosen, then the reload drops one.
    let mut w = projects_loaded();
    w.ch('r');
    w.ch('n');
    w.type_text("Launch Film");
    w.press(KeyCode::Tab);
    w.down(3);
    assert_eq!(w.s.project.chosen_template().unwrap().name, "Social series");
    let request = w.id_of(is_load_projects);
    let mut fewer = projects_data();
    fewer.templates.truncate(2);
    w.worker(WorkerEvent::Projects { request, result: Ok(fewer) });
    w.enter();
    let Request::CreateProject { template_id, .. } = w.only_request().1 else { panic!() };
    assert!(template_id.is_some(), "the user chose a template; the project must not be created from scratch");
}
