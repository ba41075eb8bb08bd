//! The simulated Frame.io data: users, tokens, accounts, teams and what the wizard creates.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub type Obj = Map<String, Value>;

/// A user's role in an account: `owner | admin | account_manager | billing_manager | member`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Membership {
    pub user_id: String,
    pub role: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct FioStore {
    /// Developer token -> user ID.
    pub tokens: BTreeMap<String, String>,
    /// User ID -> user object as `/v2/me` returns it.
    pub users: BTreeMap<String, Obj>,
    pub accounts: BTreeMap<String, Obj>,
    /// Account ID -> members with their account role.
    pub account_members: BTreeMap<String, Vec<Membership>>,
    pub teams: BTreeMap<String, Obj>,
    /// Team ID -> members with their team role (`team_manager | member`).
    pub team_members: BTreeMap<String, Vec<Membership>>,
    pub projects: BTreeMap<String, Obj>,
    pub assets: BTreeMap<String, Obj>,
}
