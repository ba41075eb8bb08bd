//! The simulated Frame.io V4 API under `/v4/...`, after the official OpenAPI document
//! (`shared/specs/frameio-v4-openapi.json`; notes: `frameio-v4-notes.md`, `frameio-api-notes.md` §3).
//!
//! Every `/v4` request goes through [`v4`]: it finds the operation (`limits::find`, the
//! document's 97 operations), authenticates the bearer token (`auth`), meters the operation's
//! published rate limit in the caller's bucket (`limits`, the shared leaky bucket of
//! `ratelimit`), checks that the token may be used on the account in the path (`auth::gate`),
//! dispatches, and puts `x-ratelimit-limit|remaining|window` on whatever comes back, errors and
//! 429s included. Unknown paths are 404; a known path with another method 405; operations of the
//! document the simulator does not implement 501 — all with V4's error body (`errors`).
//!
//! Contracts, in one place (details in each module):
//! - Envelopes (`envelope`): `{"data":{…}}` in, `{"data":…}` out; unknown fields are 422. Lists
//!   (`paging`) add `links.next` (relative, only `after`) and `total_count` on
//!   `include_total_count=true`.
//! - Auth (`auth`): IMS user and S2S tokens, legacy developer tokens with
//!   `x-frameio-legacy-token-auth: true` on accounts outside the Admin Console.
//! - Rate limits: bucket per (Frame.io user, operation); a request whose token is not valid is
//!   metered under the token itself (or `anonymous`).
//! - Uploads: `local_upload` URLs on the shared `/s3/` endpoint; downloads on `/cdn/`.
//! - Email: adding a project user (`project_access`) and share reviewers with `notify_by_email`
//!   (`share_invite`) land in `FioStore::outbox`.

pub mod access;
pub mod accounts;
pub mod auth;
pub mod envelope;
pub mod errors;
pub mod files;
pub mod folders;
pub mod limits;
pub mod paging;
pub mod projects;
pub mod render;
pub mod shares;
pub mod users;
pub mod workspaces;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use self::auth::Principal;
use self::envelope::Req;
use self::errors::{Reply, V4Err};
use super::ratelimit;
use crate::sim::settings::Limit;
use crate::sim::{Shared, World};

/// A handler's view: the world (locked), the caller, the request, and the account of the path
/// (resolved from `adobe:<org id>` too), empty for `/v4/me` and `/v4/accounts`.
pub struct Cx<'a> {
    pub w: &'a mut World,
    pub p: Principal,
    pub req: &'a Req,
    pub account: String,
}

/// Every `/v4` request.
pub async fn v4(State(sim): State<Shared>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let now = tokio::time::Instant::now();
    let path = uri.path().to_owned();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let found = limits::find(method.as_str(), &segs);
    let op = found.as_ref().map_or(&limits::UNKNOWN, |(op, _)| *op);
    let mut w = sim.lock();
    let principal = auth::authenticate(&w, &headers);
    let who = match (&principal, auth::bearer(&headers)) {
        (Ok(p), _) => p.user.clone(),
        (Err(_), Some(token)) => format!("token:{token}"),
        (Err(_), None) => "anonymous".to_owned(),
    };
    let mode = w.settings.rate_limits.clone();
    let published = Limit { requests: op.requests, window_ms: op.window_ms };
    let verdict = ratelimit::meter(&mut w.fio.buckets, &mode, &who, op.id, published, now);
    let mut response = if !verdict.allowed {
        let mut r = V4Err::new(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded; slow down").into_response();
        if w.fio.retry_after_on_429 {
            r.headers_mut().insert("retry-after", HeaderValue::from(verdict.wait_ms.div_ceil(1000).max(1)));
        }
        r
    } else {
        match (found, principal) {
            (None, _) if limits::path_known(&segs) => {
                V4Err::new(StatusCode::METHOD_NOT_ALLOWED, format!("{method} is not allowed on {path}")).into_response()
            }
            (None, _) => V4Err::not_found("Route").into_response(),
            (Some(_), Err(e)) => e.into_response(),
            (Some((op, params)), Ok(p)) => match Req::parse(method, &uri, headers, &body) {
                Err(e) => e.into_response(),
                Ok(req) => run(&mut w, p, &req, op.id, &params).unwrap_or_else(IntoResponse::into_response),
            },
        }
    };
    // The request log's layer marks the world dirty after every non-GET request.
    drop(w);
    verdict.write_headers(response.headers_mut());
    response
}

/// Gate the account (for `/v4/accounts/{account_id}/…`), then dispatch.
fn run(w: &mut World, p: Principal, req: &Req, op: &str, params: &[&str]) -> Reply {
    let account = match params.first() {
        Some(a) if req.path.starts_with("/v4/accounts/") => {
            let id = access::account_id(&w.fio, a);
            access::account(&w.fio, &id, &p)?;
            id
        }
        _ => String::new(),
    };
    let mut cx = Cx { w, p, req, account };
    let arg = |i: usize| params.get(i).copied().unwrap_or_default();
    match op {
        "users.show" => accounts::me(&mut cx),
        "accounts.index" => accounts::index(&mut cx),
        "workspaces.index" => workspaces::index(&mut cx),
        "workspaces.create" => workspaces::create(&mut cx),
        "workspaces.show" => workspaces::show(&mut cx, arg(1)),
        "projects.index" => projects::index(&mut cx, arg(1)),
        "projects.create" => projects::create(&mut cx, arg(1)),
        "account_projects.index" => projects::account_index(&mut cx),
        "projects.show" => projects::show(&mut cx, arg(1)),
        "projects.update" => projects::update(&mut cx, arg(1)),
        "projects.delete" => projects::delete(&mut cx, arg(1)),
        "folders.index" => folders::children_index(&mut cx, arg(1)),
        "folders.list" => folders::folders_list(&mut cx, arg(1)),
        "folders.create" => folders::create(&mut cx, arg(1)),
        "folders.show" => folders::show(&mut cx, arg(1)),
        "folders.delete" => folders::delete(&mut cx, arg(1)),
        "files.create_local_upload" => files::local_upload(&mut cx, arg(1)),
        "files.show" => files::show(&mut cx, arg(1)),
        "files.show_file_upload_status" => files::status(&mut cx, arg(1)),
        "files.delete" => files::delete(&mut cx, arg(1)),
        "account_user_roles.index" => users::account_index(&mut cx),
        "account_user_roles.update" => users::account_update(&mut cx, arg(1)),
        "project_user_roles.index" => users::project_index(&mut cx, arg(1)),
        "project_user_roles.update" => users::project_update(&mut cx, arg(1), arg(2)),
        "project_permissions.delete" => users::project_delete(&mut cx, arg(1), arg(2)),
        "workspace_user_roles.index" => users::workspace_index(&mut cx, arg(1)),
        "workspace_user_roles.update" => users::workspace_update(&mut cx, arg(1), arg(2)),
        "workspace_user_roles.delete" => users::workspace_delete(&mut cx, arg(1), arg(2)),
        "shares.create" => shares::create(&mut cx, arg(1)),
        "shares.index" => shares::index(&mut cx, arg(1)),
        "shares.show" => shares::show(&mut cx, arg(1)),
        "shares.add_reviewers" => shares::add_reviewers(&mut cx, arg(1)),
        "shares.list_reviewers" => shares::list_reviewers(&mut cx, arg(1)),
        other => Err(V4Err::new(StatusCode::NOT_IMPLEMENTED, format!("{other} is not simulated"))),
    }
}
