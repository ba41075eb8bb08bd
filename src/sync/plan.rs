//! The activation plan: what generating a project in Frame.io will create, upload and invite,
//! and what it skips and why. Pure: built from what was read from Workfront, printable, tested.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::integration::forms;
use crate::integration::state::is_active;
use crate::workfront::model::{Document, Project, Task, Team};

/// Where in Frame.io the project goes (the project group's connection): an account's workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Destination {
    pub account_id: String,
    pub account_name: String,
    pub workspace_id: String,
    pub workspace_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FolderItem {
    pub task_id: String,
    /// Folder name in Frame.io: the task's name, made unique among siblings.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UploadItem {
    pub doc_id: String,
    /// File name in Frame.io, unique within its folder.
    pub name: String,
    pub size: u64,
    pub filetype: String,
    /// The task folder it goes into; `None` for the project root.
    pub task_id: Option<String>,
    #[serde(skip)]
    pub document: Document,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InviteItem {
    /// Lowercased, trimmed.
    pub email: String,
    pub name: String,
    /// Why they are invited: "assigned to Storyboard", "member of Design Team (Storyboard)".
    pub because: Vec<String>,
    /// How they get access in Frame.io V4 (decided from the account's users; see `classify`).
    pub access: Access,
}

/// How a person gets access to the generated project. V4 has no invite-by-email for projects
/// (frameio-v4-notes §3): a user of the account is added to the project with a role (Frame.io
/// emails them); anyone else is added by email as a reviewer of a secure share of the project,
/// which is the one V4 call that reaches people without a Frame.io user in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Access {
    /// Not decided yet (the account's users were not read): the plan cannot run like this.
    Unknown,
    /// `PATCH …/projects/{p}/users/{user_id}` with the connection's role.
    ProjectUser { user_id: String, role: String },
    /// `PATCH …/workspaces/{w}/users/{user_id}`: workspace access, which also covers the
    /// workspace's later (unrestricted) projects.
    WorkspaceUser { user_id: String, role: String },
    /// `POST …/shares/{s}/reviewers` by email with `notify_by_email`.
    Reviewer,
}

impl Access {
    /// The label of a progress item for a person.
    pub fn label(&self, email: &str) -> String {
        match self {
            Self::ProjectUser { role, .. } => format!("give {email} access ({role})"),
            Self::WorkspaceUser { role, .. } => format!("add {email} to the workspace ({role})"),
            Self::Reviewer | Self::Unknown => format!("invite {email} to review"),
        }
    }
}

/// Whether people are given access to each project or to the connected workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessMode {
    /// Each project, directly (the seed document's behaviour).
    #[default]
    Project,
    /// The workspace: one call per person serves every later project of the workspace.
    Workspace,
}

/// Decide each person's access from the account's users (email -> Frame.io user ID, `None` for
/// people invited to the account without a Frame.io user yet, who can only be reached by email).
pub fn classify(plan: &mut Plan, users: &HashMap<String, Option<String>>, mode: AccessMode, role: &str) {
    for invite in &mut plan.invites {
        invite.access = match (users.get(&invite.email).cloned().flatten(), mode) {
            (Some(user_id), AccessMode::Project) => Access::ProjectUser { user_id, role: role.to_owned() },
            (Some(user_id), AccessMode::Workspace) => Access::WorkspaceUser { user_id, role: role.to_owned() },
            (None, _) => Access::Reviewer,
        };
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub what: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub project_id: String,
    pub project_name: String,
    pub destination: Destination,
    /// Status code the project is switched to at the end, and its label.
    pub target_status: String,
    pub target_label: String,
    pub folders: Vec<FolderItem>,
    pub uploads: Vec<UploadItem>,
    pub invites: Vec<InviteItem>,
    pub skipped: Vec<Skipped>,
    /// Reasons the plan cannot run at all.
    pub blockers: Vec<String>,
    /// One of the blockers is about the Frame.io sign-in (missing, refused, not an admin's,
    /// a developer token on an Admin-Console account): another sign-in is the fix (exit 4).
    #[serde(default)]
    pub sign_in_blocked: bool,
}

impl Plan {
    pub fn total_bytes(&self) -> u64 {
        self.uploads.iter().map(|u| u.size).sum()
    }

    pub fn is_runnable(&self) -> bool {
        self.blockers.is_empty()
    }
}

/// What the plan is built from.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub project: &'a Project,
    /// `None` when the project's group is not connected.
    pub destination: Option<Destination>,
    pub group_name: &'a str,
    /// The group was connected with Frame.io's removed legacy API, to this team: the blocker
    /// says to reconnect it rather than to connect it.
    pub legacy_team: Option<&'a str>,
    pub tasks: &'a [Task],
    pub documents: &'a [Document],
    /// Teams with their members, for expanding team assignments.
    pub teams: &'a [Team],
    pub target_status: &'a str,
    pub target_label: &'a str,
}

