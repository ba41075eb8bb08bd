//! Step 6: the status switch. Before: the choices that activate and a preview of the plan.
//! During: progress per item. After: the purple icon, the Frame.io link and who was invited, or
//! the error in red with Retry.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::groups::loading;
use super::{boxed, title};
use crate::app::layout;
use crate::app::state::{Loadable, Preview, State, StatusPhase};
use crate::sync::plan_text::{self, Tone};
use crate::sync::{ItemState, Plan};
use crate::ui::glyph::{self, GlyphState};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::{gauge, panel};
use crate::worker::rows::human_bytes;

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let s = &state.status;
    let Some(p) = s.preview.data() else {
        let inner = boxed(frame, area, "Status", theme);
        match &s.preview {
            Loadable::Failed { error, .. } => {
                panel::error(
                    frame,
                    area,
                    theme,
                    "Could not prepare the activation",
                    &error.message,
                    "Press r to try again, Esc to go back.",
                );
            }
            _ => loading(frame, inner, "Reading the project and preparing the plan", state, theme),
        }
        return;
    };
    match s.phase {
        StatusPhase::Choose => draw_choose(frame, area, state, p, theme),
        StatusPhase::Running | StatusPhase::Done => draw_progress(frame, area, state, p, theme),
    }
}

fn draw_choose(frame: &mut Frame<'_>, area: Rect, state: &State, p: &Preview, theme: &Theme) {
    let s = &state.status;
    let choices = p.choices.len() as u16;
    let [head, statuses, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(choices + 1), Constraint::Min(4)]).areas(area);
    title(frame, head, &format!("Switch \"{}\" from {} to", p.project_name, p.current_label), "", theme);
    let label_w = p.choices.iter().map(|c| c.label.chars().count()).max().unwrap_or(0);
    let lines: Vec<Line<'_>> = p
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let chosen = i == s.choice.selected;
            let detail = if c.value == "CUR" {
                String::new()
            } else {
                format!("  custom status {}, equates to Current", c.value)
            };
            let style = if chosen { theme.style(Role::Selected) } else { theme.style(Role::Normal) };
            Line::from(vec![
                Span::raw(if chosen { theme.pointer() } else { "  " }),
                Span::styled(format!(" {:<label_w$} ", c.label), style),
                Span::styled(detail, theme.style(Role::Dim)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), statuses);
    let inner = boxed(frame, body, "What switching does in Frame.io", theme);
    // Wrapped here, the way the reducer counts rows for paging.
    let width = usize::from(inner.width).max(1);
    let lines: Vec<Line<'_>> = plan_text::lines(&p.plan, p.frameio_user.as_deref(), theme.unicode)
        .into_iter()
        .flat_map(|(tone, text)| {
            let style = theme.style(Role::from(tone));
            layout::wrap(&text, width).into_iter().map(move |l| Line::styled(l, style))
        })
        .collect();
    let scroll = s.scroll.min(lines.len().saturating_sub(usize::from(inner.height))) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// The plan as text: what will be created, uploaded, invited, skipped, and what blocks it.
pub fn plan_lines(plan: &Plan, user: Option<&str>, theme: &Theme) -> Vec<Line<'static>> {
    plan_text::lines(plan, user, theme.unicode)
        .into_iter()
        .map(|(tone, text)| match tone {
            Tone::Normal => Line::raw(text),
            tone => Line::styled(text, theme.style(Role::from(tone))),
        })
        .collect()
}

