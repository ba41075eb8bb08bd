//! Shared by the UI tests: realistic data after the demo seed, a driver that walks the reducer
//! with keys and worker answers (public API only), and rendering helpers.
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use serde_json::{Value, json};
use wfio::app::state::{
    Connection, DocRow, ErrorInfo, GroupRow, HomeData, People, Preview, ProjectRow, ProjectsData, SessionInfo, TaskRow,
    TasksData, TokenInfo,
};
use wfio::app::{Action, Command, Request, RequestId, State, WorkerEvent, init, update};
use wfio::frameio::model::{Account, AccountChoice, Workspace as Team};
use wfio::integration::IconState;
use wfio::sync::plan::{Destination, Input};
use wfio::sync::{self, Item, ItemState, Outcome, Plan, SyncEvent};
use wfio::ui::{self, theme::Theme};
use wfio::workfront::model as wf;

// ---------------------------------------------------------------------------------------------
// Themes and rendering

pub const VARIANTS: [(&str, Theme); 3] = [
    ("unicode", Theme { color: true, unicode: true }),
    ("ascii", Theme { color: true, unicode: false }),
    ("nocolor", Theme { color: false, unicode: true }),
];

/// Every combination, for the checks that must hold whatever the terminal.
pub const ALL_THEMES: [Theme; 4] = [
    Theme { color: true, unicode: true },
    Theme { color: true, unicode: false },
    Theme { color: false, unicode: true },
    Theme { color: false, unicode: false },
];

pub fn render(state: &State, theme: &Theme) -> Terminal<TestBackend> {
    render_at(state, theme, state.width, state.height)
}

pub fn render_at(state: &State, theme: &Theme, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::draw(f, state, theme)).unwrap();
    terminal
}

/// The screen as text, one line per row.
pub fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buffer[(x, y)];
            out.push_str(cell.symbol());
            // A wide character covers the next cell.
            skip = unicode_width(cell.symbol()).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

fn unicode_width(s: &str) -> usize {
    use ratatui::text::Span;
    Span::raw(s).width()
}

pub fn screen(state: &State, theme: &Theme) -> String {
    text(render(state, theme).backend().buffer())
}

pub fn unicode_screen(state: &State) -> String {
    screen(state, &VARIANTS[0].1)
}

/// Snapshot `state` in the three variants, named `{name}_{variant}` next to the calling test
/// file's other snapshots (a macro, so insta files them under the test file's name).
#[allow(unused_macros)]
macro_rules! snapshot_all {
    ($name:expr, $state:expr) => {
        for (variant, theme) in $crate::wizard::VARIANTS {
            let terminal = $crate::wizard::render($state, &theme);
            insta::assert_snapshot!(format!("{}_{variant}", $name), terminal.backend());
        }
    };
}

/// Cells whose symbol is `symbol`, below the header and breadcrumb.
pub fn cells_with(buffer: &Buffer, symbol: &str) -> Vec<ratatui::buffer::Cell> {
    let area = buffer.area;
    (2..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| buffer[(x, y)].symbol() == symbol)
        .map(|(x, y)| buffer[(x, y)].clone())
        .collect()
}

/// The cells of the first occurrence of `needle` on screen (its first row of text).
pub fn cells_of(buffer: &Buffer, needle: &str) -> Vec<ratatui::buffer::Cell> {
    let area = buffer.area;
    for y in 0..area.height {
        let row: Vec<(u16, String)> = (0..area.width).map(|x| (x, buffer[(x, y)].symbol().to_owned())).collect();
        let line: String = row.iter().map(|(_, s)| s.as_str()).collect();
        if let Some(byte) = line.find(needle) {
            // Map the byte offset back to a column (symbols may be multi-byte).
            let mut acc = 0;
            let start = row.iter().position(|(_, s)| {
                let here = acc;
                acc += s.len();
                here >= byte
            });
            let start = start.expect("column of the match");
            let n = needle.chars().count();
            return (start..start + n).map(|i| buffer[(row[i].0, y)].clone()).collect();
        }
    }
    panic!("{needle:?} is not on screen:\n{}", text(buffer));
}

pub fn no_colour_anywhere(buffer: &Buffer) -> bool {
    use ratatui::style::Color;
    buffer.content().iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
}

// ---------------------------------------------------------------------------------------------
// Keys

pub fn key_event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

pub fn release(code: KeyCode) -> KeyEvent {
    KeyEvent { code, modifiers: KeyModifiers::NONE, kind: KeyEventKind::Release, state: KeyEventState::NONE }
}

// ---------------------------------------------------------------------------------------------
// Data, after the demo seed (assets/demo/seed.json)

