//! Shares (review links): `shares.create` (201) of a project's folders or files, `shares.index`,
//! `shares.show`, and reviewers: `shares.add_reviewers` (204), `shares.list_reviewers`.
//!
//! `POST …/shares/{id}/reviewers` `{"data":{"reviewers":{"emails"|"user_ids"|"adobe_user_ids"},
//! "message","notify_by_email"}}`: email is "the only identifier able to add reviewers … who
//! don't have a Frame account" (FIO4 shares). With `notify_by_email: true`, **every** call
//! emails every recipient it names (`share_invite` in the outbox), even one already a reviewer:
//! the documents say nothing about de-duplicating, so a client that repeats the call
//! double-emails, as it would risk doing on the real service. The reviewer list itself has each
//! person once. `share_list_ids` name share lists, which the simulator has none of (404).

use serde_json::{Value, json};

use super::Cx;
use super::access;
use super::envelope::{BOOL, Field, Kind, STR, data, opt, query_enum, req, uuid};
use super::errors::{Reply, V4Err, created, no_content, ok};
use super::paging::{list, page, sort_items};
use super::workspaces::SORTS;
use crate::sim::frameio::common::now;
use crate::sim::frameio::store::{Obj, OutboxEmail, is_deleted, str_field};

const SIZE: Kind = Kind::Enum(&["small", "medium", "large"]);
const RATIO: Kind = Kind::Enum(&["horizontal", "square", "vertical"]);
const NBOOL: Kind = Kind::Bool { nullable: true };
const NSTR: Kind = Kind::Str { max: None, nullable: true };
const SORT_BY: &[Field] = &[req("field_definition_id", STR), req("direction", Kind::Enum(&["asc", "desc"]))];

/// `AssetShareParams`, the one member of `CreateShareParams.data`'s `oneOf`.
const CREATE: &[Field] = &[
    req("type", Kind::Enum(&["asset"])),
    req("name", Kind::Str { max: Some(175), nullable: false }),
    req("access", Kind::Enum(&["public", "secure"])),
    opt("asset_ids", Kind::StrArray),
    opt("accent_color", NSTR),
    opt("captions_enabled", NBOOL),
    opt("card_aspect_ratio", RATIO),
    opt("card_info_enabled", BOOL),
    opt("card_size", SIZE),
    opt("commenting_enabled", BOOL),
    opt("description", Kind::Str { max: Some(640), nullable: true }),
    opt("downloading_enabled", BOOL),
    opt("drm_enabled", BOOL),
    opt("editable_fields_enabled", BOOL),
    opt("enabled", BOOL),
    opt("expiration", NSTR),
    opt("featured_field_definition_id", NSTR),
    opt("forensic_watermark_enabled", BOOL),
    opt("icons_visible_on_list", BOOL),
    opt("layout", Kind::Enum(&["grid", "list", "reel"])),
    opt("list_row_size", SIZE),
    opt("name_column_width", Kind::Int { min: None, max: None, nullable: true }),
    opt("open_in_viewer_enabled", BOOL),
    opt("passphrase", Kind::Str { max: Some(255), nullable: true }),
    opt("reel_card_aspect_ratio", RATIO),
    opt("reel_card_fit_image", BOOL),
    opt("show_all_asset_versions", NBOOL),
    opt("show_asset_name_in_reel_layout", BOOL),
    opt("sort_by", Kind::Object(SORT_BY)),
    opt("theme", Kind::Enum(&["dark", "light", "neutral"])),
    opt("thumbnail_scale", Kind::Enum(&["fit", "fill"])),
    opt("title_line_count", Kind::Int { min: Some(1), max: Some(2), nullable: false }),
    opt("transcripts_enabled", NBOOL),
    opt("visible_field_definition_ids", Kind::StrArray),
    opt("watermark_enabled", NBOOL),
];

