//! The Frame.io V4 client against the simulator over real HTTP: every call, its errors, cursor
//! paging, multi-part uploads of the sizes the server chose (also from a file still being
//! written), access for users and reviewers, retries and pacing.

use std::time::{Duration, Instant};

use secrecy::SecretString;
use tokio::sync::watch;
use url::Url;
use wfio::frameio::model::{AssetKind, ProjectRole};
use wfio::frameio::upload::UploadSource;
use wfio::frameio::{FrameioClient, FrameioError, TokenSource};
use wfio::http::pace::Pacer;
use wfio::http::retry::RetryPolicy;
use wfio::sim::settings::{Faults, RateLimits};
use wfio::sim::{SimOptions, Simulator};

/// Avery's legacy token: owner of Northwind Agency (migrated, takes it), admin of Northwind
/// Studios (on the Admin Console, refuses it).
const AVERY: &str = "fio-u-demo-2accounts-Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";
const BLAKE: &str = "fio-u-demo-1account-Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5Ja";
const CASEY: &str = "fio-u-demo-noadmin-Cm4Rw9Pt2Xn7Lb5Vq1Hz8Ks3Df6Gj0Ya";

fn fid(name: &str) -> String {
    wfio::sim::ids::frameio_id_for(name)
}

async fn sim(limits: RateLimits) -> Simulator {
    let sim = Simulator::start(SimOptions::default()).await.unwrap();
    sim.world().settings.rate_limits = limits;
    sim
}

/// A client with quick retries and no pacing (pacing has its own test).
fn client(sim: &Simulator, token: &str) -> FrameioClient {
    let base = Url::parse(&sim.base_url()).unwrap();
    FrameioClient::new(&base, TokenSource::developer_token(SecretString::from(token.to_owned())))
        .unwrap()
        .with_pacer(Pacer::disabled())
        .with_retry(RetryPolicy::fast())
}

fn bytes_of(len: usize, seed: u32) -> Vec<u8> {
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

fn agency() -> String {
    fid("@fa-agency")
}

/// A fresh project in Agency Creative (Northwind Agency takes Avery's developer token).
async fn scratch_project(fio: &FrameioClient, name: &str) -> wfio::frameio::model::Project {
    fio.create_project(&agency(), &fid("@ft-agency"), name).await.unwrap()
}

#[tokio::test]
async fn me_accounts_roles_and_choices() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let me = fio.me().await.unwrap();
    assert_eq!(me.email.as_deref(), Some("avery.admin@northwind.example"));
    assert_eq!(me.display(), "Avery Admin");

    let accounts = fio.accounts().await.unwrap();
    let mut names: Vec<&str> = accounts.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, vec!["Northwind Agency", "Northwind Studios", "Partner Network"]);
    assert_eq!(fio.account_role(&fid("@fa-studios")).await.unwrap().as_deref(), Some("admin"));
    assert_eq!(fio.account_role(&agency()).await.unwrap().as_deref(), Some("owner"));
    assert_eq!(fio.account_role(&fid("@fa-partners")).await.unwrap().as_deref(), Some("member"));
    assert_eq!(fio.account_role(&fid("@fa-blake")).await.unwrap(), None);

    // Administered accounts first, each group alphabetical.
    let choices = fio.account_choices().await.unwrap();
    let order: Vec<(&str, bool)> = choices.iter().map(|c| (c.account.name.as_str(), c.administers())).collect();
    assert_eq!(order, vec![("Northwind Agency", true), ("Northwind Studios", true), ("Partner Network", false)]);
}

#[tokio::test]
async fn a_developer_token_works_on_a_migrated_account_and_is_refused_on_an_admin_console_one() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    assert!(!fio.workspaces(&agency()).await.unwrap().is_empty());
    let err = fio.workspaces(&fid("@fa-studios")).await.unwrap_err();
    assert!(matches!(err, FrameioError::LegacyTokenRefused { .. }), "{err:?}");
    assert!(err.is_auth());
    let text = err.to_string();
    assert!(text.contains("Adobe Admin Console") && text.contains("Sign in with Adobe"), "{text}");
    // The header is what lets a legacy token through: the simulator says so without it.
    let raw = reqwest::Client::new().get(format!("{}/v4/me", sim.base_url())).bearer_auth(AVERY).send().await.unwrap();
    assert_eq!(raw.status(), 401);
}

