//! Snapshots of the dashboard in each state (Unicode+colour, ASCII, NO_COLOR), and the colours
//! that carry meaning: the purple connected glyph, the red failed one, nothing under NO_COLOR.

#[macro_use]
mod wizard;

use ratatui::style::Color;
use wfio::app::WorkerEvent;
use wfio::app::state::{ErrorInfo, HomeData};
use wizard::*;

#[test]
fn home_loading() {
    let w = Wizard::new();
    snapshot_all!("home_loading", &w.s);
}

#[test]
fn home_loaded_every_icon_state() {
    let mut w = home_loaded();
    w.down(1);
    let text = w.screen_text();
    for word in ["Holiday Spot 2026", "Spring Campaign 2027", "Product Teaser", "Launch Film", "Summer Lookbook"] {
        assert!(text.contains(word), "{word} listed:\n{text}");
    }
    snapshot_all!("home_loaded", &w.s);
}

#[test]
fn home_no_connected_group() {
    let data = HomeData { groups: groups().into_iter().filter(|g| g.connection.is_none()).collect(), projects: vec![] };
    let w = home_loaded_with(data);
    assert!(w.screen_text().contains("No group is connected to Frame.io yet"));
    snapshot_all!("home_no_connected_group", &w.s);
}

#[test]
fn home_connected_group_without_projects() {
    let data = HomeData { groups: groups(), projects: vec![] };
    let w = home_loaded_with(data);
    assert!(w.screen_text().contains("No project in a connected group yet"));
    snapshot_all!("home_no_projects", &w.s);
}

#[test]
fn home_many_connected_groups() {
    let mut data = home_data();
    for g in data.groups.iter_mut().skip(5) {
        g.connection = Some(connection("Agency Social", "Northwind Agency"));
    }
    let w = home_loaded_with(data);
    assert!(w.screen_text().contains("more connected groups (press 1)"));
    snapshot_all!("home_many_groups", &w.s);
}

#[test]
fn home_error() {
    let mut w = Wizard::new();
    let request = w.id_of(is_load_home);
    w.worker(WorkerEvent::Home {
        request,
        result: Err(ErrorInfo::new("Could not reach Workfront at 127.0.0.1:40123: connection refused.")),
    });
    snapshot_all!("home_error", &w.s);
}

#[test]
fn home_refresh_keeps_the_list_and_spins() {
    let mut w = home_loaded();
    w.ch('r');
    w.act(wfio::app::Action::Tick);
    let text = w.screen_text();
    assert!(text.contains("working") && text.contains("Holiday Spot 2026"), "{text}");
    snapshot_all!("home_refreshing", &w.s);
}

#[test]
fn home_help() {
    let mut w = home_loaded();
    w.ch('?');
    snapshot_all!("home_help", &w.s);
}

#[test]
fn glyph_colours_carry_the_meaning() {
    let w = home_loaded();
    let colour = render(&w.s, &VARIANTS[0].1);
    let buf = colour.backend().buffer();
    let purple = cells_with(buf, "⬢");
    assert!(!purple.is_empty());
    // The connected project's glyph is purple, the pending one grey.
    let connected = cells_of(buf, "⬢ Holiday Spot 2026");
    assert_eq!(connected[0].fg, Color::Magenta, "connected is Frame.io purple");
    let pending = cells_of(buf, "⬢ Spring Campaign 2027");
    assert_eq!(pending[0].fg, Color::DarkGray, "pending is grey");
    let failed = cells_of(buf, "✗ Launch Film");
    assert_eq!(failed[0].fg, Color::Red, "failed is red");
    // The connected-groups line uses the purple glyph too.
    let group_line = cells_of(buf, "⬢ Creative Services");
    assert_eq!(group_line[0].fg, Color::Magenta);

    // ASCII keeps the colours, with ASCII glyphs.
    let ascii = render(&w.s, &VARIANTS[1].1);
    let abuf = ascii.backend().buffer();
    assert_eq!(cells_of(abuf, "[F] Holiday Spot 2026")[0].fg, Color::Magenta);
    assert_eq!(cells_of(abuf, "[!] Launch Film")[0].fg, Color::Red);

    // NO_COLOR: no colour at all, and the word says what the colour said.
    let mono = render(&w.s, &VARIANTS[2].1);
    let mbuf = mono.backend().buffer();
    assert!(no_colour_anywhere(mbuf), "no colour at all under NO_COLOR");
    let text = text(mbuf);
    for word in ["⬢ connected", "⬢ pending", "✗ failed", "syncing"] {
        assert!(text.contains(word), "{word} under NO_COLOR:\n{text}");
    }
}
