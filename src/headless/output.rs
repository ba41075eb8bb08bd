//! How headless commands speak: data on stdout (plain text, or JSON with `--json`), messages on
//! stderr, colour only on a terminal and never under `--no-color`/NO_COLOR/TERM=dumb, and the
//! documented exit codes.

use std::fmt::Display;
use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::cli::Cli;
use crate::integration::{IconState, IntegrationError};
use crate::ui::glyph;
use crate::ui::theme::{Role, Theme};

/// The exit codes (`wfio exit-codes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Error = 1,
    Usage = 2,
    Auth = 4,
    Remote = 5,
    Interrupted = 130,
}

impl Exit {
    pub const ALL: [Exit; 6] = [Exit::Ok, Exit::Error, Exit::Usage, Exit::Auth, Exit::Remote, Exit::Interrupted];

    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Self::Ok => "success",
            Self::Error => "an error (the message says which); `status`: a project's activation failed",
            Self::Usage => "usage: a bad or missing argument, an ambiguous name, a choice needed, or cancelled",
            Self::Auth => {
                "authentication needed or refused, or its user lacks the rights (Workfront API key, Frame.io token)"
            }
            Self::Remote => "Workfront or Frame.io kept failing after retries (try again later)",
            Self::Interrupted => "interrupted (Ctrl-C or SIGTERM); an activation resumes when run again",
        }
    }
}

pub fn exit_codes_text() -> String {
    let mut s = String::from("Exit codes:\n");
    for e in Exit::ALL {
        s.push_str(&format!("  {:>3}  {}\n", e.code(), e.meaning()));
    }
    s
}

/// Why a command failed, and with which exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self { exit, message: message.into() }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Exit::Error, message)
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    pub fn auth(message: impl Into<String>) -> Self {
        Self::new(Exit::Auth, message)
    }

    pub fn interrupted() -> Self {
        Self::new(
            Exit::Interrupted,
            "interrupted; run the command again to finish (an activation resumes where it stopped)",
        )
    }
}

impl From<IntegrationError> for Failure {
    fn from(e: IntegrationError) -> Self {
        let exit = match &e {
            _ if e.is_auth() || e.is_forbidden() => Exit::Auth,
            IntegrationError::NoToken { .. } | IntegrationError::NotAdmin => Exit::Auth,
            _ if e.is_transient() => Exit::Remote,
            _ => Exit::Error,
        };
        Self::new(exit, e.to_string())
    }
}

impl From<crate::workfront::WorkfrontError> for Failure {
    fn from(e: crate::workfront::WorkfrontError) -> Self {
        IntegrationError::from(e).into()
    }
}

impl From<crate::frameio::FrameioError> for Failure {
    fn from(e: crate::frameio::FrameioError) -> Self {
        IntegrationError::from(e).into()
    }
}

pub type Result<T, E = Failure> = std::result::Result<T, E>;

/// Output settings for one run.
#[derive(Debug, Clone)]
pub struct Out {
    pub json: bool,
    /// Prompts allowed: stdin is a terminal and `--no-input` was not given.
    pub interactive: bool,
    /// Unicode glyphs (from the locale and `--ascii`).
    pub theme: Theme,
    color_stdout: bool,
    color_stderr: bool,
    pub stderr_is_terminal: bool,
}

impl Out {
    pub fn new(cli: &Cli) -> Self {
        let theme = Theme::detect(cli.no_color, cli.ascii);
        let stderr_is_terminal = std::io::stderr().is_terminal();
        Self {
            json: cli.json,
            interactive: !cli.no_input && std::io::stdin().is_terminal(),
            theme,
            color_stdout: theme.color && std::io::stdout().is_terminal(),
            color_stderr: theme.color && stderr_is_terminal,
            stderr_is_terminal,
        }
    }

    /// A line of data on stdout.
    pub fn line(&self, text: impl Display) {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
    }

    /// A value as JSON on stdout: pretty for a command's result.
    pub fn json_value<T: Serialize + ?Sized>(&self, value: &T) {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        self.line(text);
    }

