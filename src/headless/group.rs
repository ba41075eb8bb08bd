//! `wfio group list|create|connect`: step 1 of the seed document, "Connect a Workfront group to a
//! Frame.io team" (a workspace in V4), as the wizard's worker does it (`integration::connect`).

use serde::Serialize;

use super::output::{Failure, Result, table};
use super::resolve::{self, account_key, fio_workspace_key};
use super::{Env, input};
use crate::app::state::GroupRow;
use crate::cli::{GroupCmd, GroupConnectArgs};
use crate::frameio::TokenSource;
use crate::integration::{self, connect, connection_of};
use crate::ui::theme::Role;

pub async fn run(env: &Env, cmd: &GroupCmd) -> Result<()> {
    match cmd {
        GroupCmd::List { connected } => list(env, *connected).await,
        GroupCmd::Create { name } => create(env, name).await,
        GroupCmd::Connect(args) => connect(env, args).await,
    }
}

#[derive(Debug, Serialize)]
pub struct ConnectionView {
    pub account_id: String,
    pub account_name: String,
    pub workspace_id: String,
    pub workspace_name: String,
    /// Connected with Frame.io's removed legacy API: reconnect it to a workspace.
    pub legacy: bool,
}

#[derive(Debug, Serialize)]
pub struct GroupView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub connected: bool,
    pub connection: Option<ConnectionView>,
}

pub fn view(row: &GroupRow) -> GroupView {
    GroupView {
        id: row.id.clone(),
        name: row.name.clone(),
        description: row.description.clone(),
        connected: row.is_connected(),
        connection: row.connection.as_ref().map(|c| ConnectionView {
            account_id: c.account_id.clone(),
            account_name: c.account_name.clone(),
            workspace_id: c.workspace_id.clone(),
            workspace_name: c.workspace_name.clone(),
            legacy: c.legacy,
        }),
    }
}

async fn list(env: &Env, connected_only: bool) -> Result<()> {
    let rows = integration::group_rows(&env.ctx.wf.groups().await?);
    let views: Vec<GroupView> = rows.iter().filter(|g| !connected_only || g.is_connected()).map(view).collect();
    if env.out.json {
        env.out.json_value(&views);
        return Ok(());
    }
    let out = &env.out;
    let lines: Vec<Vec<String>> = views
        .iter()
        .map(|g| {
            let frameio = match &g.connection {
                Some(c) if c.legacy => out
                    .paint(Role::Warning, &format!("legacy team {} · {}: reconnect", c.workspace_name, c.account_name)),
                Some(c) => out.paint(
                    Role::Connected,
                    &format!(
                        "{} {} · {}",
                        if out.theme.unicode { "⬢" } else { "[F]" },
                        c.workspace_name,
                        c.account_name
                    ),
                ),
                None => "-".into(),
            };
            vec![g.name.clone(), frameio, g.id.clone()]
        })
        .collect();
    for l in table(&lines) {
        out.line(l);
    }
    if views.is_empty() {
        out.say(if connected_only { "No group is connected to Frame.io yet." } else { "No groups." });
    }
    Ok(())
}

async fn create(env: &Env, name: &str) -> Result<()> {
    let group = connect::create_group(&env.ctx.wf, name).await?;
    let row = integration::group_row(&group);
    if env.out.json {
        env.out.json_value(&view(&row));
    } else {
        env.out.line(&group.id);
    }
    env.out.say(format!(
        "Created the group \"{}\". Connect it to a Frame.io workspace: wfio group connect '{}'",
        group.name, group.name
    ));
    Ok(())
}

