//! Who is signed in, their accounts, workspaces and projects (V4).

use reqwest::Method;
use serde_json::json;

use super::client::FrameioClient;
use super::error::FrameioError;
use super::model::{Account, AccountChoice, Project, User, Workspace};

impl FrameioClient {
    /// The signed-in user: how a credential is checked.
    pub async fn me(&self) -> Result<User, FrameioError> {
        self.get("me").await
    }

    /// Every account of the user, with their roles.
    pub async fn accounts(&self) -> Result<Vec<Account>, FrameioError> {
        self.list("accounts", &[]).await
    }

    /// Every account of the user with their (highest) role, administered ones first.
    pub async fn account_choices(&self) -> Result<Vec<AccountChoice>, FrameioError> {
        let mut choices: Vec<AccountChoice> = self.accounts().await?.into_iter().map(AccountChoice::of).collect();
        choices.sort_by_key(|c| (!c.administers(), c.account.name.to_lowercase()));
        Ok(choices)
    }

    /// The user's role in one account, from the account list (V4 has no membership call).
    pub async fn account_role(&self, account_id: &str) -> Result<Option<String>, FrameioError> {
        let accounts = self.accounts().await?;
        Ok(accounts.into_iter().find(|a| a.id == account_id).map(|a| AccountChoice::of(a).role))
    }

    pub async fn workspaces(&self, account_id: &str) -> Result<Vec<Workspace>, FrameioError> {
        self.list(&format!("accounts/{account_id}/workspaces"), &[]).await
    }

    pub async fn workspace(&self, account_id: &str, workspace_id: &str) -> Result<Workspace, FrameioError> {
        self.get(&format!("accounts/{account_id}/workspaces/{workspace_id}")).await
    }

    /// Create a workspace (the seed document's prerequisite "Create a Frame.io team"). Not
    /// retried once it may have arrived: callers look first.
    pub async fn create_workspace(&self, account_id: &str, name: &str) -> Result<Workspace, FrameioError> {
        self.write(Method::POST, &format!("accounts/{account_id}/workspaces"), json!({"name": name}), false).await
    }

    pub async fn workspace_projects(&self, account_id: &str, workspace_id: &str) -> Result<Vec<Project>, FrameioError> {
        self.list(&format!("accounts/{account_id}/workspaces/{workspace_id}/projects"), &[]).await
    }

    pub async fn project(&self, account_id: &str, project_id: &str) -> Result<Project, FrameioError> {
        self.get(&format!("accounts/{account_id}/projects/{project_id}")).await
    }

    /// Create a project in a workspace. Not retried once it may have arrived: callers look first.
    pub async fn create_project(
        &self,
        account_id: &str,
        workspace_id: &str,
        name: &str,
    ) -> Result<Project, FrameioError> {
        let path = format!("accounts/{account_id}/workspaces/{workspace_id}/projects");
        self.write(Method::POST, &path, json!({"name": name}), false).await
    }

    /// Rename a project.
    pub async fn rename_project(
        &self,
        account_id: &str,
        project_id: &str,
        name: &str,
    ) -> Result<Project, FrameioError> {
        self.write(Method::PATCH, &format!("accounts/{account_id}/projects/{project_id}"), json!({"name": name}), true)
            .await
    }
}
