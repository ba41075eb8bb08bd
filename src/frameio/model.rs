//! Frame.io V4 objects as wfio uses them (the V4 OpenAPI document's schemas, the fields wfio
//! reads). Responses carry more; unknown fields are ignored, so a new field never breaks wfio.

use serde::{Deserialize, Serialize};

/// The signed-in user (`GET /v4/me`: `Profile`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

impl User {
    /// How to name the user in messages: name, else email, else ID.
    pub fn display(&self) -> String {
        self.name.clone().filter(|n| !n.is_empty()).or_else(|| self.email.clone()).unwrap_or_else(|| self.id.clone())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    pub id: String,
    #[serde(rename = "display_name", default)]
    pub name: String,
    /// The signed-in user's roles in the account: `owner`, `admin`, `member`.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// An account and the signed-in user's (highest) role in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChoice {
    pub account: Account,
    /// `owner | admin | member | reviewer`.
    pub role: String,
}

impl AccountChoice {
    /// The highest of an account's `roles`.
    pub fn of(account: Account) -> Self {
        let rank = |r: &str| match r {
            "owner" => 3,
            "admin" => 2,
            "member" => 1,
            _ => 0,
        };
        let role = account.roles.iter().max_by_key(|r| rank(r)).cloned().unwrap_or_else(|| "member".into());
        Self { account, role }
    }

    /// The seed document's "administrator of a Frame.io account": an owner or an admin.
    pub fn administers(&self) -> bool {
        matches!(self.role.as_str(), "owner" | "admin")
    }
}

/// A workspace: V4's name for what the seed document (and Frame.io before V4) calls a team.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Workspace {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub account_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Project {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub workspace_id: Option<String>,
    pub root_folder_id: String,
    /// The project's page in the Frame.io web app.
    #[serde(default)]
    pub view_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    File,
    Folder,
    VersionStack,
}

/// One presigned part of a local upload; the server chooses how many and how big.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UploadUrl {
    pub size: u64,
    pub url: String,
}

/// A file, folder or version stack (`AssetCommon` and its kinds).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Asset {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(rename = "type")]
    pub kind: AssetKind,
    #[serde(default)]
    pub parent_id: Option<String>,
    #[serde(default)]
    pub file_size: Option<u64>,
    #[serde(default)]
    pub media_type: Option<String>,
    /// Files: `created` (parts not all uploaded), `uploaded`, `transcoded`.
    #[serde(default)]
    pub status: Option<String>,
    /// Present on the answer to `local_upload`.
    #[serde(default)]
    pub upload_urls: Vec<UploadUrl>,
}

impl Asset {
    pub fn parent(&self) -> Option<&str> {
        self.parent_id.as_deref()
    }

    /// Every part of the file arrived.
    pub fn upload_complete(&self) -> bool {
        matches!(self.status.as_deref(), Some("uploaded" | "transcoded"))
    }
}

/// `GET …/files/{id}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UploadStatus {
    pub upload_complete: bool,
    #[serde(default)]
    pub upload_failed: bool,
}

/// A person in an account (`AccountUserRole`); `user.id` is null for people invited to the
/// account who have no Frame.io user yet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AccountUser {
    pub role: String,
    pub user: Person,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Person {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// Someone with access to a project, and their role (`UserRole`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProjectUser {
    pub role: String,
    pub user: Person,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Share {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub short_url: Option<String>,
}

/// The role a person gets on a project (`project_user_roles.update`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectRole {
    FullAccess,
    #[default]
    Editor,
    EditOnly,
    Commenter,
    Viewer,
}

impl ProjectRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FullAccess => "full_access",
            Self::Editor => "editor",
            Self::EditOnly => "edit_only",
            Self::Commenter => "commenter",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::FullAccess, Self::Editor, Self::EditOnly, Self::Commenter, Self::Viewer]
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// The byte ranges of a local upload's parts, from the sizes the server chose. `None` when the
/// sizes do not add up to the file (a malformed answer: never upload a wrong split).
pub fn part_ranges(size: u64, parts: &[UploadUrl]) -> Option<Vec<(u64, u64)>> {
    let mut start = 0u64;
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        let end = start.checked_add(p.size)?;
        out.push((start, end));
        start = end;
    }
    (start == size && !parts.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(size: u64) -> UploadUrl {
        UploadUrl { size, url: "u".into() }
    }

    #[test]
    fn parts_follow_the_server_sizes() {
        // The V4 upload guide: 50,645,990 bytes as 16,881,997 x2 + 16,881,996.
        let parts = [url(16_881_997), url(16_881_997), url(16_881_996)];
        let r = part_ranges(50_645_990, &parts).unwrap();
        assert_eq!(r, vec![(0, 16_881_997), (16_881_997, 33_763_994), (33_763_994, 50_645_990)]);
        assert_eq!(part_ranges(10, &[url(4), url(5)]), None, "sizes that do not add up are refused");
        assert_eq!(part_ranges(10, &[]), None);
        assert_eq!(part_ranges(u64::MAX, &[url(u64::MAX), url(1)]), None, "no overflow");
    }

    #[test]
    fn administers_means_owner_or_admin() {
        for (roles, admin) in [(vec!["owner"], true), (vec!["member", "admin"], true), (vec!["member"], false)] {
            let account =
                Account { id: "a".into(), name: "A".into(), roles: roles.iter().map(|r| r.to_string()).collect() };
            assert_eq!(AccountChoice::of(account).administers(), admin, "{roles:?}");
        }
    }

    #[test]
    fn files_are_complete_once_uploaded() {
        let file: Asset = serde_json::from_str(r#"{"id":"f","type":"file","status":"created"}"#).unwrap();
        assert!(!file.upload_complete());
        let done: Asset = serde_json::from_str(r#"{"id":"f","type":"file","status":"transcoded"}"#).unwrap();
        assert!(done.upload_complete());
        assert_eq!(ProjectRole::parse("Viewer"), Some(ProjectRole::Viewer));
    }
}
