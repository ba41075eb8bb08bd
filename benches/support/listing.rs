//! Benchmark 3, listing at scale: `wfio sim --scale N` (N groups, about 5 N tasks); the first page
//! and the complete list through `WorkfrontClient` (first page and count together, the rest of
//! the pages concurrently) against a single-page-at-a-time serial fetch; the wizard's time to its
//! dashboard and group list on that organisation (in a pty); and filter-as-you-type on N groups.

use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secrecy::SecretString;
use url::Url;
use wfio::app::state::SessionInfo;
use wfio::app::{Action, Command, Request, State, WorkerEvent, init, update};
use wfio::workfront::client::MAX_PAGE;
use wfio::workfront::model::{Group, Task};
use wfio::workfront::{WorkfrontAuth, WorkfrontClient};

use super::machine::Conditions;
use super::pty::Pty;
use super::report::{Section, Table, median, micros, ms, ratio, secs};
use super::sim::{API_KEY, SimProcess, credentials_env};

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub groups: usize,
    pub latency_ms: u64,
    pub reps: usize,
    /// Also time the wizard in a pty on this organisation.
    pub wizard: bool,
}

impl Config {
    pub const FULL: Self = Self { groups: 10_000, latency_ms: 20, reps: 5, wizard: true };
    pub const TINY: Self = Self { groups: 60, latency_ms: 0, reps: 1, wizard: true };
}

#[derive(Debug, Clone)]
pub struct Fetch {
    pub what: String,
    pub rows: usize,
    pub first_page: Duration,
    pub concurrent: Duration,
    pub serial: Duration,
    pub serial_requests: usize,
}

/// (filter text, time of one `visible()`, rows it returned)
pub type Visible = (String, Duration, usize);

#[derive(Debug, Clone)]
pub struct Results {
    pub config: Config,
    pub fetches: Vec<Fetch>,
    pub visible: Vec<Visible>,
    /// Per keystroke: `update` + `ui::draw` into a TestBackend (80x24), median and 95th percentile.
    pub keystroke: (Duration, Duration),
    pub keystroke_120x40: (Duration, Duration),
    /// Wizard in a pty: exec → dashboard, then `1` → group list.
    pub wizard: Option<(Duration, Duration)>,
    pub conditions: Conditions,
}

impl Results {
    pub fn section(&self) -> Section {
        let mut fetch = Table::new(&[
            "list",
            "rows",
            "first page (2,000)",
            "complete, concurrent pages",
            "complete, serial pages",
            "serial / concurrent",
        ]);
        for f in &self.fetches {
            fetch.row(vec![
                f.what.clone(),
                f.rows.to_string(),
                ms(f.first_page),
                ms(f.concurrent),
                format!("{} ({} requests)", ms(f.serial), f.serial_requests),
                ratio(f.serial.as_secs_f64() / f.concurrent.as_secs_f64()),
            ]);
        }
        let mut keys = Table::new(&["filter-as-you-type on the group list", "per keystroke"]);
        for (text, d, n) in &self.visible {
            keys.row(vec![
                format!("`GroupsState::visible()` alone, filter {text:?} ({n} match, median of 41)"),
                micros(*d),
            ]);
        }
        keys.row(vec![
            "key → `update` + `ui::draw` into a TestBackend 80x24 (median / 95th percentile)".into(),
            format!("{} / {}", micros(self.keystroke.0), micros(self.keystroke.1)),
        ]);
        keys.row(vec![
            "same at 120x40 (median / 95th percentile)".into(),
            format!("{} / {}", micros(self.keystroke_120x40.0), micros(self.keystroke_120x40.1)),
        ]);
        let mut tables = vec![fetch, keys];
        if let Some((dash, list)) = self.wizard {
            let mut w = Table::new(&["wizard in a pty (release binary, remote profile)", "time"]);
            w.row(vec!["exec → dashboard drawn with its projects (reads every group first)".into(), secs(dash)]);
            w.row(vec!["`1` on the dashboard → group list drawn (all groups loaded)".into(), secs(list)]);
            tables.push(w);
        }
        Section {
            title: "3. Listing at scale".into(),
            method: format!(
                "`wfio sim --scale {n} --latency-ms {lat}` in its own process. In the bench process (release build): \
                 the first page is one `search_page` of {MAX_PAGE}; *concurrent* is `WorkfrontClient::groups()` / \
                 `search_all` (first page and count together, then the remaining pages 4 at a time); *serial* asks for \
                 one page after another until a short page. Median of {reps} runs each. Filter cost: {n} `GroupRow`s \
                 from that fetch in the wizard's state; each keystroke is `app::update` with the key, then \
                 `ui::draw` into a ratatui `TestBackend` (what the event loop does per key, minus the terminal \
                 write), over typing and erasing a 17-character filter three times (102 keys). The wizard's own times \
                 are measured in a pty against the same simulator. The simulator renders a page under its world lock, \
                 so concurrent pages overlap only the latency, not the rendering.",
                n = self.config.groups,
                lat = self.config.latency_ms,
                reps = self.config.reps
            ),
            sizes: format!(
                "{} groups, {} tasks (`--scale {}`); pages of {MAX_PAGE}; {} ms latency per request",
                self.fetches.first().map_or(0, |f| f.rows),
                self.fetches.get(1).map_or(0, |f| f.rows),
                self.config.groups,
                self.config.latency_ms
            ),
            conditions: self.conditions.clone(),
            tables,
            notes: Vec::new(),
        }
    }
}

