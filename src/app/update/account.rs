//! Step 3's reactions: pick the account (when there are several) and the team; confirm writes
//! the connection.

use super::{back, move_cursor, request, toast};
use crate::app::action::{Command, Request, RequestId};
use crate::app::keymap::{Context, Intent};
use crate::app::state::{AccountPhase, ErrorInfo, GroupRow, Screen, State};
use crate::frameio::model::{AccountChoice, Workspace};

pub fn context(state: &State) -> Context {
    match state.account.phase {
        AccountPhase::Accounts => Context::Accounts,
        AccountPhase::Teams => Context::Teams,
    }
}

pub fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    let page = state.list_page();
    match state.account.phase {
        AccountPhase::Accounts => {
            let len = state.account.accounts.len();
            if move_cursor(&mut state.account.account_cursor, intent, len, page) {
                return Vec::new();
            }
            match intent {
                Intent::Back => back(state),
                Intent::Confirm => {
                    let Some(choice) = state.account.accounts.get(state.account.account_cursor.selected).cloned()
                    else {
                        return Vec::new();
                    };
                    if !choice.administers() {
                        state.account.error = Some(format!(
                            "You are {} in {}, not an owner or admin, so it cannot be connected. Pick an account you administer.",
                            article(&choice.role),
                            choice.account.name
                        ));
                        return Vec::new();
                    }
                    choose_account(state, choice)
                }
                _ => Vec::new(),
            }
        }
        AccountPhase::Teams => {
            let len = state.account.teams.data().map_or(0, Vec::len);
            if move_cursor(&mut state.account.team_cursor, intent, len, page) {
                return Vec::new();
            }
            match intent {
                Intent::Back => {
                    let skipped_accounts = state.token.info.as_ref().is_some_and(|i| i.administered().len() == 1);
                    if skipped_accounts {
                        back(state)
                    } else {
                        state.account.phase = AccountPhase::Accounts;
                        state.account.error = None;
                        Vec::new()
                    }
                }
                Intent::Confirm if state.account.saving.is_none() => {
                    let team =
                        state.account.teams.data().and_then(|t| t.get(state.account.team_cursor.selected)).cloned();
                    connect(state, team)
                }
                _ => Vec::new(),
            }
        }
    }
}

fn article(role: &str) -> String {
    let role = role.replace('_', " ");
    if role.starts_with(['a', 'e', 'i', 'o', 'u']) { format!("an {role}") } else { format!("a {role}") }
}

/// Go on with `account`: load its teams.
pub fn choose_account(state: &mut State, account: AccountChoice) -> Vec<Command> {
    let account_id = account.account.id.clone();
    state.account.account = Some(account);
    state.account.phase = AccountPhase::Teams;
    state.account.error = None;
    state.account.team_cursor = Default::default();
    let (id, cmd) = request(state, Request::LoadTeams { account_id });
    state.account.teams.start(id);
    vec![cmd]
}

fn connect(state: &mut State, team: Option<Workspace>) -> Vec<Command> {
    let (Some(team), Some(account), Some(group)) = (team, state.account.account.clone(), state.groups.target.clone())
    else {
        return Vec::new();
    };
    let (id, cmd) = request(state, Request::Connect { group_id: group.id, account, team });
    state.account.saving = Some(id);
    state.account.error = None;
    vec![cmd]
}

pub fn on_teams(state: &mut State, request: RequestId, result: Result<Vec<Workspace>, ErrorInfo>) -> Vec<Command> {
    state.account.teams.finish(request, result);
    Vec::new()
}

pub fn on_connected(state: &mut State, request: RequestId, result: Result<GroupRow, ErrorInfo>) -> Vec<Command> {
    if state.account.saving != Some(request) {
        return Vec::new();
    }
    state.account.saving = None;
    match result {
        Err(e) => {
            state.account.error = Some(e.message);
            Vec::new()
        }
        Ok(group) => {
            let what = match &group.connection {
                Some(c) => {
                    format!("Connected {} to {} ({}).", group.name, c.workspace_name, c.account_name)
                }
                None => format!("Connected \"{}\".", group.name),
            };
            // The secret has done its job here; the sign-in now lives in the vault only.
            state.token.field.clear();
            state.account.connected = Some(group.clone());
            state.groups.target = Some(group);
            // On to step 4: a project in the connected group.
            state.history = vec![Screen::Home];
            state.screen = Screen::Project;
            state.project.phase = Default::default();
            let cmds = super::project::enter(state);
            toast(state, format!("{what} Next: a project in this group."));
            cmds
        }
    }
}
