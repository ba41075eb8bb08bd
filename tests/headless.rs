//! Headless mode through the real binary against the persistent demo: every command's output,
//! JSON shape, exit codes and error messages, and the seed document run end to end as commands,
//! ending in the simulator state the engine test expects.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/engine.rs"]
mod engine;

use cli::{S2S_SECRET, TOKEN_1_ACCOUNT, TOKEN_2_ACCOUNTS, TOKEN_NO_ADMIN, Wfio, path_str, with_wrong_state};
use engine::{children, fio_id, fio_projects};
use serde_json::Value;
use wfio::integration::forms;
use wfio::sim::World;

const SPRING: &str = "Spring Campaign 2027";

/// The Workfront object of `code` named `name`, as the simulator stores it.
fn wf_object<'a>(world: &'a World, code: &str, name: &str) -> &'a serde_json::Map<String, Value> {
    world.wf.objects[code].values().find(|o| o["name"] == name).unwrap_or_else(|| panic!("no {code} named {name}"))
}

fn custom(obj: &serde_json::Map<String, Value>, field: &str) -> Option<String> {
    obj.get("parameterValues").and_then(|pv| pv.get(format!("DE:{field}"))).and_then(Value::as_str).map(str::to_owned)
}

#[test]
fn help_version_completions_and_exit_codes() {
    let w = Wfio::new();
    let version = w.ok(&["--version"]);
    assert!(version.stdout.starts_with("wfio "), "{}", version.stdout);
    let help = w.ok(&["--help"]);
    let examples = help.stdout.find("Examples:").expect("examples");
    assert!(examples < help.stdout.find("Usage:").unwrap(), "help leads with examples:\n{}", help.stdout);
    for cmd in ["profile", "auth", "group", "project", "task", "doc", "activate", "status", "watch", "completions"] {
        assert!(help.stdout.contains(&format!("  {cmd} ")), "{cmd} listed:\n{}", help.stdout);
    }
    let connect = w.ok(&["group", "connect", "--help"]);
    assert!(connect.stdout.find("Examples:").unwrap() < connect.stdout.find("Usage:").unwrap());
    assert!(connect.stdout.contains("--token-stdin") && connect.stdout.contains("--account"));
    assert!(connect.stdout.contains("--workspace") && connect.stdout.contains("wfio auth login frameio"));
    let login = w.ok(&["auth", "login", "--help"]);
    assert!(login.stdout.find("Examples:").unwrap() < login.stdout.find("Usage:").unwrap());
    for way in ["--with", "adobe", "token", "s2s", "--client-id", "--stdin", "--callback-port"] {
        assert!(login.stdout.contains(way), "{way}:\n{}", login.stdout);
    }
    let bash = w.ok(&["completions", "bash"]);
    assert!(bash.stdout.contains("_wfio") && bash.stdout.contains("activate"), "{}", &bash.stdout[..200]);
    let codes = w.ok(&["exit-codes"]);
    for code in ["0", "1", "2", "4", "5", "130"] {
        assert!(codes.stdout.lines().any(|l| l.trim_start().starts_with(&format!("{code} "))), "{}", codes.stdout);
    }
    let help_codes = w.ok(&["help", "exit-codes"]);
    assert!(help_codes.stdout.contains("authentication needed"), "{}", help_codes.stdout);
    let json = w.ok(&["exit-codes", "--json"]).json();
    assert_eq!(json.as_array().unwrap().len(), 6);

    // No subcommand and no terminal: the wizard cannot run; say what to do instead.
    let bare = w.fails(&[], 2);
    assert!(bare.stderr.contains("wfio --help"), "{}", bare.stderr);
    // A usage error from clap is exit 2 too.
    w.fails(&["project", "create"], 2);
    w.fails(&["watch", "--interval", "soon"], 2);
}

