//! The activation engine against the simulator over real HTTP: the seed document's last step,
//! checked object by object, then again to prove a rerun creates nothing.

#[path = "common/engine.rs"]
mod engine;

use engine::{demo, fio_id, fio_projects, wf_id};
use serde_json::Value;
use tokio::sync::mpsc;
use wfio::integration::{forms, projects};
use wfio::sync::{self, ItemState, SyncEvent};
use wfio::workfront::model::Task;

const SPRING: &str = "@proj-spring";

/// Mark the Spring Campaign's brief, storyboard and rough cut Active, as step 5 does.
async fn activate_tasks(ctx: &wfio::integration::Context) {
    let forms = ctx.forms().await.unwrap();
    let tasks = projects::tasks(&ctx.wf, &wf_id(SPRING)).await.unwrap();
    let wanted: Vec<Task> = tasks
        .into_iter()
        .filter(|t| ["Creative brief", "Storyboard", "Rough cut"].contains(&t.name.as_str()))
        .collect();
    assert_eq!(wanted.len(), 3);
    projects::set_integration_status(&ctx.wf, &forms, &wanted, true).await.unwrap();
}

async fn run(ctx: &wfio::integration::Context, status: &str) -> (sync::Outcome, Vec<SyncEvent>) {
    let prepared = sync::prepare(ctx, &wf_id(SPRING), Some(status)).await.unwrap();
    assert!(prepared.plan.is_runnable(), "{:?}", prepared.plan.blockers);
    let (tx, mut rx) = mpsc::channel(1024);
    let outcome = sync::run(ctx, &prepared, &tx).await;
    drop(tx);
    let mut events = Vec::new();
    while let Some(e) = rx.recv().await {
        events.push(e);
    }
    (outcome, events)
}

#[tokio::test]
async fn a_project_is_generated_in_frameio_exactly_once() {
    let env = demo().await;
    activate_tasks(&env.ctx).await;

    // The plan: folders for Active top-level tasks, documents routed, people deduplicated.
    let prepared = sync::prepare(&env.ctx, &wf_id(SPRING), None).await.unwrap();
    let plan = &prepared.plan;
    let folders: Vec<&str> = plan.folders.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(folders, vec!["Creative brief", "Storyboard", "Rough cut"]);
    assert_eq!(plan.uploads.len(), 2, "{:?}", plan.uploads);
    let emails: Vec<&str> = plan.invites.iter().map(|i| i.email.as_str()).collect();
    for who in [
        "blake.rivera",
        "eli.novak",
        "gus.oyelaran",
        "hana.sato",
        "cleo.park",
        "kai.andersen",
        "lena.fischer",
        "milo.costa",
    ] {
        assert!(emails.contains(&format!("{who}@northwind.example").as_str()), "{who} invited: {emails:?}");
    }
    assert!(
        plan.skipped.iter().any(|s| s.what.starts_with("Dev Contractor") && s.why.contains("no email")),
        "{:?}",
        plan.skipped
    );
    assert_eq!(plan.target_status, "CUR");

    let (outcome, events) = run(&env.ctx, "CUR").await;
    assert!(outcome.ok, "{outcome:?}");
    assert!(matches!(events.last(), Some(SyncEvent::Finished { .. })));
    assert!(events.iter().any(|e| matches!(e, SyncEvent::Item { state: ItemState::Done, .. })));

    // Frame.io: one project in the connected team, a folder per Active task, the documents.
    let team = fio_id("@ft-brand");
    let (project_id, root) = {
        let w = env.sim.world();
        let projects = fio_projects(&w, &team);
        let spring: Vec<_> = projects.iter().filter(|(_, n)| n == "Spring Campaign 2027").collect();
        assert_eq!(spring.len(), 1, "{projects:?}");
        let id = spring[0].0.clone();
        let root = w.fio.projects[&id]["root_asset_id"].as_str().unwrap().to_owned();
        (id, root)
    };
    assert_eq!(outcome.frameio_project_id.as_deref(), Some(project_id.as_str()));
    // Folders, files and their bytes.
    let top = engine::assert_spring_tree(&env.sim.world(), &root);

    // Invitations: one email per person, to the project.
    let outbox = env.sim.world().fio.outbox.clone();
    let invites: Vec<&str> =
        outbox.iter().filter(|e| e.project_id.as_deref() == Some(project_id.as_str())).map(|e| e.to.as_str()).collect();
    assert_eq!(invites.len(), plan.invites.len(), "{invites:?}");

    // Workfront: status Current, the project form says Connected with the ID, task folders recorded.
    let project = projects::project(&env.ctx.wf, &wf_id(SPRING)).await.unwrap();
    assert_eq!(project.status, "CUR");
    assert_eq!(project.custom_text(forms::PROJECT_SYNC_STATE), Some(forms::SYNC_CONNECTED));
    assert_eq!(project.custom_text(forms::PROJECT_ID), Some(project_id.as_str()));
    let tasks = projects::tasks(&env.ctx.wf, &wf_id(SPRING)).await.unwrap();
    let story_task = tasks.iter().find(|t| t.name == "Storyboard").unwrap();
    let story_folder = top.iter().find(|c| c.1 == "Storyboard").unwrap();
    assert_eq!(story_task.custom_text(forms::TASK_FOLDER_ID), Some(story_folder.0.as_str()));

    // Again: nothing new anywhere.
    let before = snapshot(&env);
    let (again, _) = run(&env.ctx, "CUR").await;
    assert!(again.ok, "{again:?}");
    assert_eq!(again.created, 1, "only the write-back runs again: {again:?}");
    assert_eq!(snapshot(&env), before);
}

