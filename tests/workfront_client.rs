//! The Workfront client against the simulator, over real HTTP.

use secrecy::SecretString;
use serde_json::{Value, json};
use url::Url;
use wfio::config::DEMO_API_KEY;
use wfio::sim::{SimOptions, Simulator};
use wfio::workfront::{WorkfrontAuth, WorkfrontClient, WorkfrontError};

/// A seed with `n` groups and the demo's API key.
fn seed_with_groups(n: usize) -> String {
    let groups: Vec<Value> = (0..n).map(|i| json!({"ID": format!("@g{i}"), "name": format!("Group {i:03}")})).collect();
    json!({
        "workfront": {
            "apiKeys": {DEMO_API_KEY: "@admin"},
            "objects": {"USER": [{"ID": "@admin", "name": "Admin"}], "GROUP": groups}
        }
    })
    .to_string()
}

async fn sim(seed: String) -> Simulator {
    Simulator::start(SimOptions { seed_json: seed, ..SimOptions::default() }).await.unwrap()
}

fn client(sim: &Simulator, key: &str) -> WorkfrontClient {
    let base = Url::parse(&sim.base_url()).unwrap();
    WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::ApiKey(SecretString::from(key.to_owned()))).unwrap()
}

#[tokio::test]
async fn pages_through_more_than_one_page_of_groups() {
    let sim = sim(seed_with_groups(25)).await;
    let groups = client(&sim, DEMO_API_KEY).with_page_size(10).groups().await.unwrap();
    assert_eq!(groups.len(), 25);
    let mut ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    let in_order = ids.clone();
    ids.sort();
    assert_eq!(ids, in_order, "pages come back in ID order");
    ids.dedup();
    assert_eq!(ids.len(), 25, "no group twice");
}

#[tokio::test]
async fn exact_multiple_of_the_page_size() {
    let sim = sim(seed_with_groups(20)).await;
    let groups = client(&sim, DEMO_API_KEY).with_page_size(10).with_concurrency(1).groups().await.unwrap();
    assert_eq!(groups.len(), 20);
}

