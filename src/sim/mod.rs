//! A faithful simulator of the Workfront REST API and the Frame.io v2 API, served over real HTTP
//! on loopback. It is wfio's embedded default (the `demo` profile) and what every test talks to.
//!
//! Both APIs share one listener: Workfront under `/attask/...`, Frame.io under `/v2/...`.
//! Simulator controls live under `/_sim/...` and never mix with the emulated APIs.

pub mod blobs;
pub mod frameio;
pub mod ids;
pub mod seed;
pub mod settings;
pub mod workfront;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use self::blobs::Blobs;
use self::frameio::store::FioStore;
use self::ids::Rng;
use self::settings::Settings;
use self::workfront::store::WfStore;

/// The whole simulated world. Handlers lock it briefly and never across an `.await`.
#[derive(Debug)]
pub struct World {
    pub wf: WfStore,
    pub fio: FioStore,
    /// Every byte held: documents, upload handles, uploaded parts (see `blobs` for the keys).
    pub blobs: Blobs,
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
            rng: Rng::new(rng_seed),
            settings: Settings::default(),
        })
    }
}

/// Shared handle to the world.
#[derive(Debug, Clone)]
pub struct Shared(Arc<Mutex<World>>);

impl Shared {
    pub fn new(world: World) -> Self {
        Self(Arc::new(Mutex::new(world)))
    }

    /// Lock the world. A handler that panicked mid-update cannot leave it half-written in a way
    /// that matters for a simulator, so a poisoned lock is taken over rather than propagated.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// How to start a simulator.
#[derive(Debug, Clone)]
pub struct SimOptions {
    pub addr: SocketAddr,
    pub seed_json: String,
    pub rng_seed: u64,
}

impl Default for SimOptions {
    fn default() -> Self {
        Self { addr: SocketAddr::from(([127, 0, 0, 1], 0)), seed_json: seed::DEMO_SEED.to_owned(), rng_seed: 0x5eed }
    }
}

/// A running simulator. Dropping it stops the server.
pub struct Simulator {
    addr: SocketAddr,
    shared: Shared,
    cancel: CancellationToken,
    task: Option<JoinHandle<()>>,
}

/// Both APIs on one router. Each API module owns its routes.
pub fn router(shared: Shared) -> Router {
    Router::new().merge(workfront::routes()).merge(frameio::routes()).with_state(shared)
}

impl Simulator {
    /// Bind (port 0 picks a free port) and serve in the background on the current runtime.
    pub async fn start(options: SimOptions) -> std::io::Result<Self> {
        let world = World::from_seed(&options.seed_json, options.rng_seed)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        let shared = Shared::new(world);
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
        tracing::info!(%addr, "simulator listening");
        Ok(Self { addr, shared, cancel, task: Some(task) })
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

    /// Stop serving and wait for the server task to end.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}