pub const TWO_ACCOUNTS: &str = "fio-u-demo-2accounts-Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";
pub const ONE_ACCOUNT: &str = "fio-u-demo-1account-Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5Ja";
pub const NO_ADMIN: &str = "fio-u-demo-noadmin-Cm4Rw9Pt2Xn7Lb5Vq1Hz8Ks3Df6Gj0Ya";

pub fn session() -> SessionInfo {
    SessionInfo { profile: "demo".into(), instance: "127.0.0.1:40123".into(), demo: true, last_sign_in: None }
}

pub fn connection(team: &str, account: &str) -> Connection {
    let slug = |s: &str| s.to_lowercase().replace(' ', "-");
    Connection {
        account_id: format!("fa-{}", slug(account)),
        account_name: account.into(),
        workspace_id: format!("ft-{}", slug(team)),
        workspace_name: team.into(),
        legacy: false,
    }
}

pub fn group(name: &str, description: &str, connected: Option<(&str, &str)>) -> GroupRow {
    GroupRow {
        id: format!("grp-{}", name.to_lowercase().replace([' ', '&'], "-")),
        name: name.into(),
        description: description.into(),
        connection: connected.map(|(t, a)| connection(t, a)),
    }
}

/// The seed's groups, alphabetical as the worker sends them; Marketing is connected.
pub fn groups() -> Vec<GroupRow> {
    vec![
        group("Creative Services", "In-house design and production", None),
        group("Default", "The default project group", None),
        group("Events", "Trade shows and live events", None),
        group("Legal & Compliance", "Claims review and approvals", None),
        group("Marketing", "Brand and campaign work", Some(("Brand Studio", "Northwind Studios"))),
        group("Product Launch", "Launch programmes", None),
        group("Social Media", "Always-on social content", None),
        group("Video Production", "Shoots, edits and finishing", None),
    ]
}

pub fn group_named(name: &str) -> GroupRow {
    groups().into_iter().find(|g| g.name == name).expect("a seed group")
}

/// Creative Services once connected to Video Post.
pub fn creative_connected() -> GroupRow {
    GroupRow { connection: Some(connection("Video Post", "Northwind Studios")), ..group_named("Creative Services") }
}

pub fn project(name: &str, status: (&str, &str), group: &GroupRow, icon: IconState, reason: &str) -> ProjectRow {
    ProjectRow {
        id: format!("proj-{}", name.to_lowercase().replace(' ', "-")),
        name: name.into(),
        status: status.0.into(),
        status_label: status.1.into(),
        group_id: Some(group.id.clone()),
        group_name: group.name.clone(),
        group_connected: group.connection.is_some(),
        icon,
        reason: reason.into(),
        generated: matches!(icon, IconState::Connected | IconState::Failed | IconState::Syncing),
    }
}

pub fn home_groups() -> Vec<GroupRow> {
    let mut g = groups();
    g[0] = creative_connected();
    g
}

/// The dashboard with a project in every icon state.
pub fn home_data() -> HomeData {
    let marketing = group_named("Marketing");
    let creative = creative_connected();
    HomeData {
        groups: home_groups(),
        projects: vec![
            project("Holiday Spot 2026", ("CUR", "Current"), &marketing, IconState::Connected, "generated in Frame.io"),
            project(
                "Spring Campaign 2027",
                ("PLN", "Planning"),
                &marketing,
                IconState::Pending,
                "2 Active tasks; switch to Current to generate",
            ),
            project(
                "Product Teaser",
                ("PRD", "In Production"),
                &creative,
                IconState::Syncing,
                "generating in Frame.io (activate again to resume)",
            ),
            project(
                "Launch Film",
                ("AIR", "On Air"),
                &creative,
                IconState::Failed,
                "Frame.io answered 503 while uploading launch-brief.pdf",
            ),
            project("Summer Lookbook", ("PLN", "Planning"), &marketing, IconState::None, "no task is Active yet"),
        ],
    }
}

pub fn account(id: &str, name: &str, role: &str) -> AccountChoice {
    AccountChoice { account: Account { id: id.into(), name: name.into(), roles: vec![role.into()] }, role: role.into() }
}

/// Avery's token: administers two accounts, a member of a third.
pub fn two_accounts() -> TokenInfo {
    TokenInfo {
        method: "developer token".into(),
        user: "Avery Admin".into(),
        email: Some("avery.admin@northwind.example".into()),
        accounts: vec![
            account("fa-agency", "Northwind Agency", "owner"),
            account("fa-studios", "Northwind Studios", "admin"),
            account("fa-partners", "Partner Network", "member"),
        ],
    }
}

