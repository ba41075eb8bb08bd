//! Seed files: a whole organisation (Workfront and Frame.io) in one readable JSON document.
//!
//! Objects are named symbolically: any string that starts with `@` is replaced by a stable ID,
//! 32 hex characters in the `workfront` section and a UUID in the `frameio` section, so the seed
//! can say `"groupID": "@grp-marketing"` instead of a hash.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::blobs::Blobs;
use super::frameio::store::{FioStore, InvitedUser, Membership};
use super::ids::{frameio_id_for, workfront_id_for};
use super::ims::store::ImsStore;
use super::workfront::objects::lookup;
use super::workfront::store::WfStore;

/// The demo organisation shipped with wfio.
pub const DEMO_SEED: &str = include_str!("../../assets/demo/seed.json");

#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct WorkfrontSeed {
    #[serde(default)]
    api_keys: BTreeMap<String, String>,
    #[serde(default)]
    passwords: BTreeMap<String, String>,
    #[serde(default)]
    ims_tokens: BTreeMap<String, (String, String)>,
    /// objCode -> objects.
    #[serde(default)]
    objects: BTreeMap<String, Vec<Map<String, Value>>>,
}

#[derive(Debug, Deserialize)]
struct MemberSeed {
    user_id: String,
    role: String,
}

#[derive(Debug, Deserialize, Default)]
struct FrameioSeed {
    #[serde(default)]
    tokens: BTreeMap<String, String>,
    #[serde(default)]
    users: Vec<Map<String, Value>>,
    #[serde(default)]
    accounts: Vec<Map<String, Value>>,
    /// `teams`, the older name, is accepted too.
    #[serde(default, alias = "teams")]
    workspaces: Vec<Map<String, Value>>,
    #[serde(default)]
    projects: Vec<Map<String, Value>>,
    #[serde(default)]
    assets: Vec<Map<String, Value>>,
}

#[derive(Debug, Deserialize, Default)]
struct SeedFile {
    #[serde(default)]
    workfront: Option<Value>,
    #[serde(default)]
    frameio: Option<Value>,
    /// Adobe IMS: `orgs`, `users`, `clients` (see `ims::store`).
    #[serde(default)]
    ims: Option<Value>,
}

/// Replace every `@name` string with the ID `f` derives from it, and every `@FIO:name` inside a
/// string with the Frame.io ID of `@name` (the Workfront side refers to Frame.io objects).
fn resolve(value: &mut Value, f: &dyn Fn(&str) -> String) {
    match value {
        Value::String(s) if s.contains("@FIO:") => *s = replace_frameio_refs(s),
        Value::String(s) if s.starts_with('@') && s.len() > 1 => *s = f(s),
        Value::Array(items) => items.iter_mut().for_each(|v| resolve(v, f)),
        Value::Object(map) => map.values_mut().for_each(|v| resolve(v, f)),
        _ => {}
    }
}

fn replace_frameio_refs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find("@FIO:") {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 5..];
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(after.len());
        out.push_str(&frameio_id_for(&format!("@{}", &after[..end])));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Object keys may be symbolic too (`"apiKeys": {"<key>": "@usr-admin"}` maps to a user).
fn take_members(obj: &mut Map<String, Value>) -> Result<Vec<Membership>, String> {
    match obj.remove("members") {
        None => Ok(Vec::new()),
        Some(v) => {
            let members: Vec<MemberSeed> = serde_json::from_value(v).map_err(|e| format!("members: {e}"))?;
            Ok(members.into_iter().map(|m| Membership { user_id: m.user_id, role: m.role }).collect())
        }
    }
}

pub struct Loaded {
    pub wf: WfStore,
    pub fio: FioStore,
    /// Seeded document bytes under `wf/docv/<DOCV ID>`.
    pub blobs: Blobs,
    pub ims: ImsStore,
}

/// A workspace member's seeded role may be a V4 workspace role (`workspace_admin`, `editor`,
/// ...) or a team role (`team_manager`, `member`). The store keeps a team role in
/// `team_members` (`workspace_admin` → `team_manager`, any other V4 role → `member`) and the V4
/// role in `workspace_roles`; a bare team role implies its V4 role (`v4::access::workspace_role`).
fn split_workspace_roles(members: &mut [Membership]) -> BTreeMap<String, String> {
    let mut v4 = BTreeMap::new();
    for m in members {
        if m.role != "team_manager" && m.role != "member" {
            v4.insert(m.user_id.clone(), m.role.clone());
            m.role = if m.role == "workspace_admin" { "team_manager" } else { "member" }.into();
        }
    }
    v4
}

