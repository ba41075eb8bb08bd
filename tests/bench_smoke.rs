//! The benchmarks (`cargo bench --bench wfio`) at tiny sizes: each one runs end to end and gives
//! sane numbers, so they cannot rot. Nothing here judges speed.

#[path = "../benches/support/mod.rs"]
mod support;

use std::time::Duration;

use support::{BIN, activation, listing, startup, terminal, transfer};

#[test]
fn document_sizes_span_the_range_and_add_up() {
    let s = support::org::document_sizes(40, 1_000, 200_000_000, 1_000_000_000);
    assert_eq!(s.iter().sum::<u64>(), 1_000_000_000);
    assert_eq!(s[0], 1_000);
    assert_eq!(s.iter().max(), Some(&200_000_000));
    assert!(s.windows(2).all(|w| w[0] <= w[1]));
    let docs = support::org::OrgSpec::FULL.documents();
    assert_eq!(docs.iter().filter(|d| d.task.is_none()).count(), 10, "a quarter on the project");
}

#[test]
fn a_published_limit_bursts_a_full_bucket_then_drains() {
    let l = activation::bound::Limit::of("project_user_roles.update");
    assert_eq!(
        (l.after(10), l.after(11), l.interval()),
        (Duration::ZERO, Duration::from_secs(6), Duration::from_secs(6))
    );
    assert_eq!(activation::bound::Limit::of("folders.create").after(6), Duration::from_secs(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activation_runs_and_checks_the_world() {
    let dir = tempfile::tempdir().unwrap();
    let r = activation::run(BIN, activation::Config::TINY, dir.path()).await;
    let c = r.counts;
    assert_eq!((c.folders, c.files, c.people()), (3, 3, 5), "the tiny organisation's plan");
    assert_eq!((c.project_users, c.workspace_users, c.reviewers), (3, 0, 2), "account users, then the others");
    assert_eq!(c.bytes, 60_000);
    assert!(r.wfio.wall > Duration::ZERO && r.wfio.rss_kb.unwrap() > 1_000, "{:?}", r.wfio);
    assert!(r.wfio.counters.frameio > 0 && r.wfio.counters.s3 >= 3, "{:?}", r.wfio.counters);
    let count = |run: &activation::Run, op: &str| support::ops::count(&run.operations, op);
    assert_eq!(count(&r.wfio, "folders.create"), 3, "{:?}", r.wfio.operations);
    assert_eq!(count(&r.wfio, "files.create_local_upload"), 3);
    assert_eq!(count(&r.wfio, "project_user_roles.update"), 3);
    assert_eq!(count(&r.wfio, "shares.add_reviewers"), 1);
    assert_eq!(r.wfio.phase("access: project user").map(|p| p.count), Some(3));
    assert_eq!(r.wfio.phase("access: share reviewer").map(|p| p.count), Some(2));
    let serial = r.serial.as_ref().unwrap();
    assert!(serial.counters.s3 >= 3 && serial.wall > Duration::ZERO);
    assert_eq!(count(serial, "project_user_roles.update"), 3);
    assert!(r.small.as_ref().unwrap().rss_kb.is_some());
    assert!(r.bound.total > Duration::ZERO && r.bound.total < r.wfio.wall * 2, "{:?}", r.bound);
    assert!(r.vs_bound().is_finite());
    assert!(r.pacing.is_empty(), "wfio paces every operation at its published limit: {:?}", r.pacing);
    let a = r.access.as_ref().unwrap();
    assert_eq!((a.users, a.others), (3, 2));
    assert_eq!((a.first.workspace_users.len(), a.first.reviewers.len()), (3, 2), "{:?}", a.first);
    assert_eq!(count_ops(&a.first.operations, "workspace_user_roles.update"), 3);
    assert_eq!(count_ops(&a.first.operations, "shares.add_reviewers"), 2, "batches of one");
    assert!(a.later_workspace_patches <= 3);
    assert!(a.project_user().0 > Duration::ZERO && a.reviewer_batch().0 > Duration::ZERO);
    eprintln!("{}", r.section().plain());
    let md = r.section().markdown();
    assert!(md.contains("lower bound") && md.contains("serial baseline") && md.contains("derived"), "{md}");
}

fn count_ops(ops: &[support::ops::OpCount], op: &str) -> u64 {
    support::ops::count(ops, op)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_runs_through_wfio_and_curl() {
    if !(support::have("curl") && support::have("jq")) {
        eprintln!("skipped: the curl comparison needs curl and jq");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let r = transfer::run(BIN, transfer::Config::TINY, dir.path()).await;
    assert!(r.wfio.transfer > Duration::ZERO && r.wfio.rss_kb > 1_000, "{:?}", r.wfio);
    assert_eq!(r.curl.len(), 1);
    assert!(r.curl[0].transfer > Duration::ZERO && r.curl[0].rss_kb > 0, "{:?}", r.curl);
    assert!(r.throughput_ratio() > 0.0);
    eprintln!("{}", r.section().plain());
    assert!(r.section().markdown().contains("curl script"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listing_fetches_filters_and_opens_the_wizard() {
    let dir = tempfile::tempdir().unwrap();
    let r = listing::run(BIN, listing::Config::TINY, dir.path()).await;
    assert_eq!(r.fetches[0].rows, 60, "every group");
    assert!(r.fetches[1].rows >= 5 * 50, "tasks: {}", r.fetches[1].rows);
    assert!(r.fetches.iter().all(|f| f.serial_requests >= 1 && f.concurrent > Duration::ZERO));
    assert!(!r.visible.is_empty() && r.keystroke.0 > Duration::ZERO);
    assert!(r.wizard.is_some_and(|(d, l)| d > Duration::ZERO && l > Duration::ZERO));
    eprintln!("{}", r.section().plain());
    assert!(r.section().markdown().contains("per keystroke"));
}

#[test]
fn terminal_bytes_per_key_and_idle() {
    let dir = tempfile::tempdir().unwrap();
    let r = terminal::run(BIN, terminal::Config::TINY, dir.path());
    assert_eq!(r.moving.keys, 4);
    assert!(r.moving.median > 0 && r.typing.median > 0, "{:?} {:?}", r.moving, r.typing);
    assert_eq!(r.idle_bytes, 0, "an idle wizard writes nothing");
    assert!(r.idle_cpu < Duration::from_millis(500), "{:?}", r.idle_cpu);
    eprintln!("{}", r.section().plain());
    assert!(r.section().markdown().contains("bytes per key"));
}

#[test]
fn startup_in_demo_and_remote_modes() {
    let dir = tempfile::tempdir().unwrap();
    let r = startup::run(BIN, startup::Config::TINY, dir.path());
    assert_eq!(r.modes.len(), 2);
    eprintln!("{}", r.section().plain());
    assert!(r.modes.iter().all(|(_, first, full)| *first > Duration::ZERO && full >= first), "{:?}", r.modes);
}