/// Blake's token: one account, administered.
pub fn one_account() -> TokenInfo {
    TokenInfo {
        method: "developer token".into(),
        user: "Blake Rivera".into(),
        email: Some("blake.rivera@northwind.example".into()),
        accounts: vec![account("fa-blake", "Blake Rivera Edits", "owner")],
    }
}

/// Casey's token: a member only.
pub fn no_admin() -> TokenInfo {
    TokenInfo {
        method: "developer token".into(),
        user: "Casey Morgan".into(),
        email: Some("casey.morgan@northwind.example".into()),
        accounts: vec![
            account("fa-partners", "Partner Network", "member"),
            account("fa-casey", "Casey's Reviews", "account_manager"),
        ],
    }
}

pub fn team(id: &str, name: &str, account: &str) -> Team {
    Team { id: id.into(), name: name.into(), account_id: Some(account.into()) }
}

pub fn studios_teams() -> Vec<Team> {
    vec![team("ft-brand", "Brand Studio", "fa-studios"), team("ft-post", "Video Post", "fa-studios")]
}

pub fn templates() -> Vec<wf::Template> {
    serde_json::from_value(json!([
        {"ID": "tmpl-campaign", "name": "Campaign launch", "groupID": "grp-marketing"},
        {"ID": "tmpl-video", "name": "Video spot", "groupID": "grp-video-production"},
        {"ID": "tmpl-social", "name": "Social series", "groupID": null},
    ]))
    .unwrap()
}

/// The project list of step 4, after Creative Services was connected.
pub fn projects_data() -> ProjectsData {
    let marketing = group_named("Marketing");
    let creative = creative_connected();
    let default = group_named("Default");
    let events = group_named("Events");
    let social = group_named("Social Media");
    let not_connected = "the project's group is not connected to Frame.io";
    ProjectsData {
        projects: vec![
            project("Annual Report 2025", ("CPL", "Complete"), &default, IconState::None, not_connected),
            project("Holiday Spot 2026", ("CUR", "Current"), &marketing, IconState::Connected, "generated in Frame.io"),
            project("Product Teaser", ("BRF", "Briefing"), &creative, IconState::None, "no task is Active yet"),
            project("Q1 Social Series", ("ONH", "On Hold"), &social, IconState::None, not_connected),
            project(
                "Spring Campaign 2027",
                ("PLN", "Planning"),
                &marketing,
                IconState::Pending,
                "2 Active tasks; switch to Current to generate",
            ),
            project("Spring Expo Booth", ("PLN", "Planning"), &events, IconState::None, not_connected),
            project("Website Refresh", ("PLN", "Planning"), &default, IconState::None, not_connected),
        ],
        templates: templates(),
        groups: home_groups(),
    }
}

pub fn project_row(name: &str) -> ProjectRow {
    projects_data().projects.into_iter().find(|p| p.name == name).expect("a fixture project")
}

pub fn task(id: &str, name: &str, depth: usize, active: bool, assignees: &[&str]) -> TaskRow {
    TaskRow {
        id: id.into(),
        name: name.into(),
        depth,
        is_subtask: depth > 0,
        active,
        assignees: assignees.iter().map(|s| s.to_string()).collect(),
    }
}

/// Spring Campaign 2027's tasks: a tree with two subtasks, and two documents.
pub fn tasks_data() -> TasksData {
    TasksData {
        project: project_row("Spring Campaign 2027"),
        tasks: vec![
            task("task-brief", "Creative brief", 0, true, &["Blake Rivera"]),
            task("task-story", "Storyboard", 0, false, &["team Design Team"]),
            task("task-frames1", "Frames 1-12", 1, false, &["Casey Morgan"]),
            task("task-frames2", "Frames 13-24", 1, false, &[]),
            task("task-cut", "Rough cut", 0, true, &["Dana Kim", "team Video Team"]),
            task("task-approve", "Final approval", 0, false, &[]),
        ],
        documents: vec![
            DocRow { name: "campaign-brief.txt".into(), size: 2_412, on_task: None },
            DocRow { name: "moodboard-notes.md".into(), size: 1_874, on_task: Some("Storyboard".into()) },
        ],
    }
}

/// The same project while its group is not connected (Website Refresh, in Default).
pub fn tasks_unconnected() -> TasksData {
    TasksData {
        project: project_row("Website Refresh"),
        tasks: vec![
            task("task-ia", "Information architecture", 0, false, &[]),
            task("task-design", "Visual design", 0, false, &["Farah Haddad"]),
        ],
        documents: Vec::new(),
    }
}

