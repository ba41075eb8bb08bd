//! Logs go to a file in the data dir: the TUI owns the terminal, so nothing is ever printed to
//! stdout. `WFIO_LOG` sets the filter (`info` by default, e.g. `wfio=debug`).

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Start file logging; keep the guard alive until exit so buffered lines are written.
pub fn init(log_dir: &Path) -> Option<WorkerGuard> {
    crate::fsutil::create_private_dir(log_dir).ok()?;
    let appender = tracing_appender::rolling::never(log_dir, "wfio.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("WFIO_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).with_ansi(false).try_init().ok()?;
    Some(guard)
}
