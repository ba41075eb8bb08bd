//! Headless commands against a running `wfio sim` through an ordinary profile: `watch` picks up
//! projects switched to Current (or an equivalent status) directly through the Workfront API
//! and activates each exactly once; an interrupted `activate` exits 130 and resumes. The profile
//! signs in to Frame.io V4 at the simulator's IMS: with the demo's server-to-server credential,
//! or as Avery through "Sign in with Adobe".

#[path = "common/cli.rs"]
mod cli;
#[path = "common/simproc.rs"]
mod simproc;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cli::{API_KEY, S2S_SECRET, Wfio, path_str};
use serde_json::{Value, json};
use simproc::SimProc;

const SPRING: &str = "Spring Campaign 2027";

/// A standalone simulator (`wfio sim`) and a profile `local` pointing at it.
struct Sim {
    proc: SimProc,
}

impl Sim {
    fn start(w: &Wfio, extra: &[&str]) -> Self {
        let proc = SimProc::start(&w.dir.path().join("sim"), extra);
        let base = proc.base.clone();
        w.add_sim_profile("local", &base);
        Self { proc }
    }

    /// Change a project's status directly through the Workfront API, as the web UI would.
    async fn set_status(&self, project_id: &str, status: &str) {
        self.edit_project(project_id, json!({"status": status})).await;
    }

    async fn edit_project(&self, project_id: &str, updates: Value) {
        let r = self
            .proc
            .http
            .put(format!("{}/attask/api/v21.0/proj/{project_id}", self.proc.base))
            .header("apiKey", API_KEY)
            .query(&[("updates", updates.to_string())])
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    }

    async fn state(&self) -> Value {
        self.proc.http.get(format!("{}/_sim/state", self.proc.base)).send().await.unwrap().json().await.unwrap()
    }

    async fn set_faults(&self, faults: Value) {
        self.proc.set_faults(faults).await;
    }

    /// Live Frame.io projects named `name`, and the emails Frame.io sent for them: (to, kind),
    /// sorted.
    async fn frameio(&self, name: &str) -> (Vec<String>, Vec<(String, String)>) {
        let state = self.state().await;
        let ids: Vec<String> = state["fio"]["projects"]
            .as_object()
            .unwrap()
            .values()
            .filter(|p| p["name"] == name && p.get("deleted_at").is_none_or(Value::is_null))
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect();
        let mut emails: Vec<(String, String)> = state["fio"]["outbox"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["project_id"].as_str().is_some_and(|p| ids.iter().any(|i| i == p)))
            .map(|e| (e["to"].as_str().unwrap().to_owned(), e["kind"].as_str().unwrap().to_owned()))
            .collect();
        emails.sort();
        (ids, emails)
    }
}

/// How many of `emails` are of `kind`.
fn of_kind(emails: &[(String, String)], kind: &str) -> usize {
    emails.iter().filter(|(_, k)| k == kind).count()
}

