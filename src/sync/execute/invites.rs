//! Inviting the assigned people to the Frame.io project.

use std::collections::{HashMap, HashSet};

use super::Run;
use super::run::NOT_STARTED;
use crate::frameio::model::Project as FioProject;
use crate::sync::plan::InviteItem;
use crate::sync::progress::ItemState;

/// Invite everyone not yet on the project, in batches; after an ambiguous failure, look at who
/// is there now before inviting the rest.
pub(super) async fn ensure_invites(run: &Run<'_>, project: &FioProject) {
    let plan = run.plan();
    if plan.invites.is_empty() {
        return;
    }
    let position: HashMap<&str, usize> = plan.invites.iter().enumerate().map(|(i, v)| (v.email.as_str(), i)).collect();
    let mut remaining: Vec<&InviteItem> = plan.invites.iter().collect();
    let mut last_error = String::new();
    for round in 0..3 {
        let present: HashSet<String> = match run.fio.collaborators(&project.id).await {
            Ok(c) => c.into_iter().map(|c| c.email).collect(),
            Err(e) => {
                for item in &remaining {
                    let index = run.layout.invite(position[item.email.as_str()]);
                    run.fail_with(index, format!("invite {}", item.email), e.clone()).await;
                }
                return;
            }
        };
        let mut todo = Vec::new();
        for item in remaining {
            let index = run.layout.invite(position[item.email.as_str()]);
            if present.contains(&item.email) {
                let _ = run.journal_update(|j| {
                    j.invited.insert(item.email.clone());
                });
                // Invited in an earlier round of this run counts as done, not reused.
                run.emit(index, if round == 0 { ItemState::Reused } else { ItemState::Done }).await;
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
                    run.fail(
                        run.layout.invite(position[item.email.as_str()]),
                        format!("invite {}", item.email),
                        NOT_STARTED.into(),
                    )
                    .await;
                }
                continue;
            }
            for item in chunk {
                run.emit(run.layout.invite(position[item.email.as_str()]), ItemState::Running).await;
            }
            let emails: Vec<String> = chunk.iter().map(|i| i.email.clone()).collect();
            match run.fio.add_collaborators(&project.id, &emails).await {
                Ok(failures) => {
                    for item in chunk {
                        let index = run.layout.invite(position[item.email.as_str()]);
                        match failures.iter().find(|(k, _)| k.eq_ignore_ascii_case(&item.email)) {
                            Some((_, why)) => run.fail(index, format!("invite {}", item.email), why.clone()).await,
                            None => {
                                let _ = run.journal_update(|j| {
                                    j.invited.insert(item.email.clone());
                                });
                                run.emit(index, ItemState::Done).await;
                            }
                        }
                    }
                }
                Err(e) if e.is_transient() => {
                    last_error = e.to_string();
                    retry.extend(chunk.iter().copied());
                }
                Err(e) => {
                    for item in chunk {
                        let index = run.layout.invite(position[item.email.as_str()]);
                        run.fail_with(index, format!("invite {}", item.email), e.clone()).await;
                    }
                }
            }
        }
        if retry.is_empty() {
            return;
        }
        remaining = retry;
    }
    for item in remaining {
        let index = run.layout.invite(position[item.email.as_str()]);
        run.fail_transient(index, format!("invite {}", item.email), format!("{last_error}; Retry resumes")).await;
    }
}
