//! Reducer tests for the dashboard and step 1 (the group list): navigation, filter, the
//! create-group prompt and its validation, Workfront's errors, stale answers, connecting.

mod wizard;

use crossterm::event::KeyCode;
use wfio::app::state::{ErrorInfo, HomeData, Screen};
use wfio::app::{Command, Request, WorkerEvent};
use wizard::*;

// ---- Home -----------------------------------------------------------------------------------

#[test]
fn start_loads_the_dashboard() {
    let w = Wizard::new();
    assert_eq!(w.s.screen, Screen::Home);
    assert!(w.s.home.data.is_loading());
    assert!(matches!(w.requests.as_slice(), [(_, Request::LoadHome)]));
    assert!(w.s.busy());
}

#[test]
fn dashboard_answer_fills_the_list() {
    let w = home_loaded();
    assert_eq!(w.s.home.data.data().unwrap().projects.len(), 5);
    assert_eq!(w.s.home.cursor.selected, 0);
    assert!(!w.s.busy());
}

#[test]
fn dashboard_navigation_stays_in_the_list() {
    let mut w = home_loaded();
    w.ch('j');
    w.press(KeyCode::Down);
    assert_eq!(w.s.home.cursor.selected, 2);
    w.down(10);
    assert_eq!(w.s.home.cursor.selected, 4, "clamped at the last project");
    w.ch('k');
    assert_eq!(w.s.home.cursor.selected, 3);
    w.press(KeyCode::PageUp);
    assert_eq!(w.s.home.cursor.selected, 0);
    w.press(KeyCode::PageDown);
    assert_eq!(w.s.home.cursor.selected, 4);
    w.press(KeyCode::Up);
    w.press(KeyCode::Up);
    assert_eq!(w.s.home.selected().unwrap().name, "Product Teaser");
}

#[test]
fn enter_opens_the_selected_projects_tasks() {
    let mut w = home_loaded();
    w.down(1);
    w.enter();
    assert_eq!(w.s.screen, Screen::Tasks);
    assert_eq!(w.s.history, vec![Screen::Home]);
    let (_, r) = w.only_request();
    assert_eq!(r, Request::LoadTasks { project_id: "proj-spring-campaign-2027".into() });
    assert_eq!(w.s.project.current.as_ref().unwrap().name, "Spring Campaign 2027");
}

#[test]
fn six_opens_the_status_switch_of_the_selected_project() {
    let mut w = home_loaded();
    w.ch('6');
    assert_eq!(w.s.screen, Screen::Status);
    assert!(matches!(w.only_request().1, Request::Preview { project_id } if project_id == "proj-holiday-spot-2026"));
}

#[test]
fn no_project_yet_says_what_to_do() {
    let mut w = home_loaded_with(HomeData { groups: groups(), projects: vec![] });
    w.enter();
    assert_eq!(w.s.screen, Screen::Home);
    assert!(w.toast_is_error());
    assert!(w.toast().contains("press 4"), "{}", w.toast());
    w.ch('6');
    assert_eq!(w.s.screen, Screen::Home);
    assert!(w.made_no_request());
}

#[test]
fn one_and_four_open_groups_and_projects() {
    let mut w = home_loaded();
    w.ch('1');
    assert_eq!(w.s.screen, Screen::Groups);
    assert_eq!(w.only_request().1, Request::LoadGroups);
    w.esc();
    assert_eq!(w.s.screen, Screen::Home);
    assert_eq!(w.only_request().1, Request::LoadHome, "the dashboard refreshes on return");
    w.ch('4');
    assert_eq!(w.s.screen, Screen::Project);
    assert_eq!(w.only_request().1, Request::LoadProjects);
}

#[test]
fn refresh_keeps_the_list_on_screen_while_loading() {
    let mut w = home_loaded();
    w.down(2);
    w.ch('r');
    assert!(w.s.home.data.is_loading());
    assert_eq!(w.s.home.data.data().unwrap().projects.len(), 5, "stale data stays on screen");
    let request = w.id_of(is_load_home);
    let mut fewer = home_data();
    fewer.projects.truncate(2);
    w.worker(WorkerEvent::Home { request, result: Ok(fewer) });
    assert_eq!(w.s.home.cursor.selected, 1, "the cursor follows a shorter list");
}

#[test]
fn dashboard_error_keeps_what_was_shown() {
    let mut w = home_loaded();
    w.ch('r');
    let request = w.id_of(is_load_home);
    w.worker(WorkerEvent::Home { request, result: Err(ErrorInfo::new("connection refused")) });
    assert_eq!(w.s.home.data.error().unwrap().message, "connection refused");
    assert_eq!(w.s.home.data.data().unwrap().projects.len(), 5);
    assert!(w.screen_text().contains("Could not read Workfront"));
}

