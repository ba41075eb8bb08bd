//! The activation engine under injected faults, interruptions and expiring credentials, against
//! the simulator over real HTTP (issue 4's fault tests, issue 8's "Faults" section).
//!
//! Every scenario runs several seeded activations, each on its own simulator whose fault
//! generator is seeded with the run's seed; a run is repeated (as a user would press Retry) until
//! its outcome is ok, then the world must be exactly the plan: nothing duplicated, nothing
//! missing. `WFIO_RELIABILITY_RUNS=50` runs the full matrix of docs/RELIABILITY.md; the default
//! keeps `cargo test` quick. A failure names its seed; `WFIO_RELIABILITY_SEED=<seed>` reruns it alone.

#[path = "common/engine.rs"]
mod engine;
#[path = "common/seeded.rs"]
mod seeded;

use std::time::{Duration, Instant};

use engine::{Env, SPRING, activate_spring_tasks, add_spring_documents, check_end_state, wf_id};
use tokio::sync::mpsc;
use wfio::http::pace::Pacer;
use wfio::sim::log::Api;
use wfio::sim::settings::{Faults, RateLimits, Settings};
use wfio::sim::{SimOptions, Simulator};
use wfio::sync::{self, Outcome};

/// A two-part document (parts are 20 MB in the simulator).
const BIG: usize = 20_400_000;
/// Runs a user would make (Retry) before the test gives up on a seed.
const MAX_ATTEMPTS: usize = 8;
const DEFAULT_RUNS: usize = 8;