#[tokio::test]
async fn a_server_to_server_credential_mints_its_token_and_works_on_its_admin_console_account() {
    let sim = sim(RateLimits::Off).await;
    let base = Url::parse(&sim.base_url()).unwrap();
    let config = wfio::ims::ImsConfig::server_to_server(
        base.clone(),
        wfio::session::DEMO_S2S_CLIENT_ID,
        SecretString::from(wfio::session::DEMO_S2S_SECRET),
    );
    let ims = wfio::ims::ImsClient::new(config, &Default::default()).unwrap();
    let stored = std::sync::Arc::new(std::sync::Mutex::new(0));
    let persist: wfio::frameio::renewal::Persist = {
        let stored = stored.clone();
        std::sync::Arc::new(move |_| {
            *stored.lock().unwrap() += 1;
            Ok(())
        })
    };
    let source = TokenSource::server_to_server(ims, None, persist).unwrap();
    let fio = FrameioClient::new(&base, source).unwrap().with_pacer(Pacer::disabled());
    let studios = fid("@fa-studios");
    let spaces = fio.workspaces(&studios).await.unwrap();
    assert!(spaces.iter().any(|w| w.name == "Brand Studio"), "{spaces:?}");
    assert_eq!(*stored.lock().unwrap(), 1, "the minted token is stored before it is used");
    // Not on another organisation's account, nor on a migrated one.
    let err = fio.workspaces(&agency()).await.unwrap_err();
    assert!(matches!(err, FrameioError::Forbidden { .. } | FrameioError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn workspaces_workspace_projects_and_project() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let spaces = fio.workspaces(&agency()).await.unwrap();
    let names: Vec<&str> = spaces.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"Agency Creative") && names.contains(&"Agency Social"), "{names:?}");

    let creative = fio.workspace(&agency(), &fid("@ft-agency")).await.unwrap();
    assert_eq!(creative.name, "Agency Creative");
    let before = fio.workspace_projects(&agency(), &creative.id).await.unwrap();
    let made = scratch_project(&fio, "Client test project").await;
    assert_eq!(made.workspace_id.as_deref(), Some(creative.id.as_str()));
    assert!(!made.root_folder_id.is_empty());
    assert!(made.view_url.as_deref().is_some_and(|u| u.contains(&made.id)), "{made:?}");
    let after = fio.workspace_projects(&agency(), &creative.id).await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.iter().any(|p| p.id == made.id && p.name == "Client test project"));
    let again = fio.project(&agency(), &made.id).await.unwrap();
    assert_eq!(again, made);
    let renamed = fio.rename_project(&agency(), &made.id, "Renamed").await.unwrap();
    assert_eq!(renamed.name, "Renamed");

    // A workspace is created once: creating it again by name finds the first.
    let fresh = wfio::integration::connect::create_workspace(&fio, &agency(), "Agency Films").await.unwrap();
    let again = wfio::integration::connect::create_workspace(&fio, &agency(), "agency films").await.unwrap();
    assert_eq!(fresh.id, again.id);
}

#[tokio::test]
async fn children_pages_through_more_than_a_hundred_items() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let project = scratch_project(&fio, "Paging").await;
    let pending: Vec<_> = (0..620)
        .map(|i| {
            let name = format!("F{i:03}");
            let (fio, root) = (&fio, &project.root_folder_id);
            async move { fio.create_folder(&agency(), root, &name).await }
        })
        .collect();
    for r in futures::future::join_all(pending).await {
        r.unwrap();
    }
    let kids = fio.children(&agency(), &project.root_folder_id).await.unwrap();
    assert_eq!(kids.len(), 620, "two pages of 500");
    let mut names: Vec<&str> = kids.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 620, "no item twice");
    assert!(kids.iter().all(|a| a.kind == AssetKind::Folder && a.parent() == Some(project.root_folder_id.as_str())));
    let pages = sim
        .shared()
        .infra()
        .lock_log()
        .records()
        .filter(|r| r.path.ends_with("/children") && r.method == "GET")
        .count();
    assert_eq!(pages, 2);
    // Account users page by 100 (the list's maximum) and follow the cursor.
    let users = fio.account_users(&fid("@fa-studios")).await;
    assert!(matches!(users, Err(FrameioError::LegacyTokenRefused { .. })), "Studios refuses the token");
    let users = fio.account_users(&agency()).await.unwrap();
    assert!(users.iter().any(|u| u.user.email.as_deref() == Some("eli.novak@northwind.example")));
}

