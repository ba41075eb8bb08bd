//! The simulated Frame.io V4 API over real HTTP: envelopes, cursor paging, every error status,
//! rate-limit headers and 429 (custom, off, `Retry-After` when asked for), legacy developer tokens with and without the header, S2S scope,
//! people and email, shares. Uploads are in `sim_frameio_v4_upload.rs`, IMS in `sim_ims.rs`,
//! schema conformance in `sim_v4_schema.rs`.

#[path = "common/v4.rs"]
mod v4;

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};
use v4::{AVERY, BLAKE, CASEY, Cred, call, demo, fid, get, patch, post};
use wfio::sim::settings::{Limit, RateLimits};

fn studios() -> String {
    format!("/v4/accounts/{}", fid("@fa-studios"))
}

fn agency() -> String {
    format!("/v4/accounts/{}", fid("@fa-agency"))
}

fn assert_error(r: &v4::Reply, status: u16) {
    assert_eq!(r.status.as_u16(), status, "{}", r.body);
    let errors = r.body["errors"].as_array().unwrap_or_else(|| panic!("no errors in {}", r.body));
    assert_eq!(errors.len(), 1);
    let e = errors[0].as_object().unwrap();
    assert!(e["detail"].is_string());
    assert!(e.keys().all(|k| ["detail", "source", "title"].contains(&k.as_str())), "{e:?}");
    for h in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-window"] {
        assert!(r.headers.contains_key(h), "{h} on an error too");
    }
}

#[tokio::test]
async fn me_and_accounts_with_an_ims_token() {
    let sim = demo().await;
    let base = sim.base_url();
    let token = v4::sign_in(&base, "avery.admin@northwind.example").await;
    let t = token["access_token"].as_str().unwrap();
    let me = get(&base, Cred::Bearer(t), "/v4/me").await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(
        me.data(),
        &json!({"id": fid("@fu-avery"), "name": "Avery Admin",
        "email": "avery.admin@northwind.example", "avatar_url": null})
    );
    let accounts = get(&base, Cred::Bearer(t), "/v4/accounts?include_total_count=true").await;
    assert_eq!(accounts.body["total_count"], 3);
    assert_eq!(accounts.body["links"], json!({"next": null}));
    let by_name: BTreeMap<&str, &Value> = accounts
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["display_name"].as_str().unwrap(), &a["roles"]))
        .collect();
    assert_eq!(by_name["Northwind Studios"], &json!(["admin"]));
    assert_eq!(by_name["Northwind Agency"], &json!(["owner"]));
    assert_eq!(by_name["Partner Network"], &json!(["member"]));
    let studios =
        accounts.data().as_array().unwrap().iter().find(|a| a["display_name"] == "Northwind Studios").unwrap();
    assert_eq!(studios["adobe_id"], "NORTHWIND000000000000001@AdobeOrg");
    // An account may be addressed as adobe:<org id> too (FrameOrAdobeId).
    let ws = get(&base, Cred::Bearer(t), "/v4/accounts/adobe:NORTHWIND000000000000001@AdobeOrg/workspaces").await;
    assert_eq!(ws.status, 200, "{}", ws.body);
    let sorted = get(&base, Cred::Bearer(t), "/v4/accounts?sort=display_name_desc").await;
    assert_eq!(sorted.data()[0]["display_name"], "Partner Network");
}

