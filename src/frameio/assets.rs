//! Folders and files (V4): list a folder, create folders, start local uploads, file status,
//! delete.

use reqwest::Method;
use serde_json::json;

use super::client::FrameioClient;
use super::error::FrameioError;
use super::model::{Asset, UploadStatus};

/// Asset lists take pages of up to 500.
const ASSET_PAGE: &str = "500";

impl FrameioClient {
    /// Everything directly in a folder (files, folders, version stacks).
    pub async fn children(&self, account_id: &str, folder_id: &str) -> Result<Vec<Asset>, FrameioError> {
        let path = format!("accounts/{account_id}/folders/{folder_id}/children");
        self.list(&path, &[("page_size", ASSET_PAGE.into())]).await
    }

    /// Create a folder. Not retried once it may have arrived: callers look first.
    pub async fn create_folder(&self, account_id: &str, parent_id: &str, name: &str) -> Result<Asset, FrameioError> {
        let path = format!("accounts/{account_id}/folders/{parent_id}/folders");
        self.write(Method::POST, &path, json!({"name": name}), false).await
    }

    /// Start a local upload: the file is created and the answer carries the presigned part
    /// URLs, with the part sizes the server chose.
    pub async fn create_file(
        &self,
        account_id: &str,
        parent_id: &str,
        name: &str,
        file_size: u64,
    ) -> Result<Asset, FrameioError> {
        let path = format!("accounts/{account_id}/folders/{parent_id}/files/local_upload");
        self.write(Method::POST, &path, json!({"name": name, "file_size": file_size}), false).await
    }

    pub async fn file(&self, account_id: &str, file_id: &str) -> Result<Asset, FrameioError> {
        self.get(&format!("accounts/{account_id}/files/{file_id}")).await
    }

    /// Whether every part of a local upload arrived.
    pub async fn upload_status(&self, account_id: &str, file_id: &str) -> Result<UploadStatus, FrameioError> {
        self.get(&format!("accounts/{account_id}/files/{file_id}/status")).await
    }

    /// Delete a file or folder. Idempotent: a retried DELETE whose first attempt was cut off
    /// after the server acted answers 404, which is success here.
    pub async fn delete_asset(&self, account_id: &str, asset: &Asset) -> Result<(), FrameioError> {
        let kind = match asset.kind {
            super::model::AssetKind::Folder => "folders",
            _ => "files",
        };
        match self.send(Method::DELETE, &format!("accounts/{account_id}/{kind}/{}", asset.id), &[], None, true).await {
            Ok(_) | Err(FrameioError::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }
}
