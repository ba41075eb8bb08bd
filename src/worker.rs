//! The API worker: receives requests from the UI on a bounded channel, runs each one as its own
//! task (so a slow request never holds up another), and sends typed answers back as actions.
//! Every answer carries the request's ID so the reducer can drop answers nobody waits for.

use tokio::sync::mpsc;

use crate::app::action::{Action, Request, RequestId, WorkerEvent};
use crate::app::state::ErrorInfo;
use crate::integration;
use crate::workfront::WorkfrontClient;

/// Requests waiting for the worker; the UI never queues more than a handful.
pub const QUEUE: usize = 64;

/// The clients the worker talks through.
#[derive(Debug, Clone)]
pub struct Backends {
    pub workfront: WorkfrontClient,
}

pub type Job = (RequestId, Request);

/// Start the worker on the current runtime. It stops when the job sender is dropped.
pub fn spawn(backends: Backends, events: mpsc::Sender<Action>) -> mpsc::Sender<Job> {
    let (tx, mut rx) = mpsc::channel::<Job>(QUEUE);
    tokio::spawn(async move {
        while let Some((id, request)) = rx.recv().await {
            let backends = backends.clone();
            let events = events.clone();
            tokio::spawn(async move {
                let event = run(&backends, id, request).await;
                // The UI may be gone (quitting); nothing to do then.
                let _ = events.send(Action::Worker(event)).await;
            });
        }
    });
    tx
}

async fn run(backends: &Backends, id: RequestId, request: Request) -> WorkerEvent {
    match request {
        Request::LoadGroups => {
            let result = backends
                .workfront
                .groups()
                .await
                .map(|groups| integration::group_rows(&groups))
                .map_err(|e| ErrorInfo::new(e.to_string()));
            WorkerEvent::Groups { request: id, result }
        }
    }
}
