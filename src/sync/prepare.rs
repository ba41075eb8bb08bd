//! Before an activation: read the project from Workfront, build the plan, and check that it can
//! run (the sign-in works, its user administers the account, the workspace is reachable).

use std::collections::HashMap;

use super::journal::JournalFile;
use super::plan::{self, Destination, Plan};
use crate::frameio::FrameioClient;
use crate::frameio::FrameioError;
use crate::integration::forms;
use crate::integration::projects::{self, activating_statuses};
use crate::integration::{Context, IntegrationError, Result, connection_of};
use crate::workfront::model::{Group, Project, Status, Task};

/// A plan with what running it needs.
#[derive(Clone)]
pub struct Prepared {
    pub plan: Plan,
    pub project: Project,
    /// Statuses that activate the project (Current and the group's equivalents).
    pub statuses: Vec<Status>,
    /// Frame.io folder IDs Workfront's task forms already record.
    pub recorded_folders: HashMap<String, String>,
    /// Present when the plan can run.
    pub frameio: Option<FrameioClient>,
    /// Who the Frame.io token belongs to.
    pub frameio_user: Option<String>,
    pub journal: JournalFile,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("plan", &self.plan).finish_non_exhaustive()
    }
}

/// Read everything and build the plan. `target` is the status code to switch to; by default
/// the project's own status when it already activates, else Current.
pub async fn prepare(ctx: &Context, project_id: &str, target: Option<&str>) -> Result<Prepared> {
    let wf = &ctx.wf;
    let project = projects::project(wf, project_id).await?;
    let group: Option<Group> = match &project.group_id {
        Some(g) => Some(wf.get("group", g, Group::FIELDS).await?),
        None => None,
    };
    let group_id = project.group_id.clone().unwrap_or_default();
    let connection = group.as_ref().and_then(connection_of);
    // Connected with the legacy API: no destination, and the plan's blocker says to reconnect.
    let legacy_team = connection.as_ref().filter(|c| c.legacy).map(|c| c.workspace_name.clone());
    let connection = connection.filter(|c| !c.legacy);
    let destination = connection.map(|c| Destination {
        account_id: c.account_id,
        account_name: c.account_name,
        workspace_id: c.workspace_id,
        workspace_name: c.workspace_name,
    });
    let reads = async {
        futures::try_join!(
            async { projects::tasks(wf, project_id).await },
            async { Ok(wf.project_documents(project_id).await?) },
            async {
                if group_id.is_empty() { Ok(vec![default_current()]) } else { activating_statuses(wf, &group_id).await }
            },
            projects::teams(wf),
        )
    };
    // Frame.io is checked while Workfront is read; the checks count only if the plan can run.
    let checks = async {
        match &destination {
            Some(d) => Some(preflight(ctx, d).await),
            None => None,
        }
    };
    let (reads, checks) = tokio::join!(reads, checks);
    let (tasks, documents, statuses, teams) = reads?;
    let status = pick_status(&project, &statuses, target)?;
    let group_name = group.as_ref().map_or("(none)", |g| g.name.as_str());
    let mut plan = plan::build(&plan::Input {
        project: &project,
        destination,
        group_name,
        legacy_team: legacy_team.as_deref(),
        tasks: &tasks,
        documents: &documents,
        teams: &teams,
        target_status: &status.value,
        target_label: &status.label,
    });
    let recorded_folders = recorded_folders(&tasks);
    let journal = JournalFile::open(JournalFile::path_for(&ctx.journal_dir(), &ctx.profile, project_id), project_id);
    let (frameio, frameio_user) = match checks {
        Some(checks) if plan.is_runnable() => {
            let checks = checks?;
            plan.sign_in_blocked = checks.sign_in && !checks.blockers.is_empty();
            plan.blockers.extend(checks.blockers);
            if let Some(users) = &checks.users {
                plan::classify(&mut plan, users, ctx.access.mode, &ctx.access.role);
            }
            (checks.frameio.filter(|_| plan.is_runnable()), checks.user)
        }
        _ => (None, None),
    };
    Ok(Prepared { plan, project, statuses, recorded_folders, frameio, frameio_user, journal })
}

