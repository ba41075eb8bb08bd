//! `wfio auth status`: which credentials a profile uses and where each comes from (environment,
//! credentials file, built-in demo), masked to the last four characters; `--check` tries them
//! (renewing an Adobe sign-in first when its access token has expired).

use std::path::PathBuf;

use secrecy::ExposeSecret;
use serde::Serialize;

use super::output::{Exit, Failure, Out, Result};
use super::{Env, demo, select_profile};
use crate::cli::Cli;
use crate::config::{AuthMode, DEMO_API_KEY, DEMO_PROFILE, Paths, Profile};
use crate::credentials::{self, CredentialsFile, ProfileSecrets, Source};
use crate::frameio::credential::CredentialSummary;
use crate::integration::connection_of;
use crate::session::{DEMO_CONNECTED_ACCOUNT, DEMO_S2S_SECRET};
use crate::sim::ids;

const ENV_SESSION_ID: &str = "WFIO_WORKFRONT_SESSION_ID";
const ENV_IMS_TOKEN: &str = "WFIO_IMS_ACCESS_TOKEN";

/// One secret, masked, and where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Secret {
    /// `env`, `file` or `built-in`.
    pub source: &'static str,
    /// The environment variable or the file.
    pub from: String,
    pub masked: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountToken {
    pub account_id: String,
    /// The credential's first secret, masked (the token, or the access token).
    #[serde(flatten)]
    pub secret: Secret,
    /// Kind, client, expiry, every secret masked.
    pub credential: CredentialSummary,
}

/// The profile's current Frame.io sign-in (`wfio auth login frameio`).
#[derive(Debug, Clone, Serialize)]
pub struct SignIn {
    pub source: &'static str,
    pub from: String,
    pub credential: CredentialSummary,
}

#[derive(Debug, Clone, Serialize)]
pub struct Credentials {
    pub profile: String,
    pub demo: bool,
    pub auth: AuthMode,
    /// The Workfront credential; `None` when missing.
    pub workfront: Option<Secret>,
    /// Set: used for every Frame.io account, over stored tokens.
    pub frameio_env: Option<Secret>,
    /// What `wfio auth login frameio` signed in last.
    pub frameio_current: Option<SignIn>,
    /// Tokens stored per Frame.io account.
    pub frameio: Vec<AccountToken>,
}

fn env_secret(var: &str, unicode: bool) -> Option<Secret> {
    let value = std::env::var(var).ok().filter(|v| !v.trim().is_empty())?;
    Some(Secret { source: "env", from: var.to_owned(), masked: credentials::mask(value.trim(), unicode) })
}

fn source_word(s: Source) -> &'static str {
    match s {
        Source::Env => "env",
        Source::File => "file",
        Source::BuiltIn => "built-in",
    }
}

