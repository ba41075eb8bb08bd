//! The simulator's own control and inspection API, under `/_sim/` only (JSON unless noted).
//! Loopback-only and unauthenticated; it is never mixed into the emulated APIs, never logged in
//! the request log, and never subject to injected faults.
//!
//! | Method & path | Does |
//! |---|---|
//! | `GET /_sim/health` | `{"status":"ok","version","uptime_ms","state_path","fault_seed"}` |
//! | `POST /_sim/reset` | back to the start seed, start settings, fault sequence restarted |
//! | `GET /_sim/state` | `{"rng","settings","wf","fio","blobs":{key:size}}` |
//! | `POST /_sim/save` | write the state file now (`409` without `--state`) |
//! | `GET /_sim/outbox`, `DELETE` | Frame.io's sent emails; delete answers `{"deleted":n}` |
//! | `GET /_sim/requests?api=&status=&since=&limit=`, `DELETE` | the request log with counters |
//! | `GET /_sim/faults`, `PUT` (`?seed=N` restarts the fault sequence from N) | `Faults` |
//! | `GET /_sim/rate-limits`, `PUT` | `RateLimits` (`{"mode":"off"}`, ...) |
//! | `GET /_sim/ims`, `PUT` | IMS lifetimes `{access_token_ttl_ms, refresh_token_ttl_ms, code_ttl_ms}` (PUT: any of them) plus, on GET, counts of codes and tokens |
//! | `POST /_sim/ims/expire?what=access\|refresh\|codes\|all` | expire every such token now (default `access`): `{"expired":n}` |
//! | `POST /_sim/ims/revoke` | revoke every access and refresh token now: `{"revoked":n}` |
//! | `GET /_sim/blobs?prefix=` | `{key: size}` |
//! | `GET /_sim/blobs/{*key}` | the blob's bytes (`application/octet-stream`) |
//!
//! Errors: `{"error":"<message>"}` with 400 (unparsable), 404, 409 or 422 (invalid values).

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::frameio::store::FioStore;
use super::ids::Rng;
use super::ims::store::{ImsConfig, ImsStore, now_ms};
use super::log::{Counters, RequestRecord};
use super::settings::{Faults, RateLimits, Settings};
use super::workfront::store::WfStore;
use super::{Shared, World};

pub fn routes() -> axum::Router<Shared> {
    axum::Router::new()
        .route("/_sim/health", get(health))
        .route("/_sim/reset", post(reset))
        .route("/_sim/state", get(state))
        .route("/_sim/save", post(save))
        .route("/_sim/outbox", get(outbox).delete(clear_outbox))
        .route("/_sim/requests", get(requests).delete(clear_requests))
        .route("/_sim/faults", get(get_faults).put(put_faults))
        .route("/_sim/rate-limits", get(get_rate_limits).put(put_rate_limits))
        .route("/_sim/ims", get(get_ims).put(put_ims))
        .route("/_sim/ims/expire", post(expire_ims))
        .route("/_sim/ims/revoke", post(revoke_ims))
        .route("/_sim/blobs", get(list_blobs))
        .route("/_sim/blobs/{*key}", get(blob))
        .route("/_sim", axum::routing::any(unknown))
        .route("/_sim/{*rest}", axum::routing::any(unknown))
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

async fn unknown() -> Response {
    error(StatusCode::NOT_FOUND, "no such simulator control; see GET /_sim/health and the docs of sim::control")
}

async fn health(State(sim): State<Shared>) -> Response {
    let infra = sim.infra();
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "uptime_ms": infra.started.elapsed().as_millis() as u64,
        "state_path": infra.persister.as_ref().map(|p| p.path().display().to_string()),
        "fault_seed": infra.fault_rng.seed(),
    }))
    .into_response()
}

async fn reset(State(sim): State<Shared>) -> Response {
    let Some(seed) = sim.infra().seed_json.clone() else {
        return error(StatusCode::CONFLICT, "this simulator was not started from a seed");
    };
    let rng_seed = sim.infra().rng_seed;
    // A large seed takes a while to parse: off the async workers, and outside the lock.
    let world = match tokio::task::spawn_blocking(move || World::from_seed(&seed, rng_seed)).await {
        Ok(Ok(world)) => world,
        Ok(Err(e)) => return error(StatusCode::INTERNAL_SERVER_ERROR, e),
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let settings = sim.infra().start_settings.clone();
    let (groups, blobs) = (world.wf.table("GROUP").count(), world.blobs.iter().count());
    {
        let mut w = sim.lock();
        *w = World { settings, ..world };
        w.ims.config = sim.infra().start_ims;
    }
    sim.infra().fault_rng.reseed(None);
    sim.mark_dirty();
    Json(json!({ "reset": true, "groups": groups, "blobs": blobs })).into_response()
}

#[derive(Serialize)]
struct StateView<'a> {
    rng: &'a Rng,
    settings: &'a Settings,
    wf: &'a WfStore,
    fio: &'a FioStore,
    ims: &'a ImsStore,
    /// Key -> size in bytes; contents at `/_sim/blobs/{key}`.
    blobs: BTreeMap<&'a str, usize>,
}

