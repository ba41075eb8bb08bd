//! wfio: a terminal wizard that connects Adobe Workfront and Frame.io.
//!
//! Layers, outermost first: `cli` and `tui` (the event loop) drive `app` (plain state and a pure
//! reducer) and `ui` (drawing); `worker` runs every request for the UI; `workfront` and `frameio`
//! are typed API clients over the shared `http` layer; `integration` keeps the connection in
//! Workfront's custom forms; `sim` simulates both services for the demo and the tests. `headless`
//! runs every step of the wizard as a command, through the same integration layer and engine.

#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod config;
pub mod credentials;
pub mod frameio;
pub mod fsutil;
pub mod headless;
pub mod http;
pub mod ims;
pub mod integration;
pub mod logging;
pub mod secret_serde;
pub mod session;
pub mod sim;
pub mod sync;
pub mod terminal;
pub mod tui;
pub mod ui;
pub mod worker;
pub mod workfront;
