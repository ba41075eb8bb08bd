//! Sending one logical request: pacing, attempts, retries with backoff, and a trace line per
//! attempt (method, path without the query, status, duration). Secrets are in headers marked
//! sensitive and never in what is logged or returned.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::HeaderMap;

use super::pace::{Pacer, Rate};
use super::retry::{self, Failure, RetryPolicy};

/// A retry the user should hear about ("429 from Frame.io, retrying in 2 s, attempt 2/6").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryNotice {
    pub service: &'static str,
    pub reason: String,
    pub delay: Duration,
    pub attempt: u32,
    pub max_attempts: u32,
}

impl std::fmt::Display for RetryNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} from {}, retrying in {:.1} s (attempt {}/{})",
            self.reason,
            self.service,
            self.delay.as_secs_f64(),
            self.attempt + 1,
            self.max_attempts
        )
    }
}

pub type Notify = Arc<dyn Fn(&RetryNotice) + Send + Sync>;

/// A complete answer (any status).
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// The request never got a complete answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    pub failure: Failure,
    pub detail: String,
}

/// Everything needed to send requests to one service.
#[derive(Clone)]
pub struct Sender {
    pub http: reqwest::Client,
    pub service: &'static str,
    pub policy: RetryPolicy,
    pub pacer: Pacer,
    pub notify: Option<Notify>,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender").field("service", &self.service).field("policy", &self.policy).finish_non_exhaustive()
    }
}

/// How one logical request is to be sent.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Safe to send twice (GET, PUT of fields, DELETE).
    pub idempotent: bool,
    /// Pacing class and its rate, when the service publishes limits.
    pub pace: Option<(&'static str, Rate)>,
}

impl Plan {
    pub const READ: Self = Self { idempotent: true, pace: None };
    pub const WRITE: Self = Self { idempotent: true, pace: None };
    pub const CREATE: Self = Self { idempotent: false, pace: None };

    pub fn paced(mut self, class: &'static str, rate: Rate) -> Self {
        self.pace = Some((class, rate));
        self
    }
}

fn classify(e: &reqwest::Error) -> Failure {
    if e.is_connect() {
        Failure::Connect
    } else if e.is_timeout() {
        Failure::Timeout
    } else {
        Failure::Broken
    }
}

fn header_ms(headers: &HeaderMap, name: &str) -> Option<Duration> {
    headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok().map(Duration::from_millis)
}

impl Sender {
    /// Send a request built by `build` (called again for each attempt) and read the whole body.
    /// Returns the final reply whatever its status; errors only when no answer came back.
    pub async fn send(&self, plan: Plan, build: impl Fn() -> reqwest::RequestBuilder) -> Result<Reply, TransportError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            if let Some((class, rate)) = plan.pace {
                self.pacer.acquire(class, rate).await;
            }
            let request = build();
            let (method, path) = match request.try_clone().and_then(|r| r.build().ok()) {
                Some(r) => (r.method().to_string(), r.url().path().to_owned()),
                None => (String::new(), String::new()),
            };
            let started = Instant::now();
            let outcome = match request.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(body) => Ok(Reply { status, headers, body }),
                        Err(e) => Err(TransportError { failure: classify(&e), detail: super::describe_transport(&e) }),
                    }
                }
                Err(e) => Err(TransportError { failure: classify(&e), detail: super::describe_transport(&e) }),
            };
            let ms = started.elapsed().as_millis() as u64;
            let failure = match &outcome {
                Ok(reply) => {
                    tracing::debug!(service = self.service, %method, %path, status = reply.status, ms, attempt, "http");
                    if (200..300).contains(&reply.status) {
                        return outcome;
                    }
                    Failure::Status {
                        code: reply.status,
                        retry_after: reply
                            .headers
                            .get("retry-after")
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| retry::parse_retry_after(v, SystemTime::now())),
                        rate_window: header_ms(&reply.headers, "x-ratelimit-window"),
                    }
                }
                Err(e) => {
                    tracing::debug!(service = self.service, %method, %path, error = %e.detail, ms, attempt, "http");
                    e.failure
                }
            };
            let Some(delay) = retry::next_delay(&self.policy, attempt, plan.idempotent, &failure, retry::jitter())
            else {
                return outcome;
            };
            if let (Failure::Status { code: 429, .. }, Some((class, _))) = (failure, plan.pace) {
                self.pacer.back_off(class, delay);
            }
            let notice = RetryNotice {
                service: self.service,
                reason: match (&failure, &outcome) {
                    (Failure::Status { code, .. }, _) => format!("HTTP {code}"),
                    (_, Err(e)) => e.detail.clone(),
                    _ => "error".into(),
                },
                delay,
                attempt,
                max_attempts: self.policy.max_attempts,
            };
            tracing::info!(%notice, "retry");
            if let Some(notify) = &self.notify {
                notify(&notice);
            }
            tokio::time::sleep(delay).await;
        }
    }

    /// Send and return the response with its body unread, for streaming downloads. Retries only
    /// failures that happen before the body starts.
    pub async fn send_streaming(
        &self,
        plan: Plan,
        build: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, TransportError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (failure, result) = match build().send().await {
                Ok(response) if response.status().is_success() => return Ok(response),
                Ok(response) => {
                    let code = response.status().as_u16();
                    (Failure::Status { code, retry_after: None, rate_window: None }, Ok(response))
                }
                Err(e) => {
                    let f = classify(&e);
                    (f, Err(TransportError { failure: f, detail: super::describe_transport(&e) }))
                }
            };
            match retry::next_delay(&self.policy, attempt, plan.idempotent, &failure, retry::jitter()) {
                None => return result,
                Some(delay) => tokio::time::sleep(delay).await,
            }
        }
    }
}
