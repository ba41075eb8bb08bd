//! Routing of an object call (`/<obj>[/<id or query>[/<action>]]`) by its effective verb, and
//! rendering results with `fields=`.

use axum::http::Method;
use serde_json::{Map, Value, json};

use super::actions::{self, Outcome};
use super::error::WfError;
use super::fields::{Projector, parse_fields};
use super::objects::ObjDef;
use super::ops::{self, Updates};
use super::search::Query;
use super::write::Ctx;
use super::{Call, documents, report, statuses, values, wildcards};
use crate::sim::World;

/// Actions the simulator performs, besides any the model lists for the type.
fn is_action(def: &ObjDef, name: &str) -> bool {
    def.model().is_some_and(|m| m.actions.contains_key(name))
}

pub fn object_call(world: &mut World, def: &'static ObjDef, call: &Call, user: &str) -> Result<Value, WfError> {
    if def.secondary {
        return Err(WfError::illegal_argument(format!("{} is not a top level object", def.code)));
    }
    let fields = parse_fields(&call.params.all("fields"));
    Projector::new(&world.wf, call.model.clone()).validate(def, &fields)?;
    let ctx = Ctx { model: call.model.clone(), user_id: user.to_owned() };
    let second = call.segs.get(1).map(String::as_str);
    let third = call.segs.get(2).map(String::as_str);
    if call.verb == Method::GET {
        return get(world, def, call, user, second, third, &fields);
    }
    // `/<obj>/<id>/<action>`, `/<obj>/<id>?action=`, `/<obj>?action=`, `/<obj>/<action>`.
    let action_param = call.params.get("action").filter(|a| !a.is_empty());
    let (target, action) = match (second, third) {
        (Some(x), Some(a)) => (Some(x), Some(a)),
        (Some(x), None) if world.wf.get(def.code, x).is_none() && is_action(def, x) => (None, Some(x)),
        (x, _) => (x, action_param),
    };
    let render = |world: &World, id: &str| -> Result<Value, WfError> {
        let p = Projector::new(&world.wf, call.model.clone());
        let obj = world.wf.get(def.code, id).ok_or_else(|| WfError::not_found(def.name, id))?;
        Ok(p.render(def, obj, &fields))
    };
    if let (Some(action), true) = (action, call.verb == Method::PUT || call.verb == Method::POST) {
        return match actions::run(world, def, target, action, &call.params, &ctx)? {
            Outcome::Data(v) => Ok(v),
            Outcome::Object => match target {
                Some(id) => render(world, id),
                None => Ok(json!({"success": true})),
            },
        };
    }
    match (call.verb.clone(), target) {
        (Method::POST, None) => {
            let created: Vec<String> = match (call.params.get("copySourceID"), ops::updates_from(&call.params)?) {
                (Some(src), Updates::One(u)) => vec![ops::copy(world, def, src, u, &ctx)?],
                (None, Updates::One(u)) if def.code == "DOCV" => vec![documents::add_version(world, u, &ctx)?],
                (None, Updates::One(u)) => vec![ops::create(world, def, u, &ctx)?],
                (_, Updates::Many(items)) => {
                    let ids = ops::bulk(world, def, items, true, &ctx)?;
                    return ids.iter().map(|id| render(world, id)).collect::<Result<Vec<_>, _>>().map(Value::Array);
                }
            };
            render(world, &created[0])
        }
        (Method::PUT, Some(id)) => match ops::updates_from(&call.params)? {
            Updates::One(u) => {
                ops::edit(world, def, id, &u, &ctx)?;
                render(world, id)
            }
            Updates::Many(_) => Err(WfError::illegal_argument("A list of updates needs PUT /<obj> without an ID")),
        },
        (Method::PUT, None) => match ops::updates_from(&call.params)? {
            Updates::Many(items) => {
                let ids = ops::bulk(world, def, items, false, &ctx)?;
                ids.iter().map(|id| render(world, id)).collect::<Result<Vec<_>, _>>().map(Value::Array)
            }
            Updates::One(u) => match u.get("ID").and_then(Value::as_str).map(str::to_owned) {
                Some(id) => {
                    ops::edit(world, def, &id, &u, &ctx)?;
                    render(world, &id)
                }
                None => Err(WfError::illegal_argument(format!("ID required to edit a {}", def.name))),
            },
        },
        (Method::DELETE, Some(id)) => {
            ops::delete(world, def, id, &call.params)?;
            Ok(json!({"success": true}))
        }
        (Method::DELETE, None) => {
            // Bulk delete: `DELETE /<obj>?ID=a&ID=b` (workfrontapi-plus) or `?id=a,b`.
            let mut ids = call.params.list("ID");
            ids.extend(call.params.list("id"));
            if ids.is_empty() {
                return Err(WfError::illegal_argument(format!("ID required to delete a {}", def.name)));
            }
            if let Some(missing) = ids.iter().find(|id| world.wf.get(def.code, id).is_none()) {
                return Err(WfError::not_found(def.name, missing));
            }
            let snapshot = world.wf.objects.clone();
            for id in &ids {
                if world.wf.get(def.code, id).is_none() {
                    continue; // already removed with a parent
                }
                if let Err(e) = ops::delete(world, def, id, &call.params) {
                    world.wf.objects = snapshot;
                    return Err(e);
                }
            }
            Ok(json!({"success": true}))
        }
        // KB: "Unsupported HTTP method: COPY".
        (verb, _) => Err(WfError::illegal_argument(format!("Unsupported HTTP method: {verb}"))),
    }
}

