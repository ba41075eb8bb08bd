//! `wfio group list|create|connect`: step 1 of the seed document, "Connect a Workfront group to a
//! Frame.io team", as the wizard's worker does it (`integration::connect`).

use serde::Serialize;

use super::output::{Failure, Result, table};
use super::resolve::{self, account_key, fio_team_key};
use super::{Env, input};
use crate::app::state::GroupRow;
use crate::cli::{GroupCmd, GroupConnectArgs};
use crate::integration::{self, IntegrationError, connect, connection_of};
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
    pub team_id: String,
    pub team_name: String,
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
        connected: row.connection.is_some(),
        connection: row.connection.as_ref().map(|c| ConnectionView {
            account_id: c.account_id.clone(),
            account_name: c.account_name.clone(),
            team_id: c.team_id.clone(),
            team_name: c.team_name.clone(),
        }),
    }
}

async fn list(env: &Env, connected_only: bool) -> Result<()> {
    let rows = integration::group_rows(&env.ctx.wf.groups().await?);
    let views: Vec<GroupView> = rows.iter().filter(|g| !connected_only || g.connection.is_some()).map(view).collect();
    if env.out.json {
        env.out.json_value(&views);
        return Ok(());
    }
    let out = &env.out;
    let lines: Vec<Vec<String>> = views
        .iter()
        .map(|g| {
            let frameio = match &g.connection {
                Some(c) => out.paint(
                    Role::Connected,
                    &format!("{} {} · {}", if out.theme.unicode { "⬢" } else { "[F]" }, c.team_name, c.account_name),
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
        "Created the group \"{}\". Connect it to a Frame.io team: wfio group connect '{}' --token-stdin",
        group.name, group.name
    ));
    Ok(())
}

async fn connect(env: &Env, args: &GroupConnectArgs) -> Result<()> {
    let out = &env.out;
    let ctx = &env.ctx;
    let group = resolve::group(ctx, &args.group).await?;
    let token = match std::env::var(crate::credentials::ENV_FRAMEIO_TOKEN).ok().filter(|t| !t.trim().is_empty()) {
        Some(t) if !args.token_stdin => {
            out.say(format!("Using the token in {}.", crate::credentials::ENV_FRAMEIO_TOKEN));
            secrecy::SecretString::from(t.trim().to_owned())
        }
        _ => input::secret(out, args.token_stdin, "Frame.io developer token", "--token-stdin").await?,
    };
    // "Initiate Connection": the token works and its user administers an account.
    let fio = ctx.frameio(token.clone())?;
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
    let teams = connect::teams(&fio, account).await?;
    let team = match &args.team {
        Some(q) => resolve::pick("Frame.io team", q, &teams, fio_team_key, "")?,
        None => match teams.as_slice() {
            [one] => {
                out.say(format!("Using the Frame.io team {} (the only one in {}).", one.name, account.account.name));
                one
            }
            many => {
                let list: Vec<String> = many.iter().map(|t| format!("  {} (ID {})", t.name, t.id)).collect();
                return Err(Failure::usage(format!(
                    "the Frame.io account {} has {} teams; choose one with --team ID|NAME:\n{}",
                    account.account.name,
                    many.len(),
                    list.join("\n")
                )));
            }
        },
    };
    let before = connection_of(&group);
    let forms = ctx.forms().await?;
    let updated = connect::write_connection(&ctx.wf, &forms, &group.id, account, team, &check.user).await?;
    ctx.vault
        .put(&account.account.id, &crate::frameio::FrameioCredential::developer_token(token))
        .map_err(IntegrationError::Local)?;
    for created in ctx.forms_created() {
        out.say(format!("Created the Workfront {created}."));
    }
    if let Some(b) = before.filter(|b| b.team_id != team.id) {
        out.say(format!("The group was connected to {} ({}); it is now reconnected.", b.team_name, b.account_name));
    }
    let row = integration::group_row(&updated);
    if out.json {
        out.json_value(&view(&row));
    } else {
        out.line(&updated.id);
    }
    out.say(format!(
        "Connected the group \"{}\" to the Frame.io team {} ({}), as {}.",
        updated.name,
        team.name,
        account.account.name,
        check.user.display()
    ));
    Ok(())
}

fn names(accounts: &[&crate::frameio::model::AccountChoice]) -> String {
    let n: Vec<&str> = accounts.iter().map(|a| a.account.name.as_str()).collect();
    if n.is_empty() { "none".into() } else { n.join(", ") }
}
