//! `wfio doc upload`: "Upload any documents or creative briefs in the Project Documents area",
//! with progress on stderr (a bar on a terminal, a line per file otherwise).

use std::path::Path;
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use super::Env;
use super::output::Result;
use super::resolve;
use crate::cli::DocCmd;
use crate::integration::projects;
use crate::worker::{paths, rows::human_bytes};

pub async fn run(env: &Env, cmd: &DocCmd) -> Result<()> {
    match cmd {
        DocCmd::Upload { project, files } => upload(env, project, files).await,
    }
}

#[derive(Debug, Serialize)]
struct DocView {
    id: String,
    name: String,
    size: u64,
    project_id: String,
}

/// A byte progress bar on stderr, when stderr is a terminal and output is not JSON.
pub fn bar(env: &Env, total: u64, label: &str) -> Option<ProgressBar> {
    if !env.out.stderr_is_terminal || env.out.json {
        return None;
    }
    let bar = ProgressBar::new(total);
    let chars = if env.out.theme.unicode { "█▉▊▋▌▍▎▏ " } else { "#>-" };
    let template = if env.out.theme.color {
        "{msg} [{bar:30.magenta}] {bytes}/{total_bytes} {bytes_per_sec} {eta}"
    } else {
        "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars(chars));
    }
    bar.set_message(label.to_owned());
    Some(bar)
}

async fn upload(env: &Env, project: &str, files: &[std::path::PathBuf]) -> Result<()> {
    let project = resolve::project(&env.ctx, project).await?;
    // Every file must be there, readable and within the limit before anything is sent.
    for f in files {
        projects::check_document(&paths::expand(&f.to_string_lossy())).await?;
    }
    let mut views = Vec::new();
    for f in files {
        let path = paths::expand(&f.to_string_lossy());
        let total = tokio::fs::metadata(&path).await.map(|m| m.len()).unwrap_or(0);
        let name = file_name(&path);
        let bar = bar(env, total, &name);
        let progress = bar
            .clone()
            .map(|b| -> crate::workfront::documents::Progress { Arc::new(move |done| b.set_position(done)) });
        let result = projects::upload_document(&env.ctx.wf, &project.id, &path, progress).await;
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        let doc = result?;
        env.out.say(format!("Uploaded {name} ({}) to the documents of \"{}\".", human_bytes(total), project.name));
        if !env.out.json {
            env.out.line(&doc.id);
        }
        views.push(DocView { id: doc.id, name: doc.name, size: total, project_id: project.id.clone() });
    }
    if env.out.json {
        env.out.json_value(&views);
    }
    Ok(())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
