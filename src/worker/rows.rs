//! Turning what the APIs return into the rows the screens show.

use std::collections::HashMap;

use crate::app::state::{DocRow, GroupRow, ProjectRow, TaskRow};
use crate::integration::{self, forms, state};
use crate::workfront::WorkfrontClient;
use crate::workfront::model::{Document, Project, Status, Task};

/// Status labels (system and custom) by code, for showing `PRD` as "In Production".
pub async fn status_labels(wf: &WorkfrontClient) -> HashMap<String, String> {
    let statuses: Vec<Status> = wf
        .search_all("cstem", &[("enumClass", "STATUS_PROJ".into())], "value,label,equatesWith,groupID")
        .await
        .unwrap_or_default();
    let mut labels: HashMap<String, String> = statuses.into_iter().map(|s| (s.value, s.label)).collect();
    for (code, label) in [
        ("PLN", "Planning"),
        ("CUR", "Current"),
        ("CPL", "Complete"),
        ("DED", "Dead"),
        ("ONH", "On Hold"),
        ("REQ", "Requested"),
        ("APR", "Approved"),
        ("REJ", "Rejected"),
        ("IDA", "Idea"),
    ] {
        labels.entry(code.into()).or_insert_with(|| label.into());
    }
    labels
}

/// Active top-level tasks per project, in one search.
pub async fn active_counts(
    wf: &WorkfrontClient,
    project_ids: &[String],
) -> integration::Result<HashMap<String, usize>> {
    if project_ids.is_empty() {
        return Ok(HashMap::new());
    }
    #[derive(serde::Deserialize)]
    struct Row {
        #[serde(rename = "projectID")]
        project_id: String,
    }
    let mut filters: Vec<(&str, String)> =
        vec![("DE:This task's integration status", forms::TASK_ACTIVE.into()), ("parentID_Mod", "isnull".into())];
    // Up to a few hundred IDs fit in a URL; beyond that, count everything Active.
    if project_ids.len() <= 200 {
        filters.extend(project_ids.iter().map(|id| ("projectID", id.clone())));
        filters.push(("projectID_Mod", "in".into()));
    }
    let rows: Vec<Row> = wf.search_all("task", &filters, "ID,projectID").await?;
    let mut counts = HashMap::new();
    for r in rows {
        *counts.entry(r.project_id).or_default() += 1;
    }
    Ok(counts)
}

pub fn project_row(
    project: &Project,
    groups: &[GroupRow],
    labels: &HashMap<String, String>,
    active: usize,
) -> ProjectRow {
    let group = project.group_id.as_ref().and_then(|id| groups.iter().find(|g| &g.id == id));
    let connected = group.is_some_and(GroupRow::is_connected);
    let (icon, reason) = state::project_icon(project, connected, active);
    ProjectRow {
        id: project.id.clone(),
        name: project.name.clone(),
        status: project.status.clone(),
        status_label: labels.get(&project.status).cloned().unwrap_or_else(|| project.status.clone()),
        group_id: project.group_id.clone(),
        group_name: group
            .map(|g| g.name.clone())
            .or_else(|| project.group.as_ref().map(|g| g.name.clone()))
            .unwrap_or_else(|| "(no group)".into()),
        group_connected: connected,
        icon,
        reason,
        generated: project.custom_text(forms::PROJECT_ID).is_some(),
    }
}

/// Tasks in tree order: each task followed by its subtasks.
pub fn task_rows(tasks: &[Task]) -> Vec<TaskRow> {
    let mut children: HashMap<Option<&str>, Vec<&Task>> = HashMap::new();
    for t in tasks {
        // A parent outside this project's list makes the task a root, rather than invisible.
        let parent = t.parent_id.as_deref().filter(|p| tasks.iter().any(|x| x.id == *p));
        children.entry(parent).or_default().push(t);
    }
    let mut out = Vec::new();
    fn walk<'a>(
        parent: Option<&'a str>,
        depth: usize,
        children: &HashMap<Option<&'a str>, Vec<&'a Task>>,
        out: &mut Vec<TaskRow>,
    ) {
        let Some(list) = children.get(&parent) else { return };
        let mut list = list.clone();
        list.sort_by_key(|t| (t.number, t.name.to_lowercase()));
        for t in list {
            let assignees = t
                .assignments
                .iter()
                .filter_map(|a| {
                    a.user
                        .as_ref()
                        .map(|u| u.name.clone())
                        .or_else(|| a.team.as_ref().map(|t| format!("team {}", t.name)))
                })
                .collect();
            out.push(TaskRow {
                id: t.id.clone(),
                name: t.name.clone(),
                depth,
                is_subtask: t.is_subtask(),
                active: state::is_active(t),
                assignees,
            });
            if depth < 8 {
                walk(Some(t.id.as_str()), depth + 1, children, out);
            }
        }
    }
    walk(None, 0, &children, &mut out);
    out
}

pub fn doc_rows(docs: &[Document], tasks: &[Task]) -> Vec<DocRow> {
    let mut rows: Vec<DocRow> = docs
        .iter()
        .map(|d| DocRow {
            name: d
                .current_version
                .as_ref()
                .map(|v| v.file_name.clone())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| d.name.clone()),
            size: d.current_version.as_ref().map_or(0, |v| v.size),
            on_task: d.task_id.as_ref().and_then(|id| tasks.iter().find(|t| &t.id == id)).map(|t| t.name.clone()),
        })
        .collect();
    rows.sort_by_key(|d| (d.on_task.is_some(), d.name.to_lowercase()));
    rows
}

/// Sizes for people: `1.2 MB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 { format!("{n} B") } else { format!("{v:.1} {}", UNITS[unit]) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tasks_come_in_tree_order() {
        let t = |id: &str, n: u32, parent: Option<&str>| -> Task {
            serde_json::from_value(json!({"ID": id, "name": id, "taskNumber": n, "parentID": parent})).unwrap()
        };
        let tasks = vec![t("b", 2, None), t("b1", 3, Some("b")), t("a", 1, None), t("b2", 4, Some("b"))];
        let rows = task_rows(&tasks);
        let order: Vec<(&str, usize)> = rows.iter().map(|r| (r.id.as_str(), r.depth)).collect();
        assert_eq!(order, vec![("a", 0), ("b", 0), ("b1", 1), ("b2", 1)]);
        assert!(rows[2].is_subtask);
    }

    #[test]
    fn bytes_for_people() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1_200_000), "1.2 MB");
    }
}
