//! The simulated Frame.io v2 API over real HTTP: auth, accounts, teams, projects, paging, rate
//! limits, collaborators and errors, the way frameioclient and fioctl call it.

use std::collections::BTreeMap;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use wfio::sim::settings::{Limit, RateLimits};
use wfio::sim::{SimOptions, Simulator};

/// The demo's tokens: Avery administers two accounts, Blake owns one, Casey administers none.
const AVERY: &str = "fio-u-demo-2accounts-Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";
const BLAKE: &str = "fio-u-demo-1account-Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5Ja";
const CASEY: &str = "fio-u-demo-noadmin-Cm4Rw9Pt2Xn7Lb5Vq1Hz8Ks3Df6Gj0Ya";

fn fid(name: &str) -> String {
    wfio::sim::ids::frameio_id_for(name)
}

/// The demo simulator, with rate limiting off unless a test turns it on.
async fn demo() -> Simulator {
    let sim = Simulator::start(SimOptions::default()).await.unwrap();
    sim.world().settings.rate_limits = RateLimits::Off;
    sim
}

struct Reply {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_else(|| panic!("no {name} header"))
    }
}

/// One request to `/v2{path}` like frameioclient sends it: bearer token and a JSON body, `{}` when none.
async fn call(sim: &Simulator, token: Option<&str>, method: Method, path: &str, body: Option<Value>) -> Reply {
    let mut req = reqwest::Client::new()
        .request(method, format!("{}/v2{path}", sim.base_url()))
        .json(&body.unwrap_or_else(|| json!({})));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.json().await.unwrap_or(Value::Null);
    Reply { status, headers, body }
}

async fn get(sim: &Simulator, token: &str, path: &str) -> Reply {
    call(sim, Some(token), Method::GET, path, None).await
}

async fn post(sim: &Simulator, token: &str, path: &str, body: Value) -> Reply {
    call(sim, Some(token), Method::POST, path, Some(body)).await
}

fn assert_error_body(r: &Reply, status: u16) {
    assert_eq!(r.status.as_u16(), status, "{}", r.body);
    assert_eq!(r.body["code"], status);
    assert_eq!(r.body["errors"][0]["status"], status);
    assert!(r.body["errors"][0]["detail"].is_string());
    assert!(r.body["message"].is_string());
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn me_and_401_with_the_documented_body() {
    let sim = demo().await;
    let me = get(&sim, AVERY, "/me").await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["name"], "Avery Admin");
    assert_eq!(me.body["id"], fid("@fu-avery"));
    for token in [None, Some("fio-u-not-a-token")] {
        let r = call(&sim, token, Method::GET, "/me", None).await;
        assert_error_body(&r, 401);
        assert!(r.headers.contains_key("x-ratelimit-limit"), "rate-limit headers on errors too");
    }
}

