//! A typed client for the Workfront REST API.

pub mod client;
pub mod documents;
pub mod error;
pub mod model;

pub use client::{WorkfrontAuth, WorkfrontClient};
pub use error::WorkfrontError;
pub use model::{Document, Group, Project, Status, Task, Team, Template, User};
