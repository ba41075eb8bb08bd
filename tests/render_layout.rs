//! Rendering checks over every screen state (the gallery): nothing panics at any size, NO_COLOR
//! has no colour at all, ASCII mode draws ASCII only, the selected row is on screen, and what a
//! user must read (hints, messages, the way out) is not cut off.

mod wizard;

use crossterm::event::KeyCode;
use wfio::app::keymap;
use wfio::app::state::{ErrorInfo, GroupRow, HomeData};
use wfio::app::{WorkerEvent, context};
use wfio::integration::IconState;
use wfio::sync::{ItemState, SyncEvent};
use wizard::*;

#[test]
fn every_state_renders_at_every_size_in_every_theme() {
    for (name, mut w) in gallery() {
        for (width, height) in [(80, 24), (60, 16), (59, 16), (60, 15), (200, 60), (120, 20), (61, 80), (1, 1), (2, 40)]
        {
            w.resize(width, height);
            for theme in ALL_THEMES {
                let t = render(&w.s, &theme);
                let text = text(t.backend().buffer());
                if w.s.too_small() {
                    assert!(text.contains("Terminal") || width < 12, "{name} {width}x{height}:\n{text}");
                }
            }
        }
    }
}

#[test]
fn a_terminal_smaller_than_the_state_thinks_is_still_drawn() {
    // The first frame after a resize can be drawn before the resize event arrives.
    for (name, w) in gallery() {
        for (width, height) in [(10, 5), (60, 16), (30, 40)] {
            let t = render_at(&w.s, &VARIANTS[0].1, width, height);
            let _ = (name, t);
        }
    }
}

#[test]
fn no_colour_at_all_under_no_color() {
    for (name, w) in gallery() {
        for theme in ALL_THEMES.iter().filter(|t| !t.color) {
            let t = render(&w.s, theme);
            assert!(no_colour_anywhere(t.backend().buffer()), "{name}: colour under NO_COLOR");
        }
    }
}

#[test]
fn every_status_has_a_word_under_no_color() {
    let w = home_loaded();
    let text = screen(&w.s, &VARIANTS[2].1);
    for word in ["connected", "pending", "syncing", "failed"] {
        assert!(text.contains(word), "{word}:\n{text}");
    }
    let text = screen(&status_done(outcome_failed()).s, &VARIANTS[2].1);
    assert!(text.contains("✗ failed"));
    let text = screen(&status_done(outcome_ok()).s, &VARIANTS[2].1);
    assert!(text.contains("⬢ connected"));
}

#[test]
fn the_current_step_is_highlighted_in_every_theme() {
    let w = tasks_loaded();
    for theme in ALL_THEMES {
        let t = render(&w.s, &theme);
        let buf = t.backend().buffer();
        let current = cells_of(buf, "5 Tasks");
        let other = cells_of(buf, "6 Status");
        assert_ne!(current[2].style(), other[2].style(), "{theme:?}: the current step stands out");
    }
}

#[test]
fn selection_is_visible_in_lists_that_fit() {
    // Groups and projects at the minimum size, scrolled to the end and back.
    let many: Vec<GroupRow> = (0..30).map(|i| group(&format!("Group {i:02}"), "", None)).collect();
    let mut w = groups_loaded_with(many);
    w.resize(60, 16);
    for i in 0..30 {
        assert!(
            w.screen_text().contains(&format!("› ⬢ Group {i:02}"))
                || w.screen_text().contains(&format!("›   Group {i:02}")),
            "row {i}:\n{}",
            w.screen_text()
        );
        w.press(KeyCode::Down);
    }
    let mut w = projects_loaded();
    w.resize(60, 16);
    w.ch('G');
    assert!(w.screen_text().contains("›   Website Refresh"), "{}", w.screen_text());
    let mut w = details_of("Website Refresh");
    w.resize(60, 16);
    w.enter();
    w.ch('G');
    assert!(w.screen_text().contains("›   Video Production"), "{}", w.screen_text());
}

// ---- Bugs -----------------------------------------------------------------------------------

#[test]

fn dashboard_selection_stays_visible_with_several_connected_groups() {
    let mut home = home_data();
    let marketing = group_named("Marketing");
    home.projects = (0..12)
        .map(|i| project(&format!("Project {i:02}"), ("PLN", "Planning"), &marketing, IconState::None, ""))
        .collect();
    assert_eq!(home.connected_groups().len(), 2);
    let mut w = home_loaded_with(home);
    w.resize(80, 16);
    for i in 0..12 {
        let text = w.screen_text();
        assert!(text.contains(&format!("›   Project {i:02}")), "row {i} is selected but not shown:\n{text}");
        w.press(KeyCode::Down);
    }
}

#[test]

fn task_selection_stays_visible() {
    // The seed's Spring Campaign at the minimum size: 6 tasks, 2 documents.
    let mut w = tasks_loaded();
    w.resize(80, 16);
    for row in ["Creative brief", "Storyboard", "Frames 1-12", "Frames 13-24", "Rough cut", "Final approval"] {
        let text = w.screen_text();
        let line = text.lines().find(|l| l.contains(row));
        assert!(line.is_some_and(|l| l.contains('›')), "{row} is selected but not shown:\n{text}");
        w.press(KeyCode::Down);
    }
}

#[test]

