//! A faithful simulator of the Workfront REST API, the Frame.io V4 API and Adobe IMS, served over
//! real HTTP on loopback. It is wfio's embedded default (the `demo` profile) and what every test
//! talks to.
//!
//! Everything shares one listener, so one base URL serves a demo: Workfront under `/attask/...`,
//! Frame.io under `/v4/...`, Adobe IMS under `/ims/...`, an S3-like upload
//! endpoint under `/s3/...` and file downloads under `/cdn/...`. Simulator controls live under
//! `/_sim/...` (see `control`) and never mix with the emulated APIs.
//!
//! Around the emulated routes sit two middleware layers: the request log (`log`, outermost) and
//! fault injection (`faults`). A simulator started with a state file persists its world
//! (`persist`); `scale` generates large organisations.

pub mod blobs;
pub mod control;
pub mod faults;
pub mod frameio;
pub mod ids;
pub mod ims;
pub mod log;
pub mod persist;
pub mod scale;
pub mod seed;
pub mod settings;
pub mod workfront;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use self::blobs::Blobs;
use self::faults::FaultRng;
use self::frameio::store::FioStore;
use self::ids::Rng;
use self::ims::store::{ImsConfig, ImsStore};
use self::log::RequestLog;
use self::persist::Persister;
use self::settings::Settings;
use self::workfront::store::WfStore;

/// The whole simulated world. Handlers lock it briefly and never across an `.await`.
#[derive(Debug)]
pub struct World {
    pub wf: WfStore,
    pub fio: FioStore,
    /// Every byte held: documents, upload handles, uploaded parts (see `blobs` for the keys).
    pub blobs: Blobs,
    /// Adobe IMS: clients, users, and the codes and tokens issued.
    pub ims: ImsStore,
    pub rng: Rng,
    pub settings: Settings,
}

impl World {
    pub fn from_seed(json: &str, rng_seed: u64) -> Result<Self, String> {
        let loaded = seed::load(json)?;
        Ok(Self {
            wf: loaded.wf,
            fio: loaded.fio,
            blobs: loaded.blobs,
            ims: loaded.ims,
            rng: Rng::new(rng_seed),
            settings: Settings::default(),
        })
    }
}

/// Shared handle to the world, plus the simulator's own machinery (request log, fault generator,
/// persistence), which lives beside the World so it never needs the World lock.
#[derive(Debug, Clone)]
pub struct Shared(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    world: Mutex<World>,
    infra: Infra,
}

/// What the simulator keeps besides the world.
#[derive(Debug)]
pub struct Infra {
    /// The seed the simulator started from, for `POST /_sim/reset`.
    pub seed_json: Option<Arc<String>>,
    pub rng_seed: u64,
    /// Settings at start, restored by a reset.
    pub start_settings: Settings,
    /// IMS token lifetimes at start, restored by a reset.
    pub start_ims: ImsConfig,
    pub log: Mutex<RequestLog>,
    pub fault_rng: FaultRng,
    pub persister: Option<Arc<Persister>>,
    pub started: Instant,
}

impl Infra {
    pub fn lock_log(&self) -> MutexGuard<'_, RequestLog> {
        self.log.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Shared {
    /// A world with default machinery: no seed to reset to, fault seed 0, no persistence.
    pub fn new(world: World) -> Self {
        let infra = Infra {
            seed_json: None,
            rng_seed: 0,
            start_settings: world.settings.clone(),
            start_ims: world.ims.config,
            log: Mutex::new(RequestLog::default()),
            fault_rng: FaultRng::new(0),
            persister: None,
            started: Instant::now(),
        };
        Self::with_infra(world, infra)
    }

    pub fn with_infra(world: World, infra: Infra) -> Self {
        Self(Arc::new(Inner { world: Mutex::new(world), infra }))
    }

    /// Lock the world. A handler that panicked mid-update cannot leave it half-written in a way
    /// that matters for a simulator, so a poisoned lock is taken over rather than propagated.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.0.world.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn infra(&self) -> &Infra {
        &self.0.infra
    }

    /// The world changed: have it written to the state file soon (no-op without one).
    pub fn mark_dirty(&self) {
        if let Some(p) = &self.0.infra.persister {
            p.mark_dirty();
        }
    }
}

/// How to start a simulator.
#[derive(Debug, Clone)]
pub struct SimOptions {
    pub addr: SocketAddr,
    pub seed_json: String,
    /// Seeds the ID generator.
    pub rng_seed: u64,
    /// Load the world from here when the file exists (else from the seed), and keep writing it
    /// there (see `persist`).
    pub state_path: Option<PathBuf>,
    /// Rate limits and faults to start with (changeable at runtime under `/_sim/`).
    pub settings: Settings,
    /// Seeds the fault generator: the same seed, settings and request sequence give the same
    /// faults (see `faults`).
    pub fault_seed: u64,
    /// How many requests `/_sim/requests` keeps.
    pub request_log_capacity: usize,
    /// IMS token and code lifetimes (changeable at runtime with `PUT /_sim/ims`).
    pub ims: ImsConfig,
}