#[tokio::test]
async fn a_45_mb_file_uploads_in_the_parts_the_server_chose_and_reads_back_equal() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let project = scratch_project(&fio, "Uploads").await;
    let folder = fio.create_folder(&agency(), &project.root_folder_id, "Cuts").await.unwrap();
    assert_eq!(folder.kind, AssetKind::Folder);

    let dir = tempfile::tempdir().unwrap();
    let data = bytes_of(45_000_000, 7);
    let path = dir.path().join("cut.mov");
    std::fs::write(&path, &data).unwrap();
    let asset = fio.create_file(&agency(), &folder.id, "cut.mov", data.len() as u64).await.unwrap();
    assert!(asset.upload_urls.len() > 1, "a 45 MB file goes in parts: {:?}", asset.upload_urls.len());
    assert_eq!(asset.upload_urls.iter().map(|u| u.size).sum::<u64>(), data.len() as u64);
    assert!(!asset.upload_complete());
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let progress = {
        let seen = seen.clone();
        std::sync::Arc::new(move |n: u64| {
            seen.fetch_max(n, std::sync::atomic::Ordering::Relaxed);
        })
    };
    let source = UploadSource::complete(&path, data.len() as u64);
    fio.upload_parts(&asset, &source, "video/quicktime", 3, Some(progress)).await.unwrap();
    assert_eq!(seen.load(std::sync::atomic::Ordering::Relaxed), data.len() as u64);
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), &asset.id).unwrap(), data);
    assert!(fio.upload_status(&agency(), &asset.id).await.unwrap().upload_complete);
    assert!(fio.file(&agency(), &asset.id).await.unwrap().upload_complete());
    let listed = fio.children(&agency(), &folder.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].file_size, Some(45_000_000));
}

#[tokio::test]
async fn uploads_parts_while_the_file_is_still_being_written() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let project = scratch_project(&fio, "Progressive").await;
    let dir = tempfile::tempdir().unwrap();
    let data = bytes_of(41_000_000, 9);
    let path = dir.path().join("growing.bin");
    std::fs::write(&path, b"").unwrap();
    let asset = fio.create_file(&agency(), &project.root_folder_id, "growing.bin", data.len() as u64).await.unwrap();
    let (tx, rx) = watch::channel(0u64);
    let source = UploadSource { path: path.clone(), size: data.len() as u64, available: Some(rx) };
    let writer = {
        let (path, data) = (path.clone(), data.clone());
        async move {
            use tokio::io::AsyncWriteExt;
            let mut file = tokio::fs::OpenOptions::new().append(true).open(&path).await.unwrap();
            for chunk in data.chunks(3_000_000) {
                file.write_all(chunk).await.unwrap();
                file.flush().await.unwrap();
                tx.send_modify(|n| *n += chunk.len() as u64);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    };
    let (up, ()) = tokio::join!(fio.upload_parts(&asset, &source, "application/octet-stream", 3, None), writer);
    up.unwrap();
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), &asset.id).unwrap(), data);

    // A writer that gives up before the end fails the upload with a clear error, not a hang.
    let other = fio.create_file(&agency(), &project.root_folder_id, "broken.bin", 30_000_000).await.unwrap();
    let (tx, rx) = watch::channel(1_000u64);
    let source = UploadSource { path: path.clone(), size: 30_000_000, available: Some(rx) };
    drop(tx);
    let err = tokio::time::timeout(
        Duration::from_secs(10),
        fio.upload_parts(&other, &source, "application/octet-stream", 2, None),
    )
    .await
    .expect("no hang")
    .unwrap_err();
    assert!(matches!(&err, FrameioError::Upload { detail, .. } if detail.contains("stopped")), "{err:?}");
}

#[tokio::test]
async fn a_failed_part_is_retried_on_its_own() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let project = scratch_project(&fio, "Retries").await;
    let dir = tempfile::tempdir().unwrap();
    let data = bytes_of(42_000_000, 11);
    let path = dir.path().join("retry.bin");
    std::fs::write(&path, &data).unwrap();
    let asset = fio.create_file(&agency(), &project.root_folder_id, "retry.bin", data.len() as u64).await.unwrap();
    let parts = asset.upload_urls.len();
    // Many requests fail (5xx before the handler) or are cut after it (reset).
    sim.shared().infra().fault_rng.reseed(Some(42));
    sim.world().settings.faults = Faults { error_rate: 0.3, reset_rate: 0.3, ..Faults::none() };
    let source = UploadSource::complete(&path, data.len() as u64);
    fio.upload_parts(&asset, &source, "application/octet-stream", 3, None).await.unwrap();
    sim.world().settings.faults = Faults::none();
    let log = sim.shared().infra().lock_log();
    let s3: Vec<_> = log.records().filter(|r| r.path.starts_with("/s3/")).collect();
    let faulted = s3.iter().filter(|r| r.fault.is_some()).count();
    assert!(faulted > 0, "the seed faults some part: {s3:?}");
    assert_eq!(s3.len(), parts + faulted, "each faulted attempt of a part is followed by one more: {s3:?}");
    drop(log);
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), &asset.id).unwrap(), data);
}

