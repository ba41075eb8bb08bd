use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use wfio::cli::{Cli, Commands, SimArgs};
use wfio::config::{ConfigFile, Paths, Profile};
use wfio::sim::{SimOptions, Simulator};
use wfio::ui::theme::Theme;
use wfio::{logging, session, tui};

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
    let result = runtime.block_on(async {
        match &cli.command {
            None => wizard(&cli, &paths).await,
            Some(Commands::Sim(args)) => sim(args).await,
        }
    });
    // Do not wait for detached tasks (the simulator, in-flight requests) on the way out.
    runtime.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("wfio: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn wizard(cli: &Cli, paths: &Paths) -> Result<(), String> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err("the wizard needs a terminal; run it from an interactive shell".into());
    }
    let config = ConfigFile::load(&paths.config_file())?;
    let profile = Profile::select(cli.profile.as_deref(), &config)?;
    let opened = session::open(&profile, paths).await?;
    let theme = Theme::detect(cli.no_color, cli.ascii);
    tracing::info!(profile = profile.name(), "wizard started");
    let exit = tui::run(opened.session, opened.context, theme).await.map_err(|e| e.to_string())?;
    tracing::info!(?exit, "wizard ended");
    drop(opened.simulator);
    Ok(())
}

async fn sim(args: &SimArgs) -> Result<(), String> {
    let mut options = SimOptions { addr: args.addr(), ..SimOptions::default() };
    if let Some(path) = &args.seed {
        options.seed_json = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let sim = Simulator::start(options).await.map_err(|e| format!("simulator: {e}"))?;
    println!("wfio simulator listening on {}", sim.base_url());
    println!("  Workfront: {}/attask/api/v21.0/", sim.base_url());
    println!("  Frame.io:  {}/v2/", sim.base_url());
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    sim.shutdown().await;
    Ok(())
}
