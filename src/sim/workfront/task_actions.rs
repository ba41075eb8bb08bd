//! TASK actions that move or copy tasks, and mark them done (python-workfront's action list:
//! `move(projectID, parentID, options)`, `bulkMove(taskIDs, projectID, parentID, options)`,
//! `bulkCopy(...) -> string[]`, `markDone(status)`, `markNotDone(assignmentID)`).

use serde_json::{Map, Value, json};

use super::actions::{Outcome, copy_tree};
use super::error::WfError;
use super::objects::by_code;
use super::params::Params;
use super::store::Obj;
use super::write::{Ctx, apply};
use crate::sim::World;

pub fn handles(action: &str) -> bool {
    matches!(action, "move" | "bulkMove" | "bulkCopy" | "markDone" | "markNotDone")
}

fn str_of(o: &Obj, k: &str) -> Option<String> {
    o.get(k).and_then(Value::as_str).map(str::to_owned)
}

/// A task and all its subtasks, parents first.
fn subtree(world: &World, id: &str) -> Vec<String> {
    let mut out = vec![id.to_owned()];
    let mut i = 0;
    while i < out.len() {
        let kids: Vec<String> =
            world.wf.children("TASK", "parentID", &out[i]).filter_map(|t| str_of(t, "ID")).collect();
        out.extend(kids);
        i += 1;
    }
    out
}

/// Where tasks go: the project (default: the first task's own) and an optional parent in it.
fn destination(world: &World, params: &Params, first: &str) -> Result<(String, Option<String>), WfError> {
    let project = match params.arg_str("projectID").filter(|p| !p.is_empty()) {
        Some(p) => p,
        None => world.wf.get("TASK", first).and_then(|t| str_of(t, "projectID")).unwrap_or_default(),
    };
    if world.wf.get("PROJ", &project).is_none() {
        return Err(WfError::not_found("Project", &project));
    }
    let parent = params.arg_str("parentID").filter(|p| !p.is_empty());
    if let Some(p) = &parent {
        let in_project = world.wf.get("TASK", p).and_then(|t| str_of(t, "projectID")).is_some_and(|x| x == project);
        if !in_project {
            return Err(WfError::not_found("Task", p));
        }
    }
    Ok((project, parent))
}

fn move_one(world: &mut World, id: &str, project: &str, parent: Option<&str>) -> Result<(), WfError> {
    let tree = subtree(world, id);
    if parent.is_some_and(|p| tree.iter().any(|t| t == p)) {
        return Err(WfError::illegal_argument("A task cannot be moved under itself"));
    }
    let base =
        parent.and_then(|p| world.wf.get("TASK", p)).and_then(|t| t.get("indent")?.as_i64()).map_or(0, |i| i + 1);
    let old = world.wf.get("TASK", id).and_then(|t| t.get("indent")?.as_i64()).unwrap_or(0);
    let mut number = world
        .wf
        .children("TASK", "projectID", project)
        .filter_map(|t| t.get("taskNumber")?.as_i64())
        .max()
        .unwrap_or(0);
    for tid in &tree {
        number += 1;
        if let Some(t) = world.wf.get_mut("TASK", tid) {
            let indent = t.get("indent").and_then(Value::as_i64).unwrap_or(0) - old + base;
            t.insert("projectID".into(), Value::String(project.to_owned()));
            t.insert("indent".into(), Value::from(indent));
            t.insert("taskNumber".into(), Value::from(number));
            t.insert("wbs".into(), Value::String(number.to_string()));
            if tid == id {
                t.insert("parentID".into(), parent.map_or(Value::Null, |p| Value::String(p.to_owned())));
            }
        }
        for code in ["ASSGN", "DOCU"] {
            let rows: Vec<String> = world.wf.children(code, "taskID", tid).filter_map(|r| str_of(r, "ID")).collect();
            for r in rows {
                if let Some(row) = world.wf.get_mut(code, &r) {
                    row.insert("projectID".into(), Value::String(project.to_owned()));
                }
            }
        }
    }
    Ok(())
}

pub fn run(world: &mut World, id: Option<&str>, action: &str, params: &Params, ctx: &Ctx) -> Result<Outcome, WfError> {
    let ids: Vec<String> = match id {
        Some(i) => vec![i.to_owned()],
        None => params.list("taskIDs"),
    };
    if ids.is_empty() {
        return Err(WfError::illegal_argument(format!("{action} needs a task ID or taskIDs")));
    }
    for t in &ids {
        if world.wf.get("TASK", t).is_none() {
            return Err(WfError::not_found("Task", t));
        }
    }
    match action {
        "move" | "bulkMove" => {
            let (project, parent) = destination(world, params, &ids[0])?;
            let snapshot = world.wf.objects.clone();
            for t in &ids {
                if let Err(e) = move_one(world, t, &project, parent.as_deref()) {
                    world.wf.objects = snapshot;
                    return Err(e);
                }
            }
            Ok(if id.is_some() { Outcome::Object } else { Outcome::Data(json!({"success": true})) })
        }
        "bulkCopy" => {
            let (project, parent) = destination(world, params, &ids[0])?;
            let mut sources: Vec<Obj> = Vec::new();
            for t in &ids {
                for s in subtree(world, t) {
                    if let Some(o) = world
                        .wf
                        .get("TASK", &s)
                        .cloned()
                        .filter(|_| !sources.iter().any(|x| str_of(x, "ID") == Some(s.clone())))
                    {
                        sources.push(o);
                    }
                }
            }
            let copies = copy_tree(world, &project, sources, "parentID", parent.as_deref(), false);
            let top: Vec<Value> = ids
                .iter()
                .filter_map(|t| copies.iter().find(|(o, _)| o == t))
                .map(|(_, n)| Value::String(n.clone()))
                .collect();
            Ok(Outcome::Data(json!({ "result": top })))
        }
        _ => {
            let status = if action == "markDone" {
                params.arg_str("status").unwrap_or_else(|| "CPL".into())
            } else {
                "INP".into()
            };
            for t in &ids {
                let current = world.wf.get("TASK", t).cloned().unwrap_or_default();
                let mut updates = Map::new();
                updates.insert("status".into(), Value::String(status.clone()));
                apply(world, by_code("TASK"), current, &updates, ctx, false)?;
            }
            Ok(Outcome::Object)
        }
    }
}
