//! Who a `/v4` request acts as, and on which accounts (notes §1 and §2; the decisions of issue 12).
//!
//! `Authorization: Bearer <token>`, one of:
//! - an **IMS user access token** (`/ims/token/v3`): acts as the Frame.io user with the token's
//!   `adobe_user_id`, on every account that user belongs to (every seeded account has Adobe
//!   authentication on: Admin-Console-managed ones, and migrated ones that "switched to Adobe
//!   Authentication").
//! - an **IMS server-to-server token** (`client_credentials`): acts as its client's technical
//!   account ("Service Account User"), and only on `admin_console: true` accounts of the
//!   client's organisation; elsewhere 403.
//! - a **legacy developer token** (`fio-u-…`, the seed's `frameio.tokens`): only with
//!   `x-frameio-legacy-token-auth: true` (else 401), and only on accounts not managed in the
//!   Admin Console (`admin_console: false`, "V4 auto-migrated accounts not yet administered via
//!   the Adobe Admin Console", developer.frame.io migration guide); on the others every
//!   `/v4/accounts/{id}/…` request is 403. `GET /v4/me` and `GET /v4/accounts` work.
//!
//! An expired IMS token is 401 "The access token has expired"; a revoked, unknown or missing one
//! 401 "Invalid or missing authorization token" (the real wording, forum.frame.io thread 3217).
//! The refusals' wording for legacy tokens on managed accounts and for S2S elsewhere is the
//! simulator's: no public source quotes the real ones.

use axum::http::HeaderMap;
use serde_json::Value;

use super::errors::V4Err;
use crate::sim::World;
use crate::sim::frameio::store::str_field;
use crate::sim::ims::{self, Lookup};

pub const INVALID_TOKEN: &str = "Invalid or missing authorization token";
pub const EXPIRED_TOKEN: &str = "The access token has expired";
pub const LEGACY_NEEDS_HEADER: &str = "Legacy developer tokens are accepted on the V4 API only with the header \
                                       x-frameio-legacy-token-auth: true";
pub const LEGACY_REFUSED: &str = "This account is managed in the Adobe Admin Console: legacy developer tokens are \
                                  not accepted. Sign in with an Adobe IMS access token instead.";
pub const S2S_REFUSED: &str = "Server-to-server credentials work only on accounts managed in the Adobe Admin Console \
                               of their organization";

/// How the caller authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Ims,
    /// Server to server, for the accounts of this Adobe organisation.
    S2s {
        org_id: String,
    },
    Legacy,
}

/// The Frame.io user a request acts as, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user: String,
    pub via: Via,
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

fn legacy_header(headers: &HeaderMap) -> bool {
    headers
        .get("x-frameio-legacy-token-auth")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

fn user_by_adobe_id(w: &World, adobe_user_id: &str) -> Option<String> {
    w.fio.users.iter().find(|(_, u)| str_field(u, "adobe_user_id") == Some(adobe_user_id)).map(|(id, _)| id.clone())
}

pub fn authenticate(w: &World, headers: &HeaderMap) -> Result<Principal, V4Err> {
    let token = bearer(headers).ok_or_else(|| V4Err::unauthorized(INVALID_TOKEN))?;
    match ims::resolve(&w.ims, token) {
        Lookup::Valid(grant) => {
            let user = user_by_adobe_id(w, &grant.adobe_user_id)
                .ok_or_else(|| V4Err::unauthorized("No Frame.io user is linked to this Adobe ID"))?;
            let via = if grant.s2s {
                let org = w.ims.client(&grant.client_id).and_then(|c| c.org_id.clone()).unwrap_or_default();
                Via::S2s { org_id: org }
            } else {
                Via::Ims
            };
            Ok(Principal { user, via })
        }
        Lookup::Expired => Err(V4Err::unauthorized(EXPIRED_TOKEN)),
        Lookup::Revoked => Err(V4Err::unauthorized(INVALID_TOKEN)),
        Lookup::Unknown => match w.fio.tokens.get(token).filter(|u| w.fio.users.contains_key(*u)) {
            Some(_) if !legacy_header(headers) => Err(V4Err::unauthorized(LEGACY_NEEDS_HEADER)),
            Some(user) => Ok(Principal { user: user.clone(), via: Via::Legacy }),
            None => Err(V4Err::unauthorized(INVALID_TOKEN)),
        },
    }
}

pub fn admin_console(account: &serde_json::Map<String, Value>) -> bool {
    account.get("admin_console").and_then(Value::as_bool).unwrap_or(false)
}

/// May this principal's credential be used on `account` at all (before any role check)?
pub fn gate(p: &Principal, account: &serde_json::Map<String, Value>) -> Result<(), V4Err> {
    match &p.via {
        Via::Ims => Ok(()),
        Via::Legacy if admin_console(account) => Err(V4Err::forbidden(LEGACY_REFUSED)),
        Via::Legacy => Ok(()),
        Via::S2s { org_id } => {
            let same_org = str_field(account, "adobe_org_id") == Some(org_id.as_str());
            if admin_console(account) && same_org { Ok(()) } else { Err(V4Err::forbidden(S2S_REFUSED)) }
        }
    }
}
