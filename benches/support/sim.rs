//! A standalone `wfio sim` in its own process (so its memory never counts as the client's), and
//! the `/_sim/` controls the benchmarks use.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

pub const API_KEY: &str = "d0d0cafe00000000000000000000d3e0";
/// The demo token whose user administers Northwind Studios (Marketing's connection).
pub const TOKEN: &str = "fio-u-demo-2accounts-Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";

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

    pub fn frameio_api(&self) -> String {
        format!("{}/v2", self.base)
    }

    /// Back to the seed: a fresh world, empty rate-limit buckets, start settings.
    pub async fn reset(&self) {
        let r = self.http.post(format!("{}/_sim/reset", self.base)).send().await.expect("reset");
        assert!(r.status().is_success(), "reset: {}", r.status());
    }

    pub async fn clear_requests(&self) {
        self.http.delete(format!("{}/_sim/requests", self.base)).send().await.expect("clear requests");
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
            "default_profile = \"bench\"\n\n[profiles.bench]\nworkfront_url = \"{0}\"\nframeio_url = \"{0}\"\n",
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

/// A `wfio` command for the profile written by `write_profile`, with the demo's credentials in
/// the environment and its own config and data dirs.
pub fn wfio_command(bin: &str, home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin);
    cmd.args(args);
    for var in ["WFIO_PROFILE", "WFIO_WORKFRONT_SESSION_ID", "WFIO_IMS_ACCESS_TOKEN", "XDG_CONFIG_HOME", "WFIO_LOG"] {
        cmd.env_remove(var);
    }
    cmd.env("WFIO_CONFIG_DIR", home.join("config"))
        .env("WFIO_DATA_DIR", home.join("data"))
        .env("WFIO_WORKFRONT_API_KEY", API_KEY)
        .env("WFIO_FRAMEIO_TOKEN", TOKEN)
        .env("NO_COLOR", "1");
    cmd
}
