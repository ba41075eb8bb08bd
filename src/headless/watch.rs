//! `wfio watch`: what the native integration does on its own. Poll Workfront for projects in
//! connected groups that are in Current (or a status of their group that equates to Current),
//! have an Active task and are not generated in Frame.io yet, and activate each exactly once.
//! Transient failures are logged and retried on the next poll; a refused credential stops the
//! watch (exit 4). The first Ctrl-C or SIGTERM stops after the activation in progress, a second
//! abandons it (the engine resumes it on the next run).

use std::collections::{HashMap, HashSet};

use tokio::sync::watch as signal_count;

use super::activate::{Show, blocked, execute, summary_line};
use super::output::{Exit, Failure, Result};
use super::{Env, stop_signal};
use crate::cli::WatchArgs;
use crate::integration::{self, forms, projects};
use crate::sync;
use crate::worker::rows;
use crate::workfront::model::Project;

/// What this watch has done and said, so each project is activated once and each reason to
/// skip one is logged once.
#[derive(Default)]
struct Memory {
    activated: HashSet<String>,
    /// Failed in this watch for a transient reason: tried again despite the Failed state.
    retry: HashSet<String>,
    told: HashSet<String>,
}

fn log(env: &Env, message: &str) {
    let now = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ");
    env.out.say(format!("{now} {message}"));
    tracing::info!(target: "wfio::watch", "{message}");
}

impl Memory {
    /// Log `message` about `project` unless it was already said.
    fn tell_once(&mut self, env: &Env, project: &str, message: String) {
        if self.told.insert(format!("{project}\u{0}{message}")) {
            log(env, &message);
        }
    }
}

pub async fn run(env: &Env, args: &WatchArgs) -> Result<()> {
    let (tx, mut signals) = signal_count::channel(0u32);
    tokio::spawn(async move {
        loop {
            stop_signal().await;
            tx.send_modify(|n| *n += 1);
        }
    });
    if let Some(url) = env.demo_url() {
        log(
            env,
            &format!(
                "watching the demo; its simulator is at {url} (Workfront API {url}/attask/api/v21.0/) until the watch stops"
            ),
        );
    }
    let every = humanize(args.interval);
    log(
        env,
        &format!(
            "watching profile {} {}",
            env.profile.name(),
            if args.once { "once".into() } else { format!("every {every}") }
        ),
    );
    let mut memory = Memory::default();
    loop {
        let pass = poll(env, &mut memory, &signals);
        let abandon = async {
            let mut rx = signals.clone();
            let _ = rx.wait_for(|n| *n >= 1).await;
            log(
                env,
                "stopping after the activation in progress (signal again to abandon it; it resumes on the next run)",
            );
            let _ = rx.wait_for(|n| *n >= 2).await;
        };
        let result = tokio::select! {
            r = pass => r,
            () = abandon => {
                log(env, "abandoned the activation in progress; the next run resumes it");
                return Err(Failure::interrupted());
            }
        };
        match result {
            Ok(pass) if args.once => {
                log(env, &format!("{} due, {} activated, {} failed", pass.due, pass.activated, pass.failed));
                if pass.failed > 0 {
                    return Err(Failure::error(format!("{} activation(s) failed in this pass", pass.failed)));
                }
            }
            Ok(_) => {}
            Err(f) if f.exit == Exit::Auth => return Err(f),
            Err(f) if args.once => return Err(f),
            Err(f) => log(env, &format!("poll failed: {}; trying again in {every}", f.message)),
        }
        if args.once || *signals.borrow() > 0 {
            break;
        }
        tokio::select! {
            () = tokio::time::sleep(args.interval) => {}
            _ = signals.wait_for(|n| *n >= 1) => break,
        }
    }
    log(env, "watch stopped");
    Ok(())
}

