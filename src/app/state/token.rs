//! Step 2: the Frame.io developer token, masked.

use crate::app::action::RequestId;
use crate::frameio::model::AccountChoice;

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

/// Who a validated token belongs to and the accounts it can connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
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
    pub field: SecretField,
    pub reveal_tail: bool,
    /// "Initiate Connection" in flight.
    pub pending: Option<RequestId>,
    /// The token being checked: what `validated` becomes if Frame.io accepts it.
    pub checking: Option<SecretField>,
    pub error: Option<String>,
    /// The token that was validated (kept until the connection is written).
    pub validated: Option<SecretField>,
    pub info: Option<TokenInfo>,
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
