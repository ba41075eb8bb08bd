//! The user-facing errors of issue 8 ("Bad input"), as one table: each row is an input, where it
//! goes in (a headless command of the real binary, the wizard's worker, the wizard's reducer, or
//! the wizard in a pseudo-terminal), the words the message must contain (what happened and what
//! to do) and, for commands, the exit code.
//!
//! Everything runs against one standalone `wfio sim` started from the demo seed with three
//! changes: Blake Rivera's Frame.io account has no team (its only team removed), Blake's
//! Workfront user has a Review licence and an API key (a key without rights: the simulator lets
//! such users read but not write, answering 403), and the Holiday Spot has a 6 TiB document.
//! `cargo test --test bad_input -- --nocapture` prints the table with each row's result.

#[path = "common/cli.rs"]
mod cli;
mod common;
#[path = "common/simproc.rs"]
mod simproc;
mod wizard;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use cli::{API_KEY, TOKEN_1_ACCOUNT, TOKEN_NO_ADMIN, Wfio};
use common::pty::Pty;
use secrecy::SecretString;
use serde_json::{Value, json};
use simproc::SimProc;
use tokio::sync::mpsc;
use url::Url;
use wfio::app::action::{Secret, SignIn};
use wfio::app::{Action, Request, RequestId, WorkerEvent};
use wfio::integration::Context;
use wfio::integration::vault::Vault;
use wfio::sim::ids::{frameio_id_for, workfront_id_for};
use wfio::sync::SyncEvent;
use wfio::workfront::{WorkfrontAuth, WorkfrontClient};

/// Blake Rivera's key: a user with a Review licence, who may read but not write.
const REVIEWER_KEY: &str = "r3v13w000000000000000000000b1ake";
const SPRING: &str = "Spring Campaign 2027";
const WAIT: Duration = Duration::from_secs(20);

/// Where a row's input goes in.
enum Via {
    /// The real binary, headless, with the profile `bad` pointing at the simulator.
    Cli { args: Vec<String>, stdin: Option<String>, env: Vec<(String, String)> },
    /// As `Cli`, as a user who cannot read `file` (when the tests run as root, as `nobody`).
    CliUnreadable { file: &'static str },
    /// The wizard's worker (its I/O: the same integration layer as the commands).
    Worker { reviewer: bool, requests: Vec<Request> },
    /// The wizard's reducer: the message it shows.
    Reducer(fn() -> String),
    /// The wizard in a pseudo-terminal of this size, with these variables; Ctrl-C after the
    /// message when `quit` (else it exits by itself).
    Pty { cols: u16, rows: u16, env: Vec<(&'static str, &'static str)>, quit: bool },
}

impl Via {
    fn name(&self) -> &'static str {
        match self {
            Self::Cli { .. } | Self::CliUnreadable { .. } => "command",
            Self::Worker { .. } => "wizard (worker)",
            Self::Reducer(_) => "wizard (reducer)",
            Self::Pty { .. } => "wizard (pty)",
        }
    }
}

struct Row {
    case: &'static str,
    input: String,
    via: Via,
    /// Every fragment must be in the message.
    expect: Vec<&'static str>,
    /// The exit code (commands and the wizard's process).
    exit: Option<i32>,
}

fn cli(args: &[&str]) -> Via {
    Via::Cli { args: args.iter().map(|s| (*s).to_owned()).collect(), stdin: None, env: Vec::new() }
}

fn cli_stdin(args: &[&str], stdin: &str) -> Via {
    Via::Cli { args: args.iter().map(|s| (*s).to_owned()).collect(), stdin: Some(stdin.to_owned()), env: Vec::new() }
}

fn cli_env(args: &[&str], env: &[(&str, &str)]) -> Via {
    Via::Cli {
        args: args.iter().map(|s| (*s).to_owned()).collect(),
        stdin: None,
        env: env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
    }
}

fn worker(request: Request) -> Via {
    Via::Worker { reviewer: false, requests: vec![request] }
}

/// Requests sent in turn to one worker (the sign-in first, as the wizard does); the answer to
/// the last one is the message.
fn worker_after(requests: Vec<Request>) -> Via {
    Via::Worker { reviewer: false, requests }
}

fn row(case: &'static str, input: impl Into<String>, via: Via, expect: &[&'static str], exit: Option<i32>) -> Row {
    Row { case, input: input.into(), via, expect: expect.to_vec(), exit }
}

