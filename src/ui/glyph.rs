//! The Frame.io icon, in each state it can be in. Every state is a glyph, a colour and a word, so
//! it reads the same in colour, under NO_COLOR and in ASCII terminals.

use ratatui::text::Span;

pub use crate::integration::IconState as GlyphState;

use super::theme::{Role, Theme};

fn role(state: GlyphState) -> Role {
    match state {
        GlyphState::None => Role::Dim,
        GlyphState::Pending | GlyphState::Syncing => Role::Pending,
        GlyphState::Connected => Role::Connected,
        GlyphState::Failed => Role::Failed,
    }
}

/// The icon alone (width 1 in Unicode, 3 in ASCII).
pub fn symbol(state: GlyphState, theme: &Theme, spinner: usize) -> &'static str {
    match (state, theme.unicode) {
        (GlyphState::None, true) => " ",
        (GlyphState::None, false) => "   ",
        (GlyphState::Syncing, _) => theme.spinner(spinner),
        (GlyphState::Failed, true) => "✗",
        (GlyphState::Failed, false) => "[!]",
        (GlyphState::Pending, false) => "[.]",
        (_, true) => "⬢",
        (_, false) => "[F]",
    }
}

/// The icon for a list column; under NO_COLOR the word follows, since colour cannot tell grey
/// from purple.
pub fn span(state: GlyphState, theme: &Theme, spinner: usize) -> Span<'static> {
    let sym = symbol(state, theme, spinner);
    let text = if !theme.color && state != GlyphState::None {
        format!("{sym} {}", state.word())
    } else if state == GlyphState::Syncing && !theme.unicode {
        format!("[{sym}]")
    } else {
        sym.to_owned()
    };
    Span::styled(text, theme.style(role(state)))
}

/// Width of a list column that holds `span` for any state, so rows line up.
pub fn column_width(theme: &Theme) -> usize {
    let symbol = if theme.unicode { 1 } else { 3 };
    if theme.color { symbol } else { symbol + 1 + "connected".len() }
}

/// `span`, padded to `column_width`.
pub fn column(state: GlyphState, theme: &Theme, spinner: usize) -> Span<'static> {
    let s = span(state, theme, spinner);
    let width = column_width(theme);
    Span::styled(format!("{:<width$}", s.content), s.style)
}

/// Icon and word, always: for detail lines and the dashboard.
pub fn labelled(state: GlyphState, theme: &Theme, spinner: usize) -> Span<'static> {
    if state == GlyphState::None {
        return Span::styled("none", theme.style(role(state)));
    }
    Span::styled(format!("{} {}", symbol(state, theme, spinner).trim(), state.word()), theme.style(role(state)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_a_word_and_an_ascii_form() {
        let ascii = Theme { color: true, unicode: false };
        for s in [GlyphState::Pending, GlyphState::Syncing, GlyphState::Connected, GlyphState::Failed] {
            assert!(!s.word().is_empty());
            assert!(symbol(s, &ascii, 0).is_ascii());
        }
        let mono = Theme { color: false, unicode: true };
        assert_eq!(span(GlyphState::Connected, &mono, 0).content, "⬢ connected");
        assert_eq!(span(GlyphState::Connected, &Theme { color: true, unicode: false }, 0).content, "[F]");
        assert_eq!(column(GlyphState::None, &mono, 0).content.chars().count(), column_width(&mono));
    }
}