pub fn people() -> People {
    let user = |id: &str, name: &str, email: Option<&str>| (id.to_string(), name.to_string(), email.map(String::from));
    People {
        users: vec![
            user("usr-avery", "Avery Admin", Some("avery.admin@northwind.example")),
            user("usr-blake", "Blake Rivera", Some("blake.rivera@northwind.example")),
            user("usr-casey", "Casey Morgan", Some("casey.morgan@northwind.example")),
            user("usr-dana", "Dana Kim", Some("dana.kim@northwind.example")),
            user("usr-eli", "Eli Novak", Some("eli.novak@northwind.example")),
            user("usr-farah", "Farah Haddad", Some("farah.haddad@northwind.example")),
            user("usr-gus", "Gus Oyelaran", Some("gus.oyelaran@northwind.example")),
            user("usr-hana", "Hana Sato", Some("hana.sato@northwind.example")),
            user("usr-ivan", "Ivan Petrov", None),
        ],
        teams: vec![
            ("team-design".into(), "Design Team".into(), 3),
            ("team-video".into(), "Video Team".into(), 4),
            ("team-copy".into(), "Copywriters".into(), 2),
            ("team-review".into(), "Reviewers".into(), 3),
        ],
    }
}

fn wf_task(id: &str, name: &str, parent: Option<&str>, active: bool, assignments: Value) -> wf::Task {
    let pv = if active { json!({"DE:This task's integration status": "Active"}) } else { json!({}) };
    serde_json::from_value(json!({"ID": id, "name": name, "projectID": "proj-spring-campaign-2027",
        "parentID": parent, "parameterValues": pv, "assignments": assignments}))
    .unwrap()
}

fn assigned_user(id: &str, name: &str, email: Option<&str>) -> Value {
    json!({"ID": format!("asg-{id}"), "assignedToID": id, "assignedTo": {"ID": id, "name": name, "emailAddr": email}})
}

fn assigned_team(id: &str, name: &str) -> Value {
    json!({"ID": format!("asg-{id}"), "teamID": id, "team": {"ID": id, "name": name}})
}

fn wf_doc(id: &str, name: &str, on_task: Option<&str>, size: u64) -> wf::Document {
    serde_json::from_value(json!({"ID": id, "name": name,
        "docObjCode": if on_task.is_some() { "TASK" } else { "PROJ" },
        "objID": on_task.unwrap_or("proj-spring-campaign-2027"), "projectID": "proj-spring-campaign-2027",
        "taskID": on_task,
        "currentVersion": {"ID": format!("v-{id}"), "fileName": name, "docSize": size}}))
    .unwrap()
}

/// The plan for Spring Campaign 2027, built by the engine from Workfront-shaped values: folders,
/// uploads, invites, and things skipped (an inactive task, an active subtask, a document on an
/// inactive task, a person without an email). `connected: false` or `active: false` gives blockers.
pub fn plan(connected: bool, active: bool) -> Plan {
    let project: wf::Project = serde_json::from_value(json!({"ID": "proj-spring-campaign-2027",
        "name": "Spring Campaign 2027", "status": "PLN", "groupID": "grp-marketing"}))
    .unwrap();
    let tasks = vec![
        wf_task(
            "task-brief",
            "Creative brief",
            None,
            active,
            json!([assigned_user("usr-blake", "Blake Rivera", Some("blake.rivera@northwind.example"))]),
        ),
        wf_task("task-story", "Storyboard", None, false, json!([assigned_team("team-design", "Design Team")])),
        wf_task(
            "task-frames1",
            "Frames 1-12",
            Some("task-story"),
            true,
            json!([assigned_user("usr-casey", "Casey Morgan", Some("casey.morgan@northwind.example"))]),
        ),
        wf_task(
            "task-cut",
            "Rough cut",
            None,
            active,
            json!([assigned_user("usr-ivan", "Ivan Petrov", None), assigned_team("team-video", "Video Team"),]),
        ),
    ];
    let documents = vec![
        wf_doc("docu-brief", "campaign-brief.txt", None, 2_412),
        wf_doc("docu-cut", "rough-cut-v3.mov", Some("task-cut"), 48_300_000),
        wf_doc("docu-mood", "moodboard-notes.md", Some("task-story"), 1_874),
    ];
    let teams: Vec<wf::Team> = serde_json::from_value(json!([
        {"ID": "team-video", "name": "Video Team", "teamMembers": [
            {"userID": "usr-dana", "user": {"ID": "usr-dana", "name": "Dana Kim", "emailAddr": "dana.kim@northwind.example"}},
            {"userID": "usr-kai", "user": {"ID": "usr-kai", "name": "Kai Andersen", "emailAddr": "kai.andersen@northwind.example"}}
        ]},
        {"ID": "team-design", "name": "Design Team", "teamMembers": []}
    ]))
    .unwrap();
    let destination = connected.then(|| Destination {
        account_id: "fa-studios".into(),
        account_name: "Northwind Studios".into(),
        workspace_id: "ft-brand".into(),
        workspace_name: "Brand Studio".into(),
    });
    sync::plan::build(&Input {
        project: &project,
        destination,
        group_name: "Marketing",
        legacy_team: None,
        tasks: &tasks,
        documents: &documents,
        teams: &teams,
        target_status: "CUR",
        target_label: "Current",
    })
}

