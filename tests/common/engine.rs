//! A demo simulator with an integration context pointed at it, as the wizard and the headless
//! commands build one, for tests of the integration layer and the activation engine.
#![allow(dead_code)]

use secrecy::SecretString;
use serde_json::Value;
use url::Url;
use wfio::config::DEMO_API_KEY;
use wfio::http::{pace::Pacer, retry::RetryPolicy};
use wfio::integration::Context;
use wfio::integration::vault::Vault;
use wfio::session::DEMO_FRAMEIO_TOKEN;
use wfio::sim::settings::{RateLimits, Settings};
use wfio::sim::{SimOptions, Simulator, World, ids};
use wfio::workfront::{WorkfrontAuth, WorkfrontClient};

pub struct Env {
    pub sim: Simulator,
    pub ctx: Context,
    pub dir: tempfile::TempDir,
}

/// The demo seed, rate limits off (pacing is tested on its own), quick retries.
pub async fn demo() -> Env {
    with_settings(Settings { rate_limits: RateLimits::Off, ..Settings::default() }).await
}

pub async fn with_settings(settings: Settings) -> Env {
    let sim = Simulator::start(SimOptions { settings, ..SimOptions::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ctx = context_for(&sim, dir.path());
    Env { sim, ctx, dir }
}

/// A fresh context (its own journal dir) against a running simulator.
pub fn context_for(sim: &Simulator, data_dir: &std::path::Path) -> Context {
    let base = Url::parse(&sim.base_url()).unwrap();
    let wf = WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::ApiKey(SecretString::from(DEMO_API_KEY)))
        .unwrap()
        .with_retry(RetryPolicy::fast());
    let vault = Vault::in_memory("demo");
    vault
        .put(
            &fio_id("@fa-studios"),
            &wfio::frameio::FrameioCredential::developer_token(SecretString::from(DEMO_FRAMEIO_TOKEN)),
        )
        .unwrap();
    let mut ctx = Context::new("demo", wf, vault, base, data_dir.to_path_buf());
    ctx.pacer = Pacer::disabled();
    ctx.retry = RetryPolicy::fast();
    ctx
}

pub fn wf_id(symbol: &str) -> String {
    ids::workfront_id_for(symbol)
}

pub fn fio_id(symbol: &str) -> String {
    ids::frameio_id_for(symbol)
}

/// Frame.io projects (not deleted) in a team, by name.
pub fn fio_projects(world: &World, team_id: &str) -> Vec<(String, String)> {
    world
        .fio
        .projects
        .values()
        .filter(|p| {
            p.get("team_id").and_then(Value::as_str) == Some(team_id) && p.get("deleted_at").is_none_or(Value::is_null)
        })
        .map(|p| (p["id"].as_str().unwrap().to_owned(), p["name"].as_str().unwrap_or_default().to_owned()))
        .collect()
}

/// Live assets under a parent: `(id, name, type)`.
pub fn children(world: &World, parent: &str) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = world
        .fio
        .assets
        .values()
        .filter(|a| {
            let p = a.get("parent_id").or_else(|| a.get("parent_asset_id")).and_then(Value::as_str);
            p == Some(parent) && a.get("deleted_at").is_none_or(Value::is_null)
        })
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["name"].as_str().unwrap_or_default().to_owned(),
                a["type"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    v
}

// ---------------------------------------------------------------------------------------------
// The Spring Campaign activation, and an exact check of the world it must leave behind.

pub const SPRING: &str = "@proj-spring";
pub const SPRING_NAME: &str = "Spring Campaign 2027";
pub const ACTIVE_TASKS: [&str; 3] = ["Creative brief", "Storyboard", "Rough cut"];

/// Deterministic test bytes.
pub fn bytes_of(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// Mark the Spring Campaign's brief, storyboard and rough cut Active, as step 5 does.
pub async fn activate_spring_tasks(ctx: &Context) {
    let forms = ctx.forms().await.unwrap();
    let tasks = wfio::integration::projects::tasks(&ctx.wf, &wf_id(SPRING)).await.unwrap();
    let wanted: Vec<wfio::workfront::Task> =
        tasks.into_iter().filter(|t| ACTIVE_TASKS.contains(&t.name.as_str())).collect();
    assert_eq!(wanted.len(), 3);
    wfio::integration::projects::set_integration_status(&ctx.wf, &forms, &wanted, true).await.unwrap();
}

/// More documents for the Spring Campaign, so a run has real transfers: a two-part file
/// (over 20 MB) on "Rough cut" and small ones on the project and "Creative brief".
pub async fn add_spring_documents(ctx: &Context, dir: &std::path::Path, big: usize) {
    let tasks = wfio::integration::projects::tasks(&ctx.wf, &wf_id(SPRING)).await.unwrap();
    let task = |name: &str| tasks.iter().find(|t| t.name == name).unwrap().id.clone();
    let files: Vec<(&str, usize, &str, String)> = vec![
        ("rough-cut-v1.mov", big, "TASK", task("Rough cut")),
        ("brief-notes.txt", 4_321, "TASK", task("Creative brief")),
        ("schedule.csv", 777, "PROJ", wf_id(SPRING)),
        ("empty.txt", 0, "PROJ", wf_id(SPRING)),
    ];
    for (i, (name, len, code, obj)) in files.into_iter().enumerate() {
        let path = dir.join(name);
        std::fs::write(&path, bytes_of(len, 100 + i as u32)).unwrap();
        ctx.wf.upload_document(&path, code, &obj, None).await.unwrap();
        std::fs::remove_file(&path).unwrap();
    }
}

fn live(v: &serde_json::Map<String, Value>) -> bool {
    v.get("deleted_at").is_none_or(Value::is_null)
}

/// The world after an activation is exactly the plan: one Frame.io project, one folder per Active
/// task, one complete file per document with the Workfront bytes, nothing else in the project,
/// one invitation email per person, and Workfront's forms and status recording it all.
pub async fn check_end_state(env: &Env, plan: &wfio::sync::Plan) -> Result<(), String> {
    let frameio = {
        let w = env.sim.world();
        check_frameio(&w, plan)
    };
    check_workfront(&env.ctx.wf, plan, frameio?).await
}

/// As `check_end_state`, for a world read from elsewhere (a standalone `wfio sim`'s state file)
/// and a Workfront client pointed at that simulator.
pub async fn check_world(
    world: &World,
    wf: &wfio::workfront::WorkfrontClient,
    plan: &wfio::sync::Plan,
) -> Result<(), String> {
    let frameio = check_frameio(world, plan);
    check_workfront(wf, plan, frameio?).await
}

/// What the Frame.io side found: the differences, the project's ID and each task's folder.
pub struct FrameioSide {
    errors: Vec<String>,
    project_id: String,
    folder_ids: std::collections::BTreeMap<String, String>,
}

fn check_frameio(w: &World, plan: &wfio::sync::Plan) -> Result<FrameioSide, String> {
    use std::collections::BTreeMap;
    let mut errors: Vec<String> = Vec::new();
    let team = &plan.destination.team_id;
    let project_id;
    let mut folder_ids: BTreeMap<String, String> = BTreeMap::new();
    {
        let projects: Vec<_> = fio_projects(w, team).into_iter().filter(|(_, n)| n == &plan.project_name).collect();
        if projects.len() != 1 {
            return Err(format!("{} Frame.io projects named {:?}: {projects:?}", projects.len(), plan.project_name));
        }
        project_id = projects[0].0.clone();
        let root = w.fio.projects[&project_id]["root_asset_id"].as_str().unwrap().to_owned();
        // The root: a folder per Active task and the project's documents.
        let mut want_root: Vec<(String, String)> =
            plan.folders.iter().map(|f| (f.name.clone(), "folder".to_owned())).collect();
        want_root.extend(plan.uploads.iter().filter(|u| u.task_id.is_none()).map(|u| (u.name.clone(), "file".into())));
        want_root.sort();
        let top = children(w, &root);
        let got_root: Vec<(String, String)> = top.iter().map(|c| (c.1.clone(), c.2.clone())).collect();
        if got_root != want_root {
            errors.push(format!("project root holds {got_root:?}, the plan says {want_root:?}"));
        }
        let mut files: Vec<(String, &wfio::sync::plan::UploadItem)> = Vec::new();
        for u in plan.uploads.iter().filter(|u| u.task_id.is_none()) {
            if let Some(c) = top.iter().find(|c| c.1 == u.name && c.2 == "file") {
                files.push((c.0.clone(), u));
            }
        }
        for f in &plan.folders {
            let Some(folder) = top.iter().find(|c| c.1 == f.name && c.2 == "folder") else { continue };
            folder_ids.insert(f.task_id.clone(), folder.0.clone());
            let mut want: Vec<String> = plan
                .uploads
                .iter()
                .filter(|u| u.task_id.as_ref() == Some(&f.task_id))
                .map(|u| u.name.clone())
                .collect();
            want.sort();
            let inside = children(w, &folder.0);
            let got: Vec<String> = inside.iter().map(|c| c.1.clone()).collect();
            if got != want || inside.iter().any(|c| c.2 != "file") {
                errors.push(format!("folder {:?} holds {inside:?}, the plan says {want:?}", f.name));
            }
            for u in plan.uploads.iter().filter(|u| u.task_id.as_ref() == Some(&f.task_id)) {
                if let Some(c) = inside.iter().find(|c| c.1 == u.name) {
                    files.push((c.0.clone(), u));
                }
            }
        }
        for (asset_id, u) in files {
            let version = u.document.current_version.as_ref().expect("documents have a version");
            let want = w.blobs.get(&format!("wf/docv/{}", version.id)).map(|b| b.to_vec()).unwrap_or_default();
            match wfio::sim::frameio::asset_bytes(w, &asset_id) {
                Some(got) if got == want => {}
                Some(got) => errors.push(format!(
                    "{}: {} bytes in Frame.io differ from Workfront's {}",
                    u.name,
                    got.len(),
                    want.len()
                )),
                None => errors.push(format!("{}: upload incomplete", u.name)),
            }
        }
        // Invitations: one email per person, none for anyone else.
        let mut sent: BTreeMap<String, usize> = BTreeMap::new();
        for e in w.fio.outbox.iter().filter(|e| e.project_id.as_deref() == Some(project_id.as_str())) {
            *sent.entry(e.to.to_lowercase()).or_default() += 1;
        }
        let want: BTreeMap<String, usize> = plan.invites.iter().map(|i| (i.email.clone(), 1)).collect();
        if sent != want {
            errors.push(format!("invitation emails {sent:?}, the plan says {want:?}"));
        }
        let collaborators = w
            .fio
            .collaborators
            .values()
            .filter(|c| c.get("project_id").and_then(Value::as_str) == Some(project_id.as_str()) && live(c))
            .count();
        if collaborators != plan.invites.len() {
            errors.push(format!("{collaborators} collaborator records for {} invites", plan.invites.len()));
        }
    }
    Ok(FrameioSide { errors, project_id, folder_ids })
}

async fn check_workfront(
    wf: &wfio::workfront::WorkfrontClient,
    plan: &wfio::sync::Plan,
    side: FrameioSide,
) -> Result<(), String> {
    let FrameioSide { mut errors, project_id, folder_ids } = side;
    // Workfront: status, the project form, each Active task's folder.
    let project = match wfio::integration::projects::project(wf, &plan.project_id).await {
        Ok(p) => p,
        Err(e) => return Err(format!("reading the Workfront project: {e}")),
    };
    use wfio::integration::forms;
    if project.status != plan.target_status {
        errors.push(format!("Workfront status {}, want {}", project.status, plan.target_status));
    }
    if project.custom_text(forms::PROJECT_SYNC_STATE) != Some(forms::SYNC_CONNECTED) {
        errors.push(format!("sync state {:?}", project.custom_text(forms::PROJECT_SYNC_STATE)));
    }
    if project.custom_text(forms::PROJECT_ID) != Some(project_id.as_str()) {
        errors.push(format!(
            "project form records {:?}, Frame.io has {project_id}",
            project.custom_text(forms::PROJECT_ID)
        ));
    }
    if let Some(e) = project.custom_text(forms::PROJECT_LAST_ERROR) {
        errors.push(format!("last error left behind: {e}"));
    }
    let tasks = wfio::integration::projects::tasks(wf, &plan.project_id).await.map_err(|e| e.to_string())?;
    for f in &plan.folders {
        let task = tasks.iter().find(|t| t.id == f.task_id).unwrap();
        let recorded = task.custom_text(forms::TASK_FOLDER_ID);
        if recorded != folder_ids.get(&f.task_id).map(String::as_str) {
            errors.push(format!(
                "task {:?} records folder {recorded:?}, Frame.io has {:?}",
                f.name,
                folder_ids.get(&f.task_id)
            ));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors.join("\n")) }
}

/// The Spring Campaign as the seed document's activation leaves it in Frame.io (three Active
/// tasks, two documents): the folders and the brief at the root, the mood board in Storyboard,
/// each file's bytes equal to its Workfront document. Returns the root's children.
pub fn assert_spring_tree(world: &World, root: &str) -> Vec<(String, String, String)> {
    let top = children(world, root);
    let names: Vec<(&str, &str)> = top.iter().map(|c| (c.1.as_str(), c.2.as_str())).collect();
    assert_eq!(
        names,
        vec![
            ("Creative brief", "folder"),
            ("Rough cut", "folder"),
            ("Storyboard", "folder"),
            ("campaign-brief.txt", "file")
        ]
    );
    let story = top.iter().find(|c| c.1 == "Storyboard").unwrap();
    let inside = children(world, &story.0);
    assert_eq!(inside.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(), vec!["moodboard-notes.md"]);
    let brief = top.iter().find(|c| c.1 == "campaign-brief.txt").unwrap();
    for (asset, docv) in [(&brief.0, "@docv-spring-brief"), (&inside[0].0, "@docv-spring-mood")] {
        let wf_bytes = world.blobs.get(&format!("wf/docv/{}", wf_id(docv))).unwrap();
        let fio_bytes = wfio::sim::frameio::asset_bytes(world, asset).expect("upload complete");
        assert_eq!(fio_bytes, wf_bytes.to_vec(), "{docv}");
    }
    top
}
