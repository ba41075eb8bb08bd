//! Frame.io V4's published rate limits, one row per operation of the official OpenAPI document
//! (`shared/specs/frameio-v4-openapi.json`, 97 operations), generated from each operation's
//! `description` ("Rate Limits: N calls per X minute(s) per account_user") and checked against the
//! document by `tests/sim_v4_schema.rs`, which re-derives the table from it.
//!
//! The table is also the V4 route table: `find` matches a request's method and path against the
//! templates (a literal segment beats a `{parameter}`, so `PATCH …/files/move` is `files.bulk_move`,
//! not `files.update`). An operation's rate-limit class is its `operation_id`; with
//! `--rate-limits FILE` a class named like an operation (`"projects.create"`) overrides its limit.

/// One operation: its path template, method, operation ID, and published limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Op {
    pub path: &'static str,
    pub method: &'static str,
    pub id: &'static str,
    pub requests: u32,
    pub window_ms: u64,
}

const fn op(path: &'static str, method: &'static str, id: &'static str, requests: u32, window_ms: u64) -> Op {
    Op { path, method, id, requests, window_ms }
}

/// Every operation of the document, sorted by path then method.
pub const OPS: &[Op] = &[
    op("/v4/accounts", "GET", "accounts.index", 100, 60000),
    op("/v4/accounts/{account_id}/actions/{action_id}", "DELETE", "actions.delete", 60, 60000),
    op("/v4/accounts/{account_id}/actions/{action_id}", "GET", "actions.show", 100, 60000),
    op("/v4/accounts/{account_id}/actions/{action_id}", "PATCH", "actions.update", 10, 60000),
    op("/v4/accounts/{account_id}/audit_logs", "GET", "auditlog.index", 100, 60000),
    op("/v4/accounts/{account_id}/collections/{collection_id}", "GET", "collections.show", 100, 60000),
    op("/v4/accounts/{account_id}/comments/{comment_id}", "DELETE", "comments.delete", 60, 60000),
    op("/v4/accounts/{account_id}/comments/{comment_id}", "GET", "comments.show", 100, 60000),
    op("/v4/accounts/{account_id}/comments/{comment_id}", "PATCH", "comments.update", 10, 60000),
    op("/v4/accounts/{account_id}/comments/{comment_id}/attachments", "POST", "comments.create_attachment", 60, 60000),
    op(
        "/v4/accounts/{account_id}/comments/{comment_id}/attachments/{attachment_id}",
        "DELETE",
        "comments.delete_attachment",
        60,
        60000,
    ),
    op("/v4/accounts/{account_id}/files/copy", "POST", "files.bulk_copy", 60, 60000),
    op("/v4/accounts/{account_id}/files/move", "PATCH", "files.bulk_move", 60, 60000),
    op("/v4/accounts/{account_id}/files/{file_id}", "DELETE", "files.delete", 100, 60000),
    op("/v4/accounts/{account_id}/files/{file_id}", "GET", "files.show", 10, 1000),
    op("/v4/accounts/{account_id}/files/{file_id}", "PATCH", "files.update", 100, 60000),
    op("/v4/accounts/{account_id}/files/{file_id}/comments", "GET", "comments.index", 100, 60000),
    op("/v4/accounts/{account_id}/files/{file_id}/comments", "POST", "comments.create", 100, 60000),
    op("/v4/accounts/{account_id}/files/{file_id}/copy", "POST", "files.copy", 100, 60000),
    op("/v4/accounts/{account_id}/files/{file_id}/metadata", "GET", "metadata.show", 100, 60000),
    op("/v4/accounts/{account_id}/files/{file_id}/move", "PATCH", "files.move", 100, 60000),
    op("/v4/accounts/{account_id}/files/{file_id}/status", "GET", "files.show_file_upload_status", 5, 1000),
    op("/v4/accounts/{account_id}/folders/copy", "POST", "folders.bulk_copy", 10, 60000),
    op("/v4/accounts/{account_id}/folders/move", "PATCH", "folders.bulk_move", 10, 60000),
    op("/v4/accounts/{account_id}/folders/{folder_id}", "DELETE", "folders.delete", 60, 60000),
    op("/v4/accounts/{account_id}/folders/{folder_id}", "GET", "folders.show", 100, 60000),
    op("/v4/accounts/{account_id}/folders/{folder_id}", "PATCH", "folders.update", 10, 60000),
    op("/v4/accounts/{account_id}/folders/{folder_id}/children", "GET", "folders.index", 100, 60000),
    op("/v4/accounts/{account_id}/folders/{folder_id}/copy", "POST", "folders.copy", 10, 60000),
    op("/v4/accounts/{account_id}/folders/{folder_id}/files", "GET", "files.list", 5, 1000),
    op("/v4/accounts/{account_id}/folders/{folder_id}/files", "POST", "files.create", 5, 1000),
    op("/v4/accounts/{account_id}/folders/{folder_id}/files/import", "POST", "files.import_file", 5, 1000),
    op(
        "/v4/accounts/{account_id}/folders/{folder_id}/files/local_upload",
        "POST",
        "files.create_local_upload",
        5,
        1000,
    ),
    op(
        "/v4/accounts/{account_id}/folders/{folder_id}/files/remote_upload",
        "POST",
        "files.create_remote_upload",
        5,
        1000,
    ),
    op("/v4/accounts/{account_id}/folders/{folder_id}/folders", "GET", "folders.list", 5, 1000),
    op("/v4/accounts/{account_id}/folders/{folder_id}/folders", "POST", "folders.create", 3, 1000),
    op("/v4/accounts/{account_id}/folders/{folder_id}/move", "PATCH", "folders.move", 10, 60000),
    op("/v4/accounts/{account_id}/folders/{folder_id}/users", "GET", "folder_user_roles.index", 100, 60000),
    op(
        "/v4/accounts/{account_id}/folders/{folder_id}/users/{user_id}",
        "DELETE",
        "folder_permissions.delete",
        60,
        60000,
    ),
    op("/v4/accounts/{account_id}/folders/{folder_id}/users/{user_id}", "PATCH", "folder_user_roles.update", 10, 60000),
    op("/v4/accounts/{account_id}/folders/{folder_id}/version_stacks", "GET", "version_stacks.list", 5, 1000),
    op("/v4/accounts/{account_id}/folders/{folder_id}/version_stacks", "POST", "version_stacks.create", 10, 60000),
    op("/v4/accounts/{account_id}/groups", "GET", "groups.index", 100, 60000),
    op("/v4/accounts/{account_id}/groups", "POST", "groups.create", 10, 60000),
    op("/v4/accounts/{account_id}/groups/{group_id}", "GET", "groups.show", 100, 60000),
    op("/v4/accounts/{account_id}/groups/{group_id}", "PATCH", "groups.update", 10, 60000),
    op("/v4/accounts/{account_id}/invited_projects", "GET", "invited_projects.index", 100, 60000),
    op("/v4/accounts/{account_id}/metadata/field_definitions", "GET", "metadata.field_definitions.index", 100, 60000),
    op("/v4/accounts/{account_id}/metadata/field_definitions", "POST", "metadata.field_definitions.create", 10, 60000),
    op(
        "/v4/accounts/{account_id}/metadata/field_definitions/{field_definition_id}",
        "DELETE",
        "metadata.field_definitions.delete",
        60,
        60000,
    ),
    op(
        "/v4/accounts/{account_id}/metadata/field_definitions/{field_definition_id}",
        "PATCH",
        "metadata.field_definitions.update",
        10,
        60000,
    ),
    op("/v4/accounts/{account_id}/projects", "GET", "account_projects.index", 100, 60000),
    op("/v4/accounts/{account_id}/projects/{project_id}", "DELETE", "projects.delete", 60, 60000),
    op("/v4/accounts/{account_id}/projects/{project_id}", "GET", "projects.show", 100, 60000),
    op("/v4/accounts/{account_id}/projects/{project_id}", "PATCH", "projects.update", 10, 60000),
    op("/v4/accounts/{account_id}/projects/{project_id}/collections", "GET", "collections.index", 100, 60000),
    op("/v4/accounts/{account_id}/projects/{project_id}/metadata/values", "PATCH", "metadata.bulk_update", 10, 60000),
    op("/v4/accounts/{account_id}/projects/{project_id}/shares", "GET", "shares.index", 100, 60000),
    op("/v4/accounts/{account_id}/projects/{project_id}/shares", "POST", "shares.create", 10, 60000),
    op("/v4/accounts/{account_id}/projects/{project_id}/users", "GET", "project_user_roles.index", 100, 60000),
    op(
        "/v4/accounts/{account_id}/projects/{project_id}/users/{user_id}",
        "DELETE",
        "project_permissions.delete",
        60,
        60000,
    ),
    op(
        "/v4/accounts/{account_id}/projects/{project_id}/users/{user_id}",
        "PATCH",
        "project_user_roles.update",
        10,
        60000,
    ),
    op("/v4/accounts/{account_id}/search", "POST", "search.search", 100, 60000),
    op("/v4/accounts/{account_id}/shares/{share_id}", "DELETE", "shares.delete", 60, 60000),
    op("/v4/accounts/{account_id}/shares/{share_id}", "GET", "shares.show", 100, 60000),
    op("/v4/accounts/{account_id}/shares/{share_id}", "PATCH", "shares.update", 10, 60000),
    op("/v4/accounts/{account_id}/shares/{share_id}/activities", "GET", "shares.list_activities", 100, 60000),
    op("/v4/accounts/{account_id}/shares/{share_id}/assets", "GET", "shares.list_assets", 100, 60000),
    op("/v4/accounts/{account_id}/shares/{share_id}/assets", "POST", "shares.add_asset", 10, 60000),
    op("/v4/accounts/{account_id}/shares/{share_id}/assets/{asset_id}", "DELETE", "shares.remove_asset", 10, 60000),
    op("/v4/accounts/{account_id}/shares/{share_id}/reviewers", "DELETE", "shares.remove_reviewers", 10, 60000),
    op("/v4/accounts/{account_id}/shares/{share_id}/reviewers", "GET", "shares.list_reviewers", 10, 60000),
    op("/v4/accounts/{account_id}/shares/{share_id}/reviewers", "POST", "shares.add_reviewers", 10, 60000),
    op("/v4/accounts/{account_id}/users", "GET", "account_user_roles.index", 100, 60000),
    op("/v4/accounts/{account_id}/users/{user_id}", "PATCH", "account_user_roles.update", 10, 60000),
    op("/v4/accounts/{account_id}/version_stacks/{version_stack_id}", "GET", "version_stacks.show", 100, 60000),
    op(
        "/v4/accounts/{account_id}/version_stacks/{version_stack_id}/children",
        "GET",
        "version_stacks.index",
        100,
        60000,
    ),
    op("/v4/accounts/{account_id}/version_stacks/{version_stack_id}/copy", "POST", "version_stacks.copy", 10, 60000),
    op("/v4/accounts/{account_id}/version_stacks/{version_stack_id}/move", "PATCH", "version_stacks.move", 10, 60000),
    op("/v4/accounts/{account_id}/webhooks/{webhook_id}", "DELETE", "webhooks.delete", 60, 60000),
    op("/v4/accounts/{account_id}/webhooks/{webhook_id}", "GET", "webhooks.show", 100, 60000),
    op("/v4/accounts/{account_id}/webhooks/{webhook_id}", "PATCH", "webhooks.update", 10, 60000),
    op("/v4/accounts/{account_id}/workspaces", "GET", "workspaces.index", 100, 60000),
    op("/v4/accounts/{account_id}/workspaces", "POST", "workspaces.create", 10, 60000),
    op("/v4/accounts/{account_id}/workspaces/{workspace_id}", "DELETE", "workspaces.delete", 60, 60000),
    op("/v4/accounts/{account_id}/workspaces/{workspace_id}", "GET", "workspaces.show", 100, 60000),
    op("/v4/accounts/{account_id}/workspaces/{workspace_id}", "PATCH", "workspaces.update", 10, 60000),
    op("/v4/accounts/{account_id}/workspaces/{workspace_id}/actions", "GET", "actions.index", 100, 60000),
    op("/v4/accounts/{account_id}/workspaces/{workspace_id}/actions", "POST", "actions.create", 10, 60000),
    op("/v4/accounts/{account_id}/workspaces/{workspace_id}/projects", "GET", "projects.index", 100, 60000),
    op("/v4/accounts/{account_id}/workspaces/{workspace_id}/projects", "POST", "projects.create", 10, 60000),
    op("/v4/accounts/{account_id}/workspaces/{workspace_id}/users", "GET", "workspace_user_roles.index", 100, 60000),
    op(
        "/v4/accounts/{account_id}/workspaces/{workspace_id}/users/{user_id}",
        "DELETE",
        "workspace_user_roles.delete",
        60,
        60000,
    ),
    op(
        "/v4/accounts/{account_id}/workspaces/{workspace_id}/users/{user_id}",
        "PATCH",
        "workspace_user_roles.update",
        10,
        60000,
    ),
    op("/v4/accounts/{account_id}/workspaces/{workspace_id}/webhooks", "GET", "webhooks.index", 100, 60000),
    op("/v4/accounts/{account_id}/workspaces/{workspace_id}/webhooks", "POST", "webhooks.create", 10, 60000),
    op("/v4/me", "GET", "users.show", 100, 60000),
];