#[tokio::test]
async fn accounts_and_membership_for_the_three_demo_tokens() {
    let sim = demo().await;
    let mut administered = BTreeMap::new();
    for (name, token) in [("avery", AVERY), ("blake", BLAKE), ("casey", CASEY)] {
        let accounts = get(&sim, token, "/accounts").await;
        assert_eq!(accounts.status, 200);
        let mut admin = Vec::new();
        for id in ids(&accounts.body) {
            let m = get(&sim, token, &format!("/accounts/{id}/membership")).await;
            assert_eq!(m.status, 200);
            assert_eq!(m.body["reviewer"], false);
            if matches!(m.body["account"].as_str(), Some("owner" | "admin")) {
                let a = get(&sim, token, &format!("/accounts/{id}")).await;
                admin.push(a.body["display_name"].as_str().unwrap().to_owned());
            }
        }
        admin.sort();
        administered.insert(name, (ids(&accounts.body).len(), admin));
    }
    assert_eq!(administered["avery"], (3, vec!["Northwind Agency".to_owned(), "Northwind Studios".to_owned()]));
    assert_eq!(administered["blake"], (1, vec!["Blake Rivera Edits".to_owned()]));
    assert_eq!(administered["casey"].1, Vec::<String>::new());

    let studios = fid("@fa-studios");
    let m = get(&sim, AVERY, &format!("/accounts/{studios}/membership")).await;
    assert_eq!(m.body["account"], "admin");
    assert_eq!(m.body["team"], "team_manager");
    let partners = get(&sim, AVERY, &format!("/accounts/{}/membership", fid("@fa-partners"))).await;
    assert_eq!((partners.body["account"].as_str(), partners.body["team"].as_str()), (Some("member"), Some("member")));
    let a = get(&sim, AVERY, &format!("/accounts/{studios}")).await;
    assert_eq!(a.body["owner"]["name"], "Gus Oyelaran");
    assert_eq!(a.body["team_count"], 2);
    // Not a member: the account does not exist for Blake.
    assert_error_body(&get(&sim, BLAKE, &format!("/accounts/{studios}")).await, 404);
    assert_error_body(&get(&sim, BLAKE, &format!("/accounts/{studios}/membership")).await, 404);
    assert_error_body(&get(&sim, BLAKE, &format!("/accounts/{studios}/teams")).await, 404);
}

#[tokio::test]
async fn teams_by_account_across_accounts_and_their_members() {
    let sim = demo().await;
    let studios = fid("@fa-studios");
    let teams = get(&sim, AVERY, &format!("/accounts/{studios}/teams?include=user_role")).await;
    let names: Vec<&str> = teams.body.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"Brand Studio") && names.contains(&"Video Post"));
    assert!(teams.body.as_array().unwrap().iter().all(|t| t["user_role"] == "team_manager"));
    let plain = get(&sim, AVERY, &format!("/accounts/{studios}/teams")).await;
    assert!(plain.body[0].get("user_role").is_none(), "user_role only when included");

    let mine = get(&sim, AVERY, "/teams").await;
    assert_eq!(ids(&mine.body).len(), 5, "Avery's teams in all three accounts");
    assert_eq!(
        get(&sim, AVERY, &format!("/accounts/{}/teams", fid("@fa-partners"))).await.body.as_array().unwrap().len(),
        1
    );
    assert_eq!(
        get(&sim, CASEY, &format!("/accounts/{}/teams", fid("@fa-partners"))).await.body,
        json!([]),
        "private teams stay hidden"
    );
    let casey = get(&sim, CASEY, "/teams").await;
    assert_eq!(ids(&casey.body), vec![fid("@ft-casey")]);

    let brand = fid("@ft-brand");
    let team = get(&sim, AVERY, &format!("/teams/{brand}")).await;
    assert_eq!(
        (team.body["name"].as_str(), team.body["account_id"].as_str()),
        (Some("Brand Studio"), Some(studios.as_str()))
    );
    assert_eq!(get(&sim, AVERY, &format!("/teams/{brand}/membership")).await.body["role"], "team_manager");
    let members = get(&sim, AVERY, &format!("/teams/{brand}/members")).await;
    assert_eq!(members.header("total"), "3");
    let made = post(&sim, AVERY, &format!("/accounts/{studios}/teams"), json!({"name": "Social"})).await;
    assert_eq!((made.status.as_u16(), made.body["account_id"].as_str()), (200, Some(studios.as_str())));
    assert_eq!(
        get(&sim, AVERY, &format!("/teams/{}/membership", made.body["id"].as_str().unwrap())).await.body["role"],
        "team_manager"
    );
    assert_error_body(
        &post(&sim, CASEY, &format!("/accounts/{}/teams", fid("@fa-partners")), json!({"name": "x"})).await,
        403,
    );
    // Casey is in Partner Network but not in its private team; Blake is not in Studios at all.
    assert_error_body(&get(&sim, CASEY, &format!("/teams/{}", fid("@ft-partners"))).await, 403);
    assert_error_body(&get(&sim, BLAKE, &format!("/teams/{brand}")).await, 403);
    assert_error_body(&get(&sim, AVERY, &format!("/teams/{}", fid("@nope"))).await, 404);
}

