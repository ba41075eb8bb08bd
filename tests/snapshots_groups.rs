//! Snapshots of the group list screen in each state, in Unicode+colour, ASCII and NO_COLOR.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use wfio::app::state::{Connection, ErrorInfo, GroupRow, SessionInfo};
use wfio::app::{Action, Command, State, WorkerEvent, init, update};
use wfio::ui::{self, theme::Theme};

const VARIANTS: [(&str, Theme); 3] = [
    ("unicode", Theme { color: true, unicode: true }),
    ("ascii", Theme { color: true, unicode: false }),
    ("nocolor", Theme { color: false, unicode: true }),
];

fn rows() -> Vec<GroupRow> {
    let g = |name: &str, desc: &str, team: Option<(&str, &str)>| GroupRow {
        id: format!("id-{name}"),
        name: name.into(),
        description: desc.into(),
        connection: team.map(|(t, a)| Connection {
            account_id: "acct".into(),
            account_name: a.into(),
            workspace_id: "team".into(),
            workspace_name: t.into(),
            legacy: false,
        }),
    };
    vec![
        g("Creative Services", "In-house design and production", None),
        g("Default", "The default project group", None),
        g("Events", "Trade shows and live events", None),
        g("Marketing", "Brand and campaign work", Some(("Brand Studio", "Northwind Studios"))),
        g("Video Production", "Shoots, edits and finishing", Some(("Video Post", "Northwind Studios"))),
    ]
}

fn session() -> SessionInfo {
    SessionInfo { profile: "demo".into(), instance: "127.0.0.1:40123".into(), demo: true, last_sign_in: None }
}

/// A state on the group list whose group request is in flight, and its request.
fn loading(w: u16, h: u16) -> (State, Command) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut s = State::new(session(), 80, 24);
    init(&mut s);
    let cmd = update(&mut s, Action::Key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE))).remove(0);
    update(&mut s, Action::Resize(w, h));
    (s, cmd)
}

fn loaded(w: u16, h: u16) -> State {
    let (mut s, cmd) = loading(w, h);
    let Command::Request(request, _) = cmd else { panic!() };
    update(&mut s, Action::Worker(WorkerEvent::Groups { request, result: Ok(rows()) }));
    s
}

fn render(state: &State, theme: &Theme) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(state.width, state.height)).unwrap();
    terminal.draw(|f| ui::draw(f, state, theme)).unwrap();
    terminal
}

fn key(s: &mut State, c: char) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    update(s, Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
}

fn snapshot_all(name: &str, state: &State) {
    for (variant, theme) in VARIANTS {
        let terminal = render(state, &theme);
        insta::assert_snapshot!(format!("{name}_{variant}"), terminal.backend());
    }
}

#[test]
fn groups_loaded() {
    let mut s = loaded(80, 24);
    key(&mut s, 'j');
    snapshot_all("groups_loaded", &s);
}

#[test]
fn groups_loading() {
    let (s, _) = loading(80, 24);
    snapshot_all("groups_loading", &s);
}

#[test]
fn groups_error() {
    let (mut s, cmd) = loading(80, 24);
    let Command::Request(request, _) = cmd else { panic!() };
    let error = ErrorInfo::new(
        "Workfront refused the credentials (That username/password combination wasn't quite right.  Make sure your caps lock isn't on and try again.). Check the API key or sign in again.",
    );
    update(&mut s, Action::Worker(WorkerEvent::Groups { request, result: Err(error) }));
    snapshot_all("groups_error", &s);
}

#[test]
fn groups_empty_filter_result() {
    let mut s = loaded(80, 24);
    key(&mut s, '/');
    for c in "zzz".chars() {
        key(&mut s, c);
    }
    snapshot_all("groups_filter_empty", &s);
}

#[test]
fn groups_help_overlay() {
    let mut s = loaded(80, 24);
    key(&mut s, '?');
    snapshot_all("groups_help", &s);
}

#[test]
fn terminal_too_small() {
    let s = loaded(40, 10);
    snapshot_all("too_small", &s);
}

#[test]
fn connected_glyph_is_purple_in_colour_and_plain_under_no_color() {
    let s = loaded(80, 24);
    let find_glyph = |t: &Terminal<TestBackend>| {
        let buf = t.backend().buffer();
        let area = buf.area;
        (0..area.height)
            .flat_map(|y| (0..area.width).map(move |x| (x, y)))
            .find(|&(x, y)| buf[(x, y)].symbol() == "⬢" && y > 3)
            .map(|(x, y)| buf[(x, y)].clone())
            .expect("a connected glyph in the list")
    };
    let colour = render(&s, &VARIANTS[0].1);
    assert_eq!(find_glyph(&colour).fg, Color::Magenta);
    let mono = render(&s, &VARIANTS[2].1);
    assert_eq!(find_glyph(&mono).fg, Color::Reset);
    let buf = mono.backend().buffer();
    assert!(
        buf.content().iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "no colour at all under NO_COLOR"
    );
}