async fn state(State(sim): State<Shared>) -> Response {
    let body = {
        let w = sim.lock();
        let view = StateView {
            rng: &w.rng,
            settings: &w.settings,
            wf: &w.wf,
            fio: &w.fio,
            ims: &w.ims,
            blobs: w.blobs.iter().map(|(k, v)| (k, v.len())).collect(),
        };
        serde_json::to_vec(&view)
    };
    match body {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

async fn save(State(sim): State<Shared>) -> Response {
    let Some(persister) = sim.infra().persister.clone() else {
        return error(StatusCode::CONFLICT, "this simulator has no state file (start it with --state)");
    };
    match persister.save(&sim).await {
        Ok(()) => Json(json!({ "saved": persister.path().display().to_string() })).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

async fn outbox(State(sim): State<Shared>) -> Response {
    let emails = sim.lock().fio.outbox.clone();
    Json(emails).into_response()
}

async fn clear_outbox(State(sim): State<Shared>) -> Response {
    let deleted = std::mem::take(&mut sim.lock().fio.outbox).len();
    sim.mark_dirty();
    Json(json!({ "deleted": deleted })).into_response()
}

#[derive(Debug, Deserialize)]
struct RequestsQuery {
    /// `workfront`, `frameio`, `ims`, `s3` or `other`.
    api: Option<String>,
    status: Option<u16>,
    /// Only records with a greater `seq`.
    since: Option<u64>,
    /// At most this many, the most recent (still oldest first).
    limit: Option<usize>,
}

#[derive(Serialize)]
struct RequestsView {
    capacity: usize,
    #[serde(flatten)]
    counters: Counters,
    requests: Vec<RequestRecord>,
}

async fn requests(
    State(sim): State<Shared>,
    q: Result<Query<RequestsQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Query(q) = match q {
        Ok(q) => q,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let view = {
        let log = sim.infra().lock_log();
        let mut requests: Vec<RequestRecord> = log
            .records()
            .filter(|r| q.api.as_deref().is_none_or(|a| r.api.as_str() == a))
            .filter(|r| q.status.is_none_or(|s| r.status == s))
            .filter(|r| q.since.is_none_or(|s| r.seq > s))
            .cloned()
            .collect();
        if let Some(limit) = q.limit {
            requests.drain(..requests.len().saturating_sub(limit));
        }
        RequestsView { capacity: log.capacity(), counters: log.counters().clone(), requests }
    };
    Json(view).into_response()
}

async fn clear_requests(State(sim): State<Shared>) -> Response {
    sim.infra().lock_log().clear();
    Json(json!({ "cleared": true })).into_response()
}

async fn get_faults(State(sim): State<Shared>) -> Response {
    let faults = sim.lock().settings.faults.clone();
    Json(faults).into_response()
}

#[derive(Debug, Deserialize)]
struct SeedQuery {
    seed: Option<u64>,
}

async fn put_faults(
    State(sim): State<Shared>,
    q: Result<Query<SeedQuery>, axum::extract::rejection::QueryRejection>,
    body: Bytes,
) -> Response {
    let Query(q) = match q {
        Ok(q) => q,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let faults: Faults = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("faults: {e}")),
    };
    if let Err(e) = faults.validate() {
        return error(StatusCode::UNPROCESSABLE_ENTITY, e);
    }
    sim.lock().settings.faults = faults.clone();
    if q.seed.is_some() {
        sim.infra().fault_rng.reseed(q.seed);
    }
    Json(faults).into_response()
}

async fn get_rate_limits(State(sim): State<Shared>) -> Response {
    let limits = sim.lock().settings.rate_limits.clone();
    Json(limits).into_response()
}

async fn put_rate_limits(State(sim): State<Shared>, body: Bytes) -> Response {
    let text = String::from_utf8_lossy(&body);
    match RateLimits::from_json(&text) {
        Ok(limits) => {
            sim.lock().settings.rate_limits = limits.clone();
            Json(limits).into_response()
        }
        Err(e) => error(StatusCode::BAD_REQUEST, format!("rate limits: {e}")),
    }
}

fn ims_view(ims: &ImsStore) -> serde_json::Value {
    json!({
        "config": ims.config,
        "codes": ims.codes.len(),
        "access_tokens": ims.access_tokens.len(),
        "refresh_tokens": ims.refresh_tokens.len(),
    })
}

async fn get_ims(State(sim): State<Shared>) -> Response {
    let view = ims_view(&sim.lock().ims);
    Json(view).into_response()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImsPatch {
    access_token_ttl_ms: Option<u64>,
    refresh_token_ttl_ms: Option<u64>,
    code_ttl_ms: Option<u64>,
}

/// Lifetimes apply to what is issued from now on; tokens already issued keep theirs (use
/// `/_sim/ims/expire` for those).
async fn put_ims(State(sim): State<Shared>, body: Bytes) -> Response {
    let patch: ImsPatch = match serde_json::from_slice(&body) {
        Ok(p) => p,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("ims: {e}")),
    };
    if [patch.access_token_ttl_ms, patch.refresh_token_ttl_ms, patch.code_ttl_ms].contains(&Some(0)) {
        return error(StatusCode::UNPROCESSABLE_ENTITY, "lifetimes must be positive");
    }
    let view = {
        let mut w = sim.lock();
        let c: &mut ImsConfig = &mut w.ims.config;
        c.access_token_ttl_ms = patch.access_token_ttl_ms.unwrap_or(c.access_token_ttl_ms);
        c.refresh_token_ttl_ms = patch.refresh_token_ttl_ms.unwrap_or(c.refresh_token_ttl_ms);
        c.code_ttl_ms = patch.code_ttl_ms.unwrap_or(c.code_ttl_ms);
        ims_view(&w.ims)
    };
    Json(view).into_response()
}

#[derive(Debug, Deserialize)]
struct ExpireQuery {
    what: Option<String>,
}

/// Make tokens expired now, as if their lifetime had run out mid-run.
async fn expire_ims(State(sim): State<Shared>, Query(q): Query<ExpireQuery>) -> Response {
    let what = q.what.unwrap_or_else(|| "access".into());
    let (access, refresh, codes) = match what.as_str() {
        "access" => (true, false, false),
        "refresh" => (false, true, false),
        "codes" => (false, false, true),
        "all" => (true, true, true),
        _ => return error(StatusCode::BAD_REQUEST, "what must be access, refresh, codes or all"),
    };
    let now = now_ms();
    let mut n = 0;
    {
        let mut w = sim.lock();
        let ims = &mut w.ims;
        let grants = ims
            .access_tokens
            .values_mut()
            .filter(|_| access)
            .chain(ims.refresh_tokens.values_mut().filter(|_| refresh))
            .filter(|g| g.expires_ms > now);
        for g in grants {
            g.expires_ms = now;
            n += 1;
        }
        for c in ims.codes.values_mut().filter(|c| codes && c.expires_ms > now) {
            c.expires_ms = now;
            n += 1;
        }
    }
    sim.mark_dirty();
    Json(json!({ "expired": n })).into_response()
}

async fn revoke_ims(State(sim): State<Shared>) -> Response {
    let mut n = 0;
    {
        let mut w = sim.lock();
        let ims = &mut w.ims;
        for g in ims.access_tokens.values_mut().chain(ims.refresh_tokens.values_mut()).filter(|g| !g.revoked) {
            g.revoked = true;
            n += 1;
        }
    }
    sim.mark_dirty();
    Json(json!({ "revoked": n })).into_response()
}

#[derive(Debug, Deserialize)]
struct PrefixQuery {
    prefix: Option<String>,
}

async fn list_blobs(State(sim): State<Shared>, Query(q): Query<PrefixQuery>) -> Response {
    let prefix = q.prefix.unwrap_or_default();
    let sizes: BTreeMap<String, usize> =
        sim.lock().blobs.with_prefix(&prefix).map(|(k, v)| (k.to_owned(), v.len())).collect();
    Json(sizes).into_response()
}

async fn blob(State(sim): State<Shared>, Path(key): Path<String>) -> Response {
    let data = sim.lock().blobs.get(&key);
    match data {
        Some(bytes) => ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response(),
        None => error(StatusCode::NOT_FOUND, format!("no blob {key}")),
    }
}
