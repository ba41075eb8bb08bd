//! Canary credentials through activations with every log line captured at TRACE (wfio's and
//! its libraries'), under faults and a revoked key: the Workfront API key, the Frame.io token
//! and the presigned upload signatures appear in no log line, error, outcome or file wfio wrote.

#[path = "common/engine.rs"]
mod engine;

use std::io::Write;
use std::sync::{Arc, Mutex};

use engine::{SPRING, activate_spring_tasks, add_spring_documents, fio_id, wf_id};
use secrecy::SecretString;
use tokio::sync::mpsc;
use url::Url;
use wfio::http::retry::RetryPolicy;
use wfio::integration::Context;
use wfio::integration::vault::Vault;
use wfio::sim::settings::{Faults, RateLimits, Settings};
use wfio::sim::{SimOptions, Simulator};
use wfio::sync;
use wfio::workfront::{WorkfrontAuth, WorkfrontClient};

const WF_CANARY: &str = "CANARYwfKEY0a1b2c3d4e5f60718293a4b5c6d7";
/// The server-to-server client secret the run signs in to Frame.io with (Northwind Studios is on
/// the Adobe Admin Console: developer tokens do not work there).
const FIO_CANARY: &str = "p8e-CANARY-secret-Zq81Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5G";
const CANARY_CLIENT: &str = "canary-s2s";

/// Give the simulator's IMS a server-to-server client like the demo's, with the canary secret.
fn add_canary_client(w: &mut wfio::sim::World) {
    let mut client = w.ims.client(wfio::session::DEMO_S2S_CLIENT_ID).unwrap().clone();
    client.client_id = CANARY_CLIENT.into();
    client.client_secret = Some(FIO_CANARY.into());
    w.ims.clients.push(client);
}

/// Refuse the canary client from now on: its secret changed and its tokens revoked.
fn revoke_canary_client(w: &mut wfio::sim::World) {
    w.ims.clients.retain(|c| c.client_id != CANARY_CLIENT);
    for grant in w.ims.access_tokens.values_mut().filter(|g| g.client_id == CANARY_CLIENT) {
        grant.revoked = true;
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture() -> Captured {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    captured
}

/// Every file under `dir`, as bytes.
fn files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else if let Ok(b) = std::fs::read(&p) {
            out.push((p, b));
        }
    }
    out
}

