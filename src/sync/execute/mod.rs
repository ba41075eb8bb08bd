//! Running a plan: create what is missing in Frame.io, transfer documents, invite people, and
//! record everything in Workfront. Every step looks before it creates (journal, Workfront's
//! forms, then Frame.io itself), so a run interrupted anywhere and run again finishes the job
//! without creating anything twice and without missing anything.

mod access;
mod content;
mod run;

use serde_json::{Map, Value, json};
use tokio::sync::mpsc;

use super::prepare::Prepared;
use super::progress::{ItemState, Layout, Outcome, SyncEvent};
use super::transfer;
use crate::frameio::FrameioError;
use crate::frameio::model::Project as FioProject;
use crate::integration::connect::{attach_form, workfront_now};
use crate::integration::forms::{self, de};
use crate::integration::{Context, IntegrationError, Result};
use crate::workfront::WorkfrontError;
use access::ensure_access;
use content::ensure_content;
use run::Run;

/// Creates tried (each after looking whether the previous one landed) before an item fails.
const CREATE_ATTEMPTS: u32 = 3;

pub use access::share_name;

/// The web address of a Frame.io project: what V4 says (`view_url`), else the web app's pattern.
pub fn project_url(id: &str, view_url: Option<&str>) -> String {
    view_url.map(str::to_owned).unwrap_or_else(|| format!("https://next.frame.io/project/{id}"))
}

/// Run a prepared plan. Always ends with `SyncEvent::Finished`; the outcome says how it went.
pub async fn run(ctx: &Context, prepared: &Prepared, events: &mpsc::Sender<SyncEvent>) -> Outcome {
    let outcome = match &prepared.frameio {
        None => Outcome {
            error: Some(prepared.plan.blockers.first().cloned().unwrap_or_else(|| "the plan cannot run".into())),
            ..Outcome::default()
        },
        Some(fio) => {
            let run = Run::new(ctx, prepared, fio.clone(), events);
            let result = execute(&run).await;
            finish(&run, result).await
        }
    };
    let _ = events.send(SyncEvent::Finished { outcome: outcome.clone() }).await;
    outcome
}

async fn execute(run: &Run<'_>) -> Result<FioProject> {
    let plan = run.plan();
    let forms = run.ctx.forms().await?;
    attach_form(&run.ctx.wf, "proj", &plan.project_id, &forms.project).await?;
    set_project_fields(run.ctx, &plan.project_id, &[(forms::PROJECT_SYNC_STATE, forms::SYNC_SYNCING)]).await?;

    let project_index = Layout::PROJECT;
    run.emit(project_index, ItemState::Running).await;
    let (project, reused) = match ensure_project(run).await {
        Ok(p) => p,
        Err(e) => {
            run.fail_with(project_index, "Frame.io project".into(), e.clone()).await;
            return Err(e);
        }
    };
    run.journal_update(|j| {
        j.frameio_project_id = Some(project.id.clone());
        j.root_folder_id = Some(project.root_folder_id.clone());
        j.project_url = Some(project_url(&project.id, project.view_url.as_deref()));
    })?;
    // Record the ID in Workfront at once: with the journal lost, this is how a rerun finds it.
    set_project_fields(
        run.ctx,
        &plan.project_id,
        &[
            (forms::PROJECT_ID, project.id.as_str()),
            (forms::PROJECT_URL, &project_url(&project.id, project.view_url.as_deref())),
        ],
    )
    .await?;
    run.emit(project_index, if reused { ItemState::Reused } else { ItemState::Done }).await;

    let (folders, ()) = tokio::join!(ensure_content(run, &project), ensure_access(run, &project));
    // No transfer of this run is left running: a spool file of one of its documents now is what
    // a killed process left behind (one whose transfer the journal already records as complete
    // is not transferred again, so nothing else would ever remove it).
    for upload in &plan.uploads {
        transfer::remove_stale(&run.ctx.spool_dir(), &upload.document.id);
    }
    if let Some(refused) = run.refused() {
        // Stopped cleanly: what was made is in the journal; sign in again and Retry resumes.
        return Err(refused);
    }

    let write_back = run.layout.write_back();
    run.emit(write_back, ItemState::Running).await;
    if !run.failed.lock().await.is_empty() {
        run.emit(write_back, ItemState::Failed("not recorded: some items failed; Retry resumes".into())).await;
        return Ok(project);
    }
    let updates: Vec<Value> = plan
        .folders
        .iter()
        .filter_map(|f| {
            let id = folders.get(&f.task_id)?;
            (run.prepared.recorded_folders.get(&f.task_id) != Some(id))
                .then(|| json!({"ID": f.task_id, de(forms::TASK_FOLDER_ID): id}))
        })
        .collect();
    run.ctx.wf.bulk_edit("task", &updates).await?;
    let now = workfront_now();
    set_project_fields(
        run.ctx,
        &plan.project_id,
        &[
            (forms::PROJECT_SYNC_STATE, forms::SYNC_CONNECTED),
            (forms::PROJECT_LAST_SYNC, &now),
            (forms::PROJECT_LAST_ERROR, ""),
        ],
    )
    .await?;
    if run.prepared.project.status != plan.target_status {
        run.ctx.wf.edit::<Value>("proj", &plan.project_id, &json!({"status": plan.target_status}), "ID,status").await?;
    }
    run.journal_update(|j| j.completed_at = Some(now.clone()))?;
    run.emit(write_back, ItemState::Done).await;
    Ok(project)
}