fn default_current() -> Status {
    Status { value: "CUR".into(), label: "Current".into(), equates_with: "CUR".into(), color: None, group_id: None }
}

fn pick_status(project: &Project, statuses: &[Status], target: Option<&str>) -> Result<Status> {
    match target {
        Some(code) => statuses.iter().find(|s| s.value.eq_ignore_ascii_case(code)).cloned().ok_or_else(|| {
            let choices: Vec<String> = statuses.iter().map(|s| format!("{} ({})", s.value, s.label)).collect();
            IntegrationError::Invalid(format!(
                "Status {code} does not activate this project; choose one of: {}",
                choices.join(", ")
            ))
        }),
        None => Ok(statuses
            .iter()
            .find(|s| s.value == project.status)
            .or_else(|| statuses.iter().find(|s| s.value == "CUR"))
            .cloned()
            .unwrap_or_else(default_current)),
    }
}

fn recorded_folders(tasks: &[Task]) -> HashMap<String, String> {
    tasks.iter().filter_map(|t| t.custom_text(forms::TASK_FOLDER_ID).map(|f| (t.id.clone(), f.to_owned()))).collect()
}

/// What the Frame.io checks found: the client when they passed, whose token it is, and what
/// blocks the plan.
struct Checks {
    frameio: Option<FrameioClient>,
    /// The blockers are about the sign-in.
    sign_in: bool,
    user: Option<String>,
    blockers: Vec<String>,
    /// The account's people: email -> Frame.io user ID (`None`: invited, no Frame.io user yet).
    /// `None` when they could not be read (the plan is blocked then anyway).
    users: Option<HashMap<String, Option<String>>>,
}

/// The checks that need Frame.io (the sign-in works, its user administers the account, the
/// workspace is reachable) and the account's users (who gets which access), asked together.
/// Problems become blockers with what to do; transport failures are errors (the user retries).
async fn preflight(ctx: &Context, d: &Destination) -> Result<Checks> {
    let blocked = |why: String| Checks { frameio: None, sign_in: true, user: None, blockers: vec![why], users: None };
    let fio = match ctx.frameio_for_account(&d.account_id, &d.account_name) {
        Ok(f) => f,
        Err(e @ IntegrationError::NoToken { .. }) => return Ok(blocked(e.to_string())),
        Err(e) => return Err(e),
    };
    let (user, role, workspace, users) = tokio::join!(
        fio.me(),
        fio.account_role(&d.account_id),
        fio.workspace(&d.account_id, &d.workspace_id),
        fio.account_users(&d.account_id)
    );
    let user = match user {
        Ok(u) => u,
        Err(e) if e.is_auth() => {
            return Ok(blocked(format!("The stored Frame.io sign-in for {} was refused: {e}", d.account_name)));
        }
        Err(e) => return Err(e.into()),
    };
    let role = match role {
        Ok(r) => r.unwrap_or_else(|| "none".into()),
        Err(FrameioError::NotFound { .. } | FrameioError::Forbidden { .. }) => "none".into(),
        Err(e) => return Err(e.into()),
    };
    let mut blockers = Vec::new();
    let mut sign_in = false;
    if !matches!(role.as_str(), "owner" | "admin") {
        sign_in = true;
        blockers.push(format!(
            "{} is not an admin of the Frame.io account {} (role: {role}); sign in as an account admin.",
            user.display(),
            d.account_name
        ));
    }
    match workspace {
        Ok(_) => {}
        Err(e @ FrameioError::LegacyTokenRefused { .. }) => {
            sign_in = true;
            blockers.push(e.to_string());
        }
        Err(FrameioError::NotFound { .. } | FrameioError::Forbidden { .. }) => blockers.push(format!(
            "The Frame.io workspace {} cannot be reached with this sign-in; reconnect the group (step 1).",
            d.workspace_name
        )),
        Err(e) => return Err(e.into()),
    }
    let users = match users {
        Ok(list) => {
            Some(list.into_iter().filter_map(|u| Some((u.user.email?.trim().to_lowercase(), u.user.id))).collect())
        }
        Err(e) if blockers.is_empty() => return Err(e.into()),
        Err(_) => None,
    };
    Ok(Checks { frameio: Some(fio), sign_in, user: Some(user.display()), blockers, users })
}
