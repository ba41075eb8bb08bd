//! Step 2: the Frame.io API developer token, masked, pasteable; "Initiate Connection".

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{boxed, title};
use crate::app::state::State;
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::panel;

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let t = &state.token;
    let group = state.groups.target.as_ref().map_or("the group", |g| g.name.as_str());
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(6)]).areas(area);
    title(frame, head, &format!("Connect \"{group}\" to Frame.io"), "", theme);
    let inner = boxed(frame, body, "API developer token", theme);
    let width = inner.width.saturating_sub(10) as usize;
    let masked = t.field.masked(theme.unicode, t.reveal_tail);
    // Long tokens scroll: the end (where typing happens) stays visible.
    let shown: String = if masked.chars().count() > width {
        let skip = masked.chars().count() - width;
        format!("{}{}", theme.ellipsis(), masked.chars().skip(skip + 1).collect::<String>())
    } else {
        masked
    };
    // What to type and what happened first: at the smallest size the explanation goes, not these.
    let mut lines = vec![
        panel::field("Token: ", shown, t.pending.is_none(), theme),
        Line::styled(
            format!(
                "       {} characters{}Ctrl-R {} the last 4",
                t.field.len(),
                theme.separator(),
                if t.reveal_tail { "hides" } else { "shows" }
            ),
            theme.style(Role::Dim),
        ),
        Line::default(),
    ];
    if t.pending.is_some() {
        lines.push(Line::from(vec![
            Span::styled(theme.spinner(state.spinner), theme.style(Role::Key)),
            Span::raw(format!(" Initiating the connection: checking the token with Frame.io{}", theme.ellipsis())),
        ]));
    } else if let Some(e) = &t.error {
        lines.push(Line::styled(e.clone(), theme.style(Role::Error)));
    } else if let Some(info) = &t.info {
        lines.push(Line::styled(
            format!("Token of {}{}", info.user, info.email.as_ref().map(|e| format!(" <{e}>")).unwrap_or_default()),
            theme.style(Role::Success),
        ));
    } else {
        lines.push(Line::styled("Press Enter to Initiate Connection.", theme.style(Role::Normal)));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "Paste the API developer token of the Frame.io team (developer.frame.io, Tokens). It is never shown, and never stored in Workfront: {}.",
            if state.session.demo {
                "the demo keeps it in memory for this run"
            } else {
                "wfio keeps it in your 0600 credentials file"
            }
        ),
        theme.style(Role::Dim),
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
