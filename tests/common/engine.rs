//! A demo simulator with an integration context pointed at it, as the wizard and the headless
//! commands build one, for tests of the integration layer and the activation engine.
#![allow(dead_code)]

use secrecy::SecretString;
use serde_json::Value;
use url::Url;
use wfio::config::DEMO_API_KEY;
use wfio::http::{pace::Pacer, retry::RetryPolicy};
use wfio::integration::Context;
use wfio::integration::vault::Vault;
use wfio::session::DEMO_FRAMEIO_TOKEN;
use wfio::sim::settings::{RateLimits, Settings};
use wfio::sim::{SimOptions, Simulator, World, ids};
use wfio::workfront::{WorkfrontAuth, WorkfrontClient};

pub struct Env {
    pub sim: Simulator,
    pub ctx: Context,
    pub dir: tempfile::TempDir,
}

/// The demo seed, rate limits off (pacing is tested on its own), quick retries.
pub async fn demo() -> Env {
    with_settings(Settings { rate_limits: RateLimits::Off, ..Settings::default() }).await
}

pub async fn with_settings(settings: Settings) -> Env {
    let sim = Simulator::start(SimOptions { settings, ..SimOptions::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ctx = context_for(&sim, dir.path());
    Env { sim, ctx, dir }
}

/// A fresh context (its own journal dir) against a running simulator.
pub fn context_for(sim: &Simulator, data_dir: &std::path::Path) -> Context {
    let base = Url::parse(&sim.base_url()).unwrap();
    let wf = WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::ApiKey(SecretString::from(DEMO_API_KEY)))
        .unwrap()
        .with_retry(RetryPolicy::fast());
    let vault = Vault::in_memory("demo");
    vault.put(&fio_id("@fa-studios"), &SecretString::from(DEMO_FRAMEIO_TOKEN)).unwrap();
    let mut ctx = Context::new("demo", wf, vault, base, data_dir.to_path_buf());
    ctx.pacer = Pacer::disabled();
    ctx.retry = RetryPolicy::fast();
    ctx
}

pub fn wf_id(symbol: &str) -> String {
    ids::workfront_id_for(symbol)
}

pub fn fio_id(symbol: &str) -> String {
    ids::frameio_id_for(symbol)
}

/// Frame.io projects (not deleted) in a team, by name.
pub fn fio_projects(world: &World, team_id: &str) -> Vec<(String, String)> {
    world
        .fio
        .projects
        .values()
        .filter(|p| {
            p.get("team_id").and_then(Value::as_str) == Some(team_id) && p.get("deleted_at").is_none_or(Value::is_null)
        })
        .map(|p| (p["id"].as_str().unwrap().to_owned(), p["name"].as_str().unwrap_or_default().to_owned()))
        .collect()
}

/// Live assets under a parent: `(id, name, type)`.
pub fn children(world: &World, parent: &str) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = world
        .fio
        .assets
        .values()
        .filter(|a| {
            let p = a.get("parent_id").or_else(|| a.get("parent_asset_id")).and_then(Value::as_str);
            p == Some(parent) && a.get("deleted_at").is_none_or(Value::is_null)
        })
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["name"].as_str().unwrap_or_default().to_owned(),
                a["type"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    v
}
