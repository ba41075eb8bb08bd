//! Step 3: the account picker (only when the token's user administers several) and the team
//! picker; confirming writes the connection.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::groups::loading;
use super::{boxed, title};
use crate::app::state::{AccountPhase, Loadable, State};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::{list, panel};

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let a = &state.account;
    let group = state.groups.target.as_ref().map_or("the group", |g| g.name.as_str());
    let [head, intro, body, message] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(2), Constraint::Min(3), Constraint::Length(2)])
            .areas(area);
    let user = state.token.info.as_ref().map(|i| i.user.clone()).unwrap_or_default();
    match a.phase {
        AccountPhase::Accounts => {
            title(frame, head, "Choose the Frame.io account", &format!("signed in as {user}"), theme);
            let text = format!(
                " You administer more than one Frame.io account. Which one should \"{group}\" use? Accounts you do not administer are greyed."
            );
            frame.render_widget(
                Paragraph::new(Line::styled(text, theme.style(Role::Dim))).wrap(Wrap { trim: true }),
                intro,
            );
            let inner = boxed(frame, body, "Accounts", theme);
            let name_w = a.accounts.iter().map(|c| c.account.name.chars().count()).max().unwrap_or(0).min(32);
            list::draw(frame, inner, a.accounts.len(), a.account_cursor, true, theme, |i| {
                let c = &a.accounts[i];
                if c.administers() {
                    vec![
                        Span::raw(list::fit(&c.account.name, name_w, theme)),
                        Span::styled(format!("  {}", c.role), theme.style(Role::Dim)),
                    ]
                } else {
                    vec![
                        Span::styled(list::fit(&c.account.name, name_w, theme), theme.style(Role::Dim)),
                        Span::styled(
                            format!("  {}: you do not administer this account", c.role.replace('_', " ")),
                            theme.style(Role::Dim),
                        ),
                    ]
                }
            });
        }
        AccountPhase::Teams => {
            let account = a.account.as_ref().map_or(String::new(), |c| c.account.name.clone());
            title(
                frame,
                head,
                &format!("Choose the team (workspace) in {account}"),
                &format!("for \"{group}\""),
                theme,
            );
            let mut text = String::new();
            if let Some(note) = &a.note {
                text.push_str(&format!(" {note} "));
            }
            let teams = a.teams.data().map(Vec::as_slice).unwrap_or_default();
            if teams.len() == 1 {
                text.push_str(&format!("The account has one workspace, {}: press Enter to connect.", teams[0].name));
            } else {
                text.push_str("Enter connects the group to the selected workspace.");
            }
            frame.render_widget(
                Paragraph::new(Line::styled(text, theme.style(Role::Dim))).wrap(Wrap { trim: true }),
                intro,
            );
            let inner = boxed(frame, body, "Workspaces", theme);
            match &a.teams {
                Loadable::Loading { stale: None, .. } => {
                    loading(frame, inner, "Reading the account's workspaces", state, theme)
                }
                _ => list::draw(frame, inner, teams.len(), a.team_cursor, a.saving.is_none(), theme, |i| {
                    vec![Span::raw(teams[i].name.clone())]
                }),
            }
            if let Some(e) = a.teams.error() {
                panel::error(
                    frame,
                    body,
                    theme,
                    "Could not read the workspaces",
                    &e.message,
                    "Esc goes back to choose another account.",
                );
            }
        }
    }
    let line = if a.saving.is_some() {
        Line::styled(
            format!(" {} Writing the connection to Workfront{}", theme.spinner(state.spinner), theme.ellipsis()),
            theme.style(Role::Dim),
        )
    } else if let Some(e) = &a.error {
        Line::styled(format!(" {e}"), theme.style(Role::Error))
    } else {
        Line::default()
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), message);
}
