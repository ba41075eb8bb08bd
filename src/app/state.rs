//! All UI state, as plain data. The reducer changes it; the UI reads it.

use super::action::RequestId;

/// Smallest terminal the wizard draws in; below it a message asks for a larger window.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// Rows the frame uses around a screen's list: header, title, filter, borders, footer.
pub const LIST_CHROME_ROWS: u16 = 6;

/// Who and where: shown in the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub profile: String,
    /// Workfront host, e.g. `acme.my.workfront.adobe.com` or `127.0.0.1:40123`.
    pub instance: String,
    pub demo: bool,
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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

    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading { .. })
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

/// A group's link to a Frame.io team, read from its "Frame.io connection" form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub account_id: String,
    pub account_name: String,
    pub team_id: String,
    pub team_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub connection: Option<Connection>,
}

/// A single-line text field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextField {
    pub text: String,
}

impl TextField {
    pub fn push_str(&mut self, s: &str) {
        self.text.extend(s.chars().filter(|c| !c.is_control()));
    }

    pub fn backspace(&mut self) {
        self.text.pop();
    }

    pub fn clear(&mut self) {
        self.text.clear();
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

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupsState {
    pub groups: Loadable<Vec<GroupRow>>,
    pub filter: TextField,
    /// Keys go to the filter field.
    pub filtering: bool,
    pub cursor: Cursor,
}

impl GroupsState {
    /// Groups that match the filter (case-insensitive, on name, team and account).
    pub fn visible(&self) -> Vec<&GroupRow> {
        let Some(all) = self.groups.data() else { return Vec::new() };
        let needle = self.filter.text.trim().to_lowercase();
        if needle.is_empty() {
            return all.iter().collect();
        }
        all.iter()
            .filter(|g| {
                g.name.to_lowercase().contains(&needle)
                    || g.connection.as_ref().is_some_and(|c| {
                        c.team_name.to_lowercase().contains(&needle) || c.account_name.to_lowercase().contains(&needle)
                    })
            })
            .collect()
    }

    pub fn selected(&self) -> Option<&GroupRow> {
        self.visible().get(self.cursor.selected).copied()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Groups,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub session: SessionInfo,
    pub screen: Screen,
    pub groups: GroupsState,
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
        Self {
            session,
            screen: Screen::Groups,
            groups: GroupsState::default(),
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

    /// Rows a list on the current screen can show.
    pub fn list_page(&self) -> usize {
        usize::from(self.height.saturating_sub(LIST_CHROME_ROWS)).max(1)
    }

    /// Anything in flight: the header spinner runs and the loop ticks.
    pub fn busy(&self) -> bool {
        self.groups.groups.is_loading()
    }

    pub fn animating(&self) -> bool {
        self.busy()
    }
}
