//! Giving the assigned people access to the Frame.io project (V4), the one thing an activation
//! cannot take back, so it is done once per person and never twice:
//! - users of the account: added to the project (or the workspace) with a role, one
//!   `PATCH …/users/{id}` each (10 a minute: the slowest part of a large activation), after
//!   listing who is already there (those are skipped: nobody gets a second email);
//! - everyone else: reviewers of one secure share of the project, by email, in batches (one
//!   call emails a whole batch), after listing the share's reviewers. The share is found by
//!   its name before one is created, and recorded in the journal.
//!
//! A batch whose answer was lost is never sent again blindly: the reviewers are listed again and
//! only those missing are added.

use std::collections::{HashMap, HashSet};

use super::Run;
use super::run::NOT_STARTED;
use crate::frameio::FrameioError;
use crate::frameio::model::{Project as FioProject, ProjectRole, Share};
use crate::sync::plan::{Access, InviteItem};
use crate::sync::progress::ItemState;

/// How many times a lost batch of reviewers is looked for and sent again.
const ROUNDS: usize = 3;

/// The name of the share wfio invites reviewers through.
pub fn share_name(project_name: &str) -> String {
    let name = format!("{project_name} (review)");
    name.chars().take(175).collect()
}

pub(super) async fn ensure_access(run: &Run<'_>, project: &FioProject) {
    let plan = run.plan();
    let position: HashMap<&str, usize> = plan.invites.iter().enumerate().map(|(i, v)| (v.email.as_str(), i)).collect();
    let (direct, reviewers): (Vec<&InviteItem>, Vec<&InviteItem>) = plan
        .invites
        .iter()
        .partition(|i| matches!(i.access, Access::ProjectUser { .. } | Access::WorkspaceUser { .. }));
    // Reviewers are one batch call, project users a slow queue: both at once.
    tokio::join!(ensure_users(run, project, &direct, &position), ensure_reviewers(run, project, &reviewers, &position));
}

async fn done(run: &Run<'_>, index: usize, email: &str, reused: bool) {
    let _ = run.journal_update(|j| {
        j.invited.insert(email.to_owned());
    });
    run.emit(index, if reused { ItemState::Reused } else { ItemState::Done }).await;
}

async fn ensure_users(run: &Run<'_>, project: &FioProject, items: &[&InviteItem], position: &HashMap<&str, usize>) {
    if items.is_empty() {
        return;
    }
    let account = &run.plan().destination.account_id;
    let index = |item: &InviteItem| run.layout.invite(position[item.email.as_str()]);
    // Who has access already (the project's users; for workspace access, the workspace's).
    let workspace_mode = items.iter().any(|i| matches!(i.access, Access::WorkspaceUser { .. }));
    let listed = if workspace_mode {
        run.fio.workspace_users(account, &run.plan().destination.workspace_id).await
    } else {
        run.fio.project_users(account, &project.id).await
    };
    let present: HashSet<String> = match listed {
        Ok(users) => users.into_iter().filter_map(|u| u.user.id).collect(),
        Err(e) => {
            for item in items {
                run.fail_with(index(item), item.access.label(&item.email), e.clone()).await;
            }
            return;
        }
    };
    for item in items {
        let label = item.access.label(&item.email);
        if !run.may_start(index(item), &label).await {
            continue;
        }
        let result = match &item.access {
            Access::ProjectUser { user_id, role } => {
                if present.contains(user_id) || run.prepared.journal.snapshot().invited.contains(&item.email) {
                    done(run, index(item), &item.email, true).await;
                    continue;
                }
                run.emit(index(item), ItemState::Running).await;
                let role = ProjectRole::parse(role).unwrap_or_default();
                run.fio.set_project_user(account, &project.id, user_id, role).await
            }
            Access::WorkspaceUser { user_id, role } => {
                if present.contains(user_id) || run.prepared.journal.snapshot().invited.contains(&item.email) {
                    done(run, index(item), &item.email, true).await;
                    continue;
                }
                run.emit(index(item), ItemState::Running).await;
                let workspace = &run.plan().destination.workspace_id;
                run.fio.set_workspace_user(account, workspace, user_id, role).await
            }
            Access::Reviewer | Access::Unknown => continue,
        };
        match result {
            Ok(()) => done(run, index(item), &item.email, false).await,
            Err(e) => run.fail_with(index(item), label, e).await,
        }
    }
}

