//! The `?` overlay: every binding of the current screen, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::app::keymap::{self, Context};
use crate::ui::theme::{Role, Theme};

pub fn draw(frame: &mut Frame<'_>, area: Rect, context: Context, theme: &Theme) {
    let lines_data = keymap::help_lines(context, theme.unicode);
    let key_width = lines_data.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let mut lines: Vec<Line<'_>> = lines_data
        .into_iter()
        .map(|(keys, help)| {
            Line::from(vec![Span::styled(format!(" {keys:<key_width$}  "), theme.style(Role::Key)), Span::raw(help)])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::styled(" Esc or ? closes this help", theme.style(Role::Dim)));
    let width = lines.iter().map(Line::width).max().unwrap_or(20) as u16 + 4;
    let height = lines.len() as u16 + 2;
    let [popup] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(popup);
    frame.render_widget(Clear, popup);
    let block = Block::bordered().border_set(theme.border()).title(Span::styled(" Keys ", theme.style(Role::Title)));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
