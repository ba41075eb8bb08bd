//! Fault injection: a middleware on every emulated-API route (never on `/_sim/`), driven by
//! `world.settings.faults`, so tests and benchmarks can make the simulator slow, flaky and hostile.
//!
//! Per request to `/attask`, `/v4`, `/ims` or `/s3`, in this order:
//! 1. **Latency**: sleep `latency_ms` plus a uniform `0..=jitter_ms`, plus `spike_ms` with
//!    probability `spike_rate`.
//! 2. **429 burst** (Frame.io only): while `burst_429 > 0`, answer 429 with V4's error body and
//!    `x-ratelimit-*` headers, and decrement the counter. The handler does not run.
//! 3. **5xx** with probability `error_rate`, in the addressed API's own shape (Workfront envelope,
//!    Frame.io V4 `{errors}`, IMS `{error,error_description}`, S3 XML `InternalError` 500 /
//!    `SlowDown` 503), half 500 and half 503. The handler does not run, so nothing changes.
//! 4. **Slow uploads**: the request body of `PUT /s3/...` and of Workfront's
//!    `POST /attask/.../upload` is fed to the handler at `upload_bytes_per_sec`.
//! 5. **Connection reset** with probability `reset_rate`: the handler *runs* (its side effect
//!    happens), then the client gets the status, headers and half the body and the connection is
//!    aborted. This is what makes idempotency testing honest.
//!
//! **Reproducibility**: the random draws come from a dedicated SplitMix64 seeded with
//! `SimOptions::fault_seed` (not the world's ID generator, so faults never shift IDs). Every
//! emulated request takes exactly six draws, whatever the settings, so with sequential requests
//! the n-th request after start (or `POST /_sim/reset`, or `PUT /_sim/faults?seed=N`) always gets
//! the same fate for the same settings. Concurrent requests take their draws in arrival order.
//!
//! The World lock is only taken in short blocks with no `.await` inside.

use std::io;
use std::sync::Mutex;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;

use super::Shared;
use super::ids::Rng;
use super::log::Api;
use super::settings::Faults;
use super::workfront::error::WfError;

/// Put on a response's extensions by the fault layer, read by the request log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InjectedFault(pub &'static str);

/// How long the headers and partial body of a reset response get to reach the client before
/// the connection is aborted.
const RESET_FLUSH: Duration = Duration::from_millis(20);

/// The fault generator and the seed it started from.
#[derive(Debug)]
pub struct FaultRng(Mutex<(u64, Rng)>);

/// One request's random numbers, all in `[0, 1)` except `id`.
#[derive(Debug, Clone, Copy)]
struct Draws {
    jitter: f64,
    spike: f64,
    error: f64,
    error_kind: f64,
    reset: f64,
    id: u64,
}

