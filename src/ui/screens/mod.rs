//! One file per wizard screen: how it draws.

pub mod account;
pub mod groups;
pub mod home;
pub mod project;
pub mod status;
pub mod tasks;
pub mod token;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::theme::{Role, Theme};

/// A screen's title line, with optional dim detail.
pub fn title(frame: &mut Frame<'_>, area: Rect, text: &str, detail: &str, theme: &Theme) {
    let line = Line::from(vec![
        Span::styled(format!(" {text}"), theme.style(Role::Title)),
        Span::styled(format!("  {detail}"), theme.style(Role::Dim)),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// A bordered box filling `area`; returns its inner area.
pub fn boxed(frame: &mut Frame<'_>, area: Rect, label: &str, theme: &Theme) -> Rect {
    let mut block = Block::bordered().border_set(theme.border()).border_style(theme.style(Role::Dim));
    if !label.is_empty() {
        block = block.title(Span::styled(format!(" {label} "), theme.style(Role::Title)));
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Split a screen body into a title row, a line under it, and the rest.
pub fn rows(area: Rect) -> [Rect; 3] {
    Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(area)
}
