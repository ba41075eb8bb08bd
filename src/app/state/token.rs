//! Step 2: signing in to Frame.io, one of three ways (V4 takes all three), every secret masked.

use super::{Connection, TextField};
use crate::app::action::RequestId;
use crate::frameio::model::AccountChoice;

/// How the admin signs in to Frame.io.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignInMethod {
    /// The seed document's "API developer token": accounts migrated to V4 and not on the Adobe
    /// Admin Console.
    DeveloperToken,
    /// Adobe IMS sign-in (authorization code with PKCE): open the address anywhere, paste back
    /// where it lands.
    #[default]
    Adobe,
    /// An Adobe Developer Console server-to-server credential (client ID and secret), for
    /// Admin-Console-managed accounts and unattended `wfio watch`.
    ServerToServer,
}

impl SignInMethod {
    pub const ALL: [Self; 3] = [Self::DeveloperToken, Self::Adobe, Self::ServerToServer];

    pub fn label(self) -> &'static str {
        match self {
            Self::DeveloperToken => "Developer token",
            Self::Adobe => "Sign in with Adobe",
            Self::ServerToServer => "Server-to-server",
        }
    }

    pub fn short_label(self) -> &'static str {
        match self {
            Self::DeveloperToken => "Token",
            Self::Adobe => "Adobe sign-in",
            Self::ServerToServer => "Server-to-server",
        }
    }

    /// What each is for, in one line.
    pub fn explain(self) -> &'static str {
        match self {
            Self::DeveloperToken => {
                "A legacy fio-u- token: only for accounts migrated to V4 that are not on the Adobe Admin Console."
            }
            Self::Adobe => {
                "Sign in as yourself in any browser, on any machine, then paste back the address it lands on."
            }
            Self::ServerToServer => {
                "An Adobe Developer Console client ID and secret: Admin-Console accounts, unattended wfio watch."
            }
        }
    }

    pub fn next(self) -> Self {
        match self {
            Self::DeveloperToken => Self::Adobe,
            Self::Adobe => Self::ServerToServer,
            Self::ServerToServer => Self::DeveloperToken,
        }
    }
}

/// Where an Adobe sign-in is to be done: the address to open, and whether wfio also listens
/// for the browser's redirect on loopback (for `ssh -L` users).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInPrompt {
    pub url: String,
    pub callback_port: Option<u16>,
}

/// A secret being typed or pasted. Never printed: `Debug` is redacted and the UI only ever
/// renders `masked`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SecretField {
    value: String,
}

impl std::fmt::Debug for SecretField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretField([REDACTED; {} chars])", self.value.chars().count())
    }
}

impl SecretField {
    /// Tokens are far shorter; anything longer is not a token.
    pub const MAX: usize = 1024;

    /// Add typed or pasted text: whitespace and newlines (a paste often carries them) and
    /// control characters are dropped.
    pub fn push_str(&mut self, s: &str) {
        for c in s.chars().filter(|c| !c.is_whitespace() && !c.is_control()) {
            if self.value.chars().count() >= Self::MAX {
                break;
            }
            self.value.push(c);
        }
    }

    pub fn backspace(&mut self) {
        self.value.pop();
    }

    pub fn clear(&mut self) {
        // Overwrite before freeing, so the secret does not linger in this allocation.
        let len = self.value.len();
        self.value.clear();
        self.value.extend(std::iter::repeat_n('\0', len));
        self.value.clear();
    }

    pub fn len(&self) -> usize {
        self.value.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// The secret itself, for sending to the worker only.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// Bullets, optionally ending with the last four characters.
    pub fn masked(&self, unicode: bool, reveal_tail: bool) -> String {
        let n = self.len();
        let bullet = if unicode { '•' } else { '*' };
        if reveal_tail && n > 8 {
            let tail: String = self.value.chars().skip(n - 4).collect();
            format!("{}{tail}", bullet.to_string().repeat(n - 4))
        } else {
            bullet.to_string().repeat(n)
        }
    }
}

/// Who a checked sign-in belongs to and the accounts it can connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// How they signed in ("developer token", "Adobe sign-in", "server-to-server").
    pub method: String,
    pub user: String,
    pub email: Option<String>,
    pub accounts: Vec<AccountChoice>,
}

impl TokenInfo {
    pub fn administered(&self) -> Vec<&AccountChoice> {
        self.accounts.iter().filter(|a| a.administers()).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TokenState {
    pub method: SignInMethod,
    /// The secret being entered: the developer token, the pasted redirect address (or code),
    /// or the server-to-server client secret.
    pub field: SecretField,
    /// Server-to-server: the client ID (not a secret).
    pub client_id: TextField,
    /// Server-to-server: keys go to the client ID (else to the secret).
    pub on_client_id: bool,
    pub reveal_tail: bool,
    /// "Initiate Connection" (or finishing a sign-in) in flight.
    pub pending: Option<RequestId>,
    /// Asking for the Adobe sign-in address.
    pub prompt_pending: Option<RequestId>,
    /// The Adobe sign-in address, once asked for. Its answer (from the paste or the loopback
    /// listener) comes as the answer to `prompt_request`.
    pub prompt: Option<SignInPrompt>,
    pub prompt_request: Option<RequestId>,
    pub error: Option<String>,
    /// Whose sign-in was checked and the accounts it can connect. The sign-in itself stays in
    /// the worker; nothing secret is kept here once sent.
    pub info: Option<TokenInfo>,
    /// The group's connection before this one, shown so the admin knows what reconnecting does.
    pub connected_to: Option<Connection>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_is_trimmed_and_masked() {
        let mut f = SecretField::default();
        f.push_str("  fio-u-abc\n def\tGHIJ\r\n");
        assert_eq!(f.expose(), "fio-u-abcdefGHIJ");
        assert_eq!(f.masked(true, false), "•".repeat(16));
        assert_eq!(f.masked(false, true), format!("{}GHIJ", "*".repeat(12)));
        assert!(!format!("{f:?}").contains("abc"));
        f.clear();
        assert!(f.is_empty());
    }

    #[test]
    fn short_secrets_never_reveal_their_tail() {
        let mut f = SecretField::default();
        f.push_str("abcd");
        assert_eq!(f.masked(true, true), "••••");
    }
}