#[tokio::test]
async fn team_members_add_existing_users_and_invite_unknown_emails() {
    let sim = demo().await;
    let post_team = fid("@ft-post");
    let path = format!("/teams/{post_team}/members");
    let kai_in_brand = post(
        &sim,
        AVERY,
        &format!("/teams/{}/members", fid("@ft-brand")),
        json!({"email": "kai.andersen@northwind.example"}),
    )
    .await;
    assert_eq!(kai_in_brand.status, 200);
    assert_eq!(kai_in_brand.body["user_id"], fid("@fu-kai"));
    assert_eq!(kai_in_brand.body["role"], "member");
    let by_id = post(&sim, AVERY, &path, json!({"user_id": fid("@fu-hana"), "role": "team_manager"})).await;
    assert_eq!((by_id.status.as_u16(), by_id.body["role"].as_str()), (200, Some("team_manager")));
    let newbie = post(&sim, AVERY, &path, json!({"email": "newbie@studio.example"})).await;
    assert_eq!(newbie.status, 200);
    assert!(newbie.body["user_id"].is_null());
    let again = post(&sim, AVERY, &path, json!({"email": "newbie@studio.example"})).await;
    assert_eq!(again.status, 200);
    let outbox = sim.world().fio.outbox.clone();
    let invites: Vec<_> = outbox.iter().filter(|e| e.kind == "team_invite").collect();
    assert_eq!(invites.len(), 3, "one per new member, none for the repeat: {outbox:?}");
    assert!(
        invites.iter().any(|e| e.to == "newbie@studio.example" && e.team_id.as_deref() == Some(post_team.as_str()))
    );
    assert!(invites.iter().all(|e| e.inviter == "Avery Admin"));
    assert_error_body(&post(&sim, AVERY, &path, json!({"role": "member"})).await, 422);
    assert_error_body(&post(&sim, CASEY, &path, json!({"email": "x@y.example"})).await, 403);
}

#[tokio::test]
async fn every_list_carries_paging_headers_even_one_page() {
    let sim = demo().await;
    let brand = fid("@ft-brand");
    let project = fid("@fproj-holiday");
    let lists = [
        "/accounts".to_owned(),
        format!("/accounts/{}/teams", fid("@fa-studios")),
        "/teams".to_owned(),
        format!("/teams/{brand}/members"),
        format!("/teams/{brand}/projects"),
        format!("/projects/{project}/collaborators"),
        format!("/projects/{project}/pending_collaborators"),
        format!("/assets/{}/children", fid("@fasset-holiday-root")),
        "/projects/shared".to_owned(),
    ];
    for path in &lists {
        let r = get(&sim, AVERY, path).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.body.is_array(), "{path}: a bare array");
        assert_eq!(r.header("page-number"), "1", "{path}");
        assert_eq!(r.header("per-page"), "50", "{path}");
        assert_eq!(r.header("total-pages"), "1", "{path}");
        assert_eq!(r.header("total").parse::<usize>().unwrap(), r.body.as_array().unwrap().len(), "{path}");
        assert!(r.header("link").contains("rel=\"first\""), "{path}");
    }

    for i in 0..5 {
        assert_eq!(
            post(&sim, AVERY, &format!("/teams/{brand}/projects"), json!({"name": format!("P{i}")})).await.status,
            200
        );
    }
    let page2 = get(&sim, AVERY, &format!("/teams/{brand}/projects?page=2&page_size=2")).await;
    assert_eq!(ids(&page2.body).len(), 2);
    assert_eq!((page2.header("page-number"), page2.header("per-page")), ("2", "2"));
    assert_eq!((page2.header("total"), page2.header("total-pages")), ("6", "3"));
    let link = page2.header("link");
    let next = format!("<{}/v2/teams/{brand}/projects?page=3&page_size=2>; rel=\"next\"", sim.base_url());
    assert!(link.contains(&next), "{link}");
    assert!(link.contains("page=1&page_size=2>; rel=\"prev\""), "{link}");
    let page1 = get(&sim, AVERY, &format!("/teams/{brand}/projects?page_size=2")).await;
    assert!(ids(&page1.body).iter().all(|id| !ids(&page2.body).contains(id)), "pages do not overlap");
    let beyond = get(&sim, AVERY, &format!("/teams/{brand}/projects?page=9&page_size=2")).await;
    assert_eq!((beyond.body.as_array().unwrap().len(), beyond.header("total")), (0, "6"));
    let capped = get(&sim, AVERY, &format!("/teams/{brand}/projects?page_size=1000")).await;
    assert_eq!(capped.header("per-page"), "100");
}