impl FaultRng {
    pub fn new(seed: u64) -> Self {
        Self(Mutex::new((seed, Rng::new(seed))))
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, (u64, Rng)> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn seed(&self) -> u64 {
        self.guard().0
    }

    /// Start the sequence again, from `seed` or from the current seed.
    pub fn reseed(&self, seed: Option<u64>) {
        let mut g = self.guard();
        let seed = seed.unwrap_or(g.0);
        *g = (seed, Rng::new(seed));
    }

    fn draws(&self) -> Draws {
        let mut g = self.guard();
        let r = &mut g.1;
        Draws {
            jitter: r.next_f64(),
            spike: r.next_f64(),
            error: r.next_f64(),
            error_kind: r.next_f64(),
            reset: r.next_f64(),
            id: r.next_u64(),
        }
    }
}

fn delay_ms(f: &Faults, d: &Draws) -> u64 {
    let jitter = ((d.jitter * (f.jitter_ms as f64 + 1.0)) as u64).min(f.jitter_ms);
    let spike = if d.spike < f.spike_rate { f.spike_ms } else { 0 };
    f.latency_ms.saturating_add(jitter).saturating_add(spike)
}

fn is_upload(api: Api, method: &Method, path: &str) -> bool {
    match api {
        Api::S3 => method == Method::PUT,
        Api::Workfront => {
            method == Method::POST && path.rsplit('/').next().is_some_and(|s| s.eq_ignore_ascii_case("upload"))
        }
        Api::Frameio | Api::Ims | Api::Other => false,
    }
}

pub async fn middleware(State(sim): State<Shared>, req: Request, next: Next) -> Response {
    let api = match Api::classify(req.uri().path()) {
        Some(api @ (Api::Workfront | Api::Frameio | Api::S3 | Api::Ims)) => api,
        _ => return next.run(req).await,
    };
    let faults = sim.lock().settings.faults.clone();
    // Draw even when this API is spared, so the fault sequence does not depend on `only`.
    let d = sim.infra().fault_rng.draws();
    if faults.only.as_deref().is_some_and(|only| !only.eq_ignore_ascii_case(api.as_str())) {
        return next.run(req).await;
    }
    if let Some(wanted) = faults.only_request.as_deref() {
        let request = format!("{} {}", req.method(), req.uri().path()).to_ascii_lowercase();
        if !request.contains(&wanted.to_ascii_lowercase()) {
            return next.run(req).await;
        }
    }

    let delay = delay_ms(&faults, &d);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    if api == Api::Frameio && take_burst(&sim) {
        return mark(too_many_requests(), "burst_429");
    }
    if d.error < faults.error_rate {
        return mark(server_error(api, d.error_kind < 0.5, d.id), "error");
    }
    let req = match faults.upload_bytes_per_sec {
        Some(rate) if is_upload(api, req.method(), req.uri().path()) => req.map(|body| throttle(body, rate)),
        _ => req,
    };
    let response = next.run(req).await;
    if d.reset < faults.reset_rate {
        return mark(reset(response).await, "reset");
    }
    response
}

fn mark(mut response: Response, fault: &'static str) -> Response {
    response.extensions_mut().insert(InjectedFault(fault));
    response
}

/// Consume one 429 of a forced burst, if any is left.
fn take_burst(sim: &Shared) -> bool {
    let mut world = sim.lock();
    let left = &mut world.settings.faults.burst_429;
    if *left > 0 {
        *left -= 1;
        true
    } else {
        false
    }
}

/// Frame.io V4's 429: its error body plus the rate-limit headers (window in milliseconds).
pub fn too_many_requests() -> Response {
    let mut response =
        super::frameio::v4::errors::error(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded; slow down");
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-limit", HeaderValue::from_static("100"));
    headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
    headers.insert("x-ratelimit-window", HeaderValue::from_static("60000"));
    response
}

/// A 500 (`internal`) or 503 in the shape the addressed API uses.
fn server_error(api: Api, internal: bool, id: u64) -> Response {
    let status = if internal { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::SERVICE_UNAVAILABLE };
    match api {
        Api::Workfront => {
            let message = if internal {
                "An unexpected error occurred. Please try again later."
            } else {
                "The service is temporarily unavailable. Please try again later."
            };
            WfError::new(status, "com.attask.common.AttaskException", message).into_response()
        }
        Api::S3 => s3_error(internal, id),
        Api::Ims => {
            let (error, detail) = if internal {
                ("server_error", "An unexpected error occurred. Please try again.")
            } else {
                ("temporarily_unavailable", "The service is temporarily unavailable. Please try again.")
            };
            super::ims::error(status, error, detail)
        }
        // `Other` never gets here (the middleware passes it through); V4's shape is as good as any.
        Api::Frameio | Api::Other => {
            let detail = if internal {
                "Something went wrong on our end. Please try again."
            } else {
                "The service is temporarily unavailable. Please try again."
            };
            super::frameio::v4::errors::error(status, detail)
        }
    }
}

/// S3's XML error document: `InternalError` (500) or `SlowDown` (503).
pub fn s3_error(internal: bool, id: u64) -> Response {
    let (status, code, message) = if internal {
        (StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "We encountered an internal error. Please try again.")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "SlowDown", "Please reduce your request rate.")
    };
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>\
         <RequestId>{:016X}</RequestId><HostId>{:016x}{:016x}</HostId></Error>",
        id,
        id.rotate_left(17),
        id.rotate_left(41)
    );
    (status, [(header::CONTENT_TYPE, "application/xml")], body).into_response()
}

/// Feed `body` to the handler no faster than `bytes_per_sec`: each chunk is released when the
/// bytes so far are due, so a body of B bytes takes at least B / rate seconds and TCP
/// back-pressure slows the sender for real.
fn throttle(body: Body, bytes_per_sec: u64) -> Body {
    let start = tokio::time::Instant::now();
    let rate = bytes_per_sec.max(1) as f64;
    let stream = futures::stream::unfold((body.into_data_stream(), 0u64), move |(mut stream, sent)| async move {
        let chunk = stream.next().await?;
        let sent = sent + chunk.as_ref().map_or(0, |b| b.len() as u64);
        tokio::time::sleep_until(start + Duration::from_secs_f64(sent as f64 / rate)).await;
        Some((chunk, (stream, sent)))
    });
    Body::from_stream(stream)
}

