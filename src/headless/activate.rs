//! `wfio activate`: step 6, "Enable the project in Frame.io". The plan (`sync::prepare`), the
//! confirmation, then the engine (`sync::run`) with progress on stderr, exactly as the wizard's
//! worker runs it. The engine is resumable: an interrupted run is finished by running it again.

use std::sync::Arc;

use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};
use serde_json::json;
use tokio::sync::mpsc;

use super::output::{Exit, Failure, Result, count};
use super::project::print_plan;
use super::{Env, input, resolve};
use crate::cli::ActivateArgs;
use crate::integration::{IconState, projects};
use crate::sync::{self, Item, ItemState, Outcome, Prepared, SyncEvent};
use crate::ui::theme::Role;
use crate::workfront::model::Project;

pub async fn run(env: &Env, args: &ActivateArgs) -> Result<()> {
    let out = &env.out;
    let project = resolve::project(&env.ctx, &args.project).await?;
    let prepared = prepare(env, &project, args.status.as_deref()).await?;
    let plan = &prepared.plan;
    let current = super::project::view_of(&env.ctx, &project).await?;
    if out.json {
        let line = json!({"event": "plan", "dry_run": args.dry_run, "runnable": plan.is_runnable(),
            "project": current, "plan": plan, "frameio_user": prepared.frameio_user});
        out.json_line(&line);
    } else {
        out.line(out.paint(
            Role::Title,
            &format!("Activate \"{}\": switch from {} to {}", project.name, current.status_label, plan.target_label),
        ));
        print_plan(env, plan, prepared.frameio_user.as_deref());
    }
    blocked(&prepared)?;
    if args.dry_run {
        out.say("Dry run: nothing was changed.");
        return Ok(());
    }
    if current.state == IconState::Connected {
        out.say("Already generated in Frame.io: this run checks everything and creates only what is missing.");
    }
    if !args.yes && !input::confirm(out, "Proceed?", "--yes (or --dry-run to only see the plan)").await? {
        return Err(Failure::usage("cancelled; nothing was changed"));
    }
    let outcome = execute(env, &prepared, Show::for_env(env)).await;
    finish(env, &prepared, &outcome)
}

/// The plan for `status` (code or label; default as the engine picks it).
pub async fn prepare(env: &Env, project: &Project, status: Option<&str>) -> Result<Prepared> {
    let code = match (status, &project.group_id) {
        (None, _) => None,
        (Some(q), Some(group)) => {
            let statuses = projects::activating_statuses(&env.ctx.wf, group).await?;
            let found = statuses
                .iter()
                .find(|s| s.value.eq_ignore_ascii_case(q.trim()) || s.label.eq_ignore_ascii_case(q.trim()));
            match found {
                Some(s) => Some(s.value.clone()),
                None => {
                    let choices: Vec<String> = statuses.iter().map(|s| format!("{} ({})", s.value, s.label)).collect();
                    return Err(Failure::usage(format!(
                        "status \"{q}\" does not activate \"{}\"; choose one of: {}",
                        project.name,
                        choices.join(", ")
                    )));
                }
            }
        }
        (Some(q), None) => Some(q.trim().to_uppercase()),
    };
    Ok(sync::prepare(&env.ctx, &project.id, code.as_deref()).await?)
}

/// A plan that cannot run: exit 4 when the Frame.io sign-in is missing, refused, or not an
/// admin's (the engine's preflight says so in the plan), else 1.
pub fn blocked(prepared: &Prepared) -> Result<()> {
    let plan = &prepared.plan;
    if plan.is_runnable() {
        return Ok(());
    }
    // From the plan, not the vault: a plan blocked for another reason (no Active task) is not
    // checked against Frame.io at all, and must not exit 4 for a sign-in it never mentions.
    let exit = if plan.sign_in_blocked { Exit::Auth } else { Exit::Error };
    Err(Failure::new(exit, format!("cannot activate \"{}\": {}", plan.project_name, plan.blockers.join(" "))))
}

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// Each event as a JSON line on stdout.
    Json,
    /// A progress bar on stderr (a terminal).
    Bar,
    /// A line on stderr per finished item (logs, pipes).
    Lines,
}

impl Show {
    pub fn for_env(env: &Env) -> Self {
        if env.out.json {
            Self::Json
        } else if env.out.stderr_is_terminal {
            Self::Bar
        } else {
            Self::Lines
        }
    }
}

/// Run a prepared plan through the engine, showing progress; retries show up as notices.
pub async fn execute(env: &Env, prepared: &Prepared, show: Show) -> Outcome {
    let out = &env.out;
    let (tx, mut rx) = mpsc::channel::<SyncEvent>(256);
    let mut ctx = env.ctx.clone();
    let notices = tx.clone();
    ctx.notify = Some(Arc::new(move |notice| {
        let _ = notices.try_send(SyncEvent::Notice { message: notice.to_string() });
    }));
    let items = sync::items(&prepared.plan);
    if show == Show::Json {
        out.json_line(&json!({"event": "started", "project_id": prepared.plan.project_id,
            "project_name": prepared.plan.project_name, "target_status": prepared.plan.target_status,
            "items": items}));
    }
    let bar = (show == Show::Bar).then(|| progress_bar(env, items.len()));
    let forward = async {
        let mut finished = 0;
        while let Some(event) = rx.recv().await {
            match show {
                Show::Json => out.json_line(&event),
                Show::Bar | Show::Lines => {
                    render(env, &items, &event, bar.as_ref(), &mut finished);
                }
            }
        }
    };
    let run = async {
        let outcome = sync::run(&ctx, prepared, &tx).await;
        drop(tx);
        drop(ctx);
        outcome
    };
    let (outcome, ()) = tokio::join!(run, forward);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    outcome
}

