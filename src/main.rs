#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use wfio::cli::{Cli, Commands, SimArgs};
use wfio::config::{ConfigFile, Paths, Profile};
use wfio::sim::settings::Settings;
use wfio::sim::{SimOptions, Simulator, scale};
use wfio::ui::theme::Theme;
use wfio::{headless, logging, session, tui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let paths = Paths::from_env();
    let _log_guard = logging::init(&paths.log_dir());
    if let Err(e) = color_eyre::install() {
        eprintln!("wfio: {e}");
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("wfio: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(async {
        let result = match &cli.command {
            None => wizard(&cli, &paths).await,
            Some(Commands::Sim(args)) => sim(args).await,
            Some(command) => return headless::run(&cli, command, &paths).await,
        };
        match result {
            Ok(()) => 0,
            Err((code, message)) => {
                eprintln!("wfio: {message}");
                code
            }
        }
    });
    // Do not wait for detached tasks (the simulator, in-flight requests) on the way out.
    runtime.shutdown_background();
    ExitCode::from(code)
}

/// An exit code and the message to print.
type Failed = (u8, String);

fn error(message: String) -> Failed {
    (1, message)
}

async fn wizard(cli: &Cli, paths: &Paths) -> Result<(), Failed> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err((
            2,
            "the wizard needs a terminal. Without one, run the steps as commands: wfio --help (and wfio help exit-codes)"
                .into(),
        ));
    }
    // A dumb terminal cannot move the cursor: the wizard's screens would come out as garbage.
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return Err((
            2,
            "TERM=dumb: this terminal cannot draw the wizard (it has no cursor movement). Run wfio in a full \
             terminal (for example TERM=xterm-256color), or run the steps as commands: wfio --help"
                .into(),
        ));
    }
    let config = ConfigFile::load(&paths.config_file()).map_err(error)?;
    let profile = Profile::select(cli.profile.as_deref(), &config).map_err(|e| (2, e))?;
    let opened = session::open(&profile, paths).await.map_err(error)?;
    let theme = Theme::detect(cli.no_color, cli.ascii);
    tracing::info!(profile = profile.name(), "wizard started");
    // Shown in the wizard: printed here, it would be hidden by the alternate screen.
    let warning = wfio::credentials::dir_warning(&paths.config_dir);
    let exit = tui::run(opened.session, opened.context, theme, warning).await.map_err(|e| error(e.to_string()))?;
    tracing::info!(?exit, "wizard ended");
    drop(opened.simulator);
    Ok(())
}

async fn sim(args: &SimArgs) -> Result<(), Failed> {
    sim_inner(args).await.map_err(error)
}

async fn sim_inner(args: &SimArgs) -> Result<(), String> {
    if !args.host.is_loopback() {
        eprintln!(
            "wfio: warning: {} is not a loopback address; the simulator and its /_sim/ controls have no authentication",
            args.host
        );
    }
    let settings = Settings { rate_limits: args.rate_limits()?, faults: args.faults() };
    settings.faults.validate()?;
    let mut options =
        SimOptions { addr: args.addr(), settings, state_path: args.state.clone(), ..SimOptions::default() };
    options.ims.access_token_ttl_ms =
        wfio::sim::ims::store::parse_duration_ms(&args.ims_token_ttl).map_err(|e| format!("--ims-token-ttl: {e}"))?;
    if let Some(seed) = args.fault_seed {
        options.fault_seed = seed;
    }
    if let Some(path) = &args.seed {
        options.seed_json = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(groups) = args.scale {
        let started = std::time::Instant::now();
        options.seed_json = scale::generate(groups);
        tracing::info!(groups, ms = started.elapsed().as_millis() as u64, "generated a large organisation");
    }
    let sim = Simulator::start(options).await.map_err(|e| format!("simulator: {e}"))?;
    let base = sim.base_url();
    println!("wfio simulator listening on {base}");
    println!("  Workfront: {base}/attask/api/v21.0/");
    println!("  Frame.io:  {base}/v4/");
    println!("  Adobe IMS: {base}/ims/ (authorize/v2, token/v3, revoke, .well-known/openid-configuration)");
    println!("  Controls:  {base}/_sim/ (health, state, requests, outbox, faults, rate-limits, ims, reset)");
    if args.seed.is_none() {
        println!(
            "  Credentials: the demo's (Workfront API key and Frame.io tokens in README.md, 'The demo organisation')"
        );
    } else {
        println!("  Credentials: as in the seed file");
    }
    if let Some(state) = &args.state {
        println!("  State:     {}", state.display());
    }
    wait_for_stop().await?;
    sim.shutdown().await;
    Ok(())
}

/// Until Ctrl-C or (on Unix) SIGTERM.
async fn wait_for_stop() -> Result<(), String> {
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).map_err(|e| e.to_string())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.map_err(|e| e.to_string()),
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())
}
