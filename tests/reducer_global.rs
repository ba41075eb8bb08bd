//! Reducer tests across screens: help, quitting (Ctrl-C from a text field, q only outside one),
//! suspend, the too-small terminal, key releases, idle ticks, resizes keeping selections visible.

mod wizard;

use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
use wfio::app::keymap::Context;
use wfio::app::state::{GroupRow, HomeData, Screen};
use wfio::app::{Action, Command, WorkerEvent, context};
use wizard::*;

/// One wizard in every context that takes text, and how it got there.
fn text_contexts() -> Vec<(Context, Wizard)> {
    let mut out = Vec::new();
    let mut w = groups_loaded();
    w.ch('/');
    out.push((Context::GroupFilter, w));
    let mut w = groups_loaded();
    w.ch('n');
    out.push((Context::GroupCreate, w));
    out.push((Context::Token, token_screen()));
    let mut w = projects_loaded();
    w.ch('/');
    out.push((Context::ProjectFilter, w));
    let mut w = projects_loaded();
    w.ch('n');
    out.push((Context::ProjectCreate, w));
    let mut w = tasks_loaded();
    w.ch('n');
    out.push((Context::TaskName, w));
    let mut w = tasks_loaded();
    w.ch('u');
    out.push((Context::AssignPicker, w));
    let mut w = tasks_loaded();
    w.ch('d');
    out.push((Context::UploadPath, w));
    for (ctx, w) in &out {
        assert_eq!(context(&w.s), *ctx);
        assert!(ctx.takes_text());
    }
    out
}

/// One wizard in each list context.
fn list_contexts() -> Vec<(Context, Wizard)> {
    let mut out = vec![
        (Context::Home, home_loaded()),
        (Context::GroupList, groups_loaded()),
        (Context::ProjectList, projects_loaded()),
        (Context::TaskList, tasks_loaded()),
        (Context::StatusDone, status_done(outcome_ok())),
    ];
    for (ctx, w) in &mut out {
        assert_eq!(context(&w.s), *ctx);
    }
    out.push((Context::Accounts, accounts_picker()));
    out
}

#[test]
fn help_opens_and_closes_with_each_key() {
    for close in [KeyCode::Esc, KeyCode::Char('?'), KeyCode::Char('q'), KeyCode::Enter] {
        let mut w = groups_loaded();
        w.ch('?');
        assert!(w.s.help_open);
        assert_eq!(context(&w.s), Context::Help);
        // Keys of the screen underneath do nothing while help is open.
        w.ch('j');
        w.ch('n');
        assert_eq!(w.s.groups.cursor.selected, 0);
        assert!(w.s.groups.creating.is_none());
        let cmds = w.press(close).to_vec();
        assert!(cmds.is_empty(), "{close:?} closes help, it does not quit");
        assert!(!w.s.help_open, "{close:?} closes help");
        assert_eq!(w.s.screen, Screen::Groups);
    }
}

#[test]
fn help_lists_the_keys_of_the_screen_underneath() {
    let mut w = tasks_loaded();
    w.ch('?');
    let text = w.screen_text();
    for line in ["select all tasks, or none", "upload a document to the project", "quit wfio"] {
        assert!(text.contains(line), "{line}:\n{text}");
    }
}

#[test]
fn ctrl_c_quits_from_every_text_field() {
    for (ctx, mut w) in text_contexts() {
        assert_eq!(w.ctrl('c'), &[Command::Quit], "{ctx:?}");
    }
}

#[test]
fn q_and_question_mark_are_typed_in_text_fields() {
    for (ctx, mut w) in text_contexts() {
        let before = format!("{:?}", w.s);
        assert!(w.ch('q').is_empty(), "q does not quit in {ctx:?}");
        assert!(w.ch('?').is_empty());
        assert!(!w.s.help_open, "? is typed in {ctx:?}");
        if ctx != Context::ProjectCreate || w.s.project.focus == wfio::app::state::project::CreateFocus::Name {
            assert_ne!(format!("{:?}", w.s), before, "{ctx:?}: the keys went into the field");
        }
    }
}

#[test]
fn q_quits_from_lists() {
    for (ctx, mut w) in list_contexts() {
        if ctx == Context::Accounts {
            assert!(w.ch('q').is_empty(), "the account picker has no q binding");
            continue;
        }
        assert_eq!(w.ch('q'), &[Command::Quit], "{ctx:?}");
    }
}

#[test]
fn ctrl_z_suspends_anywhere() {
    for (ctx, mut w) in text_contexts().into_iter().chain(list_contexts()) {
        assert_eq!(w.ctrl('z'), &[Command::Suspend], "{ctx:?}");
    }
}

#[test]
fn too_small_terminal_only_lets_you_leave() {
    let mut w = groups_loaded();
    w.resize(40, 10);
    assert!(w.s.too_small());
    let before = w.s.clone();
    for key in ['j', 'n', '/', '?', 'c'] {
        w.ch(key);
    }
    w.enter();
    w.esc();
    w.paste("Brand Films");
    assert_eq!(w.s.screen, before.screen);
    assert_eq!(w.s.groups, before.groups, "nothing on screen changed");
    assert!(!w.s.help_open);
    assert_eq!(w.ch('q'), &[Command::Quit]);
    assert_eq!(w.ctrl('c'), &[Command::Quit]);
    assert_eq!(w.ctrl('z'), &[Command::Suspend]);
    assert!(w.screen_text().contains("Terminal too small: 40x10"));
    // Growing back makes it usable again, where it was.
    w.resize(80, 24);
    w.ch('j');
    assert_eq!(w.s.groups.cursor.selected, 1);
}

