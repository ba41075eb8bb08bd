//! The simulated Workfront REST API under `/attask/api/<version>/...` (any `vNN.0`, the
//! unversioned `/attask/api/...`, `/attask/api-unsupported|api-internal|api-asp/...` and
//! python-workfront's `/attask/api/unsupported/...`), plus document downloads at
//! `/document/download`. Reference: `shared/specs/workfront-api-notes.md` and its fixtures.
//!
//! Every call: parameters merged from the query, a form body and a JSON body (`params.rs`), the
//! verb from `method=` when given, credentials checked (`auth.rs`), then `login`/`logout`,
//! `metadata`, `upload`, `batch` or an object call (`read.rs`): get/search/count/report/named
//! query, create/copy/bulk (`ops.rs`, `write.rs`), actions (`actions.rs`), delete.
//!
//! Answers are `{"data": ...}`; errors are `{"error":{"class","message","title","msgKey",
//! "attributes","code"}}` (`error.rs`) with 401 for credentials, 404 for an unknown ID, 400 for
//! a custom field written without its form, 422 for other validation, 500 otherwise. The notes
//! say no per-code table is documented; these are what real clients accept (the JS client and
//! python-workfront treat any non-2xx, and any `error` body, as a failure).

pub mod actions;
pub mod auth;
pub mod defaults;
pub mod documents;
pub mod error;
pub mod fields;
pub mod forms;
pub mod metadata;
pub mod model;
pub mod objects;
pub mod ops;
pub mod params;
pub mod read;
pub mod report;
pub mod search;
pub mod statuses;
pub mod store;
pub mod task_actions;
pub mod values;
pub mod wildcards;
pub mod write;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use self::error::WfError;
use self::objects::lookup;
use self::params::Params;
use super::{Shared, World};

/// Largest non-upload request body (bulk updates are JSON; uploads stream separately).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Which API a request addressed: a version (`v21.0`) or the unversioned forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiVersion {
    Numbered(u32),
    /// `/attask/api/<obj>`: the default version, which Adobe moves to the newest release.
    Default,
    Unsupported,
}

impl ApiVersion {
    /// The model name Workfront prints in field errors (`APIModel V21_0 ...`).
    pub fn model(&self) -> String {
        match self {
            Self::Numbered(n) => format!("V{n}_0"),
            Self::Default => "V22_0".into(),
            Self::Unsupported => "INTERNAL".into(),
        }
    }
}

/// Split `/attask/api/v21.0/group/search` into the version and the remaining segments.
pub fn parse_path(path: &str) -> Result<(ApiVersion, Vec<String>), WfError> {
    let rest = path.strip_prefix("/attask/").ok_or_else(|| WfError::bad_uri("unrecognized URI format"))?;
    let mut segs: Vec<String> = rest.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect();
    if segs.is_empty() {
        return Err(WfError::bad_uri("unrecognized URI format"));
    }
    let root = segs.remove(0);
    let version = match root.as_str() {
        "api-unsupported" | "api-internal" | "api-asp" => ApiVersion::Unsupported,
        "api" => match segs.first().map(String::as_str) {
            Some("unsupported" | "internal") => {
                segs.remove(0);
                ApiVersion::Unsupported
            }
            Some(v) if v.starts_with('v') && v.ends_with(".0") => {
                let n =
                    v[1..v.len() - 2].parse().map_err(|_| WfError::bad_uri(format!("unrecognized API version {v}")))?;
                segs.remove(0);
                ApiVersion::Numbered(n)
            }
            _ => ApiVersion::Default,
        },
        _ => return Err(WfError::bad_uri("unrecognized URI format")),
    };
    if segs.len() > 3 {
        return Err(WfError::bad_uri("unrecognized URI format: too many parts"));
    }
    Ok((version, segs))
}

pub fn routes() -> axum::Router<Shared> {
    axum::Router::new()
        .route("/attask/{*rest}", axum::routing::any(handle))
        .route("/document/download", axum::routing::get(documents::download))
        // Documents can be 200 MB and more: uploads stream, other bodies are capped in `handle`.
        .layer(DefaultBodyLimit::disable())
}

fn is_upload(path: &str) -> bool {
    parse_path(path).is_ok_and(|(_, segs)| segs.len() == 1 && segs[0].eq_ignore_ascii_case("upload"))
}

pub async fn handle(State(sim): State<Shared>, req: Request) -> Response {
    if is_upload(req.uri().path()) {
        return documents::upload(sim, req).await;
    }
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return WfError::illegal_argument("Request body too large").into_response(),
    };
    let host = parts.headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_owned();
    let result = {
        let mut world = sim.lock();
        dispatch(&mut world, &parts.method, parts.uri.path(), parts.uri.query(), &parts.headers, &body, &host)
    };
    match result {
        Ok(data) => {
            let session = data.get("sessionID").and_then(Value::as_str).map(str::to_owned);
            let mut resp = axum::Json(json!({ "data": data })).into_response();
            let login = parse_path(parts.uri.path())
                .is_ok_and(|(_, s)| s.first().is_some_and(|f| f.eq_ignore_ascii_case("login")));
            if let (true, Some(s)) = (login, session) {
                let cookie = format!("{}={s}; Path=/; HttpOnly", auth::SESSION_COOKIE);
                if let Ok(v) = HeaderValue::from_str(&cookie) {
                    resp.headers_mut().insert(header::SET_COOKIE, v);
                }
            }
            resp
        }
        Err(e) => e.into_response(),
    }
}