impl Default for SimOptions {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed_json: seed::DEMO_SEED.to_owned(),
            rng_seed: 0x5eed,
            state_path: None,
            settings: Settings::default(),
            fault_seed: 0xfa17,
            request_log_capacity: log::DEFAULT_CAPACITY,
            ims: ImsConfig::default(),
        }
    }
}

/// A running simulator. Dropping it stops the server; `shutdown` also waits for the final
/// state write.
pub struct Simulator {
    addr: SocketAddr,
    shared: Shared,
    cancel: CancellationToken,
    task: Option<JoinHandle<()>>,
    persist_stop: CancellationToken,
    persist_task: Option<JoinHandle<()>>,
}

/// Both APIs and the `/_sim/` controls on one router. Each API module owns its routes; the
/// request log and fault injection wrap every route (they pass `/_sim/` through untouched).
pub fn router(shared: Shared) -> Router {
    Router::new()
        .merge(workfront::routes())
        .merge(frameio::routes())
        .merge(ims::routes())
        .merge(control::routes())
        .layer(axum::middleware::from_fn_with_state(shared.clone(), faults::middleware))
        .layer(axum::middleware::from_fn_with_state(shared.clone(), log::middleware))
        .with_state(shared)
}

/// How long `shutdown` lets in-flight requests finish before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

impl Simulator {
    /// Bind (port 0 picks a free port) and serve in the background on the current runtime.
    pub async fn start(options: SimOptions) -> std::io::Result<Self> {
        let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
        options.settings.faults.validate().map_err(invalid)?;
        let seed_json = Arc::new(options.seed_json);
        let world = match &options.state_path {
            Some(path) if path.exists() => {
                let path = path.clone();
                let settings = options.settings.clone();
                let seed = seed_json.clone();
                tokio::task::spawn_blocking(move || {
                    let mut world = persist::load(&path, settings)?;
                    // A state written before IMS was simulated has no IMS clients or users: take
                    // them from the seed (no tokens can have been issued then).
                    if world.ims.clients.is_empty() && world.ims.users.is_empty() {
                        let seeded = seed::load(&seed)?.ims;
                        (world.ims.orgs, world.ims.users, world.ims.clients) =
                            (seeded.orgs, seeded.users, seeded.clients);
                    }
                    Ok::<World, String>(world)
                })
                .await
                .map_err(std::io::Error::other)?
                .map_err(invalid)?
            }
            _ => {
                // A generated organisation takes a moment to load: not on an async worker.
                let (seed, rng_seed) = (seed_json.clone(), options.rng_seed);
                let mut world = tokio::task::spawn_blocking(move || World::from_seed(&seed, rng_seed))
                    .await
                    .map_err(std::io::Error::other)?
                    .map_err(invalid)?;
                world.settings = options.settings.clone();
                world
            }
        };
        let mut world = world;
        world.ims.config = options.ims;
        let persister = options.state_path.clone().map(|p| Arc::new(Persister::new(p)));
        let infra = Infra {
            seed_json: Some(seed_json),
            rng_seed: options.rng_seed,
            start_settings: options.settings,
            start_ims: options.ims,
            log: Mutex::new(RequestLog::new(options.request_log_capacity)),
            fault_rng: FaultRng::new(options.fault_seed),
            persister: persister.clone(),
            started: Instant::now(),
        };
        let shared = Shared::with_infra(world, infra);
        let listener = TcpListener::bind(options.addr).await?;
        let addr = listener.local_addr()?;
        let cancel = CancellationToken::new();
        let app = router(shared.clone());
        let stop = cancel.clone();
        let task = tokio::spawn(async move {
            let server = axum::serve(listener, app).with_graceful_shutdown(stop.cancelled_owned());
            if let Err(e) = server.await {
                tracing::error!(error = %e, "simulator stopped");
            }
        });
        let persist_stop = CancellationToken::new();
        let persist_task = persister.map(|p| {
            // Write the state once at start, so the file exists from the beginning.
            p.mark_dirty();
            tokio::spawn(p.run(shared.clone(), persist_stop.clone()))
        });
        tracing::info!(%addr, "simulator listening");
        Ok(Self { addr, shared, cancel, task: Some(task), persist_stop, persist_task })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Base URL of both APIs, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn world(&self) -> MutexGuard<'_, World> {
        self.shared.lock()
    }

    pub fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Write the state file now (a no-op without one).
    pub async fn save(&self) -> std::io::Result<()> {
        match &self.shared.infra().persister {
            Some(p) => p.save(&self.shared).await,
            None => Ok(()),
        }
    }

    /// Stop serving (in-flight requests get a few seconds), then write the state one last time.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await.is_err()
        {
            task.abort();
        }
        self.persist_stop.cancel();
        if let Some(task) = self.persist_task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.cancel.cancel();
        self.persist_stop.cancel();
    }
}
