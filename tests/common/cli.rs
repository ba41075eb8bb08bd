//! Running the real `wfio` binary as a script would: isolated config and data dirs, no
//! terminal, rate limits off in the demo. Included with `#[path = "common/cli.rs"] mod cli;`.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use wfio::sim::World;
use wfio::sim::settings::Settings;

pub const API_KEY: &str = "d0d0cafe00000000000000000000d3e0";
pub const TOKEN_2_ACCOUNTS: &str = "fio-u-demo-2accounts-Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";
pub const TOKEN_1_ACCOUNT: &str = "fio-u-demo-1account-Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5Ja";
pub const TOKEN_NO_ADMIN: &str = "fio-u-demo-noadmin-Cm4Rw9Pt2Xn7Lb5Vq1Hz8Ks3Df6Gj0Ya";
/// The demo's server-to-server credential (its technical account administers Northwind Studios).
pub const S2S_CLIENT: &str = wfio::session::DEMO_S2S_CLIENT_ID;
pub const S2S_SECRET: &str = wfio::session::DEMO_S2S_SECRET;
/// Every demo secret: none may ever be printed.
pub const SECRETS: [&str; 5] = [TOKEN_2_ACCOUNTS, TOKEN_1_ACCOUNT, TOKEN_NO_ADMIN, API_KEY, S2S_SECRET];

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Self {
        Self {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Every stdout line as JSON.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
    }
}

