//! The plan as text: what will be created, uploaded, invited, skipped, and what blocks it. The
//! wizard shows it before the status switch and `wfio activate` prints it, so both say the same.

use super::plan::Plan;
use crate::worker::rows::human_bytes;

/// How a line should stand out; the wizard and the CLI map it to their own styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Normal,
    Title,
    Dim,
    Warning,
    Error,
}

/// The plan as lines of plain text, each with its role (also printed by `wfio activate`); an
/// empty line separates sections.
pub fn lines(plan: &Plan, user: Option<&str>, unicode: bool) -> Vec<(Tone, String)> {
    let d = &plan.destination;
    let bullet = if unicode { "•" } else { "-" };
    let mut lines = Vec::new();
    let blank = (Tone::Normal, String::new());
    if !plan.blockers.is_empty() {
        lines.push((Tone::Error, "Cannot activate yet:".to_owned()));
        for b in &plan.blockers {
            lines.push((Tone::Error, format!(" {bullet} {b}")));
        }
        lines.push(blank.clone());
    }
    if !d.workspace_id.is_empty() {
        let who = user.map(|u| format!(", as {u}")).unwrap_or_default();
        lines.push((Tone::Title, format!("In the workspace {} ({}){who}:", d.workspace_name, d.account_name)));
    }
    lines.push((Tone::Normal, format!(" {bullet} Create the project \"{}\"", plan.project_name)));
    if !plan.folders.is_empty() {
        let names: Vec<&str> = plan.folders.iter().map(|f| f.name.as_str()).collect();
        lines.push((Tone::Normal, format!(" {bullet} Create {} task folder(s): {}", names.len(), names.join(", "))));
    }
    if !plan.uploads.is_empty() {
        lines.push((
            Tone::Normal,
            format!(" {bullet} Upload {} document(s), {}:", plan.uploads.len(), human_bytes(plan.total_bytes())),
        ));
        for u in &plan.uploads {
            let target = u
                .task_id
                .as_ref()
                .and_then(|t| plan.folders.iter().find(|f| &f.task_id == t))
                .map_or("project root".to_owned(), |f| format!("folder {}", f.name));
            lines.push((Tone::Dim, format!("     {} ({}) into {target}", u.name, human_bytes(u.size))));
        }
    }
    if !plan.invites.is_empty() {
        lines.push((Tone::Normal, format!(" {bullet} Invite {} people by email:", plan.invites.len())));
        for i in &plan.invites {
            lines.push((Tone::Dim, format!("     {} <{}>: {}", i.name, i.email, i.because.join("; "))));
        }
    }
    lines.push((
        Tone::Normal,
        format!(" {bullet} Set the project's status to {} and record the IDs in Workfront", plan.target_label),
    ));
    if !plan.skipped.is_empty() {
        lines.push(blank);
        lines.push((Tone::Warning, "Skipped:".to_owned()));
        for sk in &plan.skipped {
            lines.push((Tone::Dim, format!(" {bullet} {}: {}", sk.what, sk.why)));
        }
    }
    lines
}
