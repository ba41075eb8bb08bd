//! Reducer tests for steps 2 and 3: the token field (paste, mask, validation), the account
//! picker (non-admin refused), the team picker, writing the connection, Esc paths, stale answers.

mod wizard;

use crossterm::event::KeyCode;
use wfio::app::action::{Secret, SignIn};
use wfio::app::state::{AccountPhase, ErrorInfo, Screen};
use wfio::app::{Request, RequestId, WorkerEvent};
use wizard::*;

fn checked_token(w: &Wizard) -> String {
    match w.find(is_check_token).expect("a token check").1 {
        Request::SignIn(SignIn::DeveloperToken(Secret(t))) => t,
        _ => unreachable!(),
    }
}

// ---- Token ----------------------------------------------------------------------------------

#[test]
fn paste_trims_whitespace_and_newlines_and_never_submits() {
    let mut w = token_screen();
    w.paste(&format!("  {TWO_ACCOUNTS}\r\n"));
    assert!(w.made_no_request(), "a pasted newline is not Enter");
    assert_eq!(w.s.token.field.expose(), TWO_ACCOUNTS);
    assert_eq!(w.s.screen, Screen::Token);
    // A token split over lines by a terminal joins up.
    let mut w = token_screen();
    w.paste("fio-u-abc\n  def\tGHI\n");
    assert_eq!(w.s.token.field.expose(), "fio-u-abcdefGHI");
}

#[test]
fn escape_sequences_in_a_paste_are_not_keys() {
    let mut w = token_screen();
    w.paste("fio-u-\x1b[A\x1b\x03abc\x1b[201~");
    assert_eq!(w.s.screen, Screen::Token);
    assert!(w.made_no_request());
    assert!(!w.s.token.field.expose().chars().any(char::is_control));
}

#[test]
fn typed_keys_go_into_the_field_including_bound_letters() {
    let mut w = token_screen();
    w.type_text("fio-u-qjk?r");
    assert_eq!(w.s.token.field.expose(), "fio-u-qjk?r");
    assert!(!w.s.help_open, "? is typed, not help");
    w.press(KeyCode::Backspace);
    assert_eq!(w.s.token.field.expose(), "fio-u-qjk?");
    w.ctrl('u');
    assert!(w.s.token.field.is_empty());
}

#[test]
fn ctrl_r_toggles_the_tail() {
    let mut w = token_typed(TWO_ACCOUNTS);
    assert!(!w.s.token.reveal_tail);
    w.ctrl('r');
    assert!(w.s.token.reveal_tail);
    w.ctrl('r');
    assert!(!w.s.token.reveal_tail);
}

#[test]
fn empty_token_is_refused_with_a_message() {
    let mut w = token_screen();
    w.enter();
    assert!(w.made_no_request());
    assert!(w.s.token.error.as_deref().unwrap().contains("Paste the Frame.io developer token first"));
    w.paste("   \n");
    w.enter();
    assert!(w.made_no_request(), "whitespace only is empty");
}

#[test]
fn enter_checks_the_exact_token_once() {
    let mut w = token_typed(TWO_ACCOUNTS);
    w.enter();
    let (id, r) = w.only_request();
    assert_eq!(r, Request::SignIn(SignIn::DeveloperToken(Secret(TWO_ACCOUNTS.into()))));
    assert_eq!(w.s.token.pending, Some(id));
    assert!(w.s.busy());
    w.enter();
    assert!(w.made_no_request(), "no second check while one is in flight");
}

#[test]
fn bad_token_keeps_the_user_on_the_screen_with_the_message() {
    let w = token_answered("fio-u-wrong", Err(ErrorInfo::new("Frame.io did not accept this token (401).")));
    assert_eq!(w.s.screen, Screen::Token);
    assert_eq!(w.s.token.error.as_deref(), Some("Frame.io did not accept this token (401)."));
    assert_eq!(w.s.token.field.expose(), "fio-u-wrong", "what was typed stays");
    assert!(w.s.token.pending.is_none());
    assert!(w.s.token.info.is_none());
    // Typing clears the message; a new attempt can be sent.
    let mut w = w;
    w.ctrl('u');
    assert!(w.s.token.error.is_none());
    w.paste(TWO_ACCOUNTS);
    w.enter();
    assert_eq!(checked_token(&w), TWO_ACCOUNTS);
}

#[test]
fn stale_token_answer_is_ignored() {
    let mut w = token_checking(TWO_ACCOUNTS);
    let request = w.id_of(is_check_token);
    w.worker(WorkerEvent::TokenChecked { request: RequestId(request.0 + 7), result: Ok(two_accounts()) });
    assert_eq!(w.s.screen, Screen::Token);
    assert_eq!(w.s.token.pending, Some(request));
}

