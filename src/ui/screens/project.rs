//! Step 4: pick or create a project (from scratch or a template), then Project Details with the
//! Group field and its drop-down, connected groups carrying the Frame.io icon; Save Changes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::groups::loading;
use super::{boxed, rows, title};
use crate::app::layout;
use crate::app::state::project::CreateFocus;
use crate::app::state::{Loadable, ProjectPhase, State};
use crate::ui::glyph::{self, GlyphState};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::{list, panel};

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let ps = &state.project;
    match ps.phase {
        ProjectPhase::Pick | ProjectPhase::Create => draw_pick(frame, area, state, theme),
        ProjectPhase::Details | ProjectPhase::Dropdown | ProjectPhase::ConfirmGroup => {
            draw_details(frame, area, state, theme)
        }
    }
    if ps.phase == ProjectPhase::Create {
        draw_create(frame, area, state, theme);
    }
    if let Some(e) = ps.data.error() {
        panel::error(frame, area, theme, "Could not read projects", &e.message, "Press r to retry, Esc to go back.");
    }
}

fn draw_pick(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let ps = &state.project;
    let [head, filter, body] = rows(area);
    let visible = ps.visible();
    title(frame, head, "Projects", "pick one to set its group, or n to create one (from scratch or a template)", theme);
    let filter_line = if ps.filtering || !ps.filter.text.is_empty() {
        panel::field(" / ", ps.filter.text.clone(), ps.filtering, theme)
    } else {
        Line::styled(" / searches projects", theme.style(Role::Dim))
    };
    frame.render_widget(Paragraph::new(filter_line), filter);
    let inner = boxed(frame, body, "", theme);
    match &ps.data {
        Loadable::Loading { stale: None, .. } => loading(frame, inner, "Reading projects", state, theme),
        _ if visible.is_empty() && ps.data.data().is_some() => {
            panel::centered(
                frame,
                inner,
                Line::styled("No project matches. Press n to create one.", theme.style(Role::Dim)),
            );
        }
        _ => {
            let name_w = visible.iter().map(|p| p.name.chars().count()).max().unwrap_or(0).min(30);
            list::draw(frame, inner, visible.len(), ps.cursor, ps.phase == ProjectPhase::Pick, theme, |i| {
                let p = visible[i];
                vec![
                    glyph::column(p.icon, theme, state.spinner),
                    Span::raw(" "),
                    Span::raw(list::fit(&p.name, name_w, theme)),
                    Span::styled(format!("  {:<12}", p.status_label), theme.style(Role::Dim)),
                    group_span(&p.group_name, p.group_connected, theme),
                ]
            });
        }
    }
}

fn group_span(name: &str, connected: bool, theme: &Theme) -> Span<'static> {
    if connected {
        let sym = glyph::symbol(GlyphState::Connected, theme, 0);
        let word = if theme.color { String::new() } else { " connected".into() };
        Span::styled(format!("  {name} {sym}{word}"), theme.style(Role::Connected))
    } else {
        Span::styled(format!("  {name}"), theme.style(Role::Dim))
    }
}

fn draw_create(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let ps = &state.project;
    let templates = ps.templates();
    let height = (templates.len() as u16 + 9).min(area.height);
    let inner = panel::dialog(frame, area, theme, "New project", 66, height);
    let [name, label, list_area, msg] =
        Layout::vertical([Constraint::Length(2), Constraint::Length(1), Constraint::Min(1), Constraint::Length(2)])
            .areas(inner);
    frame.render_widget(
        Paragraph::new(panel::field("Name: ", ps.name.text.clone(), ps.focus == CreateFocus::Name, theme)),
        name,
    );
    let arrows = if theme.unicode { "↑↓" } else { "Up/Down" };
    let hint = if ps.focus == CreateFocus::Template {
        format!("Create from ({arrows} chooses):")
    } else {
        format!("Create from (Tab, then {arrows}):")
    };
    frame.render_widget(Paragraph::new(Line::styled(hint, theme.style(Role::Dim))), label);
    let (on, off) = if theme.unicode { ("(•) ", "( ) ") } else { ("(*) ", "( ) ") };
    let lines: Vec<Line<'_>> = std::iter::once("From scratch (the project goes in the Default group)".to_owned())
        .chain(templates.iter().map(|t| format!("Template: {}", t.name)))
        .enumerate()
        .map(|(i, text)| {
            let chosen = i == ps.template_cursor.selected;
            let style = if chosen && ps.focus == CreateFocus::Template {
                theme.style(Role::Selected)
            } else {
                theme.style(Role::Normal)
            };
            Line::styled(format!("{}{text}", if chosen { on } else { off }), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list_area);
    let message = if ps.pending.is_some() {
        Line::styled(
            format!("{} Creating in Workfront{}", theme.spinner(state.spinner), theme.ellipsis()),
            theme.style(Role::Dim),
        )
    } else if let Some(e) = &ps.error {
        Line::styled(e.clone(), theme.style(Role::Error))
    } else {
        Line::styled("Enter creates the project, Esc cancels.", theme.style(Role::Dim))
    };
    frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), msg);
}

