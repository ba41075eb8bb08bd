//! Colours and symbols. The default palette uses the 16 named ANSI colours, which follow the
//! user's terminal scheme. Under NO_COLOR the theme is monochrome (modifiers only) and every
//! status also carries a word; without Unicode, glyphs and borders fall back to ASCII.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

/// Frame.io's purple, as a named-colour approximation that survives 16-colour terminals.
pub const FRAMEIO_PURPLE: Color = Color::Magenta;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub unicode: bool,
}

/// What a piece of text is, so the theme can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Normal,
    Title,
    Dim,
    Selected,
    Key,
    Badge,
    Error,
    Success,
    Warning,
    Connected,
    Pending,
    Failed,
    Input,
}

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    pub const DEFAULT: Self = Self { color: true, unicode: true };

    /// Decide from the environment: NO_COLOR (non-empty), TERM=dumb, and the locale.
    pub fn detect(no_color_flag: bool, ascii_flag: bool) -> Self {
        let var = |k: &str| std::env::var(k).unwrap_or_default();
        let dumb = var("TERM") == "dumb";
        let no_color = no_color_flag || !var("NO_COLOR").is_empty() || dumb;
        let locale = [var("LC_ALL"), var("LC_CTYPE"), var("LANG")].into_iter().find(|v| !v.is_empty());
        let utf8 = locale.is_some_and(|l| l.to_ascii_lowercase().replace('-', "").contains("utf8"));
        let ascii = ascii_flag || !var("WFIO_ASCII").is_empty() || dumb || var("TERM") == "linux" || !utf8;
        Self { color: !no_color, unicode: !ascii }
    }

    pub fn style(&self, role: Role) -> Style {
        if !self.color {
            return match role {
                Role::Title | Role::Key | Role::Error => Style::new().add_modifier(Modifier::BOLD),
                Role::Selected | Role::Badge => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                Role::Connected => Style::new().add_modifier(Modifier::BOLD),
                Role::Input => Style::new().add_modifier(Modifier::UNDERLINED),
                _ => Style::new(),
            };
        }
        match role {
            Role::Normal => Style::new(),
            Role::Title => Style::new().add_modifier(Modifier::BOLD),
            Role::Dim | Role::Pending => Style::new().fg(Color::DarkGray),
            Role::Selected => Style::new().bg(Color::Blue).fg(Color::White).add_modifier(Modifier::BOLD),
            Role::Key => Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Badge => Style::new().bg(Color::Yellow).fg(Color::Black).add_modifier(Modifier::BOLD),
            Role::Error | Role::Failed => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Role::Success => Style::new().fg(Color::Green),
            Role::Warning => Style::new().fg(Color::Yellow),
            Role::Connected => Style::new().fg(FRAMEIO_PURPLE).add_modifier(Modifier::BOLD),
            Role::Input => Style::new().fg(Color::White).add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn border(&self) -> border::Set<'static> {
        if self.unicode { border::ROUNDED } else { ASCII_BORDER }
    }

    /// Marker in front of the selected row.
    pub fn pointer(&self) -> &'static str {
        if self.unicode { "› " } else { "> " }
    }

    pub fn ellipsis(&self) -> &'static str {
        if self.unicode { "…" } else { "..." }
    }

    pub fn separator(&self) -> &'static str {
        if self.unicode { " · " } else { " | " }
    }

    pub fn spinner(&self, frame: usize) -> &'static str {
        const UNICODE: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
        const ASCII: [&str; 4] = ["-", "\\", "|", "/"];
        if self.unicode { UNICODE[frame % UNICODE.len()] } else { ASCII[frame % ASCII.len()] }
    }
}

impl From<crate::sync::plan_text::Tone> for Role {
    fn from(tone: crate::sync::plan_text::Tone) -> Self {
        use crate::sync::plan_text::Tone;
        match tone {
            Tone::Normal => Self::Normal,
            Tone::Title => Self::Title,
            Tone::Dim => Self::Dim,
            Tone::Warning => Self::Warning,
            Tone::Error => Self::Error,
        }
    }
}