const REVIEWERS: &[Field] = &[
    opt("adobe_user_ids", Kind::StrArray),
    opt("emails", Kind::StrArray),
    opt("share_list_ids", Kind::StrArray),
    opt("user_ids", Kind::StrArray),
];
const ADD: &[Field] = &[req("reviewers", Kind::Object(REVIEWERS)), req("message", STR), opt("notify_by_email", BOOL)];

/// `Share`: the stored settings, without the simulator's own `_…` keys.
fn render(s: &Obj) -> Value {
    Value::Object(s.iter().filter(|(k, _)| !k.starts_with('_')).map(|(k, v)| (k.clone(), v.clone())).collect())
}

pub fn create(cx: &mut Cx, pid: &str) -> Reply {
    let d = data(cx.req, CREATE)?;
    let p = access::project(&cx.w.fio, &cx.account, pid, &cx.p.user)?;
    if !access::can_edit_project(&cx.w.fio, p, &cx.p.user) {
        return Err(V4Err::forbidden("You do not have permission to share from this project"));
    }
    let project_id = str_field(p, "id").unwrap_or_default().to_owned();
    let asset_ids: Vec<String> = d
        .get("asset_ids")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    for (i, a) in asset_ids.iter().enumerate() {
        let ours = cx.w.fio.asset(a).is_some_and(|a| str_field(a, "project_id") == Some(project_id.as_str()));
        if !ours {
            return Err(V4Err::field(format!("/data/asset_ids/{i}"), "Asset not found in this project"));
        }
    }
    let (id, collection, at) = (cx.w.rng.frameio_id(), cx.w.rng.frameio_id(), now());
    let short = format!("https://f.io/{}", &id.replace('-', "")[..8]);
    let mut share = json!({
        "id": id, "name": d["name"], "description": null, "collection_id": collection, "short_url": short,
        "access": d["access"], "enabled": true, "commenting_enabled": true, "downloading_enabled": true,
        "expiration": null, "last_viewed_at": null, "passphrase": null, "created_at": at, "updated_at": at,
        "_project_id": project_id, "_account_id": cx.account, "_asset_ids": asset_ids, "_reviewers": [],
        "_creator_id": cx.p.user,
    });
    for (k, v) in d.iter().filter(|(k, _)| !matches!(k.as_str(), "type" | "asset_ids")) {
        share[k] = v.clone();
    }
    let Value::Object(share) = share else { unreachable!("json! object") };
    cx.w.fio.shares.insert(id, share.clone());
    created(render(&share))
}

fn share<'a>(cx: &'a Cx, sid: &str) -> Result<&'a Obj, V4Err> {
    uuid("share_id", sid)?;
    let s = cx.w.fio.shares.get(sid).filter(|s| str_field(s, "_account_id") == Some(cx.account.as_str()));
    let s = s.filter(|s| !is_deleted(s)).ok_or_else(|| V4Err::not_found("Share"))?;
    access::project(&cx.w.fio, &cx.account, str_field(s, "_project_id").unwrap_or_default(), &cx.p.user)?;
    Ok(s)
}

pub fn index(cx: &mut Cx, pid: &str) -> Reply {
    query_enum(cx.req, "sort", SORTS)?;
    let pg = page(cx.req, 100)?;
    access::project(&cx.w.fio, &cx.account, pid, &cx.p.user)?;
    let mut items: Vec<&Obj> = cx.w.fio.shares.values().filter(|s| str_field(s, "_project_id") == Some(pid)).collect();
    sort_items(&mut items, pg.sort.as_deref(), |s, f| str_field(s, f).unwrap_or_default().to_owned());
    let data = items.into_iter().map(render).collect();
    list(cx.req, &pg, data)
}

pub fn show(cx: &mut Cx, sid: &str) -> Reply {
    ok(render(share(cx, sid)?))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::trim).map(str::to_owned).collect()
}