pub fn statuses() -> Vec<wf::Status> {
    serde_json::from_value(json!([
        {"value": "CUR", "label": "Current", "equatesWith": "CUR"},
        {"value": "AIR", "label": "On Air", "equatesWith": "CUR", "groupID": "grp-marketing"},
        {"value": "LIV", "label": "Live", "equatesWith": "CUR"},
    ]))
    .unwrap()
}

pub fn preview_with(current: (&str, &str), plan: Plan) -> Preview {
    Preview {
        project_id: "proj-spring-campaign-2027".into(),
        project_name: "Spring Campaign 2027".into(),
        current: current.0.into(),
        current_label: current.1.into(),
        choices: statuses(),
        plan,
        frameio_user: Some("Avery Admin".into()),
    }
}

pub fn preview() -> Preview {
    preview_with(("PLN", "Planning"), plan(true, true))
}

pub fn items() -> Vec<Item> {
    sync::items(&plan(true, true))
}

pub fn outcome_ok() -> Outcome {
    Outcome {
        ok: true,
        frameio_project_id: Some("fp-7c1e2a90".into()),
        frameio_url: Some(sync::project_url("fp-7c1e2a90", None)),
        created: 9,
        reused: 0,
        failed: Vec::new(),
        invited: vec![
            "blake.rivera@northwind.example".into(),
            "dana.kim@northwind.example".into(),
            "kai.andersen@northwind.example".into(),
        ],
        error: None,
        transient: false,
        auth_failed: false,
    }
}

pub fn outcome_failed() -> Outcome {
    Outcome {
        ok: false,
        frameio_project_id: Some("fp-7c1e2a90".into()),
        frameio_url: None,
        created: 4,
        reused: 0,
        failed: vec![("upload rough-cut-v3.mov".into(), "Frame.io answered 503 Service Unavailable".into())],
        invited: Vec::new(),
        error: Some("upload rough-cut-v3.mov: Frame.io answered 503 Service Unavailable after 5 tries".into()),
        transient: true,
        auth_failed: false,
    }
}

// ---------------------------------------------------------------------------------------------
// The driver

/// A wizard being driven: the state, and every request the reducer has asked for.
pub struct Wizard {
    pub s: State,
    /// Commands returned by the last action.
    pub cmds: Vec<Command>,
    /// Every request so far, oldest first.
    pub requests: Vec<(RequestId, Request)>,
}

impl Default for Wizard {
    fn default() -> Self {
        Self::new()
    }
}

impl Wizard {
    pub fn new() -> Self {
        Self::sized(80, 24)
    }

    pub fn sized(width: u16, height: u16) -> Self {
        let mut s = State::new(session(), width, height);
        let cmds = init(&mut s);
        let mut w = Self { s, cmds: Vec::new(), requests: Vec::new() };
        w.record(cmds);
        w
    }

    fn record(&mut self, cmds: Vec<Command>) {
        for c in &cmds {
            if let Command::Request(id, r) = c {
                self.requests.push((*id, r.clone()));
            }
        }
        self.cmds = cmds;
    }

    pub fn act(&mut self, action: Action) -> &[Command] {
        let cmds = update(&mut self.s, action);
        self.record(cmds);
        &self.cmds
    }

    pub fn press(&mut self, code: KeyCode) -> &[Command] {
        self.act(Action::Key(key_event(code, KeyModifiers::NONE)))
    }

    pub fn ch(&mut self, c: char) -> &[Command] {
        self.press(KeyCode::Char(c))
    }

    pub fn ctrl(&mut self, c: char) -> &[Command] {
        self.act(Action::Key(key_event(KeyCode::Char(c), KeyModifiers::CONTROL)))
    }

    pub fn enter(&mut self) -> &[Command] {
        self.press(KeyCode::Enter)
    }