#[tokio::test]
async fn a_json_body_on_get_is_tolerated_and_its_params_ignored() {
    let sim = demo().await;
    // frameioclient 1.1.0 puts list kwargs in the GET body (issue #20): the API ignored them.
    let r = call(&sim, Some(AVERY), Method::GET, "/teams", Some(json!({"page_size": 1, "page": 2}))).await;
    assert_eq!(r.status, 200);
    assert_eq!((r.header("per-page"), r.header("page-number")), ("50", "1"));
    assert_eq!(ids(&r.body).len(), 5);
    // frameioclient 1.1.0 pages `...?include=project_role` with `?page=2` appended.
    let odd =
        get(&sim, AVERY, &format!("/projects/{}/collaborators?include=project_role?page=2", fid("@fproj-holiday")))
            .await;
    assert_eq!((odd.status.as_u16(), odd.header("page-number")), (200, "2"));
    let d =
        call(&sim, Some(AVERY), Method::DELETE, &format!("/assets/{}", fid("@fasset-holiday-edit")), Some(json!({})))
            .await;
    assert_eq!(d.status, 200);
}

#[tokio::test]
async fn rate_limits_headers_on_every_response_and_429_past_a_custom_limit() {
    let sim = demo().await;
    let limits = BTreeMap::from([("default".to_owned(), Limit { requests: 3, window_ms: 60_000 })]);
    sim.world().settings.rate_limits = RateLimits::Custom { limits };
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let r = get(&sim, AVERY, "/me").await;
        assert_eq!(r.status, 200);
        assert_eq!((r.header("x-ratelimit-limit"), r.header("x-ratelimit-window")), ("3", "60000"));
        remaining.push(r.header("x-ratelimit-remaining").to_owned());
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let limited = get(&sim, AVERY, "/teams").await;
    assert_error_body(&limited, 429);
    assert_eq!(limited.header("x-ratelimit-remaining"), "0");
    assert!(!limited.headers.contains_key("retry-after"), "not documented for v2, not sent by default");
    assert_eq!(get(&sim, BLAKE, "/me").await.status, 200, "per user");
    let asset = get(&sim, AVERY, &format!("/assets/{}", fid("@fasset-holiday-root"))).await;
    assert_eq!(asset.status, 200, "another class, the published assets.read limit");
    assert_eq!((asset.header("x-ratelimit-limit"), asset.header("x-ratelimit-window")), ("5", "1000"));
    sim.world().fio.retry_after_on_429 = true;
    assert!(get(&sim, AVERY, "/me").await.headers.contains_key("retry-after"));

    sim.world().settings.rate_limits = RateLimits::Off;
    for _ in 0..60 {
        let r = get(&sim, AVERY, "/me").await;
        assert_eq!(r.status, 200);
        assert!(r.headers.contains_key("x-ratelimit-remaining"));
    }
    sim.world().settings.rate_limits = RateLimits::Published;
    let r = get(&sim, CASEY, "/me").await;
    assert_eq!(
        (r.header("x-ratelimit-limit"), r.header("x-ratelimit-remaining"), r.header("x-ratelimit-window")),
        ("50", "49", "1000")
    );
    let create = post(&sim, AVERY, &format!("/teams/{}/projects", fid("@ft-brand")), json!({"name": "Q"})).await;
    assert_eq!((create.header("x-ratelimit-limit"), create.header("x-ratelimit-window")), ("100", "60000"));
}

