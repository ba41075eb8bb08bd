//! A typed client for the Frame.io V4 API, signed in through Adobe IMS or with a legacy
//! developer token (`auth`).

pub mod api;
pub mod assets;
pub mod auth;
pub mod client;
pub mod credential;
pub mod error;
pub mod limits;
pub mod model;
pub mod people;
pub mod renewal;
pub mod upload;

pub use auth::TokenSource;
pub use client::FrameioClient;
pub use credential::FrameioCredential;
pub use error::FrameioError;