/// What `profile` would use, read without any network.
pub fn describe(profile: &Profile, paths: &Paths, unicode: bool) -> Result<Credentials> {
    let file_path = CredentialsFile::path(&paths.config_dir);
    let file = CredentialsFile::load(&file_path).map_err(Failure::error)?;
    let shown = |p: &PathBuf| p.display().to_string();
    let (auth, workfront) = match profile {
        Profile::Demo => {
            let secret = match credentials::workfront_api_key(&file, DEMO_PROFILE) {
                Some((key, src)) => Secret {
                    source: source_word(src),
                    from: if src == Source::Env {
                        credentials::ENV_WORKFRONT_API_KEY.into()
                    } else {
                        shown(&file_path)
                    },
                    masked: credentials::mask(key.expose_secret(), unicode),
                },
                None => Secret {
                    source: "built-in",
                    from: "the demo organisation".into(),
                    masked: credentials::mask(DEMO_API_KEY, unicode),
                },
            };
            (AuthMode::ApiKey, Some(secret))
        }
        Profile::Remote { name, config } => {
            let secret = match config.auth {
                AuthMode::ApiKey => credentials::workfront_api_key(&file, name).map(|(key, src)| Secret {
                    source: source_word(src),
                    from: if src == Source::Env {
                        credentials::ENV_WORKFRONT_API_KEY.into()
                    } else {
                        shown(&file_path)
                    },
                    masked: credentials::mask(key.expose_secret(), unicode),
                }),
                AuthMode::Session => env_secret(ENV_SESSION_ID, unicode),
                AuthMode::Ims => env_secret(ENV_IMS_TOKEN, unicode),
            };
            (config.auth, secret)
        }
    };
    let (tokens_path, tokens) = match profile {
        Profile::Demo => {
            let path = demo::credentials_file(paths);
            let file = CredentialsFile::load(&path).map_err(Failure::error)?;
            (path.clone(), if path.exists() { file.profiles.get(DEMO_PROFILE).cloned() } else { None })
        }
        Profile::Remote { name, .. } => (file_path.clone(), file.profiles.get(name).cloned()),
    };
    let tokens = tokens.unwrap_or_default();
    let from = shown(&tokens_path);
    let mut frameio: Vec<AccountToken> = tokens
        .frameio_accounts
        .keys()
        .filter_map(|account_id| {
            let (_, c) = tokens.frameio_for(account_id)?;
            let credential = c.masked_summary(unicode);
            let masked = credential.secrets.first().map(|s| s.masked.clone()).unwrap_or_default();
            let secret = Secret { source: "file", from: from.clone(), masked };
            Some(AccountToken { account_id: account_id.clone(), secret, credential })
        })
        .collect();
    let frameio_current = current_sign_in(&tokens, from, unicode);
    if profile.is_demo() && !tokens_path.exists() {
        frameio.push(AccountToken {
            account_id: ids::frameio_id_for(DEMO_CONNECTED_ACCOUNT),
            secret: Secret {
                source: "built-in",
                from: "the demo organisation".into(),
                masked: credentials::mask(DEMO_S2S_SECRET, unicode),
            },
            credential: crate::session::demo_credential(
                &url::Url::parse(crate::ims::DEFAULT_BASE).expect("a valid URL"),
            )
            .masked_summary(unicode),
        });
    }
    Ok(Credentials {
        profile: profile.name().to_owned(),
        demo: profile.is_demo(),
        auth,
        workfront,
        frameio_env: env_secret(credentials::ENV_FRAMEIO_TOKEN, unicode).or_else(|| env_client(unicode)),
        frameio_current,
        frameio,
    })
}

fn current_sign_in(tokens: &ProfileSecrets, from: String, unicode: bool) -> Option<SignIn> {
    let (_, c) = tokens.frameio_current_sign_in()?;
    Some(SignIn { source: "file", from, credential: c.masked_summary(unicode) })
}

/// A server-to-server client in the environment (both variables set).
fn env_client(unicode: bool) -> Option<Secret> {
    let set = |v: &str| std::env::var(v).ok().filter(|v| !v.trim().is_empty());
    let (id, secret) = (set(credentials::ENV_FRAMEIO_CLIENT_ID)?, set(credentials::ENV_FRAMEIO_CLIENT_SECRET)?);
    Some(Secret {
        source: "env",
        from: format!("{}, {}", credentials::ENV_FRAMEIO_CLIENT_ID, credentials::ENV_FRAMEIO_CLIENT_SECRET),
        masked: format!("client {} secret {}", id.trim(), credentials::mask(secret.trim(), unicode)),
    })
}

/// Before opening a real profile: a missing Workfront credential is exit 4 with the fix.
pub fn require_workfront_credentials(profile: &Profile, paths: &Paths) -> Result<()> {
    let Profile::Remote { name, config } = profile else { return Ok(()) };
    if describe(profile, paths, false)?.workfront.is_some() {
        return Ok(());
    }
    Err(Failure::auth(match config.auth {
        AuthMode::ApiKey => format!(
            "profile '{name}' has no Workfront API key: set {} or store one with \
             `wfio profile add {name} --workfront-url {} --force --api-key-stdin`",
            credentials::ENV_WORKFRONT_API_KEY,
            config.workfront_url
        ),
        AuthMode::Session => format!("profile '{name}' uses session auth: set {ENV_SESSION_ID}"),
        AuthMode::Ims => format!("profile '{name}' uses IMS auth: set {ENV_IMS_TOKEN}"),
    }))
}

fn auth_word(a: AuthMode) -> &'static str {
    match a {
        AuthMode::ApiKey => "API key",
        AuthMode::Session => "session ID",
        AuthMode::Ims => "IMS access token",
    }
}

