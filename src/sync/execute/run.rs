//! The state one run of a plan shares between its steps: where events go, what failed, what was
//! created or reused, and whether the credentials were refused (after which nothing new starts).

use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{Mutex, mpsc};

use crate::frameio::FrameioClient;
use crate::integration::{Context, IntegrationError, Result};
use crate::sync::journal::Journal;
use crate::sync::plan::Plan;
use crate::sync::prepare::Prepared;
use crate::sync::progress::{ItemState, Layout, SyncEvent};

pub(super) struct Run<'a> {
    pub(super) ctx: &'a Context,
    pub(super) prepared: &'a Prepared,
    pub(super) fio: FrameioClient,
    pub(super) layout: Layout,
    pub(super) events: &'a mpsc::Sender<SyncEvent>,
    pub(super) failed: Mutex<Vec<(String, String)>>,
    created: AtomicU64,
    reused: AtomicU64,
    /// How many of the failed items failed transiently.
    transient_failures: AtomicU64,
    /// The first refusal of credentials (Workfront's or Frame.io's): nothing new starts after it.
    refused: std::sync::Mutex<Option<IntegrationError>>,
}

/// What an item that was never started because the credentials were refused says.
pub(super) const NOT_STARTED: &str = "not started: the credentials were refused";

impl<'a> Run<'a> {
    pub(super) fn new(
        ctx: &'a Context,
        prepared: &'a Prepared,
        fio: FrameioClient,
        events: &'a mpsc::Sender<SyncEvent>,
    ) -> Self {
        Run {
            ctx,
            prepared,
            fio,
            layout: Layout::of(&prepared.plan),
            events,
            failed: Mutex::default(),
            created: AtomicU64::new(0),
            reused: AtomicU64::new(0),
            transient_failures: AtomicU64::new(0),
            refused: std::sync::Mutex::default(),
        }
    }

    /// Items created so far.
    pub(super) fn created(&self) -> usize {
        self.created.load(Ordering::Relaxed) as usize
    }

    /// Items found already there so far.
    pub(super) fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed) as usize
    }

    pub(super) async fn emit(&self, index: usize, state: ItemState) {
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

    pub(super) async fn fail(&self, index: usize, label: String, error: String) {
        self.failed.lock().await.push((label, error.clone()));
        self.emit(index, ItemState::Failed(error)).await;
    }

    /// An item failed because a service kept failing after retries: running again later may
    /// finish it.
    pub(super) async fn fail_transient(&self, index: usize, label: String, error: String) {
        self.transient_failures.fetch_add(1, Ordering::Relaxed);
        self.fail(index, label, error).await;
    }

    /// Whether every item that failed failed transiently (and at least one did).
    pub(super) async fn only_transient_failures(&self) -> bool {
        let failed = self.failed.lock().await.len();
        failed > 0 && self.transient_failures.load(Ordering::Relaxed) as usize == failed
    }

    /// An item failed with `error`. A refusal of credentials stops the run: every later request
    /// would be refused too, and a stream of failed logins can lock an account.
    pub(super) async fn fail_with(&self, index: usize, label: String, error: impl Into<IntegrationError>) {
        let error = error.into();
        if error.is_auth() {
            self.refused.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get_or_insert(error.clone());
        }
        if error.is_transient() {
            self.fail_transient(index, label, error.to_string()).await;
        } else {
            self.fail(index, label, error.to_string()).await;
        }
    }

    /// The refusal that stopped the run, if any.
    pub(super) fn refused(&self) -> Option<IntegrationError> {
        self.refused.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Whether an item may start; if not, it is marked as not started.
    pub(super) async fn may_start(&self, index: usize, label: &str) -> bool {
        if self.refused().is_none() {
            return true;
        }
        self.fail(index, label.to_owned(), NOT_STARTED.into()).await;
        false
    }

    pub(super) fn plan(&self) -> &Plan {
        &self.prepared.plan
    }

    /// The Frame.io account everything of this run lives in.
    pub(super) fn account(&self) -> &str {
        &self.prepared.plan.destination.account_id
    }

    pub(super) fn journal_update(&self, change: impl FnOnce(&mut Journal)) -> Result<()> {
        self.prepared.journal.update(change).map_err(IntegrationError::Local)
    }
}
