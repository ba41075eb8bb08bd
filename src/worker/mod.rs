//! The API worker: receives requests from the UI on a bounded channel, runs each one as its own
//! task (so a slow request never holds up another), and sends typed answers back as actions.
//! Every answer carries the request's ID so the reducer can drop answers nobody waits for.
//! Everything goes through the integration layer and the engine, the same code the headless
//! commands use.

pub mod paths;
pub mod rows;
pub mod signin;

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::app::action::{Action, Request, RequestId, WorkerEvent};
use crate::app::state::{ErrorInfo, HomeData, People, Preview, ProjectsData, TasksData};
use crate::integration::{self, Context, IntegrationError, connect, connection_of, projects};
use crate::sync::{self, SyncEvent};
use crate::workfront::model::{Group, Task};

/// Requests waiting for the worker; the UI never queues more than a handful.
pub const QUEUE: usize = 64;

pub type Job = (RequestId, Request);

/// Start the worker on the current runtime. It stops when the job sender is dropped.
pub fn spawn(ctx: Context, events: mpsc::Sender<Action>) -> mpsc::Sender<Job> {
    let (tx, mut rx) = mpsc::channel::<Job>(QUEUE);
    let signins = signin::SignIns::default();
    tokio::spawn(async move {
        while let Some((id, request)) = rx.recv().await {
            let ctx = ctx.clone();
            let events = events.clone();
            let signins = signins.clone();
            tokio::spawn(async move {
                let out = Out { id, events };
                run(&ctx, &signins, &out, request).await;
            });
        }
    });
    tx
}

/// Where a request's answers go.
pub(crate) struct Out {
    id: RequestId,
    events: mpsc::Sender<Action>,
}

impl Out {
    async fn send(&self, event: WorkerEvent) {
        // The UI may be gone (quitting); nothing to do then.
        let _ = self.events.send(Action::Worker(event)).await;
    }
}

fn err(e: IntegrationError) -> ErrorInfo {
    ErrorInfo::new(e.to_string())
}

async fn run(ctx: &Context, signins: &signin::SignIns, out: &Out, request: Request) {
    let request_id = out.id;
    let event = match request {
        Request::LoadHome => WorkerEvent::Home { request: request_id, result: home(ctx).await.map_err(err) },
        Request::LoadGroups => WorkerEvent::Groups {
            request: request_id,
            result: ctx.wf.groups().await.map(|g| integration::group_rows(&g)).map_err(|e| err(e.into())),
        },
        Request::CreateGroup { name } => WorkerEvent::GroupCreated {
            request: request_id,
            result: connect::create_group(&ctx.wf, &name).await.map(|g| integration::group_row(&g)).map_err(err),
        },
        Request::BeginAdobeSignIn => {
            signin::begin_adobe(ctx, signins, out).await;
            return;
        }
        Request::SignIn(how) => {
            WorkerEvent::TokenChecked { request: request_id, result: signin::sign_in(ctx, signins, how).await }
        }
        Request::LoadTeams { account_id } => {
            let result = async {
                let fio = ctx.frameio(signins.current()?)?;
                let mut list = fio.workspaces(&account_id).await?;
                if list.is_empty() {
                    return Err(IntegrationError::Invalid(
                        "This Frame.io account has no workspace. Create one in Frame.io, then choose the account again."
                            .into(),
                    ));
                }
                list.sort_by_key(|t| t.name.to_lowercase());
                Ok(list)
            }
            .await;
            WorkerEvent::Teams { request: request_id, result: result.map_err(err) }
        }
        Request::Connect { group_id, account, team } => {
            let result = async {
                let source = signins.current()?;
                let group = connect::connect_group(ctx, &group_id, &source, &account, &team).await?;
                Ok(integration::group_row(&group))
            }
            .await;
            WorkerEvent::Connected { request: request_id, result: result.map_err(err) }
        }
        Request::LoadProjects => {
            WorkerEvent::Projects { request: request_id, result: projects_data(ctx).await.map_err(err) }
        }
        Request::CreateProject { name, template_id } => {
            let result = async {
                let p = projects::create_project(&ctx.wf, &name, template_id.as_deref(), None).await?;
                project_row(ctx, &p.id).await
            }
            .await;
            WorkerEvent::ProjectSaved { request: request_id, result: result.map_err(err) }
        }
        Request::SetProjectGroup { project_id, group_id } => {
            let result = async {
                projects::set_project_group(&ctx.wf, &project_id, &group_id).await?;
                project_row(ctx, &project_id).await
            }
            .await;
            WorkerEvent::ProjectSaved { request: request_id, result: result.map_err(err) }
        }
        Request::LoadTasks { project_id } => {
            WorkerEvent::Tasks { request: request_id, result: tasks_data(ctx, &project_id).await.map_err(err) }
        }
        Request::CreateTask { project_id, name } => {
            let result = projects::create_task(&ctx.wf, &project_id, &name)
                .await
                .map(|t| format!("Created the task \"{}\".", t.name));
            WorkerEvent::TasksChanged { request: request_id, result: result.map_err(err) }
        }
        Request::SetTaskStatus { task_ids, active } => {
            let result = async {
                let forms = ctx.forms().await?;
                let tasks = tasks_by_id(ctx, &task_ids).await?;
                projects::set_integration_status(&ctx.wf, &forms, &tasks, active).await?;
                let n = tasks.len();
                let plural = if n == 1 { "task" } else { "tasks" };
                Ok(if active {
                    format!("{n} {plural} set to Active: the icon is grey (pending) until Current (6).")
                } else {
                    format!("{n} {plural} set to Inactive.")
                })
            }
            .await;
            WorkerEvent::TasksChanged { request: request_id, result: result.map_err(err) }
        }
        Request::LoadPeople => WorkerEvent::People { request: request_id, result: people(ctx).await.map_err(err) },
        Request::Assign { task_ids, who, label } => {
            let result = async {
                let tasks = tasks_by_id(ctx, &task_ids).await?;
                let added = projects::assign(&ctx.wf, &tasks, &who).await?;
                Ok(match added {
                    0 => format!("{label} was already assigned to the selected tasks."),
                    n => format!("Assigned {label} to {n} task{}.", if n == 1 { "" } else { "s" }),
                })
            }
            .await;
            WorkerEvent::TasksChanged { request: request_id, result: result.map_err(err) }
        }
        Request::CompletePath { partial } => {
            WorkerEvent::Completions { request: request_id, candidates: paths::complete(&partial).await }
        }
        Request::Upload { project_id, path } => upload(ctx, out, &project_id, &path).await,
        Request::Preview { project_id } => {
            WorkerEvent::Preview { request: request_id, result: preview(ctx, &project_id).await.map_err(err) }
        }
        Request::Activate { project_id, status } => {
            activate(ctx, out, &project_id, &status).await;
            return;
        }
    };
    out.send(event).await;
}

