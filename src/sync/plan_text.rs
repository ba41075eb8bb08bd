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

/// "1 person", "9 people".
pub fn people(n: usize) -> String {
    if n == 1 { "1 person".into() } else { format!("{n} people") }
}

/// How long giving `n` people access takes at Frame.io's published 10 per minute (the first
/// few go at once): said when it is more than a minute, so nobody thinks wfio hangs.
fn eta(n: usize) -> String {
    const BURST: usize = 9;
    if n <= BURST {
        return String::new();
    }
    let minutes = (n - BURST).div_ceil(10);
    format!(
        "; at Frame.io's 10 a minute that takes about {minutes} minute{}, alongside the folders and documents",
        if minutes == 1 { "" } else { "s" }
    )
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
        let what = if names.len() == 1 { "task folder" } else { "task folders" };
        lines.push((Tone::Normal, format!(" {bullet} Create {} {what}: {}", names.len(), names.join(", "))));
    }
    if !plan.uploads.is_empty() {
        lines.push((
            Tone::Normal,
            format!(
                " {bullet} Upload {} {}, {}:",
                plan.uploads.len(),
                if plan.uploads.len() == 1 { "document" } else { "documents" },
                human_bytes(plan.total_bytes())
            ),
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
        use super::plan::Access;
        let direct: Vec<_> = plan
            .invites
            .iter()
            .filter(|i| matches!(i.access, Access::ProjectUser { .. } | Access::WorkspaceUser { .. }))
            .collect();
        let reviewers: Vec<_> = plan.invites.iter().filter(|i| matches!(i.access, Access::Reviewer)).collect();
        let unknown = plan.invites.len() - direct.len() - reviewers.len();
        if !direct.is_empty() {
            let (what, role, note) = match &direct[0].access {
                Access::WorkspaceUser { role, .. } => {
                    ("the workspace", role.as_str(), "it covers its later projects too; no email")
                }
                Access::ProjectUser { role, .. } => ("the project", role.as_str(), "Frame.io emails them"),
                _ => ("the project", "", ""),
            };
            lines.push((
                Tone::Normal,
                format!(
                    " {bullet} Give {} access to {what} as {role} ({note}){}:",
                    people(direct.len()),
                    eta(direct.len())
                ),
            ));
            for i in &direct {
                lines.push((Tone::Dim, format!("     {} <{}>: {}", i.name, i.email, i.because.join("; "))));
            }
        }
        if !reviewers.is_empty() {
            lines.push((
                Tone::Normal,
                format!(
                    " {bullet} Invite {} to review by email (not Frame.io users of {}: a secure share of the project):",
                    people(reviewers.len()),
                    if d.account_name.is_empty() { "the account" } else { d.account_name.as_str() }
                ),
            ));
            for i in &reviewers {
                lines.push((Tone::Dim, format!("     {} <{}>: {}", i.name, i.email, i.because.join("; "))));
            }
        }
        if unknown > 0 {
            lines.push((Tone::Normal, format!(" {bullet} Give {} access to the project:", people(unknown))));
            for i in plan.invites.iter().filter(|i| i.access == Access::Unknown) {
                lines.push((Tone::Dim, format!("     {} <{}>: {}", i.name, i.email, i.because.join("; "))));
            }
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