#[tokio::test]
async fn legacy_tokens_need_the_header_and_an_account_outside_the_admin_console() {
    let sim = demo().await;
    let base = sim.base_url();
    let without = get(&base, Cred::Bearer(AVERY), "/v4/me").await;
    assert_error(&without, 401);
    assert!(without.detail().contains("x-frameio-legacy-token-auth"), "{}", without.body);
    let me = get(&base, Cred::Legacy(AVERY), "/v4/me").await;
    assert_eq!(me.data()["name"], "Avery Admin");
    let accounts = get(&base, Cred::Legacy(AVERY), "/v4/accounts").await;
    assert_eq!(accounts.data().as_array().unwrap().len(), 3, "the list shows every account of the user");
    let refused = get(&base, Cred::Legacy(AVERY), &format!("{}/workspaces", studios())).await;
    assert_error(&refused, 403);
    assert!(refused.detail().contains("Adobe Admin Console"), "{}", refused.body);
    let agency = get(&base, Cred::Legacy(AVERY), &format!("{}/workspaces", agency())).await;
    assert_eq!(agency.status, 200, "{}", agency.body);
    let names: Vec<&str> = agency.data().as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Agency Creative", "Agency Social"]);
    let blake = get(&base, Cred::Legacy(BLAKE), &format!("/v4/accounts/{}/workspaces", fid("@fa-blake"))).await;
    assert_eq!(blake.status, 200);
    let unknown = get(&base, Cred::Legacy("fio-u-nope"), "/v4/me").await;
    assert_error(&unknown, 401);
    assert_eq!(unknown.detail(), "Invalid or missing authorization token");
    assert_error(&get(&base, Cred::None, "/v4/me").await, 401);
}

#[tokio::test]
async fn s2s_tokens_work_only_on_their_orgs_admin_console_accounts() {
    let sim = demo().await;
    let base = sim.base_url();
    let t = v4::s2s_token(&base).await;
    let me = get(&base, Cred::Bearer(&t), "/v4/me").await;
    assert_eq!(me.data()["name"], "Service Account User");
    let accounts = get(&base, Cred::Bearer(&t), "/v4/accounts").await;
    let names: Vec<&str> =
        accounts.data().as_array().unwrap().iter().map(|a| a["display_name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Northwind Studios"]);
    let ws = get(&base, Cred::Bearer(&t), &format!("{}/workspaces", studios())).await;
    assert_eq!(ws.status, 200, "{}", ws.body);
    // The technical account is a member of no other account: 404 there, like any stranger.
    assert_error(&get(&base, Cred::Bearer(&t), &format!("{}/workspaces", agency())).await, 404);
    // Were it a member of a migrated account, S2S would still be refused there.
    {
        let mut w = sim.world();
        let members = w.fio.account_members.get_mut(&fid("@fa-agency")).unwrap();
        members.push(wfio::sim::frameio::store::Membership { user_id: fid("@fu-s2s"), role: "admin".into() });
    }
    let refused = get(&base, Cred::Bearer(&t), &format!("{}/workspaces", agency())).await;
    assert_error(&refused, 403);
    assert!(refused.detail().contains("Admin Console"), "{}", refused.body);
}

#[tokio::test]
async fn workspaces_projects_and_folders() {
    let sim = demo().await;
    let base = sim.base_url();
    let t = v4::sign_in(&base, "avery.admin@northwind.example").await;
    let c = Cred::Bearer(t["access_token"].as_str().unwrap());
    let ws = post(&base, c, &format!("{}/workspaces", studios()), json!({"name": "Motion"})).await;
    assert_eq!(ws.status, 201, "{}", ws.body);
    let ws_id = ws.data()["id"].as_str().unwrap().to_owned();
    let shown = get(&base, c, &format!("{}/workspaces/{ws_id}?include=creator", studios())).await;
    assert_eq!(shown.data()["creator"]["email"], "avery.admin@northwind.example");
    let p = post(&base, c, &format!("{}/workspaces/{ws_id}/projects", studios()), json!({"name": "Teaser"})).await;
    assert_eq!(p.status, 201, "{}", p.body);
    let project = p.data().clone();
    assert_eq!(project["status"], "active");
    assert_eq!(project["restricted"], false);
    assert_eq!(project["workspace_id"], ws_id.as_str());
    assert!(project["view_url"].as_str().unwrap().starts_with("https://"));
    let (pid, root) = (project["id"].as_str().unwrap(), project["root_folder_id"].as_str().unwrap());
    let list = get(&base, c, &format!("{}/workspaces/{ws_id}/projects?include=owner", studios())).await;
    assert_eq!(list.data()[0]["owner"]["name"], "Avery Admin");
    let f = post(&base, c, &format!("{}/folders/{root}/folders", studios()), json!({"name": "Script"})).await;
    assert_eq!(f.status, 201, "{}", f.body);
    assert_eq!(f.data()["parent_id"], root);
    assert_eq!(f.data()["type"], "folder");
    let kids = get(&base, c, &format!("{}/folders/{root}/children", studios())).await;
    assert_eq!(kids.data().as_array().unwrap().len(), 1);
    let folders = get(&base, c, &format!("{}/folders/{root}/folders", studios())).await;
    assert_eq!(folders.data()[0]["name"], "Script");
    let renamed =
        patch(&base, c, &format!("{}/projects/{pid}", studios()), json!({"name": "Teaser 2", "status": "inactive"}))
            .await;
    assert_eq!(
        (renamed.data()["name"].as_str(), renamed.data()["status"].as_str()),
        (Some("Teaser 2"), Some("inactive"))
    );
    let gone = call(&base, c, Method::DELETE, &format!("{}/projects/{pid}", studios()), None).await;
    assert_eq!(gone.status, 204);
    assert_eq!(gone.body, Value::Null);
    assert_error(&get(&base, c, &format!("{}/projects/{pid}", studios())).await, 404);
}

