//! Activations on V4 sign-ins whose tokens end: an access token that expires mid-run (renewed,
//! the run goes on, nothing made twice), and an Adobe sign-in whose refresh token was revoked
//! ("sign in again", nothing made, nothing lost).

#[path = "common/engine.rs"]
mod engine;
#[path = "common/ims.rs"]
mod ims;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use engine::{SPRING, activate_spring_tasks, add_spring_documents, fio_id, wf_id};
use tokio::sync::mpsc;
use wfio::frameio::FrameioCredential;
use wfio::sync;

async fn activate(env: &engine::Env) -> (sync::Prepared, sync::Outcome) {
    let prepared = sync::prepare(&env.ctx, &wf_id(SPRING), Some("CUR")).await.unwrap();
    let (tx, mut rx) = mpsc::channel(4096);
    let drain = tokio::spawn(async move { while rx.recv().await.is_some() {} });
    let outcome = sync::run(&env.ctx, &prepared, &tx).await;
    drop(tx);
    drain.await.unwrap();
    (prepared, outcome)
}

/// Every access token IMS gave ends again and again while the activation runs (the demo's
/// server-to-server sign-in): each 401 gets one new token, the run finishes, and the world is
/// exactly the plan.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_tokens_expiring_mid_run_are_renewed_and_nothing_is_made_twice() {
    let env = engine::demo().await;
    activate_spring_tasks(&env.ctx).await;
    add_spring_documents(&env.ctx, env.dir.path(), 21_000_000).await;
    // Slow enough that the expiries land inside the run.
    env.sim.world().settings.faults.latency_ms = 15;
    let base = env.sim.base_url();
    let stop = Arc::new(AtomicBool::new(false));
    let expirer = {
        let (stop, base) = (stop.clone(), base.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) && n < 6 {
                tokio::time::sleep(Duration::from_millis(250)).await;
                ims::control(&base, "ims/expire?what=access").await;
                n += 1;
            }
            n
        })
    };
    let (prepared, outcome) = activate(&env).await;
    stop.store(true, Ordering::Relaxed);
    let expiries = expirer.await.unwrap();
    assert!(outcome.ok, "{outcome:?}");
    assert!(expiries >= 2, "the tokens ended during the run: {expiries}");
    let minted = ims::token_requests(&base).await;
    assert!(minted >= 2, "new tokens were minted: {minted}");
    env.sim.world().settings.faults.latency_ms = 0;
    engine::check_end_state(&env, &prepared.plan).await.unwrap();
}

/// An Adobe sign-in stored for the account, its refresh token revoked at IMS (and its access
/// token expired): the plan says to sign in again, and nothing is created in Frame.io.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_adobe_sign_in_says_sign_in_again_and_creates_nothing() {
    let env = engine::demo().await;
    activate_spring_tasks(&env.ctx).await;
    let base = url::Url::parse(&env.sim.base_url()).unwrap();
    // Avery signs in with Adobe (as the wizard would), and the sign-in is kept for Studios.
    let config = wfio::ims::ImsConfig::user(base.clone(), ims::PUBLIC_CLIENT);
    let pending = wfio::ims::begin_login(&config);
    let landed = ims::browser_sign_in(&pending, ims::AVERY).await;
    let code = wfio::ims::parse_pasted(&landed, &pending).unwrap();
    let client = wfio::ims::ImsClient::new(config.clone(), &Default::default()).unwrap();
    let tokens = client.exchange_code(&pending, &code).await.unwrap();
    env.ctx.vault.put(&fio_id("@fa-studios"), &FrameioCredential::user(&config, &tokens)).unwrap();
    let prepared = sync::prepare(&env.ctx, &wf_id(SPRING), Some("CUR")).await.unwrap();
    assert!(prepared.plan.is_runnable(), "Avery administers Studios: {:?}", prepared.plan.blockers);
    assert_eq!(prepared.frameio_user.as_deref(), Some("Avery Admin"));

    ims::control(base.as_str().trim_end_matches('/'), "ims/revoke").await;
    let projects_before = env.sim.world().fio.projects.len();
    // A fresh context: nothing cached from before the revocation.
    let ctx = engine::context_for(&env.sim, env.dir.path());
    ctx.vault.put(&fio_id("@fa-studios"), &FrameioCredential::user(&config, &tokens)).unwrap();
    let prepared = sync::prepare(&ctx, &wf_id(SPRING), Some("CUR")).await.unwrap();
    let blockers = prepared.plan.blockers.join("\n");
    assert!(blockers.contains("Sign in again"), "{blockers}");
    assert!(!blockers.contains(tokens_text(&tokens)), "no token in the message");
    assert_eq!(env.sim.world().fio.projects.len(), projects_before, "nothing created");
}

fn tokens_text(tokens: &wfio::ims::TokenSet) -> &str {
    use secrecy::ExposeSecret;
    tokens.access_token.expose_secret()
}

/// Workspace access (`frameio_access = "workspace"`): the account's users become members of the
/// connected workspace instead of the project (one call each, which serves the workspace's
/// later projects too); the others are still reviewers by email. Run twice: nobody twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspace_access_adds_the_accounts_users_to_the_workspace_once() {
    let mut env = engine::demo().await;
    env.ctx.access.mode = wfio::sync::plan::AccessMode::Workspace;
    activate_spring_tasks(&env.ctx).await;
    let (prepared, outcome) = activate(&env).await;
    assert!(outcome.ok, "{outcome:?}");
    use wfio::sync::plan::Access;
    let members: Vec<&str> = prepared
        .plan
        .invites
        .iter()
        .filter_map(|i| match &i.access {
            Access::WorkspaceUser { user_id, .. } => Some(user_id.as_str()),
            _ => None,
        })
        .collect();
    assert!(!members.is_empty(), "{:?}", prepared.plan.invites);
    let brand = fio_id("@ft-brand");
    let roles = env.sim.world().fio.workspace_roles.get(&brand).cloned().unwrap_or_default();
    for id in &members {
        // Members already (Hana, full access) keep their role: wfio never lowers anyone's.
        assert!(roles.contains_key(*id), "{id} in the workspace: {roles:?}");
    }
    let seeded_before = engine::demo().await.sim.world().fio.workspace_roles.get(&brand).cloned().unwrap_or_default();
    let added = members.iter().filter(|id| !seeded_before.contains_key(**id)).count();
    assert!(added > 0, "some were added");
    let calls = |w: &wfio::sim::World| w.fio.outbox.len();
    let before = calls(&env.sim.world());
    let (_, again) = activate(&env).await;
    assert!(again.ok, "{again:?}");
    assert_eq!(calls(&env.sim.world()), before, "a second run emails nobody");
    let log = env.sim.shared().infra().lock_log();
    let patches = log.records().filter(|r| r.method == "PATCH" && r.path.contains("/workspaces/")).count();
    assert_eq!(patches, added, "one call per person not a member yet, across both runs");
}