#[tokio::test]
async fn project_create_read_update_delete() {
    let sim = demo().await;
    let brand = fid("@ft-brand");
    let p = post(
        &sim,
        AVERY,
        &format!("/teams/{brand}/projects"),
        json!({"name": "Q3 Spot", "private": false, "project_preferences": {"collaborator_can_invite": true}}),
    )
    .await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert_eq!((p.body["name"].as_str(), p.body["team_id"].as_str()), (Some("Q3 Spot"), Some(brand.as_str())));
    assert_eq!(p.body["owner_id"], fid("@fu-avery"));
    assert_eq!(p.body["private"], false);
    assert!(p.body["inserted_at"].as_str().unwrap().ends_with('Z'));
    let id = p.body["id"].as_str().unwrap().to_owned();
    let root = get(&sim, AVERY, &format!("/assets/{}", p.body["root_asset_id"].as_str().unwrap())).await;
    assert_eq!((root.status.as_u16(), root.body["_type"].as_str()), (200, Some("folder")));
    assert_eq!(root.body["project_id"], id);
    assert_eq!(get(&sim, AVERY, &format!("/projects/{id}")).await.body["name"], "Q3 Spot");
    let m = get(&sim, AVERY, &format!("/projects/{id}/membership")).await;
    assert_eq!((m.body["owner"].as_bool(), m.body["team_role"].as_str()), (Some(true), Some("team_manager")));

    let renamed =
        call(&sim, Some(AVERY), Method::PUT, &format!("/projects/{id}"), Some(json!({"name": "Q3 Spot v2"}))).await;
    assert_eq!(renamed.body["name"], "Q3 Spot v2");
    assert_error_body(&post(&sim, AVERY, &format!("/teams/{brand}/projects"), json!({"private": true})).await, 422);
    assert_error_body(&post(&sim, CASEY, &format!("/teams/{brand}/projects"), json!({"name": "x"})).await, 403);
    assert_error_body(
        &post(&sim, AVERY, &format!("/teams/{}/projects", fid("@nope")), json!({"name": "x"})).await,
        404,
    );
    assert_error_body(&get(&sim, BLAKE, &format!("/projects/{}", fid("@fproj-holiday"))).await, 403);
    assert_error_body(&get(&sim, AVERY, &format!("/projects/{}", fid("@nope"))).await, 404);
    assert_error_body(&get(&sim, AVERY, "/no/such/route").await, 404);

    let deleted = call(&sim, Some(AVERY), Method::DELETE, &format!("/projects/{id}"), None).await;
    assert_eq!(deleted.status, 200);
    assert_error_body(&get(&sim, AVERY, &format!("/projects/{id}")).await, 404);
}

