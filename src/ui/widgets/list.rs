//! A scrolling list with a cursor, used by every list screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::Cursor;
use crate::ui::theme::{Role, Theme};

/// Draw rows `0..len` (built by `row`) in `area`, scrolled to `cursor`, the selected one marked.
/// `focused` false draws the cursor row without the highlight (a list behind a dialog).
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    len: usize,
    cursor: Cursor,
    focused: bool,
    theme: &Theme,
    mut row: impl FnMut(usize) -> Vec<Span<'static>>,
) {
    let lines: Vec<Line<'_>> = (cursor.offset..len)
        .take(area.height as usize)
        .map(|i| {
            let selected = i == cursor.selected;
            let mut spans = vec![Span::raw(if selected { theme.pointer() } else { "  " })];
            spans.extend(row(i));
            let line = Line::from(spans);
            if selected && focused { line.style(theme.style(Role::Selected)) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// Truncate to `width` characters with an ellipsis.
pub fn truncate(s: &str, width: usize, theme: &Theme) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let ell = theme.ellipsis();
    let keep = width.saturating_sub(ell.chars().count());
    format!("{}{ell}", s.chars().take(keep).collect::<String>())
}

/// Pad or truncate to exactly `width` characters.
pub fn fit(s: &str, width: usize, theme: &Theme) -> String {
    format!("{:<width$}", truncate(s, width, theme))
}
