//! Command-line interface: `wfio` (the wizard), `wfio sim` (the standalone simulator) and the
//! headless commands (`headless`), which run every step of the wizard without a terminal UI.

pub mod headless;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use self::headless::*;
use crate::sim::settings::{Faults, RateLimits};

#[derive(Debug, Parser)]
#[command(
    name = "wfio",
    version,
    about = "Connect Adobe Workfront and Frame.io, step by step, from the terminal.",
    help_template = TEMPLATE,
    before_help = "Examples:
  wfio                         the wizard (on the demo simulator when no profile is set up)
  wfio --profile acme          the wizard against the profile 'acme'
  wfio group connect Marketing --token-stdin --account 'Northwind Studios' < token.txt
  wfio task activate 'Spring Campaign 2027' 'Creative brief' Storyboard
  wfio activate 'Spring Campaign 2027' --dry-run
  wfio status --json           every project in connected groups, for monitoring
  wfio watch --interval 30s    activate projects switched to Current in Workfront
  wfio sim --port 8080         the simulator on its own
",
    after_help = "Every step of the wizard is also a command (see README.md, 'Headless and scripting'). \
Data goes to stdout, messages to stderr. Exit codes: wfio exit-codes."
)]
pub struct Cli {
    /// Profile to use (see config.toml); `demo` runs against the embedded simulator.
    #[arg(long, global = true, env = "WFIO_PROFILE", help_heading = "Global options")]
    pub profile: Option<String>,
    /// Monochrome output (also when NO_COLOR is set).
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_color: bool,
    /// ASCII glyphs and borders, for terminals without Unicode.
    #[arg(long, global = true, help_heading = "Global options")]
    pub ascii: bool,
    /// Machine-readable output: JSON on stdout (one object per line for `activate` and `watch`).
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,
    /// Never prompt; fail with exit code 2 where an answer is needed (automatic when stdin is not
    /// a terminal).
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_input: bool,
    #[command(subcommand)]
    pub command: Option<Commands>,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    /// Run the Workfront + Frame.io simulator as a standalone server.
    Sim(SimArgs),
    /// Profiles: which Workfront instance and Frame.io API to use.
    #[command(subcommand)]
    Profile(ProfileCmd),
    /// Credentials in use and where they come from.
    #[command(subcommand)]
    Auth(AuthCmd),
    /// Step 1: Workfront groups and their Frame.io connection.
    #[command(subcommand)]
    Group(GroupCmd),
    /// Steps 2 and 4: projects, their group, and what activating them would do.
    #[command(subcommand)]
    Project(ProjectCmd),
    /// Step 5: tasks, their integration status, and who is assigned.
    #[command(subcommand)]
    Task(TaskCmd),
    /// Project documents.
    #[command(subcommand)]
    Doc(DocCmd),
    /// Step 6: switch a project to Current (or an equivalent status), generating it in Frame.io.
    Activate(ActivateArgs),
    /// Every project in a connected group and its Frame.io state; exits 1 when any failed.
    #[command(help_template = TEMPLATE, before_help = "Examples:\n  wfio status\n  wfio status --json | jq '.[] | select(.state == \"failed\")'\n")]
    Status,
    /// Activate projects that are switched to Current in Workfront, like the native integration.
    Watch(WatchArgs),
    /// The persistent demo organisation that headless commands use.
    #[command(subcommand)]
    Demo(DemoCmd),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// The exit codes and what they mean (also: wfio help exit-codes).
    #[command(before_long_help = exit_codes_help())]
    ExitCodes,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Controls and inspection: GET /_sim/health, /_sim/state, /_sim/requests, /_sim/outbox; \
POST /_sim/reset; GET/PUT /_sim/faults, /_sim/rate-limits and /_sim/ims; POST /_sim/ims/expire and \
/_sim/ims/revoke. Stops on Ctrl-C or SIGTERM \
(after a final write of --state).")]
pub struct SimArgs {
    /// Address to listen on (loopback); port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Seed file (JSON); the demo organisation when omitted.
    #[arg(long, value_name = "FILE", conflicts_with = "scale")]
    pub seed: Option<PathBuf>,
    /// Keep the world in FILE (and FILE.blobs/): loaded at start when it exists, written after
    /// every change and at exit.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Generate a large organisation instead of the demo: N groups, one project of 5 tasks each
    /// (the demo's credentials still work).
    #[arg(long, value_name = "N")]
    pub scale: Option<usize>,
    /// Frame.io V4 rate limiting: `off`, `published`, or a JSON file of limits by V4 operation ID
    /// (`{"projects.create": {"requests": 5, "window_ms": 1000}}`); an unknown ID is an error.
    #[arg(long, value_name = "off|published|FILE", default_value = "published")]
    pub rate_limits: String,
    /// Lifetime of the access tokens the simulated Adobe IMS issues (`30s`, `5m`, `24h`).
    #[arg(long, value_name = "DURATION", default_value = "24h")]
    pub ims_token_ttl: String,
    /// Added to every response, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// Up to this much more latency, at random.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub jitter_ms: u64,
    /// Share of requests answered with a 5xx (0 to 1).
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub error_rate: f64,
    /// Share of responses cut off mid-body after the request took effect (0 to 1).
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub reset_rate: f64,
    /// The next N Frame.io requests get 429.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub burst_429: u32,
    /// Throttle uploads (S3 part PUTs, Workfront upload) to this many bytes per second.
    #[arg(long, value_name = "BYTES")]
    pub upload_bytes_per_sec: Option<u64>,
    /// Probability of a latency spike per request (0 to 1).
    #[arg(long, value_name = "P", default_value_t = 0.0)]
    pub spike_rate: f64,
    /// Length of a latency spike, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub spike_ms: u64,
    /// Seed of the fault generator: the same seed reproduces the same faults.
    #[arg(long, value_name = "N")]
    pub fault_seed: Option<u64>,
}

impl SimArgs {
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }

    /// The faults the flags ask for.
    pub fn faults(&self) -> Faults {
        Faults {
            latency_ms: self.latency_ms,
            jitter_ms: self.jitter_ms,
            error_rate: self.error_rate,
            reset_rate: self.reset_rate,
            burst_429: self.burst_429,
            upload_bytes_per_sec: self.upload_bytes_per_sec,
            spike_rate: self.spike_rate,
            spike_ms: self.spike_ms,
            only: None,
            only_request: None,
        }
    }

    /// `--rate-limits`: `off`, `published`, or a JSON file (see `RateLimits::from_json`).
    pub fn rate_limits(&self) -> Result<RateLimits, String> {
        match self.rate_limits.as_str() {
            "off" => Ok(RateLimits::Off),
            "published" => Ok(RateLimits::Published),
            path => {
                let json = std::fs::read_to_string(path).map_err(|e| format!("--rate-limits {path}: {e}"))?;
                RateLimits::from_json(&json).map_err(|e| format!("--rate-limits {path}: {e}"))
            }
        }
    }
}
