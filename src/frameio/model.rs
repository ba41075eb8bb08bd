//! Frame.io objects as wfio uses them, independent of the API version that produced them. The v2
//! client maps its JSON into these; a V4 client (workspaces, `{data}` envelopes) would too.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub account_id: Option<String>,
}

impl User {
    /// How to name the user in messages: name, else email, else ID.
    pub fn display(&self) -> String {
        self.name.clone().or_else(|| self.email.clone()).unwrap_or_else(|| self.id.clone())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    pub id: String,
    #[serde(rename = "display_name", alias = "name", default)]
    pub name: String,
    #[serde(default)]
    pub owner_id: Option<String>,
}

/// An account and the token user's role in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChoice {
    pub account: Account,
    /// `owner | admin | account_manager | billing_manager | member`.
    pub role: String,
}

impl AccountChoice {
    /// The seed document's "administrator of a Frame.io account": an owner or an admin.
    pub fn administers(&self) -> bool {
        matches!(self.role.as_str(), "owner" | "admin")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Team {
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
    pub team_id: Option<String>,
    /// v2 `root_asset_id`, V4 `root_folder_id`.
    #[serde(alias = "root_asset_id")]
    pub root_folder_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    File,
    Folder,
    VersionStack,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Asset {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(rename = "type")]
    pub kind: AssetKind,
    /// v2 has been seen with `parent_id`, `parent_asset_id` or both (frameio-api-notes §1.4.6).
    #[serde(default)]
    parent_id: Option<String>,
    #[serde(default)]
    parent_asset_id: Option<String>,
    #[serde(default)]
    pub filesize: Option<u64>,
    #[serde(default)]
    pub filetype: Option<String>,
    #[serde(default)]
    pub upload_urls: Vec<String>,
    #[serde(default)]
    pub upload_completed_at: Option<String>,
}

impl Asset {
    pub fn parent(&self) -> Option<&str> {
        self.parent_id.as_deref().or(self.parent_asset_id.as_deref())
    }

    pub fn upload_complete(&self) -> bool {
        self.upload_completed_at.is_some()
    }
}

/// Someone invited to a project: a Frame.io user already, or pending until they accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collaborator {
    pub email: String,
    pub pending: bool,
}

/// The part boundaries every Frame.io client uses: `ceil(size / parts)` bytes each, the last
/// part taking the remainder (frameio-api-notes §1.4.7).
/// The numbers come from servers (`filesize`, the count of `upload_urls`), so nothing here may
/// overflow or produce an inverted range: an empty file is one empty part, and parts that
/// would start past the end are left out.
pub fn part_ranges(size: u64, parts: usize) -> Vec<(u64, u64)> {
    if parts == 0 {
        return Vec::new();
    }
    if size == 0 {
        return vec![(0, 0)];
    }
    let chunk = size.div_ceil(parts as u64).max(1);
    (0..parts as u64)
        .map(|i| (i.saturating_mul(chunk), i.saturating_add(1).saturating_mul(chunk).min(size)))
        .take_while(|(start, _)| *start < size)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_math_matches_the_documented_example() {
        // The V4 upload guide splits 50,645,990 bytes into 3 parts: 16,881,997 x2 + 16,881,996.
        let r = part_ranges(50_645_990, 3);
        let sizes: Vec<u64> = r.iter().map(|(a, b)| b - a).collect();
        assert_eq!(sizes, vec![16_881_997, 16_881_997, 16_881_996]);
        assert_eq!(r.last().unwrap().1, 50_645_990);
        assert_eq!(part_ranges(10, 1), vec![(0, 10)]);
    }

    #[test]
    fn chunk_math_never_overflows_or_inverts() {
        assert_eq!(part_ranges(0, 1), vec![(0, 0)]);
        assert_eq!(part_ranges(0, 3), vec![(0, 0)], "an empty file is one empty part, not (1, 0)");
        assert_eq!(part_ranges(2, 5), vec![(0, 1), (1, 2)]);
        let r = part_ranges(u64::MAX, 3);
        assert_eq!(r.last().unwrap().1, u64::MAX);
        assert!(r.iter().all(|(a, b)| a < b));
    }

    #[test]
    fn either_parent_field_or_both() {
        let both: Asset =
            serde_json::from_str(r#"{"id":"a","type":"file","parent_id":"p","parent_asset_id":"p"}"#).unwrap();
        assert_eq!(both.parent(), Some("p"));
        let one: Asset = serde_json::from_str(r#"{"id":"a","type":"folder","parent_asset_id":"q"}"#).unwrap();
        assert_eq!(one.parent(), Some("q"));
    }

    #[test]
    fn administers_means_owner_or_admin() {
        let a = Account { id: "a".into(), name: "A".into(), owner_id: None };
        for (role, admin) in [("owner", true), ("admin", true), ("member", false), ("account_manager", false)] {
            assert_eq!(AccountChoice { account: a.clone(), role: role.into() }.administers(), admin, "{role}");
        }
    }
}
