//! Canary credentials through the whole journey, end to end through the real binary, with
//! TRACE logging on (issue 8, "Secrets and terminal"): a canary Workfront API key, a canary
//! Frame.io developer token and a canary server-to-server client secret (seeded into a
//! standalone `wfio sim` so they work), and a wrong key, a wrong token and a wrong secret that
//! are refused; and every token the simulator's Adobe IMS issued along the way (an Adobe sign-in
//! with its pasted redirect, server-to-server tokens). The headless commands (profile add, auth
//! login and status, group connect, activate, status, watch) and the wizard in a
//! pseudo-terminal (a wrong client secret refused, the canary pasted, a group connected, a
//! project activated; and a panic right after pasting the token) run against it. Then none of
//! them appears in any log file, any stdout or stderr, any error message, the panic report, any
//! screen (the VT100 screen at every step and every byte written to the terminal), any
//! process's argument list (wfio's while it runs, the simulator's), or any file under wfio's
//! config, data and temp dirs, except the good three (and IMS tokens) in `credentials.toml`,
//! which is 0600 in a 0700 dir.

#[path = "common/cli.rs"]
mod cli;
mod common;
#[path = "common/simproc.rs"]
mod simproc;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cli::Wfio;
use common::pty::Pty;
use serde_json::json;
use simproc::SimProc;

const WF_CANARY: &str = "CANARYwfKEYjourney0a1b2c3d4e5f6071";
const FIO_CANARY: &str = "fio-u-CANARY-journey-Zq81Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5G";
/// Refused: never valid anywhere, so only wfio could have written them down.
const WF_WRONG: &str = "CANARYwrongKEY9f8e7d6c5b4a39281706";
const FIO_WRONG: &str = "fio-u-CANARY-wrong-Pq72Xn4Lb8Vt1Rm6Hc3Kw9Sd5Gf0Ja";
/// The secret of the demo's server-to-server client (`wfio-demo-s2s`), and a wrong one.
const S2S_CANARY: &str = "p8e-CANARY-s2s-Wn5Rt8Lm2Xc6Vb9Qz1Hd4Kf7Gs0JpA";
const S2S_WRONG: &str = "p8e-CANARY-wrong-Tq3Zk7Nc1Bv5Xm9Lh2Dr6Wf0GsYe";
const S2S_CLIENT: &str = "wfio-demo-s2s";
const ALL: [&str; 6] = [WF_CANARY, FIO_CANARY, S2S_CANARY, WF_WRONG, FIO_WRONG, S2S_WRONG];
const SPRING: &str = "Spring Campaign 2027";
const WAIT: Duration = Duration::from_secs(30);
const DOWN: &[u8] = b"\x1b[B";

/// Which canaries `text` holds.
fn leaks(text: &str) -> Vec<&'static str> {
    ALL.into_iter().filter(|c| text.contains(c)).collect()
}

/// How many of the tokens Adobe IMS issued (`issued`) `text` holds.
fn ims_leaks(text: &str, issued: &[String]) -> usize {
    issued.iter().filter(|t| text.contains(t.as_str())).count()
}

/// Everything seen, to check at the end: (where, text).
#[derive(Default)]
struct Seen(Vec<(String, String)>);

impl Seen {
    fn add(&mut self, place: impl Into<String>, text: impl Into<String>) {
        self.0.push((place.into(), text.into()));
    }