#[test]
fn reads_in_text_and_json() {
    let w = Wfio::new();
    let groups = w.ok(&["group", "list"]);
    assert_eq!(groups.stdout.lines().count(), 8, "{}", groups.stdout);
    let marketing = groups.stdout.lines().find(|l| l.starts_with("Marketing")).unwrap();
    assert!(marketing.contains("Brand Studio") && marketing.contains("Northwind Studios"), "{marketing}");

    // Video Production was connected with Frame.io's removed legacy API: listed, to reconnect.
    let video = groups.stdout.lines().find(|l| l.starts_with("Video Production")).unwrap();
    assert!(video.contains("legacy team Video Post (v2)") && video.contains("reconnect"), "{video}");

    let connected = w.ok(&["group", "list", "--connected", "--json"]).json();
    let list = connected.as_array().unwrap();
    let names: Vec<&str> =
        list.iter().filter(|g| g["connected"] == true).map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Marketing"], "{connected}");
    let marketing = list.iter().find(|g| g["name"] == "Marketing").unwrap();
    assert_eq!(marketing["connection"]["workspace_name"], "Brand Studio");
    assert_eq!(marketing["connection"]["workspace_id"], fio_id("@ft-brand"));
    assert_eq!(marketing["connection"]["account_id"], fio_id("@fa-studios"));
    assert_eq!(marketing["connection"]["account_name"], "Northwind Studios");
    assert_eq!(marketing["connection"]["legacy"], false);
    for key in ["id", "description"] {
        assert!(marketing.get(key).is_some(), "{key}");
    }
    let all = w.ok(&["group", "list", "--json"]).json();
    let video = all.as_array().unwrap().iter().find(|g| g["name"] == "Video Production").unwrap();
    assert_eq!(video["connected"], false, "a legacy connection is not a connection: {video}");
    assert_eq!(video["connection"]["legacy"], true);
    assert_eq!(video["connection"]["workspace_name"], "Video Post (v2)");

    let projects = w.ok(&["project", "list", "--json"]).json();
    assert_eq!(projects.as_array().unwrap().len(), 7);
    let holiday = projects.as_array().unwrap().iter().find(|p| p["name"] == "Holiday Spot 2026").unwrap();
    assert_eq!(holiday["state"], "connected");
    assert_eq!(holiday["generated"], true);
    assert_eq!(holiday["status_label"], "Current");
    assert!(holiday["frameio_url"].as_str().unwrap().starts_with("https://next.frame.io/project/"), "{holiday}");
    let spring = projects.as_array().unwrap().iter().find(|p| p["name"] == SPRING).unwrap();
    assert_eq!(spring["state"], "none");
    assert_eq!(spring["reason"], "no task is Active yet");
    assert_eq!(spring["group_name"], "Marketing");
    assert_eq!(spring["group_connected"], true);

    let in_connected = w.ok(&["project", "list", "--connected"]);
    assert_eq!(in_connected.stdout.lines().count(), 2, "{}", in_connected.stdout);

    let status = w.ok(&["status", "--json"]).json();
    let names: Vec<&str> = status.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Holiday Spot 2026", SPRING]);
    let status_text = w.ok(&["status"]);
    assert!(status_text.stderr.contains("2 projects in connected groups: 1 connected"), "{}", status_text.stderr);

    // The tree, with subtask markers, documents, the glyph state and the plan.
    let show = w.ok(&["project", "show", SPRING]);
    let out = &show.stdout;
    assert!(out.contains("Frames 1-12 (subtask)"), "{out}");
    assert!(out.contains("campaign-brief.txt") && out.contains("moodboard-notes.md"), "{out}");
    assert!(out.contains("no task is Active yet"), "{out}");
    assert!(out.contains("Activates: Current (CUR), Live (LIV), On Air (AIR)"), "{out}");
    assert!(out.contains("Cannot activate yet:") && out.contains("No task is Active"), "{out}");
    let show = w.ok(&["project", "show", SPRING, "--json"]).json();
    assert_eq!(show["project"]["name"], SPRING);
    assert_eq!(show["tasks"].as_array().unwrap().len(), 6);
    let frames = show["tasks"].as_array().unwrap().iter().find(|t| t["name"] == "Frames 1-12").unwrap();
    assert_eq!((frames["subtask"].as_bool(), frames["depth"].as_u64()), (Some(true), Some(1)));
    assert_eq!(show["documents"].as_array().unwrap().len(), 2);
    assert!(show["plan"]["blockers"][0].as_str().unwrap().contains("No task is Active"));
    assert_eq!(show["activating_statuses"][1]["code"], "LIV");
    assert_eq!(show["activating_statuses"][2]["code"], "AIR");
}

#[test]
fn names_ids_ambiguity_and_missing_arguments() {
    let w = Wfio::new();
    let projects = w.ok(&["project", "list", "--json"]).json();
    let spring_id =
        projects.as_array().unwrap().iter().find(|p| p["name"] == SPRING).unwrap()["id"].as_str().unwrap().to_owned();
    // By ID, and by name in any case.
    assert_eq!(w.ok(&["project", "show", &spring_id, "--json"]).json()["project"]["name"], SPRING);
    assert_eq!(w.ok(&["project", "show", "spring campaign 2027", "--json"]).json()["project"]["id"], spring_id);

    let missing = w.fails(&["project", "show", "Autumn 2099"], 1);
    assert!(missing.stderr.contains("no project is named \"Autumn 2099\""), "{}", missing.stderr);

    // Two tasks with one name: an error listing both, with their IDs.
    let second = w.ok(&["task", "create", SPRING, "Rough cut"]).stdout.trim().to_owned();
    let ambiguous = w.fails(&["task", "activate", SPRING, "rough cut"], 2);
    assert!(ambiguous.stderr.contains("2 tasks are named \"rough cut\""), "{}", ambiguous.stderr);
    assert!(ambiguous.stderr.contains(&second), "{}", ambiguous.stderr);
    w.ok(&["task", "activate", SPRING, &second]);

    // Two projects with one name.
    w.ok(&["project", "create", "Twin"]);
    w.ok(&["project", "create", "Twin"]);
    let twins = w.fails(&["project", "show", "twin"], 2);
    assert!(twins.stderr.contains("2 projects are named") && twins.stderr.matches("(ID ").count() == 2);

    // Missing arguments.
    let who = w.fails(&["task", "assign", SPRING, "Creative brief"], 2);
    assert!(who.stderr.contains("--user") && who.stderr.contains("--team"), "{}", who.stderr);
    let which = w.fails(&["task", "activate", SPRING], 2);
    assert!(which.stderr.contains("--all"), "{}", which.stderr);
    let user = w.fails(&["task", "assign", SPRING, "Creative brief", "--user", "nobody@nowhere.example"], 1);
    assert!(user.stderr.contains("no user is named"), "{}", user.stderr);
    let status = w.fails(&["activate", SPRING, "--status", "PRD", "--dry-run"], 2);
    assert!(status.stderr.contains("choose one of: CUR (Current), LIV (Live), AIR (On Air)"), "{}", status.stderr);
    let profile = w.fails(&["--profile", "nope", "group", "list"], 2);
    assert!(profile.stderr.contains("known profiles: demo"), "{}", profile.stderr);
}

