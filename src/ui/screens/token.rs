//! Step 2: sign in to Frame.io, one of three ways (Tab chooses), every secret masked and
//! pasteable; "Initiate Connection".

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{boxed, title};
use crate::app::state::{SignInMethod, State, TokenState};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::panel;

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let t = &state.token;
    let group = state.groups.target.as_ref().map_or("the group", |g| g.name.as_str());
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(6)]).areas(area);
    title(frame, head, &format!("Connect \"{group}\" to Frame.io"), "", theme);
    // With the Adobe address on screen, no border: a mouse selection of the address in the
    // terminal then copies the address alone, not box-drawing characters with it.
    let showing_address = t.method == SignInMethod::Adobe && t.prompt.is_some();
    let inner = if showing_address { body } else { boxed(frame, body, "Sign in to Frame.io", theme) };
    let width = inner.width.saturating_sub(16) as usize;
    let compact = inner.width < 62;
    let mut lines = vec![methods(t, theme, compact)];
    // What to type and what happened come first: in a small window the explanations go.
    let roomy = inner.height >= 12;
    if roomy {
        lines.push(Line::styled(t.method.explain(), theme.style(Role::Dim)));
        lines.push(Line::default());
    }
    if let Some(c) = t.connected_to.as_ref().filter(|_| roomy) {
        let text = if c.legacy {
            format!(
                "Connected with Frame.io's removed legacy API (team {}): reconnect it to a workspace. Projects already \
                 generated stay where they are.",
                c.workspace_name
            )
        } else {
            format!(
                "Connected to {} ({}). Reconnecting elsewhere does not move projects already generated.",
                c.workspace_name, c.account_name
            )
        };
        lines.push(Line::styled(text, theme.style(Role::Warning)));
        lines.push(Line::default());
    }
    let editable = t.pending.is_none();
    match t.method {
        SignInMethod::DeveloperToken => {
            lines.push(panel::field("Token:         ", shown(t, width, theme), editable, theme));
            lines.push(counter(t, theme));
        }
        SignInMethod::Adobe => {
            match &t.prompt {
                None => lines.push(Line::styled(
                    "Press Enter for the sign-in address (there is no device code at Adobe: open it anywhere).",
                    theme.style(Role::Normal),
                )),
                Some(p) => {
                    lines.push(Line::styled(
                        "1. Open this address in a browser, on any machine (also put on your clipboard, if the terminal lets wfio):",
                        theme.style(Role::Normal),
                    ));
                    lines.push(Line::styled(p.url.clone(), theme.style(Role::Key)));
                    lines.push(Line::styled(
                        "2. Sign in. The browser lands on an address (maybe an error page: that is fine).",
                        theme.style(Role::Normal),
                    ));
                    lines.push(Line::styled(
                    "3. Copy that whole address (or just its code=) and paste it here. The code lasts a few minutes.",
                    theme.style(Role::Normal),
                ));
                    if let Some(port) = p.callback_port {
                        lines.push(Line::styled(
                        format!("   Or, with ssh -L {port}:127.0.0.1:{port}, nothing to paste: wfio listens on that port."),
                        theme.style(Role::Dim),
                    ));
                    }
                    lines.push(panel::field("Redirect:      ", shown(t, width, theme), editable, theme));
                }
            }
        }
        SignInMethod::ServerToServer => {
            let id_focus = editable && t.on_client_id;
            lines.push(panel::field("Client ID:     ", t.client_id.text.clone(), id_focus, theme));
            lines.push(panel::field("Client secret: ", shown(t, width, theme), editable && !t.on_client_id, theme));
            lines.push(counter(t, theme));
        }
    }
    lines.push(Line::default());
    if t.pending.is_some() || t.prompt_pending.is_some() {
        let what = if t.prompt_pending.is_some() {
            "Preparing the Adobe sign-in"
        } else {
            "Initiating the connection: checking the sign-in with Frame.io"
        };
        lines.push(Line::from(vec![
            Span::styled(theme.spinner(state.spinner), theme.style(Role::Key)),
            Span::raw(format!(" {what}{}", theme.ellipsis())),
        ]));
    } else if let Some(e) = &t.error {
        lines.push(Line::styled(e.clone(), theme.style(Role::Error)));
    } else if let Some(info) = &t.info {
        lines.push(Line::styled(
            format!(
                "Signed in as {}{} ({})",
                info.user,
                info.email.as_ref().map(|e| format!(" <{e}>")).unwrap_or_default(),
                info.method
            ),
            theme.style(Role::Success),
        ));
    } else if t.method != SignInMethod::Adobe || t.prompt.is_some() {
        lines.push(Line::styled("Press Enter to Initiate Connection.", theme.style(Role::Normal)));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!(
            "Secrets are never shown and never stored in Workfront: {}.",
            if state.session.demo {
                "the demo keeps them in memory for this run"
            } else {
                "wfio keeps them in your 0600 credentials file"
            }
        ),
        theme.style(Role::Dim),
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The three ways, the chosen one marked; `compact` in narrow terminals, on one line still.
fn methods(t: &TokenState, theme: &Theme, compact: bool) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, m) in SignInMethod::ALL.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        let (mark, role) = match (m == t.method, theme.unicode) {
            (true, true) => ("●", Role::Key),
            (true, false) => ("(*)", Role::Key),
            (false, true) => ("○", Role::Dim),
            (false, false) => ("( )", Role::Dim),
        };
        let label = if compact { m.short_label() } else { m.label() };
        spans.push(Span::styled(format!("{mark} {label}"), theme.style(role)));
    }
    Line::from(spans)
}

/// The secret, masked; long ones scroll so the end (where typing happens) stays visible.
fn shown(t: &TokenState, width: usize, theme: &Theme) -> String {
    let masked = t.field.masked(theme.unicode, t.reveal_tail);
    let ellipsis = theme.ellipsis();
    let mark = ellipsis.chars().count();
    if masked.chars().count() > width && width > mark {
        // The end stays visible; the ellipsis ("…", or "..." in ASCII) stands for the rest.
        let skip = masked.chars().count() - (width - mark);
        format!("{ellipsis}{}", masked.chars().skip(skip).collect::<String>())
    } else {
        masked
    }
}

fn counter(t: &TokenState, theme: &Theme) -> Line<'static> {
    Line::styled(
        format!(
            "               {} characters{}Ctrl-R {} the last 4",
            t.field.len(),
            theme.separator(),
            if t.reveal_tail { "hides" } else { "shows" }
        ),
        theme.style(Role::Dim),
    )
}