fn leaks(text: &str, signatures: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for canary in [WF_CANARY, FIO_CANARY] {
        if text.contains(canary) {
            found.push(canary.to_owned());
        }
    }
    for s in signatures {
        if text.contains(s.as_str()) {
            found.push(format!("upload signature {s}"));
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canaries_appear_in_no_log_error_outcome_or_file() {
    let captured = capture();
    let settings = Settings { rate_limits: RateLimits::Off, faults: Faults::none() };
    let sim = Simulator::start(SimOptions { settings, fault_seed: 77, ..SimOptions::default() }).await.unwrap();
    {
        let mut w = sim.world();
        let avery_wf = w.wf.api_keys[wfio::config::DEMO_API_KEY].clone();
        w.wf.api_keys.insert(WF_CANARY.into(), avery_wf);
        add_canary_client(&mut w);
    }
    let dir = tempfile::tempdir().unwrap();
    let base = Url::parse(&sim.base_url()).unwrap();
    let wf = WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::ApiKey(SecretString::from(WF_CANARY)))
        .unwrap()
        .with_retry(RetryPolicy::fast());
    let vault = Vault::in_memory("canary").with_ims_base(base.clone());
    let config = wfio::ims::ImsConfig::server_to_server(base.clone(), CANARY_CLIENT, SecretString::from(FIO_CANARY));
    vault
        .put(&fio_id("@fa-studios"), &wfio::frameio::FrameioCredential::server_to_server(&config, None).unwrap())
        .unwrap();
    let mut ctx = Context::new("canary", wf, vault, base, dir.path().to_path_buf());
    ctx.retry = RetryPolicy::fast();
    ctx.pacer = wfio::http::pace::Pacer::disabled();
    let env = engine::Env { sim, ctx, dir };
    activate_spring_tasks(&env.ctx).await;
    add_spring_documents(&env.ctx, env.dir.path(), 20_400_000).await;

    // Faults on every path, then the key revoked half-way, then everything clean.
    let mut texts: Vec<String> = Vec::new();
    let run = |faults: Faults| {
        let env = &env;
        async move {
            env.sim.world().settings.faults = faults;
            let prepared = match sync::prepare(&env.ctx, &wf_id(SPRING), Some("CUR")).await {
                Ok(p) => p,
                Err(e) => return (format!("{e} {e:?}"), false),
            };
            let (tx, mut rx) = mpsc::channel(4096);
            let outcome = sync::run(&env.ctx, &prepared, &tx).await;
            drop(tx);
            let mut events = String::new();
            while let Some(e) = rx.recv().await {
                events.push_str(&format!("{e:?}\n"));
            }
            (format!("{outcome:?}\n{events}\n{:?}", prepared.plan), outcome.ok)
        }
    };
    texts.push(run(Faults { reset_rate: 0.2, error_rate: 0.1, ..Faults::none() }).await.0);
    let user = env.sim.world().wf.api_keys.remove(WF_CANARY).unwrap();
    texts.push(run(Faults::none()).await.0);
    env.sim.world().wf.api_keys.insert(WF_CANARY.into(), user);
    revoke_canary_client(&mut env.sim.world());
    let refused = run(Faults::none()).await;
    assert!(!refused.1, "a revoked token fails");
    texts.push(refused.0);
    add_canary_client(&mut env.sim.world());
    let mut done = false;
    for _ in 0..5 {
        let (text, ok) = run(Faults::none()).await;
        texts.push(text);
        if ok {
            done = true;
            break;
        }
    }
    assert!(done, "{:?}", texts.last());
    engine::check_end_state(&env, &sync::prepare(&env.ctx, &wf_id(SPRING), Some("CUR")).await.unwrap().plan)
        .await
        .unwrap();

    // The part URLs' signatures, from the assets made, and the access tokens IMS minted.
    let signatures: Vec<String> = {
        let w = env.sim.world();
        let mut s: Vec<String> = w
            .fio
            .assets
            .keys()
            .flat_map(|id| (1..=2u64).map(move |k| (id.clone(), k)))
            .map(|(id, k)| wfio::sim::frameio::uploads::sign(&w.fio, "PUT", &id, k))
            .collect();
        let minted: Vec<String> =
            w.ims.access_tokens.iter().filter(|(_, g)| g.client_id == CANARY_CLIENT).map(|(t, _)| t.clone()).collect();
        assert!(!minted.is_empty(), "the run signed in with the canary client");
        s.extend(minted);
        s
    };

    let log = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(log.contains("http"), "the capture works: {} bytes", log.len());
    assert!(log.lines().count() > 200, "TRACE from wfio and its libraries: {} lines", log.lines().count());
    let from = |target: &str| log.lines().filter(|l| l.contains(target)).count();
    eprintln!(
        "captured {} lines: reqwest {}, hyper {}, wfio {}",
        log.lines().count(),
        from("reqwest"),
        from("hyper"),
        from("wfio")
    );
    let found = leaks(&log, &signatures);
    if !found.is_empty() {
        let lines: Vec<&str> = log.lines().filter(|l| !leaks(l, &signatures).is_empty()).take(5).collect();
        panic!("the log leaks {found:?}:\n{}", lines.join("\n"));
    }
    for t in &texts {
        assert!(leaks(t, &signatures).is_empty(), "an outcome or event leaks: {t}");
    }
    for (path, bytes) in files(env.dir.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(leaks(&text, &signatures).is_empty(), "{} leaks", path.display());
    }
}
