//! Steps 2 and 3 of the seed document: projects in a connected group, tasks marked Active in the
//! "Frame.io integration" form, people assigned, documents uploaded.

use std::path::Path;

use serde_json::{Value, json};

use super::bootstrap::FormIds;
use super::connect::{ATTACHED_FIELDS, with_form};
use super::error::{IntegrationError, Result};
use super::forms::{self, de};
use crate::workfront::WorkfrontClient;
use crate::workfront::documents::Progress;
use crate::workfront::model::{Assignment, Document, ObjectCategory, Project, Status, Task, Team, Template, User};

pub async fn templates(wf: &WorkfrontClient) -> Result<Vec<Template>> {
    let mut t: Vec<Template> = wf.search_all("tmpl", &[], Template::FIELDS).await?;
    t.sort_by_key(|t| t.name.to_lowercase());
    Ok(t)
}

pub async fn projects(wf: &WorkfrontClient, filters: &[(&str, String)]) -> Result<Vec<Project>> {
    let mut p: Vec<Project> = wf.search_all("proj", filters, Project::FIELDS).await?;
    p.sort_by_key(|p| p.name.to_lowercase());
    Ok(p)
}

/// Projects whose group is one of `group_ids`.
pub async fn projects_in_groups(wf: &WorkfrontClient, group_ids: &[String]) -> Result<Vec<Project>> {
    if group_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut filters: Vec<(&str, String)> = group_ids.iter().map(|g| ("groupID", g.clone())).collect();
    filters.push(("groupID_Mod", "in".into()));
    projects(wf, &filters).await
}

pub async fn project(wf: &WorkfrontClient, id: &str) -> Result<Project> {
    Ok(wf.get("proj", id, Project::FIELDS).await?)
}

/// Create a project from scratch or from a template. Without a group, Workfront puts a new
/// project in the Default group (the seed document then has you replace it).
pub async fn create_project(
    wf: &WorkfrontClient,
    name: &str,
    template_id: Option<&str>,
    group_id: Option<&str>,
) -> Result<Project> {
    let name = name.trim();
    if name.is_empty() {
        return Err(IntegrationError::Invalid("A project needs a name.".into()));
    }
    let mut body = json!({"name": name, "status": "PLN"});
    if let Some(t) = template_id {
        body["templateID"] = json!(t);
    }
    if let Some(g) = group_id {
        body["groupID"] = json!(g);
    }
    // Project names need not be unique: after a lost answer, a new project of that name is ours.
    Ok(wf.create_new("proj", &body, Project::FIELDS, &[("name", name.to_owned())], 3).await?)
}

/// Replace a project's group ("Save Changes" in Project Details).
pub async fn set_project_group(wf: &WorkfrontClient, project_id: &str, group_id: &str) -> Result<Project> {
    Ok(wf.edit("proj", project_id, &json!({"groupID": group_id}), Project::FIELDS).await?)
}

/// Whether changing this project's group would leave Frame.io behind (it is already generated).
pub fn group_change_is_not_reflected(project: &Project) -> bool {
    project.custom_text(forms::PROJECT_ID).is_some()
}

pub async fn tasks(wf: &WorkfrontClient, project_id: &str) -> Result<Vec<Task>> {
    let mut t: Vec<Task> = wf.search_all("task", &[("projectID", project_id.to_owned())], Task::FIELDS).await?;
    t.sort_by_key(|t| (t.number, t.name.to_lowercase()));
    Ok(t)
}

pub async fn create_task(wf: &WorkfrontClient, project_id: &str, name: &str) -> Result<Task> {
    let name = name.trim();
    if name.is_empty() {
        return Err(IntegrationError::Invalid("A task needs a name.".into()));
    }
    let probe = [("projectID", project_id.to_owned()), ("name", name.to_owned())];
    Ok(wf.create_new("task", &json!({"name": name, "projectID": project_id}), Task::FIELDS, &probe, 3).await?)
}

#[derive(Debug, serde::Deserialize)]
struct TaskForms {
    #[serde(rename = "ID")]
    id: String,
    #[serde(rename = "objectCategories", default)]
    object_categories: Vec<ObjectCategory>,
}

/// Set "This task's integration status" on tasks (bulk, like selecting tasks and clicking Edit).
/// Subtasks are refused before anything is written.
pub async fn set_integration_status(wf: &WorkfrontClient, ids: &FormIds, tasks: &[Task], active: bool) -> Result<()> {
    if let Some(sub) = tasks.iter().find(|t| t.is_subtask()) {
        return Err(IntegrationError::Subtask { task: sub.name.clone() });
    }
    if tasks.is_empty() {
        return Ok(());
    }
    let task_ids: Vec<String> = tasks.iter().map(|t| t.id.clone()).collect();
    let mut filters: Vec<(&str, String)> = task_ids.iter().map(|id| ("ID", id.clone())).collect();
    filters.push(("ID_Mod", "in".into()));
    let current: Vec<TaskForms> = wf.search_all("task", &filters, &format!("ID,{ATTACHED_FIELDS}")).await?;
    // First attach the form where it is missing (a field can only be set on an attached form)...
    let attach: Vec<Value> = current
        .iter()
        .filter_map(|t| {
            with_form(&t.object_categories, &ids.task).map(|list| json!({"ID": t.id, "objectCategories": list}))
        })
        .collect();
    wf.bulk_edit("task", &attach).await?;
    // ...then set the value.
    let value = if active { forms::TASK_ACTIVE } else { forms::TASK_INACTIVE };
    let set: Vec<Value> = task_ids.iter().map(|id| json!({"ID": id, de(forms::TASK_STATUS): value})).collect();
    wf.bulk_edit("task", &set).await?;
    Ok(())
}

