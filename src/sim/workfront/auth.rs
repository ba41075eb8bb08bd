//! Credentials (notes §1.2): `sessionID`/`SessionID` header or parameter (from `/login`), `apiKey`
//! header or parameter, `Authorization: Bearer <IMS token>` with `x-gw-ims-org-id`, and the
//! `sessionID` cookie `/login` sets, which is read-only (BASICS: writes need an explicit
//! credential). Also `/login`, `/logout` and the USER API-key actions.

use axum::http::{HeaderMap, Method};
use serde_json::{Value, json};

use super::error::WfError;
use super::params::Params;
use crate::sim::World;

/// Name of the cookie `/login` sets.
pub const SESSION_COOKIE: &str = "sessionID";

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The user a request acts as. Precedence follows the JS client's: session, API key, IMS bearer.
/// A request carrying only the session cookie may read but not write.
pub fn authenticate(world: &World, params: &Params, headers: &HeaderMap, verb: &Method) -> Result<String, WfError> {
    let wf = &world.wf;
    let session = header(headers, "sessionID").or_else(|| params.get_ci("sessionID").filter(|s| !s.is_empty()));
    if let Some(session) = session {
        // An unknown or ended session reads as not logged in (what an expired session gets).
        return wf.sessions.get(session).cloned().ok_or_else(WfError::not_logged_in);
    }
    if let Some(key) = header(headers, "apiKey").or_else(|| params.get_ci("apiKey").filter(|s| !s.is_empty())) {
        return wf.api_keys.get(key).cloned().ok_or_else(WfError::bad_credentials);
    }
    if let Some(auth) = header(headers, "authorization") {
        let token = auth
            .strip_prefix("Bearer ")
            .or_else(|| auth.strip_prefix("bearer "))
            .ok_or_else(WfError::bad_credentials)?
            .trim();
        let org = header(headers, "x-gw-ims-org-id").ok_or_else(WfError::bad_credentials)?;
        return match wf.ims_tokens.get(token) {
            Some((want_org, user)) if want_org == org => Ok(user.clone()),
            _ => Err(WfError::bad_credentials()),
        };
    }
    if let Some(session) = cookie(headers, SESSION_COOKIE)
        && let Some(user) = wf.sessions.get(&session)
    {
        return if *verb == Method::GET { Ok(user.clone()) } else { Err(WfError::not_logged_in()) };
    }
    Err(WfError::not_logged_in())
}

/// Licences whose users may read but not change anything through the API: a coarse model of
/// Workfront's access levels (Contributor, Request and Review users cannot create groups,
/// custom forms, projects or tasks, nor edit projects). Set a seed user's `licenseType` to one
/// of them to get a key without rights.
pub const READ_ONLY_LICENSES: [&str; 4] = ["CONTRIBUTOR", "REQUESTOR", "REQUEST", "REVIEW"];

/// Whether `user_id` is one of those users.
pub fn read_only(world: &World, user_id: &str) -> bool {
    world
        .wf
        .table("USER")
        .find(|u| u.get("ID").and_then(Value::as_str) == Some(user_id))
        .and_then(|u| u.get("licenseType").and_then(Value::as_str))
        .is_some_and(|l| READ_ONLY_LICENSES.iter().any(|r| r.eq_ignore_ascii_case(l)))
}

/// The user `username`/`password` name, for `/login` and the API-key actions.
fn user_by_password(world: &World, params: &Params) -> Result<String, WfError> {
    let username = params.get("username").unwrap_or_default();
    let password = params.get("password").unwrap_or_default();
    if username.is_empty() || world.wf.passwords.get(username).map(String::as_str) != Some(password) {
        return Err(WfError::bad_credentials());
    }
    world
        .wf
        .table("USER")
        .find(|u| u.get("username").and_then(Value::as_str) == Some(username))
        .and_then(|u| u.get("ID").and_then(Value::as_str))
        .map(str::to_owned)
        .ok_or_else(WfError::bad_credentials)
}

/// `POST|GET /login?username=&password=` (shape of the JS client's `fixtures/login.json`).
pub fn login(world: &mut World, params: &Params) -> Result<Value, WfError> {
    let user_id = user_by_password(world, params)?;
    let session = world.rng.workfront_id();
    world.wf.sessions.insert(session.clone(), user_id.clone());
    let versions: serde_json::Map<String, Value> =
        (1..=22).map(|n| (format!("v{n}.0"), Value::String(format!("/attask/api/v{n}.0/")))).collect();
    Ok(json!({
        "userID": user_id,
        "sessionID": session,
        "versionInformation": {"currentAPI": "v22.0", "buildNumber": "", "apiVersions": versions,
                               "lastUpdated": "2026/05/08 00:00:00", "release": "R26.2", "version": "22.0"},
        "locale": "en_US",
        "timeZone": "UTC",
        "timeZoneName": "Coordinated Universal Time",
        "iso3Country": "USA",
        "iso3Language": "eng",
        "currency": {"useNegativeSign": false, "fractionDigits": 2, "symbol": "$", "ID": "USD",
                     "groupingSeparator": ",", "decimalSeparator": "."},
    }))
}

/// `/logout`: ends the session named by header, parameter or cookie (`fixtures/logout.json`).
pub fn logout(world: &mut World, params: &Params, headers: &HeaderMap) -> Result<Value, WfError> {
    let session = header(headers, "sessionID")
        .map(str::to_owned)
        .or_else(|| params.get_ci("sessionID").map(str::to_owned))
        .or_else(|| cookie(headers, SESSION_COOKIE));
    match session {
        Some(s) if world.wf.sessions.remove(&s).is_some() => Ok(json!({"success": true})),
        Some(_) => Err(WfError::bad_credentials()),
        None => Err(WfError::not_logged_in()),
    }
}

/// USER `getApiKey` / `generateApiKey` / `clearApiKey` (BASICS; the JS client's `getApiKey`
/// calls them with `username`+`password` and no other credential). `None` if `action` is not one.
pub fn api_key_action(
    world: &mut World,
    action: &str,
    params: &Params,
    caller: Option<&str>,
) -> Option<Result<Value, WfError>> {
    if !matches!(action, "getApiKey" | "generateApiKey" | "clearApiKey") {
        return None;
    }
    let user = if params.get("username").is_some() {
        user_by_password(world, params)
    } else {
        caller.map(str::to_owned).ok_or_else(WfError::not_logged_in)
    };
    let user = match user {
        Ok(u) => u,
        Err(e) => return Some(Err(e)),
    };
    let existing: Option<String> = world.wf.api_keys.iter().find(|(_, u)| **u == user).map(|(k, _)| k.clone());
    Some(Ok(match action {
        // An empty result tells the caller to generate one (JS client `getApiKey`).
        "getApiKey" => json!({"result": existing.unwrap_or_default()}),
        "generateApiKey" => {
            if let Some(k) = existing {
                world.wf.api_keys.remove(&k);
            }
            let key = world.rng.workfront_id();
            world.wf.api_keys.insert(key.clone(), user);
            json!({"result": key})
        }
        _ => {
            world.wf.api_keys.retain(|_, u| *u != user);
            json!({"result": true})
        }
    }))
}
