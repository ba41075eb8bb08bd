//! The seed document, end to end, as a new user does it: the real binary in a pseudo-terminal,
//! keystrokes only, against the demo simulator; then the simulator's state, object by object.
//! Step 2 signs in to Frame.io V4 the ways the wizard offers: "Sign in with Adobe" (the address
//! read off the screen, opened by a stand-in browser, the address it lands on pasted back), and
//! a developer token on an account not on the Adobe Admin Console.

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::time::Duration;

use common::pty::{Pty, restored};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);
const TAB: &[u8] = b"\t";
const DOWN: &[u8] = b"\x1b[B";
const HOME: &[u8] = b"\x1b[H";

/// The simulator's address, read off the header (`Workfront 127.0.0.1:PORT`).
fn sim_base(screen: &str) -> String {
    let at = screen.find("Workfront 127.0.0.1:").expect("the header names the demo simulator");
    let rest = &screen[at + "Workfront ".len()..];
    let addr: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':').collect();
    format!("http://{addr}")
}

fn sim_get(base: &str, path: &str) -> Value {
    let body = std::process::Command::new("curl").args(["-sf", &format!("{base}/_sim/{path}")]).output().unwrap();
    assert!(body.status.success(), "GET /_sim/{path}");
    serde_json::from_slice(&body.stdout).unwrap()
}

fn sim_put(base: &str, path: &str, body: &Value) {
    let out = std::process::Command::new("curl")
        .args(["-sf", "-X", "PUT", "-H", "content-type: application/json", "--data", &body.to_string()])
        .arg(format!("{base}/_sim/{path}"))
        .output()
        .unwrap();
    assert!(out.status.success(), "PUT /_sim/{path}");
}

/// The sign-in address the wizard shows (wrapped over several lines of its box), joined again.
fn sign_in_address(screen: &str) -> String {
    let inner = |l: &str| l.trim().trim_matches(|c| c == '│' || c == '|').trim().to_owned();
    let lines: Vec<String> = screen.lines().map(inner).collect();
    let start = lines.iter().position(|l| l.starts_with("http://")).expect("the address is shown");
    let end = lines.iter().position(|l| l.contains("2. Sign in.")).expect("the next instruction");
    lines[start..end].concat()
}

fn paste(pty: &mut Pty, text: &str) {
    let mut bytes = b"\x1b[200~".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes.extend_from_slice(b"\x1b[201~");
    pty.key(&bytes);
}

/// Live objects of a kind in the dump.
fn live<'a>(dump: &'a Value, store: &str, table: &str) -> Vec<&'a Value> {
    dump[store][table]
        .as_object()
        .map(|m| m.values().filter(|v| v.get("deleted_at").is_none_or(Value::is_null)).collect())
        .unwrap_or_default()
}

fn wf_objects<'a>(dump: &'a Value, code: &str) -> Vec<&'a Value> {
    dump["wf"]["objects"][code].as_object().map(|m| m.values().collect()).unwrap_or_default()
}