/// One API call, also used for each `uri` of a batch.
pub struct Call<'a> {
    pub model: String,
    /// e.g. `http://127.0.0.1:40123/attask/api/v21.0`, for metadata URLs.
    pub api_root: String,
    /// The API root path, e.g. `/attask/api/v21.0`, for batch URIs.
    pub root_path: String,
    pub segs: Vec<String>,
    pub params: Params,
    pub verb: Method,
    pub headers: &'a HeaderMap,
    pub host: &'a str,
}

pub fn dispatch(
    world: &mut World,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
    host: &str,
) -> Result<Value, WfError> {
    let (version, segs) = parse_path(path)?;
    let params = Params::parse(query, headers, body).map_err(WfError::illegal_argument)?;
    let verb = params.effective_method(method);
    let trimmed = path.trim_end_matches('/');
    let tail: usize = segs.iter().map(|s| s.len() + 1).sum();
    let root_path = trimmed[..trimmed.len().saturating_sub(tail)].to_owned();
    let call = Call {
        model: version.model(),
        api_root: format!("http://{host}{root_path}"),
        root_path,
        segs,
        params,
        verb,
        headers,
        host,
    };
    let first = call.segs.first().map(|s| s.to_ascii_lowercase()).unwrap_or_default();
    match first.as_str() {
        "" => return Err(WfError::bad_uri("unrecognized URI format")),
        "login" => return auth::login(world, &call.params),
        "logout" => return auth::logout(world, &call.params, headers),
        // The object list is public: it is what the API Explorer reads.
        "metadata" => return Ok(metadata::all(&call.api_root)),
        _ => {}
    }
    if first == "batch" {
        auth::authenticate(world, &call.params, headers, &call.verb)?;
        return batch(world, &call);
    }
    let def = lookup(&first).ok_or_else(|| WfError::unknown_object(&call.segs[0]))?;
    if call.segs.get(1).is_some_and(|s| s == "metadata") {
        return Ok(metadata::object(def, &call.api_root));
    }
    // USER getApiKey/generateApiKey take a username and password instead of a credential.
    if def.code == "USER" && call.params.get("username").is_some() {
        let action = call.params.get("action").or(call.segs.get(1).map(String::as_str)).unwrap_or_default().to_owned();
        if let Some(r) = auth::api_key_action(world, &action, &call.params, None) {
            return r;
        }
    }
    let user = auth::authenticate(world, &call.params, headers, &call.verb)?;
    if call.verb != Method::GET && auth::read_only(world, &user) {
        return Err(WfError::no_access());
    }
    read::object_call(world, def, &call, &user)
}

/// `POST /batch` with `uri=<relative uri>` repeated, each carrying its own `method=` (JS client
/// `batch()`; notes §1.8): `{"data":[{"data":..},..]}`, or with `atomic=true` all-or-nothing
/// and `{"data":{"success":true}}`.
fn batch(world: &mut World, call: &Call) -> Result<Value, WfError> {
    let atomic = values::truthy(call.params.get("atomic"));
    let snapshot = atomic.then(|| world.wf.clone());
    let mut results = Vec::new();
    for uri in call.params.all("uri") {
        let (path, query) = match uri.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (uri, None),
        };
        let full = if path.starts_with("/attask/") {
            path.to_owned()
        } else {
            format!("{}/{}", call.root_path, path.trim_start_matches('/'))
        };
        let r = if path.trim_matches('/').eq_ignore_ascii_case("batch") {
            Err(WfError::illegal_argument("A batch cannot contain a batch"))
        } else {
            dispatch(world, &Method::GET, &full, query, call.headers, b"", call.host)
        };
        match r {
            Ok(data) => results.push(json!({ "data": data })),
            Err(e) => match &snapshot {
                Some(s) => {
                    world.wf = s.clone();
                    return Err(e);
                }
                None => results.push(json!({ "error": e.body() })),
            },
        }
    }
    Ok(if atomic { json!({"success": true}) } else { Value::Array(results) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let (v, s) = parse_path("/attask/api/v21.0/group/search").unwrap();
        assert_eq!(v, ApiVersion::Numbered(21));
        assert_eq!(s, vec!["group", "search"]);
        let (v, s) = parse_path("/attask/api/proj/abc").unwrap();
        assert_eq!(v, ApiVersion::Default);
        assert_eq!(s, vec!["proj", "abc"]);
        let (v, _) = parse_path("/attask/api-unsupported/proj/search").unwrap();
        assert_eq!(v, ApiVersion::Unsupported);
        let (v, _) = parse_path("/attask/api/unsupported/proj/search").unwrap();
        assert_eq!(v, ApiVersion::Unsupported);
        assert!(parse_path("/attask/api/v21.0/a/b/c/d").is_err());
    }
}