pub fn load(json: &str) -> Result<Loaded, String> {
    let seed: SeedFile = serde_json::from_str(json).map_err(|e| format!("seed: {e}"))?;
    let mut wf_value = seed.workfront.unwrap_or(Value::Null);
    resolve(&mut wf_value, &workfront_id_for);
    let wf_seed: WorkfrontSeed = if wf_value.is_null() {
        WorkfrontSeed::default()
    } else {
        serde_json::from_value(wf_value).map_err(|e| format!("seed workfront: {e}"))?
    };
    let mut fio_value = seed.frameio.unwrap_or(Value::Null);
    resolve(&mut fio_value, &frameio_id_for);
    let fio_seed: FrameioSeed = if fio_value.is_null() {
        FrameioSeed::default()
    } else {
        serde_json::from_value(fio_value).map_err(|e| format!("seed frameio: {e}"))?
    };

    let mut wf = WfStore {
        api_keys: wf_seed.api_keys,
        passwords: wf_seed.passwords,
        ims_tokens: wf_seed.ims_tokens,
        ..WfStore::default()
    };
    let mut blobs = Blobs::default();
    for (code, objects) in wf_seed.objects {
        let def = lookup(&code).ok_or_else(|| format!("seed: unknown objCode {code}"))?;
        for mut obj in objects {
            if !obj.contains_key("ID") {
                return Err(format!("seed: a {code} object has no ID"));
            }
            if let Some(content) = obj.remove("_content") {
                let id = obj["ID"].as_str().unwrap_or_default().to_owned();
                let text = content.as_str().unwrap_or_default().to_owned();
                blobs.put(format!("wf/docv/{id}"), bytes::Bytes::from(text));
            }
            wf.insert(def.code, obj);
        }
    }

    let mut fio = FioStore { tokens: fio_seed.tokens, ..FioStore::default() };
    for mut user in fio_seed.users {
        user.entry("_type").or_insert_with(|| Value::String("user".into()));
        let id = id_of(&user)?;
        fio.users.insert(id, user);
    }
    for mut account in fio_seed.accounts {
        let members = take_members(&mut account)?;
        let id = id_of(&account)?;
        if let Some(invited) = account.remove("invited") {
            let invited: Vec<InvitedUser> =
                serde_json::from_value(invited).map_err(|e| format!("seed frameio account invited: {e}"))?;
            fio.account_invites.insert(id.clone(), invited);
        }
        fio.account_members.insert(id.clone(), members);
        fio.accounts.insert(id, account);
    }
    for mut team in fio_seed.workspaces {
        let mut members = take_members(&mut team)?;
        let id = id_of(&team)?;
        let v4 = split_workspace_roles(&mut members);
        if !v4.is_empty() {
            fio.workspace_roles.insert(id.clone(), v4);
        }
        fio.team_members.insert(id.clone(), members);
        fio.teams.insert(id, team);
    }
    for project in fio_seed.projects {
        let id = id_of(&project)?;
        fio.projects.insert(id, project);
    }
    for asset in fio_seed.assets {
        let id = id_of(&asset)?;
        fio.assets.insert(id, asset);
    }
    let ims = match seed.ims {
        None | Some(Value::Null) => ImsStore::default(),
        Some(v) => serde_json::from_value(v).map_err(|e| format!("seed ims: {e}"))?,
    };
    Ok(Loaded { wf, fio, blobs, ims })
}

fn id_of(obj: &Map<String, Value>) -> Result<String, String> {
    obj.get("id").and_then(Value::as_str).map(str::to_owned).ok_or_else(|| "seed: a Frame.io object has no id".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_seed_loads_and_resolves_names() {
        let loaded = load(DEMO_SEED).expect("demo seed");
        let groups: Vec<_> = loaded.wf.table("GROUP").collect();
        assert!(groups.len() >= 8, "about eight groups");
        assert!(groups.iter().any(|g| g["name"] == "Default"));
        for g in groups {
            assert_eq!(g["ID"].as_str().unwrap().len(), 32);
        }
        assert!(!loaded.fio.tokens.is_empty());
        let marketing = loaded.wf.table("GROUP").find(|g| g["name"] == "Marketing").unwrap();
        let team = marketing["parameterValues"]["DE:Frame.io Workspace ID"].as_str().unwrap();
        assert!(loaded.fio.teams.contains_key(team), "the connected group points at a seeded team");
        assert_eq!(loaded.fio.team_role(team, &frameio_id_for("@fu-avery")), Some("team_manager"));
        assert_eq!(loaded.fio.workspace_roles[team][&frameio_id_for("@fu-hana")], "editor");
        assert_eq!(loaded.ims.clients.len(), 3);
        assert!(!loaded.fio.account_invites.is_empty());
    }
}
