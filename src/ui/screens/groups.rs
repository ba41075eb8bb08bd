//! Step 1: the Workfront group list, with the Frame.io glyph on connected groups; create a group;
//! "Connect to Frame.io" on the selected one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{boxed, rows};
use crate::app::state::{Loadable, State};
use crate::ui::glyph::{self, GlyphState};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::{list, panel};

/// Longest group name shown before truncation.
const MAX_NAME: usize = 32;

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let gs = &state.groups;
    let [title, filter, body] = rows(area);

    let visible = gs.visible();
    let count = match gs.groups.data() {
        Some(all) if !gs.filter.text.is_empty() => format!(" ({} of {})", visible.len(), all.len()),
        Some(all) => format!(" ({})", all.len()),
        None => String::new(),
    };
    let legend = Line::from(vec![
        Span::styled(glyph::symbol(GlyphState::Connected, theme, 0), theme.style(Role::Connected)),
        Span::styled(" connected to a Frame.io workspace ", theme.style(Role::Dim)),
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
        panel::field(" / ", gs.filter.text.clone(), true, theme)
    } else if !gs.filter.text.is_empty() {
        Line::from(vec![
            Span::styled(" / ", theme.style(Role::Key)),
            Span::raw(gs.filter.text.clone()),
            Span::styled("  (/ to edit, Esc in the field clears)", theme.style(Role::Dim)),
        ])
    } else {
        Line::styled(
            " Choose a group and press Enter to connect it, or n to create one. / filters.",
            theme.style(Role::Dim),
        )
    };
    frame.render_widget(Paragraph::new(filter_line), filter);

    let inner = boxed(frame, body, "", theme);
    match &gs.groups {
        Loadable::Idle => {}
        Loadable::Loading { stale: None, .. } => loading(frame, inner, "Loading groups from Workfront", state, theme),
        _ if visible.is_empty() && gs.groups.data().is_some() => {
            let text = if gs.filter.text.is_empty() {
                "This Workfront instance has no groups yet: press n to create one.".to_owned()
            } else {
                format!("No group matches \"{}\". Esc clears the filter.", gs.filter.text)
            };
            panel::centered(frame, inner, Line::styled(text, theme.style(Role::Dim)));
        }
        _ => {
            let name_width = visible.iter().map(|g| g.name.chars().count()).max().unwrap_or(0).min(MAX_NAME);
            let focused = gs.creating.is_none();
            list::draw(frame, inner, visible.len(), gs.cursor, focused, theme, |i| {
                let g = visible[i];
                let icon = if g.is_connected() { GlyphState::Connected } else { GlyphState::None };
                let mut spans = vec![
                    glyph::column(icon, theme, 0),
                    Span::raw(" "),
                    Span::raw(list::fit(&g.name, name_width, theme)),
                ];
                match &g.connection {
                    Some(c) if c.legacy => spans.push(Span::styled(
                        format!("  legacy team {}: reconnect (step 2)", c.workspace_name),
                        theme.style(Role::Warning),
                    )),
                    Some(c) => spans.push(Span::styled(
                        format!("  {}{}{}", c.workspace_name, theme.separator(), c.account_name),
                        theme.style(Role::Dim),
                    )),
                    None if !g.description.is_empty() => {
                        spans.push(Span::styled(format!("  {}", g.description), theme.style(Role::Dim)));
                    }
                    None => {}
                }
                spans
            });
        }
    }

    if let Loadable::Failed { error, .. } = &gs.groups {
        panel::error(frame, body, theme, "Could not load groups", &error.message, "Press r to retry, or q to quit.");
    }
    if let Some(field) = &gs.creating {
        let inner = panel::dialog(frame, area, theme, "Create group", 64, 7);
        let mut lines = vec![panel::field("Name: ", field.text.clone(), true, theme), Line::default()];
        if gs.saving.is_some() {
            lines.push(Line::styled(
                format!("{} Creating in Workfront{}", theme.spinner(state.spinner), theme.ellipsis()),
                theme.style(Role::Dim),
            ));
        } else if let Some(e) = &gs.create_error {
            lines.push(Line::styled(e.clone(), theme.style(Role::Error)));
        } else {
            lines.push(Line::styled("Enter creates the group, Esc cancels.", theme.style(Role::Dim)));
        }
        frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }), inner);
    }
}

/// A centred spinner line.
pub fn loading(frame: &mut Frame<'_>, area: Rect, what: &str, state: &State, theme: &Theme) {
    let line = Line::from(vec![
        Span::styled(theme.spinner(state.spinner), theme.style(Role::Key)),
        Span::raw(format!(" {what}{}", theme.ellipsis())),
    ]);
    panel::centered(frame, area, line);
}