#[test]
fn stale_dashboard_answer_is_dropped() {
    let mut w = Wizard::new();
    let first = w.id_of(is_load_home);
    w.ch('r');
    let second = w.id_of(is_load_home);
    assert_ne!(first, second);
    w.worker(WorkerEvent::Home { request: first, result: Ok(HomeData::default()) });
    assert!(w.s.home.data.is_loading(), "an answer to the old request is dropped");
    w.worker(WorkerEvent::Home { request: second, result: Ok(home_data()) });
    assert_eq!(w.s.home.data.data().unwrap().projects.len(), 5);
}

#[test]
fn q_quits_from_the_dashboard_and_esc_does_not() {
    let mut w = home_loaded();
    assert!(w.esc().is_empty(), "Esc means back everywhere; the dashboard is the top (issue 19)");
    assert_eq!(w.ch('q'), &[Command::Quit]);
}

// ---- Groups: list and filter ----------------------------------------------------------------

#[test]
fn group_list_navigation() {
    let mut w = groups_loaded();
    assert_eq!(w.s.groups.selected().unwrap().name, "Creative Services");
    w.ch('G');
    assert_eq!(w.s.groups.selected().unwrap().name, "Video Production");
    w.ch('j');
    assert_eq!(w.s.groups.cursor.selected, 7, "clamped");
    w.ch('g');
    assert_eq!(w.s.groups.cursor.selected, 0);
    w.press(KeyCode::End);
    w.press(KeyCode::Home);
    assert_eq!(w.s.groups.cursor.selected, 0);
}

#[test]
fn filter_matches_name_team_and_account_case_insensitively() {
    let mut w = groups_loaded();
    w.ch('j');
    w.ch('/');
    assert!(w.s.groups.filtering);
    w.type_text("STUDIO");
    let names: Vec<String> = w.s.groups.visible().iter().map(|g| g.name.clone()).collect();
    assert_eq!(names, vec!["Marketing"], "matched on the team and account");
    assert_eq!(w.s.groups.cursor.selected, 0, "typing resets the cursor");
    w.press(KeyCode::Backspace);
    assert_eq!(w.s.groups.filter.text, "STUDI");
    w.ctrl('u');
    assert!(w.s.groups.filter.text.is_empty(), "Ctrl-U clears the field");
    w.type_text("media");
    assert_eq!(w.s.groups.visible()[0].name, "Social Media");
    // j is typed, not a move, while filtering.
    w.ch('j');
    assert_eq!(w.s.groups.filter.text, "mediaj");
    assert!(w.s.groups.visible().is_empty());
}

#[test]
fn filter_enter_keeps_it_and_esc_clears_it() {
    let mut w = groups_loaded();
    w.ch('/');
    w.type_text("s");
    let n = w.s.groups.visible().len();
    w.enter();
    assert!(!w.s.groups.filtering);
    assert_eq!(w.s.groups.visible().len(), n, "the filter stays applied");
    assert_eq!(w.s.screen, Screen::Groups, "Enter in the filter does not connect");
    w.ch('/');
    w.esc();
    assert!(!w.s.groups.filtering);
    assert!(w.s.groups.filter.text.is_empty());
    assert_eq!(w.s.groups.visible().len(), 8);
}

#[test]
fn group_load_error_then_retry() {
    let mut w = groups_loading();
    let request = w.id_of(is_load_groups);
    w.worker(WorkerEvent::Groups { request, result: Err(ErrorInfo::new("Workfront answered 503")) });
    assert!(w.s.groups.groups.error().is_some());
    assert!(w.screen_text().contains("Could not load groups"));
    w.ch('r');
    assert_eq!(w.only_request().1, Request::LoadGroups);
    let request = w.id_of(is_load_groups);
    w.worker(WorkerEvent::Groups { request, result: Ok(groups()) });
    assert_eq!(w.s.groups.visible().len(), 8);
}

#[test]
fn esc_from_groups_goes_back_to_the_dashboard() {
    let mut w = groups_loaded();
    w.esc();
    assert_eq!(w.s.screen, Screen::Home);
}

// ---- Groups: create -------------------------------------------------------------------------

#[test]
fn create_prompt_refuses_an_empty_name() {
    let mut w = groups_loaded();
    w.ch('n');
    assert!(w.s.groups.creating.is_some());
    w.enter();
    assert!(w.made_no_request());
    assert_eq!(w.s.groups.create_error.as_deref(), Some("Type a name for the group."));
    w.type_text("   ");
    w.enter();
    assert!(w.made_no_request(), "blank is empty");
    assert_eq!(w.s.groups.create_error.as_deref(), Some("Type a name for the group."));
}

#[test]
fn create_prompt_refuses_a_taken_name_whatever_its_case() {
    let mut w = groups_loaded();
    w.ch('n');
    w.type_text("  video PRODUCTION ");
    w.enter();
    assert!(w.made_no_request());
    let e = w.s.groups.create_error.clone().unwrap();
    assert!(e.contains("already exists") && e.contains("Esc"), "{e}");
    // Typing again clears the message.
    w.ch('s');
    assert!(w.s.groups.create_error.is_none());
}

