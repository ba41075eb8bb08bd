//! Naming objects on the command line: a case-insensitive exact name (or email, for users), else
//! an ID. Two objects with the name are an error that lists them with their IDs (exit 2); no
//! match is an error that says where to look (exit 1).

use super::output::{Failure, Result};
use crate::frameio::model::{AccountChoice, Workspace as FioWorkspace};
use crate::integration;
use crate::workfront::model::{Group, Project, Task, Team, Template, User};

/// What a candidate is called and how to list it.
pub struct Key {
    pub id: String,
    /// Names it answers to (name, email).
    pub names: Vec<String>,
    /// How to show it in a list of candidates.
    pub label: String,
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The one item `query` names. `kind` is singular ("group"); `list` is the command that lists
/// the candidates, for the error message.
pub fn pick<'a, T>(kind: &str, query: &str, items: &'a [T], key: impl Fn(&T) -> Key, list: &str) -> Result<&'a T> {
    let keys: Vec<Key> = items.iter().map(&key).collect();
    let named: Vec<usize> =
        keys.iter().enumerate().filter(|(_, k)| k.names.iter().any(|n| same(n, query))).map(|(i, _)| i).collect();
    match named.as_slice() {
        [one] => return Ok(&items[*one]),
        [] => {}
        many => {
            let lines: Vec<String> = many.iter().map(|&i| format!("  {} (ID {})", keys[i].label, keys[i].id)).collect();
            return Err(Failure::usage(format!(
                "{} {kind}s are named \"{query}\"; name one by its ID:\n{}",
                many.len(),
                lines.join("\n")
            )));
        }
    }
    if let Some(i) = keys.iter().position(|k| k.id == query.trim()) {
        return Ok(&items[i]);
    }
    let mut message = format!("no {kind} is named \"{query}\" or has that ID");
    if !keys.is_empty() && keys.len() <= 12 {
        let labels: Vec<&str> = keys.iter().map(|k| k.label.as_str()).collect();
        message.push_str(&format!("; choose one of: {}", labels.join(", ")));
    } else if !list.is_empty() {
        message.push_str(&format!("; see: {list}"));
    }
    Err(Failure::error(message))
}

/// Several items, each named by `queries`, without duplicates, in the order given.
pub fn pick_all<'a, T>(
    kind: &str,
    queries: &[String],
    items: &'a [T],
    key: impl Fn(&T) -> Key,
    list: &str,
) -> Result<Vec<&'a T>> {
    let mut out: Vec<&T> = Vec::new();
    for q in queries {
        let item = pick(kind, q, items, &key, list)?;
        if !out.iter().any(|o| std::ptr::eq(*o, item)) {
            out.push(item);
        }
    }
    Ok(out)
}

pub fn group_key(g: &Group) -> Key {
    Key { id: g.id.clone(), names: vec![g.name.clone()], label: g.name.clone() }
}

pub fn project_key(p: &Project) -> Key {
    let group = p.group.as_ref().map(|g| format!(", group {}", g.name)).unwrap_or_default();
    Key { id: p.id.clone(), names: vec![p.name.clone()], label: format!("{} [{}{group}]", p.name, p.status) }
}

pub fn task_key(t: &Task) -> Key {
    let sub = if t.is_subtask() { ", subtask" } else { "" };
    Key { id: t.id.clone(), names: vec![t.name.clone()], label: format!("{} [#{}{sub}]", t.name, t.number) }
}

pub fn template_key(t: &Template) -> Key {
    Key { id: t.id.clone(), names: vec![t.name.clone()], label: t.name.clone() }
}

pub fn user_key(u: &User) -> Key {
    let mut names = vec![u.name.clone()];
    names.extend(u.email.clone());
    let label = match &u.email {
        Some(e) => format!("{} <{e}>", u.name),
        None => u.name.clone(),
    };
    Key { id: u.id.clone(), names, label }
}

pub fn team_key(t: &Team) -> Key {
    Key { id: t.id.clone(), names: vec![t.name.clone()], label: t.name.clone() }
}

pub fn account_key(a: &AccountChoice) -> Key {
    Key {
        id: a.account.id.clone(),
        names: vec![a.account.name.clone()],
        label: format!("{} ({})", a.account.name, a.role),
    }
}

pub fn fio_workspace_key(t: &FioWorkspace) -> Key {
    Key { id: t.id.clone(), names: vec![t.name.clone()], label: t.name.clone() }
}

/// The project `query` names, read fresh from Workfront.
pub async fn project(ctx: &integration::Context, query: &str) -> Result<Project> {
    let all = integration::projects::projects(&ctx.wf, &[]).await?;
    pick("project", query, &all, project_key, "wfio project list").cloned()
}

/// The group `query` names.
pub async fn group(ctx: &integration::Context, query: &str) -> Result<Group> {
    let all = ctx.wf.groups().await?;
    pick("group", query, &all, group_key, "wfio group list").cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::headless::output::Exit;

    fn g(id: &str, name: &str) -> Group {
        serde_json::from_value(serde_json::json!({"ID": id, "name": name})).unwrap()
    }

    #[test]
    fn names_then_ids_and_ambiguity_lists_candidates() {
        let groups = vec![g("1", "Marketing"), g("2", "Video"), g("3", "video")];
        assert_eq!(pick("group", "marketing", &groups, group_key, "").unwrap().id, "1");
        assert_eq!(pick("group", "1", &groups, group_key, "").unwrap().id, "1");
        let err = pick("group", "VIDEO", &groups, group_key, "").unwrap_err();
        assert_eq!(err.exit, Exit::Usage);
        assert!(err.message.contains("ID 2") && err.message.contains("ID 3"), "{}", err.message);
        let err = pick("group", "nope", &groups, group_key, "wfio group list").unwrap_err();
        assert_eq!(err.exit, Exit::Error);
        assert!(err.message.contains("Marketing, Video, video"), "{}", err.message);
    }
}
