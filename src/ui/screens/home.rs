//! The dashboard: connected groups, and projects in them with their Frame.io icon and why.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::groups::loading;
use super::{boxed, title};
use crate::app::layout;
use crate::app::state::{Loadable, State};
use crate::ui::glyph::{self, GlyphState};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::{list, panel};

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let data = state.home.data.data();
    let connected = data.map(|d| d.connected_groups()).unwrap_or_default();
    let group_lines = layout::home_group_rows(connected.len());
    let [head, groups, body, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(group_lines),
        Constraint::Min(3),
        Constraint::Length(layout::HOME_DETAIL_ROWS),
    ])
    .areas(area);
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
                    format!("  {} {}{}", if theme.unicode { "→" } else { "->" }, c.workspace_name, theme.separator()),
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
                // The reason takes what is left; the full text is under the list for the selection.
                let used = 2 + glyph::column_width(theme) + 1 + name_w + 2 + status_w + 2 + group_w + 2;
                let reason_w = usize::from(inner.width).saturating_sub(used);
                list::draw(frame, inner, projects.len(), state.home.cursor, true, theme, |i| {
                    let p = &projects[i];
                    let mut spans = vec![
                        glyph::column(p.icon, theme, state.spinner),
                        Span::raw(" "),
                        Span::raw(list::fit(&p.name, name_w, theme)),
                        Span::raw("  "),
                        Span::raw(list::fit(&p.status_label, status_w, theme)),
                        Span::raw("  "),
                        Span::styled(list::fit(&p.group_name, group_w, theme), theme.style(Role::Dim)),
                    ];
                    if reason_w > 3 {
                        spans.push(Span::styled(
                            format!("  {}", list::truncate(&p.reason, reason_w, theme)),
                            theme.style(Role::Dim),
                        ));
                    }
                    spans
                });
                if let Some(p) = state.home.selected() {
                    let role = if p.icon == GlyphState::Failed { Role::Error } else { Role::Dim };
                    let text = format!(" {}: {}", p.name, p.reason);
                    let lines: Vec<Line<'_>> = layout::wrap(&text, usize::from(detail.width))
                        .into_iter()
                        .take(usize::from(layout::HOME_DETAIL_ROWS))
                        .map(|l| Line::styled(l, theme.style(role)))
                        .collect();
                    frame.render_widget(Paragraph::new(lines), detail);
                }
            }
        }
    }
    if let Some(e) = state.home.data.error() {
        panel::error(frame, body, theme, "Could not read Workfront", &e.message, "Press r to retry, or q to quit.");
    }
}