#[test]
fn the_whole_seed_document_by_keyboard() {
    let home = tempfile::tempdir().unwrap();
    let doc = home.path().join("launch-brief.pdf");
    let doc_bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&doc, &doc_bytes).unwrap();
    let env = [("WFIO_RETRY_BASE_MS", "5")];
    let mut pty = Pty::spawn(&[], home.path(), &env, 100, 32);
    let screen = pty.wait_text("Dashboard", WAIT);
    let base = sim_base(&screen);

    // Step 1: create a group, then "Connect to Frame.io" on it.
    pty.key(b"1");
    pty.wait_text("Workfront groups (8)", WAIT);
    pty.key(b"n");
    pty.type_text("Brand Films");
    pty.key(b"\r");
    pty.wait_text("Created the group \"Brand Films\"", WAIT);
    pty.key(b"\r");
    // Step 2: Sign in with Adobe (the way offered first). Enter shows the address to open.
    let screen = pty.wait_text("Connect \"Brand Films\" to Frame.io", WAIT);
    assert!(screen.contains("2 Sign in"), "{screen}");
    pty.key(b"\r");
    let screen = pty.wait_text("2. Sign in.", WAIT);
    let address = sign_in_address(&screen);
    assert!(address.starts_with(&format!("{base}/ims/authorize/v2?client_id=wfio-demo-public")), "{address}");
    // A browser elsewhere: Avery signs in; IMS sends the browser to the redirect URI.
    let redirect = cli::ims_authorize(&address, "avery.admin@northwind.example");
    let code = url::Url::parse(&redirect).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    // Pasted back in one go (with a stray newline, which must not submit), masked.
    paste(&mut pty, &format!("  {redirect}\n"));
    let screen = pty.wait_for("the redirect pasted", WAIT, |s| s.contains("Redirect:") && s.contains("•••"));
    assert!(!screen.contains(&code[..20]), "the code is masked:\n{screen}");
    pty.key(b"\r");
    // Step 3: two administered accounts, so the account picker; then the workspace.
    let screen = pty.wait_text("Choose the Frame.io account", WAIT);
    assert!(screen.contains("signed in as Avery Admin"), "{screen}");
    assert!(screen.contains("Partner Network") && screen.contains("you do not administer"), "{screen}");
    pty.key(DOWN);
    pty.key(b"\r");
    pty.wait_text("(workspace) in Northwind Studios", WAIT);
    pty.wait_text("Video Post", WAIT);
    pty.key(DOWN);
    pty.key(b"\r");
    pty.wait_text("Connected Brand Films to Video Post (Northwind Studios)", WAIT);

    // Step 4: a project from a template, its group replaced with the connected one.
    pty.key(b"n");
    pty.type_text("Launch Film");
    pty.key(b"\t");
    pty.key(DOWN);
    let screen = pty.wait_text("(•) Template: Campaign launch", WAIT);
    assert!(screen.contains("Launch Film"), "{screen}");
    pty.key(b"\r");
    pty.wait_text("Project Details", WAIT);
    pty.wait_text("Group:    Marketing", WAIT);
    pty.key(b"\r");
    pty.key(HOME);
    pty.key(b"\r");
    pty.key(b"s");
    pty.wait_text("Saved: \"Launch Film\" is in Brand Films", WAIT);

    // Step 5: tasks. A new one, all Active, a subtask refused, people, a document.
    pty.key(b"5");
    pty.wait_text("Tasks of \"Launch Film\"", WAIT);
    pty.wait_text("Hero frame", WAIT);
    pty.key(b"n");
    pty.type_text("Behind the scenes");
    pty.key(b"\r");
    pty.wait_text("Created the task \"Behind the scenes\"", WAIT);
    pty.wait_text("Behind the scenes", WAIT);
    pty.key(b"a");
    pty.wait_text("subtask(s) left out: not supported", WAIT);
    pty.key(b"e");
    pty.wait_text("This task's integration status", WAIT);
    pty.key(b"\r");
    pty.wait_text("5 tasks set to Active", WAIT);
    let screen = pty.wait_text("pending", WAIT);
    assert!(screen.contains("⬢ pending"), "the project icon turns grey (pending):\n{screen}");
    // The subtask: selecting it is refused, with the reason.
    pty.key(b"a");
    let rows = pty.screen();
    let hero_row = rows.lines().position(|l| l.contains("Hero frame")).unwrap();
    let first_row = rows.lines().position(|l| l.contains("Behind the scenes") || l.contains("Creative brief")).unwrap();
    pty.key(HOME);
    for _ in 0..hero_row.saturating_sub(first_row) {
        pty.key(DOWN);
    }
    pty.key(b" ");
    pty.wait_text("Subtasks are not supported in connected Frame.io projects", WAIT);
    // Assign a user to the first task, and a team to it too.
    pty.key(HOME);
    pty.key(b"u");
    pty.wait_text("Search:", WAIT);
    pty.type_text("blake");
    pty.wait_text("blake.rivera@northwind.example", WAIT);
    pty.key(b"\r");
    pty.wait_text("Assigned Blake Rivera to 1 task.", WAIT);
    pty.key(b"u");
    pty.wait_text("Search:", WAIT);
    pty.type_text("copy");
    pty.wait_text("team  Copywriters", WAIT);
    pty.key(b"\r");
    pty.wait_text("Assigned the team Copywriters to 1 task.", WAIT);
    // Upload a document, with Tab completing the path.
    pty.key(b"d");
    pty.wait_text("Upload a document to the project", WAIT);
    pty.type_text(&format!("{}/launch-b", home.path().display()));
    pty.key(b"\t");
    pty.wait_text("launch-brief.pdf▏", WAIT);
    pty.key(b"\r");
    pty.wait_text("Uploaded launch-brief.pdf (300.0 KB)", WAIT);

    // Step 6: switch to the custom status that equates to Current; the icon turns purple.
    pty.key(b"6");
    let screen = pty.wait_text("What switching does in Frame.io", WAIT);
    assert!(screen.contains("Live") && screen.contains("equates to Current"), "{screen}");
    assert!(screen.contains("Create the project \"Launch Film\""), "{screen}");
    pty.key(DOWN);
    pty.key(b"\r");
    let screen = pty.wait_text("Done: the Frame.io icon is purple", WAIT);
    assert!(screen.contains("⬢ connected"), "{screen}");
    assert!(screen.contains("https://next.frame.io/project/"), "{screen}");

    // The simulator, object by object.
    let dump = sim_get(&base, "state");
    let team = live(&dump, "fio", "teams").into_iter().find(|t| t["name"] == "Video Post").unwrap()["id"].clone();
    let projects: Vec<&Value> =
        live(&dump, "fio", "projects").into_iter().filter(|p| p["name"] == "Launch Film").collect();
    assert_eq!(projects.len(), 1, "one Frame.io project");
    assert_eq!(projects[0]["team_id"], team, "in the team the group is connected to");
    let root = projects[0]["root_asset_id"].as_str().unwrap();
    let assets = live(&dump, "fio", "assets");
    let under = |parent: &str| -> Vec<String> {
        let mut v: Vec<String> = assets
            .iter()
            .filter(|a| a.get("parent_id").and_then(Value::as_str) == Some(parent))
            .map(|a| a["name"].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        under(root),
        vec!["Behind the scenes", "Copy deck", "Creative brief", "Final approval", "Key visual", "launch-brief.pdf"],
        "a folder per Active top-level task, the document at the root, no subtask folder"
    );
    let file = assets.iter().find(|a| a["name"] == "launch-brief.pdf").unwrap();
    let blob = std::process::Command::new("curl")
        .args(["-sf", &format!("{base}/_sim/blobs/fio/part/{}/1", file["id"].as_str().unwrap())])
        .output()
        .unwrap();
    assert_eq!(blob.stdout, doc_bytes, "the uploaded bytes are the document's");
    // One email each: Eli, a Frame.io user of Northwind Studios, is added to the project; the
    // others are invited to review a share of it.
    let outbox = sim_get(&base, "outbox");
    let mut invited: Vec<(&str, &str)> = outbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["project_name"] == "Launch Film")
        .map(|e| (e["to"].as_str().unwrap(), e["kind"].as_str().unwrap()))
        .collect();
    invited.sort();
    assert_eq!(
        invited,
        vec![
            ("ana.ruiz@northwind.example", "share_invite"),
            ("blake.rivera@northwind.example", "share_invite"),
            ("eli.novak@northwind.example", "project_access"),
            ("priya.nair@northwind.example", "share_invite")
        ],
        "the user and the team's members, once each"
    );
    // Workfront's forms: the group's connection, the project's sync state and status.
    let group = wf_objects(&dump, "GROUP").into_iter().find(|g| g["name"] == "Brand Films").unwrap().clone();
    assert_eq!(group["parameterValues"]["DE:Frame.io Workspace Name"], "Video Post");
    assert_eq!(group["parameterValues"]["DE:Frame.io Workspace ID"], team);
    assert_eq!(group["parameterValues"]["DE:Frame.io Connected By"], "avery.admin@northwind.example");
    let project = wf_objects(&dump, "PROJ").into_iter().find(|p| p["name"] == "Launch Film").unwrap().clone();
    assert_eq!(project["status"], "LIV");
    assert_eq!(project["parameterValues"]["DE:Frame.io Sync State"], "Connected");
    assert_eq!(project["parameterValues"]["DE:Frame.io Project ID"], projects[0]["id"]);

    // Home: the dashboard shows it purple.
    pty.key(b"\r");
    let screen = pty.wait_for("the dashboard with the new project", WAIT, |s| {
        s.lines().any(|l| l.contains("Launch Film") && l.contains("generated in Frame.io"))
    });
    assert!(screen.contains("⬢ Brand Films"), "{screen}");
    pty.key(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
    restored(&pty.raw()).unwrap();
    let _ = json!(null);
}