/// Sign in with the demo's server-to-server credential (its technical account administers
/// Northwind Studios, an Admin Console account) and connect Marketing with that sign-in.
fn connect_marketing(w: &Wfio) {
    let login = w.login_s2s(&[], S2S_SECRET);
    assert_eq!(login.code, 0, "{}", login.stderr);
    let run = w.run(&["group", "connect", "Marketing", "--workspace", "Brand Studio"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("as Service Account User"), "{}", run.stderr);
}

/// Sign in with Adobe as Avery (the browser's redirect pasted back) and connect Marketing.
fn connect_marketing_as_avery(w: &Wfio) {
    let (login, _) = w.login_adobe(&[], "avery.admin@northwind.example", str::to_owned);
    assert_eq!(login.code, 0, "{}", login.stderr);
    let run =
        w.run(&["group", "connect", "Marketing", "--account", "Northwind Studios", "--workspace", "Brand Studio"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("as Avery Admin"), "{}", run.stderr);
}

fn project_id(w: &Wfio, name: &str) -> String {
    let list = w.ok(&["project", "list", "--json"]).json();
    list.as_array().unwrap().iter().find(|p| p["name"] == name).unwrap()["id"].as_str().unwrap().to_owned()
}

/// A background wfio whose stderr lines arrive on a channel.
fn spawn(w: &Wfio, args: &[&str]) -> (Child, mpsc::Receiver<String>) {
    let mut child = w.command(args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let err = BufReader::new(child.stderr.take().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in err.lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Wait for a stderr line containing `needle`; returns everything seen so far.
fn wait_for(rx: &mpsc::Receiver<String>, seen: &mut Vec<String>, needle: &str, limit: Duration) {
    let deadline = Instant::now() + limit;
    while !seen.iter().any(|l| l.contains(needle)) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => seen.push(line),
            Err(_) => panic!("no line with {needle:?} within {limit:?}:\n{}", seen.join("\n")),
        }
    }
}

fn signal(child: &Child, sig: &str) {
    assert!(Command::new("kill").args([sig, &child.id().to_string()]).status().unwrap().success());
}

fn wait_exit(child: &mut Child, limit: Duration) -> i32 {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        assert!(Instant::now() < deadline, "wfio did not stop within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_once_activates_a_project_switched_to_current_exactly_once() {
    let w = Wfio::new();
    let sim = Sim::start(&w, &[]);
    w.ok(&["task", "activate", SPRING, "Creative brief", "Storyboard", "Rough cut"]);
    // Marketing is connected in Workfront, but this profile has no sign-in for its account yet.
    let no_token = w.fails(&["activate", SPRING, "--dry-run"], 4);
    assert!(
        no_token.stderr.contains("no Frame.io sign-in for the account \"Northwind Studios\""),
        "{}",
        no_token.stderr
    );
    assert!(no_token.stderr.contains("wfio auth login frameio"), "{}", no_token.stderr);
    connect_marketing(&w);

    // Nothing is due yet: Spring is in Planning, Holiday is already generated.
    let idle = w.ok(&["watch", "--once"]);
    assert!(idle.stderr.contains("0 due, 0 activated, 0 failed"), "{}", idle.stderr);
    assert!(idle.stdout.is_empty());

    // Someone switches Spring to Current in Workfront's web UI.
    let spring = project_id(&w, SPRING);
    sim.set_status(&spring, "CUR").await;
    let first = w.ok(&["watch", "--once"]);
    assert!(first.stderr.contains(&format!("activating \"{SPRING}\" (status CUR")), "{}", first.stderr);
    assert!(first.stderr.contains("1 due, 1 activated, 0 failed"), "{}", first.stderr);
    assert!(
        first.stdout.starts_with(&format!("{spring}\t{SPRING}\thttps://next.frame.io/project/")),
        "{}",
        first.stdout
    );
    let (projects, invites) = sim.frameio(SPRING).await;
    assert_eq!((projects.len(), invites.len()), (1, 8), "{invites:?}");
    assert_eq!((of_kind(&invites, "project_access"), of_kind(&invites, "share_invite")), (5, 3), "{invites:?}");

    // Exactly once: the next pass finds nothing to do and Frame.io is unchanged.
    let second = w.ok(&["watch", "--once"]);
    assert!(!second.stderr.contains("activating"), "{}", second.stderr);
    assert!(second.stderr.contains("0 due, 0 activated"), "{}", second.stderr);
    assert_eq!(sim.frameio(SPRING).await, (projects, invites));
    let status = w.ok(&["status", "--json"]).json();
    let row = status.as_array().unwrap().iter().find(|p| p["name"] == SPRING).unwrap().clone();
    assert_eq!((row["state"].as_str(), row["status"].as_str()), (Some("connected"), Some("CUR")));

    // A failed activation: status exits 1 for monitoring, and the watch leaves it to a person.
    let holiday = project_id(&w, "Holiday Spot 2026");
    sim.edit_project(
        &holiday,
        json!({"DE:Frame.io Sync State": "Failed", "DE:Frame.io Last Error": "the Frame.io workspace was deleted"}),
    )
    .await;
    let failed = w.fails(&["status"], 1);
    assert!(failed.stdout.lines().any(|l| l.contains("failed") && l.contains("the Frame.io workspace was deleted")));
    assert!(failed.stderr.contains("1 activation failed"), "{}", failed.stderr);
    let skip = w.ok(&["watch", "--once"]);
    assert!(
        skip.stderr.contains(
            "skipping \"Holiday Spot 2026\": its last activation failed (the Frame.io workspace was deleted)"
        ),
        "{}",
        skip.stderr
    );
    assert!(skip.stderr.contains("1 due, 0 activated, 0 failed"), "{}", skip.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_follows_a_custom_status_and_stops_on_sigterm() {
    let w = Wfio::new();
    let sim = Sim::start(&w, &[]);
    connect_marketing_as_avery(&w);
    w.ok(&["project", "create", "Summer Spot", "--group", "Marketing"]);
    w.ok(&["task", "create", "Summer Spot", "Edit"]);
    w.ok(&["task", "activate", "Summer Spot", "Edit"]);
    w.ok(&["task", "assign", "Summer Spot", "Edit", "--user", "Kai Andersen"]);

    let (mut child, rx) = spawn(&w, &["watch", "--interval", "200ms"]);
    let mut seen = Vec::new();
    wait_for(&rx, &mut seen, "watching profile local every 200ms", Duration::from_secs(10));
    // Marketing's "On Air" equates to Current.
    sim.set_status(&project_id(&w, "Summer Spot"), "AIR").await;
    wait_for(&rx, &mut seen, "activated \"Summer Spot\"", Duration::from_secs(20));
    // A few more polls: still once.
    std::thread::sleep(Duration::from_millis(600));
    signal(&child, "-TERM");
    assert_eq!(wait_exit(&mut child, Duration::from_secs(10)), 0);
    wait_for(&rx, &mut seen, "watch stopped", Duration::from_secs(2));
    assert_eq!(seen.iter().filter(|l| l.contains("activating \"Summer Spot\"")).count(), 1, "{}", seen.join("\n"));
    let (projects, invites) = sim.frameio("Summer Spot").await;
    assert_eq!(projects.len(), 1, "one project");
    assert_eq!(
        invites,
        vec![("kai.andersen@northwind.example".to_owned(), "project_access".to_owned())],
        "Kai (a Frame.io user of Northwind Studios) added to the project, once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_activation_exits_130_and_resumes_without_duplicates() {
    let w = Wfio::new();
    let sim = Sim::start(&w, &[]);
    connect_marketing(&w);
    w.ok(&["task", "activate", SPRING, "Creative brief", "Storyboard", "Rough cut"]);
    let big = w.write_file("master.bin", &vec![7u8; 96 * 1024]);
    w.ok(&["doc", "upload", SPRING, path_str(&big)]);
    // Slow uploads down so the activation is still running when it is interrupted.
    sim.set_faults(json!({"upload_bytes_per_sec": 16000})).await;

    let (mut child, rx) = spawn(&w, &["activate", SPRING, "--yes"]);
    let mut seen = Vec::new();
    wait_for(&rx, &mut seen, "done    folder", Duration::from_secs(20));
    signal(&child, "-INT");
    assert_eq!(wait_exit(&mut child, Duration::from_secs(10)), 130, "{}", seen.join("\n"));
    wait_for(&rx, &mut seen, "interrupted", Duration::from_secs(2));
    let status = w.ok(&["status", "--json"]).json();
    let row = status.as_array().unwrap().iter().find(|p| p["name"] == SPRING).unwrap().clone();
    assert_eq!(row["state"], "syncing", "the icon says an activation is under way: {row}");

    sim.set_faults(json!({})).await;
    let resumed = w.ok(&["activate", SPRING, "--yes"]);
    assert!(resumed.stderr.contains("already there"), "{}", resumed.stderr);
    let (projects, invites) = sim.frameio(SPRING).await;
    assert_eq!((projects.len(), invites.len()), (1, 8), "{invites:?}");
    let state = sim.state().await;
    let masters: Vec<&Value> = state["fio"]["assets"]
        .as_object()
        .unwrap()
        .values()
        .filter(|a| a["name"] == "master.bin" && a.get("deleted_at").is_none_or(Value::is_null))
        .collect();
    assert_eq!(masters.len(), 1, "uploaded once");
}