fn client(sim: &SimProcess) -> WorkfrontClient {
    let base = Url::parse(&sim.base).expect("base URL");
    WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::ApiKey(SecretString::from(API_KEY))).expect("client")
}

async fn serial_all<T: serde::de::DeserializeOwned>(wf: &WorkfrontClient, obj: &str, fields: &str) -> (Vec<T>, usize) {
    let mut all = Vec::new();
    let mut requests = 0;
    loop {
        let page: Vec<T> = wf.search_page(obj, &[], fields, all.len(), MAX_PAGE).await.expect("page");
        requests += 1;
        let n = page.len();
        all.extend(page);
        if n < MAX_PAGE {
            return (all, requests);
        }
    }
}

async fn time<F: std::future::Future<Output = usize>>(reps: usize, f: impl Fn() -> F) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        n = f().await;
        times.push(t.elapsed());
    }
    (median(times), n)
}

pub async fn run(bin: &str, config: Config, dir: &Path) -> Results {
    let scale = config.groups.to_string();
    let latency = config.latency_ms.to_string();
    let sim = SimProcess::start(bin, &["--scale", &scale, "--latency-ms", &latency], dir);
    let wf = client(&sim);
    let conditions = Conditions::now();
    let reps = config.reps;

    let mut fetches = Vec::new();
    let (first, _) = time(reps, || async {
        wf.search_page::<Group>("group", &[], Group::FIELDS, 0, MAX_PAGE).await.expect("first page").len()
    })
    .await;
    let (concurrent, rows) = time(reps, || async { wf.groups().await.expect("groups").len() }).await;
    let mut serial_requests = 0;
    let mut times = Vec::new();
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        let (all, n) = serial_all::<Group>(&wf, "group", Group::FIELDS).await;
        times.push(t.elapsed());
        assert_eq!(all.len(), rows, "serial and concurrent fetches agree");
        serial_requests = n;
    }
    fetches.push(Fetch {
        what: "groups".into(),
        rows,
        first_page: first,
        concurrent,
        serial: median(times),
        serial_requests,
    });

    let (first, _) = time(reps, || async {
        wf.search_page::<Task>("task", &[], Task::FIELDS, 0, MAX_PAGE).await.expect("first page").len()
    })
    .await;
    let (concurrent, rows) =
        time(reps, || async { wf.search_all::<Task>("task", &[], Task::FIELDS).await.expect("tasks").len() }).await;
    let mut times = Vec::new();
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        let (all, n) = serial_all::<Task>(&wf, "task", Task::FIELDS).await;
        times.push(t.elapsed());
        assert_eq!(all.len(), rows, "serial and concurrent fetches agree");
        serial_requests = n;
    }
    fetches.push(Fetch {
        what: "tasks".into(),
        rows,
        first_page: first,
        concurrent,
        serial: median(times),
        serial_requests,
    });

    // Filter-as-you-type on every group.
    let groups = wfio::integration::group_rows(&wf.groups().await.expect("groups"));
    let (visible, keystroke) = filter_cost(&groups, 80, 24);
    let (_, keystroke_120x40) = filter_cost(&groups, 120, 40);

    let wizard = if config.wizard { Some(wizard_times(bin, &sim, dir)) } else { None };
    Results { config, fetches, visible, keystroke, keystroke_120x40, wizard, conditions }
}

