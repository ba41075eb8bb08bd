//! People and access (V4): account users (the only way to find a person by email), project
//! users (access with a role, by user ID), workspace users, and shares with reviewers by email
//! for people who are not users of the account (V4 has no invite-by-email for projects).

use reqwest::Method;
use serde_json::json;

use super::client::FrameioClient;
use super::error::FrameioError;
use super::model::{AccountUser, ProjectRole, ProjectUser, Share};

impl FrameioClient {
    /// Everyone in an account, including people invited who have no Frame.io user yet.
    pub async fn account_users(&self, account_id: &str) -> Result<Vec<AccountUser>, FrameioError> {
        self.list(&format!("accounts/{account_id}/users"), &[("sort", "email_asc".into())]).await
    }

    /// Everyone with access to a project.
    pub async fn project_users(&self, account_id: &str, project_id: &str) -> Result<Vec<ProjectUser>, FrameioError> {
        self.list(&format!("accounts/{account_id}/projects/{project_id}/users"), &[]).await
    }

    /// Give a user access to a project with a role (or change their role). Idempotent: the same
    /// role twice is the same state.
    pub async fn set_project_user(
        &self,
        account_id: &str,
        project_id: &str,
        user_id: &str,
        role: ProjectRole,
    ) -> Result<(), FrameioError> {
        let path = format!("accounts/{account_id}/projects/{project_id}/users/{user_id}");
        self.write::<serde_json::Value>(Method::PATCH, &path, json!({"role": role.as_str()}), true).await?;
        Ok(())
    }

    /// Everyone with access to a workspace.
    pub async fn workspace_users(
        &self,
        account_id: &str,
        workspace_id: &str,
    ) -> Result<Vec<ProjectUser>, FrameioError> {
        self.list(&format!("accounts/{account_id}/workspaces/{workspace_id}/users"), &[]).await
    }

    /// Make a user a member of a workspace with a role (workspace access).
    pub async fn set_workspace_user(
        &self,
        account_id: &str,
        workspace_id: &str,
        user_id: &str,
        role: &str,
    ) -> Result<(), FrameioError> {
        let path = format!("accounts/{account_id}/workspaces/{workspace_id}/users/{user_id}");
        self.write::<serde_json::Value>(Method::PATCH, &path, json!({"role": role}), true).await?;
        Ok(())
    }

    pub async fn shares(&self, account_id: &str, project_id: &str) -> Result<Vec<Share>, FrameioError> {
        self.list(&format!("accounts/{account_id}/projects/{project_id}/shares"), &[]).await
    }

    /// A secure share of some assets of a project (its root folder, for the whole project). Not
    /// retried once it may have arrived: callers look first.
    pub async fn create_share(
        &self,
        account_id: &str,
        project_id: &str,
        name: &str,
        asset_ids: &[String],
    ) -> Result<Share, FrameioError> {
        let path = format!("accounts/{account_id}/projects/{project_id}/shares");
        let data = json!({"type": "asset", "name": name, "access": "secure", "asset_ids": asset_ids});
        self.write(Method::POST, &path, data, false).await
    }

    /// The reviewers of a share, by email (lowercased).
    pub async fn share_reviewers(&self, account_id: &str, share_id: &str) -> Result<Vec<String>, FrameioError> {
        let path = format!("accounts/{account_id}/shares/{share_id}/reviewers");
        let users: Vec<super::model::Person> = self.list(&path, &[]).await?;
        Ok(users.into_iter().filter_map(|u| u.email.map(|e| e.trim().to_lowercase())).collect())
    }

    /// Add reviewers to a share by email, and have Frame.io email them. Not retried once it
    /// may have arrived (a second call emails everyone again): callers look first.
    pub async fn add_reviewers(
        &self,
        account_id: &str,
        share_id: &str,
        emails: &[String],
        message: &str,
    ) -> Result<(), FrameioError> {
        let path = format!("accounts/{account_id}/shares/{share_id}/reviewers");
        let body = json!({"data": {"reviewers": {"emails": emails}, "message": message, "notify_by_email": true}});
        self.send(Method::POST, &path, &[], Some(&body), false).await?;
        Ok(())
    }
}
