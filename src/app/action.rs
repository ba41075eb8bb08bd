//! Every message the reducer understands, and every effect it can ask for.

use crossterm::event::KeyEvent;

use super::state::{ErrorInfo, GroupRow};

/// Identifies one request to the worker, so a late answer to an old request is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId(pub u64);

/// Input to the reducer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Key(KeyEvent),
    /// A bracketed paste, delivered in one piece.
    Paste(String),
    Resize(u16, u16),
    /// Animation frame; only sent while something animates.
    Tick,
    Worker(WorkerEvent),
}

/// Answers from the API worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerEvent {
    Groups { request: RequestId, result: Result<Vec<GroupRow>, ErrorInfo> },
}

/// What the worker can be asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    LoadGroups,
}

/// Effects the reducer asks the event loop for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Send a request to the worker.
    Request(RequestId, Request),
    /// Leave the terminal, stop the process (Ctrl-Z), and come back on resume.
    Suspend,
    Quit,
}
