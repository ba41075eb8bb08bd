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
    #[error("Frame.io rate limit reached and retries ran out; try again in a minute.")]
    RateLimited,
    #[error("Frame.io rejected the request: {detail} (HTTP {status}).")]
    Invalid { status: u16, detail: String },
    #[error("Frame.io failed: {detail} (HTTP {status}).")]
    Server { status: u16, detail: String },
    #[error("Could not reach Frame.io at {host}: {detail}. Check the network.")]
    Transport { host: String, detail: String },
    #[error("Frame.io sent a response wfio could not read ({detail}).")]
    Malformed { detail: String },
    #[error("{detail}")]
    Local { detail: String },
    #[error("The upload of {name} did not complete: {detail}.")]
    Upload { name: String, detail: String },
}

impl FrameioError {
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Transport { .. } | Self::RateLimited | Self::Server { .. } | Self::Upload { .. })
    }
}
