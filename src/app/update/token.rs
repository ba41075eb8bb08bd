//! Step 2's reactions: the masked token field and "Initiate Connection".

use super::{TextEdit, back, go, request};
use crate::app::action::{Command, Request, RequestId, Secret};
use crate::app::keymap::Intent;
use crate::app::state::{AccountPhase, ErrorInfo, Screen, State, TokenInfo};

pub fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    match intent {
        Intent::Back => back(state),
        Intent::Reveal => {
            state.token.reveal_tail = !state.token.reveal_tail;
            Vec::new()
        }
        Intent::ClearFilter => {
            state.token.field.clear();
            state.token.error = None;
            Vec::new()
        }
        Intent::Confirm if state.token.pending.is_none() => {
            if state.token.field.is_empty() {
                state.token.error =
                    Some("Paste the Frame.io API developer token first (it starts with fio-u-).".into());
                return Vec::new();
            }
            let token = Secret(state.token.field.expose().to_owned());
            let (id, cmd) = request(state, Request::CheckToken { token });
            state.token.pending = Some(id);
            state.token.checking = Some(state.token.field.clone());
            state.token.error = None;
            vec![cmd]
        }
        _ => Vec::new(),
    }
}

pub fn on_text(state: &mut State, edit: TextEdit) {
    let t = &mut state.token;
    if t.pending.is_some() {
        // The field is frozen while Frame.io checks what it holds.
        return;
    }
    match edit {
        TextEdit::Insert(s) => t.field.push_str(&s),
        TextEdit::Backspace => t.field.backspace(),
        TextEdit::Clear => t.field.clear(),
    }
    t.error = None;
}

pub fn on_checked(state: &mut State, request: RequestId, result: Result<TokenInfo, ErrorInfo>) -> Vec<Command> {
    if state.token.pending != Some(request) {
        return Vec::new();
    }
    state.token.pending = None;
    let checked = state.token.checking.take();
    if state.screen != Screen::Token {
        // The user went back while Frame.io was asked: the answer must not move them.
        return Vec::new();
    }
    match result {
        // The token is wrong: say so, keep what was typed, stay here.
        Err(e) => {
            state.token.error = Some(e.message);
            Vec::new()
        }
        Ok(info) => {
            state.token.validated = checked;
            let administered: Vec<_> = info.administered().into_iter().cloned().collect();
            state.account = Default::default();
            state.account.accounts = info.accounts.clone();
            state.token.info = Some(info);
            if administered.len() == 1 {
                // The seed document's conditional step: only asked with several accounts.
                let only = administered[0].clone();
                state.account.note = Some(format!(
                    "Using {}, the only Frame.io account this token's user administers.",
                    only.account.name
                ));
                let mut cmds = go(state, Screen::Account);
                cmds.extend(super::account::choose_account(state, only));
                cmds
            } else {
                state.account.phase = AccountPhase::Accounts;
                go(state, Screen::Account)
            }
        }
    }
}
