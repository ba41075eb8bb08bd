//! Running a plan: create what is missing in Frame.io, transfer documents, invite people, and
//! record everything in Workfront. Every step looks before it creates (journal, Workfront's
//! forms, then Frame.io itself), so a run interrupted anywhere and run again finishes the job
//! without creating anything twice and without missing anything.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures::{StreamExt, stream};
use serde_json::{Map, Value, json};
use tokio::sync::{Mutex, mpsc, watch};

use super::plan::{FolderItem, InviteItem, Plan, UploadItem};
use super::prepare::Prepared;
use super::progress::{ItemState, Layout, Outcome, SyncEvent};
use super::transfer;
use crate::frameio::model::{Asset, AssetKind, Project as FioProject};
use crate::frameio::{FrameioClient, FrameioError};
use crate::integration::connect::{attach_form, workfront_now};
use crate::integration::forms::{self, de};
use crate::integration::{Context, IntegrationError, Result};
use crate::workfront::WorkfrontError;

/// Creates tried (each after looking whether the previous one landed) before an item fails.
const CREATE_ATTEMPTS: u32 = 3;

/// The web address of a Frame.io project.
pub fn project_url(id: &str) -> String {
    format!("https://app.frame.io/projects/{id}")
}

struct Run<'a> {
    ctx: &'a Context,
    prepared: &'a Prepared,
    fio: FrameioClient,
    layout: Layout,
    events: &'a mpsc::Sender<SyncEvent>,
    failed: Mutex<Vec<(String, String)>>,
    created: AtomicU64,
    reused: AtomicU64,
    /// The first refusal of credentials (Workfront's or Frame.io's): nothing new starts after it.
    refused: std::sync::Mutex<Option<IntegrationError>>,
}

/// What an item that was never started because the credentials were refused says.
const NOT_STARTED: &str = "not started: the credentials were refused";

impl Run<'_> {
    async fn emit(&self, index: usize, state: ItemState) {
        match &state {
            ItemState::Done => {
                self.created.fetch_add(1, Ordering::Relaxed);
            }
            ItemState::Reused => {
                self.reused.fetch_add(1, Ordering::Relaxed);
            }
            _ => {}
        }
        let _ = self.events.send(SyncEvent::Item { index, state }).await;
    }

    async fn fail(&self, index: usize, label: String, error: String) {
        self.failed.lock().await.push((label, error.clone()));
        self.emit(index, ItemState::Failed(error)).await;
    }

    /// An item failed with `error`. A refusal of credentials stops the run: every later request
    /// would be refused too, and a stream of failed logins can lock an account.
    async fn fail_with(&self, index: usize, label: String, error: impl Into<IntegrationError>) {
        let error = error.into();
        if error.is_auth() {
            self.refused.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get_or_insert(error.clone());
        }
        self.fail(index, label, error.to_string()).await;
    }

    /// The refusal that stopped the run, if any.
    fn refused(&self) -> Option<IntegrationError> {
        self.refused.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Whether an item may start; if not, it is marked as not started.
    async fn may_start(&self, index: usize, label: &str) -> bool {
        if self.refused().is_none() {
            return true;
        }
        self.fail(index, label.to_owned(), NOT_STARTED.into()).await;
        false
    }

    fn plan(&self) -> &Plan {
        &self.prepared.plan
    }

    fn journal_update(&self, change: impl FnOnce(&mut super::journal::Journal)) -> Result<()> {
        self.prepared.journal.update(change).map_err(IntegrationError::Local)
    }
}

