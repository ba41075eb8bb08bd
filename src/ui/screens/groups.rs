//! Step 1: the Workfront group list, with the Frame.io glyph on connected groups.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::state::{GroupRow, Loadable, State};
use crate::ui::glyph::GlyphState;
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::panel;

/// Longest group name shown before truncation.
const MAX_NAME: usize = 32;

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let gs = &state.groups;
    let [title, filter, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(area);

    let visible = gs.visible();
    let count = match gs.groups.data() {
        Some(all) if !gs.filter.text.is_empty() => format!(" ({} of {})", visible.len(), all.len()),
        Some(all) => format!(" ({})", all.len()),
        None => String::new(),
    };
    let legend = Line::from(vec![
        Span::styled(GlyphState::Connected.symbol(theme, 0), theme.style(Role::Connected)),
        Span::styled(" connected to a Frame.io team ", theme.style(Role::Dim)),
    ]);
    let legend_width = legend.width() as u16;
    let [t, l] = Layout::horizontal([Constraint::Min(1), Constraint::Length(legend_width)]).areas(title);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" Workfront groups", theme.style(Role::Title)),
            Span::styled(count, theme.style(Role::Dim)),
        ])),
        t,
    );
    frame.render_widget(Paragraph::new(legend), l);

    let filter_line = if gs.filtering {
        let caret = if theme.unicode { "▏" } else { "_" };
        Line::from(vec![
            Span::styled(" / ", theme.style(Role::Key)),
            Span::styled(gs.filter.text.clone(), theme.style(Role::Input)),
            Span::styled(caret, theme.style(Role::Key)),
        ])
    } else if !gs.filter.text.is_empty() {
        Line::from(vec![
            Span::styled(" / ", theme.style(Role::Key)),
            Span::raw(gs.filter.text.clone()),
            Span::styled("  (/ to edit, Esc in the field clears)", theme.style(Role::Dim)),
        ])
    } else {
        Line::styled(" Press / to filter", theme.style(Role::Dim))
    };
    frame.render_widget(Paragraph::new(filter_line), filter);

    let block = Block::bordered().border_set(theme.border()).border_style(theme.style(Role::Dim));
    let inner = block.inner(list);
    frame.render_widget(block, list);

    match &gs.groups {
        Loadable::Idle => {}
        Loadable::Loading { stale: None, .. } => {
            let line = Line::from(vec![
                Span::styled(theme.spinner(state.spinner), theme.style(Role::Key)),
                Span::raw(format!(" Loading groups from Workfront{}", theme.ellipsis())),
            ]);
            panel::centered(frame, inner, line);
        }
        _ if visible.is_empty() && gs.groups.data().is_some() => {
            let text = if gs.filter.text.is_empty() {
                "This Workfront instance has no groups yet.".to_owned()
            } else {
                format!("No group matches \"{}\". Esc clears the filter.", gs.filter.text)
            };
            panel::centered(frame, inner, Line::styled(text, theme.style(Role::Dim)));
        }
        _ => draw_rows(frame, inner, state, &visible, theme),
    }

    if let Loadable::Failed { error, .. } = &gs.groups {
        panel::error(frame, list, theme, "Could not load groups", &error.message, "Press r to retry, or q to quit.");
    }
}

fn draw_rows(frame: &mut Frame<'_>, area: Rect, state: &State, rows: &[&GroupRow], theme: &Theme) {
    let cursor = state.groups.cursor;
    let name_width = rows.iter().map(|g| g.name.chars().count()).max().unwrap_or(0).min(MAX_NAME);
    let lines: Vec<Line<'_>> = rows
        .iter()
        .enumerate()
        .skip(cursor.offset)
        .take(area.height as usize)
        .map(|(i, g)| {
            let selected = i == cursor.selected;
            let glyph = if g.connection.is_some() { GlyphState::Connected } else { GlyphState::None };
            let mut spans = vec![
                Span::raw(if selected { theme.pointer() } else { "  " }),
                glyph.column(theme, state.spinner),
                Span::raw(" "),
                Span::raw(format!("{:<name_width$}", truncate(&g.name, name_width, theme))),
            ];
            if let Some(c) = &g.connection {
                spans.push(Span::styled(
                    format!("  {}{}{}", c.team_name, theme.separator(), c.account_name),
                    theme.style(Role::Dim),
                ));
            } else if !g.description.is_empty() {
                spans.push(Span::styled(format!("  {}", g.description), theme.style(Role::Dim)));
            }
            let line = Line::from(spans);
            if selected { line.style(theme.style(Role::Selected)) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn truncate(s: &str, width: usize, theme: &Theme) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let ell = theme.ellipsis();
    let keep = width.saturating_sub(ell.chars().count());
    format!("{}{ell}", s.chars().take(keep).collect::<String>())
}
