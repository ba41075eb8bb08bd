//! The simulated Workfront REST API under `/attask/api/<version>/...`.

pub mod error;
pub mod fields;
pub mod objects;
pub mod params;
pub mod search;
pub mod store;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use self::error::WfError;
use self::fields::{Projector, parse_fields};
use self::objects::{ObjDef, lookup};
use self::params::Params;
use self::search::Query;
use super::Shared;

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

/// Who a request is acting as. Credentials are checked in Workfront's precedence order:
/// session, then API key, then an IMS bearer token with its org header.
fn authenticate(world: &super::World, params: &Params, headers: &HeaderMap) -> Result<String, WfError> {
    let wf = &world.wf;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(session) = header("sessionID").or_else(|| params.get_ci("sessionID")) {
        return wf.sessions.get(session).cloned().ok_or_else(WfError::bad_credentials);
    }
    if let Some(key) = header("apiKey").or_else(|| params.get_ci("apiKey")) {
        return wf.api_keys.get(key).cloned().ok_or_else(WfError::bad_credentials);
    }
    if let Some(auth) = header("authorization") {
        let token = auth.strip_prefix("Bearer ").ok_or_else(WfError::bad_credentials)?;
        let org = header("x-gw-ims-org-id").ok_or_else(WfError::bad_credentials)?;
        return match wf.ims_tokens.get(token) {
            Some((want_org, user)) if want_org == org => Ok(user.clone()),
            _ => Err(WfError::bad_credentials()),
        };
    }
    Err(WfError::not_logged_in())
}

pub fn routes() -> axum::Router<Shared> {
    axum::Router::new().route("/attask/{*rest}", axum::routing::any(handle))
}

pub async fn handle(State(sim): State<Shared>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    match dispatch(&sim, &method, &uri, &headers, &body) {
        Ok(data) => axum::Json(json!({ "data": data })).into_response(),
        Err(e) => e.into_response(),
    }
}

fn dispatch(sim: &Shared, method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<Value, WfError> {
    let (version, segs) = parse_path(uri.path())?;
    let params = Params::parse(uri.query(), headers, body).map_err(WfError::illegal_argument)?;
    let verb = params.effective_method(method);
    let mut world = sim.lock();
    if segs.first().is_some_and(|s| s.eq_ignore_ascii_case("login")) {
        return login(&mut world, &params);
    }
    let _user = authenticate(&world, &params, headers)?;
    let model = version.model();
    let code = segs.first().ok_or_else(|| WfError::bad_uri("unrecognized URI format"))?;
    let def = lookup(code).ok_or_else(|| WfError::unknown_object(code))?;
    if def.secondary {
        return Err(WfError::illegal_argument(format!("{} is not a top level object", def.code)));
    }
    let projector = Projector::new(&world.wf, model.clone());
    let fields = parse_fields(&params.all("fields"));
    match (verb, segs.get(1).map(String::as_str)) {
        (Method::GET, Some("search")) => {
            projector.validate(def, &fields)?;
            let query = Query::parse(&params, def, &model)?;
            let rows = query.page(query.run(&world.wf, def)?);
            Ok(Value::Array(rows.into_iter().map(|o| projector.render(def, o, &fields)).collect()))
        }
        (Method::GET, Some("count")) => {
            let query = Query::parse(&params, def, &model)?;
            Ok(json!({ "count": query.run(&world.wf, def)?.len() }))
        }
        (Method::GET, None) => {
            let ids = params
                .get("id")
                .or_else(|| params.get("ID"))
                .ok_or_else(|| WfError::illegal_argument(format!("Search criteria required for {}", def.name)))?;
            projector.validate(def, &fields)?;
            let rows: Result<Vec<Value>, WfError> =
                ids.split(',').map(|id| get_one(&projector, def, id.trim(), &fields)).collect();
            Ok(Value::Array(rows?))
        }
        (Method::GET, Some(id)) => {
            projector.validate(def, &fields)?;
            get_one(&projector, def, id, &fields)
        }
        (verb, _) => Err(WfError::illegal_argument(format!("Unsupported operation {verb} on {}", def.name))),
    }
}

fn get_one(projector: &Projector<'_>, def: &ObjDef, id: &str, fields: &[String]) -> Result<Value, WfError> {
    let obj = projector.store.get(def.code, id).ok_or_else(|| WfError::not_found(def.name, id))?;
    Ok(projector.render(def, obj, fields))
}

fn login(world: &mut super::World, params: &Params) -> Result<Value, WfError> {
    let username = params.get("username").unwrap_or_default();
    let password = params.get("password").unwrap_or_default();
    if world.wf.passwords.get(username).map(String::as_str) != Some(password) || username.is_empty() {
        return Err(WfError::bad_credentials());
    }
    let user_id = world
        .wf
        .table("USER")
        .find(|u| u.get("username").and_then(Value::as_str) == Some(username))
        .and_then(|u| u.get("ID").and_then(Value::as_str))
        .map(str::to_owned)
        .ok_or_else(WfError::bad_credentials)?;
    let session = world.rng.workfront_id();
    world.wf.sessions.insert(session.clone(), user_id.clone());
    Ok(json!({
        "userID": user_id,
        "sessionID": session,
        "versionInformation": {"currentAPI": "v22.0", "release": "R26.2"},
        "locale": "en_US",
        "timeZone": "UTC",
    }))
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
