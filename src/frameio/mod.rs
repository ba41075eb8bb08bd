//! A typed client for the Frame.io API (legacy v2, the API developer tokens belong to).

pub mod auth;
pub mod client;
pub mod credential;
pub mod error;
pub mod model;
pub mod renewal;
pub mod upload;

pub use client::FrameioClient;
pub use credential::FrameioCredential;
pub use error::FrameioError;
