//! A person's sign-in, in two steps that may be two commands: `begin_login` makes the
//! `/ims/authorize/v2` URL with a fresh `state` and PKCE verifier (a `PendingLogin`, which the
//! caller keeps, e.g. under `[profiles.P.frameio_pending]` of the 0600 credentials file), and
//! `parse_pasted` reads what the person pastes back: the whole redirect address (any scheme or
//! host), its query string alone, or just the code. The code is then exchanged with
//! `ImsClient::exchange_code`. A pending sign-in older than `MAX_AGE` is refused (`check_fresh`).

use jiff::{SignedDuration, Timestamp};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::{ImsConfig, ImsError, pkce};

/// How long a started sign-in can be finished: IMS codes are short-lived anyway.
pub const MAX_AGE: SignedDuration = SignedDuration::from_mins(30);

/// A sign-in waiting for its code. Serialisable (to finish it in another command) and safe to
/// print with `{:?}`: the verifier is masked.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    /// Where to send the person (holds no secret: only the challenge of the verifier).
    pub url: String,
    pub state: String,
    #[serde(with = "crate::secret_serde")]
    pub verifier: SecretString,
    pub redirect_uri: String,
    pub started_at: Timestamp,
    /// The client and IMS that started it: the code is valid for them only.
    pub client_id: String,
    pub ims_base: String,
}

/// Start a sign-in with `config`'s client, redirect URI and scopes.
pub fn begin_login(config: &ImsConfig) -> PendingLogin {
    let state = pkce::state();
    let verifier = pkce::verifier();
    let mut url = config.endpoint("authorize/v2");
    url.query_pairs_mut()
        .append_pair("client_id", &config.client_id)
        .append_pair("redirect_uri", &config.redirect_uri)
        .append_pair("scope", &config.scopes)
        .append_pair("response_type", "code")
        .append_pair("state", &state)
        .append_pair("code_challenge", &pkce::challenge(&verifier))
        .append_pair("code_challenge_method", "S256");
    PendingLogin {
        url: url.into(),
        state,
        verifier,
        redirect_uri: config.redirect_uri.clone(),
        started_at: Timestamp::now(),
        client_id: config.client_id.clone(),
        ims_base: config.base.as_str().to_owned(),
    }
}

impl PendingLogin {
    /// Refuse to finish a sign-in started more than `MAX_AGE` before `now`.
    pub fn check_fresh(&self, now: Timestamp) -> Result<(), ImsError> {
        if now.duration_since(self.started_at) > MAX_AGE {
            return Err(ImsError::Stale { started: self.started_at.strftime("%Y-%m-%d %H:%M UTC").to_string() });
        }
        Ok(())
    }
}

/// The code in what the person pasted, checked against the sign-in it must answer.
pub fn parse_pasted(input: &str, pending: &PendingLogin) -> Result<String, ImsError> {
    let text = clean(input);
    if text.is_empty() {
        return Err(ImsError::EmptyPaste);
    }
    // A query (after `?`, or a fragment after `#`), or `a=b&c=d` alone; an address without
    // either carries no answer; the rest is the code itself.
    let query = match (text.find('?'), text.find('#')) {
        (Some(q), _) => Some(&text[q + 1..]),
        (None, Some(h)) => Some(&text[h + 1..]),
        (None, None) if text.contains('=') => Some(text.as_str()),
        (None, None) if text.contains("://") => return Err(ImsError::NoCode),
        (None, None) => None,
    };
    match query {
        None => Ok(text),
        Some(q) => {
            // The fragment's pairs count too (`?…#code=…`).
            let pairs: Vec<(String, String)> =
                q.split(['#', '&']).flat_map(|part| url::form_urlencoded::parse(part.as_bytes())).map(owned).collect();
            answer(&pairs, &pending.state)
        }
    }
}

fn owned((k, v): (std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)) -> (String, String) {
    (k.into_owned(), v.into_owned())
}

/// The code in a callback's parameters: the state must be the one sent (when present), an
/// `error` is said plainly, and there must be a code.
pub(crate) fn answer(pairs: &[(String, String)], expected_state: &str) -> Result<String, ImsError> {
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_owned());
    if get("state").is_some_and(|s| s != expected_state) {
        return Err(ImsError::StateMismatch);
    }
    if let Some(error) = get("error") {
        let description =
            get("error_description").filter(|d| !d.is_empty()).unwrap_or_else(|| "no reason given".into());
        return Err(ImsError::Denied {
            error: crate::http::clip(&error, 100),
            description: crate::http::clip(&description, 300),
        });
    }
    get("code").filter(|c| !c.is_empty()).ok_or(ImsError::NoCode)
}