/// Counts that a duplicate would change.
fn snapshot(env: &engine::Env) -> (usize, usize, usize) {
    let w = env.sim.world();
    let live = |v: &&serde_json::Map<String, Value>| v.get("deleted_at").is_none_or(Value::is_null);
    (
        w.fio.projects.values().filter(|p| live(p)).count(),
        w.fio.assets.values().filter(|a| live(a)).count(),
        w.fio.outbox.len(),
    )
}

#[tokio::test]
async fn a_custom_status_that_equates_to_current_activates_and_an_unknown_one_is_refused() {
    let env = demo().await;
    activate_tasks(&env.ctx).await;
    let prepared = sync::prepare(&env.ctx, &wf_id(SPRING), None).await.unwrap();
    let codes: Vec<&str> = prepared.statuses.iter().map(|s| s.value.as_str()).collect();
    assert!(codes.contains(&"CUR") && codes.contains(&"AIR"), "Marketing's On Air equates to Current: {codes:?}");
    assert!(!codes.contains(&"PLN"));
    let err = sync::prepare(&env.ctx, &wf_id(SPRING), Some("PLN")).await.unwrap_err();
    assert!(err.to_string().contains("does not activate"), "{err}");
    let (outcome, _) = run(&env.ctx, "AIR").await;
    assert!(outcome.ok, "{outcome:?}");
    let project = projects::project(&env.ctx.wf, &wf_id(SPRING)).await.unwrap();
    assert_eq!(project.status, "AIR");
}

#[tokio::test]
async fn nothing_active_or_no_token_blocks_with_a_reason() {
    let env = demo().await;
    let prepared = sync::prepare(&env.ctx, &wf_id(SPRING), None).await.unwrap();
    assert!(!prepared.plan.is_runnable());
    assert!(prepared.plan.blockers[0].contains("No task is Active"), "{:?}", prepared.plan.blockers);

    activate_tasks(&env.ctx).await;
    let mut ctx = env.ctx.clone();
    ctx.vault = wfio::integration::vault::Vault::in_memory("demo");
    let prepared = sync::prepare(&ctx, &wf_id(SPRING), None).await.unwrap();
    assert!(prepared.plan.blockers.iter().any(|b| b.contains("no Frame.io sign-in")), "{:?}", prepared.plan.blockers);
}