async fn home(ctx: &Context) -> integration::Result<HomeData> {
    let groups = integration::group_rows(&ctx.wf.groups().await?);
    let connected: Vec<String> = groups.iter().filter(|g| g.is_connected()).map(|g| g.id.clone()).collect();
    let (list, labels) = tokio::join!(projects::projects_in_groups(&ctx.wf, &connected), rows::status_labels(&ctx.wf));
    let list = list?;
    let ids: Vec<String> = list.iter().map(|p| p.id.clone()).collect();
    let counts = rows::active_counts(&ctx.wf, &ids).await?;
    let projects =
        list.iter().map(|p| rows::project_row(p, &groups, &labels, counts.get(&p.id).copied().unwrap_or(0))).collect();
    Ok(HomeData { groups, projects })
}

async fn projects_data(ctx: &Context) -> integration::Result<ProjectsData> {
    let (list, templates, groups, labels) = tokio::join!(
        projects::projects(&ctx.wf, &[]),
        projects::templates(&ctx.wf),
        ctx.wf.groups(),
        rows::status_labels(&ctx.wf)
    );
    let (list, templates, groups) = (list?, templates?, integration::group_rows(&groups?));
    let counts = rows::active_counts(&ctx.wf, &list.iter().map(|p| p.id.clone()).collect::<Vec<_>>()).await?;
    let projects =
        list.iter().map(|p| rows::project_row(p, &groups, &labels, counts.get(&p.id).copied().unwrap_or(0))).collect();
    Ok(ProjectsData { projects, templates, groups })
}

async fn project_row(ctx: &Context, project_id: &str) -> integration::Result<crate::app::state::ProjectRow> {
    let project = projects::project(&ctx.wf, project_id).await?;
    let group = match &project.group_id {
        Some(g) => vec![integration::group_row(&ctx.wf.get::<Group>("group", g, Group::FIELDS).await?)],
        None => Vec::new(),
    };
    let ids = [project.id.clone()];
    let (labels, counts) = tokio::join!(rows::status_labels(&ctx.wf), rows::active_counts(&ctx.wf, &ids));
    Ok(rows::project_row(&project, &group, &labels, counts?.get(&project.id).copied().unwrap_or(0)))
}