#[tokio::test]
async fn delete_asset_and_deleting_again_is_fine() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let project = scratch_project(&fio, "Deletes").await;
    let folder = fio.create_folder(&agency(), &project.root_folder_id, "Gone soon").await.unwrap();
    fio.delete_asset(&agency(), &folder).await.unwrap();
    assert!(fio.children(&agency(), &project.root_folder_id).await.unwrap().is_empty());
    // A retried DELETE whose first attempt landed finds nothing: still done.
    fio.delete_asset(&agency(), &folder).await.unwrap();
}

#[tokio::test]
async fn project_users_and_share_reviewers_get_access_each_with_one_email() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let project = scratch_project(&fio, "People").await;
    let users = fio.account_users(&agency()).await.unwrap();
    let eli = users.iter().find(|u| u.user.email.as_deref() == Some("eli.novak@northwind.example")).unwrap();
    let eli_id = eli.user.id.clone().expect("Eli has a Frame.io user");
    fio.set_project_user(&agency(), &project.id, &eli_id, ProjectRole::Editor).await.unwrap();
    // The same role again is the same state, and no second email.
    fio.set_project_user(&agency(), &project.id, &eli_id, ProjectRole::Editor).await.unwrap();
    let on = fio.project_users(&agency(), &project.id).await.unwrap();
    assert!(on.iter().any(|u| u.user.id.as_deref() == Some(eli_id.as_str()) && u.role == "editor"), "{on:?}");

    let name = wfio::sync::execute::share_name(&project.name);
    let share =
        fio.create_share(&agency(), &project.id, &name, std::slice::from_ref(&project.root_folder_id)).await.unwrap();
    assert!(fio.shares(&agency(), &project.id).await.unwrap().iter().any(|s| s.id == share.id && s.name == name));
    let guests = vec!["guest@elsewhere.example".to_owned(), "cleo.park@northwind.example".to_owned()];
    fio.add_reviewers(&agency(), &share.id, &guests, "Please review").await.unwrap();
    let mut reviewers = fio.share_reviewers(&agency(), &share.id).await.unwrap();
    reviewers.sort();
    assert_eq!(reviewers, vec!["cleo.park@northwind.example", "guest@elsewhere.example"]);

    let outbox = sim.world().fio.outbox.clone();
    let to = |who: &str| outbox.iter().filter(|e| e.to.eq_ignore_ascii_case(who)).count();
    assert_eq!(to("eli.novak@northwind.example"), 1, "added once, emailed once: {outbox:?}");
    assert_eq!(to("guest@elsewhere.example"), 1);
    assert_eq!(to("cleo.park@northwind.example"), 1);
}

