//! Schema conformance: every V4 operation wfio uses is sent to the simulator, and every
//! response body, success and error, is validated against the official OpenAPI document's
//! schema for that operation and status (see `common/openapi.rs` for finding the document and
//! turning it into JSON Schema). Also: the simulator's rate-limit table is re-derived from the
//! document's descriptions and must agree.

#[path = "common/openapi.rs"]
mod openapi;
#[path = "common/v4.rs"]
mod v4;

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};
use v4::{AVERY, Cred, call, demo, fid};
use wfio::sim::frameio::v4::limits::{self, OPS};

/// The operations wfio's V4 client uses (and the simulator therefore must get right).
const WFIO_USES: &[&str] = &[
    "users.show",
    "accounts.index",
    "workspaces.index",
    "workspaces.create",
    "workspaces.show",
    "projects.index",
    "projects.create",
    "projects.show",
    "projects.update",
    "projects.delete",
    "folders.index",
    "folders.list",
    "folders.create",
    "folders.show",
    "files.create_local_upload",
    "files.show",
    "files.show_file_upload_status",
    "account_user_roles.index",
    "project_user_roles.index",
    "project_user_roles.update",
    "project_permissions.delete",
    "workspace_user_roles.index",
    "workspace_user_roles.update",
    "shares.create",
    "shares.show",
    "shares.add_reviewers",
    "shares.list_reviewers",
];

struct Seen {
    op: &'static str,
    template: &'static str,
    method: String,
    status: u16,
    body: Value,
}

struct Recorder {
    base: String,
    seen: Vec<Seen>,
}

impl Recorder {
    async fn send(&mut self, cred: Cred<'_>, method: Method, path: &str, data: Option<Value>) -> Value {
        let r = call(&self.base, cred, method.clone(), path, data.map(|d| json!({ "data": d }))).await;
        let bare = path.split('?').next().unwrap();
        let segs: Vec<&str> = bare.split('/').filter(|s| !s.is_empty()).collect();
        let (op, _) =
            limits::find(method.as_str(), &segs).unwrap_or_else(|| panic!("no operation for {method} {bare}"));
        self.seen.push(Seen {
            op: op.id,
            template: op.path,
            method: method.to_string(),
            status: r.status.as_u16(),
            body: r.body.clone(),
        });
        r.body
    }
    async fn get(&mut self, cred: Cred<'_>, path: &str) -> Value {
        self.send(cred, Method::GET, path, None).await
    }
    async fn post(&mut self, cred: Cred<'_>, path: &str, data: Value) -> Value {
        self.send(cred, Method::POST, path, Some(data)).await
    }
    async fn patch(&mut self, cred: Cred<'_>, path: &str, data: Value) -> Value {
        self.send(cred, Method::PATCH, path, Some(data)).await
    }
}

