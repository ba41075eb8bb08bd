//! All UI state, as plain data. The reducer changes it; the UI reads it. One file per screen.

pub mod account;
pub mod groups;
pub mod home;
pub mod project;
pub mod status;
pub mod tasks;
pub mod token;

pub use account::{AccountPhase, AccountState};
pub use groups::{Connection, GroupRow, GroupsState};
pub use home::{HomeData, HomeState, ProjectRow};
pub use project::{ProjectPhase, ProjectState, ProjectsData};
pub use status::{Preview, StatusPhase, StatusState};
pub use tasks::{DocRow, People, TaskRow, TasksData, TasksMode, TasksState};
pub use token::{SecretField, SignInMethod, SignInPrompt, TokenInfo, TokenState};

use super::action::RequestId;

/// Smallest terminal the wizard draws in; below it a message asks for a larger window.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Who and where: shown in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub profile: String,
    /// Workfront host, e.g. `acme.my.workfront.adobe.com` or `127.0.0.1:40123`.
    pub instance: String,
    pub demo: bool,
    /// How the admin signed in to Frame.io last time (step 2 opens on it).
    pub last_sign_in: Option<SignInMethod>,
}

/// An error to show: what happened, in the service's words where it gave some.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    pub message: String,
}

impl ErrorInfo {
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

/// Data that comes from the worker.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Loadable<T> {
    #[default]
    Idle,
    Loading {
        request: RequestId,
        /// What was shown before the reload, kept on screen meanwhile.
        stale: Option<T>,
    },
    Ready(T),
    Failed {
        error: ErrorInfo,
        stale: Option<T>,
    },
}

impl<T> Loadable<T> {
    /// The data to show, fresh or stale.
    pub fn data(&self) -> Option<&T> {
        match self {
            Self::Ready(d) => Some(d),
            Self::Loading { stale, .. } | Self::Failed { stale, .. } => stale.as_ref(),
            Self::Idle => None,
        }
    }

    pub fn data_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Ready(d) => Some(d),
            Self::Loading { stale, .. } | Self::Failed { stale, .. } => stale.as_mut(),
            Self::Idle => None,
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading { .. })
    }

    pub fn error(&self) -> Option<&ErrorInfo> {
        match self {
            Self::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    pub fn pending_request(&self) -> Option<RequestId> {
        match self {
            Self::Loading { request, .. } => Some(*request),
            _ => None,
        }
    }

    /// Start (re)loading, keeping what is on screen.
    pub fn start(&mut self, request: RequestId) {
        let stale = match std::mem::take(self) {
            Self::Ready(d) => Some(d),
            Self::Loading { stale, .. } | Self::Failed { stale, .. } => stale,
            Self::Idle => None,
        };
        *self = Self::Loading { request, stale };
    }

    /// Accept an answer if it is for the request in flight; a stale answer is dropped.
    pub fn finish(&mut self, request: RequestId, result: Result<T, ErrorInfo>) -> bool {
        if self.pending_request() != Some(request) {
            return false;
        }
        let stale = match std::mem::take(self) {
            Self::Loading { stale, .. } => stale,
            _ => None,
        };
        *self = match result {
            Ok(d) => Self::Ready(d),
            Err(error) => Self::Failed { error, stale },
        };
        true
    }
}

/// A single-line text field (not for secrets: see `SecretField`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextField {
    pub text: String,
}

impl TextField {
    pub const MAX: usize = 255;

    pub fn push_str(&mut self, s: &str) {
        for c in s.chars().filter(|c| !c.is_control()) {
            if self.text.chars().count() >= Self::MAX {
                break;
            }
            self.text.push(c);
        }
    }

    pub fn backspace(&mut self) {
        self.text.pop();
    }

