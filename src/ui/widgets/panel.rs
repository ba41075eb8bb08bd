//! Message panels: errors (what happened and what to do) and centred status lines.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Wrap};

use crate::ui::theme::{Role, Theme};

/// A bordered error panel centred in `area`.
pub fn error(frame: &mut Frame<'_>, area: Rect, theme: &Theme, title: &str, message: &str, todo: &str) {
    let width = area.width.saturating_sub(4).clamp(20, 76);
    let lines = vec![
        Line::from(Span::styled(message.to_owned(), theme.style(Role::Normal))),
        Line::default(),
        Line::from(Span::styled(todo.to_owned(), theme.style(Role::Dim))),
    ];
    let inner_width = width.saturating_sub(4).max(1) as usize;
    let wrapped: u16 = lines.iter().map(|l| (l.width().max(1)).div_ceil(inner_width) as u16).sum();
    let height = (wrapped + 2).min(area.height);
    let [popup] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(popup);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_set(theme.border())
        .border_style(theme.style(Role::Error))
        .padding(Padding::horizontal(1))
        .title(Span::styled(format!(" {title} "), theme.style(Role::Error)));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), popup);
}

/// One centred line, e.g. a loading message.
pub fn centered(frame: &mut Frame<'_>, area: Rect, line: Line<'_>) {
    let [row] = Layout::vertical([Constraint::Length(1)]).flex(Flex::Center).areas(area);
    frame.render_widget(Paragraph::new(line).centered(), row);
}

/// A centred bordered box of `width` x `height` (clamped to `area`), cleared; returns its inner area.
pub fn dialog(frame: &mut Frame<'_>, area: Rect, theme: &Theme, title: &str, width: u16, height: u16) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(popup);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_set(theme.border())
        .padding(Padding::horizontal(1))
        .title(Span::styled(format!(" {title} "), theme.style(Role::Title)));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

/// A text field line: label, value, caret when focused.
pub fn field<'a>(label: &'a str, value: String, focused: bool, theme: &Theme) -> Line<'a> {
    let caret = if theme.unicode { "▏" } else { "_" };
    let mut spans = vec![Span::styled(label, theme.style(Role::Dim)), Span::styled(value, theme.style(Role::Input))];
    if focused {
        spans.push(Span::styled(caret, theme.style(Role::Key)));
    }
    Line::from(spans)
}
