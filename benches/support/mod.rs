//! The benchmarks of issue 7, shared by `benches/wfio.rs` (full sizes, `cargo bench`) and
//! `tests/bench_smoke.rs` (tiny sizes, `cargo test`, so they cannot rot). Each module is one
//! benchmark: it starts what it needs (`wfio sim` processes, the real `wfio` binary as a child or in
//! a pty), measures, checks the world it produced, and returns its numbers and a report section.
#![allow(dead_code)]

pub mod activation;
pub mod listing;
pub mod machine;
pub mod ops;
pub mod org;
pub mod proc;
#[path = "../../tests/common/pty.rs"]
pub mod pty;
pub mod report;
pub mod sim;
pub mod startup;
pub mod terminal;
pub mod transfer;
pub mod v4;

/// The `wfio` binary of this build (release under `cargo bench`, debug under `cargo test`).
pub const BIN: &str = env!("CARGO_BIN_EXE_wfio");

/// Whether a program is on the PATH (the curl comparison needs curl, jq and GNU dd).
pub fn have(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