#[test]
fn create_sends_the_trimmed_name_once() {
    let mut w = groups_loaded();
    w.ch('n');
    // Letters bound in the list (q, j, n, r, c) are typed into the name.
    w.type_text(" Brand Films qjnrc ");
    w.enter();
    let (id, r) = w.only_request();
    assert_eq!(r, Request::CreateGroup { name: "Brand Films qjnrc".into() });
    assert_eq!(w.s.groups.saving, Some(id));
    w.enter();
    assert!(w.made_no_request(), "a second Enter while saving sends nothing");
}

#[test]
fn create_paste_is_one_line() {
    let mut w = groups_loaded();
    w.ch('n');
    w.paste("Brand\nFilms\r\n");
    assert_eq!(w.s.groups.creating.as_ref().unwrap().text, "Brand Films");
    assert!(w.made_no_request(), "a pasted newline does not submit");
}

#[test]
fn workfront_error_stays_in_the_prompt_with_the_typed_name() {
    let mut w = groups_loaded();
    w.ch('n');
    w.type_text("Brand Films");
    w.enter();
    let request = w.id_of(is_create_group);
    w.worker(WorkerEvent::GroupCreated { request, result: Err(ErrorInfo::new("NOT_AUTHORIZED")) });
    assert_eq!(w.s.groups.creating.as_ref().unwrap().text, "Brand Films");
    assert_eq!(w.s.groups.create_error.as_deref(), Some("NOT_AUTHORIZED"));
    assert!(w.s.groups.saving.is_none());
    // And it can be sent again.
    w.enter();
    assert!(matches!(w.only_request().1, Request::CreateGroup { .. }));
}

#[test]
fn stale_create_answer_is_ignored() {
    let mut w = groups_loaded();
    w.ch('n');
    w.type_text("Brand Films");
    w.enter();
    let request = w.id_of(is_create_group);
    let other = wfio::app::RequestId(request.0 + 100);
    w.worker(WorkerEvent::GroupCreated { request: other, result: Ok(group("Brand Films", "", None)) });
    assert_eq!(w.s.groups.saving, Some(request));
    assert!(w.s.groups.creating.is_some());
    assert_eq!(w.s.groups.groups.data().unwrap().len(), 8);
}

#[test]
fn created_group_is_listed_selected_and_announced() {
    let mut w = groups_loaded();
    w.ch('/');
    w.type_text("vid");
    w.enter();
    w.ch('n');
    w.type_text("Brand Films");
    w.enter();
    let request = w.id_of(is_create_group);
    w.worker(WorkerEvent::GroupCreated { request, result: Ok(group("Brand Films", "", None)) });
    assert!(w.s.groups.creating.is_none());
    assert!(w.s.groups.filter.text.is_empty(), "the filter is cleared so the new group shows");
    assert_eq!(w.s.groups.selected().unwrap().name, "Brand Films");
    assert_eq!(w.s.groups.groups.data().unwrap()[0].name, "Brand Films", "sorted");
    assert!(w.toast().contains("Created the group \"Brand Films\""));
    // Enter now connects it.
    w.enter();
    assert_eq!(w.s.screen, Screen::Token);
    assert_eq!(w.s.groups.target.as_ref().unwrap().name, "Brand Films");
}

#[test]
fn esc_closes_the_prompt() {
    let mut w = groups_loaded();
    w.ch('n');
    w.type_text("x");
    w.enter();
    w.esc();
    assert!(w.s.groups.creating.is_none());
    assert!(w.s.groups.create_error.is_none());
    assert_eq!(w.s.screen, Screen::Groups, "Esc in the prompt does not leave the screen");
}

// ---- Groups: connect ------------------------------------------------------------------------

#[test]
fn connect_opens_the_token_step_for_the_selected_group() {
    let mut w = groups_loaded();
    select_group(&mut w, "Events");
    w.ch('c');
    assert_eq!(w.s.screen, Screen::Token);
    assert_eq!(w.s.groups.target.as_ref().unwrap().name, "Events");
    assert!(w.made_no_request());
    assert_eq!(w.s.history, vec![Screen::Home, Screen::Groups]);
}

#[test]
fn connect_on_an_empty_filter_does_nothing() {
    let mut w = groups_loaded();
    w.ch('/');
    w.type_text("zzz");
    w.enter();
    w.enter();
    assert_eq!(w.s.screen, Screen::Groups);
}

#[test]
fn same_group_keeps_the_token_a_different_group_resets_it() {
    let mut w = token_typed(TWO_ACCOUNTS);
    w.esc();
    assert_eq!(w.s.screen, Screen::Groups);
    let request = w.id_of(is_load_groups);
    w.worker(WorkerEvent::Groups { request, result: Ok(groups()) });
    select_group(&mut w, "Creative Services");
    w.enter();
    assert_eq!(w.s.token.field.len(), TWO_ACCOUNTS.len(), "Esc and back keeps what was entered");
    w.esc();
    let request = w.id_of(is_load_groups);
    w.worker(WorkerEvent::Groups { request, result: Ok(groups()) });
    select_group(&mut w, "Events");
    w.enter();
    assert!(w.s.token.field.is_empty(), "a different group starts the token step afresh");
    assert!(w.s.token.info.is_none());
}