    pub fn esc(&mut self) -> &[Command] {
        self.press(KeyCode::Esc)
    }

    pub fn down(&mut self, n: usize) {
        for _ in 0..n {
            self.press(KeyCode::Down);
        }
    }

    /// Type text key by key.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.ch(c);
        }
    }

    pub fn paste(&mut self, text: &str) -> &[Command] {
        self.act(Action::Paste(text.into()))
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.act(Action::Resize(width, height));
    }

    /// The newest request matching `pred`.
    pub fn find(&self, pred: impl Fn(&Request) -> bool) -> Option<(RequestId, Request)> {
        self.requests.iter().rev().find(|(_, r)| pred(r)).cloned()
    }

    pub fn id_of(&self, pred: impl Fn(&Request) -> bool) -> RequestId {
        self.find(pred).expect("the request was made").0
    }

    /// The one request the last action made.
    pub fn only_request(&self) -> (RequestId, Request) {
        let reqs: Vec<_> = self
            .cmds
            .iter()
            .filter_map(|c| match c {
                Command::Request(id, r) => Some((*id, r.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(reqs.len(), 1, "expected one request, got {:?}", self.cmds);
        reqs.into_iter().next().unwrap()
    }

    pub fn made_no_request(&self) -> bool {
        !self.cmds.iter().any(|c| matches!(c, Command::Request(..)))
    }

    pub fn worker(&mut self, event: WorkerEvent) -> &[Command] {
        self.act(Action::Worker(event))
    }

    pub fn toast(&self) -> String {
        self.s.toast.as_ref().map(|t| t.text.clone()).unwrap_or_default()
    }

    pub fn toast_is_error(&self) -> bool {
        self.s.toast.as_ref().is_some_and(|t| t.error)
    }

    pub fn screen_text(&self) -> String {
        unicode_screen(&self.s)
    }
}

// Matchers for `find` / `id_of`.
pub fn is_load_home(r: &Request) -> bool {
    matches!(r, Request::LoadHome)
}
pub fn is_load_groups(r: &Request) -> bool {
    matches!(r, Request::LoadGroups)
}
pub fn is_create_group(r: &Request) -> bool {
    matches!(r, Request::CreateGroup { .. })
}
pub fn is_check_token(r: &Request) -> bool {
    matches!(r, Request::SignIn(_))
}
pub fn is_load_teams(r: &Request) -> bool {
    matches!(r, Request::LoadTeams { .. })
}
pub fn is_connect(r: &Request) -> bool {
    matches!(r, Request::Connect { .. })
}
pub fn is_load_projects(r: &Request) -> bool {
    matches!(r, Request::LoadProjects)
}
pub fn is_project_write(r: &Request) -> bool {
    matches!(r, Request::CreateProject { .. } | Request::SetProjectGroup { .. })
}
pub fn is_load_tasks(r: &Request) -> bool {
    matches!(r, Request::LoadTasks { .. })
}
pub fn is_task_write(r: &Request) -> bool {
    matches!(r, Request::CreateTask { .. } | Request::SetTaskStatus { .. } | Request::Assign { .. })
}
pub fn is_load_people(r: &Request) -> bool {
    matches!(r, Request::LoadPeople)
}
pub fn is_complete(r: &Request) -> bool {
    matches!(r, Request::CompletePath { .. })
}
pub fn is_upload(r: &Request) -> bool {
    matches!(r, Request::Upload { .. })
}
pub fn is_preview(r: &Request) -> bool {
    matches!(r, Request::Preview { .. })
}
pub fn is_activate(r: &Request) -> bool {
    matches!(r, Request::Activate { .. })
}

// ---------------------------------------------------------------------------------------------
// Stages of the journey, each built from the previous one with keys and worker answers.

pub fn home_loaded() -> Wizard {
    home_loaded_with(home_data())
}

pub fn home_loaded_with(data: HomeData) -> Wizard {
    let mut w = Wizard::new();
    let request = w.id_of(is_load_home);
    w.worker(WorkerEvent::Home { request, result: Ok(data) });
    w
}

pub fn groups_loading() -> Wizard {
    let mut w = home_loaded();
    w.ch('1');
    w
}

pub fn groups_loaded() -> Wizard {
    groups_loaded_with(groups())
}

pub fn groups_loaded_with(rows: Vec<GroupRow>) -> Wizard {
    let mut w = groups_loading();
    let request = w.id_of(is_load_groups);
    w.worker(WorkerEvent::Groups { request, result: Ok(rows) });
    w
}

/// Move the group list's cursor to `name`.
pub fn select_group(w: &mut Wizard, name: &str) {
    let index = w.s.groups.visible().iter().position(|g| g.name == name).expect("group on the list");
    w.ch('g');
    w.down(index);
    assert_eq!(w.s.groups.selected().map(|g| g.name.clone()).as_deref(), Some(name));
}

/// Step 2 for Creative Services, with "Developer token" chosen (Tab twice from the default,
/// "Sign in with Adobe").
pub fn token_screen() -> Wizard {
    let mut w = adobe_screen();
    w.press(KeyCode::Tab);
    w.press(KeyCode::Tab);
    assert_eq!(w.s.token.method, wfio::app::state::SignInMethod::DeveloperToken);
    w
}

/// Step 2 for Creative Services as it opens: "Sign in with Adobe".
pub fn adobe_screen() -> Wizard {
    let mut w = groups_loaded();
    select_group(&mut w, "Creative Services");
    w.enter();
    w
}

pub fn token_typed(token: &str) -> Wizard {
    let mut w = token_screen();
    w.paste(token);
    w
}

pub fn token_checking(token: &str) -> Wizard {
    let mut w = token_typed(token);
    w.enter();
    w
}

pub fn token_answered(token: &str, result: Result<TokenInfo, ErrorInfo>) -> Wizard {
    let mut w = token_checking(token);
    let request = w.id_of(is_check_token);
    w.worker(WorkerEvent::TokenChecked { request, result });
    w
}

/// The account picker with Avery's token.
pub fn accounts_picker() -> Wizard {
    token_answered(TWO_ACCOUNTS, Ok(two_accounts()))
}

/// Northwind Studios chosen; its teams in flight.
pub fn teams_loading() -> Wizard {
    let mut w = accounts_picker();
    w.down(1);
    w.enter();
    w
}

pub fn teams_loaded() -> Wizard {
    let mut w = teams_loading();
    let request = w.id_of(is_load_teams);
    w.worker(WorkerEvent::Teams { request, result: Ok(studios_teams()) });
    w
}

/// Video Post chosen: the connection being written.
pub fn connecting() -> Wizard {
    let mut w = teams_loaded();
    w.down(1);
    w.enter();
    w
}

/// Connected: on to step 4, its projects in flight.
pub fn connected() -> Wizard {
    let mut w = connecting();
    let request = w.id_of(is_connect);
    w.worker(WorkerEvent::Connected { request, result: Ok(creative_connected()) });
    w
}

pub fn projects_loaded() -> Wizard {
    let mut w = connected();
    let request = w.id_of(is_load_projects);
    w.worker(WorkerEvent::Projects { request, result: Ok(projects_data()) });
    w
}

/// Move the project list's cursor to `name`.
pub fn select_project(w: &mut Wizard, name: &str) {
    let index = w.s.project.visible().iter().position(|p| p.name == name).expect("project on the list");
    w.ch('g');
    w.down(index);
}

/// Project Details of `name`.
pub fn details_of(name: &str) -> Wizard {
    let mut w = projects_loaded();
    select_project(&mut w, name);
    w.enter();
    w
}

/// Tasks of Spring Campaign 2027 (opened from the dashboard), loaded.
pub fn tasks_loaded() -> Wizard {
    tasks_loaded_with(tasks_data())
}

pub fn tasks_loaded_with(data: TasksData) -> Wizard {
    let mut home = home_data();
    home.projects.insert(0, data.project.clone());
    let mut w = home_loaded_with(home);
    w.enter();
    let request = w.id_of(is_load_tasks);
    w.worker(WorkerEvent::Tasks { request, result: Ok(data) });
    w
}

/// Step 6 for Spring Campaign 2027, the preview answered.
pub fn status_preview() -> Wizard {
    status_preview_with(preview())
}

pub fn status_preview_with(p: Preview) -> Wizard {
    let mut w = tasks_loaded();
    w.ch('6');
    let request = w.id_of(is_preview);
    w.worker(WorkerEvent::Preview { request, result: Ok(p) });
    w
}

/// The activation running, its items announced.
pub fn status_running() -> Wizard {
    let mut w = status_preview();
    w.enter();
    let request = w.id_of(is_activate);
    w.worker(WorkerEvent::ActivationStarted { request, items: items() });
    w
}

pub fn sync(w: &mut Wizard, event: SyncEvent) {
    let request = w.id_of(is_activate);
    w.worker(WorkerEvent::Sync { request, event });
}

/// Running, part way: the project and two folders done, the big upload at 40 %.
pub fn status_part_way() -> Wizard {
    let mut w = status_running();
    let upload = w.s.status.items.iter().position(|i| i.label.starts_with("upload rough-cut")).unwrap();
    for index in 0..3 {
        sync(&mut w, SyncEvent::Item { index, state: ItemState::Done });
    }
    sync(&mut w, SyncEvent::Item { index: upload, state: ItemState::Running });
    sync(&mut w, SyncEvent::Bytes { index: upload, done: 19_320_000, total: 48_300_000 });
    sync(&mut w, SyncEvent::Notice { message: "Frame.io answered 429: waiting 2 s before trying again".into() });
    w
}

pub fn status_done(outcome: Outcome) -> Wizard {
    let mut w = status_running();
    let n = w.s.status.items.len();
    let ok = outcome.ok;
    for index in 0..n {
        let state = if ok || index < 3 {
            ItemState::Done
        } else if w.s.status.items[index].label.starts_with("upload rough-cut") {
            ItemState::Failed("Frame.io answered 503 Service Unavailable".into())
        } else {
            ItemState::Waiting
        };
        if state != ItemState::Waiting {
            sync(&mut w, SyncEvent::Item { index, state });
        }
    }
    sync(&mut w, SyncEvent::Finished { outcome });
    w
}

/// Every screen in its main states, named: the gallery the rendering checks run over.
pub fn gallery() -> Vec<(&'static str, Wizard)> {
    let mut out: Vec<(&'static str, Wizard)> = Vec::new();
    out.push(("home loading", Wizard::new()));
    out.push(("home loaded", home_loaded()));
    out.push(("home empty", home_loaded_with(HomeData::default())));
    let mut w = home_loaded();
    w.ch('?');
    out.push(("home help", w));
    out.push(("groups loading", groups_loading()));
    out.push(("groups loaded", groups_loaded()));
    let mut w = groups_loaded();
    w.ch('/');
    w.type_text("studio");
    out.push(("groups filter", w));
    let mut w = groups_loaded();
    w.ch('n');
    w.type_text("marketing");
    w.enter();
    out.push(("groups create error", w));
    out.push(("token empty", token_screen()));
    out.push(("token typed", token_typed(TWO_ACCOUNTS)));
    let mut w = token_typed(TWO_ACCOUNTS);
    w.ctrl('r');
    out.push(("token revealed", w));
    out.push(("token checking", token_checking(TWO_ACCOUNTS)));
    out.push(("token bad", token_answered("fio-u-nope", Err(ErrorInfo::new("401 Unauthorized")))));
    out.push(("accounts", accounts_picker()));
    out.push(("teams loading", teams_loading()));
    out.push(("teams", teams_loaded()));
    out.push(("connecting", connecting()));
    out.push(("projects", projects_loaded()));
    let mut w = projects_loaded();
    w.ch('n');
    w.type_text("Launch Film");
    out.push(("project create", w));
    out.push(("project details", details_of("Website Refresh")));
    let mut w = details_of("Website Refresh");
    w.enter();
    out.push(("project dropdown", w));
    let mut w = details_of("Holiday Spot 2026");
    w.enter();
    w.ch('g');
    w.enter();
    w.ch('s');
    out.push(("project confirm", w));
    out.push(("tasks", tasks_loaded()));
    out.push(("tasks unconnected", tasks_loaded_with(tasks_unconnected())));
    let mut w = tasks_loaded();
    w.ch('a');
    w.ch('e');
    out.push(("tasks form", w));
    let mut w = tasks_loaded();
    w.ch('n');
    w.type_text("Color grade");
    out.push(("tasks new", w));
    let mut w = tasks_loaded();
    w.ch('u');
    let request = w.id_of(is_load_people);
    w.worker(WorkerEvent::People { request, result: Ok(people()) });
    out.push(("tasks assign", w));
    let mut w = tasks_loaded();
    w.ch('d');
    w.type_text("~/Deliverables/spring/rough-cut-v3.mov");
    out.push(("tasks upload path", w));
    let mut w = tasks_loaded();
    w.ch('d');
    w.type_text("/tmp/rough-cut-v3.mov");
    w.enter();
    let request = w.id_of(is_upload);
    w.worker(WorkerEvent::UploadProgress { request, done: 19_320_000, total: 48_300_000 });
    out.push(("tasks uploading", w));
    let mut w = tasks_loaded();
    w.ch('6');
    out.push(("status loading", w));
    out.push(("status choose", status_preview()));
    out.push(("status blockers", status_preview_with(preview_with(("PLN", "Planning"), plan(false, false)))));
    out.push(("status running", status_part_way()));
    out.push(("status done", status_done(outcome_ok())));
    out.push(("status failed", status_done(outcome_failed())));
    out
}
