//! Step 5: the project's tasks as a tree (subtasks shown, disabled), multi-select, the
//! "Frame.io integration" form, assignment picker, document upload with a progress bar.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::groups::loading;
use super::{boxed, title};
use crate::app::layout;
use crate::app::state::tasks::Pick;
use crate::app::state::{Loadable, State, TasksMode};
use crate::integration::forms;
use crate::ui::glyph::{self, GlyphState};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::{gauge, list, panel};
use crate::worker::rows::human_bytes;

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let ts = &state.tasks;
    let data = ts.data.data();
    let (docs_height, upload_height) = layout::tasks_extra_rows(state);
    let [head, info, body, docs, upload] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(docs_height),
        Constraint::Length(upload_height),
    ])
    .areas(area);
    let name = data.map_or(String::new(), |d| d.project.name.clone());
    title(
        frame,
        head,
        &format!("Tasks of \"{name}\""),
        "Space selects, a selects all, e edits the Frame.io form",
        theme,
    );
    if let Some(d) = data {
        let mut spans = vec![Span::styled(" Group ", theme.style(Role::Dim)), Span::raw(d.project.group_name.clone())];
        if d.project.group_connected {
            spans.push(Span::raw(" "));
            spans.push(glyph::span(GlyphState::Connected, theme, 0));
        } else {
            spans.push(Span::styled(" (not connected: the Frame.io form is unavailable)", theme.style(Role::Warning)));
        }
        spans.push(Span::styled("   project icon ", theme.style(Role::Dim)));
        spans.push(glyph::labelled(d.project.icon, theme, state.spinner));
        frame.render_widget(Paragraph::new(Line::from(spans)), info);
    }

    let selected = if ts.selected.is_empty() { String::new() } else { format!("{} selected", ts.selected.len()) };
    let inner = boxed(frame, body, &selected, theme);
    match &ts.data {
        Loadable::Loading { stale: None, .. } => loading(frame, inner, "Reading tasks", state, theme),
        _ if ts.rows().is_empty() && data.is_some() => {
            panel::centered(frame, inner, Line::styled("No task yet: press n to create one.", theme.style(Role::Dim)));
        }
        _ => draw_rows(frame, inner, state, theme),
    }
    if let Some(d) = data.filter(|d| !d.documents.is_empty()) {
        let mut lines = vec![Line::styled(format!(" Documents ({})", d.documents.len()), theme.style(Role::Title))];
        for doc in d.documents.iter().take(3) {
            let on = doc.on_task.as_ref().map_or("project".to_owned(), |t| format!("task {t}"));
            lines.push(Line::styled(
                format!("  {}  {}  on {on}", doc.name, human_bytes(doc.size)),
                theme.style(Role::Dim),
            ));
        }
        frame.render_widget(Paragraph::new(lines), docs);
    }
    if let Some(u) = &ts.upload {
        let ratio = if u.total == 0 { 0.0 } else { (u.done as f64 / u.total as f64).clamp(0.0, 1.0) };
        let label = format!("Uploading {} {} / {}", u.name, human_bytes(u.done), human_bytes(u.total));
        gauge::draw(frame, upload, ratio, &label, Role::Key, theme);
    }
    if let Some(e) = ts.data.error() {
        panel::error(frame, body, theme, "Could not read the tasks", &e.message, "Press r to retry, Esc to go back.");
    }
    draw_mode(frame, area, state, theme);
}

fn draw_rows(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let ts = &state.tasks;
    let rows = ts.rows();
    let (on, off) = if theme.unicode { ("[✓]", "[ ]") } else { ("[x]", "[ ]") };
    let indent = |depth: usize| -> String {
        match depth {
            0 => String::new(),
            d => format!("{}{} ", "  ".repeat(d - 1), if theme.unicode { "└" } else { "`-" }),
        }
    };
    let name_w =
        rows.iter().map(|t| indent(t.depth).chars().count() + t.name.chars().count()).max().unwrap_or(0).min(40);
    list::draw(frame, area, rows.len(), ts.cursor, ts.mode == TasksMode::List, theme, |i| {
        let t = &rows[i];
        let name = list::fit(&format!("{}{}", indent(t.depth), t.name), name_w, theme);
        if t.is_subtask {
            return vec![
                Span::styled("   ", theme.style(Role::Dim)),
                Span::raw(" "),
                Span::styled(name, theme.style(Role::Dim)),
                Span::styled("  subtask: not supported in Frame.io", theme.style(Role::Dim)),
            ];
        }
        let mark = if ts.selected.contains(&t.id) { on } else { off };
        let status = if t.active {
            Span::styled(format!("  {:<8}", forms::TASK_ACTIVE), theme.style(Role::Connected))
        } else {
            Span::styled(format!("  {:<8}", forms::TASK_INACTIVE), theme.style(Role::Dim))
        };
        let people = if t.assignees.is_empty() { "nobody assigned".to_owned() } else { t.assignees.join(", ") };
        vec![
            Span::styled(mark, theme.style(Role::Key)),
            Span::raw(" "),
            Span::raw(name),
            status,
            Span::styled(format!("  {people}"), theme.style(Role::Dim)),
        ]
    });
}