fn get(
    world: &World,
    def: &'static ObjDef,
    call: &Call,
    user: &str,
    second: Option<&str>,
    third: Option<&str>,
    fields: &[String],
) -> Result<Value, WfError> {
    let projector = Projector::new(&world.wf, call.model.clone());
    let filters = wildcards::expand_wildcards(&call.params, world.wf.get("USER", user));
    let one = |id: &str| -> Result<Value, WfError> {
        let obj = world.wf.get(def.code, id).ok_or_else(|| WfError::not_found(def.name, id))?;
        Ok(projector.render(def, obj, fields))
    };
    match (second, third) {
        (Some("search"), None) => {
            let query = Query::parse(&filters, def, &call.model)?;
            let rows = query.page(query.run(&world.wf, def)?);
            if values::truthy(call.params.get("map")) {
                let map: Map<String, Value> = rows
                    .into_iter()
                    .map(|o| {
                        (
                            o.get("ID").and_then(Value::as_str).unwrap_or_default().to_owned(),
                            projector.render(def, o, fields),
                        )
                    })
                    .collect();
                return Ok(Value::Object(map));
            }
            Ok(Value::Array(rows.into_iter().map(|o| projector.render(def, o, fields)).collect()))
        }
        (Some("count"), None) => {
            let query = Query::parse(&filters, def, &call.model)?;
            Ok(json!({ "count": query.run(&world.wf, def)?.len() }))
        }
        (Some("report"), None) => report::run(&world.wf, def, &filters, &call.model),
        (Some(name), None) if world.wf.get(def.code, name).is_none() => {
            match statuses::named_query(&world.wf, def, name, &call.params) {
                Some(r) => r,
                None => one(name),
            }
        }
        (Some(id), None) => one(id),
        (None, None) => {
            // `?id=a,b` answers a list; a single `?id=a` answers the object (python-workfront
            // `Session.load` expects a dict for one ID, the JS client's `get_multiple.json` a list).
            let raw: Vec<&str> = call.params.all("id").into_iter().chain(call.params.all("ID")).collect();
            if raw.is_empty() {
                return Err(WfError::illegal_argument(format!("Search criteria required for {}", def.name)));
            }
            let ids = call.params.list(if call.params.get("id").is_some() { "id" } else { "ID" });
            if ids.len() == 1 && raw.len() == 1 && !raw[0].contains(',') && !raw[0].trim_start().starts_with('[') {
                return one(&ids[0]);
            }
            ids.iter().map(|id| one(id)).collect::<Result<Vec<_>, _>>().map(Value::Array)
        }
        _ => Err(WfError::bad_uri("unrecognized URI format")),
    }
}