/// Under Frame.io's published limits (V4: folders 3 per second, local uploads 5 per second) a
/// project's documents are transferred while its folders are still being created: an upload to
/// the root starts at once, an upload into a task's folder right after that folder exists.
#[tokio::test]
async fn documents_move_while_folders_are_still_being_created() {
    use wfio::sim::settings::{RateLimits, Settings};
    let mut env = engine::with_settings(Settings { rate_limits: RateLimits::Published, ..Settings::default() }).await;
    env.ctx.pacer = wfio::http::pace::Pacer::default();
    let forms = env.ctx.forms().await.unwrap();
    for n in 1..=12 {
        projects::create_task(&env.ctx.wf, &wf_id(SPRING), &format!("Shot {n:02}")).await.unwrap();
    }
    let tasks = projects::tasks(&env.ctx.wf, &wf_id(SPRING)).await.unwrap();
    let top: Vec<Task> = tasks.into_iter().filter(|t| !t.is_subtask()).collect();
    projects::set_integration_status(&env.ctx.wf, &forms, &top, true).await.unwrap();

    let prepared = sync::prepare(&env.ctx, &wf_id(SPRING), Some("CUR")).await.unwrap();
    let plan = &prepared.plan;
    assert!(plan.folders.len() >= 15 && plan.uploads.len() == 2, "{plan:?}");
    let items = sync::items(plan);
    let (tx, mut rx) = mpsc::channel(4096);
    let outcome = sync::run(&env.ctx, &prepared, &tx).await;
    drop(tx);
    assert!(outcome.ok, "{outcome:?}");
    let mut events = Vec::new();
    while let Some(e) = rx.recv().await {
        events.push(e);
    }
    // Positions of item states in the event stream.
    let at = |label: &str, want: fn(&ItemState) -> bool| {
        let index = items.iter().position(|i| i.label == label).unwrap_or_else(|| panic!("no item {label}"));
        events
            .iter()
            .position(|e| matches!(e, SyncEvent::Item { index: i, state } if *i == index && want(state)))
            .unwrap_or_else(|| panic!("no such state for {label}"))
    };
    let done = |s: &ItemState| *s == ItemState::Done;
    let running = |s: &ItemState| *s == ItemState::Running;
    let last_folder =
        items.iter().filter(|i| i.label.starts_with("folder ")).map(|i| at(&i.label, done)).max().unwrap();
    assert!(at("upload campaign-brief.txt", done) < last_folder, "the root's document went first");
    let story = at("folder Storyboard", done);
    assert!(at("upload moodboard-notes.md", running) > story, "waits for its folder");
    assert!(at("upload moodboard-notes.md", done) < last_folder, "and does not wait for the others");
}

/// Storage keeps failing: the uploads fail after their retries, everything else is made, and the
/// outcome says running again later may finish (headless exit 5, not 1). A refused item does not.
#[tokio::test]
async fn only_transient_item_failures_make_a_transient_outcome() {
    use wfio::sim::settings::{Faults, RateLimits, Settings};
    let faults = Faults { error_rate: 1.0, only: Some("s3".into()), ..Faults::none() };
    let env = engine::with_settings(Settings { rate_limits: RateLimits::Off, faults }).await;
    activate_tasks(&env.ctx).await;
    let (outcome, _) = run(&env.ctx, "CUR").await;
    assert!(!outcome.ok, "{outcome:?}");
    assert!(outcome.error.is_some(), "the failure is recorded: {outcome:?}");
    assert_eq!(outcome.failed.len(), 2, "the two uploads, nothing else: {:?}", outcome.failed);
    assert!(outcome.failed.iter().all(|(label, _)| label.starts_with("upload ")), "{:?}", outcome.failed);
    assert!(outcome.transient, "storage failing after retries is worth a later retry: {outcome:?}");
    assert!(!outcome.auth_failed);
    assert_eq!(wfio::headless::activate::exit_of(&outcome).code(), 5);
}

/// Frame.io keeps failing to create folders and files (V4: `POST …/folders/{f}/folders` and
/// `…/folders/{f}/files/local_upload`): the folders fail after their retries, and so do the
/// documents (the one in a task's folder because its folder never came). All transient: exit 5.
#[tokio::test]
async fn documents_of_a_folder_that_failed_transiently_fail_transiently() {
    use wfio::sim::settings::{Faults, RateLimits, Settings};
    let creates = format!("POST /v4/accounts/{}/folders/", engine::fio_id("@fa-studios"));
    let faults = Faults { error_rate: 1.0, only_request: Some(creates), ..Faults::none() };
    let env = engine::with_settings(Settings { rate_limits: RateLimits::Off, faults }).await;
    activate_tasks(&env.ctx).await;
    let (outcome, _) = run(&env.ctx, "CUR").await;
    assert!(!outcome.ok, "{outcome:?}");
    let labels: Vec<&str> = outcome.failed.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(labels.iter().filter(|l| l.starts_with("folder ")).count(), 3, "{labels:?}");
    assert_eq!(labels.iter().filter(|l| l.starts_with("upload ")).count(), 2, "{labels:?}");
    let (_, why) =
        outcome.failed.iter().find(|(label, _)| label == "upload moodboard-notes.md").expect("its upload failed");
    assert!(why.contains("folder could not be created") && why.contains("Retry resumes"), "{why}");
    assert!(outcome.transient, "every failure was a service failing after retries: {outcome:?}");
    assert_eq!(wfio::headless::activate::exit_of(&outcome).code(), 5);
    // The invitations do not depend on assets: they went out.
    assert_eq!(outcome.invited.len(), 8, "{:?}", outcome.invited);
}