#[test]
fn credentials_bad_key_bad_token_and_auth_status() {
    let w = Wfio::new();
    // A wrong Workfront API key: exit 4, with what to check.
    let bad_key = w.run_with(&["group", "list"], &[("WFIO_WORKFRONT_API_KEY", "0000badkey")], None);
    assert_eq!(bad_key.code, 4, "{}", bad_key.stderr);
    assert!(bad_key.stderr.contains("Workfront refused the credentials"), "{}", bad_key.stderr);

    // Developer tokens: refused, not an admin, none given.
    let bogus = w.run_with(&["group", "connect", "Events", "--token-stdin"], &[], Some("fio-u-not-a-real-token\n"));
    assert_eq!(bogus.code, 4, "{}", bogus.stderr);
    assert!(bogus.stderr.contains("did not accept the credentials"), "{}", bogus.stderr);
    assert!(bogus.stderr.contains("Sign in again"), "{}", bogus.stderr);
    let no_admin = w.run_with(&["group", "connect", "Events", "--token-stdin"], &[], Some(TOKEN_NO_ADMIN));
    assert_eq!(no_admin.code, 4, "{}", no_admin.stderr);
    assert!(no_admin.stderr.contains("does not administer any Frame.io account"), "{}", no_admin.stderr);
    // No sign-in and no terminal to ask: authentication needed, and how to sign in.
    let none = w.fails(&["group", "connect", "Events"], 4);
    assert!(
        none.stderr.contains("wfio auth login frameio") && none.stderr.contains("--token-stdin"),
        "{}",
        none.stderr
    );
    let not_admin_of = w.run_with(
        &["group", "connect", "Events", "--token-stdin", "--account", "Partner Network"],
        &[],
        Some(TOKEN_2_ACCOUNTS),
    );
    assert_eq!(not_admin_of.code, 4, "{}", not_admin_of.stderr);
    assert!(not_admin_of.stderr.contains("does not administer the Frame.io account"), "{}", not_admin_of.stderr);
    // An account on the Adobe Admin Console refuses developer tokens: exit 4, pointing to the
    // two ways that work there. Marketing keeps its connection.
    let before = w.ok(&["group", "list", "--connected", "--json"]).json();
    let console = w.run_with(
        &[
            "group",
            "connect",
            "Marketing",
            "--token-stdin",
            "--account",
            "Northwind Studios",
            "--workspace",
            "Video Post",
        ],
        &[],
        Some(TOKEN_2_ACCOUNTS),
    );
    assert_eq!(console.code, 4, "{}", console.stderr);
    assert!(console.stderr.contains("managed in the Adobe Admin Console"), "{}", console.stderr);
    assert!(
        console.stderr.contains("Sign in with Adobe") && console.stderr.contains("server-to-server"),
        "{}",
        console.stderr
    );
    assert_eq!(w.ok(&["group", "list", "--connected", "--json"]).json(), before);

    // One administered account and one workspace: used, and said so on stderr.
    let one = w.run_with(&["group", "connect", "Events", "--token-stdin"], &[], Some(TOKEN_1_ACCOUNT));
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.stderr.contains("Using the Frame.io account Blake Rivera Edits"), "{}", one.stderr);
    assert!(one.stderr.contains("Using the Frame.io workspace Blake Edits"), "{}", one.stderr);

    // auth status: sources and masks, never the secret. The demo's Northwind Studios signs in
    // with its server-to-server credential.
    let status = w.ok(&["auth", "status"]);
    assert!(status.stdout.contains("Workfront API key: ••••••••d3e0 (built-in"), "{}", status.stdout);
    assert!(status.stdout.contains(&fio_id("@fa-blake")) && status.stdout.contains("5Ja (file"), "{}", status.stdout);
    assert!(
        status.stdout.contains(&fio_id("@fa-studios"))
            && status.stdout.contains("server-to-server (client wfio-demo-s2s): client secret ••••••••5JaR"),
        "{}",
        status.stdout
    );
    let json = w.ok(&["auth", "status", "--json"]).json();
    assert_eq!(json["workfront"]["source"], "built-in");
    assert!(json["frameio"].as_array().unwrap().iter().all(|t| t["source"] == "file"));
    let kinds: Vec<(&str, &str)> = json["frameio"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["account_id"].as_str().unwrap(), t["credential"]["kind"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&(fio_id("@fa-blake").as_str(), "developer-token")), "{kinds:?}");
    assert!(kinds.contains(&(fio_id("@fa-studios").as_str(), "server-to-server")), "{kinds:?}");
    let env = w.run_with(&["auth", "status", "--json"], &[("WFIO_FRAMEIO_TOKEN", TOKEN_1_ACCOUNT)], None).json();
    assert_eq!(env["frameio_env"]["source"], "env");
    assert_eq!(env["frameio_env"]["from"], "WFIO_FRAMEIO_TOKEN");
    let checked = w.ok(&["auth", "status", "--check"]);
    assert!(
        checked.stdout.contains("ok   Workfront") && checked.stdout.contains("as Blake Rivera"),
        "{}",
        checked.stdout
    );
    assert!(checked.stdout.contains("ok   Frame.io Northwind Studios: as Service Account User"), "{}", checked.stdout);

    // The demo's tokens file is private.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = w.data_dir().join("demo").join("credentials.toml");
        assert_eq!(std::fs::metadata(path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

/// The two V4 sign-ins through `wfio auth login frameio` (issue 13): a server-to-server
/// credential (a wrong secret refused, then the right one), and "Sign in with Adobe" with the
/// redirect pasted back (the answer to another sign-in refused, then the right one). Each is
/// kept as the profile's current sign-in, which `group connect` then uses, on an account that
/// refuses developer tokens.
#[test]
fn frameio_sign_ins_through_auth_login() {
    let w = Wfio::new();
    let current = |w: &Wfio| w.ok(&["auth", "status", "--json"]).json()["frameio_current"].clone();

    // Server-to-server: IMS refuses a wrong secret, and nothing is kept.
    let wrong = w.login_s2s(&[], "p8e-not-the-secret-0000000000000000");
    assert_eq!(wrong.code, 4, "{}", wrong.stderr);
    assert!(wrong.stderr.contains("Adobe IMS refused the client ID wfio-demo-s2s or its secret"), "{}", wrong.stderr);
    assert!(!wrong.stderr.contains("p8e-not-the-secret"), "{}", wrong.stderr);
    assert_eq!(current(&w), Value::Null);
    let s2s = w.login_s2s(&["--json"], S2S_SECRET);
    assert_eq!(s2s.code, 0, "{}", s2s.stderr);
    let who = s2s.json();
    assert_eq!(
        (who["user"].as_str(), who["method"].as_str()),
        (Some("Service Account User"), Some("server-to-server"))
    );
    assert_eq!(who["administers"], serde_json::json!(["Northwind Studios"]));
    assert_eq!(current(&w)["credential"]["kind"], "server-to-server");

    // Its sign-in reconnects the group left on Frame.io's legacy API to a V4 workspace.
    let reconnect = w.ok(&["group", "connect", "Video Production", "--workspace", "Video Post", "--json"]);
    assert!(reconnect.stderr.contains("Using the Frame.io account Northwind Studios"), "{}", reconnect.stderr);
    assert!(
        reconnect
            .stderr
            .contains("connected to the legacy team Video Post (v2) (Northwind Studios); it is now reconnected"),
        "{}",
        reconnect.stderr
    );
    let group = reconnect.json();
    assert_eq!((group["connected"].as_bool(), group["connection"]["legacy"].as_bool()), (Some(true), Some(false)));
    assert_eq!(group["connection"]["workspace_id"], fio_id("@ft-post"));

    // Sign in with Adobe, with no terminal and no --stdin: the address is printed, then the
    // paste it needs is a usage error naming the flag.
    let no_paste = w.fails(&["auth", "login", "frameio"], 2);
    assert!(no_paste.stdout.contains("/ims/authorize/v2?client_id=wfio-demo-public"), "{}", no_paste.stdout);
    assert!(no_paste.stderr.contains("--stdin"), "{}", no_paste.stderr);
    // A redirect whose state is not this sign-in's: refused, the current sign-in unchanged.
    let (forged, redirect) = w.login_adobe(&[], "avery.admin@northwind.example", with_wrong_state);
    assert!(redirect.starts_with("https://localhost/wfio/callback?code="), "{redirect}");
    assert_eq!(forged.code, 1, "{}\n{}", forged.stdout, forged.stderr);
    assert!(forged.stderr.contains("its state does not match"), "{}", forged.stderr);
    assert_eq!(current(&w)["credential"]["kind"], "server-to-server");
    // The right one: Avery is signed in, and administers both Northwind accounts.
    let (adobe, _) = w.login_adobe(&[], "avery.admin@northwind.example", str::to_owned);
    assert_eq!(adobe.code, 0, "{}", adobe.stderr);
    assert!(adobe.stdout.starts_with("http") && adobe.stdout.lines().nth(1) == Some("avery.admin@northwind.example"));
    assert!(
        adobe.stderr.contains(
            "Signed in to Frame.io as Avery Admin (Adobe sign-in); administers Northwind Agency, Northwind Studios"
        ),
        "{}",
        adobe.stderr
    );
    let signed_in = current(&w);
    assert_eq!(signed_in["credential"]["kind"], "user");
    assert_eq!(signed_in["credential"]["user_email"], "avery.admin@northwind.example");

    // The Adobe sign-in works where Avery's developer token is refused.
    let connect =
        w.run(&["group", "connect", "Creative Services", "--account", "Northwind Studios", "--team", "Brand Studio"]);
    assert_eq!(connect.code, 0, "{}", connect.stderr);
    assert!(connect.stderr.contains("Brand Studio (Northwind Studios), as Avery Admin"), "{}", connect.stderr);
    let checked = w.ok(&["auth", "status", "--check"]);
    assert!(checked.stdout.contains("Frame.io sign-in: Adobe sign-in"), "{}", checked.stdout);
    assert!(!checked.stdout.contains("FAIL"), "{}", checked.stdout);
}

#[test]
fn profiles_keep_secrets_out_of_argv_and_config() {
    let w = Wfio::new();
    let url = "https://acme.my.workfront.adobe.com";
    // No key and no terminal: a usage error, nothing written.
    let no_key = w.fails(&["profile", "add", "acme", "--workfront-url", url], 2);
    assert!(no_key.stderr.contains("--api-key-stdin"), "{}", no_key.stderr);
    assert!(!w.config_dir().join("config.toml").exists());
    w.fails(&["profile", "add", "demo", "--workfront-url", url], 2);

    let key = "acme0000000000000000000000000K3Y9";
    let added = w.ok_stdin(&["profile", "add", "acme", "--workfront-url", url, "--api-key-stdin"], &format!("{key}\n"));
    assert_eq!(added.stdout.trim(), "acme");
    assert!(added.stderr.contains("••••••••K3Y9"), "{}", added.stderr);
    let config = std::fs::read_to_string(w.config_dir().join("config.toml")).unwrap();
    assert!(config.contains(url) && !config.contains(key), "{config}");
    let creds = std::fs::read_to_string(w.config_dir().join("credentials.toml")).unwrap();
    assert!(creds.contains(key));
    w.fails(&["profile", "add", "acme", "--workfront-url", url], 1);

    let list = w.ok(&["profile", "list", "--json"]).json();
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["demo", "acme"]);
    assert_eq!(list[0]["default"], true);
    assert_eq!(list[1]["workfront_url"], url);
    assert_eq!(list[1]["auth"], "api-key");

    let show = w.ok(&["profile", "show", "acme"]);
    assert!(show.stdout.contains("••••••••K3Y9 (file:") && !show.stdout.contains(key), "{}", show.stdout);
    w.ok(&["profile", "default", "acme"]);
    let shown = w.ok(&["auth", "status", "--json"]).json();
    assert_eq!(shown["profile"], "acme");
    assert_eq!(shown["workfront"]["masked"], "••••••••K3Y9");

    // IMS needs its organisation; a missing IMS token is "authentication needed".
    w.fails(&["profile", "add", "sso", "--workfront-url", url, "--auth", "ims"], 2);
    w.ok(&["profile", "add", "sso", "--workfront-url", url, "--auth", "ims", "--ims-org-id", "ORG@AdobeOrg"]);
    let ims = w.fails(&["--profile", "sso", "group", "list"], 4);
    assert!(ims.stderr.contains("WFIO_IMS_ACCESS_TOKEN"), "{}", ims.stderr);

    // Workfront unreachable: a remote failure after retries, exit 5.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let closed = format!("http://127.0.0.1:{port}");
    w.ok_stdin(&["profile", "add", "offline", "--workfront-url", &closed, "--api-key-stdin"], "k\n");
    let offline = w.fails(&["--profile", "offline", "group", "list"], 5);
    assert!(offline.stderr.contains("Could not reach Workfront"), "{}", offline.stderr);

    w.ok(&["profile", "remove", "acme"]);
    let creds = std::fs::read_to_string(w.config_dir().join("credentials.toml")).unwrap();
    assert!(!creds.contains(key), "the secret goes with the profile: {creds}");
    let list = w.ok(&["profile", "list", "--json"]).json();
    assert_eq!(list[0]["default"], true, "the demo is the default again");
}

#[test]
fn the_demo_persists_between_commands_and_resets() {
    let w = Wfio::new();
    let id = w.ok(&["group", "create", "Brand Films"]).stdout.trim().to_owned();
    let groups = w.ok(&["group", "list", "--json"]).json();
    assert!(groups.as_array().unwrap().iter().any(|g| g["id"] == id.as_str()));
    let dup = w.fails(&["group", "create", "Brand Films"], 1);
    assert!(dup.stderr.contains("already exists"), "{}", dup.stderr);
    let reset = w.ok(&["demo", "reset"]);
    assert!(reset.stderr.contains("starts again from the seed"), "{}", reset.stderr);
    let groups = w.ok(&["group", "list", "--json"]).json();
    assert_eq!(groups.as_array().unwrap().len(), 8);
}

#[test]
fn dry_run_changes_nothing_and_no_terminal_needs_yes() {
    let w = Wfio::new();
    w.ok(&["task", "activate", SPRING, "Creative brief", "Storyboard", "Rough cut"]);
    // Signed in first (the server-to-server credential mints its token at IMS, which draws on
    // the simulator's random numbers): from here on nothing may change.
    w.ok(&["auth", "status", "--check"]);
    let before = w.demo_state();
    let dry = w.ok(&["activate", SPRING, "--dry-run"]);
    // The demo's Northwind Studios: its server-to-server credential.
    assert!(
        dry.stdout.contains("In the workspace Brand Studio (Northwind Studios), as Service Account User:"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("Create 3 task folders: Creative brief, Storyboard, Rough cut"), "{}", dry.stdout);
    // Frame.io users of the account get the project; the others review a share, by email.
    assert!(dry.stdout.contains("Give 5 people access to the project as editor"), "{}", dry.stdout);
    assert!(dry.stdout.contains("Invite 3 people to review by email"), "{}", dry.stdout);
    assert!(dry.stderr.contains("Dry run: nothing was changed."), "{}", dry.stderr);
    let json = w.ok(&["activate", SPRING, "--dry-run", "--json"]).json_lines();
    assert_eq!(json.len(), 1);
    assert_eq!((json[0]["event"].as_str(), json[0]["runnable"].as_bool()), (Some("plan"), Some(true)));
    assert_eq!(json[0]["plan"]["folders"].as_array().unwrap().len(), 3);
    let access: Vec<&str> =
        json[0]["plan"]["invites"].as_array().unwrap().iter().map(|i| i["access"]["kind"].as_str().unwrap()).collect();
    assert_eq!(access.len(), 8, "{access:?}");
    assert_eq!(access.iter().filter(|k| **k == "reviewer").count(), 3, "{access:?}");
    assert_eq!(json[0]["plan"]["destination"]["workspace_id"], fio_id("@ft-brand"));
    let asks = w.fails(&["activate", SPRING], 2);
    assert!(asks.stderr.contains("--yes"), "{}", asks.stderr);
    let after = w.demo_state();
    for part in ["wf", "fio", "blobs", "rng"] {
        assert_eq!(before[part], after[part], "{part} changed");
    }
    // A plan that cannot run: exit 1 with the reason, nothing changed.
    let blocked = w.fails(&["activate", "Website Refresh", "--dry-run"], 1);
    assert!(blocked.stderr.contains("not connected to Frame.io"), "{}", blocked.stderr);
    // A group still connected with Frame.io's removed legacy API cannot activate until it is
    // reconnected to a workspace.
    w.ok(&["project", "create", "Legacy Cut", "--group", "Video Production"]);
    w.ok(&["task", "create", "Legacy Cut", "Edit"]);
    w.ok(&["task", "activate", "Legacy Cut", "Edit"]);
    let legacy = w.fails(&["activate", "Legacy Cut", "--yes"], 1);
    assert!(legacy.stderr.contains("connected with Frame.io's legacy API (team Video Post (v2))"), "{}", legacy.stderr);
    assert!(legacy.stderr.contains("Reconnect it to a workspace"), "{}", legacy.stderr);
    assert_eq!(before["fio"], w.demo_state()["fio"], "nothing was created in Frame.io");
}

/// The seed document, as commands: create a group; connect a group with the two-account token,
/// choosing the account and the team; a project from a template; put it in the connected group;
/// add a task; mark tasks Active (a subtask is refused); assign a user and a team; upload a
/// document; switch to the group's custom status that equates to Current.
#[test]
fn the_seed_document_as_commands() {
    let w = Wfio::new();
    let films = w.ok(&["group", "create", "Brand Films"]).stdout.trim().to_owned();
    assert!(!films.is_empty());

    let need_account =
        w.run_with(&["group", "connect", "Creative Services", "--token-stdin"], &[], Some(TOKEN_2_ACCOUNTS));
    assert_eq!(need_account.code, 2, "{}", need_account.stderr);
    assert!(need_account.stderr.contains("choose one with --account"), "{}", need_account.stderr);
    assert!(
        need_account.stderr.contains("Northwind Agency (owner")
            && need_account.stderr.contains("Northwind Studios (admin")
    );
    let need_team = w.run_with(
        &["group", "connect", "Creative Services", "--token-stdin", "--account", "northwind agency"],
        &[],
        Some(TOKEN_2_ACCOUNTS),
    );
    assert_eq!(need_team.code, 2, "{}", need_team.stderr);
    assert!(need_team.stderr.contains("Agency Creative") && need_team.stderr.contains("Agency Social"));
    let connected = w.run_with(
        &[
            "group",
            "connect",
            "Creative Services",
            "--token-stdin",
            "--account",
            "Northwind Agency",
            "--team",
            "Agency Creative",
            "--json",
        ],
        &[],
        Some(TOKEN_2_ACCOUNTS),
    );
    assert_eq!(connected.code, 0, "{}", connected.stderr);
    let connection = connected.json()["connection"].clone();
    assert_eq!(connection["workspace_id"], fio_id("@ft-agency"), "{connection}");
    assert_eq!(connection["legacy"], false);

    let project =
        w.ok(&["project", "create", "Autumn Teaser 2027", "--template", "video spot"]).stdout.trim().to_owned();
    let moved = w.ok(&["project", "set-group", &project, "Creative Services", "--json"]).json();
    assert_eq!(
        (moved["group_name"].as_str(), moved["group_connected"].as_bool()),
        (Some("Creative Services"), Some(true))
    );
    w.ok(&["task", "create", "Autumn Teaser 2027", "Color grade"]);
    let active = w.ok(&["task", "activate", "Autumn Teaser 2027", "Script", "Storyboard", "Color grade"]);
    assert_eq!(active.stdout.lines().count(), 3);
    assert!(active.stderr.contains("grey (pending)"), "{}", active.stderr);
    let sub = w.fails(&["task", "activate", SPRING, "Frames 1-12"], 1);
    assert!(sub.stderr.contains("subtasks are not supported in connected Frame.io projects"), "{}", sub.stderr);
    let all = w.ok(&["task", "activate", SPRING, "--all", "--inactive"]);
    assert!(all.stderr.contains("Skipped 2 subtasks: \"Frames 1-12\", \"Frames 13-24\""), "{}", all.stderr);
    w.ok(&["task", "assign", "Autumn Teaser 2027", "Script", "--user", "hana.sato@northwind.example"]);
    let team = w.ok(&["task", "assign", "Autumn Teaser 2027", "Storyboard", "--team", "video team"]);
    assert!(team.stderr.contains("Assigned the team Video Team to 1 task"), "{}", team.stderr);
    let again = w.ok(&["task", "assign", "Autumn Teaser 2027", "Storyboard", "--team", "Video Team"]);
    assert!(again.stderr.contains("already assigned"), "{}", again.stderr);
    let brief = w.write_file("autumn-brief.txt", b"Autumn teaser: 30 seconds, warm light, no dialogue.\n");
    let upload = w.ok(&["doc", "upload", "Autumn Teaser 2027", path_str(&brief)]);
    assert!(upload.stderr.contains("Uploaded autumn-brief.txt"), "{}", upload.stderr);

    let pending = w.ok(&["project", "show", "Autumn Teaser 2027", "--json"]).json();
    assert_eq!(pending["project"]["state"], "pending");
    assert_eq!(pending["activating_statuses"][1]["label"], "In Production");

    let run = w.ok(&["activate", "Autumn Teaser 2027", "--status", "In Production", "--yes", "--json"]);
    let events = run.json_lines();
    assert_eq!(events[0]["event"], "plan");
    assert_eq!(events[1]["event"], "started");
    let items = events[1]["items"].as_array().unwrap().len();
    assert_eq!(items, 1 + 3 + 1 + 4 + 1, "project, 3 folders, 1 upload, 4 invites, write-back");
    assert!(events.iter().any(|e| e["event"] == "item" && e["state"]["state"] == "done"));
    assert_eq!(events[events.len() - 2]["event"], "finished");
    let summary = events.last().unwrap();
    assert_eq!((summary["event"].as_str(), summary["ok"].as_bool()), (Some("summary"), Some(true)));
    assert_eq!(summary["status"], "PRD");
    assert_eq!(summary["exit_code"], 0);
    assert_eq!(summary["created"], items);

    // The simulator: one project in the chosen team, a folder per Active task, the bytes, the
    // invitations, and Workfront's forms and status.
    let world = w.demo_world();
    let team = fio_id("@ft-agency");
    let projects: Vec<_> = fio_projects(&world, &team).into_iter().filter(|(_, n)| n == "Autumn Teaser 2027").collect();
    assert_eq!(projects.len(), 1, "{projects:?}");
    let fio_project = projects[0].0.clone();
    assert_eq!(summary["frameio_project_id"], fio_project.as_str());
    let root = world.fio.projects[&fio_project]["root_asset_id"].as_str().unwrap().to_owned();
    let top = children(&world, &root);
    let names: Vec<(&str, &str)> = top.iter().map(|c| (c.1.as_str(), c.2.as_str())).collect();
    assert_eq!(
        names,
        vec![("Color grade", "folder"), ("Script", "folder"), ("Storyboard", "folder"), ("autumn-brief.txt", "file")]
    );
    let file = top.iter().find(|c| c.1 == "autumn-brief.txt").unwrap();
    assert_eq!(
        wfio::sim::frameio::asset_bytes(&world, &file.0).expect("upload complete"),
        std::fs::read(&brief).unwrap()
    );
    // None of the four is a Frame.io user of Northwind Agency: each is invited, by email, to
    // review a share of the project.
    let mut invited: Vec<(&str, &str)> = world
        .fio
        .outbox
        .iter()
        .filter(|e| e.project_id.as_deref() == Some(fio_project.as_str()))
        .map(|e| (e.to.as_str(), e.kind.as_str()))
        .collect();
    invited.sort_unstable();
    assert_eq!(
        invited,
        vec![
            ("hana.sato@northwind.example", "share_invite"),
            ("kai.andersen@northwind.example", "share_invite"),
            ("lena.fischer@northwind.example", "share_invite"),
            ("milo.costa@northwind.example", "share_invite")
        ]
    );
    let mut reviewers: Vec<String> = world
        .fio
        .shares
        .values()
        .filter(|s| s.get("_project_id").and_then(Value::as_str) == Some(fio_project.as_str()))
        .flat_map(|s| s["_reviewers"].as_array().cloned().unwrap_or_default())
        .filter_map(|r| r["email"].as_str().map(str::to_owned))
        .collect();
    reviewers.sort_unstable();
    assert_eq!(reviewers, invited.iter().map(|(e, _)| e.to_string()).collect::<Vec<_>>());
    let proj = wf_object(&world, "PROJ", "Autumn Teaser 2027");
    assert_eq!(proj["status"], "PRD");
    assert_eq!(custom(proj, forms::PROJECT_SYNC_STATE).as_deref(), Some(forms::SYNC_CONNECTED));
    assert_eq!(custom(proj, forms::PROJECT_ID).as_deref(), Some(fio_project.as_str()));
    let group = wf_object(&world, "GROUP", "Creative Services");
    assert_eq!(custom(group, forms::GROUP_WORKSPACE_NAME).as_deref(), Some("Agency Creative"));
    let story_folder = top.iter().find(|c| c.1 == "Storyboard").unwrap();
    let story_task =
        world.wf.objects["TASK"].values().find(|t| t["name"] == "Storyboard" && t["projectID"] == proj["ID"]).unwrap();
    assert_eq!(custom(story_task, forms::TASK_FOLDER_ID).as_deref(), Some(story_folder.0.as_str()));

    // Generated: status says so; changing the group now warns that Frame.io will not follow.
    let status = w.ok(&["status", "--json"]).json();
    let autumn = status.as_array().unwrap().iter().find(|p| p["name"] == "Autumn Teaser 2027").unwrap();
    assert_eq!(autumn["state"], "connected");
    let moved = w.ok(&["project", "set-group", "Autumn Teaser 2027", "Brand Films"]);
    assert!(moved.stderr.contains("not reflected in Frame.io"), "{}", moved.stderr);

    // Again: nothing new in Frame.io.
    let before = (fio_projects(&w.demo_world(), &team).len(), w.demo_world().fio.outbox.len());
    w.ok(&["project", "set-group", "Autumn Teaser 2027", "Creative Services"]);
    let rerun = w.ok(&["activate", "Autumn Teaser 2027", "--yes"]);
    assert!(rerun.stderr.contains("1 created, 9 already there"), "{}", rerun.stderr);
    assert_eq!(before, (fio_projects(&w.demo_world(), &team).len(), w.demo_world().fio.outbox.len()));
}

/// The engine test's scenario (`tests/activation.rs`), through the commands: the same result.
#[test]
fn spring_campaign_through_commands_matches_the_engine_test() {
    let w = Wfio::new();
    w.ok(&["task", "activate", SPRING, "Creative brief", "Storyboard", "Rough cut"]);
    let run = w.ok(&["activate", SPRING, "--yes"]);
    let world = w.demo_world();
    let spring: Vec<_> = fio_projects(&world, &fio_id("@ft-brand")).into_iter().filter(|(_, n)| n == SPRING).collect();
    assert_eq!(spring.len(), 1);
    let project_id = spring[0].0.as_str();
    // The last line is the project's address in Frame.io (V4's view_url).
    let url = run.stdout.trim_end().lines().last().unwrap_or_default();
    assert_eq!(url.trim_end_matches('/'), format!("https://next.frame.io/project/{project_id}"), "{}", run.stdout);
    assert!(run.stderr.contains("[ 1/15] done"), "plain progress lines without a terminal:\n{}", run.stderr);
    let root = world.fio.projects[project_id]["root_asset_id"].as_str().unwrap().to_owned();
    engine::assert_spring_tree(&world, &root);
    // One email each: the five Frame.io users of Northwind Studios are added to the project (as
    // editors), the three others invited to review a share of it.
    let mut emails: Vec<(&str, &str)> = world
        .fio
        .outbox
        .iter()
        .filter(|e| e.project_id.as_deref() == Some(project_id))
        .map(|e| (e.to.as_str(), e.kind.as_str()))
        .collect();
    emails.sort_unstable();
    let at = |who: &str, kind: &'static str| (format!("{who}@northwind.example"), kind);
    let want = [
        at("blake.rivera", "share_invite"),
        at("cleo.park", "share_invite"),
        at("eli.novak", "project_access"),
        at("gus.oyelaran", "project_access"),
        at("hana.sato", "project_access"),
        at("kai.andersen", "project_access"),
        at("lena.fischer", "project_access"),
        at("milo.costa", "share_invite"),
    ];
    assert_eq!(emails, want.iter().map(|(e, k)| (e.as_str(), *k)).collect::<Vec<_>>());
    let roles = &world.fio.project_roles[project_id];
    for who in ["@fu-eli", "@fu-gus", "@fu-hana", "@fu-kai", "@fu-lena"] {
        assert_eq!(roles.get(&fio_id(who)).map(String::as_str), Some("editor"), "{who}: {roles:?}");
    }
    let proj = wf_object(&world, "PROJ", SPRING);
    assert_eq!(proj["status"], "CUR");
    assert_eq!(custom(proj, forms::PROJECT_SYNC_STATE).as_deref(), Some(forms::SYNC_CONNECTED));
}