/// A home for one test: its own config and data dirs.
pub struct Wfio {
    pub dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Wfio {
    pub fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap(), env: Vec::new() }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Set an environment variable for every later run.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.push((key.into(), value.into()));
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_wfio"));
        c.args(args);
        for var in [
            "WFIO_PROFILE",
            "WFIO_WORKFRONT_API_KEY",
            "WFIO_FRAMEIO_TOKEN",
            "WFIO_WORKFRONT_SESSION_ID",
            "WFIO_IMS_ACCESS_TOKEN",
            "NO_COLOR",
            "XDG_CONFIG_HOME",
        ] {
            c.env_remove(var);
        }
        c.env("WFIO_CONFIG_DIR", self.config_dir())
            .env("WFIO_DATA_DIR", self.data_dir())
            .env("WFIO_SIM_RATE_LIMITS", "off")
            .env("LANG", "C.UTF-8");
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    /// Run with stdin closed (no terminal anywhere).
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[], None)
    }

    /// Start with extra environment variables and `stdin` written (then closed); stdout and
    /// stderr piped.
    pub fn spawn_with(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> std::process::Child {
        let mut c = self.command(args);
        for (k, v) in env {
            c.env(k, v);
        }
        c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        {
            let mut pipe = child.stdin.take().unwrap();
            if let Some(text) = stdin {
                pipe.write_all(text.as_bytes()).unwrap();
            }
        }
        child
    }

    /// Run with `stdin` piped in and extra environment variables.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
        let child = self.spawn_with(args, env, stdin);
        let run = Run::from(child.wait_with_output().unwrap());
        no_secret_in(args, &run);
        run
    }

    /// `wfio auth login frameio --stdin ARGS` with the demo's server-to-server client
    /// (`wfio-demo-s2s`), its secret on stdin.
    /// `profile add NAME --default` pointed at a standalone simulator at `base` for all three
    /// services (Workfront, Frame.io, Adobe IMS), the demo's API key piped in and its public IMS
    /// client as the Developer Console credential.
    pub fn add_sim_profile(&self, name: &str, base: &str) -> Run {
        let args = [
            "profile",
            "add",
            name,
            "--workfront-url",
            base,
            "--frameio-url",
            base,
            "--ims-url",
            base,
            "--ims-client-id",
            "wfio-demo-public",
            "--api-key-stdin",
            "--default",
        ];
        self.ok_stdin(&args, &format!("{API_KEY}\n"))
    }

    pub fn login_s2s(&self, args: &[&str], secret: &str) -> Run {
        let all = [&["auth", "login", "frameio", "--with", "s2s", "--client-id", S2S_CLIENT, "--stdin"], args].concat();
        self.run_with(&all, &[], Some(&format!("{secret}\n")))
    }

    /// `wfio auth login frameio --stdin ARGS` ("Sign in with Adobe") finished as a browser would:
    /// the address wfio prints is posted to the simulator's IMS as `user` signing in, and the
    /// address the browser lands on (the `Location` answered), passed through `paste`, is piped
    /// back. Returns the run and the redirect as IMS gave it.
    pub fn login_adobe(&self, args: &[&str], user: &str, paste: impl FnOnce(&str) -> String) -> (Run, String) {
        use std::io::{BufRead, BufReader, Read};
        let all = [&["auth", "login", "frameio", "--stdin"], args].concat();
        let mut child =
            self.command(&all).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut err = child.stderr.take().unwrap();
        let err = std::thread::spawn(move || {
            let mut s = String::new();
            err.read_to_string(&mut s).unwrap();
            s
        });
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut address = String::new();
        out.read_line(&mut address).unwrap();
        let redirect = ims_authorize(address.trim(), user);
        {
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(format!("{}\n", paste(&redirect)).as_bytes()).unwrap();
        }
        let mut rest = String::new();
        out.read_to_string(&mut rest).unwrap();
        let status = child.wait().unwrap();
        let run =
            Run { code: status.code().unwrap_or(-1), stdout: format!("{address}{rest}"), stderr: err.join().unwrap() };
        no_secret_in(&all, &run);
        (run, redirect)
    }

    /// Run and expect success; returns what it printed.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "wfio {args:?} failed:\n{}\n{}", run.stdout, run.stderr);
        run
    }

    /// As `ok`, with stdin.
    pub fn ok_stdin(&self, args: &[&str], stdin: &str) -> Run {
        let run = self.run_with(args, &[], Some(stdin));
        assert_eq!(run.code, 0, "wfio {args:?} failed:\n{}\n{}", run.stdout, run.stderr);
        run
    }

    /// Run and expect exit `code`; returns what it printed.
    pub fn fails(&self, args: &[&str], code: i32) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, code, "wfio {args:?}: expected exit {code}:\n{}\n{}", run.stdout, run.stderr);
        run
    }

    /// The demo's persisted world, as the last command left it.
    pub fn demo_world(&self) -> World {
        let path = self.data_dir().join("demo").join("sim.json");
        wfio::sim::persist::load(&path, Settings::default()).unwrap()
    }

    /// The demo's state file as JSON (for before/after comparisons).
    pub fn demo_state(&self) -> Value {
        let path = self.data_dir().join("demo").join("sim.json");
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    pub fn write_file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

fn no_secret_in(args: &[&str], run: &Run) {
    for secret in SECRETS {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a secret was printed by wfio {args:?}:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
}

/// What a browser does with an Adobe sign-in address on the simulator's IMS: `user` signs in
/// (the authorize form posted with the address's parameters), and IMS redirects. Returns that
/// redirect (`https://localhost/wfio/callback?code=…&state=…`).
pub fn ims_authorize(address: &str, user: &str) -> String {
    let url = url::Url::parse(address).unwrap_or_else(|e| panic!("not a sign-in address ({e}): {address:?}"));
    assert!(url.path().ends_with("/ims/authorize/v2"), "{address}");
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.extend_pairs(url.query_pairs());
    form.append_pair("user", user);
    let (mut post, body) = (url.clone(), form.finish());
    post.set_query(None);
    // On a thread of its own: callers may be inside a runtime already.
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let http =
                reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none()).build().unwrap();
            let r = http
                .post(post)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = r.status();
            let location = r.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned);
            location.unwrap_or_else(|| panic!("IMS answered {status} without a redirect"))
        })
    })
    .join()
    .unwrap()
}

/// `redirect` with its `state` changed: the answer to some other sign-in.
pub fn with_wrong_state(redirect: &str) -> String {
    let mut url = url::Url::parse(redirect).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" { format!("{v}-not-mine") } else { v.into_owned() };
            (k.into_owned(), v)
        })
        .collect();
    assert!(pairs.iter().any(|(k, _)| k == "state"), "{redirect}");
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}
