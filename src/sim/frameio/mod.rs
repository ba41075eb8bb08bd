//! The simulated Frame.io: the V4 API under `/v4/...` (`v4`), the legacy API (v2) under
//! `/v2/...` while wfio still calls it, and what both share: the store of accounts, teams
//! (V4 workspaces), projects and assets (`store`), the S3-like part uploads under `/s3/...`
//! (`uploads`), presigned downloads under `/cdn/...` (`downloads`), the outbox and the leaky
//! bucket (`ratelimit::meter`).
//!
//! **v2-only**, to delete with the `/v2` routes and `v2()` below once wfio speaks V4: `access.rs`,
//! `accounts.rs`, `assets.rs`, `collaborators.rs`, `ctx.rs` (but `ctx::now` and
//! `ctx::parse_query` are shared: move them first), `paging.rs`, `projects.rs`, `teams.rs`, the
//! class table of `ratelimit.rs` (`classify`, `published`, `check`), and in this file `error`,
//! `authenticate` (also used by `downloads` to admit a bearer token: switch it to
//! `v4::auth`) and `dispatch`. Shared: `store.rs`, `uploads.rs`, `downloads.rs`, `xxh64.rs`,
//! `ratelimit::{meter, Buckets, Verdict}`, `v4/`.
//!
//! What follows describes v2.
//!
//! Reference: `shared/specs/frameio-api-notes.md` (cited as "notes §x"). Every `/v2` request goes
//! through [`v2`]: it meters the rate limit (`ratelimit`), authenticates the bearer developer
//! token, dispatches on method and path segments, and puts the rate-limit headers on whatever
//! comes back. Unknown paths are 404 with the documented error body, like any unknown ID.
//!
//! Contracts, in one place (details in each module):
//! - Auth: `Authorization: Bearer <developer token>`; missing or unknown → 401. A JSON body on
//!   GET is ignored (frameioclient sends `{}`); on DELETE it is read when valid (batch deletes).
//! - Lists (`paging`): bare arrays; `page`, `page_size` (default 50, max 100), `sort=[-]field`;
//!   headers `page-number`, `per-page`, `total`, `total-pages`, `link` on every list.
//! - Rate limits (`ratelimit`): classes `assets.create`, `assets.update`, `assets.read`,
//!   `create`, `search`, `default`; headers `x-ratelimit-limit|remaining|window` on every `/v2`
//!   response; 429 with the error body when a bucket is full.
//! - Uploads (`uploads`): `n = max(1, ceil(filesize / 20 MB))` URLs under `/s3/`, parts of
//!   `ceil(filesize / n)`; `x-amz-acl: private` and `content-type` = `filetype` required.
//! - Downloads (`downloads`): `original` is a presigned `/cdn/` URL once the upload is complete.
//! - Collaborators (`collaborators`): re-inviting returns the existing record (200) and sends
//!   no second email; invites land in `FioStore::outbox`.

pub mod access;
pub mod accounts;
pub mod assets;
pub mod collaborators;
pub mod common;
pub mod ctx;
pub mod downloads;
pub mod paging;
pub mod projects;
pub mod ratelimit;
pub mod store;
pub mod teams;
pub mod uploads;
pub mod v4;
pub mod xxh64;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use serde_json::json;

use self::ctx::{ApiErr, Ctx, Reply, Req};
use super::Shared;

pub use self::uploads::asset_bytes;

pub fn routes() -> axum::Router<Shared> {
    axum::Router::new()
        .route("/v2", any(v2))
        .route("/v2/{*rest}", any(v2))
        .route("/v4", any(v4::v4))
        .route("/v4/{*rest}", any(v4::v4))
        // Parts are up to 20 MB: `put_part` reads the raw body itself, with the part's exact
        // size as its limit, so axum's default 2 MB body limit does not apply there.
        .route("/s3/frameio-uploads/{asset_id}/part/{k}", any(uploads::put_part))
        .route("/cdn/frameio-assets/{asset_id}/original", get(downloads::original))
}