#[tokio::test]
async fn bad_api_key_is_an_authentication_error() {
    let sim = sim(seed_with_groups(1)).await;
    let err = client(&sim, "wrong").groups().await.unwrap_err();
    match &err {
        WorkfrontError::Auth { message } => assert!(message.contains("caps lock"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(!err.to_string().contains("wrong"), "the key is not in the message");
}

#[tokio::test]
async fn unreachable_server_is_a_transport_error() {
    let sim = sim(seed_with_groups(1)).await;
    let c = client(&sim, DEMO_API_KEY);
    sim.shutdown().await;
    let err = c.groups().await.unwrap_err();
    assert!(matches!(err, WorkfrontError::Transport { .. }), "{err:?}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn demo_groups_carry_their_frameio_connection() {
    let sim = Simulator::start(SimOptions::default()).await.unwrap();
    let groups = client(&sim, DEMO_API_KEY).groups().await.unwrap();
    let rows = wfio::integration::group_rows(&groups);
    let marketing = rows.iter().find(|g| g.name == "Marketing").unwrap();
    let c = marketing.connection.as_ref().expect("Marketing is connected in the demo");
    assert_eq!(c.workspace_name, "Brand Studio");
    assert_eq!(c.account_name, "Northwind Studios");
    assert!(!c.legacy);
    assert!(rows.iter().filter(|g| g.connection.is_none()).count() >= 6);
    let video = rows.iter().find(|g| g.name == "Video Production").unwrap();
    assert!(video.connection.as_ref().is_some_and(|c| c.legacy), "connected before V4: reconnect");
    assert!(!video.is_connected());
    assert_eq!(rows[0].name, "Creative Services", "alphabetical");
}

// ---------------------------------------------------------------------------------------------
// Every call and error, on the demo organisation.

use wfio::http::retry::RetryPolicy;
use wfio::sim::settings::Faults;
use wfio::workfront::model::{Project, Status, Task};

fn wid(symbol: &str) -> String {
    wfio::sim::ids::workfront_id_for(symbol)
}

async fn demo() -> (Simulator, WorkfrontClient) {
    let sim = Simulator::start(SimOptions::default()).await.unwrap();
    let wf = client(&sim, DEMO_API_KEY).with_retry(RetryPolicy::fast());
    (sim, wf)
}

/// One request's fault draws, as `sim::faults` takes them (six per request).
#[derive(Debug, Clone, Copy)]
struct Draw {
    error: f64,
    /// Below 0.5 a 500, else a 503.
    kind: f64,
    reset: f64,
}

/// The first fault seed whose first `n` requests meet `want`.
fn seed_where(n: usize, want: impl Fn(&[Draw]) -> bool) -> u64 {
    (0..100_000u64)
        .find(|&seed| {
            let mut rng = wfio::sim::ids::Rng::new(seed);
            let draws: Vec<Draw> = (0..n)
                .map(|_| {
                    let (_jitter, _spike) = (rng.next_f64(), rng.next_f64());
                    let error = rng.next_f64();
                    let kind = rng.next_f64();
                    let reset = rng.next_f64();
                    let _id = rng.next_u64();
                    Draw { error, kind, reset }
                })
                .collect();
            want(&draws)
        })
        .expect("a seed exists")
}

/// Arm faults from the next request on, with a seed chosen for them.
fn arm(sim: &Simulator, faults: Faults, seed: u64) {
    sim.shared().infra().lock_log().clear();
    sim.shared().infra().fault_rng.reseed(Some(seed));
    sim.world().settings.faults = faults;
}

fn calls(sim: &Simulator, method: &str, path_end: &str) -> usize {
    sim.shared().infra().lock_log().records().filter(|r| r.method == method && r.path.ends_with(path_end)).count()
}

#[tokio::test]
async fn get_search_count_create_edit_delete() {
    let (_sim, wf) = demo().await;
    let spring: Project = wf.get("proj", &wid("@proj-spring"), Project::FIELDS).await.unwrap();
    assert_eq!(spring.name, "Spring Campaign 2027");
    assert_eq!(spring.group.as_ref().map(|g| g.name.as_str()), Some("Marketing"));

    let filter = [("projectID", spring.id.clone())];
    let tasks: Vec<Task> = wf.search_all("task", &filter, Task::FIELDS).await.unwrap();
    assert_eq!(wf.count("task", &filter).await.unwrap(), tasks.len());
    let paged: Vec<Task> = wf.clone().with_page_size(2).search_all("task", &filter, Task::FIELDS).await.unwrap();
    assert_eq!(paged, tasks, "small pages, same rows in the same order");

    let made: Task =
        wf.create("task", &json!({"name": "Client test", "projectID": spring.id}), Task::FIELDS).await.unwrap();
    assert_eq!(made.project_id, spring.id);
    assert_eq!(wf.count("task", &filter).await.unwrap(), tasks.len() + 1);
    let edited: Task = wf.edit("task", &made.id, &json!({"name": "Client test, renamed"}), Task::FIELDS).await.unwrap();
    assert_eq!(edited.name, "Client test, renamed");
    wf.delete("task", &made.id, false).await.unwrap();
    let err = wf.get::<Task>("task", &made.id, Task::FIELDS).await.unwrap_err();
    match &err {
        WorkfrontError::Api { status: 404, class, message } => {
            assert_eq!(class, "com.attask.common.NotFoundException");
            assert!(message.contains("not found"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.class(), Some("com.attask.common.NotFoundException"));
    assert!(!err.is_transient());
}

#[tokio::test]
async fn typed_errors_carry_class_and_message() {
    let (_sim, wf) = demo().await;
    // An unknown field in an update.
    let err = wf.edit::<Value>("proj", &wid("@proj-spring"), &json!({"noSuchField": 1}), "ID").await.unwrap_err();
    let WorkfrontError::Api { status, class, message } = &err else { panic!("{err:?}") };
    assert!((400..500).contains(status), "{err:?}");
    assert!(!class.is_empty() && !message.is_empty(), "{err:?}");
    assert!(err.to_string().contains(message.as_str()));
    // An unknown object type.
    let err = wf.search_all::<Value>("nosuchobj", &[], "ID").await.unwrap_err();
    assert_eq!(err.class(), Some("com.attask.common.InvalidParameterException"), "{err:?}");
    // A missing required field on create.
    let err = wf.create::<Value>("task", &json!({"name": "orphan"}), "ID").await.unwrap_err();
    assert!(matches!(err, WorkfrontError::Api { .. }), "{err:?}");
}

#[tokio::test]
async fn session_and_ims_credentials_go_in_headers() {
    let (sim, _) = demo().await;
    let base = Url::parse(&sim.base_url()).unwrap();
    let login: Value = reqwest::Client::new()
        .post(format!("{}/attask/api/v21.0/login?username=avery.admin&password=demo-password", sim.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session = login["data"]["sessionID"].as_str().unwrap().to_owned();
    let wf = WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::Session(SecretString::from(session))).unwrap();
    assert_eq!(wf.groups().await.unwrap().len(), 8);
    let ims =
        WorkfrontAuth::Ims { token: SecretString::from("demo-ims-access-token"), org_id: "DEMO0RG@AdobeOrg".into() };
    let wf = WorkfrontClient::new(&base, "v21.0", ims).unwrap();
    assert_eq!(wf.groups().await.unwrap().len(), 8);
    let wrong_org =
        WorkfrontAuth::Ims { token: SecretString::from("demo-ims-access-token"), org_id: "OTHER@AdobeOrg".into() };
    let err = WorkfrontClient::new(&base, "v21.0", wrong_org).unwrap().groups().await.unwrap_err();
    assert!(matches!(err, WorkfrontError::Auth { .. }), "{err:?}");
    assert!(!err.to_string().contains("demo-ims-access-token"));
}

#[tokio::test]
async fn bulk_edits_go_in_chunks_of_one_hundred() {
    let sim = sim(seed_with_groups(230)).await;
    let wf = client(&sim, DEMO_API_KEY);
    let groups = wf.groups().await.unwrap();
    assert_eq!(groups.len(), 230);
    let updates: Vec<Value> =
        groups.iter().map(|g| json!({"ID": g.id, "description": format!("bulk {}", g.name)})).collect();
    wf.bulk_edit("group", &updates).await.unwrap();
    assert_eq!(calls(&sim, "PUT", "/group"), 3, "100 + 100 + 30");
    let after = wf.groups().await.unwrap();
    assert!(after.iter().all(|g| g.description.as_deref() == Some(&format!("bulk {}", g.name))));
    wf.bulk_edit("group", &[]).await.unwrap();
    assert_eq!(calls(&sim, "PUT", "/group"), 3, "nothing to send, nothing sent");
}

#[tokio::test]
async fn actions_and_named_queries() {
    let (sim, wf) = demo().await;
    let statuses: Vec<Status> = wf.project_group_statuses(&wid("@grp-marketing")).await.unwrap();
    let current: Vec<&str> = statuses.iter().filter(|s| s.equates_with == "CUR").map(|s| s.value.as_str()).collect();
    assert!(current.contains(&"CUR") && current.contains(&"AIR"), "{statuses:?}");
    assert!(statuses.iter().any(|s| s.value == "PLN"));

    let task: Task = wf.get("task", &wid("@task-spring-story"), Task::FIELDS).await.unwrap();
    let user = wid("@usr-casey");
    assert!(!task.assignments.iter().any(|a| a.user_id.as_deref() == Some(user.as_str())));
    wf.action("task", &task.id, "assign", &[("objID", user.clone()), ("objCode", "USER".into())]).await.unwrap();
    let after: Task = wf.get("task", &task.id, Task::FIELDS).await.unwrap();
    assert!(after.assignments.iter().any(|a| a.user_id.as_deref() == Some(user.as_str())), "{after:?}");
    assert_eq!(calls(&sim, "PUT", &format!("/task/{}", task.id)), 1);
    let err = wf.action("task", &task.id, "noSuchAction", &[]).await.unwrap_err();
    assert!(matches!(err, WorkfrontError::Api { .. }), "{err:?}");
}

#[tokio::test]
async fn documents_upload_attach_and_download_round_trip() {
    let (_sim, wf) = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let data: Vec<u8> = (0..3_500_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let path = dir.path().join("storyboard.pdf");
    std::fs::write(&path, &data).unwrap();
    let progress = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let p = progress.clone();
    let handle = wf
        .upload_file(&path, Some(std::sync::Arc::new(move |n| p.store(n, std::sync::atomic::Ordering::Relaxed))))
        .await
        .unwrap();
    assert_eq!(progress.load(std::sync::atomic::Ordering::Relaxed), data.len() as u64);
    let doc = wf.create_document(&handle, "storyboard.pdf", "PROJ", &wid("@proj-spring")).await.unwrap();
    assert_eq!(doc.name, "storyboard.pdf");
    assert_eq!(doc.current_version.as_ref().map(|v| v.size), Some(data.len() as u64));
    let listed = wf.project_documents(&wid("@proj-spring")).await.unwrap();
    assert!(listed.iter().any(|d| d.id == doc.id));

    let dest = dir.path().join("back.pdf");
    let n = wf.download_to(&doc, &dest, None).await.unwrap();
    assert_eq!(n, data.len() as u64);
    assert_eq!(std::fs::read(&dest).unwrap(), data);

    // Reading a file that is not there is a local error naming it.
    let err = wf.upload_file(&dir.path().join("missing.pdf"), None).await.unwrap_err();
    assert!(matches!(&err, WorkfrontError::Local { detail } if detail.contains("missing.pdf")), "{err:?}");
}

#[tokio::test]
async fn reads_are_retried_through_server_errors_and_resets() {
    let (sim, wf) = demo().await;
    // The first two requests fail with a 5xx, the third is cut after the server answered.
    let seed = seed_where(4, |d| {
        d[0].error < 0.5
            && d[1].error < 0.5
            && d[2].error >= 0.5
            && d[2].reset < 0.5
            && d[3].error >= 0.5
            && d[3].reset >= 0.5
    });
    arm(&sim, Faults { error_rate: 0.5, reset_rate: 0.5, ..Faults::none() }, seed);
    let spring: Project = wf.get("proj", &wid("@proj-spring"), Project::FIELDS).await.unwrap();
    assert_eq!(spring.name, "Spring Campaign 2027");
    assert_eq!(calls(&sim, "GET", &format!("/proj/{}", spring.id)), 4);
    // With retries off, the first failure shows, typed and transient.
    let once = wf.clone().with_retry(RetryPolicy::NONE);
    arm(&sim, Faults { error_rate: 1.0, ..Faults::none() }, 1);
    let err = once.get::<Project>("proj", &spring.id, Project::FIELDS).await.unwrap_err();
    assert!(
        matches!(&err, WorkfrontError::Api { status: 500 | 503, class, .. } if class.ends_with("AttaskException")),
        "{err:?}"
    );
    assert!(err.is_transient());
    sim.world().settings.faults = Faults::none();
}

#[tokio::test]
async fn a_create_is_never_retried_after_an_ambiguous_failure() {
    let (sim, wf) = demo().await;
    let project = wid("@proj-spring");
    let count =
        |sim: &Simulator| sim.world().wf.table("TASK").filter(|t| t.get("name") == Some(&json!("Ambiguous"))).count();

    // Reset: the server created the task, the answer was cut. One POST, a transport error.
    arm(&sim, Faults { reset_rate: 1.0, ..Faults::none() }, 1);
    let err =
        wf.create::<Task>("task", &json!({"name": "Ambiguous", "projectID": project}), Task::FIELDS).await.unwrap_err();
    sim.world().settings.faults = Faults::none();
    assert!(matches!(err, WorkfrontError::Transport { .. }), "{err:?}");
    assert_eq!(calls(&sim, "POST", "/task"), 1, "not retried");
    assert_eq!(count(&sim), 1, "the server did create it");

    // 500 and 503 alike: one POST each (a 503 from a proxy can hide a create too).
    for (status, seed) in [(500, seed_where(1, |d| d[0].kind < 0.5)), (503, seed_where(1, |d| d[0].kind >= 0.5))] {
        arm(&sim, Faults { error_rate: 1.0, ..Faults::none() }, seed);
        let err = wf.create::<Task>("task", &json!({"name": "Refused", "projectID": project}), "ID").await.unwrap_err();
        sim.world().settings.faults = Faults::none();
        assert!(matches!(&err, WorkfrontError::Api { status: s, .. } if *s == status), "{err:?}");
        assert_eq!(calls(&sim, "POST", "/task"), 1, "not retried: {err:?}");
    }

    // create_or_find: the create is cut, the probe finds it; nothing is created twice.
    let seed = seed_where(2, |d| d[0].reset < 0.5 && d[1].error >= 0.5 && d[1].reset >= 0.5);
    arm(&sim, Faults { reset_rate: 0.5, error_rate: 0.0, ..Faults::none() }, seed);
    let group: wfio::workfront::Group = wf
        .create_or_find(
            "group",
            &json!({"name": "Found after a reset"}),
            wfio::workfront::Group::FIELDS,
            &[("name", "Found after a reset".into())],
            3,
        )
        .await
        .unwrap();
    sim.world().settings.faults = Faults::none();
    assert_eq!(group.name, "Found after a reset");
    assert_eq!(calls(&sim, "POST", "/group"), 1);
    assert_eq!(sim.shared().infra().lock_log().counters().faults.get("reset"), Some(&1));
    assert_eq!(
        sim.world().wf.table("GROUP").filter(|g| g.get("name") == Some(&json!("Found after a reset"))).count(),
        1
    );
}

#[tokio::test]
async fn assign_after_a_lost_answer_looks_before_assigning_again() {
    let (sim, wf) = demo().await;
    let task: Task = wf.get("task", &wid("@task-spring-story"), Task::FIELDS).await.unwrap();
    let user = wid("@usr-casey");
    // The assign action is cut after the server assigned; the look that follows is clean.
    let seed = seed_where(2, |d| d[0].error >= 0.5 && d[0].reset < 0.5 && d[1].error >= 0.5 && d[1].reset >= 0.5);
    arm(&sim, Faults { reset_rate: 0.5, error_rate: 0.0, ..Faults::none() }, seed);
    let added = wfio::integration::projects::assign(
        &wf,
        std::slice::from_ref(&task),
        &wfio::integration::projects::Assignee::User(user.clone()),
    )
    .await
    .unwrap();
    sim.world().settings.faults = Faults::none();
    assert_eq!(added, 1);
    assert_eq!(sim.shared().infra().lock_log().counters().faults.get("reset"), Some(&1), "the answer was lost");
    assert_eq!(calls(&sim, "PUT", &format!("/task/{}", task.id)), 1, "assigned once");
    let rows = sim
        .world()
        .wf
        .table("ASSGN")
        .filter(|a| a.get("taskID") == Some(&json!(task.id)) && a.get("assignedToID") == Some(&json!(user)))
        .count();
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn creates_of_names_that_repeat_resolve_a_lost_answer_by_what_is_new() {
    let (sim, wf) = demo().await;
    let project = wid("@proj-spring");
    // A task named "Color grade" already exists; another is created and its answer is cut.
    let old = wfio::integration::projects::create_task(&wf, &project, "Color grade").await.unwrap();
    // Requests: the search before the create (a page and a count), the create (cut after the
    // server acted), the search after it.
    let seed = seed_where(5, |d| {
        d.iter().all(|x| x.error >= 0.5) && d.iter().enumerate().all(|(i, x)| (x.reset < 0.5) == (i == 2))
    });
    let post_was_cut = |sim: &Simulator, path: &str| {
        let log = sim.shared().infra().lock_log();
        let posts: Vec<_> = log.records().filter(|r| r.method == "POST" && r.path.ends_with(path)).collect();
        posts.len() == 1 && posts[0].fault == Some("reset")
    };
    arm(&sim, Faults { reset_rate: 0.5, error_rate: 0.0, ..Faults::none() }, seed);
    let new = wfio::integration::projects::create_task(&wf, &project, "Color grade").await.unwrap();
    sim.world().settings.faults = Faults::none();
    assert_eq!(sim.shared().infra().lock_log().counters().faults.get("reset"), Some(&1));
    assert_ne!(new.id, old.id, "the new task, not the old one of the same name");
    assert!(post_was_cut(&sim, "/task"), "the create's answer was lost, and it was not sent again");
    let named = sim.world().wf.table("TASK").filter(|t| t.get("name") == Some(&json!("Color grade"))).count();
    assert_eq!(named, 2, "the old one and exactly one new one");

    // The same for a document: uploaded, attached, the answer lost, found by what is new.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, b"first").unwrap();
    wf.upload_document(&path, "PROJ", &project, None).await.unwrap();
    std::fs::write(&path, b"second").unwrap();
    let handle = wf.upload_file(&path, None).await.unwrap();
    arm(&sim, Faults { reset_rate: 0.5, error_rate: 0.0, ..Faults::none() }, seed);
    let doc = wf.create_document(&handle, "notes.txt", "PROJ", &project).await.unwrap();
    sim.world().settings.faults = Faults::none();
    assert_eq!(sim.shared().infra().lock_log().counters().faults.get("reset"), Some(&1));
    assert!(post_was_cut(&sim, "/document"));
    let dest = dir.path().join("back.txt");
    wf.download_to(&doc, &dest, None).await.unwrap();
    assert_eq!(std::fs::read(&dest).unwrap(), b"second", "the new document, not the old one");
    let docs = wf.project_documents(&project).await.unwrap();
    assert_eq!(docs.iter().filter(|d| d.name == "notes.txt").count(), 2);
}

/// A document server whose first `cuts` answers break off a third of the way through; it
/// honours `Range` when `ranges` is set. Returns its base URL and the requests' Range headers.
async fn flaky_document_server(
    data: Vec<u8>,
    cuts: usize,
    ranges: bool,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<Option<String>>>>) {
    use axum::body::Body;
    use axum::http::{HeaderMap, StatusCode, header};
    use axum::response::{IntoResponse, Response};
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let data = bytes::Bytes::from(data);
    let app = axum::Router::new().route(
        "/document/download",
        axum::routing::get(move |headers: HeaderMap| {
            let (data, log) = (data.clone(), log.clone());
            async move {
                let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok()).map(str::to_owned);
                let n = {
                    let mut l = log.lock().unwrap();
                    l.push(range.clone());
                    l.len()
                };
                let from = match (&range, ranges) {
                    (Some(r), true) => r.trim_start_matches("bytes=").trim_end_matches('-').parse::<usize>().unwrap(),
                    _ => 0,
                };
                let body = data.slice(from..);
                let status = if from > 0 { StatusCode::PARTIAL_CONTENT } else { StatusCode::OK };
                let len = body.len();
                let stream: futures::stream::BoxStream<'static, Result<bytes::Bytes, std::io::Error>> = if n <= cuts {
                    let part = body.slice(..len / 3);
                    Box::pin(futures::stream::iter(vec![Ok(part), Err(std::io::Error::other("cut"))]))
                } else {
                    Box::pin(futures::stream::iter(vec![Ok(body)]))
                };
                let mut r: Response = (status, Body::from_stream(stream)).into_response();
                r.headers_mut().insert(header::CONTENT_LENGTH, len.into());
                if from > 0 {
                    let v = format!("bytes {from}-{}/{}", data.len() - 1, data.len());
                    r.headers_mut().insert(header::CONTENT_RANGE, v.parse().unwrap());
                }
                r
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (base, seen)
}

#[tokio::test]
async fn a_download_that_breaks_off_resumes_where_it_stopped() {
    let data: Vec<u8> = (0..2_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
    let doc: wfio::workfront::Document = serde_json::from_value(json!({
        "ID": "d", "name": "cut.mov", "downloadURL": "/document/download?ID=d"
    }))
    .unwrap();
    for ranges in [false, true] {
        let (base, seen) = flaky_document_server(data.clone(), 2, ranges).await;
        let wf = client_at(&base).with_retry(RetryPolicy::fast());
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("cut.mov");
        let n = wf.download_to(&doc, &dest, None).await.unwrap();
        assert_eq!(n, data.len() as u64, "ranges {ranges}");
        assert_eq!(std::fs::read(&dest).unwrap(), data, "ranges {ranges}");
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.len(), 3, "two breaks, two resumes: {seen:?}");
        assert_eq!(seen[0], None);
        assert!(seen[1].as_deref().is_some_and(|r| r.starts_with("bytes=") && r != "bytes=0-"), "{seen:?}");
    }
    // A connection that keeps breaking gives up, typed and transient.
    let (base, _) = flaky_document_server(data.clone(), 100, true).await;
    let wf = client_at(&base).with_retry(RetryPolicy::fast());
    let dir = tempfile::tempdir().unwrap();
    let err = wf.download_to(&doc, &dir.path().join("x"), None).await.unwrap_err();
    assert!(matches!(err, WorkfrontError::Transport { .. }) && err.is_transient(), "{err:?}");
}

fn client_at(base: &str) -> WorkfrontClient {
    WorkfrontClient::new(&Url::parse(base).unwrap(), "v21.0", WorkfrontAuth::ApiKey(SecretString::from("k"))).unwrap()
}