#[test]
fn a_bad_token_first_then_a_failure_during_activation_then_retry() {
    let home = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(&[], home.path(), &[("WFIO_RETRY_BASE_MS", "5")], 100, 32);
    let screen = pty.wait_text("Dashboard", WAIT);
    let base = sim_base(&screen);

    // A wrong token: a clear message, and the user stays on the token screen.
    pty.key(b"1");
    pty.wait_text("Workfront groups (8)", WAIT);
    pty.key(b"/");
    pty.type_text("creative");
    pty.key(b"\r");
    pty.key(b"\r");
    pty.wait_text("Connect \"Creative Services\" to Frame.io", WAIT);
    // Tab: Sign in with Adobe, then server-to-server, then a developer token.
    pty.key(TAB);
    pty.wait_text("Client ID:", WAIT);
    pty.key(TAB);
    pty.wait_text("Token:", WAIT);
    paste(&mut pty, "fio-u-not-a-real-token");
    pty.key(b"\r");
    let screen = pty.wait_text("did not accept the credentials", WAIT);
    assert!(screen.contains("Connect \"Creative Services\""), "still on the sign-in screen:\n{screen}");
    // Fix it: clear, paste the one-account token; the account picker is skipped and says so.
    pty.key(b"\x15");
    paste(&mut pty, "fio-u-demo-1account-Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5Ja");
    pty.key(b"\r");
    let screen = pty.wait_text("the only Frame.io account you administer", WAIT);
    assert!(screen.contains("Blake Rivera Edits"), "{screen}");
    pty.key(b"\r");
    pty.wait_text("Connected Creative Services to Blake Edits", WAIT);

    // The Product Teaser (Creative Services) with one Active task.
    pty.key(b"/");
    pty.type_text("teaser");
    pty.key(b"\r");
    pty.key(b"\r");
    pty.wait_text("Project Details", WAIT);
    pty.key(b"5");
    pty.wait_text("Tasks of \"Product Teaser\"", WAIT);
    pty.wait_text("Script", WAIT);
    pty.key(b"e");
    pty.key(b"\r");
    pty.wait_text("1 task set to Active", WAIT);
    let doc = home.path().join("teaser-script.txt");
    std::fs::write(&doc, "INT. STUDIO - DAY\n".repeat(500)).unwrap();
    pty.key(b"d");
    pty.wait_text("Upload a document to the project", WAIT);
    pty.type_text(&doc.display().to_string());
    pty.key(b"\r");
    pty.wait_text("Uploaded teaser-script.txt", WAIT);
    pty.key(b"6");
    let screen = pty.wait_text("What switching does in Frame.io", WAIT);
    assert!(screen.contains("In Production"), "the group's own status equating to Current:\n{screen}");

    // Storage fails every part upload: the activation stops, red, with Retry.
    sim_put(&base, "faults", &json!({"error_rate": 1.0, "only": "s3"}));
    pty.key(DOWN);
    pty.key(b"\r");
    let screen = pty.wait_text("The activation stopped", WAIT);
    assert!(screen.contains("✗ failed"), "{screen}");
    assert!(screen.contains("Press r to retry"), "{screen}");
    // Storage is back: Retry resumes and creates nothing twice.
    sim_put(&base, "faults", &json!({}));
    pty.key(b"r");
    let screen = pty.wait_text("Done: the Frame.io icon is purple", WAIT);
    assert!(screen.contains("already there"), "the project and folders from the first run are reused:\n{screen}");
    let dump = sim_get(&base, "state");
    let projects: Vec<&Value> =
        live(&dump, "fio", "projects").into_iter().filter(|p| p["name"] == "Product Teaser").collect();
    assert_eq!(projects.len(), 1, "no second project");
    let root = projects[0]["root_asset_id"].as_str().unwrap();
    let folders: Vec<&Value> = live(&dump, "fio", "assets")
        .into_iter()
        .filter(|a| a.get("parent_id").and_then(Value::as_str) == Some(root))
        .collect();
    let names: Vec<&str> = folders.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "one folder for the one Active task and the document, once: {names:?}");
    let project = wf_objects(&dump, "PROJ").into_iter().find(|p| p["name"] == "Product Teaser").unwrap().clone();
    assert_eq!(project["status"], "PRD");
    pty.key(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
}