/// Who can be assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignee {
    User(String),
    Team(String),
}

/// Whether `assignments` already include `who`.
fn has_assignee(assignments: &[Assignment], who: &Assignee) -> bool {
    assignments.iter().any(|a| match who {
        Assignee::User(u) => a.user_id.as_deref() == Some(u),
        Assignee::Team(t) => a.team_id.as_deref() == Some(t) && a.user_id.is_none(),
    })
}

/// Assign a user or a team to tasks; tasks that already have them are left alone. `assign` is
/// not idempotent in Workfront, so when its answer is lost (a reset, a 5xx) the task is read
/// again and the assignment made only if it is still missing.
pub async fn assign(wf: &WorkfrontClient, tasks: &[Task], who: &Assignee) -> Result<usize> {
    let mut added = 0;
    for task in tasks {
        if has_assignee(&task.assignments, who) {
            continue;
        }
        let (obj_id, obj_code) = match who {
            Assignee::User(u) => (u.clone(), "USER"),
            Assignee::Team(t) => (t.clone(), "TEAMOB"),
        };
        let args = [("objID", obj_id), ("objCode", obj_code.into())];
        let mut attempt = 0;
        loop {
            attempt += 1;
            match wf.action("task", &task.id, "assign", &args).await {
                Ok(_) => break,
                Err(e) if e.is_transient() => {
                    let fresh: Task = wf.get("task", &task.id, Task::FIELDS).await?;
                    if has_assignee(&fresh.assignments, who) {
                        break;
                    }
                    if attempt >= 3 {
                        return Err(e.into());
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        added += 1;
    }
    Ok(added)
}

pub async fn users(wf: &WorkfrontClient) -> Result<Vec<User>> {
    let mut u: Vec<User> = wf.search_all("user", &[("isActive", "true".into())], User::FIELDS).await?;
    u.sort_by_key(|u| u.name.to_lowercase());
    Ok(u)
}

pub async fn teams(wf: &WorkfrontClient) -> Result<Vec<Team>> {
    let mut t: Vec<Team> = wf.search_all("teamob", &[], Team::FIELDS_WITH_MEMBERS).await?;
    t.sort_by_key(|t| t.name.to_lowercase());
    Ok(t)
}

/// The largest document wfio sends: V4's `local_upload` takes a `file_size` "up to 5TB"
/// (5,000,000,000,000 bytes in the OpenAPI document); Workfront documents no size limit of its own (only
/// that an upload finishes within five minutes). A bigger document could never reach Frame.io,
/// so it is refused before upload and left out of an activation's plan.
pub const MAX_DOCUMENT_BYTES: u64 = 5_000_000_000_000;

/// `bytes` in TB (decimal, as Frame.io states its limit), for the limit's messages.
pub fn terabytes(bytes: u64) -> String {
    format!("{:.1} TB", bytes as f64 / 1e12)
}

/// A local file about to be uploaded: there, a file, readable and within the limit. Its size,
/// or what is wrong and what to do, before anything is sent.
pub async fn check_document(path: &Path) -> Result<u64> {
    let shown = path.display();
    let meta = match tokio::fs::metadata(path).await {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(IntegrationError::Local(format!(
                "{shown}: no such file. Check the path (in the wizard, Tab completes it)."
            )));
        }
        Err(e) => return Err(IntegrationError::Local(format!("{shown}: {e}. Check the path and its permissions."))),
    };
    if meta.is_dir() {
        return Err(IntegrationError::Local(format!("{shown} is a folder: choose a file in it.")));
    }
    if !meta.is_file() {
        return Err(IntegrationError::Local(format!("{shown} is not a regular file: choose a file.")));
    }
    // Opened here, not only stat'ed: a file without read permission must not become an upload
    // that fails half-way (or an empty document).
    if let Err(e) = tokio::fs::File::open(path).await {
        return Err(IntegrationError::Local(format!(
            "{shown} cannot be read ({e}): check its permissions, e.g. chmod u+r '{shown}'."
        )));
    }
    if meta.len() > MAX_DOCUMENT_BYTES {
        let name = path.file_name().map_or_else(|| shown.to_string(), |n| n.to_string_lossy().into_owned());
        return Err(IntegrationError::Invalid(format!(
            "{name} is {} ({} bytes): Frame.io takes files of up to 5 TB ({MAX_DOCUMENT_BYTES} bytes), so it \
             could never be sent there. Compress or split it, or share a link to it instead.",
            terabytes(meta.len()),
            meta.len(),
        )));
    }
    Ok(meta.len())
}

/// Upload a local file to the project's documents ("Project Documents" in the seed document).
pub async fn upload_document(
    wf: &WorkfrontClient,
    project_id: &str,
    path: &Path,
    progress: Option<Progress>,
) -> Result<Document> {
    check_document(path).await?;
    Ok(wf.upload_document(path, "PROJ", project_id, progress).await?)
}

/// The statuses that would activate a project in `group_id`: Current, and the group's custom
/// statuses that equate to Current.
pub async fn activating_statuses(wf: &WorkfrontClient, group_id: &str) -> Result<Vec<Status>> {
    let all = wf.project_group_statuses(group_id).await?;
    let mut out: Vec<Status> = all.into_iter().filter(|s| s.equates_with == "CUR").collect();
    out.sort_by_key(|s| (s.value != "CUR", s.label.to_lowercase()));
    if !out.iter().any(|s| s.value == "CUR") {
        out.insert(
            0,
            Status {
                value: "CUR".into(),
                label: "Current".into(),
                equates_with: "CUR".into(),
                color: None,
                group_id: None,
            },
        );
    }
    Ok(out)
}
