//! A standalone simulator process (`wfio sim`), as an admin would start one to try wfio: its own
//! process, so it outlives a wfio that is killed, with its world in a state file the tests read
//! back. Included with `#[path = "common/simproc.rs"] mod simproc;` (needs `common/cli.rs`).
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;
use wfio::sim::World;
use wfio::sim::settings::Settings;

pub struct SimProc {
    child: Child,
    pub base: String,
    pub state: PathBuf,
    pub http: reqwest::Client,
}

impl Drop for SimProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SimProc {
    /// `wfio sim --port 0 --state DIR/sim.json` plus `args` (a seed, fault flags), rate limits off.
    pub fn start(dir: &Path, args: &[&str]) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let state = dir.join("sim.json");
        let mut child = Command::new(env!("CARGO_BIN_EXE_wfio"))
            .args(["sim", "--port", "0", "--rate-limits", "off", "--state"])
            .arg(&state)
            .args(args)
            // The simulator's own logs and files stay in its own dir.
            .env("WFIO_DATA_DIR", dir.join("data"))
            .env("WFIO_CONFIG_DIR", dir.join("config"))
            .env_remove("WFIO_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        let base = first.trim().rsplit(' ').next().unwrap().to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{first}");
        // Keep reading so the simulator never writes into a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        Self { child, base, state, http: reqwest::Client::builder().no_proxy().build().unwrap() }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The world as it is now: written to the state file, then read back with its blobs.
    pub async fn world(&self) -> World {
        let r = self.http.post(format!("{}/_sim/save", self.base)).send().await.unwrap();
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
        wfio::sim::persist::load(&self.state, Settings::default()).unwrap()
    }

    /// Requests the emulated APIs have answered so far.
    pub async fn requests_total(&self) -> u64 {
        let v: Value =
            self.http.get(format!("{}/_sim/requests?limit=0", self.base)).send().await.unwrap().json().await.unwrap();
        v["total"].as_u64().unwrap()
    }

    pub async fn set_faults(&self, faults: Value) {
        let r = self.http.put(format!("{}/_sim/faults", self.base)).json(&faults).send().await.unwrap();
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    }
}

/// The demo seed as JSON, to adjust for a test (credentials, a team removed) and write to a file.
pub fn demo_seed() -> Value {
    serde_json::from_str(wfio::sim::seed::DEMO_SEED).unwrap()
}

/// `/proc/<pid>/cmdline` of a running process, its arguments joined by spaces.
pub fn cmdline(pid: u32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|b| String::from_utf8_lossy(&b).replace('\0', " "))
        .unwrap_or_default()
}
