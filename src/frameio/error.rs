//! What can go wrong talking to Frame.io.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameioError {
    #[error(
        "Frame.io did not accept the developer token ({detail}). Create a token at developer.frame.io and paste it again."
    )]
    Unauthorized { detail: String },
    #[error("Frame.io refused: {detail}. The token may lack a scope or the user may not have access.")]
    Forbidden { detail: String },
    #[error("Frame.io: not found ({detail}).")]
    NotFound { detail: String },
    #[error("Frame.io rate limit reached; try again in a moment.")]
    RateLimited { retry_after_ms: Option<u64> },
    #[error("Frame.io: {detail} (HTTP {status}).")]
    Api { status: u16, detail: String },
    #[error("Could not reach Frame.io at {host}: {detail}. Check the network.")]
    Transport { host: String, detail: String },
    #[error("Frame.io sent a response wfio could not read ({detail}).")]
    Malformed { detail: String },
}

impl FrameioError {
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transport { .. } | Self::RateLimited { .. } => true,
            Self::Api { status, .. } => *status >= 500,
            _ => false,
        }
    }
}
