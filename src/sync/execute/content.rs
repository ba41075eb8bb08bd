//! Folders for Active tasks and the documents' transfers into them, overlapped.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{StreamExt, stream};
use tokio::sync::{Mutex, watch};

use super::{CREATE_ATTEMPTS, Run};
use crate::frameio::FrameioError;
use crate::frameio::model::{Asset, AssetKind, Project as FioProject};
use crate::integration::Result;
use crate::sync::journal::FileEntry;
use crate::sync::plan::{FolderItem, UploadItem};
use crate::sync::progress::{ItemState, SyncEvent};
use crate::sync::transfer;

/// Where a task's folder is announced to the uploads waiting for it: `Some(Ok((id, created)))`
/// once it exists (`created`: made by this run, so it holds nothing yet), `Some(Err(transient))`
/// when it could not be made (`transient`: a service kept failing, so a retry may make it).
type FolderSlot = watch::Sender<Option<FolderResult>>;
type FolderResult = std::result::Result<(String, bool), bool>;

/// Folders for Active tasks and the documents, overlapped. Returns task ID -> folder ID.
///
/// Folders and files share Frame.io's assets.create limit (5 per second), so with many tasks the
/// creates take longest. The transfers run meanwhile rather than after them: a document starts as
/// soon as its folder exists (the project root at once), folders that receive documents are
/// created first, and the largest documents start first, so what finishes last is small.
pub(super) async fn ensure_content(run: &Run<'_>, project: &FioProject) -> HashMap<String, String> {
    let plan = run.plan();
    let root = project.root_folder_id.clone();
    let slots: HashMap<&str, FolderSlot> =
        plan.folders.iter().map(|f| (f.task_id.as_str(), watch::channel(None).0)).collect();
    let listing = run.fio.children(run.account(), &root).await;
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
    let announce = |task: &str, value: FolderResult| {
        if let Some(slot) = slots.get(task) {
            slot.send_replace(Some(value));
        }
    };
    let listing = match listing {
        Ok(l) => l,
        Err(e) => {
            for (i, f) in plan.folders.iter().enumerate() {
                run.fail_with(run.layout.folder(i), format!("folder {}", f.name), e.clone()).await;
                announce(&f.task_id, Err(e.is_transient()));
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
                    announce(&item.task_id, Err(false));
                    return None;
                }
                run.emit(index, ItemState::Running).await;
                match ensure_folder(run, project, item, known, &listing).await {
                    Ok((id, reused)) => {
                        if let Err(e) = run.journal_update(|j| {
                            j.folders.insert(item.task_id.clone(), id.clone());
                        }) {
                            run.fail(index, format!("folder {}", item.name), e.to_string()).await;
                            announce(&item.task_id, Err(false));
                            return None;
                        }
                        announce(&item.task_id, Ok((id.clone(), !reused)));
                        run.emit(index, if reused { ItemState::Reused } else { ItemState::Done }).await;
                        Some((item.task_id.clone(), id))
                    }
                    Err(e) => {
                        let transient = e.is_transient();
                        run.fail_with(index, format!("folder {}", item.name), e).await;
                        announce(&item.task_id, Err(transient));
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
        match run.fio.create_folder(run.account(), &project.root_folder_id, &item.name).await {
            Ok(a) => {
                listing.lock().await.push(a.clone());
                return Ok((a.id, false));
            }
            Err(e) if e.is_transient() => {
                // It may exist now: look again before creating.
                let fresh = run.fio.children(run.account(), &project.root_folder_id).await?;
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
                                rx.wait_for(Option::is_some).await.ok().and_then(|v| v.clone()).unwrap_or(Err(false))
                            }
                            None => Err(false),
                        };
                        match announced {
                            Ok((id, created)) => {
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
                            Err(transient) => {
                                // Not made because the credentials were refused: say that instead.
                                if run.may_start(index, &label).await {
                                    let why = "its task's folder could not be created".to_owned();
                                    if transient {
                                        run.fail_transient(index, label, format!("{why}; Retry resumes")).await;
                                    } else {
                                        run.fail(index, label, why).await;
                                    }
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
        *guard = Some(run.fio.children(run.account(), folder).await?);
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
                j.files.insert(item.doc_id.clone(), FileEntry { asset_id: asset.id.clone(), complete: true });
            })?;
            return Ok(true);
        }
        // A file whose upload never finished: start it over (its part URLs may have expired).
        run.fio.delete_asset(run.account(), asset).await?;
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        let asset = create_file(run, item, folder, cache).await?;
        run.journal_update(|j| {
            j.files.insert(item.doc_id.clone(), FileEntry { asset_id: asset.id.clone(), complete: false });
        })?;
        let t = transfer::Transfer {
            doc: &item.document,
            account: run.account(),
            asset: &asset,
            size: item.size,
            media_type: &item.filetype,
        };
        match transfer::document(run.ctx, &run.fio, t, progress(run, index, item.size)).await {
            Ok(()) => break,
            Err(e) if e.is_transient() && attempt < 3 => {
                let _ =
                    run.events.send(SyncEvent::Notice { message: format!("{}: {e}; trying again", item.name) }).await;
                // Start again with a fresh asset; the failed one goes.
                let _ = run.fio.delete_asset(run.account(), &asset).await;
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
        match run.fio.create_file(run.account(), folder, &item.name, item.size).await {
            Ok(a) => return Ok(a),
            Err(e) if e.is_transient() => {
                // The asset may exist without us knowing its part URLs: remove it and create
                // again. An upload that completed is never removed (it is not one of ours).
                let fresh = folder_listing(run, folder, cache, true).await?;
                let orphan = fresh.iter().find(|a| a.kind == AssetKind::File && a.name == item.name);
                if let Some(a) = orphan.filter(|a| !a.upload_complete()) {
                    run.fio.delete_asset(run.account(), a).await?;
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
