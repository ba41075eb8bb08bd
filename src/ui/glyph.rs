//! The Frame.io icon, in each state it can be in. Every state is a glyph, a colour and a word, so
//! it reads the same in colour, under NO_COLOR and in ASCII terminals.

use ratatui::text::Span;

use super::theme::{Role, Theme};

/// The integration status the Frame.io icon shows (per the seed document and the alpha guide).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlyphState {
    /// Nothing to show: not connected, no Active task.
    None,
    /// Grey: a connected group and an Active task; activates when the project turns Current.
    Pending,
    /// Generating in Frame.io right now.
    Syncing,
    /// Purple: the integration succeeded (a connected group, or a generated project).
    Connected,
    /// Red: the last activation failed.
    Failed,
}

impl GlyphState {
    pub fn word(self) -> &'static str {
        match self {
            Self::None => "",
            Self::Pending => "pending",
            Self::Syncing => "syncing",
            Self::Connected => "connected",
            Self::Failed => "failed",
        }
    }

    fn role(self) -> Role {
        match self {
            Self::None => Role::Dim,
            Self::Pending | Self::Syncing => Role::Pending,
            Self::Connected => Role::Connected,
            Self::Failed => Role::Failed,
        }
    }

    /// The icon alone (width 1 in Unicode, 3 in ASCII).
    pub fn symbol(self, theme: &Theme, spinner: usize) -> &'static str {
        match (self, theme.unicode) {
            (Self::None, true) => " ",
            (Self::None, false) => "   ",
            (Self::Syncing, _) => theme.spinner(spinner),
            (Self::Failed, true) => "✗",
            (Self::Failed, false) => "[!]",
            (_, true) => "⬢",
            (_, false) => "[F]",
        }
    }

    /// The icon for a list column; under NO_COLOR the word follows, since colour cannot tell
    /// grey from purple.
    pub fn span(self, theme: &Theme, spinner: usize) -> Span<'static> {
        let symbol = self.symbol(theme, spinner);
        let text = if !theme.color && self != Self::None {
            format!("{symbol} {}", self.word())
        } else if self == Self::Syncing && !theme.unicode {
            format!("[{symbol}]")
        } else {
            symbol.to_owned()
        };
        Span::styled(text, theme.style(self.role()))
    }

    /// Width of a list column that holds `span` for any state, so rows line up.
    pub fn column_width(theme: &Theme) -> usize {
        let symbol = if theme.unicode { 1 } else { 3 };
        if theme.color { symbol } else { symbol + 1 + "connected".len() }
    }

    /// `span`, padded to `column_width`.
    pub fn column(self, theme: &Theme, spinner: usize) -> Span<'static> {
        let span = self.span(theme, spinner);
        let width = Self::column_width(theme);
        let text = format!("{:<width$}", span.content);
        Span::styled(text, span.style)
    }

    /// Icon and word, always: for detail lines and the dashboard.
    pub fn labelled(self, theme: &Theme, spinner: usize) -> Span<'static> {
        Span::styled(format!("{} {}", self.symbol(theme, spinner), self.word()), theme.style(self.role()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_a_word_and_an_ascii_form() {
        let ascii = Theme { color: true, unicode: false };
        for s in [GlyphState::Pending, GlyphState::Syncing, GlyphState::Connected, GlyphState::Failed] {
            assert!(!s.word().is_empty());
            assert!(s.symbol(&ascii, 0).is_ascii());
        }
        let mono = Theme { color: false, unicode: true };
        assert_eq!(GlyphState::Connected.span(&mono, 0).content, "⬢ connected");
        assert_eq!(GlyphState::Connected.span(&Theme { color: true, unicode: false }, 0).content, "[F]");
    }
}