fn draw_mode(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let ts = &state.tasks;
    match &ts.mode {
        TasksMode::List => {}
        TasksMode::NewTask(field) => {
            let inner = panel::dialog(frame, area, theme, "New task", 60, 5);
            let lines = vec![
                panel::field("Name: ", field.text.clone(), true, theme),
                Line::styled("Enter creates a top-level task, Esc cancels.", theme.style(Role::Dim)),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
        }
        TasksMode::Form { active } => {
            let n = ts.targets().len();
            let inner = panel::dialog(
                frame,
                area,
                theme,
                &format!("Edit {n} task{}: Custom Forms", if n == 1 { "" } else { "s" }),
                62,
                9,
            );
            let (on, off) = if theme.unicode { ("(•)", "( )") } else { ("(*)", "( )") };
            let radio = |label: &str, chosen: bool| {
                let style = if chosen { theme.style(Role::Selected) } else { theme.style(Role::Normal) };
                Span::styled(format!(" {} {label} ", if chosen { on } else { off }), style)
            };
            let lines = vec![
                Line::styled(forms::TASK_FORM, theme.style(Role::Title)),
                Line::default(),
                Line::from(vec![
                    Span::styled(forms::TASK_STATUS, theme.style(Role::Normal)),
                    Span::styled(":", theme.style(Role::Dim)),
                ]),
                Line::from(vec![
                    Span::raw("  "),
                    radio(forms::TASK_INACTIVE, !active),
                    Span::raw("  "),
                    radio(forms::TASK_ACTIVE, *active),
                ]),
                Line::default(),
                Line::styled("Space or arrows choose, Enter saves changes, Esc cancels.", theme.style(Role::Dim)),
            ];
            frame.render_widget(Paragraph::new(lines), inner);
        }
        TasksMode::Assign { filter, cursor } => {
            let n = ts.targets().len();
            let inner = panel::dialog(
                frame,
                area,
                theme,
                &format!("Assign to {n} task{}", if n == 1 { "" } else { "s" }),
                64,
                layout::ASSIGN_DIALOG,
            );
            let [field, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
            frame.render_widget(Paragraph::new(panel::field("Search: ", filter.text.clone(), true, theme)), field);
            match &ts.people {
                Loadable::Loading { .. } => loading(frame, body, "Reading users and teams", state, theme),
                _ => {
                    let picks = ts.people.data().map(|p| p.picks(&filter.text)).unwrap_or_default();
                    list::draw(frame, body, picks.len(), *cursor, true, theme, |i| match &picks[i] {
                        Pick::Team { name, members, .. } => vec![
                            Span::styled("team  ", theme.style(Role::Key)),
                            Span::raw(name.clone()),
                            Span::styled(format!("  {members} members"), theme.style(Role::Dim)),
                        ],
                        Pick::User { name, email, .. } => vec![
                            Span::styled("user  ", theme.style(Role::Dim)),
                            Span::raw(name.clone()),
                            Span::styled(
                                format!("  {}", email.clone().unwrap_or_else(|| "no email".into())),
                                theme.style(Role::Dim),
                            ),
                        ],
                    });
                }
            }
        }
        TasksMode::Upload { path, completions } => {
            let height = 6 + completions.len().min(8) as u16;
            let inner = panel::dialog(frame, area, theme, "Upload a document to the project", 72, height);
            let mut lines = vec![
                panel::field("File: ", path.text.clone(), true, theme),
                Line::styled("Tab completes the path, Enter uploads, Esc cancels.", theme.style(Role::Dim)),
            ];
            for c in completions.iter().take(8) {
                lines.push(Line::styled(format!("  {c}"), theme.style(Role::Dim)));
            }
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
    }
}
