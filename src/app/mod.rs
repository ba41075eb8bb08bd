//! The application core: plain-data state, every message that can change it, and a pure
//! reducer. Nothing here does I/O; the event loop feeds actions in and carries commands out.

pub mod action;
pub mod keymap;
pub mod layout;
pub mod state;
pub mod update;

pub use action::{Action, Command, Request, RequestId, WorkerEvent};
pub use state::State;
pub use update::{context, init, update};