fn humanize(d: std::time::Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(3_600_000) {
        format!("{}h", ms / 3_600_000)
    } else if ms.is_multiple_of(60_000) {
        format!("{}m", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// What one pass did.
#[derive(Debug, Default)]
struct Pass {
    /// In an activating status, not generated yet.
    due: usize,
    activated: usize,
    failed: usize,
}

/// One pass: find what is due and activate it.
async fn poll(env: &Env, memory: &mut Memory, signals: &signal_count::Receiver<u32>) -> Result<Pass> {
    let wf = &env.ctx.wf;
    let groups = integration::group_rows(&wf.groups().await?);
    let connected: Vec<String> = groups.iter().filter(|g| g.is_connected()).map(|g| g.id.clone()).collect();
    let list = projects::projects_in_groups(wf, &connected).await?;
    // Not generated yet (or interrupted), and not failed before this watch tried it.
    let open: Vec<&Project> = list
        .iter()
        .filter(|p| p.custom_text(forms::PROJECT_SYNC_STATE) != Some(forms::SYNC_CONNECTED))
        .filter(|p| !memory.activated.contains(&p.id))
        .collect();
    let mut activating: HashMap<String, Vec<String>> = HashMap::new();
    let mut due = Vec::new();
    for p in open {
        let Some(group) = &p.group_id else { continue };
        if !activating.contains_key(group) {
            let codes = projects::activating_statuses(wf, group).await?.into_iter().map(|s| s.value).collect();
            activating.insert(group.clone(), codes);
        }
        if activating[group].contains(&p.status) {
            due.push(p);
        }
    }
    let ids: Vec<String> = due.iter().map(|p| p.id.clone()).collect();
    let counts = rows::active_counts(wf, &ids).await?;
    let mut pass = Pass { due: due.len(), ..Pass::default() };
    for p in due {
        if p.custom_text(forms::PROJECT_SYNC_STATE) == Some(forms::SYNC_FAILED) && !memory.retry.contains(&p.id) {
            let why = p.custom_text(forms::PROJECT_LAST_ERROR).unwrap_or("no reason recorded");
            memory.tell_once(
                env,
                &p.id,
                format!(
                    "skipping \"{}\": its last activation failed ({why}); fix it, then: wfio activate '{}'",
                    p.name, p.name
                ),
            );
            continue;
        }
        if counts.get(&p.id).copied().unwrap_or(0) == 0 {
            memory.tell_once(
                env,
                &p.id,
                format!(
                    "skipping \"{}\": it is in {} but no task is Active, so there is nothing to generate",
                    p.name, p.status
                ),
            );
            continue;
        }
        if *signals.borrow() > 0 {
            break;
        }
        match activate_one(env, memory, p).await? {
            Some(true) => pass.activated += 1,
            Some(false) => pass.failed += 1,
            None => {}
        }
    }
    Ok(pass)
}

/// Activate one due project: `Some(true)` done, `Some(false)` failed (logged), `None` blocked
/// (logged once). Refused credentials are errors.
async fn activate_one(env: &Env, memory: &mut Memory, p: &Project) -> Result<Option<bool>> {
    log(env, &format!("activating \"{}\" (status {}, ID {})", p.name, p.status, p.id));
    let prepared = match sync::prepare(&env.ctx, &p.id, Some(&p.status)).await {
        Ok(prepared) => prepared,
        Err(e) => {
            let failure = Failure::from(e);
            if failure.exit == Exit::Auth {
                return Err(failure);
            }
            log(env, &format!("could not prepare \"{}\": {}", p.name, failure.message));
            return Ok(Some(false));
        }
    };
    if let Err(f) = blocked(&prepared) {
        memory.tell_once(env, &p.id, format!("skipping \"{}\": {}", p.name, f.message));
        return Ok(None);
    }
    let show = if env.out.json { Show::Json } else { Show::Lines };
    let outcome = execute(env, &prepared, show).await;
    if env.out.json {
        env.out.json_line(&summary_line(&prepared, &outcome));
    }
    if outcome.ok {
        memory.activated.insert(p.id.clone());
        memory.retry.remove(&p.id);
        let url = outcome.frameio_url.clone().unwrap_or_default();
        log(
            env,
            &format!(
                "activated \"{}\": {} created, {} already there, {} invited; {url}",
                p.name,
                outcome.created,
                outcome.reused,
                outcome.invited.len()
            ),
        );
        if !env.out.json {
            env.out.line(format!("{}\t{}\t{url}", p.id, p.name));
        }
        return Ok(Some(true));
    }
    let why = outcome.error.unwrap_or_else(|| "failed".into());
    if outcome.transient {
        memory.retry.insert(p.id.clone());
        log(env, &format!("activation of \"{}\" failed ({why}); trying again on the next poll", p.name));
    } else {
        memory.retry.remove(&p.id);
        log(env, &format!("activation of \"{}\" failed: {why}; fix it, then: wfio activate '{}'", p.name, p.name));
    }
    Ok(Some(false))
}