#[tokio::test]
async fn every_response_wfio_sees_conforms_to_the_document() {
    let Some(doc) = openapi::load() else { return };
    let mut spec = openapi::Spec::new(doc);
    let sim = demo().await;
    let mut rec = Recorder { base: sim.base_url(), seen: Vec::new() };
    let t = v4::sign_in(&rec.base, "avery.admin@northwind.example").await;
    let c = Cred::Bearer(t["access_token"].as_str().unwrap());
    let bad = Cred::Bearer("not-a-token");
    let a = format!("/v4/accounts/{}", fid("@fa-studios"));
    let nothing = fid("@nothing");

    rec.get(c, "/v4/me").await;
    rec.get(bad, "/v4/me").await;
    rec.get(c, "/v4/accounts?include_total_count=true").await;
    rec.get(c, "/v4/accounts?page_size=1").await;
    rec.get(c, "/v4/accounts?page_size=0").await;
    rec.get(c, &format!("{a}/workspaces?include=creator")).await;
    rec.get(Cred::Legacy(AVERY), &format!("{a}/workspaces")).await;
    let ws = rec.post(c, &format!("{a}/workspaces"), json!({"name": "Schema"})).await;
    rec.post(c, &format!("{a}/workspaces"), json!({"name": 3})).await;
    let ws_id = ws["data"]["id"].as_str().unwrap().to_owned();
    rec.get(c, &format!("{a}/workspaces/{ws_id}?include=creator")).await;
    rec.get(c, &format!("{a}/workspaces/{nothing}")).await;
    let p = rec
        .post(c, &format!("{a}/workspaces/{ws_id}/projects"), json!({"name": "Schema project", "restricted": true}))
        .await;
    rec.post(c, &format!("{a}/workspaces/{ws_id}/projects"), json!({"name": "x", "extra": 1})).await;
    let pid = p["data"]["id"].as_str().unwrap().to_owned();
    let root = p["data"]["root_folder_id"].as_str().unwrap().to_owned();
    rec.get(c, &format!("{a}/workspaces/{ws_id}/projects?include=owner&include_total_count=true")).await;
    rec.get(c, &format!("{a}/workspaces/{nothing}/projects")).await;
    rec.get(c, &format!("{a}/projects/{pid}?include=owner")).await;
    rec.get(c, &format!("{a}/projects/{nothing}")).await;
    rec.patch(c, &format!("{a}/projects/{pid}"), json!({"name": "Renamed", "status": "inactive"})).await;
    rec.patch(c, &format!("{a}/projects/{pid}"), json!({"status": "archived"})).await;
    let f = rec.post(c, &format!("{a}/folders/{root}/folders"), json!({"name": "Script"})).await;
    rec.post(c, &format!("{a}/folders/{nothing}/folders"), json!({"name": "x"})).await;
    let folder = f["data"]["id"].as_str().unwrap().to_owned();
    rec.get(c, &format!("{a}/folders/{folder}?include=creator,project")).await;
    rec.get(c, &format!("{a}/folders/{nothing}")).await;
    let up = rec
        .post(c, &format!("{a}/folders/{folder}/files/local_upload"), json!({"name": "brief.txt", "file_size": 5}))
        .await;
    rec.post(c, &format!("{a}/folders/{folder}/files/local_upload"), json!({"name": "x.txt"})).await;
    let file = up["data"]["id"].as_str().unwrap().to_owned();
    rec.get(c, &format!("{a}/files/{file}/status")).await;
    let url = up["data"]["upload_urls"][0]["url"].as_str().unwrap().to_owned();
    let put = v4::http()
        .put(url)
        .header("x-amz-acl", "private")
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    rec.get(c, &format!("{a}/files/{file}/status")).await;
    rec.get(c, &format!("{a}/files/{nothing}/status")).await;
    rec.get(c, &format!("{a}/files/{file}?include=media_links.original,media_links.thumbnail,creator")).await;
    rec.get(c, &format!("{a}/files/{file}")).await;
    rec.get(c, &format!("{a}/files/{nothing}")).await;
    rec.get(c, &format!("{a}/folders/{root}/children?include_total_count=true")).await;
    rec.get(c, &format!("{a}/folders/{folder}/children?include=media_links.original")).await;
    rec.get(c, &format!("{a}/folders/{root}/children?sort=sideways")).await;
    rec.get(c, &format!("{a}/folders/{root}/folders?page_size=1")).await;
    rec.get(c, &format!("{a}/folders/{nothing}/folders")).await;
    rec.get(c, &format!("{a}/users?sort=email_asc&include_total_count=true")).await;
    rec.get(c, &format!("{a}/users?sort=shoe_size")).await;
    let user = format!("{a}/projects/{pid}/users/{}", fid("@fu-hana"));
    rec.patch(c, &user, json!({"role": "editor"})).await;
    rec.patch(c, &user, json!({"role": "boss"})).await;
    rec.get(c, &format!("{a}/projects/{pid}/users")).await;
    rec.get(c, &format!("{a}/projects/{nothing}/users")).await;
    rec.send(c, Method::DELETE, &user, None).await;
    rec.send(c, Method::DELETE, &user, None).await;
    let wsu = format!("{a}/workspaces/{ws_id}/users/{}", fid("@fu-kai"));
    rec.patch(c, &wsu, json!({"role": "viewer"})).await;
    rec.patch(c, &wsu, json!({})).await;
    rec.get(c, &format!("{a}/workspaces/{ws_id}/users")).await;
    rec.get(c, &format!("{a}/workspaces/{nothing}/users")).await;
    let share = rec
        .post(
            c,
            &format!("{a}/projects/{pid}/shares"),
            json!({"type": "asset", "name": "Review", "access": "public",
        "asset_ids": [folder]}),
        )
        .await;
    rec.post(c, &format!("{a}/projects/{pid}/shares"), json!({"type": "reel", "name": "x", "access": "public"})).await;
    let sid = share["data"]["id"].as_str().unwrap().to_owned();
    rec.get(c, &format!("{a}/shares/{sid}")).await;
    rec.get(c, &format!("{a}/shares/{nothing}")).await;
    let rv = format!("{a}/shares/{sid}/reviewers");
    rec.post(
        c,
        &rv,
        json!({"reviewers": {"emails": ["cleo.park@northwind.example"]}, "message": "Hi", "notify_by_email": true}),
    )
    .await;
    rec.post(c, &rv, json!({"reviewers": {"emails": ["x@y.z"]}})).await;
    rec.get(c, &rv).await;
    rec.get(c, &format!("{a}/shares/{nothing}/reviewers")).await;
    rec.send(c, Method::DELETE, &format!("{a}/projects/{pid}"), None).await;
    rec.send(c, Method::DELETE, &format!("{a}/projects/{pid}"), None).await;
    // A 429 and a 403, through the same schemas.
    sim.world().settings.rate_limits = wfio::sim::settings::RateLimits::Published;
    for _ in 0..11 {
        rec.post(c, &format!("{a}/workspaces"), json!({"name": "W"})).await;
    }
    rec.get(Cred::Legacy(AVERY), &format!("{a}/users")).await;

    let mut failures = Vec::new();
    let mut covered: BTreeSet<(&str, bool)> = BTreeSet::new();
    for s in &rec.seen {
        covered.insert((s.op, (200..300).contains(&s.status)));
        if let Err(e) = spec.validate(s.template, &s.method, s.status, &s.body) {
            failures.push(format!("{} {} → {}: {e}\n  body: {}", s.method, s.template, s.status, s.body));
        }
    }
    assert!(failures.is_empty(), "{} non-conforming responses:\n{}", failures.len(), failures.join("\n"));
    for op in WFIO_USES {
        assert!(covered.contains(&(op, true)), "{op}: no success response was checked");
        assert!(covered.contains(&(op, false)) || *op == "users.show", "{op}: no error response was checked");
    }
    let statuses: BTreeSet<u16> = rec.seen.iter().map(|s| s.status).collect();
    for s in [200, 201, 204, 401, 403, 404, 422, 429] {
        assert!(statuses.contains(&s), "no {s} was checked");
    }
}

