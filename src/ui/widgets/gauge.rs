//! A progress bar that reads in every theme: ratatui's gauge in colour, and a text bar (`#` and
//! `-` in ASCII, blocks otherwise) when there is no colour to show the filled part with.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};

use crate::ui::theme::{Role, Theme};

pub fn draw(frame: &mut Frame<'_>, area: Rect, ratio: f64, label: &str, role: Role, theme: &Theme) {
    let ratio = if ratio.is_finite() { ratio.clamp(0.0, 1.0) } else { 0.0 };
    if theme.color && theme.unicode {
        let gauge = Gauge::default().gauge_style(theme.style(role)).ratio(ratio).label(label.to_owned());
        frame.render_widget(gauge, area);
        return;
    }
    let (full, empty) = if theme.unicode { ('█', '░') } else { ('#', '-') };
    // The bar takes what the label leaves, at least a few cells.
    let width = usize::from(area.width);
    let bar = width.saturating_sub(label.chars().count() + 4).max(4.min(width.saturating_sub(2)));
    let filled = ((bar as f64) * ratio).round() as usize;
    let text =
        format!("[{}{}] {label}", full.to_string().repeat(filled), empty.to_string().repeat(bar - filled.min(bar)));
    let line = Line::from(vec![Span::styled(text, theme.style(role))]);
    frame.render_widget(Paragraph::new(line), area);
}