/// Why someone is invited, merged per kind so a person on many tasks gets one readable line.
struct Reason {
    /// "assigned to" or "member of <team>".
    head: String,
    task: String,
}

impl Reason {
    fn assigned(task: &str) -> Self {
        Self { head: "assigned to".into(), task: task.to_owned() }
    }

    fn member(team: &str, task: &str) -> Self {
        Self { head: format!("member of {team}"), task: task.to_owned() }
    }

    fn merge_into(self, reasons: &mut Vec<String>) {
        let (open, close) = if self.head == "assigned to" { (" ", "") } else { (" (", ")") };
        let prefix = format!("{}{open}", self.head);
        match reasons.iter_mut().find(|r| r.starts_with(&prefix)) {
            Some(r) => {
                let tasks = r[prefix.len()..r.len() - close.len()].to_owned();
                if !tasks.split(", ").any(|t| t == self.task) {
                    *r = format!("{prefix}{tasks}, {}{close}", self.task);
                }
            }
            None => reasons.push(format!("{prefix}{}{close}", self.task)),
        }
    }
}

/// Make `name` unique among `taken` the way a person would: "Edit", "Edit (2)".
fn unique(name: &str, taken: &mut HashMap<String, usize>) -> String {
    let base = if name.trim().is_empty() { "Untitled".to_owned() } else { name.trim().to_owned() };
    let n = taken.entry(base.to_lowercase()).or_insert(0);
    *n += 1;
    if *n == 1 { base } else { format!("{base} ({n})") }
}

fn unique_file(name: &str, taken: &mut HashMap<String, usize>) -> String {
    let first = unique(name, taken);
    if first == name.trim() || !name.contains('.') {
        return first;
    }
    // "cut.mov" twice becomes "cut (2).mov", keeping the extension.
    let (stem, ext) = name.trim().rsplit_once('.').unwrap_or((name, ""));
    let n = taken.get(&name.trim().to_lowercase()).copied().unwrap_or(1);
    format!("{stem} ({n}).{ext}")
}