#[tokio::test]
async fn cursor_paging_through_more_than_a_hundred() {
    let sim = demo().await;
    let base = sim.base_url();
    let c = Cred::Legacy(AVERY);
    let p = post(&base, c, &format!("{}/workspaces/{}/projects", agency(), fid("@ft-agency")), json!({"name": "Many"}))
        .await;
    let root = p.data()["root_folder_id"].as_str().unwrap().to_owned();
    for i in 0..130 {
        let r =
            post(&base, c, &format!("{}/folders/{root}/folders", agency()), json!({"name": format!("F{i:03}")})).await;
        assert_eq!(r.status, 201);
    }
    let mut path = format!("{}/folders/{root}/children?page_size=100&sort=name_asc&include_total_count=true", agency());
    let mut names = Vec::new();
    let mut pages = 0;
    loop {
        let r = get(&base, c, &path).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["total_count"].as_u64(), if pages == 0 { Some(130) } else { None });
        names.extend(r.data().as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().to_owned()));
        pages += 1;
        match r.body["links"]["next"].as_str() {
            Some(next) => {
                assert!(next.starts_with("/v4/") && next.contains("?after=") && !next.contains('&'), "{next}");
                path = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(pages, 2);
    let want: Vec<String> = (0..130).map(|i| format!("F{i:03}")).collect();
    assert_eq!(names, want, "every item once, in order, across pages");
    let three = get(&base, c, &format!("{}/folders/{root}/folders", agency())).await;
    assert_eq!(three.data().as_array().unwrap().len(), 50, "default page size");
    let big = get(&base, c, &format!("{}/users?page_size=101", agency())).await;
    assert_error(&big, 422);
    assert_eq!(big.body["errors"][0]["source"]["pointer"], "/page_size");
    assert_error(&get(&base, c, &format!("{}/folders/{root}/children?after=garbage", agency())).await, 422);
}

#[tokio::test]
async fn every_error_status() {
    let sim = demo().await;
    let base = sim.base_url();
    let t = v4::sign_in(&base, "avery.admin@northwind.example").await;
    let c = Cred::Bearer(t["access_token"].as_str().unwrap());
    let ws = format!("{}/workspaces/{}/projects", studios(), fid("@ft-brand"));
    // 400: not JSON.
    let r = v4::http()
        .post(format!("{base}{ws}"))
        .bearer_auth(t["access_token"].as_str().unwrap())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // 422: an unknown field, worded as the real API words it.
    let r = post(&base, c, &ws, json!({"name": "X", "color": "red"})).await;
    assert_error(&r, 422);
    assert_eq!(
        r.body["errors"][0],
        json!({"detail": "Unexpected field: color", "source": {"pointer": "/data/color"},
        "title": "Invalid value"})
    );
    let r = post(&base, c, &ws, json!({})).await;
    assert_eq!(r.detail(), "Missing field: name");
    let r = call(&base, c, Method::POST, &ws, Some(json!({"name": "no envelope"}))).await;
    assert_error(&r, 422);
    assert_eq!(r.body["errors"][0]["source"]["pointer"], "/name");
    let r = post(&base, c, &ws, json!({"name": "X", "restricted": "yes"})).await;
    assert_eq!(r.detail(), "Invalid boolean. Got: string");
    // 401, 403, 404, 409.
    assert_error(&get(&base, Cred::Bearer("nope"), "/v4/me").await, 401);
    let casey = v4::sign_in(&base, "casey.morgan@northwind.example").await;
    let cc = Cred::Bearer(casey["access_token"].as_str().unwrap());
    let partner = format!("/v4/accounts/{}", fid("@fa-partners"));
    let r = post(&base, cc, &format!("{partner}/workspaces"), json!({"name": "Mine"})).await;
    assert_error(&r, 403);
    assert_error(&get(&base, c, &format!("{}/projects/{}", studios(), fid("@nothing"))).await, 404);
    assert_error(&get(&base, c, &format!("/v4/accounts/{}/workspaces", fid("@fa-blake"))).await, 404);
    assert_error(&get(&base, c, "/v4/nowhere").await, 404);
    let owner = patch(
        &base,
        Cred::Legacy(AVERY),
        &format!("{}/users/{}", agency(), fid("@fu-avery")),
        json!({"role": "member"}),
    )
    .await;
    assert_error(&owner, 409);
    // 405 and 501: a documented path with another method; a documented operation not simulated.
    assert_error(&call(&base, c, Method::PUT, "/v4/me", None).await, 405);
    assert_error(&get(&base, c, &format!("{}/audit_logs", studios())).await, 501);
    // 429, with the headers.
    sim.world().settings.rate_limits = RateLimits::Published;
    let mut last = None;
    for _ in 0..11 {
        last = Some(post(&base, c, &format!("{}/workspaces", studios()), json!({"name": "W"})).await);
    }
    let r = last.unwrap();
    assert_error(&r, 429);
    assert_eq!(
        (r.header("x-ratelimit-limit"), r.header("x-ratelimit-remaining"), r.header("x-ratelimit-window")),
        ("10", "0", "60000")
    );
}

#[tokio::test]
async fn rate_limit_headers_follow_the_published_table_per_operation() {
    let sim = demo().await;
    sim.world().settings.rate_limits = RateLimits::Published;
    let base = sim.base_url();
    let c = Cred::Legacy(AVERY);
    let me = get(&base, c, "/v4/me").await;
    assert_eq!(
        (me.header("x-ratelimit-limit"), me.header("x-ratelimit-remaining"), me.header("x-ratelimit-window")),
        ("100", "99", "60000")
    );
    let root = fid("@fasset-holiday-root");
    let mut statuses = Vec::new();
    for i in 0..4 {
        let r = post(&base, c, &format!("{}/folders/{root}/folders", agency()), json!({"name": format!("{i}")})).await;
        statuses.push((
            r.status.as_u16(),
            r.header("x-ratelimit-limit").to_owned(),
            r.header("x-ratelimit-window").to_owned(),
        ));
    }
    // The holiday root is Studios', not Agency's: 404, metered all the same (3 per second).
    assert_eq!(statuses[0], (404, "3".into(), "1000".into()));
    assert_eq!(statuses[3].0, 429);
    // A bucket per operation: another operation is not affected.
    assert_eq!(get(&base, c, "/v4/accounts").await.status, 200);
    // Custom limits name operations.
    let limits = BTreeMap::from([("users.show".to_owned(), Limit { requests: 1, window_ms: 60_000 })]);
    sim.world().settings.rate_limits = RateLimits::Custom { limits };
    let r = get(&base, Cred::Legacy(BLAKE), "/v4/me").await;
    assert_eq!((r.status.as_u16(), r.header("x-ratelimit-limit")), (200, "1"));
    let limited = get(&base, Cred::Legacy(BLAKE), "/v4/me").await;
    assert_error(&limited, 429);
    assert!(!limited.headers.contains_key("retry-after"), "not documented, not sent by default");
    sim.world().fio.retry_after_on_429 = true;
    let wait: u64 = get(&base, Cred::Legacy(BLAKE), "/v4/me").await.header("retry-after").parse().unwrap();
    assert!((1..=60).contains(&wait), "seconds until the bucket takes one more: {wait}");
    assert_eq!(get(&base, Cred::Legacy(CASEY), "/v4/me").await.status, 200, "buckets are per user");
    // Off: never limited, the headers still there with a generous limit.
    sim.world().settings.rate_limits = RateLimits::Off;
    for _ in 0..5 {
        let r = get(&base, Cred::Legacy(BLAKE), "/v4/me").await;
        assert_eq!((r.status.as_u16(), r.header("x-ratelimit-window")), (200, "60000"));
        assert!(r.header("x-ratelimit-limit").parse::<u32>().unwrap() >= 1000, "a generous limit");
        assert!(r.headers.contains_key("x-ratelimit-remaining"));
    }
}

#[tokio::test]
async fn account_users_list_invited_people_with_a_null_id() {
    let sim = demo().await;
    let base = sim.base_url();
    let t = v4::sign_in(&base, "avery.admin@northwind.example").await;
    let c = Cred::Bearer(t["access_token"].as_str().unwrap());
    let r = get(&base, c, &format!("{}/users?sort=email_asc&page_size=3&include_total_count=true", studios())).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["total_count"], 10);
    let mut rows = r.data().as_array().unwrap().clone();
    let mut next = r.body["links"]["next"].as_str().map(str::to_owned);
    while let Some(path) = next {
        let page = get(&base, c, &path).await;
        rows.extend(page.data().as_array().unwrap().iter().cloned());
        next = page.body["links"]["next"].as_str().map(str::to_owned);
    }
    let emails: Vec<&str> = rows.iter().map(|r| r["user"]["email"].as_str().unwrap()).collect();
    let mut sorted = emails.clone();
    sorted.sort();
    assert_eq!(emails, sorted, "sorted by email across pages");
    let cleo = rows.iter().find(|r| r["user"]["email"] == "cleo.park@northwind.example").unwrap();
    assert_eq!(cleo["user"]["id"], Value::Null);
    assert_eq!(cleo["role"], "member");
    let avery = rows.iter().find(|r| r["user"]["email"] == "avery.admin@northwind.example").unwrap();
    assert_eq!(avery["role"], "admin");
    assert_eq!(avery["user"]["adobe_user_id"].as_str().unwrap().len(), "5A1D0C7E9B2F4E6A0A494011@AdobeID".len());
}

