//! Step 2's reactions: choose how to sign in to Frame.io (Tab), enter the secret (masked), and
//! "Initiate Connection". An Adobe sign-in takes two Enters: the first asks the worker for the
//! address to open, the second sends what the browser landed on.

use super::{TextEdit, back, go, request};
use crate::app::action::{Command, Request, RequestId, Secret, SignIn};
use crate::app::keymap::Intent;
use crate::app::state::{AccountPhase, ErrorInfo, Screen, SignInMethod, SignInPrompt, State, TokenInfo};

pub fn on_intent(state: &mut State, intent: Intent) -> Vec<Command> {
    let t = &mut state.token;
    match intent {
        Intent::Back => back(state),
        Intent::Reveal => {
            t.reveal_tail = !t.reveal_tail;
            Vec::new()
        }
        Intent::ClearFilter => {
            if t.method == SignInMethod::ServerToServer && t.on_client_id {
                t.client_id.clear();
            } else {
                t.field.clear();
            }
            t.error = None;
            Vec::new()
        }
        Intent::NextField if t.pending.is_none() => {
            // A secret typed for one way is not meant for another.
            t.field.clear();
            t.method = t.method.next();
            t.on_client_id = t.method == SignInMethod::ServerToServer && t.client_id.trimmed().is_empty();
            t.error = None;
            Vec::new()
        }
        Intent::Up | Intent::Down if t.method == SignInMethod::ServerToServer => {
            t.on_client_id = intent == Intent::Up;
            Vec::new()
        }
        Intent::Confirm if t.pending.is_none() && t.prompt_pending.is_none() => confirm(state),
        _ => Vec::new(),
    }
}

fn confirm(state: &mut State) -> Vec<Command> {
    let t = &mut state.token;
    // Back here after signing in, nothing new typed: go on with that sign-in (the worker has it).
    if t.field.is_empty()
        && let Some(info) = t.info.clone()
    {
        return proceed(state, info);
    }
    let sign_in = match t.method {
        SignInMethod::DeveloperToken => {
            if t.field.is_empty() {
                t.error = Some("Paste the Frame.io developer token first (it starts with fio-u-).".into());
                return Vec::new();
            }
            SignIn::DeveloperToken(Secret(t.field.expose().to_owned()))
        }
        SignInMethod::Adobe => match (&t.prompt, t.prompt_request) {
            (Some(_), Some(started)) if !t.field.is_empty() => {
                SignIn::AdobeRedirect { started, pasted: Secret(t.field.expose().to_owned()) }
            }
            (Some(_), Some(_)) => {
                t.error = Some("Paste the address your browser landed on after signing in (or just its code).".into());
                return Vec::new();
            }
            _ => {
                let (id, cmd) = request(state, Request::BeginAdobeSignIn);
                state.token.prompt_pending = Some(id);
                state.token.error = None;
                return vec![cmd];
            }
        },
        SignInMethod::ServerToServer => {
            if t.client_id.trimmed().is_empty() {
                t.on_client_id = true;
                t.error = Some("Type the client ID of the server-to-server credential first.".into());
                return Vec::new();
            }
            if t.field.is_empty() {
                t.on_client_id = false;
                t.error = Some("Paste the client secret of the server-to-server credential.".into());
                return Vec::new();
            }
            SignIn::ServerToServer {
                client_id: t.client_id.trimmed().to_owned(),
                secret: Secret(t.field.expose().to_owned()),
            }
        }
    };
    let (id, cmd) = request(state, Request::SignIn(sign_in));
    state.token.pending = Some(id);
    state.token.error = None;
    vec![cmd]
}

pub fn on_text(state: &mut State, edit: TextEdit) {
    let t = &mut state.token;
    if t.pending.is_some() {
        // The fields are frozen while Frame.io checks what they hold.
        return;
    }
    if t.method == SignInMethod::ServerToServer && t.on_client_id {
        match edit {
            TextEdit::Insert(s) => t.client_id.push_str(s.trim()),
            TextEdit::Backspace => t.client_id.backspace(),
            TextEdit::Clear => t.client_id.clear(),
        }
    } else {
        match edit {
            TextEdit::Insert(s) => t.field.push_str(&s),
            TextEdit::Backspace => t.field.backspace(),
            TextEdit::Clear => t.field.clear(),
        }
    }
    t.error = None;
}

pub fn on_prompt(state: &mut State, request: RequestId, result: Result<SignInPrompt, ErrorInfo>) -> Vec<Command> {
    if state.token.prompt_pending != Some(request) {
        return Vec::new();
    }
    state.token.prompt_pending = None;
    match result {
        Err(e) => state.token.error = Some(e.message),
        Ok(prompt) => {
            let url = prompt.url.clone();
            state.token.prompt = Some(prompt);
            state.token.prompt_request = Some(request);
            state.token.field.clear();
            return vec![Command::Copy(url)];
        }
    }
    Vec::new()
}

pub fn on_checked(state: &mut State, request: RequestId, result: Result<TokenInfo, ErrorInfo>) -> Vec<Command> {
    // The answer to "Initiate Connection", or an Adobe sign-in finished in the browser (the
    // loopback listener answers the request that made the address).
    let from_callback = state.token.prompt_request == Some(request) && state.token.pending.is_none();
    if state.token.pending != Some(request) && !from_callback {
        return Vec::new();
    }
    state.token.pending = None;
    if state.screen != Screen::Token {
        // The user went back while Frame.io was asked: the answer must not move them.
        return Vec::new();
    }
    match result {
        // The sign-in is wrong: say so, keep what was typed, stay here.
        Err(e) => {
            state.token.error = Some(e.message);
            Vec::new()
        }
        Ok(info) => {
            // The secret has done its job here; the worker holds the sign-in now.
            state.token.field.clear();
            state.token.prompt = None;
            state.token.prompt_request = None;
            proceed(state, info)
        }
    }
}

/// On to step 3 with a checked sign-in: the account picker, or (with one administered account,
/// the seed document's conditional step) straight to its workspaces.
fn proceed(state: &mut State, info: TokenInfo) -> Vec<Command> {
    let administered: Vec<_> = info.administered().into_iter().cloned().collect();
    // The same accounts as before (back and forth): the cursor stays where the admin left it.
    let cursor =
        if state.account.accounts == info.accounts { state.account.account_cursor } else { Default::default() };
    state.account = Default::default();
    state.account.accounts = info.accounts.clone();
    state.account.account_cursor = cursor;
    state.token.info = Some(info);
    if administered.len() == 1 {
        // The seed document's conditional step: only asked with several accounts.
        let only = administered[0].clone();
        state.account.note = Some(format!("Using {}, the only Frame.io account you administer.", only.account.name));
        let mut cmds = go(state, Screen::Account);
        cmds.extend(super::account::choose_account(state, only));
        cmds
    } else {
        state.account.phase = AccountPhase::Accounts;
        go(state, Screen::Account)
    }
}