/// Send the handler's status and headers, `Content-Length` of the full body, half the body, and
/// then abort the connection (the body stream fails, so hyper drops the connection).
async fn reset(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let full = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let half = full.slice(..full.len() / 2);
    // Promise at least one byte, so even an empty response is visibly cut short.
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(full.len().max(1)));
    let stream = futures::stream::unfold(0u8, move |step| {
        let half = half.clone();
        async move {
            match step {
                0 => Some((Ok::<Bytes, io::Error>(half), 1)),
                1 => {
                    tokio::time::sleep(RESET_FLUSH).await;
                    let err = io::Error::new(io::ErrorKind::ConnectionReset, "simulated connection reset");
                    Some((Err(err), 2))
                }
                _ => None,
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use axum::Router;
    use axum::routing::put;

    use super::*;
    use crate::sim::{World, seed};

    #[test]
    fn delay_adds_latency_jitter_and_spikes() {
        let f = Faults { latency_ms: 100, jitter_ms: 10, spike_rate: 0.5, spike_ms: 1000, ..Faults::default() };
        let d = |jitter, spike| Draws { jitter, spike, error: 0.0, error_kind: 0.0, reset: 0.0, id: 0 };
        assert_eq!(delay_ms(&f, &d(0.0, 0.9)), 100);
        assert_eq!(delay_ms(&f, &d(0.999_999, 0.9)), 110);
        assert_eq!(delay_ms(&f, &d(0.0, 0.1)), 1100);
        assert_eq!(delay_ms(&Faults::default(), &d(0.5, 0.0)), 0, "spike_rate 0 never spikes");
    }

    #[test]
    fn same_seed_same_draws() {
        let a = FaultRng::new(9);
        let b = FaultRng::new(9);
        for _ in 0..10 {
            assert_eq!(a.draws().error.to_bits(), b.draws().error.to_bits());
        }
        let first = FaultRng::new(9).draws().id;
        a.reseed(None);
        assert_eq!(a.draws().id, first, "reseeding restarts the sequence");
    }

    #[test]
    fn uploads_are_s3_puts_and_workfront_upload_posts() {
        assert!(is_upload(Api::S3, &Method::PUT, "/s3/bucket/a/0"));
        assert!(!is_upload(Api::S3, &Method::GET, "/s3/bucket/a/0"));
        assert!(is_upload(Api::Workfront, &Method::POST, "/attask/api/v21.0/upload"));
        assert!(!is_upload(Api::Workfront, &Method::POST, "/attask/api/v21.0/group"));
        assert!(!is_upload(Api::Frameio, &Method::PATCH, "/v4/accounts/a/files/f"));
    }

    /// A stand-in S3 PUT (the real one belongs to the Frame.io emulation) behind the fault layer.
    async fn s3_stub(faults: Faults) -> (String, tokio::task::JoinHandle<()>) {
        let mut world = World::from_seed(seed::DEMO_SEED, 1).unwrap();
        world.settings.faults = faults;
        let shared = Shared::new(world);
        let app = Router::new()
            .route("/s3/{*key}", put(|body: Bytes| async move { body.len().to_string() }))
            .layer(axum::middleware::from_fn_with_state(shared.clone(), middleware))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (base, task)
    }

    #[tokio::test]
    async fn s3_put_bodies_are_throttled() {
        let faults = Faults { upload_bytes_per_sec: Some(40_000), ..Faults::default() };
        let (base, task) = s3_stub(faults).await;
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let started = Instant::now();
        let resp = client.put(format!("{base}/s3/bucket/part-0")).body(vec![7u8; 20_000]).send().await.unwrap();
        assert_eq!(resp.text().await.unwrap(), "20000");
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(450), "20 kB at 40 kB/s took {took:?}");
        task.abort();
    }

    #[tokio::test]
    async fn s3_errors_are_xml() {
        let (base, task) = s3_stub(Faults { error_rate: 1.0, ..Faults::default() }).await;
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let resp = client.put(format!("{base}/s3/bucket/part-0")).body("x").send().await.unwrap();
        let status = resp.status().as_u16();
        assert!(status == 500 || status == 503);
        assert_eq!(resp.headers()["content-type"], "application/xml");
        let body = resp.text().await.unwrap();
        let code = if status == 500 { "<Code>InternalError</Code>" } else { "<Code>SlowDown</Code>" };
        assert!(body.contains(code), "{body}");
        task.abort();
    }
}
