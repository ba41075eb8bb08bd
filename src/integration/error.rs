//! Errors of the integration: the services' own, and the rules of the seed document.

use crate::frameio::FrameioError;
use crate::workfront::WorkfrontError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntegrationError {
    #[error(transparent)]
    Workfront(#[from] WorkfrontError),
    #[error(transparent)]
    Frameio(#[from] FrameioError),
    /// The seed document: "Subtasks are not currently supported in connected Frame.io projects."
    #[error(
        "\"{task}\" is a subtask; subtasks are not supported in connected Frame.io projects. Use a top-level task."
    )]
    Subtask { task: String },
    #[error(
        "The project's group \"{group}\" is not connected to Frame.io. Connect the group first (step 1), or pick a connected group for the project."
    )]
    GroupNotConnected { group: String },
    #[error("The token's user does not administer any Frame.io account. Use a token of an account owner or admin.")]
    NotAdmin,
    #[error("The Frame.io account \"{account}\" has no team. Create a team in Frame.io, then try again.")]
    NoTeams { account: String },
    #[error(
        "No Frame.io token is stored for the account \"{account}\". Connect the group again (step 1) with a token, or set WFIO_FRAMEIO_TOKEN."
    )]
    NoToken { account: String },
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Local(String),
}

impl IntegrationError {
    /// Retrying the same thing later may work.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Workfront(e) => e.is_transient(),
            Self::Frameio(e) => e.is_transient(),
            _ => false,
        }
    }

    /// The credentials were refused (exit code 4 in headless mode).
    pub fn is_auth(&self) -> bool {
        match self {
            Self::Workfront(e) => matches!(e, WorkfrontError::Auth { .. }),
            Self::Frameio(e) => e.is_auth(),
            _ => false,
        }
    }

    /// The credentials were accepted but their user may not do this (HTTP 403; exit code 4 too:
    /// the fix is other credentials or more rights, not retrying).
    pub fn is_forbidden(&self) -> bool {
        matches!(
            self,
            Self::Workfront(WorkfrontError::Forbidden { .. }) | Self::Frameio(FrameioError::Forbidden { .. })
        )
    }
}

pub type Result<T, E = IntegrationError> = std::result::Result<T, E>;
