//! The Frame.io client against the simulator over real HTTP: every call, its errors, paging,
//! multi-part uploads (also from a file still being written), retries and pacing.

use std::time::{Duration, Instant};

use secrecy::SecretString;
use tokio::sync::watch;
use url::Url;
use wfio::frameio::model::AssetKind;
use wfio::frameio::upload::UploadSource;
use wfio::frameio::{FrameioClient, FrameioError};
use wfio::http::pace::Pacer;
use wfio::http::retry::RetryPolicy;
use wfio::sim::settings::{Faults, RateLimits};
use wfio::sim::{SimOptions, Simulator};

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
    FrameioClient::new(&base, SecretString::from(token.to_owned()))
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

/// A fresh project in Brand Studio, for tests that write.
async fn scratch_project(fio: &FrameioClient, name: &str) -> wfio::frameio::model::Project {
    fio.create_project(&fid("@ft-brand"), name).await.unwrap()
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
    assert_eq!(fio.account_role(&fid("@fa-studios")).await.unwrap(), "admin");
    assert_eq!(fio.account_role(&fid("@fa-agency")).await.unwrap(), "owner");
    assert_eq!(fio.account_role(&fid("@fa-partners")).await.unwrap(), "member");

    // Administered accounts first, each group alphabetical.
    let choices = fio.account_choices().await.unwrap();
    let order: Vec<(&str, bool)> = choices.iter().map(|c| (c.account.name.as_str(), c.administers())).collect();
    assert_eq!(order, vec![("Northwind Agency", true), ("Northwind Studios", true), ("Partner Network", false)]);
}

#[tokio::test]
async fn teams_team_and_team_projects() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let teams = fio.teams(&fid("@fa-studios")).await.unwrap();
    let mut names: Vec<&str> = teams.iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    assert!(names.contains(&"Brand Studio") && names.contains(&"Video Post"), "{names:?}");
    assert!(teams.iter().all(|t| t.account_id.as_deref() == Some(fid("@fa-studios").as_str())));

    let brand = fio.team(&fid("@ft-brand")).await.unwrap();
    assert_eq!(brand.name, "Brand Studio");
    let before = fio.team_projects(&brand.id).await.unwrap();
    let made = scratch_project(&fio, "Client test project").await;
    assert_eq!(made.team_id.as_deref(), Some(brand.id.as_str()));
    assert!(!made.root_folder_id.is_empty());
    let after = fio.team_projects(&brand.id).await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.iter().any(|p| p.id == made.id && p.name == "Client test project"));
    let again = fio.project(&made.id).await.unwrap();
    assert_eq!(again, made);
}

#[tokio::test]
async fn children_pages_through_more_than_fifty_items() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let project = scratch_project(&fio, "Paging").await;
    let pending: Vec<_> = (0..120)
        .map(|i| {
            let name = format!("F{i:03}");
            let (fio, root) = (&fio, &project.root_folder_id);
            async move { fio.create_folder(root, &name).await }
        })
        .collect();
    for r in futures::future::join_all(pending).await {
        r.unwrap();
    }
    let kids = fio.children(&project.root_folder_id).await.unwrap();
    assert_eq!(kids.len(), 120, "three pages of 50");
    let mut names: Vec<&str> = kids.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 120, "no item twice");
    assert!(kids.iter().all(|a| a.kind == AssetKind::Folder && a.parent() == Some(project.root_folder_id.as_str())));
    let pages = sim
        .shared()
        .infra()
        .lock_log()
        .records()
        .filter(|r| r.path.ends_with("/children") && r.method == "GET")
        .count();
    assert_eq!(pages, 3);
}