fn account_selection_stays_visible() {
    let mut info = two_accounts();
    for i in 0..4 {
        info.accounts.push(account(&format!("fa-x{i}"), &format!("Client Account {i}"), "admin"));
    }
    let mut w = token_answered(TWO_ACCOUNTS, Ok(info));
    w.resize(80, 16);
    for i in 0..w.s.account.accounts.len() {
        let name = w.s.account.accounts[i].account.name.clone();
        let text = w.screen_text();
        assert!(text.contains(&format!("› {name}")), "{name} is selected but not shown:\n{text}");
        w.press(KeyCode::Down);
    }
}

#[test]

fn assign_selection_stays_visible_at_the_minimum_size() {
    let mut w = tasks_loaded();
    w.resize(80, 16);
    w.ch('u');
    let request = w.id_of(is_load_people);
    w.worker(WorkerEvent::People { request, result: Ok(people()) });
    let picks = w.s.tasks.people.data().unwrap().picks("");
    for pick in picks {
        let name = match pick {
            wfio::app::state::tasks::Pick::Team { name, .. } | wfio::app::state::tasks::Pick::User { name, .. } => name,
        };
        let text = w.screen_text();
        let line = text.lines().find(|l| l.contains(&format!("  {name}  ")));
        assert!(line.is_some_and(|l| l.contains('›')), "{name} is selected but not shown:\n{text}");
        w.press(KeyCode::Down);
    }
}

#[test]

fn ascii_mode_draws_ascii_only() {
    let mut offenders = Vec::new();
    for (name, w) in gallery() {
        for theme in ALL_THEMES.iter().filter(|t| !t.unicode) {
            let t = render(&w.s, theme);
            let bad: String = text(t.backend().buffer()).chars().filter(|c| !c.is_ascii()).collect();
            if !bad.is_empty() {
                offenders.push(format!("{name} ({theme:?}): {bad:?}"));
            }
        }
    }
    assert!(offenders.is_empty(), "non-ASCII in ASCII mode:\n{}", offenders.join("\n"));
}

#[test]

fn footer_hints_fit_in_80_columns() {
    let mut cut = Vec::new();
    for (name, w) in gallery() {
        for (variant, theme) in VARIANTS {
            let ctx = context(&w.s);
            let full: Vec<String> =
                keymap::hints(ctx, theme.unicode).into_iter().map(|(k, l)| format!("{k} {l}")).collect();
            let full = format!(" {}", full.join("  "));
            let last = screen(&w.s, &theme).lines().last().unwrap().to_owned();
            if last.trim_end() != full.trim_end() {
                cut.push(format!("{name} ({variant}): {full:?} shown as {last:?}"));
            }
        }
    }
    assert!(cut.is_empty(), "{}", cut.join("\n"));
}

#[test]

fn messages_are_readable_at_80_columns() {
    let mut w = tasks_loaded_with(tasks_unconnected());
    w.ch('e');
    let text = w.screen_text();
    assert!(text.contains("step 4"), "the fix (set a connected group in step 4) is on screen:\n{text}");
    let mut w = status_preview_with(preview_with(("PLN", "Planning"), plan(false, true)));
    w.enter();
    assert!(w.screen_text().contains("connected group (step 4)"), "{}", w.screen_text());
}

#[test]

fn failed_activation_shows_the_retry_line() {
    let w = status_done(outcome_failed());
    let text = w.screen_text();
    assert!(text.contains("Nothing is lost: press r to retry"), "{text}");
}

#[test]

fn paging_through_the_plan_shows_every_line() {
    let mut w = status_preview();
    let mut seen = String::new();
    for _ in 0..6 {
        seen.push_str(&w.screen_text());
        w.press(KeyCode::PageDown);
    }
    for line in ["Skipped:", "task \"Storyboard\": its integration status is not Active", "subtask \"Frames 1-12\""] {
        assert!(seen.contains(line), "{line} never shown while paging");
    }
}

#[test]

fn dashboard_reason_is_readable_at_80_columns() {
    let mut w = home_loaded();
    w.down(3);
    assert_eq!(w.s.home.selected().unwrap().icon, IconState::Failed);
    for (variant, theme) in VARIANTS {
        let text = screen(&w.s, &theme);
        assert!(text.contains("503 while uploading launch-brief.pdf"), "{variant}:\n{text}");
    }
}

#[test]

fn token_error_is_readable_at_the_minimum_size() {
    let mut w = token_answered(
        "fio-u-not-a-real-token",
        Err(ErrorInfo::new(
            "Frame.io did not accept this token (401 Unauthorized). Copy the API developer token again from developer.frame.io (Tokens) and paste it here.",
        )),
    );
    w.resize(60, 16);
    let text = w.screen_text();
    assert!(text.contains("paste it here"), "{text}");
}

#[test]

fn huge_byte_counts_do_not_panic_the_progress() {
    let mut w = status_running();
    let upload = w.s.status.items.iter().position(|i| i.label.starts_with("upload rough")).unwrap();
    sync(&mut w, SyncEvent::Item { index: upload, state: ItemState::Running });
    sync(&mut w, SyncEvent::Bytes { index: upload, done: u64::MAX / 2, total: u64::MAX });
    sync(&mut w, SyncEvent::Bytes { index: 3, done: u64::MAX, total: u64::MAX });
    for theme in ALL_THEMES {
        render(&w.s, &theme);
    }
}

#[test]
fn empty_dashboard_and_error_render() {
    let w = home_loaded_with(HomeData::default());
    assert!(w.screen_text().contains("No group is connected"));
}

#[test]

fn ascii_task_tree_shows_subtask_names_in_full() {
    let w = tasks_loaded();
    for theme in ALL_THEMES {
        let text = screen(&w.s, &theme);
        assert!(text.contains("Frames 13-24"), "{theme:?}:\n{text}");
    }
}