#[tokio::test]
async fn adding_a_project_user_emails_them_once_and_a_role_change_sends_nothing() {
    let sim = demo().await;
    let base = sim.base_url();
    let t = v4::sign_in(&base, "avery.admin@northwind.example").await;
    let c = Cred::Bearer(t["access_token"].as_str().unwrap());
    let path = format!("{}/projects/{}/users/{}", studios(), fid("@fproj-holiday"), fid("@fu-eli"));
    let r = patch(&base, c, &path, json!({"role": "editor"})).await;
    assert_eq!((r.status.as_u16(), r.body.clone()), (200, json!({"data": {"role": "editor"}})));
    let r = patch(&base, c, &path, json!({"role": "viewer"})).await;
    assert_eq!(r.data()["role"], "viewer");
    assert_error(&patch(&base, c, &path, json!({"role": "owner"})).await, 422);
    let outbox = sim.world().fio.outbox.clone();
    assert_eq!(outbox.len(), 1, "{outbox:?}");
    assert_eq!((outbox[0].to.as_str(), outbox[0].kind.as_str()), ("eli.novak@northwind.example", "project_access"));
    assert_eq!(outbox[0].project_name.as_deref(), Some("Holiday Spot 2026"));
    assert_eq!(outbox[0].inviter, "Avery Admin");
    let users = get(&base, c, &format!("{}/projects/{}/users", studios(), fid("@fproj-holiday"))).await;
    let roles: Vec<(&str, &str)> = users
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["user"]["name"].as_str().unwrap(), r["role"].as_str().unwrap()))
        .collect();
    assert_eq!(roles, vec![("Avery Admin", "owner"), ("Eli Novak", "viewer")]);
    assert_eq!(call(&base, c, Method::DELETE, &path, None).await.status, 204);
    assert_error(&call(&base, c, Method::DELETE, &path, None).await, 404);
    assert_error(
        &patch(
            &base,
            c,
            &format!("{}/projects/{}/users/nope", studios(), fid("@fproj-holiday")),
            json!({"role": "editor"}),
        )
        .await,
        422,
    );
    assert_error(
        &patch(
            &base,
            c,
            &format!("{}/projects/{}/users/{}", studios(), fid("@fproj-holiday"), fid("@nobody")),
            json!({"role": "editor"}),
        )
        .await,
        404,
    );
    // Workspace users: add with a V4 role; v2 then sees a team member.
    let ws = format!("{}/workspaces/{}/users/{}", studios(), fid("@ft-brand"), fid("@fu-farah"));
    let r = patch(&base, c, &ws, json!({"role": "commenter"})).await;
    assert_eq!(r.data()["role"], "commenter");
    assert_eq!(sim.world().fio.team_role(&fid("@ft-brand"), &fid("@fu-farah")), Some("member"));
    let list = get(&base, c, &format!("{}/workspaces/{}/users?sort=role_asc", studios(), fid("@ft-brand"))).await;
    assert_eq!(list.data()[0]["role"], "commenter");
    let hana = v4::sign_in(&base, "hana.sato@northwind.example").await;
    let r = patch(&base, Cred::Bearer(hana["access_token"].as_str().unwrap()), &path, json!({"role": "editor"})).await;
    assert_error(&r, 403);
}

