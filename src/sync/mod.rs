//! The activation engine: when a project in a connected group moves to Current (or a custom
//! status that equates to Current), generate it in Frame.io. First a plan (pure, printable),
//! then an idempotent, resumable execution that records every Frame.io ID as it is made.

pub mod execute;
pub mod journal;
pub mod plan;
pub mod plan_text;
pub mod prepare;
pub mod progress;
pub mod transfer;

pub use execute::{project_url, run};
pub use plan::Plan;
pub use prepare::{Prepared, prepare};
pub use progress::{Item, ItemKind, ItemState, Outcome, SyncEvent, items};
