//! `wfio project list|create|set-group|show`: steps 2 to 4 of the seed document, with the rows
//! the wizard shows (`worker::rows`) and the plan it previews (`sync::prepare`).

use serde::Serialize;

use super::Env;
use super::output::{Result, count, table};
use super::resolve::{self, template_key};
use crate::app::state::ProjectRow;
use crate::cli::ProjectCmd;
use crate::integration::{self, Context, IconState, connection_of, forms, projects};
use crate::sync::plan_text;
use crate::sync::{self, Plan};
use crate::ui::theme::Role;
use crate::worker::rows;
use crate::workfront::model::{Group, Project, Status};

pub async fn run(env: &Env, cmd: &ProjectCmd) -> Result<()> {
    match cmd {
        ProjectCmd::List { connected } => list(env, *connected).await,
        ProjectCmd::Create { name, template, group } => create(env, name, template.as_deref(), group.as_deref()).await,
        ProjectCmd::SetGroup { project, group } => set_group(env, project, group).await,
        ProjectCmd::Show { project } => show(env, project).await,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    pub id: String,
    pub name: String,
    pub status: String,
    pub status_label: String,
    pub group_id: Option<String>,
    pub group_name: String,
    pub group_connected: bool,
    /// The Frame.io icon: none, pending, syncing, connected, failed.
    pub state: IconState,
    pub reason: String,
    pub active_tasks: usize,
    pub generated: bool,
    pub frameio_project_id: Option<String>,
    pub frameio_url: Option<String>,
}

pub fn view(project: &Project, row: ProjectRow, active: usize) -> ProjectView {
    ProjectView {
        id: row.id,
        name: row.name,
        status: row.status,
        status_label: row.status_label,
        group_id: row.group_id,
        group_name: row.group_name,
        group_connected: row.group_connected,
        state: row.icon,
        reason: row.reason,
        active_tasks: active,
        generated: row.generated,
        frameio_project_id: project.custom_text(forms::PROJECT_ID).map(str::to_owned),
        frameio_url: project.custom_text(forms::PROJECT_URL).map(str::to_owned),
    }
}

/// Projects (all, or those in connected groups) as the wizard's home and project screens see them.
pub async fn views(ctx: &Context, connected_only: bool) -> Result<Vec<ProjectView>> {
    let groups = integration::group_rows(&ctx.wf.groups().await?);
    let list = if connected_only {
        let ids: Vec<String> = groups.iter().filter(|g| g.is_connected()).map(|g| g.id.clone()).collect();
        projects::projects_in_groups(&ctx.wf, &ids).await?
    } else {
        projects::projects(&ctx.wf, &[]).await?
    };
    let ids: Vec<String> = list.iter().map(|p| p.id.clone()).collect();
    let (labels, counts) = tokio::join!(rows::status_labels(&ctx.wf), rows::active_counts(&ctx.wf, &ids));
    let counts = counts?;
    Ok(list
        .iter()
        .map(|p| {
            let active = counts.get(&p.id).copied().unwrap_or(0);
            view(p, rows::project_row(p, &groups, &labels, active), active)
        })
        .collect())
}

/// One project's view.
pub async fn view_of(ctx: &Context, project: &Project) -> Result<ProjectView> {
    let group = match &project.group_id {
        Some(g) => vec![integration::group_row(&ctx.wf.get::<Group>("group", g, Group::FIELDS).await?)],
        None => Vec::new(),
    };
    let ids = [project.id.clone()];
    let (labels, counts) = tokio::join!(rows::status_labels(&ctx.wf), rows::active_counts(&ctx.wf, &ids));
    let active = counts?.get(&project.id).copied().unwrap_or(0);
    Ok(view(project, rows::project_row(project, &group, &labels, active), active))
}

/// Project rows as text: icon, name, status, group, and the reason or the ID.
pub fn print_rows(env: &Env, views: &[ProjectView], with_reason: bool) {
    let rows: Vec<Vec<String>> = views
        .iter()
        .map(|p| {
            let last = if with_reason { p.reason.clone() } else { p.id.clone() };
            vec![env.out.icon(p.state), p.name.clone(), p.status_label.clone(), p.group_name.clone(), last]
        })
        .collect();
    for l in table(&rows) {
        env.out.line(l);
    }
}

async fn list(env: &Env, connected_only: bool) -> Result<()> {
    let views = views(&env.ctx, connected_only).await?;
    if env.out.json {
        env.out.json_value(&views);
    } else {
        print_rows(env, &views, false);
        if views.is_empty() {
            env.out.say("No projects.");
        }
    }
    Ok(())
}

async fn create(env: &Env, name: &str, template: Option<&str>, group: Option<&str>) -> Result<()> {
    let ctx = &env.ctx;
    let template = match template {
        Some(q) => {
            let all = projects::templates(&ctx.wf).await?;
            Some(resolve::pick("template", q, &all, template_key, "")?.clone())
        }
        None => None,
    };
    let group = match group {
        Some(q) => Some(resolve::group(ctx, q).await?),
        None => None,
    };
    let project = projects::create_project(
        &ctx.wf,
        name,
        template.as_ref().map(|t| t.id.as_str()),
        group.as_ref().map(|g| g.id.as_str()),
    )
    .await?;
    let v = view_of(ctx, &project).await?;
    if env.out.json {
        env.out.json_value(&v);
    } else {
        env.out.line(&project.id);
    }
    let from = template.map(|t| format!(" from the template \"{}\"", t.name)).unwrap_or_default();
    env.out
        .say(format!("Created the project \"{}\"{from} in the group {} ({}).", v.name, v.group_name, v.status_label));
    if !v.group_connected {
        env.out.say(format!(
            "Its group is not connected to Frame.io: put it in a connected group with \
             wfio project set-group '{}' GROUP (see wfio group list --connected).",
            v.name
        ));
    }
    Ok(())
}

async fn set_group(env: &Env, project: &str, group: &str) -> Result<()> {
    let ctx = &env.ctx;
    let project = resolve::project(ctx, project).await?;
    let group = resolve::group(ctx, group).await?;
    if projects::group_change_is_not_reflected(&project) && project.group_id.as_deref() != Some(group.id.as_str()) {
        env.out.warn(format!(
            "\"{}\" is already generated in Frame.io: once a project is connected, changes to its group \
             are not reflected in Frame.io.",
            project.name
        ));
    }
    let updated = projects::set_project_group(&ctx.wf, &project.id, &group.id).await?;
    let v = view_of(ctx, &updated).await?;
    if env.out.json {
        env.out.json_value(&v);
    } else {
        env.out.line(&updated.id);
    }
    let connected = match connection_of(&group) {
        Some(c) => format!(", connected to the Frame.io workspace {} ({})", c.workspace_name, c.account_name),
        None => ", which is not connected to Frame.io".into(),
    };
    env.out.say(format!("\"{}\" is now in the group {}{connected}.", updated.name, group.name));
    Ok(())
}

#[derive(Debug, Serialize)]
struct TaskView {
    id: String,
    name: String,
    depth: usize,
    subtask: bool,
    active: bool,
    assignees: Vec<String>,
}

#[derive(Debug, Serialize)]
struct DocView {
    name: String,
    size: u64,
    /// The task it is on; `None` for a project document.
    task: Option<String>,
}

#[derive(Debug, Serialize)]
struct StatusChoice {
    code: String,
    label: String,
}

#[derive(Debug, Serialize)]
struct Show {
    project: ProjectView,
    tasks: Vec<TaskView>,
    documents: Vec<DocView>,
    /// Statuses that activate the project: Current and its group's equivalents.
    activating_statuses: Vec<StatusChoice>,
    plan: Plan,
    frameio_user: Option<String>,
}

async fn show(env: &Env, query: &str) -> Result<()> {
    let ctx = &env.ctx;
    let project = resolve::project(ctx, query).await?;
    let (v, tasks, docs, prepared) = tokio::join!(
        view_of(ctx, &project),
        projects::tasks(&ctx.wf, &project.id),
        ctx.wf.project_documents(&project.id),
        sync::prepare(ctx, &project.id, None)
    );
    let (v, tasks, docs, prepared) = (v?, tasks?, docs?, prepared?);
    let task_rows = rows::task_rows(&tasks);
    let doc_rows = rows::doc_rows(&docs, &tasks);
    let show = Show {
        project: v,
        tasks: task_rows
            .iter()
            .map(|t| TaskView {
                id: t.id.clone(),
                name: t.name.clone(),
                depth: t.depth,
                subtask: t.is_subtask,
                active: t.active,
                assignees: t.assignees.clone(),
            })
            .collect(),
        documents: doc_rows
            .iter()
            .map(|d| DocView { name: d.name.clone(), size: d.size, task: d.on_task.clone() })
            .collect(),
        activating_statuses: statuses(&prepared.statuses),
        plan: prepared.plan.clone(),
        frameio_user: prepared.frameio_user.clone(),
    };
    if env.out.json {
        env.out.json_value(&show);
        return Ok(());
    }
    print_show(env, &show);
    Ok(())
}

fn statuses(list: &[Status]) -> Vec<StatusChoice> {
    list.iter().map(|s| StatusChoice { code: s.value.clone(), label: s.label.clone() }).collect()
}

fn print_show(env: &Env, s: &Show) {
    let out = &env.out;
    let p = &s.project;
    out.line(out.paint(Role::Title, &p.name));
    out.line(format!("  ID:        {}", p.id));
    out.line(format!("  Status:    {} ({})", p.status_label, p.status));
    let connected = if p.group_connected { "connected to Frame.io" } else { "not connected to Frame.io" };
    out.line(format!("  Group:     {} ({connected})", p.group_name));
    out.line(format!("  Frame.io:  {}  {}", out.icon(p.state), p.reason));
    if let Some(url) = &p.frameio_url {
        out.line(format!("             {url}"));
    }
    let codes: Vec<String> = s.activating_statuses.iter().map(|c| format!("{} ({})", c.label, c.code)).collect();
    out.line(format!("  Activates: {}", codes.join(", ")));
    out.line("");
    out.line(out.paint(Role::Title, &format!("Tasks ({}, {} Active)", s.tasks.len(), p.active_tasks)));
    let branch = if out.theme.unicode { "└ " } else { "- " };
    let rows: Vec<Vec<String>> = s
        .tasks
        .iter()
        .map(|t| {
            let mark = match (t.active, t.subtask) {
                (true, false) => out.paint(Role::Connected, "[Active]"),
                (true, true) => out.paint(Role::Warning, "[Active, ignored]"),
                (false, _) => "[ ]".to_owned(),
            };
            let indent = if t.depth > 0 { format!("{}{branch}", "  ".repeat(t.depth)) } else { String::new() };
            let sub = if t.subtask { " (subtask)" } else { "" };
            vec![format!("  {mark}"), format!("{indent}{}{sub}", t.name), t.assignees.join(", ")]
        })
        .collect();
    for l in table(&rows) {
        out.line(l);
    }
    out.line("");
    out.line(out.paint(Role::Title, &format!("Documents ({})", s.documents.len())));
    let rows: Vec<Vec<String>> = s
        .documents
        .iter()
        .map(|d| {
            let on = d.task.as_ref().map_or("project".to_owned(), |t| format!("task {t}"));
            vec![format!("  {}", d.name), rows::human_bytes(d.size), on]
        })
        .collect();
    for l in table(&rows) {
        out.line(l);
    }
    out.line("");
    out.line(out.paint(Role::Title, &format!("Switching to {} would:", s.plan.target_label)));
    print_plan(env, &s.plan, s.frameio_user.as_deref());
    let n = s.plan.blockers.len();
    if n > 0 {
        out.say(format!("{} before it can be activated.", count(n, "problem to fix", "problems to fix")));
    }
}

/// The wizard's plan text (`sync::plan_text`), on stdout.
pub fn print_plan(env: &Env, plan: &Plan, user: Option<&str>) {
    for (tone, text) in plan_text::lines(plan, user, env.out.theme.unicode) {
        let role = crate::ui::theme::Role::from(tone);
        env.out.line(env.out.paint(role, &text));
    }
}
