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
    #[error(
        "The signed-in Frame.io user does not administer any Frame.io account. Sign in as an account owner or admin."
    )]
    NotAdmin,
    #[error(
        "The Frame.io account \"{account}\" has no workspace. Create one in Frame.io (or with `wfio group connect GROUP --workspace NAME --create-workspace`), then try again."
    )]
    NoWorkspaces { account: String },
    #[error(
        "wfio has no Frame.io sign-in for the account \"{account}\" on this machine. Connect the group again (step 1) and sign in, or run `wfio auth login frameio`."
    )]
    NoToken { account: String },
    #[error(
        "The group \"{group}\" was connected with Frame.io's legacy API (team {team}), which Frame.io has removed. Reconnect it to a workspace (step 1); projects already generated stay where they are."
    )]
    LegacyConnection { group: String, team: String },
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
