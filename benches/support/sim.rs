//! A standalone `wfio sim` in its own process (so its memory never counts as the client's), and
//! the `/_sim/` controls the benchmarks use.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use wfio::session::{DEMO_S2S_CLIENT_ID, DEMO_S2S_SECRET};
use wfio::sim::ids::frameio_id_for;

pub const API_KEY: &str = "d0d0cafe00000000000000000000d3e0";
/// The demo's Frame.io account (Northwind Studios) and workspace (Brand Studio) that the
/// Marketing group is connected to; the demo's server-to-server credential administers it.
pub const ACCOUNT_SYM: &str = "@fa-studios";
pub const WORKSPACE_SYM: &str = "@ft-brand";

pub fn account_id() -> String {
    frameio_id_for(ACCOUNT_SYM)
}

pub fn workspace_id() -> String {
    frameio_id_for(WORKSPACE_SYM)
}

pub struct SimProcess {
    child: Child,
    pub base: String,
    pub http: reqwest::Client,
}

/// Request counters from `/_sim/requests`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    pub total: u64,
    pub rate_limited: u64,
    pub workfront: u64,
    pub frameio: u64,
    pub s3: u64,
}

impl SimProcess {
    /// `wfio sim --port 0` with `args`; waits until it listens. `dir` holds its logs.
    pub fn start(bin: &str, args: &[&str], dir: &Path) -> Self {
        let mut cmd = Command::new(bin);
        cmd.arg("sim").args(["--port", "0"]).args(args);
        cmd.env("WFIO_DATA_DIR", dir.join("sim-data")).env("WFIO_CONFIG_DIR", dir.join("sim-config"));
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
        let mut child = cmd.spawn().expect("start wfio sim");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        // Keep reading (and discarding) so the simulator never writes to a closed pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("wfio simulator listening on ") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let base = match rx.recv_timeout(Duration::from_secs(180)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("wfio sim did not start");
            }
        };
        let http = reqwest::Client::builder().no_proxy().build().expect("http client");
        Self { child, base, http }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn workfront_api(&self) -> String {
        format!("{}/attask/api/v21.0", self.base)
    }

    /// Frame.io V4's root (`…/v4`).
    pub fn frameio_api(&self) -> String {
        format!("{}/v4", self.base)
    }

    /// An access token of the demo's server-to-server credential from the simulated IMS, the way
    /// a V4 client gets one (`grant_type=client_credentials`).
    pub async fn s2s_token(&self) -> String {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", DEMO_S2S_CLIENT_ID),
            ("client_secret", DEMO_S2S_SECRET),
            ("scope", wfio::ims::S2S_SCOPES),
        ];
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        let r = self
            .http
            .post(format!("{}/ims/token/v3", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("IMS token");
        assert!(r.status().is_success(), "IMS token: {}", r.status());
        let v: Value = r.json().await.expect("IMS JSON");
        v["access_token"].as_str().expect("access_token").to_owned()
    }

    /// Back to the seed: a fresh world, empty rate-limit buckets, start settings.
    pub async fn reset(&self) {
        let r = self.http.post(format!("{}/_sim/reset", self.base)).send().await.expect("reset");
        assert!(r.status().is_success(), "reset: {}", r.status());
    }

    pub async fn clear_requests(&self) {
        self.http.delete(format!("{}/_sim/requests", self.base)).send().await.expect("clear requests");
    }

    /// The request log since the last clear: (arrival, method, path, status), oldest first.
    pub async fn requests(&self) -> Vec<Logged> {
        let v: Value = self
            .http
            .get(format!("{}/_sim/requests", self.base))
            .send()
            .await
            .expect("requests")
            .json()
            .await
            .expect("requests JSON");
        v["requests"]
            .as_array()
            .expect("request records")
            .iter()
            .map(|r| Logged {
                at: r["ts"].as_str().and_then(|t| t.parse().ok()).expect("record time"),
                method: r["method"].as_str().unwrap_or_default().to_owned(),
                path: r["path"].as_str().unwrap_or_default().to_owned(),
                status: r["status"].as_u64().unwrap_or(0) as u16,
            })
            .collect()
    }

    /// Frame.io's emails since the start (or the last reset).
    pub async fn outbox(&self) -> Vec<Value> {
        let v: Value = self
            .http
            .get(format!("{}/_sim/outbox", self.base))
            .send()
            .await
            .expect("outbox")
            .json()
            .await
            .expect("JSON");
        v.as_array().cloned().unwrap_or_default()
    }

    /// `{"mode":"off"}`, `{"mode":"published"}`, ...
    pub async fn set_rate_limits(&self, limits: &Value) {
        let r = self.http.put(format!("{}/_sim/rate-limits", self.base)).json(limits).send().await.expect("limits");
        assert!(r.status().is_success(), "rate limits: {}", r.status());
    }

    pub async fn counters(&self) -> Counters {
        let v: Value = self
            .http
            .get(format!("{}/_sim/requests?limit=0", self.base))
            .send()
            .await
            .expect("requests")
            .json()
            .await
            .expect("requests JSON");
        let api = |k: &str| v["by_api"][k].as_u64().unwrap_or(0);
        Counters {
            total: v["total"].as_u64().unwrap_or(0),
            rate_limited: v["rate_limited"].as_u64().unwrap_or(0),
            workfront: api("workfront"),
            frameio: api("frameio"),
            s3: api("s3"),
        }
    }

    /// The whole world (`/_sim/state`, blobs by size only).
    pub async fn state(&self) -> Value {
        self.http.get(format!("{}/_sim/state", self.base)).send().await.expect("state").json().await.expect("JSON")
    }

    pub async fn set_faults(&self, faults: &Value) {
        let r = self.http.put(format!("{}/_sim/faults", self.base)).json(faults).send().await.expect("faults");
        assert!(r.status().is_success(), "faults: {}", r.status());
    }

    /// A config dir whose default profile `bench` points at this simulator.
    pub fn write_profile(&self, config_dir: &Path) {
        std::fs::create_dir_all(config_dir).expect("config dir");
        let toml = format!(
            "default_profile = \"bench\"\n\n[profiles.bench]\nworkfront_url = \"{0}\"\nframeio_url = \"{0}\"\nims_url = \"{0}\"\n",
            self.base
        );
        std::fs::write(config_dir.join("config.toml"), toml).expect("config.toml");
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One record of the simulator's request log.
#[derive(Debug, Clone)]
pub struct Logged {
    pub at: jiff::Timestamp,
    pub method: String,
    pub path: String,
    pub status: u16,
}

/// The environment a `wfio` child needs for the profile written by `write_profile`: the demo's
/// Workfront API key and its Frame.io server-to-server credential (signed in on the profile's
/// IMS, the simulator's).
pub fn credentials_env() -> [(&'static str, &'static str); 3] {
    [
        ("WFIO_WORKFRONT_API_KEY", API_KEY),
        ("WFIO_FRAMEIO_CLIENT_ID", DEMO_S2S_CLIENT_ID),
        ("WFIO_FRAMEIO_CLIENT_SECRET", DEMO_S2S_SECRET),
    ]
}

/// A `wfio` command for the profile written by `write_profile`, with the demo's credentials in
/// the environment and its own config and data dirs.
pub fn wfio_command(bin: &str, home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin);
    cmd.args(args);
    for var in [
        "WFIO_PROFILE",
        "WFIO_WORKFRONT_SESSION_ID",
        "WFIO_IMS_ACCESS_TOKEN",
        "WFIO_FRAMEIO_TOKEN",
        "XDG_CONFIG_HOME",
        "WFIO_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("WFIO_CONFIG_DIR", home.join("config")).env("WFIO_DATA_DIR", home.join("data")).env("NO_COLOR", "1");
    for (k, v) in credentials_env() {
        cmd.env(k, v);
    }
    cmd
}
