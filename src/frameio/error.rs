//! What can go wrong talking to Frame.io (and to Adobe IMS on its behalf).

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameioError {
    #[error(
        "Frame.io did not accept the credentials ({detail}). Sign in again (step 2): paste a new developer token, sign in with Adobe, or check the server-to-server client."
    )]
    Unauthorized { detail: String },
    /// A legacy developer token used on an account that the Adobe Admin Console manages: V4
    /// accepts those only for auto-migrated accounts not on the Admin Console.
    #[error(
        "Frame.io refused the developer token: this account is managed in the Adobe Admin Console, where developer tokens do not work ({detail}). Sign in with Adobe, or use a server-to-server credential."
    )]
    LegacyTokenRefused { detail: String },
    /// The sign-in cannot be renewed (the refresh token expired or was revoked, or the
    /// server-to-server client was refused): a person has to sign in again.
    #[error("The Adobe sign-in has ended ({detail}). Sign in again (step 2, or `wfio auth login frameio`).")]
    SignInExpired { detail: String },
    /// Adobe IMS refused the client itself (`invalid_client`, `unauthorized_client`): the client
    /// ID or secret is wrong, revoked, or not allowed this grant. Signing in again won't help.
    #[error(
        "Adobe IMS refused the client ID {client_id} or its secret ({detail}). Check the profile's ims_client_id and the client secret against the Adobe Developer Console credential."
    )]
    ClientRefused { client_id: String, detail: String },
    /// Adobe IMS answered with another error (a bad request, a rate limit, an outage).
    #[error("Adobe IMS did not sign in: {detail} (HTTP {status}).")]
    Ims { status: u16, detail: String },
    #[error("Frame.io refused: {detail}. The signed-in user may not have access to this.")]
    Forbidden { detail: String },
    #[error("Frame.io: not found ({detail}).")]
    NotFound { detail: String },
    #[error("Frame.io rate limit reached and retries ran out; try again in a minute.")]
    RateLimited,
    #[error("Frame.io rejected the request: {detail} (HTTP {status}).")]
    Invalid { status: u16, detail: String },
    #[error("Frame.io failed: {detail} (HTTP {status}).")]
    Server { status: u16, detail: String },
    #[error("Could not reach {service} at {host}: {detail}. Check the network.")]
    Transport { service: &'static str, host: String, detail: String },
    #[error("Frame.io sent a response wfio could not read ({detail}).")]
    Malformed { detail: String },
    #[error("{detail}")]
    Local { detail: String },
    #[error("The upload of {name} did not complete: {detail}.")]
    Upload { name: String, detail: String },
}

impl FrameioError {
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Ims { status, .. } => *status == 429 || *status >= 500,
            _ => matches!(self, Self::Transport { .. } | Self::RateLimited | Self::Server { .. } | Self::Upload { .. }),
        }
    }

    /// The credentials were refused: another sign-in is the fix.
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            Self::Unauthorized { .. }
                | Self::SignInExpired { .. }
                | Self::LegacyTokenRefused { .. }
                | Self::ClientRefused { .. }
        )
    }
}
