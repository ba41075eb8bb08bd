//! Frame.io V4's published rate limits, per operation and per account user (leaky bucket), as
//! each operation's description in the V4 OpenAPI document states them ("Rate Limits: 10 calls
//! per 1.00 minute(s) per account_user"). wfio paces every request by its operation so 429s are
//! rare, not routine; a 429 still backs the operation's pacer off (see `http::pace`).
//!
//! Only the operations wfio sends are listed; anything else gets the most common limit
//! (100 per minute), which is also the lowest read limit.

use reqwest::Method;

use crate::http::pace::Rate;

pub const PER_MINUTE_100: Rate = Rate::new(100, 60_000);
pub const PER_MINUTE_60: Rate = Rate::new(60, 60_000);
pub const PER_MINUTE_10: Rate = Rate::new(10, 60_000);
pub const PER_SECOND_10: Rate = Rate::new(10, 1000);
pub const PER_SECOND_5: Rate = Rate::new(5, 1000);
pub const PER_SECOND_3: Rate = Rate::new(3, 1000);

/// The pacing class (operation ID) and its rate for a request, by method and path relative to
/// `/v4/` (e.g. `accounts/A/folders/F/folders`).
pub fn for_request(method: &Method, path: &str) -> (&'static str, Rate) {
    let path = path.split('?').next().unwrap_or(path);
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let m = method.as_str();
    match (m, segs.as_slice()) {
        ("GET", ["me"]) => ("users.show", PER_MINUTE_100),
        ("GET", ["accounts"]) => ("accounts.index", PER_MINUTE_100),
        ("GET", ["accounts", _, "workspaces"]) => ("workspaces.index", PER_MINUTE_100),
        ("POST", ["accounts", _, "workspaces"]) => ("workspaces.create", PER_MINUTE_10),
        ("GET", ["accounts", _, "workspaces", _]) => ("workspaces.show", PER_MINUTE_100),
        ("GET", ["accounts", _, "workspaces", _, "projects"]) => ("projects.index", PER_MINUTE_100),
        ("POST", ["accounts", _, "workspaces", _, "projects"]) => ("projects.create", PER_MINUTE_10),
        ("PATCH", ["accounts", _, "workspaces", _, "users", _]) => ("workspace_user_roles.update", PER_MINUTE_10),
        ("GET", ["accounts", _, "workspaces", _, "users"]) => ("workspace_user_roles.index", PER_MINUTE_100),
        ("GET", ["accounts", _, "projects", _]) => ("projects.show", PER_MINUTE_100),
        ("PATCH", ["accounts", _, "projects", _]) => ("projects.update", PER_MINUTE_10),
        ("DELETE", ["accounts", _, "projects", _]) => ("projects.delete", PER_MINUTE_60),
        ("GET", ["accounts", _, "projects", _, "users"]) => ("project_user_roles.index", PER_MINUTE_100),
        ("PATCH", ["accounts", _, "projects", _, "users", _]) => ("project_user_roles.update", PER_MINUTE_10),
        ("GET", ["accounts", _, "projects", _, "shares"]) => ("shares.index", PER_MINUTE_100),
        ("POST", ["accounts", _, "projects", _, "shares"]) => ("shares.create", PER_MINUTE_10),
        ("GET", ["accounts", _, "shares", _, "reviewers"]) => ("shares.list_reviewers", PER_MINUTE_10),
        ("POST", ["accounts", _, "shares", _, "reviewers"]) => ("shares.add_reviewers", PER_MINUTE_10),
        ("GET", ["accounts", _, "users"]) => ("account_user_roles.index", PER_MINUTE_100),
        ("GET", ["accounts", _, "folders", _, "children"]) => ("folders.index", PER_MINUTE_100),
        ("GET", ["accounts", _, "folders", _, "folders"]) => ("folders.list", PER_SECOND_5),
        ("POST", ["accounts", _, "folders", _, "folders"]) => ("folders.create", PER_SECOND_3),
        ("GET", ["accounts", _, "folders", _]) => ("folders.show", PER_MINUTE_100),
        ("DELETE", ["accounts", _, "folders", _]) => ("folders.delete", PER_MINUTE_60),
        ("POST", ["accounts", _, "folders", _, "files", "local_upload"]) => ("files.create_local_upload", PER_SECOND_5),
        ("GET", ["accounts", _, "files", _, "status"]) => ("files.show_file_upload_status", PER_SECOND_5),
        ("GET", ["accounts", _, "files", _]) => ("files.show", PER_SECOND_10),
        ("PATCH", ["accounts", _, "files", _]) => ("files.update", PER_MINUTE_100),
        ("DELETE", ["accounts", _, "files", _]) => ("files.delete", PER_MINUTE_100),
        _ => ("other", PER_MINUTE_100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_get_their_published_limits() {
        let cases = [
            (Method::POST, "accounts/a/folders/f/folders", "folders.create", PER_SECOND_3),
            (Method::POST, "accounts/a/folders/f/files/local_upload", "files.create_local_upload", PER_SECOND_5),
            (Method::PATCH, "accounts/a/projects/p/users/u", "project_user_roles.update", PER_MINUTE_10),
            (Method::GET, "accounts/a/folders/f/children?after=x", "folders.index", PER_MINUTE_100),
            (Method::GET, "me", "users.show", PER_MINUTE_100),
            (Method::GET, "accounts/a/files/x", "files.show", PER_SECOND_10),
        ];
        for (method, path, class, rate) in cases {
            assert_eq!(for_request(&method, path), (class, rate), "{method} {path}");
        }
    }
}