#[tokio::test]
async fn a_45_mb_file_uploads_in_parts_and_reads_back_equal() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let project = scratch_project(&fio, "Uploads").await;
    let folder = fio.create_folder(&project.root_folder_id, "Cuts").await.unwrap();
    assert_eq!(folder.kind, AssetKind::Folder);

    let dir = tempfile::tempdir().unwrap();
    let data = bytes_of(45_000_000, 7);
    let path = dir.path().join("cut.mov");
    std::fs::write(&path, &data).unwrap();
    let asset = fio.create_file(&folder.id, "cut.mov", "video/quicktime", data.len() as u64).await.unwrap();
    assert_eq!(asset.upload_urls.len(), 3, "20 MB parts");
    assert!(!asset.upload_complete());
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let progress = {
        let seen = seen.clone();
        std::sync::Arc::new(move |n: u64| {
            seen.fetch_max(n, std::sync::atomic::Ordering::Relaxed);
        })
    };
    fio.upload_parts(&asset, &UploadSource::complete(&path, data.len() as u64), 3, Some(progress)).await.unwrap();
    assert_eq!(seen.load(std::sync::atomic::Ordering::Relaxed), data.len() as u64);
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), &asset.id).unwrap(), data);
    assert!(fio.asset(&asset.id).await.unwrap().upload_complete());
    let listed = fio.children(&folder.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].filesize, Some(45_000_000));
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
    let asset = fio
        .create_file(&project.root_folder_id, "growing.bin", "application/octet-stream", data.len() as u64)
        .await
        .unwrap();
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
    let (up, ()) = tokio::join!(fio.upload_parts(&asset, &source, 3, None), writer);
    up.unwrap();
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), &asset.id).unwrap(), data);

    // A writer that gives up before the end fails the upload with a clear error, not a hang.
    let other =
        fio.create_file(&project.root_folder_id, "broken.bin", "application/octet-stream", 30_000_000).await.unwrap();
    let (tx, rx) = watch::channel(1_000u64);
    let source = UploadSource { path: path.clone(), size: 30_000_000, available: Some(rx) };
    drop(tx);
    let err = tokio::time::timeout(Duration::from_secs(10), fio.upload_parts(&other, &source, 2, None))
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
    let asset = fio
        .create_file(&project.root_folder_id, "retry.bin", "application/octet-stream", data.len() as u64)
        .await
        .unwrap();
    // Half of all requests fail (5xx before the handler) or are cut after it (reset).
    sim.shared().infra().fault_rng.reseed(Some(42));
    sim.world().settings.faults = Faults { error_rate: 0.3, reset_rate: 0.3, ..Faults::none() };
    fio.upload_parts(&asset, &UploadSource::complete(&path, data.len() as u64), 3, None).await.unwrap();
    sim.world().settings.faults = Faults::none();
    let log = sim.shared().infra().lock_log();
    let s3: Vec<_> = log.records().filter(|r| r.path.starts_with("/s3/")).collect();
    let faulted = s3.iter().filter(|r| r.fault.is_some()).count();
    assert!(faulted > 0, "the seed faults some part: {s3:?}");
    assert_eq!(s3.len(), 3 + faulted, "each faulted attempt of a part is followed by one more: {s3:?}");
    drop(log);
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), &asset.id).unwrap(), data);
}

#[tokio::test]
async fn delete_asset_and_deleting_again_is_fine() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let project = scratch_project(&fio, "Deletes").await;
    let folder = fio.create_folder(&project.root_folder_id, "Gone soon").await.unwrap();
    fio.delete_asset(&folder.id).await.unwrap();
    assert!(fio.children(&project.root_folder_id).await.unwrap().is_empty());
    // A retried DELETE whose first attempt landed finds nothing: still done.
    fio.delete_asset(&folder.id).await.unwrap();
    // The root cannot be deleted: a 422 comes back typed.
    let err = fio.delete_asset(&project.root_folder_id).await.unwrap_err();
    assert!(matches!(err, FrameioError::Invalid { status: 422, .. }), "{err:?}");
}

