//! The dashboard: connected groups, and projects in them with their Frame.io icon and why.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::groups::loading;
use super::{boxed, title};
use crate::app::state::{Loadable, State};
use crate::ui::glyph::{self, GlyphState};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::{list, panel};

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let data = state.home.data.data();
    let connected = data.map(|d| d.connected_groups()).unwrap_or_default();
    let group_lines = connected.len().clamp(1, 3) as u16 + u16::from(connected.len() > 3);
    let [head, groups, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(group_lines), Constraint::Min(3)]).areas(area);
    title(frame, head, "Dashboard", "Workfront projects connected to Frame.io", theme);

    let mut lines: Vec<Line<'_>> = connected
        .iter()
        .take(3)
        .map(|g| {
            let c = g.connection.as_ref().expect("connected");
            Line::from(vec![
                Span::raw(" "),
                glyph::span(GlyphState::Connected, theme, 0),
                Span::raw(format!(" {}", g.name)),
                Span::styled(
                    format!("  {} {}{}", if theme.unicode { "→" } else { "->" }, c.team_name, theme.separator()),
                    theme.style(Role::Dim),
                ),
                Span::styled(c.account_name.clone(), theme.style(Role::Dim)),
            ])
        })
        .collect();
    if connected.len() > 3 {
        lines.push(Line::styled(
            format!(" and {} more connected groups (press 1)", connected.len() - 3),
            theme.style(Role::Dim),
        ));
    }
    if data.is_some() && connected.is_empty() {
        lines.push(Line::styled(
            " No group is connected to Frame.io yet: press 1 to connect one.",
            theme.style(Role::Warning),
        ));
    }
    frame.render_widget(Paragraph::new(lines), groups);

    let inner = boxed(frame, body, "Projects in connected groups", theme);
    match &state.home.data {
        Loadable::Loading { stale: None, .. } => loading(frame, inner, "Reading Workfront", state, theme),
        _ => {
            let projects = data.map(|d| d.projects.as_slice()).unwrap_or_default();
            if projects.is_empty() && data.is_some() {
                panel::centered(
                    frame,
                    inner,
                    Line::styled(
                        "No project in a connected group yet: press 4 to create or pick one.",
                        theme.style(Role::Dim),
                    ),
                );
            } else {
                let name_w = projects.iter().map(|p| p.name.chars().count()).max().unwrap_or(0).min(28);
                let status_w = projects.iter().map(|p| p.status_label.chars().count()).max().unwrap_or(0).min(14);
                let group_w = projects.iter().map(|p| p.group_name.chars().count()).max().unwrap_or(0).min(18);
                list::draw(frame, inner, projects.len(), state.home.cursor, true, theme, |i| {
                    let p = &projects[i];
                    vec![
                        glyph::column(p.icon, theme, state.spinner),
                        Span::raw(" "),
                        Span::raw(list::fit(&p.name, name_w, theme)),
                        Span::raw("  "),
                        Span::raw(list::fit(&p.status_label, status_w, theme)),
                        Span::raw("  "),
                        Span::styled(list::fit(&p.group_name, group_w, theme), theme.style(Role::Dim)),
                        Span::styled(format!("  {}", p.reason), theme.style(Role::Dim)),
                    ]
                });
            }
        }
    }
    if let Some(e) = state.home.data.error() {
        panel::error(frame, body, theme, "Could not read Workfront", &e.message, "Press r to retry, or q to quit.");
    }
}