/// The class and limit of a path no operation matches (answered 404): the most common published
/// limit, 100 per minute.
pub const UNKNOWN: Op = op("", "", "unknown", 100, 60_000);

/// The operation for `method` and the path segments (after `/`), with the values of its
/// `{parameters}` in order.
pub fn find<'a>(method: &str, segs: &[&'a str]) -> Option<(&'static Op, Vec<&'a str>)> {
    let mut best: Option<(usize, &'static Op, Vec<&'a str>)> = None;
    for op in OPS.iter().filter(|o| o.method == method) {
        let tmpl: Vec<&str> = op.path.split('/').filter(|s| !s.is_empty()).collect();
        if tmpl.len() != segs.len() {
            continue;
        }
        let mut params = Vec::new();
        let mut literals = 0;
        let ok = tmpl.iter().zip(segs).all(|(t, s)| {
            if t.starts_with('{') {
                params.push(*s);
                true
            } else {
                literals += 1;
                t == s
            }
        });
        if ok && best.as_ref().is_none_or(|(l, _, _)| literals > *l) {
            best = Some((literals, op, params));
        }
    }
    best.map(|(_, op, params)| (op, params))
}

/// Does `path` belong to some operation under another method (→ 405 rather than 404)?
pub fn path_known(segs: &[&str]) -> bool {
    ["GET", "POST", "PATCH", "PUT", "DELETE"].iter().any(|m| find(m, segs).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(p: &str) -> Vec<&str> {
        p.split('/').filter(|s| !s.is_empty()).collect()
    }

    #[test]
    fn literals_win_over_parameters() {
        let (op, params) = find("PATCH", &segs("/v4/accounts/a/files/move")).unwrap();
        assert_eq!(op.id, "files.bulk_move");
        assert_eq!(params, vec!["a"]);
        let (op, params) = find("PATCH", &segs("/v4/accounts/a/files/f")).unwrap();
        assert_eq!(op.id, "files.update");
        assert_eq!(params, vec!["a", "f"]);
        assert_eq!(find("GET", &segs("/v4/me")).unwrap().0.requests, 100);
        assert!(find("GET", &segs("/v4/nothing")).is_none());
        assert!(path_known(&segs("/v4/me")));
    }

    #[test]
    fn the_published_numbers() {
        let by_id = |id: &str| OPS.iter().find(|o| o.id == id).unwrap();
        assert_eq!(OPS.len(), 97);
        assert_eq!((by_id("folders.create").requests, by_id("folders.create").window_ms), (3, 1000));
        assert_eq!(
            (by_id("files.create_local_upload").requests, by_id("files.create_local_upload").window_ms),
            (5, 1000)
        );
        assert_eq!(
            (by_id("project_user_roles.update").requests, by_id("project_user_roles.update").window_ms),
            (10, 60_000)
        );
        assert_eq!((by_id("users.show").requests, by_id("users.show").window_ms), (100, 60_000));
    }
}