    /// Argument lists of a running process and its children.
    fn argv(&mut self, place: &str, pid: u32) {
        self.add(format!("argv of {place} ({pid})"), simproc::cmdline(pid));
        let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        for child in children.split_whitespace().filter_map(|c| c.parse::<u32>().ok()) {
            self.add(format!("argv of a child of {place} ({child})"), simproc::cmdline(child));
        }
    }
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn paste(pty: &mut Pty, text: &str) {
    let mut bytes = b"\x1b[200~".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes.extend_from_slice(b"\x1b[201~");
    pty.key(&bytes);
}

/// Wait for `text` on the wizard's screen, keeping the screen and wfio's argument list.
fn step(pty: &Pty, seen: &mut Seen, text: &str) {
    let screen = pty.wait_text(text, WAIT);
    seen.add(format!("screen at {text:?}"), screen);
    if let Some(pid) = pty.pid() {
        seen.argv("the wizard", pid);
    }
}

/// Run a command to its end, keeping what it printed; sample its argument list while it runs.
fn run(w: &Wfio, seen: &mut Seen, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> i32 {
    let child = w.spawn_with(args, env, stdin);
    finish(seen, args, child, String::new())
}

/// `wfio auth login frameio --stdin` ("Sign in with Adobe") as `user`: the printed address
/// opened by a stand-in browser (`cli::ims_authorize`), the address it lands on piped back.
fn adobe_login(w: &Wfio, seen: &mut Seen, user: &str) -> i32 {
    use std::io::{BufRead, Write};
    let args = ["auth", "login", "frameio", "--stdin"];
    let mut child = w
        .command(&args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    seen.argv("wfio auth login frameio", child.id());
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut address = String::new();
    out.read_line(&mut address).unwrap();
    let redirect = cli::ims_authorize(address.trim(), user);
    child.stdin.take().unwrap().write_all(format!("{redirect}\n").as_bytes()).unwrap();
    child.stdout = Some(out.into_inner());
    finish(seen, &args, child, address)
}

/// Wait for a started command, keeping what it printed (after `printed`, read already) and
/// sampling its argument list while it runs.
fn finish(seen: &mut Seen, args: &[&str], mut child: std::process::Child, printed: String) -> i32 {
    // Drain the pipes on threads while the argument list is sampled.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).unwrap();
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).unwrap();
        s
    });
    let pid = child.id();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        seen.argv(&format!("wfio {}", args.join(" ")), pid);
        assert!(started.elapsed() < Duration::from_secs(120), "wfio {args:?} hangs");
        std::thread::sleep(Duration::from_millis(10));
    };
    let what = format!("wfio {}", args.join(" "));
    seen.add(format!("stdout of {what}"), printed + &out_t.join().unwrap());
    seen.add(format!("stderr of {what}"), err_t.join().unwrap());
    status.code().unwrap_or(-1)
}

