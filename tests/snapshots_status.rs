//! Snapshots of step 6: the choices (with custom statuses) and the plan preview, a plan with
//! blockers, the activation running, done with the link and invites, failed with Retry.

#[macro_use]
mod wizard;

use ratatui::style::Color;
use wfio::app::WorkerEvent;
use wfio::app::state::ErrorInfo;
use wizard::*;

#[test]
fn status_loading() {
    let mut w = tasks_loaded();
    w.ch('6');
    snapshot_all!("status_loading", &w.s);
}

#[test]
fn status_preview_error() {
    let mut w = tasks_loaded();
    w.ch('6');
    let request = w.id_of(is_preview);
    w.worker(WorkerEvent::Preview {
        request,
        result: Err(ErrorInfo::new("Workfront answered 404: the project was deleted.")),
    });
    snapshot_all!("status_preview_error", &w.s);
}

#[test]
fn status_choose_with_plan() {
    let mut w = status_preview();
    w.down(1);
    let text = w.screen_text();
    assert!(text.contains("custom status AIR, equates to Current"), "{text}");
    snapshot_all!("status_choose", &w.s);
}

#[test]
fn status_plan_scrolled() {
    // The skipped part of the plan, further down.
    let mut w = status_preview();
    w.press(crossterm::event::KeyCode::PageDown);
    snapshot_all!("status_plan_scrolled", &w.s);
}

#[test]
fn status_choose_tall_shows_skipped() {
    let mut w = status_preview();
    w.resize(100, 40);
    let text = w.screen_text();
    assert!(text.contains("Skipped:") && text.contains("no email address"), "{text}");
    snapshot_all!("status_choose_tall", &w.s);
}

#[test]
fn status_blockers() {
    let mut w = status_preview_with(preview_with(("PLN", "Planning"), plan(false, false)));
    w.enter();
    let text = w.screen_text();
    assert!(text.contains("Cannot activate yet"), "{text}");
    snapshot_all!("status_blockers", &w.s);
}

#[test]
fn status_running() {
    let w = status_part_way();
    snapshot_all!("status_running", &w.s);
}

#[test]
fn status_done_ok() {
    let w = status_done(outcome_ok());
    let text = w.screen_text();
    assert!(text.contains("https://next.frame.io/project/fp-7c1e2a90"), "{text}");
    snapshot_all!("status_done", &w.s);
    let t = render(&w.s, &VARIANTS[0].1);
    assert_eq!(cells_of(t.backend().buffer(), "⬢ connected")[0].fg, Color::Magenta);
}

#[test]
fn status_failed_with_retry() {
    let w = status_done(outcome_failed());
    let text = w.screen_text();
    assert!(text.contains("r retry") && text.contains("Press r to retry"), "{text}");
    snapshot_all!("status_failed", &w.s);
    let t = render(&w.s, &VARIANTS[0].1);
    assert_eq!(cells_of(t.backend().buffer(), "✗ failed")[0].fg, Color::Red);
    let mono = render(&w.s, &VARIANTS[2].1);
    assert!(no_colour_anywhere(mono.backend().buffer()));
}