#[tokio::test]
async fn collaborators_single_batch_pending_and_per_item_errors() {
    let sim = sim(RateLimits::Off).await;
    let fio = client(&sim, AVERY);
    let project = scratch_project(&fio, "People").await;
    // An existing Frame.io user becomes a collaborator; an unknown email a pending one.
    let hana = fio.add_collaborator(&project.id, "Hana.Sato@northwind.example").await.unwrap();
    assert_eq!(
        hana,
        wfio::frameio::model::Collaborator { email: "hana.sato@northwind.example".into(), pending: false }
    );
    let guest = fio.add_collaborator(&project.id, "guest@elsewhere.example").await.unwrap();
    assert!(guest.pending);
    // Inviting again creates nothing and sends no second email.
    fio.add_collaborator(&project.id, "guest@elsewhere.example").await.unwrap();

    let failures = fio
        .add_collaborators(
            &project.id,
            &["kai.andersen@northwind.example".into(), "not an email".into(), "new.person@elsewhere.example".into()],
        )
        .await
        .unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0].0, "not an email");
    assert!(failures[0].1.contains("not a valid email"), "{failures:?}");

    let mut everyone = fio.collaborators(&project.id).await.unwrap();
    everyone.sort_by(|a, b| a.email.cmp(&b.email));
    let got: Vec<(&str, bool)> = everyone.iter().map(|c| (c.email.as_str(), c.pending)).collect();
    assert_eq!(
        got,
        vec![
            ("guest@elsewhere.example", true),
            ("hana.sato@northwind.example", false),
            ("kai.andersen@northwind.example", false),
            ("new.person@elsewhere.example", true),
        ]
    );
    let sent = sim.world().fio.outbox.iter().filter(|e| e.project_id.as_deref() == Some(project.id.as_str())).count();
    assert_eq!(sent, 4, "one email per person");
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
    let err = casey.team(&fid("@ft-brand")).await.unwrap_err();
    assert!(matches!(&err, FrameioError::Forbidden { detail } if detail.contains("access")), "{err:?}");
    let err = casey.teams(&fid("@fa-studios")).await.unwrap_err();
    assert!(matches!(err, FrameioError::NotFound { .. }), "{err:?}");

    let avery = client(&sim, AVERY);
    let err = avery.project("00000000-0000-0000-0000-000000000000").await.unwrap_err();
    assert!(matches!(&err, FrameioError::NotFound { detail } if detail.contains("Project")), "{err:?}");
    let project = scratch_project(&avery, "Errors").await;
    let err = avery.create_folder(&project.root_folder_id, "").await.unwrap_err();
    assert!(matches!(&err, FrameioError::Invalid { status: 422, detail } if detail.contains("name")), "{err:?}");
    let err = avery.add_collaborator(&project.id, "nope").await.unwrap_err();
    assert!(matches!(err, FrameioError::Invalid { status: 422, .. }), "{err:?}");

    // Blake's token sees only his own account.
    let blake = client(&sim, BLAKE);
    let err = blake.project(&project.id).await.unwrap_err();
    assert!(matches!(err, FrameioError::Forbidden { .. } | FrameioError::NotFound { .. }), "{err:?}");

    // Unreachable: a transport error naming the host only.
    let base = sim.base_url();
    drop(sim);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let gone = FrameioClient::new(&Url::parse(&base).unwrap(), SecretString::from(AVERY))
        .unwrap()
        .with_retry(RetryPolicy::NONE);
    let err = gone.me().await.unwrap_err();
    assert!(matches!(err, FrameioError::Transport { .. }), "{err:?}");
    assert!(err.is_transient());
    let text = err.to_string();
    assert!(!text.contains(AVERY) && !text.contains("/v2/me"), "{text}");
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
    assert_eq!(fio.team_projects(&fid("@ft-brand")).await.unwrap().iter().filter(|p| p.name == "After 429").count(), 1);
    assert_eq!(project.name, "After 429");

    sim.world().settings.faults.burst_429 = 50;
    let err = fio.me().await.unwrap_err();
    assert_eq!(err, FrameioError::RateLimited);
    assert!(err.is_transient());
}

#[tokio::test]
async fn pacing_keeps_a_burst_of_asset_creates_under_the_published_limits() {
    let sim = sim(RateLimits::Published).await;
    let base = Url::parse(&sim.base_url()).unwrap();
    let fio = FrameioClient::new(&base, SecretString::from(AVERY)).unwrap().with_retry(RetryPolicy::fast());
    let project = fio.create_project(&fid("@ft-brand"), "Paced").await.unwrap();
    sim.shared().infra().lock_log().clear();
    let started = Instant::now();
    let pending: Vec<_> = (0..24)
        .map(|i| {
            let name = format!("P{i}");
            let (fio, root) = (&fio, &project.root_folder_id);
            async move { fio.create_folder(root, &name).await }
        })
        .collect();
    for r in futures::future::join_all(pending).await {
        r.unwrap();
    }
    let took = started.elapsed();
    let counters = sim.shared().infra().lock_log().counters().clone();
    assert_eq!(counters.rate_limited, 0, "no 429 with pacing: {counters:?}");
    // 5 per second, 4 at once: the last of 24 goes after about 4 s.
    assert!(took >= Duration::from_millis(3800), "{took:?}");

    // Without pacing the same burst meets the limiter, which is what pacing is for.
    let unpaced = FrameioClient::new(&base, SecretString::from(AVERY))
        .unwrap()
        .with_pacer(Pacer::disabled())
        .with_retry(RetryPolicy::NONE);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let pending: Vec<_> = (0..12)
        .map(|i| {
            let name = format!("U{i}");
            let (fio, root) = (&unpaced, &project.root_folder_id);
            async move { fio.create_folder(root, &name).await }
        })
        .collect();
    let refused = futures::future::join_all(pending).await.into_iter().filter(|r| r.is_err()).count();
    assert!(refused > 0, "the simulator enforces the published limits");
    assert!(sim.shared().infra().lock_log().counters().rate_limited > 0);
}
