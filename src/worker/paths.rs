//! Local paths typed in the wizard: `~` expansion and Tab completion. Runs in the worker because
//! reading a directory is I/O (an NFS home over SSH can be slow).

use std::path::{Path, PathBuf};

/// Expand a leading `~/` to the home directory.
pub fn expand(raw: &str) -> PathBuf {
    match (raw.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ if raw == "~" => std::env::var_os("HOME").map_or_else(|| PathBuf::from(raw), PathBuf::from),
        _ => PathBuf::from(raw),
    }
}

/// Completions of `partial` (as typed, `~` kept): entries of its directory starting with its
/// last component, directories ending in `/`, sorted, at most 50.
pub async fn complete(partial: &str) -> Vec<String> {
    let (dir_typed, prefix) = match partial.rfind('/') {
        Some(i) => (&partial[..=i], &partial[i + 1..]),
        None => ("", partial),
    };
    let dir = if dir_typed.is_empty() { PathBuf::from(".") } else { expand(dir_typed) };
    let Ok(mut entries) = tokio::fs::read_dir(&dir).await else { return Vec::new() };
    let mut out = Vec::new();
    while let Ok(Some(entry)) = entries.next_entry().await {
        let name = entry.file_name().to_string_lossy().into_owned();
        // Hidden files only when asked for.
        if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
            continue;
        }
        let is_dir = entry.file_type().await.is_ok_and(|t| t.is_dir());
        out.push(format!("{dir_typed}{name}{}", if is_dir { "/" } else { "" }));
        if out.len() >= 50 {
            break;
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn completes_files_and_directories() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("brief.pdf"), b"x").unwrap();
        std::fs::write(dir.path().join("brief.txt"), b"x").unwrap();
        std::fs::create_dir(dir.path().join("briefs")).unwrap();
        std::fs::write(dir.path().join(".hidden"), b"x").unwrap();
        let base = format!("{}/", dir.path().display());
        let got = complete(&format!("{base}bri")).await;
        assert_eq!(got, vec![format!("{base}brief.pdf"), format!("{base}brief.txt"), format!("{base}briefs/")]);
        assert!(complete(&base).await.iter().all(|c| !c.contains(".hidden")));
        assert!(complete("/no/such/dir/x").await.is_empty());
    }
}
