//! What can go wrong talking to Workfront, in terms a user can act on.

/// An error from the Workfront API or the way to it. Messages never carry credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkfrontError {
    /// 401 / `AuthenticationException`: the API key or session is wrong or expired.
    #[error("Workfront refused the credentials ({message}). Check the API key or sign in again.")]
    Auth { message: String },
    /// 403: the credentials are good, but their user's access level does not allow the action.
    #[error(
        "Workfront did not allow this ({message}). The API key's user needs an access level that lets it create \
         groups, custom forms, projects and tasks and edit projects: ask a Workfront administrator to raise it, \
         or use the API key of a user who has it."
    )]
    Forbidden { message: String },
    /// Any other error envelope Workfront sent.
    #[error("Workfront: {message}")]
    Api { status: u16, class: String, message: String },
    /// The server could not be reached or the connection broke.
    #[error("Could not reach Workfront at {host}: {detail}. Check the network and the instance URL.")]
    Transport { host: String, detail: String },
    /// A local file could not be read or written.
    #[error("{detail}")]
    Local { detail: String },
    /// A response that is not what the API documents.
    #[error("Workfront sent a response wfio could not read ({detail}).")]
    Malformed { detail: String },
}

impl WorkfrontError {
    /// The exception class Workfront reported, when it reported one.
    pub fn class(&self) -> Option<&str> {
        match self {
            Self::Auth { .. } => Some("com.attask.common.AuthenticationException"),
            Self::Api { class, .. } => Some(class),
            Self::Forbidden { .. } => None,
            _ => None,
        }
    }

    /// Worth retrying as-is: connection problems and server-side failures.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transport { .. } => true,
            Self::Api { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}
