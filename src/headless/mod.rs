//! Headless mode: every step of the wizard as a command without a terminal UI. Commands call the
//! same integration layer and activation engine as the wizard's worker, so the two never
//! disagree. One file per command group; `output` (stdout/stderr, JSON, colour, exit codes),
//! `resolve` (names or IDs), `input` (secrets and confirmations) and `demo` (the persistent demo)
//! serve them all.

pub mod activate;
pub mod auth;
pub mod demo;
pub mod doc;
pub mod group;
pub mod input;
pub mod login;
pub mod output;
pub mod profile;
pub mod project;
pub mod resolve;
pub mod status;
pub mod task;
pub mod watch;

use clap::CommandFactory;

use self::output::{Failure, Out, Result};
use crate::cli::{AuthCmd, Cli, Commands, DemoCmd};
use crate::config::{ConfigFile, Paths, Profile};
use crate::integration::Context;
use crate::session;

/// An opened profile: the integration context, and the demo's simulator when it is the demo.
pub struct Env {
    pub ctx: Context,
    pub out: Out,
    pub profile: Profile,
    demo: Option<demo::Demo>,
}

impl Env {
    /// Open the selected profile (`--profile`, `WFIO_PROFILE`, the config's default, else the
    /// demo). `what` names the command, for the demo's lock.
    pub async fn open(cli: &Cli, paths: &Paths, out: &Out, what: &str) -> Result<Self> {
        let profile = select_profile(cli, paths)?;
        match &profile {
            Profile::Demo => {
                let (ctx, demo) = demo::open(paths, out, what).await?;
                Ok(Self { ctx, out: out.clone(), profile, demo: Some(demo) })
            }
            Profile::Remote { .. } => {
                auth::require_workfront_credentials(&profile, paths)?;
                let opened = session::open(&profile, paths).await.map_err(Failure::error)?;
                Ok(Self { ctx: opened.context, out: out.clone(), profile, demo: None })
            }
        }
    }

    /// The demo simulator's address, when this is the demo.
    pub fn demo_url(&self) -> Option<String> {
        self.demo.as_ref().map(demo::Demo::base_url)
    }

    /// Release the profile (the demo writes its state and lets the next command in).
    pub async fn close(self) {
        if let Some(demo) = self.demo {
            demo.close().await;
        }
    }
}

pub fn select_profile(cli: &Cli, paths: &Paths) -> Result<Profile> {
    let config = ConfigFile::load(&paths.config_file()).map_err(Failure::error)?;
    Profile::select(cli.profile.as_deref(), &config).map_err(Failure::usage)
}

/// Run a headless command and return its exit code (the error, if any, is printed).
pub async fn run(cli: &Cli, command: &Commands, paths: &Paths) -> u8 {
    let out = Out::new(cli);
    if !matches!(command, Commands::Completions(_) | Commands::ExitCodes)
        && let Some(warning) = crate::credentials::dir_warning(&paths.config_dir)
    {
        out.warn(warning);
    }
    match dispatch(cli, command, paths, &out).await {
        Ok(()) => 0,
        Err(failure) => {
            out.error(&failure.message);
            failure.exit.code()
        }
    }
}

async fn dispatch(cli: &Cli, command: &Commands, paths: &Paths, out: &Out) -> Result<()> {
    match command {
        Commands::Sim(_) => Err(Failure::error("`wfio sim` is not a headless command")),
        Commands::Profile(cmd) => profile::run(cli, cmd, paths, out).await,
        Commands::Auth(AuthCmd::Status { check }) => auth::status(cli, paths, out, *check).await,
        Commands::Demo(DemoCmd::Reset) => demo::reset(paths, out).await,
        Commands::Completions(args) => {
            clap_complete::generate(args.shell, &mut Cli::command(), "wfio", &mut std::io::stdout());
            Ok(())
        }
        Commands::ExitCodes => {
            if out.json {
                let codes: Vec<serde_json::Value> = output::Exit::ALL
                    .iter()
                    .map(|e| serde_json::json!({"code": e.code(), "meaning": e.meaning()}))
                    .collect();
                out.json_value(&codes);
            } else {
                out.line(output::exit_codes_text().trim_end());
            }
            Ok(())
        }
        Commands::Watch(args) => {
            let env = Env::open(cli, paths, out, "watch").await?;
            let result = watch::run(&env, args).await;
            env.close().await;
            result
        }
        other => {
            let env = Env::open(cli, paths, out, &command_words()).await?;
            let result = tokio::select! {
                r = with_session(&env, other) => r,
                () = stop_signal() => Err(Failure::interrupted()),
            };
            env.close().await;
            result
        }
    }
}

async fn with_session(env: &Env, command: &Commands) -> Result<()> {
    match command {
        Commands::Group(cmd) => group::run(env, cmd).await,
        Commands::Project(cmd) => project::run(env, cmd).await,
        Commands::Task(cmd) => task::run(env, cmd).await,
        Commands::Doc(cmd) => doc::run(env, cmd).await,
        Commands::Activate(args) => activate::run(env, args).await,
        Commands::Auth(AuthCmd::Login { args, .. }) => login::run(env, args).await,
        Commands::Status => status::run(env).await,
        _ => Err(Failure::error("not a command that opens a profile")),
    }
}

/// The command's words without options (`group list`), for the demo's lock note.
fn command_words() -> String {
    let mut words = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--profile" {
            args.next();
        } else if !a.starts_with('-') {
            words.push(a);
        }
        if words.len() == 2 {
            break;
        }
    }
    words.join(" ")
}

/// Until Ctrl-C or (on Unix) SIGTERM.
pub async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