#[tokio::test]
async fn shares_and_reviewers_by_email_land_in_the_outbox_on_every_call() {
    let sim = demo().await;
    let base = sim.base_url();
    let t = v4::sign_in(&base, "avery.admin@northwind.example").await;
    let c = Cred::Bearer(t["access_token"].as_str().unwrap());
    let project = format!("{}/projects/{}", studios(), fid("@fproj-holiday"));
    let share = post(&base, c, &format!("{project}/shares"),
        json!({"type": "asset", "name": "Script review", "access": "secure", "asset_ids": [fid("@fasset-holiday-script")]})).await;
    assert_eq!(share.status, 201, "{}", share.body);
    let sid = share.data()["id"].as_str().unwrap().to_owned();
    assert_eq!(share.data()["access"], "secure");
    assert!(share.data()["short_url"].as_str().unwrap().starts_with("https://f.io/"));
    let bad = post(
        &base,
        c,
        &format!("{project}/shares"),
        json!({"type": "asset", "name": "x", "access": "secure",
        "asset_ids": [fid("@nothing")]}),
    )
    .await;
    assert_error(&bad, 422);
    let add = json!({"reviewers": {"emails": ["cleo.park@northwind.example", "hana.sato@northwind.example"]},
        "message": "Please look", "notify_by_email": true});
    let path = format!("{}/shares/{sid}/reviewers", studios());
    for _ in 0..2 {
        let r = post(&base, c, &path, add.clone()).await;
        assert_eq!(r.status, 204, "{}", r.body);
    }
    let quiet = json!({"reviewers": {"emails": ["dana.kim@northwind.example"]}, "message": ""});
    assert_eq!(post(&base, c, &path, quiet).await.status, 204);
    let outbox = sim.world().fio.outbox.clone();
    let to: Vec<&str> = outbox.iter().map(|e| e.to.as_str()).collect();
    assert_eq!(
        to,
        vec![
            "cleo.park@northwind.example",
            "hana.sato@northwind.example",
            "cleo.park@northwind.example",
            "hana.sato@northwind.example"
        ],
        "a repeated call emails again"
    );
    assert!(outbox.iter().all(|e| e.kind == "share_invite" && e.message.as_deref() == Some("Please look")));
    let reviewers = get(&base, c, &path).await;
    let people: Vec<(Value, &str)> =
        reviewers.data().as_array().unwrap().iter().map(|u| (u["id"].clone(), u["email"].as_str().unwrap())).collect();
    assert_eq!(
        people,
        vec![
            (Value::Null, "cleo.park@northwind.example"),
            (json!(fid("@fu-hana")), "hana.sato@northwind.example"),
            (Value::Null, "dana.kim@northwind.example")
        ]
    );
    let mixed = json!({"reviewers": {"emails": ["a@b.c"], "user_ids": [fid("@fu-hana")]}, "message": "m"});
    assert_error(&post(&base, c, &path, mixed).await, 422);
    assert_error(&post(&base, c, &path, json!({"reviewers": {"emails": ["x@y.z"]}})).await, 422);
    let shares = get(&base, c, &format!("{project}/shares")).await;
    assert_eq!(shares.data().as_array().unwrap().len(), 1);
    // The HTTP outbox shows every kind.
    let v: Value = v4::http().get(format!("{base}/_sim/outbox")).send().await.unwrap().json().await.unwrap();
    assert_eq!(v.as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn faults_the_request_log_and_scale_cover_v4() {
    let sim = demo().await;
    let base = sim.base_url();
    let c = Cred::Legacy(AVERY);
    let faults = json!({"error_rate": 1.0, "only_request": "POST /v4/"});
    let r = v4::http().put(format!("{base}/_sim/faults")).json(&faults).send().await.unwrap();
    assert!(r.status().is_success());
    let failed = post(&base, c, &format!("{}/workspaces", agency()), json!({"name": "X"})).await;
    assert!(failed.status.is_server_error());
    assert!(failed.body["errors"][0]["detail"].is_string(), "V4's error body: {}", failed.body);
    assert_eq!(get(&base, c, "/v4/me").await.status, 200, "only the named requests");
    let r = v4::http().put(format!("{base}/_sim/faults")).json(&json!({"burst_429": 1})).send().await.unwrap();
    assert!(r.status().is_success());
    let limited = get(&base, c, "/v4/me").await;
    assert_error(&limited, 429);
    let log: Value =
        v4::http().get(format!("{base}/_sim/requests?api=frameio")).send().await.unwrap().json().await.unwrap();
    let paths: Vec<&str> = log["requests"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"/v4/me") && paths.iter().any(|p| p.ends_with("/workspaces")), "{paths:?}");
    // A generated organisation keeps the V4 side and the IMS clients.
    let seed = wfio::sim::scale::generate(40);
    let big =
        wfio::sim::Simulator::start(wfio::sim::SimOptions { seed_json: seed, ..Default::default() }).await.unwrap();
    big.world().settings.rate_limits = RateLimits::Off;
    let t = v4::sign_in(&big.base_url(), "avery.admin@northwind.example").await;
    let ws =
        get(&big.base_url(), Cred::Bearer(t["access_token"].as_str().unwrap()), &format!("{}/workspaces", studios()))
            .await;
    assert_eq!(ws.data().as_array().unwrap().len(), 2);
    let users = get(&big.base_url(), Cred::Legacy(AVERY), &format!("{}/users", agency())).await;
    assert!(users.data().as_array().unwrap().iter().any(|u| u["user"]["id"].is_null()));
}