/// The share reviewers are added to: the journal's, else one of the project's by name, else a
/// new one (looked for again after an ambiguous failure before another is made).
async fn ensure_share(run: &Run<'_>, project: &FioProject) -> Result<Share, FrameioError> {
    let account = &run.plan().destination.account_id;
    let name = share_name(&run.plan().project_name);
    let known = run.prepared.journal.snapshot().share_id;
    let find = || async {
        let shares = run.fio.shares(account, &project.id).await?;
        Ok::<_, FrameioError>(
            shares
                .iter()
                .find(|s| known.as_deref() == Some(s.id.as_str()))
                .or_else(|| shares.iter().find(|s| s.name == name))
                .cloned(),
        )
    };
    let share = match find().await? {
        Some(s) => s,
        None => {
            let mut attempt = 0;
            loop {
                attempt += 1;
                match run
                    .fio
                    .create_share(account, &project.id, &name, std::slice::from_ref(&project.root_folder_id))
                    .await
                {
                    Ok(s) => break s,
                    Err(e) if e.is_transient() && attempt < ROUNDS => {
                        if let Some(s) = find().await? {
                            break s;
                        }
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    };
    let _ = run.journal_update(|j| j.share_id = Some(share.id.clone()));
    Ok(share)
}

async fn ensure_reviewers(run: &Run<'_>, project: &FioProject, items: &[&InviteItem], position: &HashMap<&str, usize>) {
    if items.is_empty() {
        return;
    }
    let account = &run.plan().destination.account_id;
    let index = |item: &InviteItem| run.layout.invite(position[item.email.as_str()]);
    let share = match ensure_share(run, project).await {
        Ok(s) => s,
        Err(e) => return fail_all(run, items, position, e).await,
    };
    let message = format!("You have been invited to review \"{}\" in Frame.io.", run.plan().project_name);
    let mut remaining: Vec<&InviteItem> = items.to_vec();
    let mut last_error = String::new();
    for round in 0..ROUNDS {
        let present: HashSet<String> = match run.fio.share_reviewers(account, &share.id).await {
            Ok(r) => r.into_iter().collect(),
            Err(e) => return fail_all(run, &remaining, position, e).await,
        };
        let mut todo = Vec::new();
        for item in remaining {
            if present.contains(&item.email) {
                // Added in an earlier round of this run counts as done, not reused.
                done(run, index(item), &item.email, round == 0).await;
            } else {
                todo.push(item);
            }
        }
        if todo.is_empty() {
            return;
        }
        let mut retry = Vec::new();
        for chunk in todo.chunks(run.ctx.tuning.invite_batch.max(1)) {
            if run.refused().is_some() {
                for item in chunk {
                    run.fail(index(item), item.access.label(&item.email), NOT_STARTED.into()).await;
                }
                continue;
            }
            for item in chunk {
                run.emit(index(item), ItemState::Running).await;
            }
            let emails: Vec<String> = chunk.iter().map(|i| i.email.clone()).collect();
            match run.fio.add_reviewers(account, &share.id, &emails, &message).await {
                Ok(()) => {
                    for item in chunk {
                        done(run, index(item), &item.email, false).await;
                    }
                }
                Err(e) if e.is_transient() => {
                    last_error = e.to_string();
                    retry.extend(chunk.iter().copied());
                }
                Err(e) => fail_all(run, chunk, position, e).await,
            }
        }
        if retry.is_empty() {
            return;
        }
        remaining = retry;
    }
    for item in remaining {
        run.fail_transient(index(item), item.access.label(&item.email), format!("{last_error}; Retry resumes")).await;
    }
}

async fn fail_all(run: &Run<'_>, items: &[&InviteItem], position: &HashMap<&str, usize>, e: FrameioError) {
    for item in items {
        let index = run.layout.invite(position[item.email.as_str()]);
        run.fail_with(index, item.access.label(&item.email), e.clone()).await;
    }
}
