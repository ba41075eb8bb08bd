//! `wfio sim`, the standalone simulator: the real binary, its first stdout line, HTTP through the
//! printed address (Workfront, Frame.io V4 and Adobe IMS), flags reaching the simulator, and a
//! graceful stop on SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Client;
use serde_json::Value;

const API_KEY: &str = "d0d0cafe00000000000000000000d3e0";

/// A server-to-server access token from the simulator's IMS (the demo's client).
async fn s2s_token(c: &Client, base: &str) -> String {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("grant_type", "client_credentials"),
            ("client_id", wfio::session::DEMO_S2S_CLIENT_ID),
            ("client_secret", wfio::session::DEMO_S2S_SECRET),
            ("scope", "openid AdobeID frame.s2s.all"),
        ])
        .finish();
    let r = c
        .post(format!("{base}/ims/token/v3"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let v: Value = r.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_owned()
}

fn http() -> Client {
    Client::builder().no_proxy().build().unwrap()
}

/// Start `wfio sim ARGS`; return the child, the address it printed, and a thread that reads the
/// rest of stdout until the process ends (so a late line never hits a closed pipe).
fn spawn_sim(data_dir: &Path, args: &[&str]) -> (Child, String, std::thread::JoinHandle<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wfio"))
        .arg("sim")
        .args(args)
        .env("WFIO_DATA_DIR", data_dir)
        .env("WFIO_CONFIG_DIR", data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let prefix = "wfio simulator listening on ";
    assert!(first.starts_with(prefix), "first line: {first:?}");
    let base = first[prefix.len()..].trim().to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let rest = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = out.read_to_string(&mut rest);
        rest
    });
    (child, base, rest)
}

fn terminate(child: &Child) {
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

fn wait(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("wfio sim did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test]
async fn serves_on_the_printed_address_and_stops_on_sigterm_with_a_final_write() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sim-state.json");
    let (mut child, base, rest) =
        spawn_sim(dir.path(), &["--port", "0", "--state", state.to_str().unwrap(), "--fault-seed", "3"]);

    let c = http();
    let health: Value = c.get(format!("{base}/_sim/health")).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["fault_seed"], 3);
    let groups = c.get(format!("{base}/attask/api/v21.0/group/count")).header("apiKey", API_KEY).send().await.unwrap();
    assert_eq!(groups.json::<Value>().await.unwrap()["data"]["count"], 8);
    let login = c.post(format!("{base}/attask/api/v21.0/login?username=avery.admin&password=demo-password"));
    assert!(login.send().await.unwrap().status().is_success());
    // Frame.io V4 with a token from its IMS, on the same address.
    let discovery: Value =
        c.get(format!("{base}/ims/.well-known/openid-configuration")).send().await.unwrap().json().await.unwrap();
    assert!(discovery["token_endpoint"].as_str().is_some_and(|t| t.ends_with("/ims/token/v3")), "{discovery}");
    let token = s2s_token(&c, &base).await;
    let me: Value = c.get(format!("{base}/v4/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["data"]["name"], "Service Account User", "{me}");

    terminate(&child);
    let status = tokio::task::spawn_blocking(move || wait(&mut child, Duration::from_secs(15))).await.unwrap();
    assert!(status.success(), "{status:?}");
    let banner = rest.join().unwrap();
    assert!(banner.contains(&format!("Workfront: {base}/attask/api/v21.0/")), "{banner}");
    assert!(banner.contains(&format!("Frame.io:  {base}/v4/\n")), "{banner}");
    assert!(banner.contains(&format!("Adobe IMS: {base}/ims/")), "{banner}");
    assert!(banner.contains("Credentials") && banner.contains("sim-state.json"), "{banner}");
    let saved: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(saved["wf"]["sessions"].as_object().unwrap().len(), 1, "the final state has the login");
    assert_eq!(saved["ims"]["access_tokens"].as_object().unwrap().len(), 1, "and the IMS token");
}

#[tokio::test]
async fn flags_configure_scale_faults_and_rate_limits() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, base, _rest) = spawn_sim(
        dir.path(),
        &[
            "--scale",
            "300",
            "--latency-ms",
            "5",
            "--burst-429",
            "2",
            "--rate-limits",
            "off",
            "--error-rate",
            "0",
            "--ims-token-ttl",
            "30s",
        ],
    );
    let c = http();
    let faults: Value = c.get(format!("{base}/_sim/faults")).send().await.unwrap().json().await.unwrap();
    assert_eq!((faults["latency_ms"].as_u64(), faults["burst_429"].as_u64()), (Some(5), Some(2)));
    let limits: Value = c.get(format!("{base}/_sim/rate-limits")).send().await.unwrap().json().await.unwrap();
    assert_eq!(limits["mode"], "off");
    let ims: Value = c.get(format!("{base}/_sim/ims")).send().await.unwrap().json().await.unwrap();
    assert_eq!(ims["config"]["access_token_ttl_ms"], 30_000, "{ims}");
    let count = c.get(format!("{base}/attask/api/v21.0/group/count")).header("apiKey", API_KEY).send().await.unwrap();
    assert_eq!(count.json::<Value>().await.unwrap()["data"]["count"], 300);
    terminate(&child);
    let status = tokio::task::spawn_blocking(move || wait(&mut child, Duration::from_secs(15))).await.unwrap();
    assert!(status.success(), "{status:?}");
}

#[test]
fn invalid_fault_values_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wfio"))
        .args(["sim", "--error-rate", "2"])
        .env("WFIO_DATA_DIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = wait(&mut child, Duration::from_secs(15));
    assert!(!status.success());
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(err.contains("error_rate must be between 0 and 1"), "{err}");
}