/// Frame.io's documented error body: `{code, message, errors:[{code, detail, status, title}]}`.
pub fn error(status: StatusCode, detail: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    let body = json!({
        "code": status.as_u16(),
        "message": title,
        "errors": [{"code": status.as_u16(), "status": status.as_u16(), "title": title, "detail": detail}],
    });
    (status, axum::Json(body)).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The Frame.io user a bearer token belongs to, or the 401 response.
#[allow(clippy::result_large_err)] // an error here is the response, built once
pub fn authenticate(world: &super::World, headers: &HeaderMap) -> Result<String, Response> {
    let token =
        bearer(headers).ok_or_else(|| error(StatusCode::UNAUTHORIZED, "Missing or malformed Authorization header"))?;
    world
        .fio
        .tokens
        .get(token)
        .filter(|user| world.fio.users.contains_key(*user))
        .cloned()
        .ok_or_else(|| error(StatusCode::UNAUTHORIZED, "The token is invalid, expired or revoked"))
}

/// Every `/v2` request.
pub async fn v2(State(sim): State<Shared>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let now = tokio::time::Instant::now();
    let path = uri.path().to_owned();
    let segs: Vec<&str> = path.strip_prefix("/v2").unwrap_or("").split('/').filter(|s| !s.is_empty()).collect();
    let class = ratelimit::classify(&method, &segs);
    let mut w = sim.lock();
    let user = authenticate(&w, &headers);
    let who = match (&user, bearer(&headers)) {
        (Ok(u), _) => u.clone(),
        (Err(_), Some(token)) => format!("token:{token}"),
        (Err(_), None) => "anonymous".to_owned(),
    };
    let mode = w.settings.rate_limits.clone();
    let verdict = ratelimit::check(&mut w.fio.buckets, &mode, &who, class, now);
    let mut response = if !verdict.allowed {
        let mut r =
            error(StatusCode::TOO_MANY_REQUESTS, &format!("Rate limit exceeded for {class} requests; slow down"));
        if w.fio.retry_after_on_429 {
            r.headers_mut().insert("retry-after", HeaderValue::from(verdict.wait_ms.div_ceil(1000).max(1)));
        }
        r
    } else {
        match (user, Req::parse(method, &uri, headers, &body)) {
            (Err(r), _) => r,
            (Ok(_), Err(e)) => e.into_response(),
            (Ok(user), Ok(req)) => {
                let mut cx = Ctx { w: &mut w, user, req: &req };
                dispatch(&mut cx, &segs).unwrap_or_else(IntoResponse::into_response)
            }
        }
    };
    drop(w);
    verdict.write_headers(response.headers_mut());
    response
}

/// The route table: method and the path segments after `/v2`.
fn dispatch(cx: &mut Ctx, segs: &[&str]) -> Reply {
    let method = cx.req.method.clone();
    match (method.as_str(), segs) {
        ("GET", ["me"]) => accounts::me(cx),
        ("GET", ["accounts"]) => accounts::list(cx),
        ("GET", ["accounts", id]) => accounts::get(cx, id),
        ("GET", ["accounts", id, "membership"]) => accounts::membership(cx, id),
        ("GET", ["accounts", id, "teams"]) => teams::list_for_account(cx, id),
        ("POST", ["accounts", id, "teams"]) => teams::create(cx, id),
        ("GET", ["teams"]) => teams::list_mine(cx),
        ("GET", ["teams", id]) => teams::get(cx, id),
        ("GET", ["teams", id, "members"]) => teams::members(cx, id),
        ("POST", ["teams", id, "members"]) => teams::add(cx, id),
        ("POST", ["batch", "teams", id, "members"]) => teams::batch_add(cx, id),
        ("DELETE", ["batch", "teams", id, "members"]) => teams::batch_remove(cx, id),
        ("GET", ["teams", id, "membership"]) => teams::membership(cx, id),
        ("GET", ["teams", id, "projects"]) => projects::list_for_team(cx, id),
        ("POST", ["teams", id, "projects"]) => projects::create(cx, id),
        ("GET", ["projects", "shared"]) => projects::list_shared(cx),
        ("GET", ["projects", id]) => projects::get(cx, id),
        ("PUT", ["projects", id]) => projects::update(cx, id),
        ("DELETE", ["projects", id]) => projects::delete(cx, id),
        ("GET", ["projects", id, "membership"]) => projects::membership(cx, id),
        ("GET", ["projects", id, "collaborators"]) => collaborators::list(cx, id),
        ("POST", ["projects", id, "collaborators"]) => collaborators::create(cx, id),
        ("DELETE", ["projects", id, "collaborators", "_"]) => collaborators::delete_by(cx, id, false),
        ("GET", ["projects", id, "pending_collaborators"]) => collaborators::list_pending(cx, id),
        ("POST", ["batch", "projects", id, "collaborators"]) => collaborators::batch(cx, id),
        ("DELETE", ["batch", "projects", id, "collaborators"]) => collaborators::delete_by(cx, id, true),
        ("DELETE", ["collaborators", id]) => collaborators::delete_one(cx, id, "collaborator"),
        ("DELETE", ["pending_collaborators", id]) => collaborators::delete_one(cx, id, "pending_collaborator"),
        ("GET", ["assets", id]) => assets::get(cx, id),
        ("PUT", ["assets", id]) => assets::update(cx, id),
        ("DELETE", ["assets", id]) => assets::delete(cx, id),
        ("PUT", ["assets", id, "restore"]) => assets::restore(cx, id),
        ("DELETE", ["batch", "assets"]) => assets::batch_delete(cx),
        ("GET", ["assets", id, "children"]) => assets::children(cx, id),
        ("POST", ["assets", id, "children"]) => assets::create(cx, id),
        _ => Err(ApiErr::new(StatusCode::NOT_FOUND, format!("No route for {method} {}", cx.req.path))),
    }
}