#[test]
fn too_small_in_a_text_field_q_is_not_quit_but_ctrl_c_is() {
    let mut w = token_typed("fio-u-abc");
    w.resize(59, 24);
    assert!(w.ch('q').is_empty());
    assert_eq!(w.s.token.field.expose(), "fio-u-abc", "nothing is typed while too small");
    assert_eq!(w.ctrl('c'), &[Command::Quit]);
    let mut w = token_typed("fio-u-abc");
    w.resize(80, 15);
    assert!(w.s.too_small());
    w.paste("xyz");
    assert_eq!(w.s.token.field.expose(), "fio-u-abc", "nor pasted");
}

#[test]
fn key_releases_and_repeats_are_ignored() {
    let mut w = groups_loaded();
    w.act(Action::Key(release(KeyCode::Char('j'))));
    assert_eq!(w.s.groups.cursor.selected, 0);
    let mut repeat = key_event(KeyCode::Char('q'), KeyModifiers::NONE);
    repeat.kind = KeyEventKind::Repeat;
    assert!(w.act(Action::Key(repeat)).is_empty());
    w.s.dirty = false;
    w.act(Action::Key(release(KeyCode::Char('n'))));
    assert!(!w.s.dirty, "a release does not even redraw");
    assert!(w.s.groups.creating.is_none());
}

#[test]
fn idle_tick_does_not_redraw_a_busy_one_spins() {
    let mut w = groups_loaded();
    assert!(!w.s.busy());
    w.s.dirty = false;
    let spinner = w.s.spinner;
    w.act(Action::Tick);
    assert!(!w.s.dirty);
    assert_eq!(w.s.spinner, spinner);
    w.ch('r');
    assert!(w.s.busy());
    w.s.dirty = false;
    w.act(Action::Tick);
    assert!(w.s.dirty);
    assert_eq!(w.s.spinner, spinner + 1);
}

#[test]
fn every_key_and_answer_marks_the_screen_dirty() {
    let mut w = groups_loaded();
    w.s.dirty = false;
    w.ch('j');
    assert!(w.s.dirty);
    w.s.dirty = false;
    w.worker(WorkerEvent::Groups { request: wfio::app::RequestId(999), result: Ok(vec![]) });
    assert!(w.s.dirty);
    w.s.dirty = false;
    w.resize(100, 30);
    assert!(w.s.dirty);
}

#[test]
fn paste_outside_a_text_field_is_ignored() {
    for (ctx, mut w) in list_contexts() {
        let before = w.s.clone();
        assert!(w.paste("q\nj\r\x1b").is_empty(), "{ctx:?}");
        assert_eq!(w.s, before, "{ctx:?}: a paste is not keys");
    }
}

fn many_groups() -> Vec<GroupRow> {
    (0..40).map(|i| group(&format!("Group {i:02}"), "", None)).collect()
}

#[test]
fn resize_keeps_the_selection_visible() {
    // Groups: select near the end in a tall window, shrink, grow.
    let mut w = groups_loaded_with(many_groups());
    w.resize(80, 40);
    w.ch('G');
    w.press(KeyCode::Up);
    assert_eq!(w.s.groups.cursor.selected, 38);
    for (width, height) in [(80, 16), (60, 16), (120, 50), (80, 17), (1, 1), (80, 24)] {
        w.resize(width, height);
        let page = w.s.list_page();
        let c = w.s.groups.cursor;
        assert!(c.offset <= c.selected && c.selected < c.offset + page, "{width}x{height}: {c:?} page {page}");
        assert_eq!(c.selected, 38, "the selection itself is kept");
        if !w.s.too_small() {
            assert!(w.screen_text().contains("Group 38"), "{width}x{height}:\n{}", w.screen_text());
        }
    }
}

#[test]
fn resize_keeps_the_dashboard_and_project_selections_visible() {
    let mut home = home_data();
    home.groups.retain(|g| g.name != "Creative Services");
    let marketing = group_named("Marketing");
    home.projects = (0..30)
        .map(|i| {
            project(&format!("Project {i:02}"), ("PLN", "Planning"), &marketing, wfio::integration::IconState::None, "")
        })
        .collect();
    let mut w = home_loaded_with(home);
    w.down(40);
    w.resize(80, 16);
    let c = w.s.home.cursor;
    assert!(c.selected == 29 && c.offset + w.s.list_page() > 29, "{c:?}");
    assert!(w.screen_text().contains("Project 29"));

    let mut w = projects_loaded();
    w.ch('G');
    w.resize(80, 16);
    assert!(w.screen_text().contains("› ⬢") || w.screen_text().contains("›   Website Refresh"));
}

#[test]
fn breadcrumb_ticks_follow_the_journey() {
    let w = home_loaded_with(HomeData::default());
    assert_eq!(w.s.steps_done(), [false; 6]);
    let w = token_screen();
    assert_eq!(w.s.steps_done(), [true, false, false, false, false, false]);
    let w = accounts_picker();
    assert_eq!(w.s.steps_done(), [true, true, false, false, false, false]);
    let w = status_done(outcome_ok());
    assert_eq!(w.s.steps_done()[3..], [true, true, true]);
}