fn draw_progress(frame: &mut Frame<'_>, area: Rect, state: &State, p: &Preview, theme: &Theme) {
    let s = &state.status;
    let outcome_height = layout::outcome_rows(state);
    let [head, bar, notices, body, result] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(s.notices.len().min(2) as u16),
        Constraint::Min(3),
        Constraint::Length(outcome_height),
    ])
    .areas(area);
    let status = s.chosen().map_or("Current".into(), |c| c.label.clone());
    let icon = match (&s.outcome, s.phase) {
        (Some(o), _) if o.ok => GlyphState::Connected,
        (Some(_), _) => GlyphState::Failed,
        _ => GlyphState::Syncing,
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" \"{}\" to {status} ", p.project_name), theme.style(Role::Title)),
            glyph::labelled(icon, theme, state.spinner),
        ])),
        head,
    );
    let (done, total) = s.counts();
    let (bytes_done, bytes_total) = s.bytes_total();
    let ratio = if total == 0 { 0.0 } else { done as f64 / total as f64 };
    let mut label = format!("{done}/{total} items");
    if bytes_total > 0 {
        label.push_str(&format!(", {} of {}", human_bytes(bytes_done), human_bytes(bytes_total)));
    }
    let gauge_role = if icon == GlyphState::Failed { Role::Failed } else { Role::Connected };
    gauge::draw(frame, bar, ratio, &label, gauge_role, theme);
    let notice_lines: Vec<Line<'_>> =
        s.notices.iter().rev().take(2).map(|n| Line::styled(format!(" {n}"), theme.style(Role::Warning))).collect();
    frame.render_widget(Paragraph::new(notice_lines), notices);

    let inner = boxed(frame, body, "Progress", theme);
    let lines: Vec<Line<'_>> = s
        .items
        .iter()
        .zip(&s.states)
        .enumerate()
        .map(|(i, (item, st))| {
            let (mark, role) = item_mark(st, theme, state.spinner);
            let mut spans = vec![Span::styled(format!(" {mark} "), theme.style(role)), Span::raw(item.label.clone())];
            if let (Some((d, t)), ItemState::Running) = (s.bytes.get(i), st)
                && *t > 0
            {
                let percent = u128::from(*d) * 100 / u128::from(*t);
                spans.push(Span::styled(format!("  {percent}%"), theme.style(Role::Dim)));
            }
            match st {
                ItemState::Reused => spans.push(Span::styled("  already there", theme.style(Role::Dim))),
                ItemState::Failed(e) => spans.push(Span::styled(format!("  {e}"), theme.style(Role::Error))),
                _ => {}
            }
            Line::from(spans)
        })
        .collect();
    // Follow the work: keep the first unfinished item in view unless the user scrolled.
    let first_open = s.states.iter().position(|st| !st.is_finished()).unwrap_or(0);
    let height = inner.height as usize;
    let auto = first_open.saturating_sub(height / 2);
    let scroll = if s.scroll > 0 { s.scroll } else { auto }.min(lines.len().saturating_sub(height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), inner);

    if let Some(o) = &s.outcome {
        let inner = boxed(frame, result, if o.ok { "Connected" } else { "Stopped" }, theme);
        let glyph = if o.ok { GlyphState::Connected } else { GlyphState::Failed };
        let width = usize::from(inner.width).max(1);
        let mut lines = vec![Line::from(glyph::labelled(glyph, theme, 0))];
        for (tone, text) in layout::outcome_text(o) {
            let style = theme.style(Role::from(tone));
            lines.extend(layout::wrap(&text, width).into_iter().map(|l| Line::styled(l, style)));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn item_mark(st: &ItemState, theme: &Theme, spinner: usize) -> (&'static str, Role) {
    match (st, theme.unicode) {
        (ItemState::Waiting, _) => (if theme.unicode { "·" } else { "." }, Role::Dim),
        (ItemState::Running, _) => (theme.spinner(spinner), Role::Key),
        (ItemState::Done, true) => ("✓", Role::Success),
        (ItemState::Done, false) => ("+", Role::Success),
        (ItemState::Reused, true) => ("=", Role::Dim),
        (ItemState::Reused, false) => ("=", Role::Dim),
        (ItemState::Failed(_), true) => ("✗", Role::Error),
        (ItemState::Failed(_), false) => ("x", Role::Error),
    }
}
