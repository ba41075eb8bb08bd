//! Signing in to Frame.io, the three ways V4 takes (the seed document's step "Enter the API
//! developer token", which V4 widened): a legacy developer token, an Adobe sign-in (copy the
//! address, paste back the redirect), or a server-to-server credential. Each ends in a checked
//! `TokenSource` and whose it is; the wizard's worker and the headless commands both call these.

use secrecy::SecretString;

use super::connect::{self, TokenCheck};
use super::context::Context;
use super::error::{IntegrationError, Result};
use crate::frameio::TokenSource;
use crate::ims::{self, ImsClient, ImsConfig, PendingLogin};

/// A checked sign-in: the source of its tokens and whose it is.
pub struct Checked {
    pub source: TokenSource,
    pub check: TokenCheck,
}

impl std::fmt::Debug for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checked").field("source", &self.source).field("check", &self.check).finish()
    }
}

/// Where a sign-in not yet kept for an account stores its renewals: nowhere yet. It is stored
/// whole when kept (`Vault::set_current_sign_in`, or for the account it connects), and a
/// sign-in lives minutes before that, far less than an access token.
fn unbound() -> crate::frameio::renewal::Persist {
    std::sync::Arc::new(|_| Ok(()))
}

/// Check a sign-in with Frame.io: who it is, which accounts it administers.
async fn check(ctx: &Context, source: TokenSource) -> Result<Checked> {
    let fio = ctx.frameio(source.clone())?;
    let check = connect::check_token(&fio).await?;
    Ok(Checked { source, check })
}

pub async fn developer_token(ctx: &Context, token: SecretString) -> Result<Checked> {
    check(ctx, TokenSource::developer_token(token)).await
}

/// The IMS client for a person's sign-in with the profile's Developer Console credential.
pub fn user_config(ctx: &Context) -> Result<ImsConfig> {
    let client_id = ctx.ims.client_id.clone().ok_or_else(|| {
        IntegrationError::Invalid(format!(
            "Sign in with Adobe needs the client ID of your Adobe Developer Console credential: set \
             ims_client_id under [profiles.{}] in config.toml (README: \"Sign in with Adobe\").",
            ctx.profile
        ))
    })?;
    let mut config = ImsConfig::user(ctx.ims.base.clone(), client_id).with_secret(ctx.ims.client_secret.clone());
    if let Some(uri) = &ctx.ims.redirect_uri {
        config.redirect_uri = uri.clone();
    }
    Ok(config)
}

fn ims_client(ctx: &Context, config: ImsConfig) -> Result<ImsClient> {
    Ok(ImsClient::new(config, &ctx.http)?.with_retry(ctx.retry))
}

/// Start an Adobe sign-in: the address to open (and the verifier, kept by the caller).
/// `callback_port`: the redirect goes to wfio's loopback listener on that port instead.
pub fn begin_adobe(ctx: &Context, callback_port: Option<u16>) -> Result<PendingLogin> {
    let mut config = user_config(ctx)?;
    if let Some(port) = callback_port {
        config.redirect_uri = format!("http://127.0.0.1:{port}{}", ims::callback::PATH);
    }
    Ok(ims::begin_login(&config))
}

/// Finish an Adobe sign-in with the code from the pasted redirect (or the loopback listener).
pub async fn finish_adobe(ctx: &Context, pending: &PendingLogin, code: &str) -> Result<Checked> {
    let mut config = user_config(ctx)?;
    config.redirect_uri = pending.redirect_uri.clone();
    let client = ims_client(ctx, config)?;
    let tokens = client.exchange_code(pending, code).await?;
    check(ctx, TokenSource::user(client, tokens, unbound())).await
}

/// Finish an Adobe sign-in from what the person pasted (the whole redirect address, or its code).
pub async fn finish_adobe_pasted(ctx: &Context, pending: &PendingLogin, pasted: &str) -> Result<Checked> {
    pending.check_fresh(jiff::Timestamp::now()).map_err(|e| IntegrationError::Invalid(e.to_string()))?;
    let code = ims::parse_pasted(pasted, pending).map_err(|e| IntegrationError::Invalid(e.to_string()))?;
    finish_adobe(ctx, pending, &code).await
}

/// A server-to-server credential: mint a token now (that checks the client), then Frame.io.
pub async fn server_to_server(ctx: &Context, client_id: &str, secret: SecretString) -> Result<Checked> {
    let config = ImsConfig::server_to_server(ctx.ims.base.clone(), client_id.trim(), secret);
    let client = ims_client(ctx, config)?;
    let tokens = client.client_credentials().await?;
    check(ctx, TokenSource::server_to_server(client, Some(tokens), unbound())?).await
}
