//! `wfio task create|activate|assign`: step 5 of the seed document, "Add a task and set the
//! integration status to Active", then assign the people who are invited to Frame.io.

use serde::Serialize;

use super::Env;
use super::output::{Result, count};
use super::resolve::{self, task_key, team_key, user_key};
use crate::cli::TaskCmd;
use crate::integration::connection_of;
use crate::integration::projects::{self, Assignee};
use crate::workfront::model::{Group, Project, Task};

pub async fn run(env: &Env, cmd: &TaskCmd) -> Result<()> {
    match cmd {
        TaskCmd::Create { project, name } => create(env, project, name).await,
        TaskCmd::Activate { project, tasks, all, inactive } => activate(env, project, tasks, *all, !*inactive).await,
        TaskCmd::Assign { project, tasks, user, team } => {
            assign(env, project, tasks, user.as_deref(), team.as_deref()).await
        }
    }
}

#[derive(Debug, Serialize)]
struct TaskView<'a> {
    id: &'a str,
    name: &'a str,
    project_id: &'a str,
    subtask: bool,
}

fn view(t: &Task) -> TaskView<'_> {
    TaskView { id: &t.id, name: &t.name, project_id: &t.project_id, subtask: t.is_subtask() }
}

fn quoted(tasks: &[&Task]) -> String {
    tasks.iter().map(|t| format!("\"{}\"", t.name)).collect::<Vec<_>>().join(", ")
}

async fn create(env: &Env, project: &str, name: &str) -> Result<()> {
    let project = resolve::project(&env.ctx, project).await?;
    let task = projects::create_task(&env.ctx.wf, &project.id, name).await?;
    if env.out.json {
        env.out.json_value(&view(&task));
    } else {
        env.out.line(&task.id);
    }
    env.out.say(format!(
        "Created the task \"{}\" in \"{}\". Mark it Active: wfio task activate '{}' '{}'",
        task.name, project.name, project.name, task.name
    ));
    Ok(())
}

/// The tasks named (or every top-level task with `all`), read fresh.
async fn chosen(env: &Env, project: &Project, names: &[String], all: bool) -> Result<(Vec<Task>, Vec<Task>)> {
    let tasks = projects::tasks(&env.ctx.wf, &project.id).await?;
    if all {
        let (subtasks, top): (Vec<Task>, Vec<Task>) = tasks.into_iter().partition(Task::is_subtask);
        return Ok((top, subtasks));
    }
    let list = format!("wfio project show '{}'", project.name);
    let picked = resolve::pick_all("task", names, &tasks, task_key, &list)?;
    Ok((picked.into_iter().cloned().collect(), Vec::new()))
}

async fn activate(env: &Env, project: &str, names: &[String], all: bool, active: bool) -> Result<()> {
    let ctx = &env.ctx;
    let project = resolve::project(ctx, project).await?;
    let (tasks, skipped) = chosen(env, &project, names, all).await?;
    if !skipped.is_empty() {
        env.out.say(format!(
            "Skipped {}: {} (subtasks are not supported in connected Frame.io projects).",
            count(skipped.len(), "subtask", "subtasks"),
            quoted(&skipped.iter().collect::<Vec<_>>())
        ));
    }
    // The seed document: the form appears once a connected group is assigned to the project.
    let group = match &project.group_id {
        Some(g) => Some(ctx.wf.get::<Group>("group", g, Group::FIELDS).await?),
        None => None,
    };
    if active && group.as_ref().and_then(connection_of).is_none() {
        env.out.warn(format!(
            "the group of \"{}\" is not connected to Frame.io, so these tasks will not reach Frame.io until \
             the project is in a connected group (wfio project set-group).",
            project.name
        ));
    }
    let forms = ctx.forms().await?;
    // Subtasks are refused here, before anything is written, with the seed document's words.
    projects::set_integration_status(&ctx.wf, &forms, &tasks, active).await?;
    for created in ctx.forms_created() {
        env.out.say(format!("Created the Workfront {created}."));
    }
    if env.out.json {
        let views: Vec<TaskView<'_>> = tasks.iter().map(view).collect();
        env.out.json_value(&serde_json::json!({"active": active, "tasks": views}));
    } else {
        for t in &tasks {
            env.out.line(&t.id);
        }
    }
    let word = if active { "Active" } else { "Inactive" };
    let names = quoted(&tasks.iter().collect::<Vec<_>>());
    let mut message = format!("{} set to {word}: {names}.", count(tasks.len(), "task", "tasks"));
    if active && !tasks.is_empty() {
        message.push_str(&format!(
            " The project's Frame.io icon is grey (pending) until it is switched to Current: wfio activate '{}'",
            project.name
        ));
    }
    env.out.say(message);
    Ok(())
}

async fn assign(env: &Env, project: &str, names: &[String], user: Option<&str>, team: Option<&str>) -> Result<()> {
    let ctx = &env.ctx;
    let project = resolve::project(ctx, project).await?;
    let (tasks, _) = chosen(env, &project, names, false).await?;
    let (who, label) = match (user, team) {
        (Some(q), _) => {
            let users = projects::users(&ctx.wf).await?;
            let u = resolve::pick("user", q, &users, user_key, "")?;
            (Assignee::User(u.id.clone()), u.name.clone())
        }
        (None, Some(q)) => {
            let teams = projects::teams(&ctx.wf).await?;
            let t = resolve::pick("team", q, &teams, team_key, "")?;
            (Assignee::Team(t.id.clone()), format!("the team {}", t.name))
        }
        (None, None) => return Err(super::output::Failure::usage("name who to assign with --user or --team")),
    };
    let added = projects::assign(&ctx.wf, &tasks, &who).await?;
    if env.out.json {
        let views: Vec<TaskView<'_>> = tasks.iter().map(view).collect();
        let (kind, id) = match &who {
            Assignee::User(id) => ("user", id),
            Assignee::Team(id) => ("team", id),
        };
        env.out.json_value(
            &serde_json::json!({"assigned": {"kind": kind, "id": id, "name": label}, "added": added, "tasks": views}),
        );
    } else {
        for t in &tasks {
            env.out.line(&t.id);
        }
    }
    let names = quoted(&tasks.iter().collect::<Vec<_>>());
    env.out.say(match added {
        0 => format!("{label} was already assigned to {names}."),
        n => format!("Assigned {label} to {} ({names}).", count(n, "task", "tasks")),
    });
    Ok(())
}