#[tokio::test]
async fn collaborators_existing_pending_dedup_and_outbox() {
    let sim = demo().await;
    let project = fid("@fproj-holiday");
    let path = format!("/projects/{project}/collaborators");
    let pat = post(&sim, AVERY, &format!("{path}?include=project_role"), json!({"email": "Pat@Partner.example"})).await;
    assert_eq!(pat.status, 200, "{}", pat.body);
    assert_eq!(pat.body["_type"], "collaborator");
    assert_eq!(pat.body["user_id"], fid("@fu-partner"));
    assert_eq!(pat.body["user"]["name"], "Pat Partner");
    assert_eq!(pat.body["project_id"], project);
    let pending = post(&sim, AVERY, &path, json!({"email": "jane.doe@example.com", "message": "Welcome"})).await;
    assert_eq!(pending.body["_type"], "pending_collaborator");
    assert!(pending.body.get("user").is_none());
    let again = post(&sim, AVERY, &path, json!({"email": "pat@partner.example"})).await;
    assert_eq!((again.status.as_u16(), &again.body["id"]), (200, &pat.body["id"]), "the existing record, no duplicate");

    let list = get(&sim, AVERY, &format!("{path}?sort=user.email")).await;
    assert_eq!(ids(&list.body), vec![pat.body["id"].as_str().unwrap()]);
    let pend = get(&sim, AVERY, &format!("/projects/{project}/pending_collaborators?sort=email")).await;
    assert_eq!(pend.body[0]["email"], "jane.doe@example.com");
    assert_eq!(get(&sim, CASEY, "/projects/shared").await.body, json!([]));

    let outbox = sim.world().fio.outbox.clone();
    assert_eq!(outbox.len(), 2, "{outbox:?}");
    assert_eq!(outbox[0].to, "pat@partner.example");
    assert_eq!(outbox[1].to, "jane.doe@example.com");
    for e in &outbox {
        assert_eq!(e.kind, "project_invite");
        assert_eq!(e.project_id.as_deref(), Some(project.as_str()));
        assert_eq!(e.project_name.as_deref(), Some("Holiday Spot 2026"));
        assert_eq!(e.team_id.as_deref(), Some(fid("@ft-brand").as_str()));
        assert_eq!(e.inviter, "Avery Admin");
        assert!(e.sent_at.ends_with('Z'));
    }
    assert_eq!(outbox[1].message.as_deref(), Some("Welcome"));
    assert_error_body(&post(&sim, AVERY, &path, json!({})).await, 422);
    assert_error_body(&post(&sim, BLAKE, &path, json!({"email": "a@b.example"})).await, 403);
}

#[tokio::test]
async fn batch_collaborators_report_per_item_errors_and_honour_send_email() {
    let sim = demo().await;
    let project = fid("@fproj-holiday");
    let path = format!("/batch/projects/{project}/collaborators");
    let nobody = fid("@nobody");
    let body = json!({
        "batch": [
            {"email": "casey.morgan@northwind.example", "message": "Hi Casey"},
            {"user_id": fid("@fu-eli")},
            {"user_id": nobody},
            {"email": "not-an-email"},
            {"email": "fresh@example.com"},
        ],
        "default_message": "Welcome!",
    });
    let r = post(&sim, AVERY, &path, body).await;
    assert_eq!(r.status, 200);
    let errors = r.body["error"].as_object().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.contains_key(&nobody) && errors.contains_key("not-an-email"));
    let outbox = sim.world().fio.outbox.clone();
    assert_eq!(
        outbox.iter().map(|e| e.to.as_str()).collect::<Vec<_>>(),
        ["casey.morgan@northwind.example", "eli.novak@northwind.example", "fresh@example.com"]
    );
    assert_eq!(outbox[0].message.as_deref(), Some("Hi Casey"));
    assert_eq!(outbox[1].message.as_deref(), Some("Welcome!"));
    // Casey is now a collaborator: she sees the project.
    assert_eq!(get(&sim, CASEY, &format!("/projects/{project}")).await.status, 200);
    assert_eq!(ids(&get(&sim, CASEY, "/projects/shared").await.body), vec![project.clone()]);

    let quiet = post(
        &sim,
        AVERY,
        &path,
        json!({"batch": [{"email": "quiet@example.com"}, {"email": "fresh@example.com"}], "send_email": false}),
    )
    .await;
    assert_eq!(quiet.body, json!({"error": null}));
    assert_eq!(sim.world().fio.outbox.len(), 3, "send_email false sends nothing");
    let pending = get(&sim, AVERY, &format!("/projects/{project}/pending_collaborators")).await;
    assert_eq!(pending.header("total"), "2", "no duplicate for fresh@example.com");
}