fn key(c: KeyCode) -> Action {
    Action::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

/// The wizard's state on the group list with `groups` loaded.
pub fn groups_state(groups: &[wfio::app::state::GroupRow], width: u16, height: u16) -> State {
    let session =
        SessionInfo { profile: "bench".into(), instance: "127.0.0.1".into(), demo: false, last_sign_in: None };
    let mut state = State::new(session, width, height);
    let mut pending = init(&mut state);
    let find = |cmds: &[Command], want: fn(&Request) -> bool| {
        cmds.iter().find_map(|c| match c {
            Command::Request(id, r) if want(r) => Some(*id),
            _ => None,
        })
    };
    let home = find(&pending, |r| matches!(r, Request::LoadHome)).expect("home requested");
    update(&mut state, Action::Worker(WorkerEvent::Home { request: home, result: Ok(Default::default()) }));
    pending = update(&mut state, key(KeyCode::Char('1')));
    let request = find(&pending, |r| matches!(r, Request::LoadGroups)).expect("groups requested");
    update(&mut state, Action::Worker(WorkerEvent::Groups { request, result: Ok(groups.to_vec()) }));
    state
}

/// Cost of `visible()` per filter prefix, and of a whole keystroke (update + draw).
fn filter_cost(groups: &[wfio::app::state::GroupRow], width: u16, height: u16) -> (Vec<Visible>, (Duration, Duration)) {
    let theme = wfio::ui::theme::Theme { color: true, unicode: true };
    let mut state = groups_state(groups, width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| wfio::ui::draw(f, &state, &theme)).expect("draw");
    update(&mut state, key(KeyCode::Char('/')));
    let text = "marketing emea 00";
    let mut visible = Vec::new();
    let mut per_key = Vec::new();
    for round in 0..3 {
        for c in text.chars() {
            let t = Instant::now();
            update(&mut state, key(KeyCode::Char(c)));
            terminal.draw(|f| wfio::ui::draw(f, &state, &theme)).expect("draw");
            per_key.push(t.elapsed());
            if round == 0 && matches!(state.groups.filter.text.len(), 1 | 4 | 9 | 14 | 17) {
                let mut n = 0;
                let times = (0..41)
                    .map(|_| {
                        let t = Instant::now();
                        n = std::hint::black_box(state.groups.visible()).len();
                        t.elapsed()
                    })
                    .collect();
                visible.push((state.groups.filter.text.clone(), median(times), n));
            }
        }
        for _ in text.chars() {
            let t = Instant::now();
            update(&mut state, key(KeyCode::Backspace));
            terminal.draw(|f| wfio::ui::draw(f, &state, &theme)).expect("draw");
            per_key.push(t.elapsed());
        }
    }
    per_key.sort();
    let p95 = per_key.get(per_key.len() * 95 / 100).copied().unwrap_or_default();
    (visible, (median(per_key), p95))
}

/// Exec → dashboard, and `1` → group list, for the wizard on this simulator.
fn wizard_times(bin: &str, sim: &SimProcess, dir: &Path) -> (Duration, Duration) {
    let home = dir.join("listing-wizard");
    let _ = std::fs::remove_dir_all(&home);
    sim.write_profile(&home.join("config"));
    let env = credentials_env();
    let started = Instant::now();
    let mut pty = Pty::spawn_program(bin, &[], &home, &env, 80, 24);
    let dashboard = wait_screen(&pty, "Holiday Spot 2026", Duration::from_secs(120)).then(|| started.elapsed());
    let dashboard = dashboard.expect("dashboard drawn");
    let t = Instant::now();
    pty.send(b"1");
    assert!(wait_screen(&pty, "Workfront groups (", Duration::from_secs(120)), "group list drawn:\n{}", pty.screen());
    let list = t.elapsed();
    drop(pty);
    (dashboard, list)
}

/// Poll the screen every 2 ms until it contains `text`.
pub fn wait_screen(pty: &Pty, text: &str, timeout: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if pty.screen().contains(text) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}
