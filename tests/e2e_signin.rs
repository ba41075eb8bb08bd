//! End to end, the wizard's step 2 on Frame.io V4 by keystrokes, against a standalone simulator
//! (Workfront, Frame.io V4 and Adobe IMS on one base URL) and a profile pointed at it: the three
//! ways to sign in, each through to a written connection, and their refusals: a pasted answer to
//! another sign-in (wrong `state`), a developer token on an Admin-Console account, a wrong
//! server-to-server secret.

#[path = "common/cli.rs"]
mod cli;
mod common;
#[path = "common/simproc.rs"]
mod simproc;

use std::time::Duration;

use cli::{TOKEN_2_ACCOUNTS, Wfio};
use common::pty::{Pty, restored};
use simproc::SimProc;

const WAIT: Duration = Duration::from_secs(20);

/// A home with the profile `real` pointed at `sim` for all three services, the demo's public
/// IMS client as its Developer Console credential.
fn home(sim: &SimProc) -> Wfio {
    let w = Wfio::new();
    w.add_sim_profile("real", &sim.base);
    w
}

fn flat(screen: &str) -> String {
    screen.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sign-in address as the token screen shows it, wrapped inside the box: its rows from the
/// one with `/ims/authorize/v2?` to the line before "2. Sign in", borders taken off, joined.
fn address_on(screen: &str) -> String {
    let rows: Vec<&str> = screen.lines().collect();
    let start = rows.iter().position(|r| r.contains("/ims/authorize/v2?")).expect("the address is shown");
    let mut url = String::new();
    for row in &rows[start..] {
        let inner = row.trim().trim_start_matches('│').trim_end_matches('│').trim();
        if inner.starts_with("2. Sign in") {
            break;
        }
        url.push_str(inner);
    }
    url.trim_start_matches(|c: char| c != 'h').to_owned()
}

/// What a browser does with the address: sign in as `email` on the simulated IMS's page, and
/// land on the redirect (`https://localhost/wfio/callback?code=…&state=…`, which no server
/// answers: the admin copies it from the address bar).
async fn sign_in_as(sim: &SimProc, url: &str, email: &str) -> String {
    let url = url::Url::parse(url).unwrap_or_else(|e| panic!("{e}: {url}"));
    let mut form: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    form.push(("user".into(), email.into()));
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().build().unwrap();
    let body: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&form).finish();
    let reply = client
        .post(format!("{}/ims/authorize/v2", sim.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 302, "{:?}", reply.text().await);
    reply.headers()["location"].to_str().unwrap().to_owned()
}

fn paste(pty: &mut Pty, text: &str) {
    pty.send(format!("\x1b[200~{text}\x1b[201~").as_bytes());
}

/// Open step 2 for `group` from the dashboard.
fn open_sign_in(pty: &mut Pty, group: &str) {
    pty.wait_text("Dashboard", WAIT);
    pty.key(b"1");
    pty.wait_text("Workfront groups (8)", WAIT);
    pty.key(b"/");
    pty.type_text(group);
    pty.wait_text("(1 of 8)", WAIT);
    pty.key(b"\r");
    pty.key(b"c");
    pty.wait_text("Sign in to Frame.io", WAIT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_adobe_by_pasting_the_redirect_then_connect() {
    let dir = tempfile::tempdir().unwrap();
    let sim = SimProc::start(dir.path(), &[]);
    let w = home(&sim);
    let mut pty = Pty::spawn(&[], w.dir.path(), &[], 120, 40);
    open_sign_in(&mut pty, "Creative");
    let screen = pty.screen();
    assert!(flat(&screen).contains("● Sign in with Adobe"), "the default way:\n{screen}");
    pty.key(b"\r");
    let screen = pty.wait_text("2. Sign in", WAIT);
    let url = address_on(&screen);
    assert!(url.contains("client_id=wfio-demo-public") && url.contains("code_challenge_method=S256"), "{url}");

    // An answer to another sign-in (its state does not match) is refused, and nothing is lost.
    let landed = sign_in_as(&sim, &url, "avery.admin@northwind.example").await;
    let forged = regex_lite_replace_state(&landed);
    paste(&mut pty, &forged);
    pty.key(b"\r");
    let screen = pty.wait_for("the state refusal", WAIT, |s| flat(s).contains("another sign-in"));
    let code = url::Url::parse(&landed).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    assert!(!flat(&screen).contains(&code[..12]), "the pasted address is masked:\n{screen}");

    // The real answer signs in; Avery administers two accounts: choose, then a workspace.
    pty.key(b"\x15"); // Ctrl-U clears the field
    paste(&mut pty, &landed);
    pty.key(b"\r");
    let screen = pty.wait_text("Choose the Frame.io account", WAIT);
    assert!(screen.contains("Northwind Agency") && screen.contains("Northwind Studios"), "{screen}");
    pty.key(b"\r"); // Northwind Agency, administered ones first
    let screen = pty.wait_text("Agency Creative", WAIT);
    assert!(screen.contains("Agency Social"), "{screen}");
    pty.key(b"\r");
    let screen =
        pty.wait_for("connected", WAIT, |s| flat(s).contains("Connected Creative Services to Agency Creative"));
    assert!(screen.contains("Project"), "on to step 4:\n{screen}");
    pty.key(b"\x03");
    pty.wait_exit(WAIT);
    restored(&pty.raw()).unwrap();

    // The sign-in is stored for the account, with its refresh token, in the 0600 file only.
    let creds = std::fs::read_to_string(w.config_dir().join("credentials.toml")).unwrap();
    assert!(creds.contains("kind = \"user\"") && creds.contains("refresh_token"), "{creds}");
    let groups = w.ok(&["group", "list", "--json"]).json();
    let creative = groups.as_array().unwrap().iter().find(|g| g["name"] == "Creative Services").unwrap();
    assert_eq!(creative["connection"]["workspace_name"], "Agency Creative");
}

/// The one piece of text a forged answer changes: its `state`.
fn regex_lite_replace_state(landed: &str) -> String {
    let mut url = url::Url::parse(landed).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" { "not-the-state-wfio-sent".to_owned() } else { v.into_owned() };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_developer_token_is_refused_by_an_admin_console_account_and_works_on_a_migrated_one() {
    let dir = tempfile::tempdir().unwrap();
    let sim = SimProc::start(dir.path(), &[]);
    let w = home(&sim);
    let mut pty = Pty::spawn(&[], w.dir.path(), &[], 100, 30);
    open_sign_in(&mut pty, "Events");
    pty.key(b"\t");
    pty.key(b"\t");
    pty.wait_for("developer token chosen", WAIT, |s| flat(s).contains("● Developer token"));
    paste(&mut pty, TOKEN_2_ACCOUNTS);
    pty.key(b"\r");
    pty.wait_text("Choose the Frame.io account", WAIT);
    pty.key(b"j"); // Northwind Studios, on the Adobe Admin Console
    pty.key(b"\r");
    let screen = pty.wait_for("the refusal", WAIT, |s| flat(s).contains("Admin Console"));
    let text = flat(&screen);
    assert!(text.contains("Sign in with Adobe") || text.contains("server-to-server"), "what to do instead:\n{screen}");
    // Back to the accounts: Northwind Agency (migrated, not on the Admin Console) takes it.
    pty.key(b"\x1b");
    pty.wait_text("Choose the Frame.io account", WAIT);
    pty.key(b"k");
    pty.key(b"\r");
    pty.wait_text("Agency Creative", WAIT);
    pty.key(b"\r");
    pty.wait_for("connected", WAIT, |s| flat(s).contains("Connected Events to Agency Creative"));
    pty.key(b"\x03");
    pty.wait_exit(WAIT);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_to_server_with_a_wrong_then_the_right_secret() {
    let dir = tempfile::tempdir().unwrap();
    let sim = SimProc::start(dir.path(), &[]);
    let w = home(&sim);
    let mut pty = Pty::spawn(&[], w.dir.path(), &[], 100, 30);
    open_sign_in(&mut pty, "Events");
    pty.key(b"\t");
    pty.wait_for("server-to-server chosen", WAIT, |s| flat(s).contains("● Server-to-server"));
    pty.type_text(wfio::session::DEMO_S2S_CLIENT_ID);
    pty.key(b"\x1b[B"); // Down: the secret
    paste(&mut pty, "p8e-not-the-secret");
    pty.key(b"\r");
    let screen = pty.wait_for("the refusal", WAIT, |s| flat(s).contains("refused the client ID"));
    assert!(!screen.contains("p8e-not-the-secret"), "{screen}");
    pty.key(b"\x15");
    paste(&mut pty, wfio::session::DEMO_S2S_SECRET);
    pty.key(b"\r");
    // The technical account administers one account (Studios): its workspaces at once.
    let screen = pty.wait_text("Brand Studio", WAIT);
    assert!(flat(&screen).contains("only Frame.io account you administer"), "{screen}");
    pty.key(b"\r");
    pty.wait_for("connected", WAIT, |s| flat(s).contains("Connected Events to Brand Studio"));
    pty.key(b"\x03");
    pty.wait_exit(WAIT);
    restored(&pty.raw()).unwrap();
}

/// With `ims_callback_port` (for `ssh -L` users), the browser's redirect comes back to wfio's
/// loopback listener: nothing to paste, the wizard moves on by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_with_adobe_through_the_loopback_listener() {
    let dir = tempfile::tempdir().unwrap();
    let sim = SimProc::start(dir.path(), &[]);
    let w = home(&sim);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = w.config_dir().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replace("[profiles.real]\n", &format!("[profiles.real]\nims_callback_port = {port}\n"));
    std::fs::write(&config, text).unwrap();
    let mut pty = Pty::spawn(&[], w.dir.path(), &[], 120, 40);
    open_sign_in(&mut pty, "Creative");
    pty.key(b"\r");
    let screen = pty.wait_text("2. Sign in", WAIT);
    assert!(flat(&screen).contains(&format!("ssh -L {port}:127.0.0.1:{port}")), "{screen}");
    let url = address_on(&screen);
    assert!(url.contains(&format!("redirect_uri=http%3A%2F%2F127.0.0.1%3A{port}%2Fcallback")), "{url}");
    let landed = sign_in_as(&sim, &url, "avery.admin@northwind.example").await;
    assert!(landed.starts_with(&format!("http://127.0.0.1:{port}/callback?")), "{landed}");
    // The browser follows the redirect to the listener.
    let page = reqwest::Client::builder().no_proxy().build().unwrap().get(&landed).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let screen = pty.wait_text("Choose the Frame.io account", WAIT);
    assert!(screen.contains("Northwind Agency"), "{screen}");
    pty.key(b"\x03");
    pty.wait_exit(WAIT);
    restored(&pty.raw()).unwrap();
}
