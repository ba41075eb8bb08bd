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
    /// Every email Frame.io would have sent (invitations), oldest first.
    pub outbox: Vec<OutboxEmail>,
}

/// An email the simulated Frame.io "sent". Served at `/_sim/outbox` for tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEmail {
    pub to: String,
    /// `project_invite` (a collaborator was added) or `team_invite`.
    pub kind: String,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    pub team_id: Option<String>,
    /// Name of the user whose token sent the invite.
    pub inviter: String,
    /// The optional personal message.
    pub message: Option<String>,
    /// RFC 3339.
    pub sent_at: String,
}
