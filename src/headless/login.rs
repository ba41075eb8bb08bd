//! `wfio auth login frameio`: sign in to Frame.io one of the three ways V4 takes, check it, and
//! keep it as the profile's current sign-in (used by `group connect`, then stored for the
//! account it connects). For an Adobe sign-in over SSH (no browser here, and no device code at
//! Adobe): the address goes to stdout, the admin signs in anywhere and pastes back the address
//! the browser landed on (or its code); with `--callback-port`, wfio also listens on loopback
//! for that redirect (`ssh -L`), whichever comes first.

use std::time::Duration;

use super::Env;
use super::input;
use super::output::{Failure, Result};
use crate::cli::{LoginArgs, SignInWith};
use crate::integration::signin::{self, Checked};

/// How long a callback listener waits for the browser.
const CALLBACK_WAIT: Duration = Duration::from_secs(600);

pub async fn run(env: &Env, args: &LoginArgs) -> Result<()> {
    let out = &env.out;
    let ctx = &env.ctx;
    let checked: Checked = match args.with {
        SignInWith::Token => {
            let token = input::secret(out, args.stdin, "Frame.io developer token", "--stdin").await?;
            signin::developer_token(ctx, token).await?
        }
        SignInWith::S2s => {
            let client_id = args.client_id.clone().or_else(|| ctx.ims.client_id.clone()).ok_or_else(|| {
                Failure::usage("a server-to-server sign-in needs --client-id ID (or ims_client_id in the profile)")
            })?;
            let secret = input::secret(out, args.stdin, "client secret", "--stdin").await?;
            signin::server_to_server(ctx, &client_id, secret).await?
        }
        SignInWith::Adobe => adobe(env, args).await?,
    };
    let user = &checked.check.user;
    env.ctx.vault.set_current_sign_in(&checked.source.credential()).map_err(Failure::error)?;
    let administered: Vec<&str> = checked.check.administered().iter().map(|a| a.account.name.as_str()).collect();
    if out.json {
        out.json_value(&serde_json::json!({
            "user": user.display(),
            "email": user.email,
            "method": checked.source.kind().label(),
            "administers": administered,
        }));
    } else {
        out.line(user.email.as_deref().unwrap_or(&user.id));
    }
    out.say(format!(
        "Signed in to Frame.io as {} ({}); administers {}. Next: wfio group connect GROUP",
        user.display(),
        checked.source.kind().label(),
        administered.join(", ")
    ));
    Ok(())
}

async fn adobe(env: &Env, args: &LoginArgs) -> Result<Checked> {
    let (out, ctx) = (&env.out, &env.ctx);
    let listener = match args.callback_port {
        Some(port) => Some(crate::ims::callback::listen(port).await.map_err(|e| Failure::error(e.to_string()))?),
        None => None,
    };
    let pending = signin::begin_adobe(ctx, listener.as_ref().map(crate::ims::callback::Listener::port))?;
    // The address is data (a script can open it); the instructions are messages.
    out.line(&pending.url);
    out.say("Open that address in a browser on any machine and sign in with Adobe.");
    let listening = listener.as_ref().map(crate::ims::callback::Listener::port);
    if let Some(port) = listening {
        out.say(format!(
            "Waiting for the browser on 127.0.0.1:{port} (with ssh -L {port}:127.0.0.1:{port}); or paste the address it lands on."
        ));
    } else {
        out.say("Then paste the address the browser lands on (or just its code). The code lasts a few minutes.");
    }
    let paste = async {
        if listening.is_some() && !args.stdin && !out.interactive {
            // Nothing to read a paste from: the browser's redirect is the only way in.
            std::future::pending::<()>().await;
        }
        input::secret(out, args.stdin, "redirect address (where the browser landed)", "--stdin").await
    };
    let callback = async {
        match listener {
            Some(l) => l.next_code(&pending, CALLBACK_WAIT).await.map_err(|e| Failure::error(e.to_string())),
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        pasted = paste => Ok(signin::finish_adobe_pasted(ctx, &pending, secrecy::ExposeSecret::expose_secret(&pasted?)).await?),
        code = callback => Ok(signin::finish_adobe(ctx, &pending, &code?).await?),
    }
}