/// Without terminal junk: bracketed-paste markers, control characters, whitespace anywhere (a
/// long address wraps over lines; neither addresses nor codes contain spaces), and quotes or
/// angle brackets around it.
fn clean(input: &str) -> String {
    let mut text = input.replace("\u{1b}[200~", "").replace("\u{1b}[201~", "");
    text = text.replace("[200~", "").replace("[201~", "");
    let text: String = text.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    text.trim_matches(|c| matches!(c, '"' | '\'' | '<' | '>' | '`')).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;

    fn pending() -> PendingLogin {
        begin_login(&ImsConfig::user(Url::parse("https://ims-na1.adobelogin.com").unwrap(), "wfio-demo-public"))
    }

    #[test]
    fn the_authorize_url_carries_every_parameter() {
        let p = pending();
        let url = Url::parse(&p.url).unwrap();
        assert_eq!(url.path(), "/ims/authorize/v2");
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["client_id"], "wfio-demo-public");
        assert_eq!(q["redirect_uri"], "https://localhost/wfio/callback");
        assert_eq!(q["scope"], "openid email profile offline_access additional_info.roles");
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["state"], p.state);
        assert_eq!(q["code_challenge"], pkce::challenge(&p.verifier));
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q.len(), 7);
        use secrecy::ExposeSecret;
        assert!(!p.url.contains(p.verifier.expose_secret()), "the verifier never leaves wfio");
        assert!(!format!("{p:?}").contains(p.verifier.expose_secret()));
        assert_ne!(pending().state, p.state);
    }

    #[test]
    fn a_pending_login_round_trips_through_toml_and_goes_stale() {
        use secrecy::ExposeSecret;
        let p = pending();
        let text = toml::to_string(&p).unwrap();
        let back: PendingLogin = toml::from_str(&text).unwrap();
        assert_eq!(back.verifier.expose_secret(), p.verifier.expose_secret());
        assert_eq!((back.state.as_str(), back.started_at), (p.state.as_str(), p.started_at));
        assert!(p.check_fresh(p.started_at + SignedDuration::from_mins(29)).is_ok());
        let err = p.check_fresh(p.started_at + SignedDuration::from_mins(31)).unwrap_err();
        assert!(matches!(err, ImsError::Stale { .. }), "{err}");
    }

    #[test]
    fn pasted_addresses_queries_and_codes() {
        let p = pending();
        let s = &p.state;
        let url = format!("https://localhost/wfio/callback?code=eyJ.abc-1_2&state={s}");
        assert_eq!(parse_pasted(&url, &p).unwrap(), "eyJ.abc-1_2");
        // Any scheme or host, a query alone, a code alone, a fragment.
        let native = format!("adobe+3f2a://callback?state={s}&code=C2");
        assert_eq!(parse_pasted(&native, &p).unwrap(), "C2");
        assert_eq!(parse_pasted(&format!("?code=C3&state={s}"), &p).unwrap(), "C3");
        assert_eq!(parse_pasted(&format!("code=C4&state={s}"), &p).unwrap(), "C4");
        assert_eq!(parse_pasted("  C5\n", &p).unwrap(), "C5");
        assert_eq!(parse_pasted(&format!("https://localhost/cb#code=C6&state={s}"), &p).unwrap(), "C6");
        // No state to check: accepted like a bare code.
        assert_eq!(parse_pasted("https://localhost/wfio/callback?code=C7", &p).unwrap(), "C7");
        // Percent-encoding is decoded.
        assert_eq!(parse_pasted(&format!("?code=a%2Bb&state={s}"), &p).unwrap(), "a+b");
    }

    #[test]
    fn terminal_junk_is_removed() {
        let p = pending();
        let s = &p.state;
        let wrapped = format!("\u{1b}[200~https://localhost/wfio/cal\nlback?code=C1&st\r\nate={s}\u{1b}[201~\n");
        assert_eq!(parse_pasted(&wrapped, &p).unwrap(), "C1");
        assert_eq!(parse_pasted(&format!("'<https://h/cb?code=C2&state={s}>'"), &p).unwrap(), "C2");
        assert_eq!(parse_pasted("[200~C3[201~", &p).unwrap(), "C3");
    }

    #[test]
    fn wrong_answers_are_said_plainly() {
        let p = pending();
        let s = &p.state;
        assert_eq!(parse_pasted("", &p), Err(ImsError::EmptyPaste));
        assert_eq!(parse_pasted(" \n\u{1b}[200~\u{1b}[201~", &p), Err(ImsError::EmptyPaste));
        let other = "https://localhost/wfio/callback?code=C&state=someone-elses";
        let err = parse_pasted(other, &p).unwrap_err();
        assert_eq!(err, ImsError::StateMismatch);
        assert!(err.to_string().contains("the answer to another sign-in"), "{err}");
        let denied = format!(
            "https://localhost/wfio/callback?error=access_denied&error_description=The+user+declined&state={s}"
        );
        let err = parse_pasted(&denied, &p).unwrap_err();
        assert_eq!(err, ImsError::Denied { error: "access_denied".into(), description: "The user declined".into() });
        assert!(err.to_string().contains("The user declined (access_denied)"), "{err}");
        assert_eq!(parse_pasted(&format!("?state={s}"), &p), Err(ImsError::NoCode));
        assert_eq!(parse_pasted("https://localhost/wfio/callback", &p), Err(ImsError::NoCode));
        assert_eq!(parse_pasted(&format!("?code=&state={s}"), &p), Err(ImsError::NoCode));
    }
}
