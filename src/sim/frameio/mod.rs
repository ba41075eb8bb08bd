//! The simulated Frame.io: the V4 API under `/v4/...` (`v4`), and what it stands on: the store
//! of accounts, workspaces, projects and assets (`store`), the S3-like part uploads under
//! `/s3/...` (`uploads`), presigned downloads under `/cdn/...` (`downloads`), the leaky bucket
//! of the rate limiter (`ratelimit`), the xxHash64 of uploaded files (`xxh64`) and small shared
//! helpers (`common`).
//!
//! Frame.io's legacy v2 API is not simulated: it is gone in the real world and wfio speaks V4.

pub mod common;
pub mod downloads;
pub mod ratelimit;
pub mod store;
pub mod uploads;
pub mod v4;
pub mod xxh64;

use axum::routing::{any, get};

use super::Shared;

pub use self::uploads::asset_bytes;

pub fn routes() -> axum::Router<Shared> {
    axum::Router::new()
        .route("/v4", any(v4::v4))
        .route("/v4/{*rest}", any(v4::v4))
        // Parts are up to 20 MB: `put_part` reads the raw body itself, with the part's exact
        // size as its limit, so axum's default 2 MB body limit does not apply there.
        .route("/s3/frameio-uploads/{asset_id}/part/{k}", any(uploads::put_part))
        .route("/cdn/frameio-assets/{asset_id}/original", get(downloads::original))
}
