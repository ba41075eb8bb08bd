//! The simulated Frame.io data: users, developer tokens, accounts, workspaces, projects, assets
//! and what the wizard creates, as the V4 handlers and the upload and download endpoints use it.
//!
//! Workspaces are kept as `teams` with members in `team_members` (role `team_manager | member`;
//! the V4 workspace role is `workspace_roles`' or implied by it, see `v4::access`); folders and
//! files are `assets`. Field names stay as they were when the legacy API shared this store, so
//! state files keep loading; fields only the legacy API had (`collaborators`, `team_invites`)
//! are ignored when an old state file has them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ratelimit::Buckets;

pub type Obj = Map<String, Value>;

/// A user's role in an account: `owner | admin | account_manager | billing_manager | member`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Membership {
    pub user_id: String,
    pub role: String,
}

/// Someone invited to an account (by email) who has no Frame.io account yet.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct InvitedUser {
    pub email: String,
    #[serde(default)]
    pub name: Option<String>,
    /// V4 account role: `member | reviewer | admin`.
    pub role: String,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct FioStore {
    /// Developer token -> user ID.
    pub tokens: BTreeMap<String, String>,
    /// User ID -> user object (rendered by `v4::render::user`).
    pub users: BTreeMap<String, Obj>,
    pub accounts: BTreeMap<String, Obj>,
    /// Account ID -> members with their account role.
    pub account_members: BTreeMap<String, Vec<Membership>>,
    pub teams: BTreeMap<String, Obj>,
    /// Team ID -> members with their team role (`team_manager | member`).
    pub team_members: BTreeMap<String, Vec<Membership>>,
    pub projects: BTreeMap<String, Obj>,
    /// Asset ID -> asset as stored (folders and files; rendered with derived fields on the way out).
    pub assets: BTreeMap<String, Obj>,
    /// Every email Frame.io would have sent (invitations), oldest first.
    pub outbox: Vec<OutboxEmail>,
    /// Secret behind the presigned upload and download URLs; a built-in one when empty.
    #[serde(default)]
    pub signing_key: String,
    /// Send `Retry-After` (seconds) with a 429. Off by default: V4 documents no `Retry-After`.
    #[serde(default)]
    pub retry_after_on_429: bool,
    /// Account ID -> people invited to the account who have no Frame.io user yet (V4 lists them
    /// with `user.id: null`).
    #[serde(default)]
    pub account_invites: BTreeMap<String, Vec<InvitedUser>>,
    /// Workspace (team) ID -> user ID -> V4 workspace role. A team member without an entry has
    /// the role their team role implies (see `v4::access::workspace_role`).
    #[serde(default)]
    pub workspace_roles: BTreeMap<String, BTreeMap<String, String>>,
    /// Project ID -> user ID -> V4 project role (`full_access|editor|edit_only|commenter|viewer`).
    #[serde(default)]
    pub project_roles: BTreeMap<String, BTreeMap<String, String>>,
    /// V4 shares by ID; reviewers are kept in the share's `_reviewers` (stripped when rendered).
    #[serde(default)]
    pub shares: BTreeMap<String, Obj>,
    /// Leaky buckets of the rate limiter; they hold `Instant`s, so they are not persisted.
    #[serde(skip)]
    pub buckets: Buckets,
}

/// An email the simulated Frame.io "sent". Served at `/_sim/outbox` for tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEmail {
    pub to: String,
    /// `project_access` (a user was added to a project) or `share_invite` (a share reviewer, by
    /// email). Old state files may hold the legacy kinds `project_invite` and `team_invite`.
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

impl FioStore {
    pub fn user_by_email(&self, email: &str) -> Option<&Obj> {
        self.users
            .values()
            .find(|u| u.get("email").and_then(Value::as_str).is_some_and(|e| e.eq_ignore_ascii_case(email)))
    }

    /// The user's role in an account, if a member.
    pub fn account_role(&self, account_id: &str, user_id: &str) -> Option<&str> {
        self.account_members.get(account_id)?.iter().find(|m| m.user_id == user_id).map(|m| m.role.as_str())
    }

    /// The user's role in a team, if a member.
    pub fn team_role(&self, team_id: &str, user_id: &str) -> Option<&str> {
        self.team_members.get(team_id)?.iter().find(|m| m.user_id == user_id).map(|m| m.role.as_str())
    }

    pub fn user_name(&self, user_id: &str) -> String {
        self.users
            .get(user_id)
            .and_then(|u| u.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("A Frame.io user")
            .to_owned()
    }

    /// The account a team belongs to.
    pub fn team_account(&self, team_id: &str) -> Option<String> {
        self.teams.get(team_id).and_then(|t| str_field(t, "account_id")).map(str::to_owned)
    }

    /// A live (not deleted) project.
    pub fn project(&self, id: &str) -> Option<&Obj> {
        self.projects.get(id).filter(|p| !is_deleted(p))
    }

    /// A live (not deleted) asset.
    pub fn asset(&self, id: &str) -> Option<&Obj> {
        self.assets.get(id).filter(|a| !is_deleted(a))
    }
}

pub fn str_field<'a>(obj: &'a Obj, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

pub fn is_deleted(obj: &Obj) -> bool {
    obj.get("deleted_at").is_some_and(|v| !v.is_null())
}

/// Oldest first (`inserted_at`, then `id`): the order lists come in unless `sort` says otherwise.
pub fn oldest_first(items: &mut [&Obj]) {
    items.sort_by(|a, b| {
        (str_field(a, "inserted_at"), str_field(a, "id")).cmp(&(str_field(b, "inserted_at"), str_field(b, "id")))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_with_the_legacy_fields_still_loads() {
        let old = serde_json::json!({
            "tokens": {"fio-u-x": "u1"}, "users": {}, "accounts": {}, "account_members": {}, "teams": {},
            "team_members": {}, "projects": {}, "assets": {}, "outbox": [],
            "collaborators": {"c1": {"id": "c1", "_type": "collaborator"}},
            "team_invites": {"t1": [{"email": "a@b.example", "role": "member", "invited_by": "u1",
                                     "inserted_at": "2026-11-20T10:10:00.000000Z"}]},
        });
        let fio: FioStore = serde_json::from_value(old).unwrap();
        assert_eq!(fio.tokens["fio-u-x"], "u1");
        let saved = serde_json::to_value(&fio).unwrap();
        assert!(saved.get("collaborators").is_none() && saved.get("team_invites").is_none());
    }
}