#[test]
fn canaries_appear_nowhere_but_the_credentials_file() {
    let mut w = Wfio::new();
    let home = w.dir.path().to_path_buf();
    let tmp = home.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    for (k, v) in [("WFIO_LOG", "trace"), ("WFIO_RETRY_BASE_MS", "5"), ("TMPDIR", tmp.to_str().unwrap())] {
        w.set_env(k, v);
    }
    let mut seen = Seen::default();

    // The simulator knows the canaries as Avery's key and token. Its own files are the
    // services' side of the world, kept apart from wfio's.
    let sim_dir = tempfile::tempdir().unwrap();
    let mut seed = simproc::demo_seed();
    seed["workfront"]["apiKeys"][WF_CANARY] = json!("@usr-avery");
    seed["frameio"]["tokens"][FIO_CANARY] = json!("@fu-avery");
    let s2s = seed["ims"]["clients"].as_array_mut().unwrap().iter_mut().find(|c| c["client_id"] == S2S_CLIENT).unwrap();
    s2s["client_secret"] = json!(S2S_CANARY);
    let seed_path = sim_dir.path().join("seed.json");
    std::fs::write(&seed_path, serde_json::to_vec(&seed).unwrap()).unwrap();
    let sim = SimProc::start(&sim_dir.path().join("sim"), &["--seed", seed_path.to_str().unwrap()]);
    seen.argv("the simulator", sim.pid());
    let base = sim.base.clone();

    // ---- Headless ---------------------------------------------------------------------------
    let key_line = format!("{WF_CANARY}\n");
    let ok = |code: i32, what: &str| assert_eq!(code, 0, "{what} failed");
    let add = [
        "profile",
        "add",
        "canary",
        "--workfront-url",
        &base,
        "--frameio-url",
        &base,
        "--ims-url",
        &base,
        "--ims-client-id",
        "wfio-demo-public",
        "--api-key-stdin",
    ];
    ok(run(&w, &mut seen, &[&add[..], &["--default"]].concat(), Some(&key_line), &[]), "profile add");
    ok(run(&w, &mut seen, &["profile", "show", "canary"], None, &[]), "profile show");
    ok(run(&w, &mut seen, &["profile", "list", "--json"], None, &[]), "profile list");
    ok(run(&w, &mut seen, &["auth", "status", "--json"], None, &[]), "auth status");
    // Refused credentials: the errors say so without repeating them.
    assert_eq!(
        run(&w, &mut seen, &["group", "list"], None, &[("WFIO_WORKFRONT_API_KEY", WF_WRONG)]),
        4,
        "a wrong key is refused"
    );
    assert_eq!(
        run(&w, &mut seen, &["group", "connect", "Events", "--token-stdin"], Some(FIO_WRONG), &[]),
        4,
        "a wrong token is refused"
    );
    let s2s_login = ["auth", "login", "frameio", "--with", "s2s", "--client-id", S2S_CLIENT, "--stdin"];
    assert_eq!(run(&w, &mut seen, &s2s_login, Some(S2S_WRONG), &[]), 4, "a wrong client secret is refused");
    // The canaries: the developer token on Northwind Agency (not on the Admin Console), the
    // client secret on Northwind Studios (Marketing's), and an Adobe sign-in.
    let agency = [
        "group",
        "connect",
        "Creative Services",
        "--token-stdin",
        "--account",
        "Northwind Agency",
        "--workspace",
        "Agency Creative",
    ];
    ok(run(&w, &mut seen, &agency, Some(FIO_CANARY), &[]), "group connect with the token");
    ok(run(&w, &mut seen, &s2s_login, Some(S2S_CANARY), &[]), "auth login --with s2s");
    ok(
        run(&w, &mut seen, &["group", "connect", "Marketing", "--workspace", "Brand Studio"], None, &[]),
        "group connect",
    );
    ok(adobe_login(&w, &mut seen, "avery.admin@northwind.example"), "auth login (Sign in with Adobe)");
    let social = ["group", "connect", "Social Media", "--account", "Northwind Studios", "--workspace", "Video Post"];
    ok(run(&w, &mut seen, &social, None, &[]), "group connect with the Adobe sign-in");
    ok(run(&w, &mut seen, &["auth", "status", "--check"], None, &[]), "auth status --check");
    ok(
        run(&w, &mut seen, &["task", "activate", SPRING, "Creative brief", "Storyboard", "Rough cut"], None, &[]),
        "tasks",
    );
    let doc = home.join("rough-cut.mov");
    std::fs::write(&doc, (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect::<Vec<u8>>()).unwrap();
    ok(run(&w, &mut seen, &["doc", "upload", SPRING, doc.to_str().unwrap()], None, &[]), "doc upload");
    // An activation that fails on its first try (storage down), then one that finishes.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(sim.set_faults(json!({"error_rate": 1.0, "only": "s3"})));
    assert_ne!(run(&w, &mut seen, &["activate", SPRING, "--yes"], None, &[]), 0, "storage down");
    runtime.block_on(sim.set_faults(json!({})));
    ok(run(&w, &mut seen, &["activate", SPRING, "--yes", "--json"], None, &[]), "activate");
    ok(run(&w, &mut seen, &["status", "--json"], None, &[]), "status");
    ok(run(&w, &mut seen, &["watch", "--once"], None, &[]), "watch --once");

    // ---- The wizard -------------------------------------------------------------------------
    let env = [("WFIO_LOG", "trace"), ("WFIO_RETRY_BASE_MS", "5"), ("TMPDIR", tmp.to_str().unwrap())];
    // A panic right after the token is pasted: the report must not carry it.
    {
        let panic_env = [env.as_slice(), &[("WFIO_DEBUG_PANIC", "1")]].concat();
        let mut pty = Pty::spawn(&[], &home, &panic_env, 100, 32);
        step(&pty, &mut seen, "Dashboard");
        pty.key(b"1");
        step(&pty, &mut seen, "Workfront groups (8)");
        pty.key(b"/");
        pty.type_text("creative");
        pty.key(b"\r");
        pty.key(b"\r");
        step(&pty, &mut seen, "Connect \"Creative Services\" to Frame.io");
        // Tab: server-to-server, then a developer token.
        pty.key(b"\t");
        step(&pty, &mut seen, "Client ID:");
        pty.key(b"\t");
        step(&pty, &mut seen, "Token:");
        paste(&mut pty, FIO_CANARY);
        step(&pty, &mut seen, &format!("{} characters", FIO_CANARY.len()));
        pty.key(b"\x1b[24~");
        assert_ne!(pty.wait_exit(WAIT), 0, "the panic is a failure");
        let raw = String::from_utf8_lossy(&pty.raw()).into_owned();
        assert!(raw.contains("WFIO_DEBUG_PANIC"), "the panic was reported");
        seen.add("the panic report and all the wizard wrote (panic run)", raw);
        seen.add("the screen after the panic", pty.screen());
    }
    // The journey: a wrong client secret, then the canary; connect, activate, quit.
    {
        let mut pty = Pty::spawn(&[], &home, &env, 100, 32);
        step(&pty, &mut seen, "Dashboard");
        pty.key(b"1");
        step(&pty, &mut seen, "Workfront groups (8)");
        pty.key(b"/");
        pty.type_text("creative");
        pty.key(b"\r");
        pty.key(b"\r");
        step(&pty, &mut seen, "Connect \"Creative Services\" to Frame.io");
        pty.key(b"\t");
        step(&pty, &mut seen, "Client ID:");
        pty.type_text(S2S_CLIENT);
        pty.key(DOWN);
        paste(&mut pty, S2S_WRONG);
        step(&pty, &mut seen, &format!("{} characters", S2S_WRONG.len()));
        pty.key(b"\r");
        step(&pty, &mut seen, "Adobe IMS refused the client ID wfio-demo-s2s or its secret");
        pty.key(b"\x15");
        paste(&mut pty, S2S_CANARY);
        pty.key(b"\r");
        // Its technical account administers Northwind Studios only: on to its workspaces.
        step(&pty, &mut seen, "the only Frame.io account you administer");
        step(&pty, &mut seen, "(workspace) in Northwind Studios");
        step(&pty, &mut seen, "Video Post");
        pty.key(DOWN);
        pty.key(b"\r");
        step(&pty, &mut seen, "Connected Creative Services to Video Post (Northwind Studios)");
        pty.key(b"/");
        pty.type_text("teaser");
        pty.key(b"\r");
        pty.key(b"\r");
        step(&pty, &mut seen, "Project Details");
        pty.key(b"5");
        step(&pty, &mut seen, "Tasks of \"Product Teaser\"");
        step(&pty, &mut seen, "Script");
        pty.key(b"e");
        pty.key(b"\r");
        step(&pty, &mut seen, "1 task set to Active");
        pty.key(b"6");
        step(&pty, &mut seen, "What switching does in Frame.io");
        pty.key(DOWN);
        pty.key(b"\r");
        step(&pty, &mut seen, "Done: the Frame.io icon is purple");
        pty.key(b"q");
        assert_eq!(pty.wait_exit(WAIT), 0);
        seen.add("all the wizard wrote (journey)", String::from_utf8_lossy(&pty.raw()).into_owned());
    }
    seen.argv("the simulator", sim.pid());
    // Every token and code the simulator's IMS issued: secrets too.
    let issued: Vec<String> = {
        let world = runtime.block_on(sim.world());
        let ims = &world.ims;
        ims.access_tokens.keys().chain(ims.refresh_tokens.keys()).chain(ims.codes.keys()).cloned().collect()
    };
    assert!(issued.len() >= 4, "IMS issued {} tokens and codes", issued.len());

    // ---- What was seen ----------------------------------------------------------------------
    let argv_samples = seen.0.iter().filter(|(p, _)| p.starts_with("argv")).count();
    assert!(argv_samples > 50, "argument lists sampled while running: {argv_samples}");
    for (place, text) in &seen.0 {
        let found = leaks(text);
        assert!(found.is_empty(), "{found:?} in {place}:\n{text}");
        assert_eq!(ims_leaks(text, &issued), 0, "an IMS token in {place}:\n{text}");
    }

    // ---- On disk: every file under wfio's config, data and temp dirs ------------------------
    let credentials = w.config_dir().join("credentials.toml");
    let log = w.data_dir().join("logs").join("wfio.log");
    let log_text = std::fs::read_to_string(&log).unwrap();
    let trace_lines = log_text.lines().filter(|l| l.contains("TRACE")).count();
    assert!(trace_lines > 1000, "TRACE logging was on: {trace_lines} TRACE lines in {}", log.display());
    assert!(log_text.contains("hyper") && log_text.contains("reqwest"), "the HTTP libraries log too");
    let mut scanned = 0;
    let all_files = files(&home);
    for path in &all_files {
        let path = path.clone();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let found = leaks(&text);
        scanned += 1;
        if path == credentials {
            assert_eq!(found, vec![WF_CANARY, FIO_CANARY, S2S_CANARY], "the good three, never the refused ones");
            assert!(ims_leaks(&text, &issued) > 0, "the sign-ins' tokens are kept there");
            continue;
        }
        assert!(found.is_empty(), "{found:?} in {}", path.display());
        assert_eq!(ims_leaks(&text, &issued), 0, "an IMS token in {}", path.display());
    }
    assert!(scanned >= 5, "{scanned} files scanned");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&credentials), 0o600, "the credentials file");
    assert_eq!(mode(&w.config_dir()), 0o700, "its dir");
    let names: Vec<String> =
        all_files.iter().map(|p| p.strip_prefix(&home).unwrap_or(p).display().to_string()).collect();
    eprintln!(
        "{} places checked ({argv_samples} argument lists) for 6 canaries and {} IMS tokens and codes, {scanned} files \
         scanned ({}), {} log lines ({trace_lines} TRACE)",
        seen.0.len(),
        issued.len(),
        names.join(", "),
        log_text.lines().count()
    );
}