pub fn build(input: &Input<'_>) -> Plan {
    let mut skipped = Vec::new();
    let mut blockers = Vec::new();
    let destination = input.destination.clone().unwrap_or_else(|| {
        blockers.push(match input.legacy_team {
            Some(team) => crate::integration::IntegrationError::LegacyConnection {
                group: input.group_name.to_owned(),
                team: team.to_owned(),
            }
            .to_string(),
            None => format!(
                "The project's group \"{}\" is not connected to Frame.io: connect it (step 1) or move the project to a connected group (step 4).",
                input.group_name
            ),
        });
        Destination {
            account_id: String::new(),
            account_name: String::new(),
            workspace_id: String::new(),
            workspace_name: String::new(),
        }
    });

    let by_id: HashMap<&str, &Task> = input.tasks.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut folder_names = HashMap::new();
    let mut folders = Vec::new();
    for task in input.tasks {
        if task.is_subtask() {
            if is_active(task) {
                skipped.push(Skipped {
                    what: format!("subtask \"{}\"", task.name),
                    why: "subtasks are not supported in connected Frame.io projects".into(),
                });
            }
            continue;
        }
        if !is_active(task) {
            skipped.push(Skipped {
                what: format!("task \"{}\"", task.name),
                why: format!("its integration status is not {}", forms::TASK_ACTIVE),
            });
            continue;
        }
        folders.push(FolderItem { task_id: task.id.clone(), name: unique(&task.name, &mut folder_names) });
    }
    if folders.is_empty() {
        blockers.push(format!(
            "No task is Active: set \"{}\" to Active on at least one top-level task (step 5).",
            forms::TASK_STATUS
        ));
    }
    let active: HashMap<&str, &FolderItem> = folders.iter().map(|f| (f.task_id.as_str(), f)).collect();

    // Documents: the project's into the root, an Active task's into its folder.
    let mut names_per_folder: HashMap<Option<String>, HashMap<String, usize>> = HashMap::new();
    let mut uploads = Vec::new();
    let mut docs: Vec<&Document> = input.documents.iter().collect();
    docs.sort_by(|a, b| (a.name.to_lowercase(), &a.id).cmp(&(b.name.to_lowercase(), &b.id)));
    for doc in docs {
        let target = match doc.doc_obj_code.as_str() {
            "PROJ" => Some(None),
            "TASK" => {
                let task_id = doc.task_id.clone().unwrap_or_else(|| doc.obj_id.clone());
                match (active.get(task_id.as_str()), by_id.get(task_id.as_str())) {
                    (Some(_), _) => Some(Some(task_id)),
                    (None, Some(task)) => {
                        let why = if task.is_subtask() { "it is on a subtask" } else { "its task is not Active" };
                        skipped.push(Skipped { what: format!("document \"{}\"", doc.name), why: why.into() });
                        None
                    }
                    (None, None) => None,
                }
            }
            other => {
                skipped.push(Skipped {
                    what: format!("document \"{}\"", doc.name),
                    why: format!("documents on {other} objects are not sent to Frame.io"),
                });
                None
            }
        };
        let Some(task_id) = target else { continue };
        let version = doc.current_version.as_ref();
        let size = version.map_or(0, |v| v.size);
        if size == 0 {
            skipped.push(Skipped {
                what: format!("document \"{}\"", doc.name),
                why: "it is empty, and Frame.io does not accept empty files".into(),
            });
            continue;
        }
        if size > crate::integration::projects::MAX_DOCUMENT_BYTES {
            use crate::integration::projects::{MAX_DOCUMENT_BYTES, terabytes};
            skipped.push(Skipped {
                what: format!("document \"{}\"", doc.name),
                why: format!(
                    "it is {} ({size} bytes), over Frame.io's limit of 5 TB ({MAX_DOCUMENT_BYTES} bytes) for one \
                     file; share a link to it instead",
                    terabytes(size)
                ),
            });
            continue;
        }
        let file_name = version.map(|v| v.file_name.as_str()).filter(|n| !n.is_empty()).unwrap_or(&doc.name);
        let taken = names_per_folder.entry(task_id.clone()).or_default();
        uploads.push(UploadItem {
            doc_id: doc.id.clone(),
            name: unique_file(file_name, taken),
            size,
            filetype: version
                .and_then(|v| v.file_type.clone())
                .filter(|t| t.contains('/'))
                .unwrap_or_else(|| crate::workfront::documents::mime_for(file_name).to_owned()),
            task_id,
            document: doc.clone(),
        });
    }

    // People: every user assigned to an Active task, and every member of an assigned team.
    let teams: HashMap<&str, &Team> = input.teams.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut invites: BTreeMap<String, InviteItem> = BTreeMap::new();
    let mut no_email: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // Reasons read "assigned to Brief, Storyboard" and "member of Design (Brief, Cut)".
    let mut add =
        |email: Option<&str>, name: &str, reason: Reason, invites: &mut BTreeMap<String, InviteItem>| match email
            .map(|e| e.trim().to_lowercase())
            .filter(|e| e.contains('@'))
        {
            Some(email) => {
                let item = invites.entry(email.clone()).or_insert_with(|| InviteItem {
                    email,
                    name: name.to_owned(),
                    because: Vec::new(),
                    access: Access::Unknown,
                });
                reason.merge_into(&mut item.because);
            }
            None => reason.merge_into(no_email.entry(name.to_owned()).or_default()),
        };
    for folder in &folders {
        let task = by_id[folder.task_id.as_str()];
        for a in &task.assignments {
            if let Some(user) = &a.user {
                add(user.email.as_deref(), &user.name, Reason::assigned(&task.name), &mut invites);
            } else if let Some(team_id) = &a.team_id {
                match teams.get(team_id.as_str()) {
                    Some(team) => {
                        for m in &team.members {
                            let (name, email) = m
                                .user
                                .as_ref()
                                .map_or((m.user_id.as_str(), None), |u| (u.name.as_str(), u.email.as_deref()));
                            add(email, name, Reason::member(&team.name, &task.name), &mut invites);
                        }
                    }
                    None => skipped.push(Skipped {
                        what: format!("a team assigned to \"{}\"", task.name),
                        why: "the team could not be read from Workfront".into(),
                    }),
                }
            }
        }
    }
    for (name, reasons) in no_email {
        skipped.push(Skipped {
            what: format!("{name} ({})", reasons.join(", ")),
            why: "no email address in Workfront, so Frame.io cannot invite them".into(),
        });
    }

    Plan {
        project_id: input.project.id.clone(),
        project_name: input.project.name.clone(),
        destination,
        target_status: input.target_status.to_owned(),
        target_label: input.target_label.to_owned(),
        folders,
        uploads,
        invites: invites.into_values().collect(),
        skipped,
        blockers,
        sign_in_blocked: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn task(id: &str, name: &str, parent: Option<&str>, active: bool, assignments: serde_json::Value) -> Task {
        let pv = if active { json!({"DE:This task's integration status": "Active"}) } else { json!({}) };
        serde_json::from_value(json!({"ID": id, "name": name, "parentID": parent, "parameterValues": pv,
            "assignments": assignments, "projectID": "p"}))
        .unwrap()
    }

    fn user(id: &str, name: &str, email: Option<&str>) -> serde_json::Value {
        json!({"ID": format!("a-{id}"), "assignedToID": id, "assignedTo": {"ID": id, "name": name, "emailAddr": email}})
    }

    fn doc(id: &str, name: &str, code: &str, obj: &str, size: u64) -> Document {
        serde_json::from_value(json!({"ID": id, "name": name, "docObjCode": code, "objID": obj,
            "taskID": if code == "TASK" { Some(obj) } else { None },
            "currentVersion": {"ID": format!("v-{id}"), "fileName": name, "docSize": size}}))
        .unwrap()
    }

    fn destination() -> Option<Destination> {
        Some(Destination {
            account_id: "acc".into(),
            account_name: "Studios".into(),
            workspace_id: "ws".into(),
            workspace_name: "Brand".into(),
        })
    }

    fn input<'a>(project: &'a Project, tasks: &'a [Task], docs: &'a [Document], teams: &'a [Team]) -> Input<'a> {
        Input {
            project,
            destination: destination(),
            group_name: "Marketing",
            legacy_team: None,
            tasks,
            documents: docs,
            teams,
            target_status: "CUR",
            target_label: "Current",
        }
    }

    fn project() -> Project {
        serde_json::from_value(json!({"ID": "p", "name": "Spring", "status": "PLN"})).unwrap()
    }

    #[test]
    fn folders_for_active_top_level_tasks_only() {
        let tasks = vec![
            task("t1", "Brief", None, true, json!([])),
            task("t2", "Storyboard", None, false, json!([])),
            task("t3", "Frames", Some("t2"), true, json!([])),
            task("t4", "Brief", None, true, json!([])),
        ];
        let p = project();
        let plan = build(&input(&p, &tasks, &[], &[]));
        let names: Vec<&str> = plan.folders.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, vec!["Brief", "Brief (2)"], "duplicate task names get distinct folders");
        assert!(plan.skipped.iter().any(|s| s.what.contains("Frames") && s.why.contains("subtasks are not supported")));
        assert!(plan.skipped.iter().any(|s| s.what.contains("Storyboard") && s.why.contains("not Active")));
        assert!(plan.is_runnable());
    }

    #[test]
    fn documents_are_routed_and_skipped_with_reasons() {
        let tasks = vec![task("t1", "Brief", None, true, json!([])), task("t2", "Cut", None, false, json!([]))];
        let docs = vec![
            doc("d1", "brief.pdf", "PROJ", "p", 10),
            doc("d2", "notes.txt", "TASK", "t1", 20),
            doc("d3", "cut.mov", "TASK", "t2", 30),
            doc("d4", "brief.pdf", "PROJ", "p", 11),
        ];
        let p = project();
        let plan = build(&input(&p, &tasks, &docs, &[]));
        let routed: Vec<(&str, Option<&str>)> =
            plan.uploads.iter().map(|u| (u.name.as_str(), u.task_id.as_deref())).collect();
        assert_eq!(routed, vec![("brief.pdf", None), ("brief (2).pdf", None), ("notes.txt", Some("t1"))]);
        assert_eq!(plan.uploads[0].filetype, "application/pdf");
        assert_eq!(plan.total_bytes(), 41);
        assert!(plan.skipped.iter().any(|s| s.what.contains("cut.mov") && s.why.contains("not Active")));
    }

    #[test]
    fn documents_over_the_limit_are_left_out_with_the_reason() {
        let limit = crate::integration::projects::MAX_DOCUMENT_BYTES;
        let docs = vec![doc("d1", "master.mxf", "PROJ", "p", limit + 1), doc("d2", "edge.mov", "PROJ", "p", limit)];
        let p = project();
        let plan = build(&input(&p, &[], &docs, &[]));
        let names: Vec<&str> = plan.uploads.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, vec!["edge.mov"], "exactly the limit still goes");
        let why = &plan.skipped.iter().find(|s| s.what.contains("master.mxf")).unwrap().why;
        assert_eq!(
            why,
            "it is 5.0 TB (5000000000001 bytes), over Frame.io's limit of 5 TB (5000000000000 bytes) for one \
             file; share a link to it instead"
        );
    }

    #[test]
    fn people_are_deduplicated_teams_expanded_and_missing_emails_reported() {
        let team: Team = serde_json::from_value(json!({"ID": "team-d", "name": "Design", "teamMembers": [
            {"userID": "u1", "user": {"ID": "u1", "name": "Ana", "emailAddr": "ANA@x.example "}},
            {"userID": "u3", "user": {"ID": "u3", "name": "Cy", "emailAddr": "cy@x.example"}}]}))
        .unwrap();
        let tasks = vec![
            task("t1", "Brief", None, true, json!([user("u1", "Ana", Some("ana@x.example")), user("u2", "Dev", None)])),
            task(
                "t2",
                "Board",
                None,
                true,
                json!([{"ID": "a9", "teamID": "team-d", "team": {"ID": "team-d", "name": "Design"}}]),
            ),
            task("t3", "Off", None, false, json!([user("u4", "Zed", Some("zed@x.example"))])),
        ];
        let p = project();
        let plan = build(&input(&p, &tasks, &[], std::slice::from_ref(&team)));
        let emails: Vec<&str> = plan.invites.iter().map(|i| i.email.as_str()).collect();
        assert_eq!(emails, vec!["ana@x.example", "cy@x.example"], "deduplicated, lowercased, inactive tasks ignored");
        assert_eq!(plan.invites[0].because, vec!["assigned to Brief", "member of Design (Board)"]);
        assert!(plan.skipped.iter().any(|s| s.what.starts_with("Dev") && s.why.contains("no email")));
    }

    #[test]
    fn blockers_when_not_connected_or_nothing_active() {
        let p = project();
        let tasks = vec![task("t1", "Brief", None, false, json!([]))];
        let mut i = input(&p, &tasks, &[], &[]);
        i.destination = None;
        let plan = build(&i);
        assert_eq!(plan.blockers.len(), 2, "{:?}", plan.blockers);
        assert!(plan.blockers[0].contains("not connected"));
        assert!(plan.blockers[1].contains("No task is Active"));
        // A group connected with the removed legacy API: reconnect it, not "connect it".
        i.legacy_team = Some("Video Post (v2)");
        let plan = build(&i);
        assert!(plan.blockers[0].contains("legacy API (team Video Post (v2))"), "{:?}", plan.blockers);
        assert!(plan.blockers[0].contains("Reconnect it to a workspace"), "{:?}", plan.blockers);
    }
}