    /// One JSON object on one line (event streams).
    pub fn json_line<T: Serialize + ?Sized>(&self, value: &T) {
        let text = serde_json::to_string(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        self.line(text);
    }

    /// A message for people, on stderr.
    pub fn say(&self, text: impl Display) {
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }

    pub fn warn(&self, text: impl Display) {
        self.say(format!("{} {text}", self.err_paint(Role::Warning, "warning:")));
    }

    pub fn error(&self, text: impl Display) {
        self.say(format!("wfio: {} {text}", self.err_paint(Role::Error, "error:")));
    }

    /// `text` styled for stdout (plain when colour is off).
    pub fn paint(&self, role: Role, text: &str) -> String {
        paint(self.color_stdout, role, text)
    }

    /// `text` styled for stderr.
    pub fn err_paint(&self, role: Role, text: &str) -> String {
        paint(self.color_stderr, role, text)
    }

    /// The Frame.io icon and its word, e.g. `⬢ connected`, `[.] pending`, `-` for none.
    pub fn icon(&self, state: IconState) -> String {
        let text = match state {
            IconState::None => "-".to_owned(),
            // The spinner frame means nothing in static text.
            IconState::Syncing => format!("{} syncing", if self.theme.unicode { "↻" } else { "[~]" }),
            s => format!("{} {}", glyph::symbol(s, &self.theme, 0).trim(), s.word()),
        };
        let role = match state {
            IconState::None => Role::Dim,
            IconState::Pending | IconState::Syncing => Role::Pending,
            IconState::Connected => Role::Connected,
            IconState::Failed => Role::Failed,
        };
        self.paint(role, &text)
    }
}

fn paint(on: bool, role: Role, text: &str) -> String {
    if !on {
        return text.to_owned();
    }
    let sgr = match role {
        Role::Title | Role::Key => "1",
        Role::Dim | Role::Pending => "90",
        Role::Error | Role::Failed => "1;31",
        Role::Success => "32",
        Role::Warning => "33",
        Role::Connected => "1;35",
        _ => return text.to_owned(),
    };
    format!("\x1b[{sgr}m{text}\x1b[0m")
}

/// `1 task`, `3 tasks`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Rows as aligned columns (two spaces apart); the last column is not padded. Widths count the
/// characters shown (colour codes excluded).
pub fn table(rows: &[Vec<String>]) -> Vec<String> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(visible_len(c));
        }
    }
    rows.iter()
        .map(|r| {
            let last = r.len().saturating_sub(1);
            let cells: Vec<String> =
                r.iter().enumerate().map(|(i, c)| if i == last { c.clone() } else { pad(c, widths[i]) }).collect();
            cells.join("  ").trim_end().to_owned()
        })
        .collect()
}

/// Characters shown: ANSI colour sequences (`ESC [ ... m`) do not count.
pub fn visible_len(text: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in text.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

pub fn pad(text: &str, width: usize) -> String {
    let n = visible_len(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_documented() {
        let text = exit_codes_text();
        for code in ["0", "1", "2", "4", "5", "130"] {
            assert!(text.contains(&format!(" {code}  ")), "{text}");
        }
    }

    #[test]
    fn integration_errors_map_to_exit_codes() {
        use crate::frameio::FrameioError;
        let auth: Failure = IntegrationError::Frameio(FrameioError::Unauthorized { detail: "x".into() }).into();
        assert_eq!(auth.exit, Exit::Auth);
        let remote: Failure =
            IntegrationError::Frameio(FrameioError::Server { status: 503, detail: "x".into() }).into();
        assert_eq!(remote.exit, Exit::Remote);
        let other: Failure = IntegrationError::Invalid("x".into()).into();
        assert_eq!(other.exit, Exit::Error);
        let no_token: Failure = IntegrationError::NoToken { account: "a".into() }.into();
        assert_eq!(no_token.exit, Exit::Auth);
    }

    #[test]
    fn tables_align() {
        let rows = vec![vec!["a".into(), "bb".into(), "c".into()], vec!["aaa".into(), "b".into(), "".into()]];
        assert_eq!(table(&rows), vec!["a    bb  c", "aaa  b"]);
        let coloured = vec![vec![paint(true, Role::Success, "ok"), "x".into()], vec!["long".into(), "y".into()]];
        assert_eq!(visible_len(&table(&coloured)[0]), "ok    x".len());
    }
}