/// Lines for people, shared with `profile show`.
pub fn lines(c: &Credentials) -> Vec<String> {
    let mut out = Vec::new();
    match &c.workfront {
        Some(s) => out.push(format!("Workfront {}: {} ({}: {})", auth_word(c.auth), s.masked, s.source, s.from)),
        None => out.push(format!("Workfront {}: missing", auth_word(c.auth))),
    }
    if let Some(s) = &c.frameio_env {
        out.push(format!("Frame.io token for every account: {} ({}: {})", s.masked, s.source, s.from));
    }
    if let Some(s) = &c.frameio_current {
        out.push(format!("Frame.io sign-in: {} ({}: {})", s.credential, s.source, s.from));
    }
    if c.frameio.is_empty() {
        out.push("Frame.io tokens: none stored (wfio group connect stores one)".into());
    } else {
        out.push("Frame.io tokens:".into());
        for t in &c.frameio {
            let over = if c.frameio_env.is_some() { ", overridden by the environment" } else { "" };
            let shown = match t.credential.kind {
                crate::frameio::auth::CredentialKind::DeveloperToken => t.secret.masked.clone(),
                _ => t.credential.to_string(),
            };
            out.push(format!("  account {}: {shown} ({}: {}{over})", t.account_id, t.secret.source, t.secret.from));
        }
    }
    out
}

pub async fn status(cli: &Cli, paths: &Paths, out: &Out, check: bool) -> Result<()> {
    let profile = select_profile(cli, paths)?;
    let creds = describe(&profile, paths, out.theme.unicode)?;
    if !check {
        if out.json {
            out.json_value(&creds);
        } else {
            out.line(format!("Profile: {}{}", creds.profile, if creds.demo { " (built-in demo)" } else { "" }));
            for l in lines(&creds) {
                out.line(l);
            }
        }
        return Ok(());
    }
    let env = Env::open(cli, paths, out, "auth status").await?;
    let result = try_them(&env, &creds).await;
    env.close().await;
    let checks = result?;
    let refused = checks.iter().filter(|c| !c.ok).count();
    if out.json {
        out.json_value(&serde_json::json!({"credentials": creds, "checks": checks}));
    } else {
        out.line(format!("Profile: {}{}", creds.profile, if creds.demo { " (built-in demo)" } else { "" }));
        for l in lines(&creds) {
            out.line(l);
        }
        for c in &checks {
            out.line(format!("{} {}: {}", if c.ok { "ok  " } else { "FAIL" }, c.what, c.detail));
        }
    }
    if refused > 0 {
        return Err(Failure::new(Exit::Auth, format!("{refused} credential(s) refused")));
    }
    Ok(())
}

#[derive(Debug, Serialize)]
struct Check {
    what: String,
    ok: bool,
    detail: String,
}

async fn try_them(env: &Env, creds: &Credentials) -> Result<Vec<Check>> {
    let mut checks = Vec::new();
    let groups = match env.ctx.wf.groups().await {
        Ok(g) => {
            checks.push(Check { what: "Workfront".into(), ok: true, detail: format!("{} groups visible", g.len()) });
            g
        }
        Err(e) => {
            let failure = Failure::from(e);
            if failure.exit != Exit::Auth {
                return Err(failure);
            }
            checks.push(Check { what: "Workfront".into(), ok: false, detail: failure.message });
            Vec::new()
        }
    };
    let name_of = |account: &str| {
        groups
            .iter()
            .filter_map(connection_of)
            .find(|c| c.account_id == account)
            .map_or_else(|| format!("account {account}"), |c| c.account_name)
    };
    for t in &creds.frameio {
        let Ok(Some(source)) = env.ctx.vault.token_source(&t.account_id) else { continue };
        let what = format!("Frame.io {}", name_of(&t.account_id));
        // The account's own token source: sent the way it must be (the legacy header only for a
        // developer token), renewed on a 401.
        match env.ctx.frameio(source).map_err(Failure::from) {
            Ok(fio) => match fio.me().await {
                Ok(u) => checks.push(Check { what, ok: true, detail: format!("as {}", u.display()) }),
                Err(e) => {
                    let failure = Failure::from(e);
                    if failure.exit != Exit::Auth {
                        return Err(failure);
                    }
                    checks.push(Check { what, ok: false, detail: failure.message });
                }
            },
            Err(f) => return Err(f),
        }
    }
    Ok(checks)
}