/// The share of requests to fault: `default`, or `WFIO_RELIABILITY_RATE` to explore harsher weather.
fn rate(default: f64) -> f64 {
    std::env::var("WFIO_RELIABILITY_RATE").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The seeds of a scenario: fixed, so any failure reproduces.
fn seeds(scenario: u64) -> Vec<u64> {
    seeded::seeds(scenario, seeded::runs(DEFAULT_RUNS))
}

/// A demo simulator (rate limits as given, no faults yet) with the Spring Campaign ready to
/// activate: three Active tasks and extra documents.
async fn setup(seed: u64, rate_limits: RateLimits) -> Env {
    let settings = Settings { rate_limits, faults: Faults::none() };
    let sim = Simulator::start(SimOptions { settings, fault_seed: seed, ..SimOptions::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ctx = engine::context_for(&sim, dir.path());
    let env = Env { sim, ctx, dir };
    activate_spring_tasks(&env.ctx).await;
    add_spring_documents(&env.ctx, env.dir.path(), BIG).await;
    env
}

/// The plan, read without faults: what the world must look like in the end.
async fn expected_plan(env: &Env) -> sync::Plan {
    let prepared = sync::prepare(&env.ctx, &wf_id(SPRING), Some("CUR")).await.unwrap();
    assert!(prepared.plan.is_runnable(), "{:?}", prepared.plan.blockers);
    assert_eq!(prepared.plan.folders.len(), 3);
    // The empty document is left out: Frame.io V4 takes files of 1 byte and more.
    assert_eq!(prepared.plan.uploads.len(), 5, "{:?}", prepared.plan.uploads);
    assert!(prepared.plan.skipped.iter().any(|s| s.what.contains("empty.txt") && s.why.contains("empty")));
    prepared.plan
}

/// One activation as the wizard runs it: prepare, then run. A failed prepare is a failed run.
async fn activate_once(ctx: &wfio::integration::Context) -> Result<Outcome, String> {
    let prepared = sync::prepare(ctx, &wf_id(SPRING), Some("CUR")).await.map_err(|e| format!("prepare: {e}"))?;
    let (tx, mut rx) = mpsc::channel(4096);
    let drain = tokio::spawn(async move { while rx.recv().await.is_some() {} });
    let outcome = sync::run(ctx, &prepared, &tx).await;
    drop(tx);
    let _ = drain.await;
    Ok(outcome)
}

/// Activate until the outcome is ok, as a user pressing Retry would. Returns why each attempt
/// before the good one failed.
async fn activate_until_ok(ctx: &wfio::integration::Context) -> Result<Vec<String>, String> {
    let mut why = Vec::new();
    for _ in 0..MAX_ATTEMPTS {
        match activate_once(ctx).await {
            Ok(outcome) if outcome.ok => return Ok(why),
            Ok(outcome) => why.push(outcome.error.unwrap_or_default()),
            Err(e) => why.push(e),
        }
    }
    Err(format!("not ok after {MAX_ATTEMPTS} runs: {why:?}"))
}

/// What one seeded run did.
#[derive(Debug)]
struct RunReport {
    seed: u64,
    attempts: usize,
    /// Why the attempts before the last failed.
    failed: Vec<String>,
    ms: u128,
    faults: String,
}

/// Run `one` for every seed, `parallel` at a time, and fail with every failing seed.
async fn matrix<F, Fut>(name: &str, scenario: u64, parallel: usize, one: F)
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = Result<RunReport, String>> + Send + 'static,
{
    let started = Instant::now();
    let seeds = seeds(scenario);
    let mut reports = Vec::new();
    let mut failures = Vec::new();
    for chunk in seeds.chunks(parallel.max(1)) {
        let handles: Vec<_> = chunk.iter().map(|&s| (s, tokio::spawn(one(s)))).collect();
        for (seed, h) in handles {
            match h.await {
                Ok(Ok(r)) => reports.push(r),
                Ok(Err(e)) => failures.push(format!("seed {seed}: {e}")),
                Err(e) => failures.push(format!("seed {seed}: panicked: {e}")),
            }
        }
    }
    let attempts: Vec<usize> = reports.iter().map(|r| r.attempts).collect();
    eprintln!(
        "[{name}] {} runs, {} failed, attempts per run {:?}, {:.1} s",
        seeds.len(),
        failures.len(),
        attempts,
        started.elapsed().as_secs_f64()
    );
    for r in &reports {
        eprintln!("[{name}]   seed {} attempts {} {} ms faults {} {:?}", r.seed, r.attempts, r.ms, r.faults, r.failed);
    }
    assert!(failures.is_empty(), "[{name}] failing seeds:\n{}", failures.join("\n"));
}

/// Injected fault counts so far, for the report.
fn fault_counts(sim: &Simulator) -> String {
    let log = sim.shared().infra().lock_log();
    let c = log.counters();
    format!("{:?} 429s={} requests={}", c.faults, c.rate_limited, c.total)
}

/// 429 bursts of 1-6, re-armed every 0.2-1.5 s (seeded) until stopped.
struct Bursts {
    stop: tokio_util::sync::CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl Bursts {
    fn start(sim: &Simulator, seed: u64) -> Self {
        let shared = sim.shared().clone();
        let stop = tokio_util::sync::CancellationToken::new();
        let cancelled = stop.clone();
        let task = tokio::spawn(async move {
            let mut rng = seeded::Rng(seed ^ 0x429);
            loop {
                let wait = Duration::from_millis(200 + rng.below(1300));
                tokio::select! {
                    () = cancelled.cancelled() => break,
                    () = tokio::time::sleep(wait) => {}
                }
                shared.lock().settings.faults.burst_429 = 1 + rng.below(6) as u32;
            }
        });
        Self { stop, task }
    }

    async fn stop(self) {
        self.stop.cancel();
        let _ = self.task.await;
    }
}

/// Every 429 the simulator sent was an injected one: pacing kept the client under the
/// published limits.
fn no_limiter_429s(sim: &Simulator) -> Result<(), String> {
    let log = sim.shared().infra().lock_log();
    let c = log.counters();
    let limiter = c.rate_limited - c.faults.get("burst_429").copied().unwrap_or(0);
    if limiter > 0 {
        let which: Vec<String> = log
            .records()
            .filter(|r| r.status == 429 && r.fault.is_none())
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        return Err(format!("{limiter} 429s from the simulator's rate limiter despite pacing: {which:?}"));
    }
    Ok(())
}

fn spool_is_empty(env: &Env) -> Result<(), String> {
    let spool: Vec<_> = std::fs::read_dir(env.ctx.spool_dir())
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    if spool.is_empty() { Ok(()) } else { Err(format!("spool files left behind: {spool:?}")) }
}

/// A seeded activation under `faults`: rerun until ok, then the exact end state.
async fn under_faults(seed: u64, faults: Faults, rate_limits: RateLimits, bursts: bool) -> Result<RunReport, String> {
    let published = rate_limits != RateLimits::Off;
    let mut env = setup(seed, rate_limits).await;
    if published {
        env.ctx.pacer = Pacer::default();
    }
    let plan = expected_plan(&env).await;
    env.sim.shared().infra().lock_log().clear();
    env.sim.shared().infra().fault_rng.reseed(Some(seed));
    env.sim.world().settings.faults = faults;
    // 429 bursts: re-armed at seeded moments while the activation runs.
    let bursts = bursts.then(|| Bursts::start(&env.sim, seed));
    let started = Instant::now();
    let result = activate_until_ok(&env.ctx).await;
    if let Some(b) = bursts {
        b.stop().await;
    }
    let ms = started.elapsed().as_millis();
    env.sim.world().settings.faults = Faults::none();
    let faults = fault_counts(&env.sim);
    let failed = result.map_err(|e| format!("{e} (faults {faults})"))?;
    if published {
        no_limiter_429s(&env.sim).map_err(|e| format!("{e} ({faults})"))?;
    }
    let attempts = failed.len() + 1;
    check_end_state(&env, &plan).await.map_err(|e| format!("after {attempts} runs: {e} (faults {faults})"))?;
    Ok(RunReport { seed, attempts, failed, ms, faults })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn activation_under_five_percent_server_errors() {
    matrix("5xx", 1, 4, |seed| {
        under_faults(seed, Faults { error_rate: rate(0.05), ..Faults::none() }, RateLimits::Off, false)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn activation_under_connection_resets_mid_body() {
    matrix("reset", 2, 4, |seed| {
        under_faults(seed, Faults { reset_rate: rate(0.05), ..Faults::none() }, RateLimits::Off, false)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn activation_under_429_bursts_with_published_limits() {
    matrix("429", 3, 4, |seed| under_faults(seed, Faults::none(), RateLimits::Published, true)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn activation_under_latency_spikes() {
    matrix("spikes", 4, 8, |seed| {
        under_faults(
            seed,
            Faults { latency_ms: 2, jitter_ms: 20, spike_rate: 0.03, spike_ms: 2000, ..Faults::none() },
            RateLimits::Off,
            false,
        )
    })
    .await;
}

/// Resolves once the simulator has seen `n` more requests than `from`.
async fn after_requests(sim: &wfio::sim::Shared, from: u64, n: u64) {
    loop {
        if sim.infra().lock_log().counters().total >= from + n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

fn requests_so_far(sim: &Simulator) -> u64 {
    sim.shared().infra().lock_log().counters().total
}

/// Interrupt activations at seeded points (the future is dropped mid-flight, like Ctrl-C or a
/// lost process: requests in flight may or may not land), optionally losing the local journal
/// each time, then run to completion.
async fn interrupted(seed: u64, lose_journal: bool) -> Result<RunReport, String> {
    let env = setup(seed, RateLimits::Off).await;
    let plan = expected_plan(&env).await;
    // A little latency spreads the run out, so the interruption points fall everywhere.
    env.sim.world().settings.faults = Faults { latency_ms: 1, jitter_ms: 4, ..Faults::none() };
    let mut rng = seeded::Rng(seed);
    let interruptions = 1 + rng.below(3);
    let started = Instant::now();
    let mut points = Vec::new();
    for _ in 0..interruptions {
        // A clean run makes about 50 requests; prepare alone about 10.
        let n = 1 + rng.below(60);
        let from = requests_so_far(&env.sim);
        let shared = env.sim.shared().clone();
        tokio::select! {
            r = activate_once(&env.ctx) => { points.push(format!("{n}: finished first ({:?})", r.map(|o| o.ok))); }
            () = after_requests(&shared, from, n) => { points.push(n.to_string()); }
        }
        if lose_journal {
            let _ = std::fs::remove_dir_all(env.ctx.journal_dir());
        }
    }
    let failed = activate_until_ok(&env.ctx).await?;
    let attempts = failed.len() + 1;
    check_end_state(&env, &plan).await.map_err(|e| format!("interrupted after {points:?}: {e}"))?;
    // Nothing left in the download spool: an interrupted transfer's partial file goes too.
    spool_is_empty(&env).map_err(|e| format!("interrupted after {points:?}: {e}"))?;
    Ok(RunReport {
        seed,
        attempts,
        failed,
        ms: started.elapsed().as_millis(),
        faults: format!("interrupted after requests {points:?}"),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn activation_interrupted_at_random_points_then_resumed() {
    matrix("interrupt", 5, 4, |seed| interrupted(seed, false)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn activation_interrupted_and_journal_lost_then_resumed_from_workfront_and_frameio() {
    matrix("interrupt-no-journal", 6, 4, |seed| interrupted(seed, true)).await;
}

/// Workfront's API key stops working at a seeded point of a run: the run stops with an
/// authentication error that says what to do and stops calling Workfront with the bad key;
/// with the key back, the activation resumes and completes.
async fn credentials_expire(seed: u64) -> Result<RunReport, String> {
    let env = setup(seed, RateLimits::Off).await;
    let plan = expected_plan(&env).await;
    let mut rng = seeded::Rng(seed);
    let n = 1 + rng.below(45);
    let started = Instant::now();
    let from = requests_so_far(&env.sim);
    let key = wfio::config::DEMO_API_KEY;
    let revoke = {
        let shared = env.sim.shared().clone();
        async move {
            after_requests(&shared, from, n).await;
            shared.lock().wf.api_keys.remove(key)
        }
    };
    let (outcome, user) = tokio::join!(activate_once(&env.ctx), revoke);
    let user = user.ok_or("the demo key was not there")?;
    let revoked_at = from + n;
    let message = match outcome {
        Err(e) => e,
        Ok(o) if o.ok => return Err(format!("ok although the key was revoked after {n} requests")),
        Ok(o) => {
            if !o.auth_failed {
                return Err(format!("not marked as an authentication failure: {o:?}"));
            }
            o.error.unwrap_or_default()
        }
    };
    if !message.contains("refused the credentials") {
        return Err(format!("the error does not say the credentials were refused: {message}"));
    }
    // It stopped: only the requests already under way (and the failure record) met the bad key.
    let refused = env
        .sim
        .shared()
        .infra()
        .lock_log()
        .records()
        // Workfront's API and its document downloads (outside /attask, logged as "other").
        .filter(|r| r.seq > revoked_at && r.status == 401 && !matches!(r.api, Api::Frameio | Api::S3))
        .count();
    if std::env::var("WFIO_RELIABILITY_DEBUG").is_ok() {
        for r in env.sim.shared().infra().lock_log().records().filter(|r| r.seq + 5 > revoked_at) {
            eprintln!("  {} {} {} {} {:?}", r.seq, r.method, r.path, r.status, r.api);
        }
    }
    // At most the transfers under way when the key went; nothing new starts after a refusal.
    if refused > env.ctx.tuning.parallel_files + 1 {
        return Err(format!("{refused} requests with the revoked key: the run kept going"));
    }
    env.sim.world().wf.api_keys.insert(key.to_owned(), user);
    let failed = activate_until_ok(&env.ctx).await?;
    check_end_state(&env, &plan).await?;
    Ok(RunReport {
        seed,
        attempts: failed.len() + 2,
        failed,
        ms: started.elapsed().as_millis(),
        faults: format!("key revoked after {n} requests, {refused} refused"),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn workfront_credentials_expiring_mid_run_stop_it_cleanly_and_it_resumes() {
    matrix("credentials", 7, 4, credentials_expire).await;
}

/// Everything at once: published limits with pacing and 429 bursts, 5 % 5xx, 5 % resets, 2 %
/// one-second spikes, and one or two interruptions (losing the journal on odd seeds), then
/// reruns until ok.
async fn storm(seed: u64) -> Result<RunReport, String> {
    let mut env = setup(seed, RateLimits::Published).await;
    env.ctx.pacer = Pacer::default();
    let plan = expected_plan(&env).await;
    env.sim.shared().infra().lock_log().clear();
    env.sim.shared().infra().fault_rng.reseed(Some(seed));
    env.sim.world().settings.faults = Faults {
        error_rate: 0.05,
        reset_rate: 0.05,
        latency_ms: 1,
        jitter_ms: 4,
        spike_rate: 0.02,
        spike_ms: 1000,
        ..Faults::none()
    };
    let bursts = Bursts::start(&env.sim, seed);
    let mut rng = seeded::Rng(seed);
    let started = Instant::now();
    let mut points = Vec::new();
    for _ in 0..1 + rng.below(2) {
        let n = 1 + rng.below(60);
        let from = requests_so_far(&env.sim);
        let shared = env.sim.shared().clone();
        tokio::select! {
            r = activate_once(&env.ctx) => points.push(format!("{n}: finished first ({:?})", r.map(|o| o.ok))),
            () = after_requests(&shared, from, n) => points.push(n.to_string()),
        }
        if seed % 2 == 1 {
            let _ = std::fs::remove_dir_all(env.ctx.journal_dir());
        }
    }
    let result = activate_until_ok(&env.ctx).await;
    bursts.stop().await;
    let ms = started.elapsed().as_millis();
    env.sim.world().settings.faults = Faults::none();
    let faults = format!("{} interrupted after {points:?}", fault_counts(&env.sim));
    let failed = result.map_err(|e| format!("{e} ({faults})"))?;
    no_limiter_429s(&env.sim).map_err(|e| format!("{e} ({faults})"))?;
    check_end_state(&env, &plan).await.map_err(|e| format!("{e} ({faults})"))?;
    spool_is_empty(&env)?;
    Ok(RunReport { seed, attempts: failed.len() + 1, failed, ms, faults })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn activation_in_a_storm_of_everything_at_once() {
    matrix("storm", 8, 4, storm).await;
}
