//! Asking: secrets from stdin (`--*-stdin`) or the terminal without echo, and "Proceed? [y/N]".
//! Never from argv; without a terminal (or with `--no-input`) a needed answer is a usage error.

use std::io::BufRead;

use secrecy::SecretString;

use super::output::{Failure, Out, Result};

/// A secret from the first line of stdin (`from_stdin`), else from the terminal without echo.
/// `what` names it ("Frame.io developer token"); `flag` is the stdin flag to suggest.
pub async fn secret(out: &Out, from_stdin: bool, what: &str, flag: &str) -> Result<SecretString> {
    let value = if from_stdin {
        tokio::task::spawn_blocking(|| {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map(|_| line)
        })
        .await
        .map_err(|e| Failure::error(e.to_string()))?
        .map_err(|e| Failure::error(format!("could not read stdin: {e}")))?
    } else if out.interactive {
        let prompt = format!("{what}: ");
        tokio::task::spawn_blocking(move || rpassword::prompt_password(prompt))
            .await
            .map_err(|e| Failure::error(e.to_string()))?
            .map_err(|e| Failure::error(format!("could not read from the terminal: {e}")))?
    } else {
        return Err(Failure::usage(format!(
            "a {what} is needed: pipe it in with {flag} (it is never taken from argv)"
        )));
    };
    let value = value.trim();
    if value.is_empty() {
        return Err(Failure::usage(format!("the {what} is empty")));
    }
    Ok(SecretString::from(value.to_owned()))
}

/// Ask a yes/no question on the terminal; the default is no. Without a terminal: a usage error
/// that names the flag that answers it.
pub async fn confirm(out: &Out, question: &str, flag: &str) -> Result<bool> {
    if !out.interactive {
        return Err(Failure::usage(format!(
            "\"{question}\" needs an answer and there is no terminal to ask (or --no-input): pass {flag}"
        )));
    }
    {
        use std::io::Write;
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{question} [y/N] ");
        let _ = err.flush();
    }
    let answer = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map(|_| line)
    })
    .await
    .map_err(|e| Failure::error(e.to_string()))?
    .map_err(|e| Failure::error(format!("could not read the answer: {e}")))?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}