/// The demo seed with the three changes above, as a file.
fn seed_file(dir: &Path) -> PathBuf {
    let mut seed = simproc::demo_seed();
    let teams = seed["frameio"]["workspaces"].as_array_mut().unwrap();
    teams.retain(|t| t["id"] != "@ft-blake");
    let wf = &mut seed["workfront"];
    wf["apiKeys"][REVIEWER_KEY] = json!("@usr-blake");
    let users = wf["objects"]["USER"].as_array_mut().unwrap();
    users.iter_mut().find(|u| u["ID"] == "@usr-blake").unwrap()["licenseType"] = json!("REVIEW");
    let huge: u64 = 6 << 40;
    wf["objects"]["DOCU"].as_array_mut().unwrap().push(json!({
        "ID": "@docu-holiday-master", "name": "master-8k.mxf", "docObjCode": "PROJ", "objID": "@proj-holiday",
        "projectID": "@proj-holiday", "currentVersionID": "@docv-holiday-master", "fileType": "application/mxf",
        "ownerID": "@usr-avery", "entryDate": "2026-11-02T09:00:00:000-0000"}));
    wf["objects"]["DOCV"].as_array_mut().unwrap().push(json!({
        "ID": "@docv-holiday-master", "documentID": "@docu-holiday-master", "version": "v1.0",
        "fileName": "master-8k.mxf", "fileType": "application/mxf", "docSize": huge, "ext": "mxf",
        "entryDate": "2026-11-02T09:00:00:000-0000", "_content": ""}));
    let path = dir.join("seed.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&seed).unwrap()).unwrap();
    path
}

/// wfio's home with the profile `bad` (Avery's API key) as the default.
fn home_with_profile(base: &str) -> Wfio {
    let w = Wfio::new();
    let args = [
        "profile",
        "add",
        "bad",
        "--workfront-url",
        base,
        "--frameio-url",
        base,
        "--ims-url",
        base,
        "--api-key-stdin",
        "--default",
    ];
    w.ok_stdin(&args, &format!("{API_KEY}\n"));
    w
}

fn context(base: &str, key: &str, data: &Path) -> Context {
    let url = Url::parse(base).unwrap();
    let wf = WorkfrontClient::new(&url, "v21.0", WorkfrontAuth::ApiKey(SecretString::from(key))).unwrap();
    Context::new("bad", wf, Vault::in_memory("bad"), url, data.to_path_buf())
}

/// The message a worker answer carries: an error, a preview's blockers, an activation's error.
fn message_of(event: &WorkerEvent) -> Option<String> {
    fn err<T>(r: &Result<T, wfio::app::state::ErrorInfo>) -> String {
        r.as_ref().err().map_or_else(|| "(no error)".to_owned(), |e| e.message.clone())
    }
    Some(match event {
        WorkerEvent::UploadProgress { .. } | WorkerEvent::ActivationStarted { .. } => return None,
        WorkerEvent::Sync { event: SyncEvent::Finished { outcome }, .. } => outcome.error.clone().unwrap_or_default(),
        WorkerEvent::Sync { .. } => return None,
        WorkerEvent::TokenChecked { result, .. } => err(result),
        WorkerEvent::Teams { result, .. } => err(result),
        WorkerEvent::GroupCreated { result, .. } => err(result),
        WorkerEvent::TasksChanged { result, .. } => err(result),
        WorkerEvent::Uploaded { result, .. } => err(result),
        WorkerEvent::Preview { result, .. } => match result {
            Ok(p) => p.plan.blockers.join(" "),
            Err(e) => e.message.clone(),
        },
        other => format!("{other:?}"),
    })
}

async fn ask_worker(ctx: &Context, requests: Vec<Request>) -> String {
    let (tx, mut rx) = mpsc::channel::<Action>(64);
    let jobs = wfio::worker::spawn(ctx.clone(), tx);
    let mut last = String::new();
    for (i, request) in requests.into_iter().enumerate() {
        jobs.send((RequestId(i as u64 + 1), request)).await.unwrap();
        last = loop {
            let action = tokio::time::timeout(WAIT, rx.recv()).await.expect("the worker answers").expect("open");
            if let Action::Worker(event) = action
                && let Some(message) = message_of(&event)
            {
                break message;
            }
        };
    }
    last
}

/// `chown -R uid:gid`.
fn chown_all(path: &Path, id: u32) {
    std::os::unix::fs::chown(path, Some(id), Some(id)).unwrap();
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap() {
            chown_all(&e.unwrap().path(), id);
        }
    }
}