#[tokio::test]
async fn errors_map_to_types_with_the_servers_detail_and_no_token() {
    let sim = sim(RateLimits::Off).await;
    let bad = client(&sim, "fio-u-not-a-real-token-Zz9");
    let err = bad.me().await.unwrap_err();
    assert!(matches!(err, FrameioError::Unauthorized { .. }), "{err:?}");
    assert!(!err.to_string().contains("fio-u-not-a-real-token"), "{err}");
    assert!(!err.is_transient());

    let casey = client(&sim, CASEY);
    let err = casey.workspace(&agency(), &fid("@ft-agency")).await.unwrap_err();
    assert!(matches!(err, FrameioError::Forbidden { .. } | FrameioError::NotFound { .. }), "{err:?}");

    let avery = client(&sim, AVERY);
    let err = avery.project(&agency(), "00000000-0000-0000-0000-000000000000").await.unwrap_err();
    assert!(matches!(err, FrameioError::NotFound { .. }), "{err:?}");
    let project = scratch_project(&avery, "Errors").await;
    // A name over the document's 255 characters: V4's 422 names the field.
    let err = avery.create_folder(&agency(), &project.root_folder_id, &"x".repeat(300)).await.unwrap_err();
    assert!(matches!(&err, FrameioError::Invalid { status: 422, detail } if detail.contains("/data/name")), "{err:?}");

    // Blake's token sees only his own account.
    let blake = client(&sim, BLAKE);
    let err = blake.project(&agency(), &project.id).await.unwrap_err();
    assert!(matches!(err, FrameioError::Forbidden { .. } | FrameioError::NotFound { .. }), "{err:?}");

    // Unreachable: a transport error naming the host only.
    let base = sim.base_url();
    drop(sim);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let gone = FrameioClient::new(&Url::parse(&base).unwrap(), TokenSource::developer_token(SecretString::from(AVERY)))
        .unwrap()
        .with_retry(RetryPolicy::NONE);
    let err = gone.me().await.unwrap_err();
    assert!(matches!(err, FrameioError::Transport { .. }), "{err:?}");
    assert!(err.is_transient());
    let text = err.to_string();
    assert!(!text.contains(AVERY) && !text.contains("/v4/me"), "{text}");
}

#[tokio::test]
async fn a_429_is_retried_then_succeeds_and_too_many_give_up_typed() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    sim.world().settings.faults.burst_429 = 3;
    let notices = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let fio = {
        let notices = notices.clone();
        fio.with_notify(std::sync::Arc::new(move |n| notices.lock().unwrap().push(n.to_string())))
    };
    assert_eq!(fio.me().await.unwrap().email.as_deref(), Some("avery.admin@northwind.example"));
    assert_eq!(sim.shared().infra().lock_log().counters().rate_limited, 3);
    let notices = notices.lock().unwrap().clone();
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert!(notices[0].starts_with("HTTP 429 from Frame.io"), "{notices:?}");

    // A create is retried after a 429 too: the server did nothing.
    sim.world().settings.faults.burst_429 = 2;
    let project = scratch_project(&fio, "After 429").await;
    let listed = fio.workspace_projects(&agency(), &fid("@ft-agency")).await.unwrap();
    assert_eq!(listed.iter().filter(|p| p.name == "After 429").count(), 1);
    assert_eq!(project.name, "After 429");

    sim.world().settings.faults.burst_429 = 50;
    let err = fio.me().await.unwrap_err();
    assert_eq!(err, FrameioError::RateLimited);
    assert!(err.is_transient());
}

#[tokio::test]
async fn pacing_keeps_a_burst_of_folder_creates_under_the_published_limits() {
    let sim = sim(RateLimits::Published).await;
    let base = Url::parse(&sim.base_url()).unwrap();
    let token = || TokenSource::developer_token(SecretString::from(AVERY));
    let fio = FrameioClient::new(&base, token()).unwrap().with_retry(RetryPolicy::fast());
    let project = fio.create_project(&agency(), &fid("@ft-agency"), "Paced").await.unwrap();
    sim.shared().infra().lock_log().clear();
    let started = Instant::now();
    let pending: Vec<_> = (0..15)
        .map(|i| {
            let name = format!("P{i}");
            let (fio, root) = (&fio, &project.root_folder_id);
            async move { fio.create_folder(&agency(), root, &name).await }
        })
        .collect();
    for r in futures::future::join_all(pending).await {
        r.unwrap();
    }
    let took = started.elapsed();
    let counters = sim.shared().infra().lock_log().counters().clone();
    assert_eq!(counters.rate_limited, 0, "no 429 with pacing: {counters:?}");
    // 3 per second, 2 at once: the last of 15 goes after about 4.3 s.
    assert!(took >= Duration::from_millis(4000), "{took:?}");

    // Without pacing the same burst meets the limiter, which is what pacing is for.
    let unpaced =
        FrameioClient::new(&base, token()).unwrap().with_pacer(Pacer::disabled()).with_retry(RetryPolicy::NONE);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let pending: Vec<_> = (0..12)
        .map(|i| {
            let name = format!("U{i}");
            let (fio, root) = (&unpaced, &project.root_folder_id);
            async move { fio.create_folder(&agency(), root, &name).await }
        })
        .collect();
    let refused = futures::future::join_all(pending).await.into_iter().filter(|r| r.is_err()).count();
    assert!(refused > 0, "the simulator enforces the published limits");
    assert!(sim.shared().infra().lock_log().counters().rate_limited > 0);
}