#[test]
fn one_administered_account_skips_the_picker_with_a_note() {
    let w = token_answered(ONE_ACCOUNT, Ok(one_account()));
    assert_eq!(w.s.screen, Screen::Account);
    assert_eq!(w.s.account.phase, AccountPhase::Teams);
    let note = w.s.account.note.clone().unwrap();
    assert!(note.contains("Blake Rivera Edits") && note.contains("only"), "{note}");
    let (_, r) = w.only_request();
    assert_eq!(r, Request::LoadTeams { account_id: "fa-blake".into() });
    assert!(w.s.account.teams.is_loading());
}

#[test]
fn one_administered_among_others_still_skips() {
    // Casey-like token with one account administered among several.
    let mut info = no_admin();
    info.accounts.push(account("fa-own", "Casey Own", "admin"));
    let w = token_answered(TWO_ACCOUNTS, Ok(info));
    assert_eq!(w.s.account.phase, AccountPhase::Teams);
    assert_eq!(w.s.account.account.as_ref().unwrap().account.name, "Casey Own");
}

#[test]
fn several_administered_accounts_open_the_picker() {
    let w = accounts_picker();
    assert_eq!(w.s.screen, Screen::Account);
    assert_eq!(w.s.account.phase, AccountPhase::Accounts);
    assert_eq!(w.s.account.accounts.len(), 3);
    assert!(w.made_no_request());
    assert_eq!(w.s.token.info.as_ref().unwrap().user, "Avery Admin");
    assert_eq!(w.s.history, vec![Screen::Home, Screen::Groups, Screen::Token]);
}

#[test]
fn token_that_administers_nothing_cannot_go_on() {
    let mut w = token_answered(NO_ADMIN, Ok(no_admin()));
    assert_eq!(w.s.account.phase, AccountPhase::Accounts);
    w.enter();
    assert!(w.made_no_request());
    let e = w.s.account.error.clone().unwrap();
    assert!(e.contains("You are a member in Partner Network, not an owner or admin"), "{e}");
    w.down(1);
    w.enter();
    let e = w.s.account.error.clone().unwrap();
    assert!(e.contains("an account manager in Casey's Reviews"), "{e}");
    assert_eq!(w.s.account.phase, AccountPhase::Accounts);
}

// ---- Accounts and teams ---------------------------------------------------------------------

#[test]
fn non_admin_account_is_refused_with_the_reason() {
    let mut w = accounts_picker();
    w.down(5);
    assert_eq!(w.s.account.account_cursor.selected, 2, "clamped at the last account");
    w.enter();
    assert!(w.made_no_request());
    assert_eq!(w.s.account.phase, AccountPhase::Accounts);
    let e = w.s.account.error.clone().unwrap();
    assert!(e.contains("member in Partner Network") && e.contains("Pick an account you administer"), "{e}");
}

#[test]
fn choosing_an_account_loads_its_teams_with_the_validated_token() {
    let mut w = accounts_picker();
    w.down(1);
    w.enter();
    assert_eq!(w.s.account.phase, AccountPhase::Teams);
    assert_eq!(w.only_request().1, Request::LoadTeams { account_id: "fa-studios".into() });
}

#[test]
fn teams_error_is_kept_and_esc_goes_back_to_the_accounts() {
    let mut w = teams_loading();
    let request = w.id_of(is_load_teams);
    w.worker(WorkerEvent::Teams { request, result: Err(ErrorInfo::new("403 Forbidden")) });
    assert_eq!(w.s.account.teams.error().unwrap().message, "403 Forbidden");
    w.enter();
    assert!(w.made_no_request(), "no team to connect to");
    w.esc();
    assert_eq!(w.s.screen, Screen::Account);
    assert_eq!(w.s.account.phase, AccountPhase::Accounts);
    // Another account (the cursor is still on the one tried).
    assert_eq!(w.s.account.account_cursor.selected, 1);
    w.press(KeyCode::Up);
    w.enter();
    assert!(matches!(w.only_request().1, Request::LoadTeams { account_id, .. } if account_id == "fa-agency"));
}

#[test]
fn stale_teams_answer_is_ignored() {
    let mut w = teams_loading();
    let request = w.id_of(is_load_teams);
    w.worker(WorkerEvent::Teams { request: RequestId(request.0 + 3), result: Ok(studios_teams()) });
    assert!(w.s.account.teams.is_loading());
}

#[test]
fn one_team_is_one_enter_away() {
    let mut w = token_answered(ONE_ACCOUNT, Ok(one_account()));
    let request = w.id_of(is_load_teams);
    w.worker(WorkerEvent::Teams { request, result: Ok(vec![team("ft-blake", "Blake Edits", "fa-blake")]) });
    let flat = w.screen_text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("The account has one workspace, Blake Edits"), "{flat}");
    w.enter();
    let (_, r) = w.only_request();
    let Request::Connect { group_id, account, team } = r else { panic!("{r:?}") };
    assert_eq!(group_id, "grp-creative-services");
    assert_eq!(account.account.id, "fa-blake");
    assert_eq!(team.id, "ft-blake");
}

