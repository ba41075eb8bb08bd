//! Command-line interface.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "wfio",
    version,
    about = "Connect Adobe Workfront and Frame.io, step by step, from the terminal.",
    after_help = "Examples:\n  wfio                      open the wizard (the demo simulator when no profile is configured)\n  wfio --profile acme       open the wizard against the 'acme' profile\n  wfio sim --port 8080      run the simulator on its own"
)]
pub struct Cli {
    /// Profile to use (see config.toml); `demo` runs against the embedded simulator.
    #[arg(long, global = true, env = "WFIO_PROFILE")]
    pub profile: Option<String>,
    /// Monochrome output (also when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// ASCII glyphs and borders, for terminals without Unicode.
    #[arg(long, global = true)]
    pub ascii: bool,
    #[command(subcommand)]
    pub command: Option<Commands>,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Run the Workfront + Frame.io simulator as a standalone server.
    Sim(SimArgs),
}

#[derive(Debug, clap::Args)]
pub struct SimArgs {
    /// Address to listen on (loopback); port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Seed file (JSON); the demo organisation when omitted.
    #[arg(long)]
    pub seed: Option<PathBuf>,
}

impl SimArgs {
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }
}