/// `N calls per X second(s)|minute(s)` → (N, window in ms).
fn parse_limit(description: &str) -> Option<(u32, u64)> {
    let re = regex::Regex::new(r"Rate Limits: (\d+) calls per ([\d.]+) (second|minute)\(s\) per account_user").unwrap();
    let c = re.captures(description)?;
    let n = c[1].parse().ok()?;
    let x: f64 = c[2].parse().ok()?;
    let unit = if &c[3] == "second" { 1000.0 } else { 60_000.0 };
    Some((n, (x * unit).round() as u64))
}

#[test]
fn the_rate_limit_table_is_the_documents() {
    let Some(doc) = openapi::load() else { return };
    let mut from_doc = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            let description = op["description"].as_str().unwrap_or_default();
            let (n, ms) = parse_limit(description).unwrap_or_else(|| panic!("no rate limit in {method} {path}"));
            from_doc.insert((
                path.clone(),
                method.to_uppercase(),
                op["operationId"].as_str().unwrap().to_owned(),
                n,
                ms,
            ));
        }
    }
    let table: BTreeSet<(String, String, String, u32, u64)> = OPS
        .iter()
        .map(|o| (o.path.to_owned(), o.method.to_owned(), o.id.to_owned(), o.requests, o.window_ms))
        .collect();
    assert_eq!(from_doc.len(), 97);
    let missing: Vec<_> = from_doc.difference(&table).collect();
    let extra: Vec<_> = table.difference(&from_doc).collect();
    assert!(missing.is_empty() && extra.is_empty(), "not in the table: {missing:?}\nnot in the document: {extra:?}");
}

#[test]
fn the_validator_catches_what_does_not_conform() {
    let Some(doc) = openapi::load() else { return };
    let mut spec = openapi::Spec::new(doc);
    let me = "/v4/me";
    let good = json!({"data": {"id": fid("@fu-avery"), "name": "A", "email": "a@b.c", "avatar_url": null}});
    assert!(spec.validate(me, "GET", 200, &good).is_ok());
    assert!(spec.validate(me, "GET", 200, &json!({"data": {"id": 1}})).is_err());
    assert!(
        spec.validate(
            me,
            "GET",
            200,
            &json!({"data": {"id": "not-a-uuid", "name": "A", "email": "e", "avatar_url": null}})
        )
        .is_err()
    );
    assert!(
        spec.validate(me, "GET", 401, &json!({"errors": [{"detail": "x", "code": 401}]})).is_err(),
        "no other error keys"
    );
    assert!(spec.validate(me, "GET", 418, &json!({})).is_err(), "an undocumented status");
    let file = "/v4/accounts/{account_id}/files/{file_id}";
    let f = json!({"id": fid("@f"), "name": "a", "type": "file", "parent_id": null, "project_id": fid("@p"),
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "view_url": "u",
        "status": "created", "media_type": "text/plain", "file_size": 1});
    assert!(spec.validate(file, "GET", 200, &json!({"data": f})).is_ok());
    let mut extra = f.clone();
    extra["filetype"] = json!("text/plain");
    assert!(
        spec.validate(file, "GET", 200, &json!({"data": extra})).is_err(),
        "FileWithIncludes takes no other fields"
    );
}

#[test]
fn the_conversion_handles_nullable_refs_and_composition() {
    let s = openapi::convert(&json!({"type": "string", "nullable": true, "example": "x"}));
    assert_eq!(s, json!({"anyOf": [{"type": "null"}, {"type": "string"}]}));
    let s = openapi::convert(&json!({"allOf": [{"$ref": "#/components/schemas/A"}], "additionalProperties": false}));
    assert_eq!(s, json!({"allOf": [{"$ref": "#/$defs/A"}], "unevaluatedProperties": false}));
    let s = openapi::convert(&json!({"properties": {"nullable": {"type": "boolean"}}, "additionalProperties": false}));
    assert_eq!(s, json!({"properties": {"nullable": {"type": "boolean"}}, "additionalProperties": false}));
}