fn progress_bar(env: &Env, len: usize) -> ProgressBar {
    let bar = ProgressBar::new(len as u64).with_finish(ProgressFinish::AndLeave);
    let template = if env.out.theme.color {
        "{spinner} [{bar:30.magenta}] {pos}/{len} {wide_msg}"
    } else {
        "{spinner} [{bar:30}] {pos}/{len} {wide_msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        let chars = if env.out.theme.unicode { "█▉▊▋▌▍▎▏ " } else { "#>-" };
        bar.set_style(style.progress_chars(chars));
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn word(state: &ItemState) -> &'static str {
    match state {
        ItemState::Waiting => "waiting",
        ItemState::Running => "running",
        ItemState::Done => "done",
        ItemState::Reused => "exists",
        ItemState::Failed(_) => "FAILED",
    }
}

fn render(env: &Env, items: &[Item], event: &SyncEvent, bar: Option<&ProgressBar>, finished: &mut usize) {
    let out = &env.out;
    let total = items.len();
    let label = |i: usize| items.get(i).map_or("?", |it| it.label.as_str());
    let say = |line: String| match bar {
        Some(b) => b.println(line),
        None => out.say(line),
    };
    match event {
        SyncEvent::Item { index, state: ItemState::Running } => {
            if let Some(b) = bar {
                b.set_message(label(*index).to_owned());
            }
        }
        SyncEvent::Item { index, state } if state.is_finished() => {
            *finished += 1;
            let role = match state {
                ItemState::Failed(_) => Role::Error,
                ItemState::Reused => Role::Dim,
                _ => Role::Success,
            };
            let detail = match state {
                ItemState::Failed(e) => format!(": {e}"),
                _ => String::new(),
            };
            let width = total.to_string().len();
            let state_word = out.err_paint(role, &format!("{:<7}", word(state)));
            let line = format!("[{finished:>width$}/{total}] {state_word} {}{detail}", label(*index));
            match bar {
                Some(b) => {
                    b.set_position(*finished as u64);
                    if matches!(state, ItemState::Failed(_)) {
                        b.println(line);
                    }
                }
                None => out.say(line),
            }
        }
        SyncEvent::Bytes { index, done, total } => {
            if let Some(b) = bar {
                let pct = if *total == 0 { 100 } else { done * 100 / total };
                b.set_message(format!("{} {pct}%", label(*index)));
            }
        }
        SyncEvent::Notice { message } => say(format!("note: {message}")),
        _ => {}
    }
}

/// The exit code an outcome calls for.
pub fn exit_of(outcome: &Outcome) -> Exit {
    if outcome.ok {
        Exit::Ok
    } else if outcome.auth_failed {
        Exit::Auth
    } else if outcome.transient {
        Exit::Remote
    } else {
        Exit::Error
    }
}

/// The last JSON line of an activation.
pub fn summary_line(prepared: &Prepared, outcome: &Outcome) -> serde_json::Value {
    let plan = &prepared.plan;
    let failed: Vec<_> = outcome.failed.iter().map(|(item, error)| json!({"item": item, "error": error})).collect();
    json!({"event": "summary", "ok": outcome.ok, "project_id": plan.project_id,
        "project_name": plan.project_name, "status": plan.target_status, "status_label": plan.target_label,
        "frameio_project_id": outcome.frameio_project_id, "frameio_url": outcome.frameio_url,
        "created": outcome.created, "reused": outcome.reused, "failed": failed, "invited": outcome.invited,
        "error": outcome.error, "exit_code": exit_of(outcome).code()})
}

/// Report the outcome: the Frame.io URL on stdout, a summary on stderr, the exit code.
pub fn finish(env: &Env, prepared: &Prepared, outcome: &Outcome) -> Result<()> {
    let out = &env.out;
    let plan = &prepared.plan;
    if out.json {
        out.json_line(&summary_line(prepared, outcome));
    }
    if outcome.ok {
        if let Some(url) = &outcome.frameio_url
            && !out.json
        {
            out.line(url);
        }
        out.say(format!(
            "{} \"{}\" is generated in Frame.io (workspace {}, {}): {} created, {} already there; {} invited. Status: {}.",
            out.err_paint(Role::Connected, if out.theme.unicode { "⬢" } else { "[F]" }),
            plan.project_name,
            plan.destination.workspace_name,
            plan.destination.account_name,
            outcome.created,
            outcome.reused,
            count(outcome.invited.len(), "person", "people"),
            plan.target_label
        ));
        return Ok(());
    }
    let why = outcome.error.clone().unwrap_or_else(|| "the activation failed".into());
    Err(Failure::new(
        exit_of(outcome),
        format!(
            "{why}\nNothing is lost: run `wfio activate '{}'` again to resume where it stopped.",
            plan.project_name
        ),
    ))
}