async fn tasks_data(ctx: &Context, project_id: &str) -> integration::Result<TasksData> {
    let (row, tasks, docs) = tokio::join!(
        project_row(ctx, project_id),
        projects::tasks(&ctx.wf, project_id),
        ctx.wf.project_documents(project_id)
    );
    let (tasks, docs) = (tasks?, docs?);
    Ok(TasksData { project: row?, tasks: rows::task_rows(&tasks), documents: rows::doc_rows(&docs, &tasks) })
}

async fn tasks_by_id(ctx: &Context, ids: &[String]) -> integration::Result<Vec<Task>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut filters: Vec<(&str, String)> = ids.iter().map(|id| ("ID", id.clone())).collect();
    filters.push(("ID_Mod", "in".into()));
    Ok(ctx.wf.search_all("task", &filters, Task::FIELDS).await?)
}

async fn people(ctx: &Context) -> integration::Result<People> {
    let (users, teams) = tokio::join!(projects::users(&ctx.wf), projects::teams(&ctx.wf));
    Ok(People {
        users: users?.into_iter().map(|u| (u.id, u.name, u.email)).collect(),
        teams: teams?.into_iter().map(|t| (t.id, t.name, t.members.len())).collect(),
    })
}

async fn upload(ctx: &Context, out: &Out, project_id: &str, raw: &std::path::Path) -> WorkerEvent {
    let path = paths::expand(&raw.to_string_lossy());
    let total = tokio::fs::metadata(&path).await.map(|m| m.len()).unwrap_or(0);
    let events = out.events.clone();
    let request = out.id;
    let progress: crate::workfront::documents::Progress = Arc::new(move |done| {
        // Lossy on purpose: a full channel drops a progress frame, never blocks the upload.
        let _ = events.try_send(Action::Worker(WorkerEvent::UploadProgress { request, done, total }));
    });
    let result = projects::upload_document(&ctx.wf, project_id, &path, Some(progress))
        .await
        .map(|doc| format!("Uploaded {} ({}) to the project's documents.", doc.name, rows::human_bytes(total)));
    WorkerEvent::Uploaded { request, result: result.map_err(err) }
}

async fn preview(ctx: &Context, project_id: &str) -> integration::Result<Preview> {
    let prepared = sync::prepare(ctx, project_id, None).await?;
    let labels = rows::status_labels(&ctx.wf).await;
    let current = prepared.project.status.clone();
    Ok(Preview {
        project_id: project_id.to_owned(),
        project_name: prepared.project.name.clone(),
        current_label: labels.get(&current).cloned().unwrap_or_else(|| current.clone()),
        current,
        choices: prepared.statuses.clone(),
        plan: prepared.plan.clone(),
        frameio_user: prepared.frameio_user.clone(),
    })
}

async fn activate(ctx: &Context, out: &Out, project_id: &str, status: &str) {
    let request = out.id;
    // Retries during the run show up in the progress as notices.
    let mut ctx = ctx.clone();
    let notices = out.events.clone();
    ctx.notify = Some(Arc::new(move |notice| {
        let event = SyncEvent::Notice { message: notice.to_string() };
        let _ = notices.try_send(Action::Worker(WorkerEvent::Sync { request, event }));
    }));
    let prepared = match sync::prepare(&ctx, project_id, Some(status)).await {
        Ok(p) => p,
        Err(e) => {
            let outcome = sync::Outcome {
                error: Some(e.to_string()),
                auth_failed: e.is_auth() || e.is_forbidden(),
                ..Default::default()
            };
            out.send(WorkerEvent::Sync { request, event: SyncEvent::Finished { outcome } }).await;
            return;
        }
    };
    out.send(WorkerEvent::ActivationStarted { request, items: sync::items(&prepared.plan) }).await;
    let (tx, mut rx) = mpsc::channel::<SyncEvent>(256);
    let forward = async {
        while let Some(event) = rx.recv().await {
            out.send(WorkerEvent::Sync { request, event }).await;
        }
    };
    let run = async {
        sync::run(&ctx, &prepared, &tx).await;
        drop(tx);
    };
    tokio::join!(run, forward);
}

/// A group's connection, for callers that hold a `Group`.
pub fn is_connected(group: &Group) -> bool {
    connection_of(group).is_some()
}
