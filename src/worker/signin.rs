//! The wizard's Frame.io sign-in, held by the worker: the UI sends a secret once, and the
//! worker keeps what came of it (the pending Adobe sign-in with its verifier, then the checked
//! `TokenSource`) for the account and workspace steps and the connection. Nothing secret goes
//! back to the UI.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;

use super::Out;
use crate::app::action::{RequestId, Secret, SignIn, WorkerEvent};
use crate::app::state::{ErrorInfo, SignInPrompt, TokenInfo};
use crate::frameio::TokenSource;
use crate::ims::PendingLogin;
use crate::integration::signin::{self, Checked};
use crate::integration::{Context, IntegrationError, Result};

/// How long the loopback listener waits for the browser.
const CALLBACK_WAIT: Duration = Duration::from_secs(600);

/// What the worker keeps between sign-in requests.
#[derive(Clone, Default)]
pub struct SignIns {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    /// Adobe sign-ins started, by the request that started them.
    pending: HashMap<RequestId, PendingLogin>,
    /// The sign-in checked last: what the account and workspace steps use.
    current: Option<TokenSource>,
}

impl SignIns {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn current(&self) -> Result<TokenSource> {
        self.lock().current.clone().ok_or_else(|| {
            IntegrationError::Invalid("Sign in to Frame.io first (step 2): the sign-in was lost.".into())
        })
    }
}

fn secret(s: &Secret) -> SecretString {
    SecretString::from(s.0.clone())
}

fn info(checked: &Checked) -> TokenInfo {
    let user = &checked.check.user;
    TokenInfo {
        method: checked.source.kind().label().to_owned(),
        user: user.display(),
        email: user.email.clone(),
        accounts: checked.check.accounts.clone(),
    }
}

/// Keep a checked sign-in as the current one and describe it for the UI.
fn keep(signins: &SignIns, result: Result<Checked>) -> std::result::Result<TokenInfo, ErrorInfo> {
    match result {
        Ok(checked) => {
            let info = info(&checked);
            signins.lock().current = Some(checked.source);
            Ok(info)
        }
        Err(e) => Err(ErrorInfo::new(e.to_string())),
    }
}

/// "Initiate Connection" one of the three ways.
pub async fn sign_in(ctx: &Context, signins: &SignIns, request: SignIn) -> std::result::Result<TokenInfo, ErrorInfo> {
    let result = match request {
        SignIn::DeveloperToken(t) => signin::developer_token(ctx, secret(&t)).await,
        SignIn::ServerToServer { client_id, secret: s } => signin::server_to_server(ctx, &client_id, secret(&s)).await,
        SignIn::AdobeRedirect { started, pasted } => {
            let pending = signins.lock().pending.get(&started).cloned();
            match pending {
                None => Err(IntegrationError::Invalid(
                    "This sign-in was not started here (or was finished already): press Tab to start again.".into(),
                )),
                Some(p) => {
                    let r = signin::finish_adobe_pasted(ctx, &p, &pasted.0).await;
                    if r.is_ok() {
                        signins.lock().pending.remove(&started);
                    }
                    r
                }
            }
        }
    };
    keep(signins, result)
}

/// Start an Adobe sign-in: answer with the address; with a callback port, also listen for the
/// browser's redirect and answer `TokenChecked` for this request when it comes.
pub(crate) async fn begin_adobe(ctx: &Context, signins: &SignIns, out: &Out) {
    let port = ctx.ims.callback_port;
    let listener = match port {
        Some(p) => match crate::ims::callback::listen(p).await {
            Ok(l) => Some(l),
            Err(e) => {
                tracing::warn!(error = %e, "no loopback listener for the sign-in; pasting still works");
                None
            }
        },
        None => None,
    };
    let started = signin::begin_adobe(ctx, listener.as_ref().map(crate::ims::callback::Listener::port));
    let pending = match started {
        Ok(p) => p,
        Err(e) => {
            let result = Err(ErrorInfo::new(e.to_string()));
            out.send(WorkerEvent::SignInPrompt { request: out.id, result }).await;
            return;
        }
    };
    signins.lock().pending.insert(out.id, pending.clone());
    let prompt = SignInPrompt { url: pending.url.clone(), callback_port: listener.as_ref().map(|l| l.port()) };
    out.send(WorkerEvent::SignInPrompt { request: out.id, result: Ok(prompt) }).await;
    let Some(listener) = listener else { return };
    // The browser may come back here instead of a paste.
    match listener.next_code(&pending, CALLBACK_WAIT).await {
        Ok(code) => {
            if signins.lock().pending.remove(&out.id).is_none() {
                return; // finished by a paste meanwhile
            }
            let result = keep(signins, signin::finish_adobe(ctx, &pending, &code).await);
            out.send(WorkerEvent::TokenChecked { request: out.id, result }).await;
        }
        Err(e) => tracing::info!(error = %e, "the loopback sign-in listener stopped"),
    }
}