async fn finish(run: &Run<'_>, result: Result<FioProject>) -> Outcome {
    let failed = run.failed.lock().await.clone();
    let journal = run.prepared.journal.snapshot();
    let mut outcome = Outcome {
        ok: result.is_ok() && failed.is_empty(),
        frameio_project_id: journal.frameio_project_id.clone(),
        frameio_url: journal
            .frameio_project_id
            .as_deref()
            .map(|id| journal.project_url.clone().unwrap_or_else(|| project_url(id, None))),
        created: run.created(),
        reused: run.reused(),
        failed: failed.clone(),
        invited: journal.invited.iter().cloned().collect(),
        error: result.as_ref().err().map(ToString::to_string),
        // Stopped by a service that kept failing, or finished with only such items failed.
        transient: match &result {
            Err(e) => e.is_transient(),
            Ok(_) => run.only_transient_failures().await,
        },
        auth_failed: result.as_ref().err().is_some_and(|e| e.is_auth() || e.is_forbidden()),
    };
    // With Workfront's credentials refused, recording the failure there would only be refused too.
    let workfront_refused = matches!(result, Err(IntegrationError::Workfront(WorkfrontError::Auth { .. })));
    if !outcome.ok && !workfront_refused {
        let summary = match (&outcome.error, failed.first()) {
            (Some(e), _) => e.clone(),
            (None, Some((label, e))) if failed.len() == 1 => format!("{label}: {e}"),
            (None, Some((label, e))) => format!("{} items failed, first {label}: {e}", failed.len()),
            (None, None) => "failed".into(),
        };
        let recorded = set_project_fields(
            run.ctx,
            &run.plan().project_id,
            &[(forms::PROJECT_SYNC_STATE, forms::SYNC_FAILED), (forms::PROJECT_LAST_ERROR, &truncate(&summary, 500))],
        )
        .await;
        if let Err(e) = recorded {
            tracing::warn!(error = %e, "could not record the failure in Workfront");
        }
        outcome.error.get_or_insert(summary);
    }
    outcome
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_owned() } else { s.chars().take(max).collect() }
}

/// Set fields of the "Frame.io project" form.
async fn set_project_fields(ctx: &Context, project_id: &str, fields: &[(&str, &str)]) -> Result<()> {
    let mut values = Map::new();
    for (name, value) in fields {
        values.insert(de(name), json!(value));
    }
    ctx.wf.edit::<Value>("proj", project_id, &Value::Object(values), "ID").await?;
    Ok(())
}

/// Look (journal, Workfront's form, the workspace's projects by name), else create; after an
/// ambiguous failure, look again before trying once more.
async fn ensure_project(run: &Run<'_>) -> Result<(FioProject, bool)> {
    let plan = run.plan();
    let account = &plan.destination.account_id;
    let known = run
        .prepared
        .journal
        .snapshot()
        .frameio_project_id
        .or_else(|| run.prepared.project.custom_text(forms::PROJECT_ID).map(str::to_owned));
    if let Some(id) = known {
        match run.fio.project(account, &id).await {
            Ok(p) => return Ok((p, true)),
            Err(FrameioError::NotFound { .. } | FrameioError::Forbidden { .. }) => {
                tracing::warn!(%id, "recorded Frame.io project is gone; creating it again");
            }
            Err(e) => return Err(e.into()),
        }
    }
    let workspace = &plan.destination.workspace_id;
    let find = || async {
        let projects = run.fio.workspace_projects(account, workspace).await?;
        Ok::<_, IntegrationError>(projects.into_iter().find(|p| p.name == plan.project_name))
    };
    if let Some(p) = find().await? {
        return Ok((p, true));
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        match run.fio.create_project(account, workspace, &plan.project_name).await {
            Ok(p) => return Ok((p, false)),
            Err(e) if e.is_transient() => {
                // It may have been created before the answer was lost: look before trying again.
                if let Some(p) = find().await? {
                    return Ok((p, false));
                }
                if attempt >= CREATE_ATTEMPTS {
                    return Err(e.into());
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}