#[test]
fn esc_from_teams_when_the_picker_was_skipped_goes_back_to_the_token() {
    let mut w = token_answered(ONE_ACCOUNT, Ok(one_account()));
    w.esc();
    assert_eq!(w.s.screen, Screen::Token);
    assert!(w.s.token.field.is_empty(), "the secret went to the worker, not kept in the UI");
    assert!(w.screen_text().contains("Signed in as Blake Rivera"), "{}", w.screen_text());
}

#[test]
fn esc_from_accounts_goes_back_to_the_token() {
    let mut w = accounts_picker();
    w.down(1);
    w.esc();
    assert_eq!(w.s.screen, Screen::Token);
    // Enter goes on with the sign-in already checked (no second check), the cursor where it was.
    w.enter();
    assert!(w.made_no_request());
    assert_eq!(w.s.screen, Screen::Account);
    assert_eq!(w.s.account.account_cursor.selected, 1);
    // A new token typed is checked anew.
    w.esc();
    w.paste(TWO_ACCOUNTS);
    w.enter();
    assert_eq!(checked_token(&w), TWO_ACCOUNTS);
}

#[test]
fn connect_writes_the_chosen_team_once() {
    let mut w = connecting();
    let (id, r) = w.only_request();
    let Request::Connect { group_id, account, team, .. } = r else { panic!() };
    assert_eq!(
        (group_id.as_str(), account.account.name.as_str(), team.name.as_str()),
        ("grp-creative-services", "Northwind Studios", "Video Post")
    );
    assert_eq!(w.s.account.saving, Some(id));
    w.enter();
    assert!(w.made_no_request(), "no second write while saving");
}

#[test]
fn connect_error_keeps_the_user_on_the_team_picker() {
    let mut w = connecting();
    let request = w.id_of(is_connect);
    w.worker(WorkerEvent::Connected { request, result: Err(ErrorInfo::new("the form is not attached")) });
    assert_eq!(w.s.screen, Screen::Account);
    assert_eq!(w.s.account.error.as_deref(), Some("the form is not attached"));
    assert!(w.s.account.saving.is_none());
    assert!(w.s.account.connected.is_none());
    w.enter();
    assert!(matches!(w.only_request().1, Request::Connect { .. }), "it can be tried again");
}

#[test]
fn stale_connect_answer_is_ignored() {
    let mut w = connecting();
    let request = w.id_of(is_connect);
    w.worker(WorkerEvent::Connected { request: RequestId(request.0 + 1), result: Ok(creative_connected()) });
    assert_eq!(w.s.screen, Screen::Account);
    assert!(w.s.account.connected.is_none());
}

#[test]
fn connected_goes_to_the_project_step_with_a_toast_and_forgets_the_token() {
    let w = connected();
    assert_eq!(w.s.screen, Screen::Project);
    assert_eq!(w.s.history, vec![Screen::Home], "Esc from step 4 goes to the dashboard");
    assert_eq!(
        w.toast(),
        "Connected Creative Services to Video Post (Northwind Studios). Next: a project in this group."
    );
    assert_eq!(w.only_request().1, Request::LoadProjects);
    assert!(w.s.token.field.is_empty(), "the token is gone from the field");
    assert_eq!(w.s.account.connected.as_ref().unwrap().connection.as_ref().unwrap().workspace_name, "Video Post");
    assert_eq!(w.s.steps_done()[..3], [true, true, true]);
}

// ---- Bugs -----------------------------------------------------------------------------------

#[test]

fn typing_while_the_check_runs_changes_nothing_and_no_secret_stays_behind() {
    let mut w = token_checking(TWO_ACCOUNTS);
    // The user keeps typing (or pastes again) while Frame.io is being asked: the field is frozen.
    w.paste("oops");
    assert_eq!(w.s.token.field.expose(), TWO_ACCOUNTS);
    let request = w.id_of(is_check_token);
    w.worker(WorkerEvent::TokenChecked { request, result: Ok(two_accounts()) });
    assert!(w.s.token.field.is_empty(), "once checked, the secret is the worker's, not the UI's");
    w.down(1);
    w.enter();
    // The workspaces are read with the sign-in the worker checked: no secret in the request.
    assert!(matches!(w.only_request().1, Request::LoadTeams { .. }));
}

#[test]

fn a_late_token_answer_after_esc_does_not_move_the_user() {
    let mut w = token_checking(TWO_ACCOUNTS);
    w.esc();
    assert_eq!(w.s.screen, Screen::Groups);
    let request = w.id_of(is_check_token);
    w.worker(WorkerEvent::TokenChecked { request, result: Ok(two_accounts()) });
    assert_eq!(w.s.screen, Screen::Groups, "the user left step 2; the answer must not navigate");
}