async fn connect(env: &Env, args: &GroupConnectArgs) -> Result<()> {
    let out = &env.out;
    let ctx = &env.ctx;
    let group = resolve::group(ctx, &args.group).await?;
    // The sign-in: a developer token given now, else the profile's (`wfio auth login frameio`).
    let env_token = std::env::var(crate::credentials::ENV_FRAMEIO_TOKEN).ok().filter(|t| !t.trim().is_empty());
    let source = match (args.token_stdin, env_token) {
        (true, _) => {
            TokenSource::developer_token(input::secret(out, true, "Frame.io developer token", "--token-stdin").await?)
        }
        (false, Some(t)) => {
            out.say(format!("Using the developer token in {}.", crate::credentials::ENV_FRAMEIO_TOKEN));
            TokenSource::developer_token(secrecy::SecretString::from(t.trim().to_owned()))
        }
        (false, None) => match ctx.vault.current_token_source().map_err(Failure::error)? {
            Some(s) => s,
            None if out.interactive => TokenSource::developer_token(
                input::secret(out, false, "Frame.io developer token", "--token-stdin").await?,
            ),
            None => {
                return Err(Failure::auth(
                    "not signed in to Frame.io: run `wfio auth login frameio` first (or pass a developer token with \
                     --token-stdin)",
                ));
            }
        },
    };
    // "Initiate Connection": the sign-in works and its user administers an account.
    let fio = ctx.frameio(source.clone())?;
    let check = connect::check_token(&fio).await?;
    let administered = check.administered();
    let account = match &args.account {
        Some(q) => match resolve::pick("Frame.io account", q, &administered, |a| account_key(a), "") {
            Ok(a) => *a,
            Err(_) if check.accounts.iter().any(|a| a.account.id == *q || a.account.name.eq_ignore_ascii_case(q)) => {
                return Err(Failure::auth(format!(
                    "{} does not administer the Frame.io account \"{q}\" (an owner or admin must connect it); \
                     accounts it administers: {}",
                    check.user.display(),
                    names(&administered)
                )));
            }
            Err(e) => return Err(e),
        },
        None => match administered.as_slice() {
            [one] => {
                out.say(format!(
                    "Using the Frame.io account {} (the only one {} administers).",
                    one.account.name,
                    check.user.display()
                ));
                *one
            }
            many => {
                let list: Vec<String> =
                    many.iter().map(|a| format!("  {} ({}, ID {})", a.account.name, a.role, a.account.id)).collect();
                return Err(Failure::usage(format!(
                    "{} administers {} Frame.io accounts; choose one with --account ID|NAME:\n{}",
                    check.user.display(),
                    many.len(),
                    list.join("\n")
                )));
            }
        },
    };
    let workspace = match (&args.workspace, args.create_workspace) {
        (Some(name), true) => &connect::create_workspace(&fio, &account.account.id, name).await?,
        _ => &pick_workspace(out, &fio, account, args.workspace.as_deref()).await?,
    };
    let before = connection_of(&group);
    let updated = connect::connect_group(ctx, &group.id, &source, account, workspace).await?;
    for created in ctx.forms_created() {
        out.say(format!("Created the Workfront {created}."));
    }
    if let Some(b) = before.filter(|b| b.workspace_id != workspace.id) {
        let what = if b.legacy { "the legacy team" } else { "the workspace" };
        out.say(format!(
            "The group was connected to {what} {} ({}); it is now reconnected. Projects already generated stay where they are.",
            b.workspace_name, b.account_name
        ));
    }
    let row = integration::group_row(&updated);
    if out.json {
        out.json_value(&view(&row));
    } else {
        out.line(&updated.id);
    }
    out.say(format!(
        "Connected the group \"{}\" to the Frame.io workspace {} ({}), as {}.",
        updated.name,
        workspace.name,
        account.account.name,
        check.user.display()
    ));
    Ok(())
}

/// The workspace named by `--workspace`, or the only one of the account.
async fn pick_workspace(
    out: &super::output::Out,
    fio: &crate::frameio::FrameioClient,
    account: &crate::frameio::model::AccountChoice,
    query: Option<&str>,
) -> Result<crate::frameio::model::Workspace> {
    let workspaces = connect::workspaces(fio, account).await?;
    match query {
        Some(q) => Ok(resolve::pick("Frame.io workspace", q, &workspaces, fio_workspace_key, "")?.clone()),
        None => match workspaces.as_slice() {
            [one] => {
                out.say(format!(
                    "Using the Frame.io workspace {} (the only one in {}).",
                    one.name, account.account.name
                ));
                Ok(one.clone())
            }
            many => {
                let list: Vec<String> = many.iter().map(|t| format!("  {} (ID {})", t.name, t.id)).collect();
                Err(Failure::usage(format!(
                    "the Frame.io account {} has {} workspaces; choose one with --workspace ID|NAME (or create one \
                     with --workspace NAME --create-workspace):\n{}",
                    account.account.name,
                    many.len(),
                    list.join("\n")
                )))
            }
        },
    }
}

fn names(accounts: &[&crate::frameio::model::AccountChoice]) -> String {
    let n: Vec<&str> = accounts.iter().map(|a| a.account.name.as_str()).collect();
    if n.is_empty() { "none".into() } else { n.join(", ") }
}