    pub fn clear(&mut self) {
        self.text.clear();
    }

    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

/// A scrollable selection over a list of `len` rows, `page` of them visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Move by `delta` rows (negative is up), clamped to the list, keeping the row visible.
    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        if len == 0 {
            *self = Self::default();
            return;
        }
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len as isize - 1) as usize;
        self.reveal(len, page);
    }

    pub fn to_start(&mut self) {
        *self = Self::default();
    }

    pub fn to_end(&mut self, len: usize, page: usize) {
        self.selected = len.saturating_sub(1);
        self.reveal(len, page);
    }

    /// Clamp after the list or the page changed, and scroll so the selection is visible.
    pub fn reveal(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }
}

/// Case-insensitive "contains" for type-to-filter lists.
pub fn matches_filter(filter: &str, fields: &[&str]) -> bool {
    let needle = filter.trim().to_lowercase();
    needle.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(&needle))
}

/// A one-line message under the screen (what just happened), cleared by the next action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Groups,
    Token,
    Account,
    Project,
    Tasks,
    Status,
}

impl Screen {
    /// The step of the seed document a screen is, for the breadcrumb (Home is none).
    pub fn step(self) -> Option<usize> {
        match self {
            Self::Home => None,
            Self::Groups => Some(1),
            Self::Token => Some(2),
            Self::Account => Some(3),
            Self::Project => Some(4),
            Self::Tasks => Some(5),
            Self::Status => Some(6),
        }
    }
}

pub const STEPS: [&str; 6] = ["Group", "Sign in", "Account", "Project", "Tasks", "Status"];

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub session: SessionInfo,
    pub screen: Screen,
    /// Screens to go back to with Esc.
    pub history: Vec<Screen>,
    pub home: HomeState,
    pub groups: GroupsState,
    pub token: TokenState,
    pub account: AccountState,
    pub project: ProjectState,
    pub tasks: TasksState,
    pub status: StatusState,
    pub toast: Option<Toast>,
    pub help_open: bool,
    pub width: u16,
    pub height: u16,
    /// Frame counter for spinners; advances only while something animates.
    pub spinner: usize,
    /// Set by the reducer when the screen must be redrawn.
    pub dirty: bool,
    next_request: u64,
}

impl State {
    pub fn new(session: SessionInfo, width: u16, height: u16) -> Self {
        let method = session.last_sign_in.unwrap_or_default();
        Self {
            session,
            screen: Screen::Home,
            history: Vec::new(),
            home: HomeState::default(),
            groups: GroupsState::default(),
            token: TokenState { method, ..TokenState::default() },
            account: AccountState::default(),
            project: ProjectState::default(),
            tasks: TasksState::default(),
            status: StatusState::default(),
            toast: None,
            help_open: false,
            width,
            height,
            spinner: 0,
            dirty: true,
            next_request: 0,
        }
    }

    pub fn next_request_id(&mut self) -> RequestId {
        self.next_request += 1;
        RequestId(self.next_request)
    }

    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// Rows the list on the current screen shows (see `app::layout`).
    pub fn list_page(&self) -> usize {
        super::layout::list_rows(self)
    }

    /// Anything in flight: the header spinner runs and the loop ticks.
    pub fn busy(&self) -> bool {
        self.home.data.is_loading()
            || self.groups.groups.is_loading()
            || self.groups.saving.is_some()
            || self.token.pending.is_some()
            || self.account.busy()
            || self.project.busy()
            || self.tasks.busy()
            || self.status.busy()
    }

    pub fn animating(&self) -> bool {
        self.busy()
    }

    /// Which steps of the seed document are done, for the breadcrumb ticks.
    pub fn steps_done(&self) -> [bool; 6] {
        let connected = self.account.connected.is_some();
        let project = self.project.current.as_ref();
        [
            self.groups.target.is_some() || connected,
            self.token.info.is_some() || connected,
            connected,
            project.is_some_and(|p| p.group_connected),
            self.tasks.data.data().is_some_and(|d| d.tasks.iter().any(|t| t.active && !t.is_subtask)),
            self.status.outcome.as_ref().is_some_and(|o| o.ok),
        ]
    }
}
