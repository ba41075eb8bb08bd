//! Every message the reducer understands, and every effect it can ask for.

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use super::state::{
    ErrorInfo, GroupRow, HomeData, People, Preview, ProjectRow, ProjectsData, SignInPrompt, TasksData, TokenInfo,
};
use crate::frameio::model::{AccountChoice, Workspace};
use crate::integration::projects::Assignee;
use crate::sync::{Item, SyncEvent};

/// Identifies one request to the worker, so a late answer to an old request is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId(pub u64);

/// A token on its way to the worker. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([REDACTED])")
    }
}

/// A sign-in on its way to the worker. `Debug` never shows a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    DeveloperToken(Secret),
    /// The address the browser landed on after an Adobe sign-in, or just its code; the answer
    /// to the `BeginAdobeSignIn` request `started`.
    AdobeRedirect {
        started: RequestId,
        pasted: Secret,
    },
    ServerToServer {
        client_id: String,
        secret: Secret,
    },
}

/// Input to the reducer.
// Messages pass a few times per second at most: their size does not matter, boxing would.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Key(KeyEvent),
    /// A bracketed paste, delivered in one piece.
    Paste(String),
    Resize(u16, u16),
    /// Animation frame; only sent while something animates.
    Tick,
    Worker(WorkerEvent),
}

type Answer<T> = Result<T, ErrorInfo>;

/// Answers from the API worker, each tagged with the request it answers.
// Messages pass a few times per second at most: their size does not matter, boxing would.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum WorkerEvent {
    Home {
        request: RequestId,
        result: Answer<HomeData>,
    },
    Groups {
        request: RequestId,
        result: Answer<Vec<GroupRow>>,
    },
    GroupCreated {
        request: RequestId,
        result: Answer<GroupRow>,
    },
    /// The address of an Adobe sign-in (its result comes later as `TokenChecked` for the same
    /// request, from the paste or from the loopback listener).
    SignInPrompt {
        request: RequestId,
        result: Answer<SignInPrompt>,
    },
    TokenChecked {
        request: RequestId,
        result: Answer<TokenInfo>,
    },
    Teams {
        request: RequestId,
        result: Answer<Vec<Workspace>>,
    },
    Connected {
        request: RequestId,
        result: Answer<GroupRow>,
    },
    Projects {
        request: RequestId,
        result: Answer<ProjectsData>,
    },
    /// A project created or saved: the row as Workfront now has it.
    ProjectSaved {
        request: RequestId,
        result: Answer<ProjectRow>,
    },
    Tasks {
        request: RequestId,
        result: Answer<TasksData>,
    },
    /// A write to tasks finished (create, form, assign); a message saying what changed.
    TasksChanged {
        request: RequestId,
        result: Answer<String>,
    },
    People {
        request: RequestId,
        result: Answer<People>,
    },
    Completions {
        request: RequestId,
        candidates: Vec<String>,
    },
    UploadProgress {
        request: RequestId,
        done: u64,
        total: u64,
    },
    Uploaded {
        request: RequestId,
        result: Answer<String>,
    },
    Preview {
        request: RequestId,
        result: Answer<Preview>,
    },
    ActivationStarted {
        request: RequestId,
        items: Vec<Item>,
    },
    Sync {
        request: RequestId,
        event: SyncEvent,
    },
}

/// What the worker can be asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    LoadHome,
    LoadGroups,
    CreateGroup {
        name: String,
    },
    /// Start an Adobe sign-in: the worker makes the address (and the PKCE verifier it keeps).
    BeginAdobeSignIn,
    /// "Initiate Connection": sign in one of the three ways and check who it is. The worker
    /// keeps the sign-in for the account and workspace steps and the connection.
    SignIn(SignIn),
    /// The workspaces of an account, read with the sign-in checked last.
    LoadTeams {
        account_id: String,
    },
    /// Write the connection and store the sign-in checked last for the account.
    Connect {
        group_id: String,
        account: AccountChoice,
        team: Workspace,
    },
    LoadProjects,
    CreateProject {
        name: String,
        template_id: Option<String>,
    },
    SetProjectGroup {
        project_id: String,
        group_id: String,
    },
    LoadTasks {
        project_id: String,
    },
    CreateTask {
        project_id: String,
        name: String,
    },
    SetTaskStatus {
        task_ids: Vec<String>,
        active: bool,
    },
    LoadPeople,
    Assign {
        task_ids: Vec<String>,
        who: Assignee,
        label: String,
    },
    /// Complete a local path typed for upload.
    CompletePath {
        partial: String,
    },
    Upload {
        project_id: String,
        path: PathBuf,
    },
    Preview {
        project_id: String,
    },
    Activate {
        project_id: String,
        status: String,
    },
}

/// Effects the reducer asks the event loop for.
// Messages pass a few times per second at most: their size does not matter, boxing would.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Send a request to the worker.
    Request(RequestId, Request),
    /// Leave the terminal, stop the process (Ctrl-Z), and come back on resume.
    Suspend,
    Quit,
    /// Put text on the terminal's clipboard (OSC 52): a sign-in address, never a secret.
    Copy(String),
}