/// Run a prepared plan. Always ends with `SyncEvent::Finished`; the outcome says how it went.
pub async fn run(ctx: &Context, prepared: &Prepared, events: &mpsc::Sender<SyncEvent>) -> Outcome {
    let outcome = match &prepared.frameio {
        None => Outcome {
            error: Some(prepared.plan.blockers.first().cloned().unwrap_or_else(|| "the plan cannot run".into())),
            ..Outcome::default()
        },
        Some(fio) => {
            let run = Run {
                ctx,
                prepared,
                fio: fio.clone(),
                layout: Layout::of(&prepared.plan),
                events,
                failed: Mutex::default(),
                created: AtomicU64::new(0),
                reused: AtomicU64::new(0),
                refused: std::sync::Mutex::default(),
            };
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
    })?;
    // Record the ID in Workfront at once: with the journal lost, this is how a rerun finds it.
    set_project_fields(
        run.ctx,
        &plan.project_id,
        &[(forms::PROJECT_ID, project.id.as_str()), (forms::PROJECT_URL, &project_url(&project.id))],
    )
    .await?;
    run.emit(project_index, if reused { ItemState::Reused } else { ItemState::Done }).await;

    let (folders, ()) = tokio::join!(ensure_content(run, &project), ensure_invites(run, &project));
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
        frameio_url: journal.frameio_project_id.as_deref().map(project_url),
        created: run.created.load(Ordering::Relaxed) as usize,
        reused: run.reused.load(Ordering::Relaxed) as usize,
        failed: failed.clone(),
        invited: journal.invited.iter().cloned().collect(),
        error: result.as_ref().err().map(ToString::to_string),
        transient: result.as_ref().err().is_some_and(IntegrationError::is_transient),
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

/// Look (journal, Workfront's form, the team's projects by name), else create; after an
/// ambiguous failure, look again before trying once more.
async fn ensure_project(run: &Run<'_>) -> Result<(FioProject, bool)> {
    let plan = run.plan();
    let known = run
        .prepared
        .journal
        .snapshot()
        .frameio_project_id
        .or_else(|| run.prepared.project.custom_text(forms::PROJECT_ID).map(str::to_owned));
    if let Some(id) = known {
        match run.fio.project(&id).await {
            Ok(p) => return Ok((p, true)),
            Err(FrameioError::NotFound { .. } | FrameioError::Forbidden { .. }) => {
                tracing::warn!(%id, "recorded Frame.io project is gone; creating it again");
            }
            Err(e) => return Err(e.into()),
        }
    }
    let team = &plan.destination.team_id;
    let find = || async {
        let projects = run.fio.team_projects(team).await?;
        Ok::<_, IntegrationError>(projects.into_iter().find(|p| p.name == plan.project_name))
    };
    if let Some(p) = find().await? {
        return Ok((p, true));
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        match run.fio.create_project(team, &plan.project_name).await {
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

/// Where a task's folder is announced to the uploads waiting for it: `Some(Some((id, created)))`
/// once it exists (`created`: made by this run, so it holds nothing yet), `Some(None)` when it
/// could not be made.
type FolderSlot = watch::Sender<Option<Option<(String, bool)>>>;

/// Folders for Active tasks and the documents, overlapped. Returns task ID -> folder ID.
///
/// Folders and files share Frame.io's assets.create limit (5 per second), so with many tasks the
/// creates take longest. The transfers run meanwhile rather than after them: a document starts as
/// soon as its folder exists (the project root at once), folders that receive documents are
/// created first, and the largest documents start first, so what finishes last is small.
async fn ensure_content(run: &Run<'_>, project: &FioProject) -> HashMap<String, String> {
    let plan = run.plan();
    let root = project.root_folder_id.clone();
    let slots: HashMap<&str, FolderSlot> =
        plan.folders.iter().map(|f| (f.task_id.as_str(), watch::channel(None).0)).collect();
    let listing = run.fio.children(&root).await;
    // Uploads to the root read the same listing (they look for files left by an earlier run).
    let root_files = listing.as_ref().ok().cloned();
    let listings: Mutex<HashMap<String, Arc<Listing>>> =
        Mutex::new(HashMap::from([(root, Arc::new(Mutex::new(root_files)))]));
    let (folders, ()) =
        tokio::join!(ensure_folders(run, project, listing, &slots), ensure_uploads(run, project, &slots, &listings));
    folders
}

/// Folders for Active tasks under the project root, announced on `slots` as they are made.
/// Returns task ID -> folder ID.
async fn ensure_folders(
    run: &Run<'_>,
    project: &FioProject,
    listing: std::result::Result<Vec<Asset>, FrameioError>,
    slots: &HashMap<&str, FolderSlot>,
) -> HashMap<String, String> {
    let plan = run.plan();
    let journal = run.prepared.journal.snapshot();
    let announce = |task: &str, value: Option<(String, bool)>| {
        if let Some(slot) = slots.get(task) {
            slot.send_replace(Some(value));
        }
    };
    let listing = match listing {
        Ok(l) => l,
        Err(e) => {
            for (i, f) in plan.folders.iter().enumerate() {
                run.fail_with(run.layout.folder(i), format!("folder {}", f.name), e.clone()).await;
                announce(&f.task_id, None);
            }
            return HashMap::new();
        }
    };
    let listing = Arc::new(Mutex::new(listing));
    // Folders that receive documents first, the most bytes first; the others in plan order.
    let mut bytes: HashMap<&str, u64> = HashMap::new();
    for u in &plan.uploads {
        if let Some(task) = &u.task_id {
            *bytes.entry(task.as_str()).or_default() += u.size.max(1);
        }
    }
    let mut order: Vec<usize> = (0..plan.folders.len()).collect();
    order.sort_by_key(|&i| Reverse(bytes.get(plan.folders[i].task_id.as_str()).copied().unwrap_or(0)));
    let pending: Vec<_> = order
        .into_iter()
        .map(|i| {
            let item = &plan.folders[i];
            let listing = listing.clone();
            let known = journal
                .folders
                .get(&item.task_id)
                .or_else(|| run.prepared.recorded_folders.get(&item.task_id))
                .cloned();
            async move {
                let index = run.layout.folder(i);
                if !run.may_start(index, &format!("folder {}", item.name)).await {
                    // Uploads waiting for this folder must hear that it will not come.
                    announce(&item.task_id, None);
                    return None;
                }
                run.emit(index, ItemState::Running).await;
                match ensure_folder(run, project, item, known, &listing).await {
                    Ok((id, reused)) => {
                        if let Err(e) = run.journal_update(|j| {
                            j.folders.insert(item.task_id.clone(), id.clone());
                        }) {
                            run.fail(index, format!("folder {}", item.name), e.to_string()).await;
                            announce(&item.task_id, None);
                            return None;
                        }
                        announce(&item.task_id, Some((id.clone(), !reused)));
                        run.emit(index, if reused { ItemState::Reused } else { ItemState::Done }).await;
                        Some((item.task_id.clone(), id))
                    }
                    Err(e) => {
                        run.fail_with(index, format!("folder {}", item.name), e).await;
                        announce(&item.task_id, None);
                        None
                    }
                }
            }
        })
        .collect();
    let results: Vec<Option<(String, String)>> =
        stream::iter(pending).buffer_unordered(run.ctx.tuning.parallel_requests.max(1)).collect().await;
    results.into_iter().flatten().collect()
}

fn find_folder<'a>(listing: &'a [Asset], known: Option<&str>, name: &str) -> Option<&'a Asset> {
    let folders = || listing.iter().filter(|a| a.kind == AssetKind::Folder);
    known.and_then(|id| folders().find(|a| a.id == id)).or_else(|| folders().find(|a| a.name == name))
}

async fn ensure_folder(
    run: &Run<'_>,
    project: &FioProject,
    item: &FolderItem,
    known: Option<String>,
    listing: &Mutex<Vec<Asset>>,
) -> Result<(String, bool)> {
    if let Some(a) = find_folder(&listing.lock().await, known.as_deref(), &item.name) {
        return Ok((a.id.clone(), true));
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        match run.fio.create_folder(&project.root_folder_id, &item.name).await {
            Ok(a) => {
                listing.lock().await.push(a.clone());
                return Ok((a.id, false));
            }
            Err(e) if e.is_transient() => {
                // It may exist now: look again before creating.
                let fresh = run.fio.children(&project.root_folder_id).await?;
                let found = find_folder(&fresh, None, &item.name).map(|a| a.id.clone());
                *listing.lock().await = fresh;
                if let Some(id) = found {
                    return Ok((id, false));
                }
                if attempt >= CREATE_ATTEMPTS {
                    return Err(e.into());
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// A folder's children, read once and refreshed after an ambiguous failure.
type Listing = Mutex<Option<Vec<Asset>>>;

/// Upload every document into its folder, the largest first, each as soon as its folder is
/// announced on `slots`.
async fn ensure_uploads(
    run: &Run<'_>,
    project: &FioProject,
    slots: &HashMap<&str, FolderSlot>,
    listings: &Mutex<HashMap<String, Arc<Listing>>>,
) {
    let plan = run.plan();
    let mut order: Vec<usize> = (0..plan.uploads.len()).collect();
    order.sort_by_key(|&i| Reverse(plan.uploads[i].size));
    let pending: Vec<_> = order
        .into_iter()
        .map(|i| {
            let item = &plan.uploads[i];
            async move {
                let index = run.layout.upload(i);
                let label = format!("upload {}", item.name);
                let folder = match &item.task_id {
                    None => project.root_folder_id.clone(),
                    Some(task) => {
                        let announced = match slots.get(task.as_str()) {
                            Some(slot) => {
                                let mut rx = slot.subscribe();
                                rx.wait_for(Option::is_some).await.ok().and_then(|v| v.clone()).flatten()
                            }
                            None => None,
                        };
                        match announced {
                            Some((id, created)) => {
                                if created {
                                    // Made by this run a moment ago: nothing in it to look for.
                                    listings
                                        .lock()
                                        .await
                                        .entry(id.clone())
                                        .or_insert_with(|| Arc::new(Mutex::new(Some(Vec::new()))));
                                }
                                id
                            }
                            None => {
                                // Not made because the credentials were refused: say that instead.
                                if run.may_start(index, &label).await {
                                    run.fail(index, label, "its task's folder could not be created".into()).await;
                                }
                                return;
                            }
                        }
                    }
                };
                if !run.may_start(index, &label).await {
                    return;
                }
                run.emit(index, ItemState::Running).await;
                let listing = listings.lock().await.entry(folder.clone()).or_default().clone();
                match ensure_upload(run, index, item, &folder, &listing).await {
                    Ok(reused) => run.emit(index, if reused { ItemState::Reused } else { ItemState::Done }).await,
                    Err(e) => run.fail_with(index, label, e).await,
                }
            }
        })
        .collect();
    stream::iter(pending).buffer_unordered(run.ctx.tuning.parallel_files.max(1)).collect::<()>().await;
}

async fn folder_listing(run: &Run<'_>, folder: &str, cache: &Listing, refresh: bool) -> Result<Vec<Asset>> {
    let mut guard = cache.lock().await;
    if refresh || guard.is_none() {
        *guard = Some(run.fio.children(folder).await?);
    }
    Ok(guard.clone().unwrap_or_default())
}

/// Returns whether the file was already there.
async fn ensure_upload(run: &Run<'_>, index: usize, item: &UploadItem, folder: &str, cache: &Listing) -> Result<bool> {
    let journal = run.prepared.journal.snapshot();
    let recorded = journal.files.get(&item.doc_id).cloned();
    let listing = folder_listing(run, folder, cache, false).await?;
    let existing = listing
        .iter()
        .find(|a| recorded.as_ref().is_some_and(|r| r.asset_id == a.id))
        .or_else(|| listing.iter().find(|a| a.kind == AssetKind::File && a.name == item.name));
    if let Some(asset) = existing {
        let done_before = recorded.as_ref().is_some_and(|r| r.asset_id == asset.id && r.complete);
        if done_before || asset.upload_complete() {
            run.journal_update(|j| {
                j.files.insert(
                    item.doc_id.clone(),
                    super::journal::FileEntry { asset_id: asset.id.clone(), complete: true },
                );
            })?;
            return Ok(true);
        }
        // A file whose upload never finished: start it over (its part URLs may have expired).
        run.fio.delete_asset(&asset.id).await?;
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        let asset = create_file(run, item, folder, cache).await?;
        run.journal_update(|j| {
            j.files
                .insert(item.doc_id.clone(), super::journal::FileEntry { asset_id: asset.id.clone(), complete: false });
        })?;
        match transfer::document(run.ctx, &run.fio, &item.document, &asset, item.size, progress(run, index, item.size))
            .await
        {
            Ok(()) => break,
            Err(e) if e.is_transient() && attempt < 3 => {
                let _ =
                    run.events.send(SyncEvent::Notice { message: format!("{}: {e}; trying again", item.name) }).await;
                // Start again with a fresh asset; the failed one goes.
                let _ = run.fio.delete_asset(&asset.id).await;
            }
            Err(e) => return Err(e),
        }
    }
    run.journal_update(|j| {
        if let Some(f) = j.files.get_mut(&item.doc_id) {
            f.complete = true;
        }
    })?;
    Ok(false)
}

async fn create_file(run: &Run<'_>, item: &UploadItem, folder: &str, cache: &Listing) -> Result<Asset> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match run.fio.create_file(folder, &item.name, &item.filetype, item.size).await {
            Ok(a) => return Ok(a),
            Err(e) if e.is_transient() => {
                // The asset may exist without us knowing its part URLs: remove it and create
                // again. An upload that completed is never removed (it is not one of ours).
                let fresh = folder_listing(run, folder, cache, true).await?;
                let orphan = fresh.iter().find(|a| a.kind == AssetKind::File && a.name == item.name);
                if let Some(a) = orphan.filter(|a| !a.upload_complete()) {
                    run.fio.delete_asset(&a.id).await?;
                }
                if attempt >= CREATE_ATTEMPTS {
                    return Err(e.into());
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Byte progress for an upload item, at most every 100 ms or 1 %.
fn progress(run: &Run<'_>, index: usize, total: u64) -> transfer::Progress {
    let events = run.events.clone();
    let last = Arc::new(std::sync::Mutex::new((Instant::now(), 0u64)));
    Arc::new(move |done: u64| {
        let mut last = last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let step = (total / 100).max(1);
        if done == total || done >= last.1 + step && last.0.elapsed() >= Duration::from_millis(100) {
            *last = (Instant::now(), done);
            // Progress is lossy by design: a full channel drops a frame, never blocks a transfer.
            let _ = events.try_send(SyncEvent::Bytes { index, done, total });
        }
    })
}

/// Invite everyone not yet on the project, in batches; after an ambiguous failure, look at who
/// is there now before inviting the rest.
async fn ensure_invites(run: &Run<'_>, project: &FioProject) {
    let plan = run.plan();
    if plan.invites.is_empty() {
        return;
    }
    let position: HashMap<&str, usize> = plan.invites.iter().enumerate().map(|(i, v)| (v.email.as_str(), i)).collect();
    let mut remaining: Vec<&InviteItem> = plan.invites.iter().collect();
    let mut last_error = String::new();
    for round in 0..3 {
        let present: HashSet<String> = match run.fio.collaborators(&project.id).await {
            Ok(c) => c.into_iter().map(|c| c.email).collect(),
            Err(e) => {
                for item in &remaining {
                    let index = run.layout.invite(position[item.email.as_str()]);
                    run.fail_with(index, format!("invite {}", item.email), e.clone()).await;
                }
                return;
            }
        };
        let mut todo = Vec::new();
        for item in remaining {
            let index = run.layout.invite(position[item.email.as_str()]);
            if present.contains(&item.email) {
                let _ = run.journal_update(|j| {
                    j.invited.insert(item.email.clone());
                });
                // Invited in an earlier round of this run counts as done, not reused.
                run.emit(index, if round == 0 { ItemState::Reused } else { ItemState::Done }).await;
            } else {
                todo.push(item);
            }
        }
        if todo.is_empty() {
            return;
        }
        let mut retry = Vec::new();
        for chunk in todo.chunks(run.ctx.tuning.invite_batch.max(1)) {
            if run.refused().is_some() {
                for item in chunk {
                    run.fail(
                        run.layout.invite(position[item.email.as_str()]),
                        format!("invite {}", item.email),
                        NOT_STARTED.into(),
                    )
                    .await;
                }
                continue;
            }
            for item in chunk {
                run.emit(run.layout.invite(position[item.email.as_str()]), ItemState::Running).await;
            }
            let emails: Vec<String> = chunk.iter().map(|i| i.email.clone()).collect();
            match run.fio.add_collaborators(&project.id, &emails).await {
                Ok(failures) => {
                    for item in chunk {
                        let index = run.layout.invite(position[item.email.as_str()]);
                        match failures.iter().find(|(k, _)| k.eq_ignore_ascii_case(&item.email)) {
                            Some((_, why)) => run.fail(index, format!("invite {}", item.email), why.clone()).await,
                            None => {
                                let _ = run.journal_update(|j| {
                                    j.invited.insert(item.email.clone());
                                });
                                run.emit(index, ItemState::Done).await;
                            }
                        }
                    }
                }
                Err(e) if e.is_transient() => {
                    last_error = e.to_string();
                    retry.extend(chunk.iter().copied());
                }
                Err(e) => {
                    for item in chunk {
                        let index = run.layout.invite(position[item.email.as_str()]);
                        run.fail_with(index, format!("invite {}", item.email), e.clone()).await;
                    }
                }
            }
        }
        if retry.is_empty() {
            return;
        }
        remaining = retry;
    }
    for item in remaining {
        let index = run.layout.invite(position[item.email.as_str()]);
        run.fail(index, format!("invite {}", item.email), format!("{last_error}; Retry resumes")).await;
    }
}