fn draw_details(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let ps = &state.project;
    let Some(p) = &ps.current else { return };
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(8)]).areas(area);
    title(frame, head, "Project Details", &p.name, theme);
    let inner = boxed(frame, body, "Project Details", theme);
    let (_, group_name, connected) = ps.shown_group().unwrap_or_default();
    let arrow = if theme.unicode { "▾" } else { "v" };
    let mut group = vec![
        Span::styled("Group:   ", theme.style(Role::Dim)),
        Span::styled(format!(" {group_name} "), theme.style(Role::Selected)),
    ];
    if connected {
        group.push(Span::raw(" "));
        group.push(glyph::labelled(GlyphState::Connected, theme, 0));
    } else {
        group.push(Span::styled("  not connected to Frame.io", theme.style(Role::Warning)));
    }
    group.push(Span::styled(format!("  {arrow} Enter to change"), theme.style(Role::Dim)));
    let mut lines = vec![
        Line::from(vec![Span::styled("Name:     ", theme.style(Role::Dim)), Span::raw(p.name.clone())]),
        Line::from(vec![Span::styled("Status:   ", theme.style(Role::Dim)), Span::raw(p.status_label.clone())]),
        Line::from(vec![
            Span::styled("Frame.io: ", theme.style(Role::Dim)),
            glyph::labelled(p.icon, theme, state.spinner),
            Span::styled(format!("  {}", p.reason), theme.style(Role::Dim)),
        ]),
        Line::default(),
        Line::from(group),
        Line::default(),
    ];
    if ps.dirty() {
        lines.push(Line::styled("Unsaved change: press s to Save Changes.", theme.style(Role::Warning)));
    } else if !p.group_connected {
        lines.push(Line::styled(
            format!(
                "Replace the {group_name} group: press Enter and choose a group with the Frame.io icon, then s to Save Changes."
            ),
            theme.style(Role::Normal),
        ));
    } else {
        lines.push(Line::styled(
            "The group is connected. Press 5 to set up the project's tasks.",
            theme.style(Role::Success),
        ));
    }
    if p.generated {
        lines.push(Line::styled(
            "This project is already generated in Frame.io: changing its group is not reflected in Frame.io.",
            theme.style(Role::Dim),
        ));
    }
    if ps.pending.is_some() {
        lines.push(Line::styled(
            format!("{} Saving{}", theme.spinner(state.spinner), theme.ellipsis()),
            theme.style(Role::Dim),
        ));
    } else if let Some(e) = &ps.error {
        lines.push(Line::styled(e.clone(), theme.style(Role::Error)));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);

    if ps.phase == ProjectPhase::Dropdown {
        let groups = ps.groups();
        let height = layout::dropdown_rows(state) + 2;
        let popup = panel::dialog(frame, area, theme, "Group", 48, height);
        list::draw(frame, popup, groups.len(), ps.dropdown_cursor, true, theme, |i| {
            let g = &groups[i];
            let icon = if g.is_connected() { GlyphState::Connected } else { GlyphState::None };
            vec![glyph::column(icon, theme, 0), Span::raw(format!(" {}", g.name))]
        });
    }
    if ps.phase == ProjectPhase::ConfirmGroup {
        let popup = panel::dialog(frame, area, theme, "Change the group?", 64, 7);
        let text = vec![
            Line::raw(
                "This project is already connected to Frame.io. Changing its group is not reflected in Frame.io: the Frame.io project stays in its workspace.",
            ),
            Line::default(),
            Line::styled("y changes the group anyway, n keeps it.", theme.style(Role::Key)),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), popup);
    }
}