/// A command run by a user who cannot read `file` (mode 000): the tests' own user, or when that
/// is root (who reads anything), `nobody` in a home of its own.
fn run_unreadable(base: &str, file: &str) -> (i32, String) {
    use std::os::unix::process::CommandExt;
    let w = home_with_profile(base);
    let path = w.dir.path().join(file);
    std::fs::write(&path, b"a brief nobody may read").unwrap();
    let root = nix_is_root();
    if root {
        chown_all(w.dir.path(), 65534);
        std::os::unix::fs::chown(&path, Some(0), Some(0)).unwrap();
    }
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let mut c = w.command(&["doc", "upload", SPRING, path.to_str().unwrap()]);
    c.stdin(Stdio::null());
    if root {
        c.uid(65534).gid(65534);
    }
    let out = c.output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn nix_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .and_then(|l| l.split_whitespace().nth(2))
        == Some("0")
}

fn subtask_toast() -> String {
    let mut w = wizard::tasks_loaded();
    w.down(2);
    assert!(w.s.tasks.current().unwrap().is_subtask);
    w.ch(' ');
    w.toast()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_input_says_what_happened_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed_file(dir.path());
    let sim = SimProc::start(&dir.path().join("sim"), &["--seed", seed.to_str().unwrap()]);
    let base = sim.base.clone();
    let w = home_with_profile(&base);
    let avery = context(&base, API_KEY, &dir.path().join("worker"));
    let reviewer = context(&base, REVIEWER_KEY, &dir.path().join("worker"));

    let folder = w.dir.path().join("briefs");
    std::fs::create_dir_all(&folder).unwrap();
    let missing = w.dir.path().join("no-such-brief.pdf");
    // 5 TiB and one byte (over V4's 5 TB), sparse: no disk is used.
    let huge = w.dir.path().join("master-8k.mov");
    std::fs::File::create(&huge).unwrap().set_len((5u64 << 40) + 1).unwrap();
    let (folder_s, missing_s, huge_s) =
        (folder.display().to_string(), missing.display().to_string(), huge.display().to_string());
    let spring = workfront_id_for("@proj-spring");
    let secret = |t: &str| Secret(t.to_owned());

    let rows = vec![
        row(
            "invalid token",
            "`fio-u-not-a-real-token` on stdin: `group connect Events --token-stdin`",
            cli_stdin(&["group", "connect", "Events", "--token-stdin"], "fio-u-not-a-real-token\n"),
            &["Frame.io did not accept the credentials", "Sign in again"],
            Some(4),
        ),
        row(
            "invalid token",
            "the token pasted on step 2",
            worker(Request::SignIn(SignIn::DeveloperToken(secret("fio-u-not-a-real-token")))),
            &["did not accept the credentials", "Sign in again"],
            None,
        ),
        row(
            "token of a non-admin",
            "Casey's token (member of two accounts, admin of none)",
            cli_stdin(&["group", "connect", "Events", "--token-stdin"], TOKEN_NO_ADMIN),
            &["does not administer any Frame.io account", "Sign in as an account owner or admin"],
            Some(4),
        ),
        row(
            "token of a non-admin",
            "Casey's token pasted on step 2",
            worker(Request::SignIn(SignIn::DeveloperToken(secret(TOKEN_NO_ADMIN)))),
            &["does not administer any Frame.io account", "Sign in as an account owner or admin"],
            None,
        ),
        row(
            "account without workspaces",
            "Blake's token: one administered account, no workspace in it",
            cli_stdin(&["group", "connect", "Events", "--token-stdin"], TOKEN_1_ACCOUNT),
            &["has no workspace", "Create one in Frame.io", "--create-workspace"],
            Some(1),
        ),
        row(
            "account without workspaces",
            "Blake's account chosen on step 3",
            worker_after(vec![
                Request::SignIn(SignIn::DeveloperToken(secret(TOKEN_1_ACCOUNT))),
                Request::LoadTeams { account_id: frameio_id_for("@fa-blake") },
            ]),
            &["has no workspace", "Create one in Frame.io"],
            None,
        ),
        row(
            "group name taken",
            "`group create marketing` (exists as Marketing)",
            cli(&["group", "create", "marketing"]),
            &["A group named \"marketing\" already exists", "use that group, or choose another name"],
            Some(1),
        ),
        row(
            "group name taken",
            "\"Marketing\" typed in Create group",
            worker(Request::CreateGroup { name: "Marketing".into() }),
            &["already exists", "use that group, or choose another name"],
            None,
        ),
        row(
            "project without Active tasks",
            "`activate 'Spring Campaign 2027' --yes`, no task Active (and no token stored: not the reason)",
            cli(&["activate", SPRING, "--yes"]),
            &["No task is Active", "set \"This task's integration status\" to Active on at least one top-level task"],
            Some(1),
        ),
        row(
            "project without Active tasks",
            "step 6 on the Spring Campaign",
            worker(Request::Preview { project_id: spring.clone() }),
            &["No task is Active", "to Active on at least one top-level task (step 5)"],
            None,
        ),
        row(
            "subtask activation",
            "`task activate 'Spring Campaign 2027' 'Frames 1-12'`",
            cli(&["task", "activate", SPRING, "Frames 1-12"]),
            &["\"Frames 1-12\" is a subtask", "Use a top-level task"],
            Some(1),
        ),
        row(
            "subtask activation",
            "Frames 1-12 set Active (worker)",
            worker(Request::SetTaskStatus { task_ids: vec![workfront_id_for("@task-spring-frames1")], active: true }),
            &["is a subtask", "Use a top-level task"],
            None,
        ),
        row(
            "subtask activation",
            "Space on a subtask on step 5",
            Via::Reducer(subtask_toast),
            &["Subtasks are not supported in connected Frame.io projects", "use top-level tasks"],
            None,
        ),
        row(
            "document path missing",
            "`doc upload` of a path that does not exist",
            cli(&["doc", "upload", SPRING, &missing_s]),
            &["no such file", "Check the path"],
            Some(1),
        ),
        row(
            "document path missing",
            "the same path typed on step 5",
            worker(Request::Upload { project_id: spring.clone(), path: missing.clone() }),
            &["no such file", "Check the path (in the wizard, Tab completes it)"],
            None,
        ),
        row(
            "document path is a folder",
            "`doc upload` of a folder",
            cli(&["doc", "upload", SPRING, &folder_s]),
            &["is a folder", "choose a file in it"],
            Some(1),
        ),
        row(
            "document unreadable",
            "`doc upload` of a file of mode 000 (as nobody when run as root)",
            Via::CliUnreadable { file: "locked-brief.pdf" },
            &["cannot be read", "Permission denied", "check its permissions, e.g. chmod u+r"],
            Some(1),
        ),
        row(
            "file over the limit",
            "`doc upload` of a 5 TiB + 1 byte (sparse) file",
            cli(&["doc", "upload", SPRING, &huge_s]),
            &[
                "master-8k.mov is 5.5 TB (5497558138881 bytes)",
                "Frame.io takes files of up to 5 TB",
                "Compress or split it",
            ],
            Some(1),
        ),
        row(
            "file over the limit",
            "the same file on step 5",
            worker(Request::Upload { project_id: spring.clone(), path: huge.clone() }),
            &["Frame.io takes files of up to 5 TB", "share a link to it instead"],
            None,
        ),
        row(
            "file over the limit",
            "a 6 TiB document in Workfront: `activate 'Holiday Spot 2026' --dry-run`",
            cli_env(
                &["activate", "Holiday Spot 2026", "--dry-run"],
                &[
                    ("WFIO_FRAMEIO_CLIENT_ID", wfio::session::DEMO_S2S_CLIENT_ID),
                    ("WFIO_FRAMEIO_CLIENT_SECRET", wfio::session::DEMO_S2S_SECRET),
                ],
            ),
            &[
                "document \"master-8k.mxf\": it is 6.6 TB",
                "over Frame.io's limit of 5 TB",
                "share a link to it instead",
            ],
            Some(0),
        ),
        row(
            "unknown status code",
            "`activate 'Spring Campaign 2027' --status PRD --dry-run`",
            cli(&["activate", SPRING, "--status", "PRD", "--dry-run"]),
            &["status \"PRD\" does not activate", "choose one of: CUR (Current), LIV (Live), AIR (On Air)"],
            Some(2),
        ),
        row(
            "unknown status code",
            "an activation asked for with status PRD",
            worker(Request::Activate { project_id: spring.clone(), status: "PRD".into() }),
            &["Status PRD does not activate this project", "choose one of: CUR (Current), LIV (Live), AIR (On Air)"],
            None,
        ),
        row(
            "Workfront permission denied",
            "a Review user's API key: `group create 'Brand Films'`",
            cli_env(&["group", "create", "Brand Films"], &[("WFIO_WORKFRONT_API_KEY", REVIEWER_KEY)]),
            &["Workfront did not allow this", "ask a Workfront administrator to raise it"],
            Some(4),
        ),
        row(
            "Workfront permission denied",
            "the same key: `task activate 'Spring Campaign 2027' 'Creative brief'`",
            cli_env(&["task", "activate", SPRING, "Creative brief"], &[("WFIO_WORKFRONT_API_KEY", REVIEWER_KEY)]),
            &["Workfront did not allow this", "or use the API key of a user who has it"],
            Some(4),
        ),
        row(
            "Workfront permission denied",
            "the same key: Create group in the wizard",
            Via::Worker { reviewer: true, requests: vec![Request::CreateGroup { name: "Brand Films".into() }] },
            &["Workfront did not allow this", "ask a Workfront administrator"],
            None,
        ),
        row(
            "terminal too small",
            "the wizard in a 50x12 terminal",
            Via::Pty { cols: 50, rows: 12, env: Vec::new(), quit: true },
            &["Terminal too small: 50x12", "Enlarge the window to at least 60x16, or press Ctrl-C to quit"],
            Some(0),
        ),
        row(
            "TERM=dumb",
            "the wizard with TERM=dumb",
            Via::Pty { cols: 100, rows: 24, env: vec![("TERM", "dumb")], quit: false },
            &["TERM=dumb: this terminal cannot draw the wizard", "TERM=xterm-256color", "wfio --help"],
            Some(2),
        ),
        row(
            "TERM=dumb",
            "`group list` with TERM=dumb: works, without colour",
            cli_env(&["group", "list"], &[("TERM", "dumb")]),
            &["Marketing"],
            Some(0),
        ),
    ];

    let mut failures = Vec::new();
    let mut table = vec![
        "| Case | Input | Where | Message contains | Exit | Result |".to_owned(),
        "|---|---|---|---|---|---|".to_owned(),
    ];
    for r in &rows {
        let (code, message) = match &r.via {
            Via::Cli { args, stdin, env } => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let run = w.run_with(&args, &env, stdin.as_deref());
                if args.first() == Some(&"group") && args.get(1) == Some(&"list") && run.stdout.contains('\x1b') {
                    failures.push(format!("{}: colour under TERM=dumb", r.case));
                }
                (Some(run.code), format!("{}\n{}", run.stdout, run.stderr))
            }
            Via::CliUnreadable { file } => {
                let (code, stderr) = run_unreadable(&base, file);
                (Some(code), stderr)
            }
            Via::Worker { reviewer: as_reviewer, requests } => {
                (None, ask_worker(if *as_reviewer { &reviewer } else { &avery }, requests.clone()).await)
            }
            Via::Reducer(f) => (None, f()),
            Via::Pty { cols, rows, env, quit } => {
                let mut pty = Pty::spawn(&[], w.dir.path(), env, *cols, *rows);
                let screen = pty.wait_for("a message", WAIT, |s| {
                    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
                    r.expect.iter().all(|e| flat.contains(e)) || s.contains("Dashboard")
                });
                if *quit {
                    pty.key(b"\x03");
                }
                let code = pty.wait_exit(WAIT) as i32;
                (Some(code), screen)
            }
        };
        let flat = message.split_whitespace().collect::<Vec<_>>().join(" ");
        let missing: Vec<&&str> = r.expect.iter().filter(|e| !flat.contains(*e)).collect();
        let exit_ok = r.exit.is_none() || code == r.exit;
        let result = if missing.is_empty() && exit_ok { "ok" } else { "FAILED" };
        if result != "ok" {
            failures.push(format!(
                "{} via {}: missing {missing:?}, exit {code:?} (want {:?}) in:\n{message}",
                r.case,
                r.via.name(),
                r.exit
            ));
        }
        table.push(format!(
            "| {} | {} | {} | {} | {} | {result} |",
            r.case,
            r.input,
            r.via.name(),
            r.expect.iter().map(|e| format!("“{e}”")).collect::<Vec<_>>().join(", "),
            r.exit.map_or_else(|| "–".to_owned(), |c| c.to_string()),
        ));
    }
    eprintln!("{}", table.join("\n"));
    // The reviewer's attempts changed nothing.
    let state: Value = sim.http.get(format!("{base}/_sim/state")).send().await.unwrap().json().await.unwrap();
    let groups = state["wf"]["objects"]["GROUP"].as_object().unwrap();
    assert!(!groups.values().any(|g| g["name"] == "Brand Films"), "a refused create created nothing");
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n\n"));
}
