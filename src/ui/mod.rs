//! Drawing. `draw` renders the whole frame from `State`: a header with the profile, instance and
//! DEMO badge, the breadcrumb of the seed document's steps, the current screen, a status line,
//! a footer of key hints from the keymap, and the help overlay.

pub mod glyph;
pub mod screens;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::state::{MIN_HEIGHT, MIN_WIDTH, STEPS, Screen, State};
use crate::app::update::context;
use crate::app::{keymap, layout};
use theme::{Role, Theme};

pub fn draw(frame: &mut Frame<'_>, state: &State, theme: &Theme) {
    let area = frame.area();
    if state.too_small() || area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, area, theme);
        return;
    }
    let [header, crumbs, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(layout::status_rows(state)),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(frame, header, state, theme);
    draw_breadcrumb(frame, crumbs, state, theme);
    match state.screen {
        Screen::Home => screens::home::draw(frame, body, state, theme),
        Screen::Groups => screens::groups::draw(frame, body, state, theme),
        Screen::Token => screens::token::draw(frame, body, state, theme),
        Screen::Account => screens::account::draw(frame, body, state, theme),
        Screen::Project => screens::project::draw(frame, body, state, theme),
        Screen::Tasks => screens::tasks::draw(frame, body, state, theme),
        Screen::Status => screens::status::draw(frame, body, state, theme),
    }
    if let Some(toast) = &state.toast {
        let role = if toast.error { Role::Error } else { Role::Success };
        let text =
            Paragraph::new(Line::styled(format!(" {}", toast.text), theme.style(role))).wrap(Wrap { trim: false });
        frame.render_widget(text, status);
    }
    draw_footer(frame, footer, state, theme);
    if state.help_open {
        widgets::help::draw(frame, area, context_before_help(state), theme);
    }
}

/// Help lists the keys of the screen underneath it.
fn context_before_help(state: &State) -> keymap::Context {
    let mut under = state.clone();
    under.help_open = false;
    context(&under)
}

fn draw_header(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let sep = theme.separator();
    let left = Line::from(vec![
        Span::styled(" wfio", theme.style(Role::Title)),
        Span::styled(sep, theme.style(Role::Dim)),
        Span::raw(format!("profile {}", state.session.profile)),
        Span::styled(sep, theme.style(Role::Dim)),
        Span::raw(format!("Workfront {}", state.session.instance)),
    ]);
    let mut right = Vec::new();
    if state.busy() {
        right.push(Span::styled(format!("{} working ", theme.spinner(state.spinner)), theme.style(Role::Dim)));
    }
    if state.session.demo {
        right.push(Span::styled(" DEMO ", theme.style(Role::Badge)));
        right.push(Span::raw(" "));
    }
    let right = Line::from(right);
    let right_width = right.width() as u16;
    let [l, r] = Layout::horizontal([Constraint::Min(1), Constraint::Length(right_width)]).areas(area);
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(right), r);
}

/// `1 Group › 2 Sign in › ...`, the current step highlighted and finished ones ticked.
fn draw_breadcrumb(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let current = state.screen.step();
    let done = state.steps_done();
    let (tick, sep) = if theme.unicode { ("✓", " › ") } else { ("+", " > ") };
    let mut spans = vec![Span::raw(" ")];
    for (i, name) in STEPS.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(sep, theme.style(Role::Dim)));
        }
        let mark = if done[i] { tick } else { "" };
        let text = format!("{mark}{} {name}", i + 1);
        let role = if current == Some(i + 1) {
            Role::Selected
        } else if done[i] {
            Role::Success
        } else {
            Role::Dim
        };
        spans.push(Span::styled(text, theme.style(role)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Key hints from the keymap, as many as fit; `? help` stays when it is bound, since help lists
/// everything that did not fit.
fn draw_footer(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let ctx = context(state);
    let hints = keymap::hints(ctx, theme.unicode);
    let width = |(k, l): &(String, &str)| k.chars().count() + l.chars().count() + 3;
    let help = hints.iter().position(|(k, _)| k == "?");
    let reserve = help.map_or(0, |i| width(&hints[i]));
    let mut budget = usize::from(area.width).saturating_sub(1 + reserve);
    let mut shown: Vec<usize> = Vec::new();
    for (i, hint) in hints.iter().enumerate() {
        if Some(i) == help {
            continue;
        }
        if width(hint) > budget {
            break;
        }
        budget -= width(hint);
        shown.push(i);
    }
    if let Some(i) = help {
        shown.push(i);
        shown.sort_unstable();
    }
    let mut spans = vec![Span::raw(" ")];
    for (n, i) in shown.into_iter().enumerate() {
        let (keys, label) = &hints[i];
        if n > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(keys.clone(), theme.style(Role::Key)));
        spans.push(Span::styled(format!(" {label}"), theme.style(Role::Dim)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_too_small(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let text = format!(
        "Terminal too small: {}x{}. Enlarge the window to at least {MIN_WIDTH}x{MIN_HEIGHT}, or press Ctrl-C to quit.",
        area.width, area.height
    );
    let p = Paragraph::new(text).style(theme.style(Role::Warning)).wrap(Wrap { trim: true });
    frame.render_widget(p, area);
}