pub fn add_reviewers(cx: &mut Cx, sid: &str) -> Reply {
    let d = data(cx.req, ADD)?;
    let s = share(cx, sid)?;
    let project_id = str_field(s, "_project_id").unwrap_or_default().to_owned();
    let fio = &cx.w.fio;
    let r = &d["reviewers"];
    if let Some(list_id) = strings(&r["share_list_ids"]).first() {
        return Err(V4Err::not_found(&format!("Share list {list_id}")));
    }
    // "A request can only include one identifier type parameter" (FIO4 shares docstring).
    let kinds = ["emails", "user_ids", "adobe_user_ids", "share_list_ids"];
    if kinds.iter().filter(|k| r.get(**k).is_some()).count() > 1 {
        return Err(V4Err::field("/data/reviewers", "A request can only include one identifier type"));
    }
    let mut people: Vec<(Option<String>, String)> = Vec::new();
    for (i, e) in strings(&r["emails"]).into_iter().enumerate() {
        if !e.contains('@') || e.starts_with('@') || e.ends_with('@') {
            return Err(V4Err::field(format!("/data/reviewers/emails/{i}"), "Invalid email address"));
        }
        let uid = fio.user_by_email(&e).and_then(|u| str_field(u, "id")).map(str::to_owned);
        people.push((uid, e));
    }
    for (i, u) in strings(&r["user_ids"]).into_iter().enumerate() {
        uuid(&format!("data/reviewers/user_ids/{i}"), &u)?;
        let email = fio.users.get(&u).and_then(|x| str_field(x, "email")).ok_or_else(|| V4Err::not_found("User"))?;
        people.push((Some(u.clone()), email.to_owned()));
    }
    for a in strings(&r["adobe_user_ids"]) {
        let (uid, user) = fio
            .users
            .iter()
            .find(|(_, x)| str_field(x, "adobe_user_id") == Some(a.as_str()))
            .ok_or_else(|| V4Err::not_found("User"))?;
        people.push((Some(uid.clone()), str_field(user, "email").unwrap_or_default().to_owned()));
    }
    if people.is_empty() {
        return Err(V4Err::field("/data/reviewers", "At least one reviewer is required"));
    }
    let project_name = fio.projects.get(&project_id).and_then(|p| str_field(p, "name")).map(str::to_owned);
    let inviter = fio.user_name(&cx.p.user);
    let message = d["message"].as_str().map(str::to_owned).filter(|m| !m.is_empty());
    let notify = d.get("notify_by_email").and_then(Value::as_bool).unwrap_or(false);
    let fio = &mut cx.w.fio;
    if let Some(Value::Array(list)) = fio.shares.get_mut(sid).and_then(|s| s.get_mut("_reviewers")) {
        for (uid, email) in &people {
            let known = list.iter().any(|x| x["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(email)));
            if !known {
                list.push(json!({"user_id": uid, "email": email}));
            }
        }
    }
    if notify {
        for (_, email) in people {
            fio.outbox.push(OutboxEmail {
                to: email,
                kind: "share_invite".into(),
                project_id: Some(project_id.clone()),
                project_name: project_name.clone(),
                team_id: None,
                inviter: inviter.clone(),
                message: message.clone(),
                sent_at: now(),
            });
        }
    }
    no_content()
}

/// `ShareReviewersResponse`: `User`s; someone without a Frame.io account has `id: null`.
pub fn list_reviewers(cx: &mut Cx, sid: &str) -> Reply {
    query_enum(cx.req, "sort", &["name_asc", "active", "name_desc", "inactive"])?;
    let pg = page(cx.req, 100)?;
    let s = share(cx, sid)?;
    let fio = &cx.w.fio;
    let users: Vec<Value> = s
        .get("_reviewers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|r| match r["user_id"].as_str() {
            Some(uid) => super::render::user(fio, uid),
            None => json!({"id": null, "name": null, "email": r["email"], "avatar_url": null, "active": null,
                "adobe_user_id": null}),
        })
        .collect();
    list(cx.req, &pg, users)
}
