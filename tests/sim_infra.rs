//! The simulator's infrastructure over real HTTP: fault injection, the `/_sim/` controls, the
//! request log, persistence across a restart, and the large-organisation generator.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use wfio::sim::frameio::store::OutboxEmail;
use wfio::sim::settings::{Faults, RateLimits, Settings};
use wfio::sim::{SimOptions, Simulator, persist, scale};

const API_KEY: &str = "d0d0cafe00000000000000000000d3e0";
/// Avery's developer token: on V4 with `x-frameio-legacy-token-auth: true`.
const TOKEN: &str = "fio-u-demo-2accounts-Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";
const S2S_CLIENT: &str = wfio::session::DEMO_S2S_CLIENT_ID;
const S2S_SECRET: &str = wfio::session::DEMO_S2S_SECRET;
const LOGIN: &str = "/attask/api/v21.0/login?username=avery.admin&password=demo-password";

fn http() -> Client {
    Client::builder().no_proxy().build().unwrap()
}

/// A demo simulator with these faults and Frame.io rate limiting off, so that only the injected
/// faults decide what a request gets.
async fn start_with(faults: Faults) -> Simulator {
    let settings = Settings { faults, rate_limits: RateLimits::Off };
    Simulator::start(SimOptions { settings, ..SimOptions::default() }).await.unwrap()
}

/// The demo simulator as the wizard starts it.
async fn start() -> Simulator {
    Simulator::start(SimOptions::default()).await.unwrap()
}

/// `GET /attask/api/v21.0/group/search` with the demo API key.
async fn wf_groups(c: &Client, sim: &Simulator) -> reqwest::Response {
    c.get(format!("{}/attask/api/v21.0/group/search", sim.base_url())).header("apiKey", API_KEY).send().await.unwrap()
}

/// `GET /v4/me` with Avery's developer token.
async fn fio_me(c: &Client, sim: &Simulator) -> reqwest::Response {
    c.get(format!("{}/v4/me", sim.base_url()))
        .bearer_auth(TOKEN)
        .header("x-frameio-legacy-token-auth", "true")
        .send()
        .await
        .unwrap()
}

/// `POST /ims/token/v3`: a server-to-server access token for the demo's client.
async fn s2s_token(c: &Client, base: &str, secret: &str) -> reqwest::Response {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("grant_type", "client_credentials"),
            ("client_id", S2S_CLIENT),
            ("client_secret", secret),
            ("scope", "openid AdobeID frame.s2s.all"),
        ])
        .finish();
    c.post(format!("{base}/ims/token/v3"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn get_json(c: &Client, url: String) -> Value {
    let resp = c.get(&url).send().await.unwrap();
    assert!(resp.status().is_success(), "{url}: {}", resp.status());
    resp.json().await.unwrap()
}

async fn sim_json(c: &Client, sim: &Simulator, path: &str) -> Value {
    get_json(c, format!("{}/_sim/{path}", sim.base_url())).await
}

async fn put_faults(c: &Client, sim: &Simulator, faults: Value) {
    let resp = c.put(format!("{}/_sim/faults", sim.base_url())).json(&faults).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "{}", resp.text().await.unwrap());
}

async fn session_count(c: &Client, sim: &Simulator) -> usize {
    sim_json(c, sim, "state").await["wf"]["sessions"].as_object().unwrap().len()
}

// ---------------------------------------------------------------- faults

#[tokio::test]
async fn latency_jitter_and_spikes_delay_responses() {
    let sim = start_with(Faults { latency_ms: 150, jitter_ms: 50, ..Faults::default() }).await;
    let c = http();
    for _ in 0..3 {
        let t = Instant::now();
        assert_eq!(fio_me(&c, &sim).await.status(), StatusCode::OK);
        let took = t.elapsed();
        assert!(took >= Duration::from_millis(150), "{took:?}");
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }

    put_faults(&c, &sim, json!({"spike_rate": 1.0, "spike_ms": 250})).await;
    let t = Instant::now();
    assert_eq!(wf_groups(&c, &sim).await.status(), StatusCode::OK);
    assert!(t.elapsed() >= Duration::from_millis(250), "{:?}", t.elapsed());
}

#[tokio::test]
async fn error_rate_one_fails_every_request_in_the_apis_own_shape() {
    let sim = start_with(Faults { error_rate: 1.0, ..Faults::default() }).await;
    let c = http();
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let resp = wf_groups(&c, &sim).await;
        statuses.push(resp.status().as_u16());
        assert!(matches!(resp.status().as_u16(), 500 | 503));
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["class"], "com.attask.common.AttaskException", "{body}");
        assert_eq!(body["error"]["msgKey"], "exception.attask");
        assert!(body["error"]["message"].is_string());

        // Frame.io V4's shape: `errors`, each with a title and a detail.
        let resp = fio_me(&c, &sim).await;
        let status = resp.status().as_u16();
        assert!(matches!(status, 500 | 503));
        let body: Value = resp.json().await.unwrap();
        let title = if status == 500 { "Internal Server Error" } else { "Service Unavailable" };
        assert_eq!(body["errors"][0]["title"], title, "{body}");
        assert!(body["errors"][0]["detail"].is_string(), "{body}");

        let resp = c.put(format!("{}/s3/bucket/part-0", sim.base_url())).body("bytes").send().await.unwrap();
        let status = resp.status().as_u16();
        assert_eq!(resp.headers()["content-type"], "application/xml");
        let body = resp.text().await.unwrap();
        match status {
            500 => assert!(body.contains("<Code>InternalError</Code>"), "{body}"),
            503 => assert!(body.contains("<Code>SlowDown</Code>"), "{body}"),
            other => panic!("S3 answered {other}"),
        }
    }
    assert_eq!(sim_json(&c, &sim, "health").await["status"], "ok", "/_sim/ never gets faults");
    // The handler never ran: an injected 5xx has no side effect.
    let resp = c.post(format!("{}{LOGIN}", sim.base_url())).send().await.unwrap();
    assert!(resp.status().is_server_error());
    assert_eq!(session_count(&c, &sim).await, 0);
    let log = sim_json(&c, &sim, "requests").await;
    assert_eq!(log["faults"]["error"], 19);
}

#[tokio::test]
async fn reset_cuts_the_body_after_the_side_effect_happened() {
    // A Workfront create (e.g. GROUP) is not emulated on this branch yet; login is the mutating
    // request that exists: it opens a session.
    let sim = start_with(Faults { reset_rate: 1.0, ..Faults::default() }).await;
    let c = http();
    let resp = c.post(format!("{}{LOGIN}", sim.base_url())).send().await.expect("headers arrive");
    assert_eq!(resp.status(), StatusCode::OK);
    let full_len: u64 = resp.headers()["content-length"].to_str().unwrap().parse().unwrap();
    assert!(full_len > 0);
    let err = resp.bytes().await.expect_err("the body is cut short");
    // A body error (hyper's IncompleteBody), not a clean response and not a failed request.
    assert!((err.is_body() || err.is_decode()) && !err.is_request() && !err.is_status(), "{err:?}");
    assert_eq!(session_count(&c, &sim).await, 1, "the login took effect before the reset");

    let err = match fio_me(&c, &sim).await.text().await {
        Ok(text) => panic!("a clean body: {text}"),
        Err(e) => e,
    };
    assert!(!err.is_status(), "{err:?}");
    let log = sim_json(&c, &sim, "requests").await;
    let rec = &log["requests"][0];
    assert_eq!((rec["status"].as_u64(), rec["fault"].as_str()), (Some(200), Some("reset")));

    put_faults(&c, &sim, json!({})).await;
    assert_eq!(fio_me(&c, &sim).await.json::<Value>().await.unwrap()["data"]["name"], "Avery Admin");
}

#[tokio::test]
async fn burst_429_answers_exactly_that_many_frameio_requests() {
    let sim = start_with(Faults { burst_429: 3, ..Faults::default() }).await;
    let c = http();
    assert_eq!(wf_groups(&c, &sim).await.status(), StatusCode::OK, "Workfront is not part of the burst");
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let resp = fio_me(&c, &sim).await;
        statuses.push(resp.status().as_u16());
        if resp.status() == StatusCode::TOO_MANY_REQUESTS {
            let h = resp.headers();
            assert_eq!(h["x-ratelimit-remaining"], "0");
            assert!(h.contains_key("x-ratelimit-limit") && h.contains_key("x-ratelimit-window"));
            let body: Value = resp.json().await.unwrap();
            assert_eq!(body["errors"][0]["title"], "Too Many Requests", "{body}");
        }
    }
    assert_eq!(statuses, vec![429, 429, 429, 200, 200]);
    assert_eq!(sim_json(&c, &sim, "faults").await["burst_429"], 0, "the counter was consumed");
    let log = sim_json(&c, &sim, "requests").await;
    assert_eq!(log["rate_limited"], 3);
    assert_eq!(log["by_status"]["429"], 3);
    assert_eq!(log["faults"]["burst_429"], 3);

    put_faults(&c, &sim, json!({"burst_429": 1})).await;
    assert_eq!(fio_me(&c, &sim).await.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(fio_me(&c, &sim).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn uploads_are_throttled_to_the_configured_rate() {
    // S3 part PUTs are throttled too (unit test in sim::faults, with a stand-in S3 route, since the
    // S3 emulation lives on the Frame.io branch); here, Workfront's upload endpoint.
    let sim = start().await;
    let c = http();
    let url = format!("{}/attask/api/v21.0/upload", sim.base_url());
    // A real upload (multipart `uploadedFile`), so the handler reads the whole body.
    let form = || {
        let part = reqwest::multipart::Part::bytes(vec![b'x'; 20_000]).file_name("x.bin");
        reqwest::multipart::Form::new().part("uploadedFile", part)
    };
    let t = Instant::now();
    let r = c.post(&url).header("apiKey", API_KEY).multipart(form()).send().await.unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    let unthrottled = t.elapsed();
    assert!(unthrottled < Duration::from_millis(600), "{unthrottled:?}");

    put_faults(&c, &sim, json!({"upload_bytes_per_sec": 20_000})).await;
    let t = Instant::now();
    c.post(&url).header("apiKey", API_KEY).multipart(form()).send().await.unwrap();
    let throttled = t.elapsed();
    assert!(throttled >= Duration::from_millis(980), "20 kB at 20 kB/s took {throttled:?}");
    assert!(throttled < Duration::from_secs(5), "{throttled:?}");
}

/// What happened to each of `n` sequential Frame.io requests: a status, or `reset`.
async fn fates(c: &Client, sim: &Simulator, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for _ in 0..n {
        let resp = fio_me(c, sim).await;
        let status = resp.status().as_u16();
        out.push(match resp.bytes().await {
            Ok(_) => status.to_string(),
            Err(_) => "reset".into(),
        });
    }
    out
}

#[tokio::test]
async fn a_fault_seed_reproduces_the_same_faults() {
    let faults = Faults { error_rate: 0.4, reset_rate: 0.3, jitter_ms: 3, ..Faults::default() };
    let opts = |fault_seed| SimOptions {
        fault_seed,
        settings: Settings { faults: faults.clone(), rate_limits: RateLimits::Off },
        ..SimOptions::default()
    };
    let c = http();
    let a = Simulator::start(opts(7)).await.unwrap();
    let b = Simulator::start(opts(7)).await.unwrap();
    let other = Simulator::start(opts(8)).await.unwrap();
    let first = fates(&c, &a, 30).await;
    assert_eq!(first, fates(&c, &b, 30).await, "same seed, same faults");
    assert_ne!(first, fates(&c, &other, 30).await, "another seed, other faults");
    assert!(first.iter().any(|f| f == "reset") && first.iter().any(|f| f == "200"), "{first:?}");
    assert!(first.iter().any(|f| f == "500" || f == "503"), "{first:?}");

    c.post(format!("{}/_sim/reset", a.base_url())).send().await.unwrap();
    assert_eq!(first, fates(&c, &a, 30).await, "a reset restarts the fault sequence");
    let resp = c.put(format!("{}/_sim/faults?seed=7", other.base_url())).json(&faults).send().await.unwrap();
    assert!(resp.status().is_success());
    assert_eq!(first, fates(&c, &other, 30).await, "PUT /_sim/faults?seed=N reseeds");
}

// ---------------------------------------------------------------- controls

#[tokio::test]
async fn health_state_and_blobs() {
    let sim = start().await;
    let c = http();
    let health = sim_json(&c, &sim, "health").await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["state_path"], Value::Null);

    let state = sim_json(&c, &sim, "state").await;
    assert_eq!(state["wf"]["objects"]["GROUP"].as_object().unwrap().len(), 8);
    assert!(state["fio"]["teams"].as_object().unwrap().len() >= 5);
    assert_eq!(state["settings"]["rate_limits"]["mode"], "published");
    let blobs = state["blobs"].as_object().unwrap();
    assert_eq!(blobs.len(), 2);
    let (key, size) = blobs.iter().find(|(k, _)| k.starts_with("wf/docv/")).unwrap();
    assert!(!state.to_string().contains("Audience: urban commuters"), "sizes, not contents");

    let resp = c.get(format!("{}/_sim/blobs/{key}", sim.base_url())).send().await.unwrap();
    assert_eq!(resp.headers()["content-type"], "application/octet-stream");
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(bytes.len() as u64, size.as_u64().unwrap());
    assert_eq!(bytes, sim.world().blobs.get(key).unwrap());
    let listed = get_json(&c, format!("{}/_sim/blobs?prefix=wf/docv/", sim.base_url())).await;
    assert_eq!(listed.as_object().unwrap().len(), 2);
    let missing = c.get(format!("{}/_sim/blobs/fio/part/nope/0", sim.base_url())).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let unknown = c.get(format!("{}/_sim/nope", sim.base_url())).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(unknown.json::<Value>().await.unwrap()["error"].is_string());
}

#[tokio::test]
async fn reset_returns_to_the_seed_and_the_start_settings() {
    let sim = start_with(Faults { latency_ms: 1, ..Faults::default() }).await;
    let c = http();
    c.post(format!("{}{LOGIN}", sim.base_url())).send().await.unwrap();
    sim.world().blobs.put("fio/part/a/0", Bytes::from_static(b"part"));
    put_faults(&c, &sim, json!({"latency_ms": 5, "burst_429": 9})).await;
    assert_eq!(session_count(&c, &sim).await, 1);

    let resp = c.post(format!("{}/_sim/reset", sim.base_url())).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.json::<Value>().await.unwrap()["groups"], 8);
    assert_eq!(session_count(&c, &sim).await, 0);
    assert!(sim.world().blobs.get("fio/part/a/0").is_none());
    let faults = sim_json(&c, &sim, "faults").await;
    assert_eq!((faults["latency_ms"].as_u64(), faults["burst_429"].as_u64()), (Some(1), Some(0)));

    // IDs start over too: the same login gives the same session ID as after a fresh start.
    let login = |c: Client, base: String| async move {
        let body: Value = c.post(format!("{base}{LOGIN}")).send().await.unwrap().json().await.unwrap();
        body["data"]["sessionID"].as_str().unwrap().to_owned()
    };
    let fresh = start().await;
    assert_eq!(login(c.clone(), sim.base_url()).await, login(c.clone(), fresh.base_url()).await);
}

#[tokio::test]
async fn request_log_records_paths_without_query_strings() {
    let sim = start().await;
    let c = http();
    c.get(format!("{}/attask/api/v21.0/group/search?apiKey={API_KEY}&fields=*", sim.base_url())).send().await.unwrap();
    c.post(format!("{}{LOGIN}", sim.base_url())).send().await.unwrap();
    fio_me(&c, &sim).await;
    c.get(format!("{}/v4/accounts?token=secret-in-query", sim.base_url())).send().await.unwrap();
    s2s_token(&c, &sim.base_url(), S2S_SECRET).await;
    sim_json(&c, &sim, "health").await;

    let resp = c.get(format!("{}/_sim/requests", sim.base_url())).send().await.unwrap();
    let text = resp.text().await.unwrap();
    for secret in [API_KEY, "demo-password", "secret-in-query", TOKEN, S2S_SECRET] {
        assert!(!text.contains(secret), "the log leaks {secret}: {text}");
    }
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(log["total"], 5, "/_sim/ requests are not logged");
    assert_eq!(log["capacity"], 10_000);
    assert_eq!(log["by_api"]["workfront"], 2);
    let reqs = log["requests"].as_array().unwrap();
    let paths: Vec<&str> = reqs.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        ["/attask/api/v21.0/group/search", "/attask/api/v21.0/login", "/v4/me", "/v4/accounts", "/ims/token/v3"]
    );
    let first = &reqs[0];
    assert_eq!((first["method"].as_str(), first["status"].as_u64()), (Some("GET"), Some(200)));
    assert_eq!(first["api"], "workfront");
    assert!(first["duration_ms"].as_f64().unwrap() >= 0.0);
    assert!(first["ts"].as_str().unwrap().ends_with('Z'));
    // A Frame.io request without a token is refused, as the API does.
    assert_eq!(reqs[3]["status"], 401);
    assert_eq!(log["by_status"]["401"], 1);
    assert_eq!(reqs[4]["status"], 200, "the server-to-server token was minted");

    let only = get_json(&c, format!("{}/_sim/requests?api=frameio&limit=1", sim.base_url())).await;
    let only = only["requests"].as_array().unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0]["path"], "/v4/accounts");

    let resp = c.delete(format!("{}/_sim/requests", sim.base_url())).send().await.unwrap();
    assert!(resp.status().is_success());
    let log = sim_json(&c, &sim, "requests").await;
    assert_eq!((log["total"].as_u64(), log["requests"].as_array().unwrap().len()), (Some(0), 0));
}

#[tokio::test]
async fn outbox_lists_and_clears_sent_emails() {
    let sim = start().await;
    let c = http();
    assert_eq!(sim_json(&c, &sim, "outbox").await, json!([]));
    sim.world().fio.outbox.push(OutboxEmail {
        to: "jane@example.com".into(),
        kind: "project_access".into(),
        project_id: Some("p1".into()),
        project_name: Some("Spring".into()),
        team_id: None,
        inviter: "Avery Admin".into(),
        message: None,
        sent_at: "2026-11-27T10:00:00Z".into(),
    });
    let outbox = sim_json(&c, &sim, "outbox").await;
    assert_eq!(
        outbox,
        json!([{"to": "jane@example.com", "kind": "project_access", "project_id": "p1", "project_name": "Spring",
                "team_id": null, "inviter": "Avery Admin", "message": null, "sent_at": "2026-11-27T10:00:00Z"}])
    );
    let resp = c.delete(format!("{}/_sim/outbox", sim.base_url())).send().await.unwrap();
    assert_eq!(resp.json::<Value>().await.unwrap(), json!({"deleted": 1}));
    assert_eq!(sim_json(&c, &sim, "outbox").await, json!([]));
}

#[tokio::test]
async fn faults_and_rate_limits_are_configurable_at_runtime() {
    let sim = start().await;
    let c = http();
    let base = sim.base_url();
    let faults = sim_json(&c, &sim, "faults").await;
    assert_eq!(faults["error_rate"], 0.0);
    assert_eq!(faults["upload_bytes_per_sec"], Value::Null);
    put_faults(&c, &sim, json!({"latency_ms": 2, "error_rate": 0.25})).await;
    assert_eq!(sim.world().settings.faults.error_rate, 0.25);
    let bad = c.put(format!("{base}/_sim/faults")).json(&json!({"error_rate": 3})).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = c.put(format!("{base}/_sim/faults")).body("{nope").send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(bad.json::<Value>().await.unwrap()["error"].is_string());
    assert_eq!(sim.world().settings.faults.error_rate, 0.25, "a rejected PUT changes nothing");

    assert_eq!(sim_json(&c, &sim, "rate-limits").await, json!({"mode": "published"}));
    let off = c.put(format!("{base}/_sim/rate-limits")).json(&json!({"mode": "off"})).send().await.unwrap();
    assert!(off.status().is_success());
    assert_eq!(sim_json(&c, &sim, "rate-limits").await, json!({"mode": "off"}));
    // V4 operation IDs name what is limited; anything else (a v2 class) is refused.
    let custom = json!({"projects.create": {"requests": 5, "window_ms": 1000}});
    let set = c.put(format!("{base}/_sim/rate-limits")).json(&custom).send().await.unwrap();
    assert!(set.status().is_success(), "{}", set.text().await.unwrap());
    assert_eq!(sim_json(&c, &sim, "rate-limits").await, json!({"mode": "custom", "limits": custom}));
    let v2 = json!({"assets_create": {"requests": 5, "window_ms": 1000}});
    let bad = c.put(format!("{base}/_sim/rate-limits")).json(&v2).send().await.unwrap();
    assert!(bad.status().is_client_error(), "{}", bad.status());
    assert!(bad.text().await.unwrap().contains("projects.create"), "the error lists the valid ones");
    assert_eq!(sim_json(&c, &sim, "rate-limits").await, json!({"mode": "custom", "limits": custom}));
    let bad = c.put(format!("{base}/_sim/rate-limits")).json(&json!({"mode": "fast"})).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

// ---------------------------------------------------------------- persistence

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sim.json");
    let opts = || SimOptions { state_path: Some(path.clone()), ..SimOptions::default() };
    let c = http();

    let sim = Simulator::start(opts()).await.unwrap();
    let login = |base: String| {
        let c = c.clone();
        async move {
            let body: Value = c.post(format!("{base}{LOGIN}")).send().await.unwrap().json().await.unwrap();
            body["data"]["sessionID"].as_str().unwrap().to_owned()
        }
    };
    let session = login(sim.base_url()).await;
    sim.world().blobs.put("fio/part/asset-1/0", Bytes::from_static(b"first part"));
    let minted: Value = s2s_token(&c, &sim.base_url(), S2S_SECRET).await.json().await.unwrap();
    let ims_token = minted["access_token"].as_str().expect("an access token").to_owned();
    sim.shutdown().await;

    let saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["format"], persist::FORMAT);
    assert_eq!(saved["blobs"]["fio/part/asset-1/0"], json!({"file": "fio%2Fpart%2Fasset-1%2F0", "size": 10}));
    assert!(persist::blob_dir(&path).join("fio%2Fpart%2Fasset-1%2F0").is_file());

    let sim = Simulator::start(opts()).await.unwrap();
    let resp = c
        .get(format!("{}/attask/api/v21.0/group/search", sim.base_url()))
        .header("sessionID", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "the session from before the restart still works");
    let me = c.get(format!("{}/v4/me", sim.base_url())).bearer_auth(&ims_token).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK, "so does the IMS access token");
    assert_eq!(me.json::<Value>().await.unwrap()["data"]["name"], "Service Account User");
    let part = c.get(format!("{}/_sim/blobs/fio/part/asset-1/0", sim.base_url())).send().await.unwrap();
    assert_eq!(part.bytes().await.unwrap(), Bytes::from_static(b"first part"));
    let health = sim_json(&c, &sim, "health").await;
    assert_eq!(health["state_path"], path.display().to_string());

    // IDs continue where they stopped: the next session is the one a never-stopped simulator
    // would have handed out second (after the same token was minted).
    let next = login(sim.base_url()).await;
    let fresh = start().await;
    let first = login(fresh.base_url()).await;
    assert_eq!(first, session);
    assert_eq!(s2s_token(&c, &fresh.base_url(), S2S_SECRET).await.status(), StatusCode::OK);
    assert_eq!(next, login(fresh.base_url()).await);
    sim.shutdown().await;
}

#[tokio::test]
async fn mutations_are_written_without_a_shutdown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let sim = Simulator::start(SimOptions { state_path: Some(path.clone()), ..SimOptions::default() }).await.unwrap();
    let c = http();
    c.post(format!("{}{LOGIN}", sim.base_url())).send().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let sessions = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .map_or(0, |v| v["wf"]["sessions"].as_object().map_or(0, |s| s.len()));
        if sessions == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the login never reached the state file");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let resp = c.post(format!("{}/_sim/save", sim.base_url())).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let plain = start().await;
    let resp = c.post(format!("{}/_sim/save", plain.base_url())).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_corrupt_state_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, "{\"hello\": 1}").unwrap();
    let err = Simulator::start(SimOptions { state_path: Some(path), ..SimOptions::default() }).await.err().unwrap();
    assert!(err.to_string().contains("not a wfio simulator state"), "{err}");
}

// ---------------------------------------------------------------- scale

#[tokio::test]
async fn scale_ten_thousand_groups_loads_quickly() {
    let t = Instant::now();
    let seed = scale::generate(10_000);
    let generated = t.elapsed();
    let t = Instant::now();
    let sim = Simulator::start(SimOptions { seed_json: seed, ..SimOptions::default() }).await.unwrap();
    let loaded = t.elapsed();
    eprintln!("scale 10,000: generated in {generated:?}, loaded in {loaded:?} (debug build)");
    let expect = scale::ScaleSpec::new(10_000).counts();
    assert_eq!((expect.groups, expect.tasks), (10_000, 49_974));
    {
        let w = sim.world();
        assert_eq!(w.wf.table("GROUP").count(), expect.groups);
        assert_eq!(w.wf.table("USER").count(), expect.users);
        assert_eq!(w.wf.table("PROJ").count(), expect.projects);
        assert_eq!(w.wf.table("TASK").count(), expect.tasks);
        // Connected to a V4 workspace: Marketing and two generated groups. Video Production
        // keeps its legacy (v2) team only.
        let workspace = |g: &&serde_json::Map<String, Value>| {
            g.get("parameterValues").and_then(|p| p.get("DE:Frame.io Workspace ID")).is_some()
        };
        assert_eq!(w.wf.table("GROUP").filter(workspace).count(), 3);
        assert_eq!(expect.connected_groups, 3);
        let legacy: Vec<&Value> =
            w.wf.table("GROUP")
                .filter(|g| g.contains_key("parameterValues") && !workspace(g))
                .map(|g| &g["name"])
                .collect();
        assert_eq!(legacy, vec!["Video Production"]);
    }
    // Generous bound for a debug build on a shared 2-core machine; see the report for numbers.
    assert!(generated + loaded < Duration::from_secs(20), "{generated:?} + {loaded:?}");

    let c = http();
    let count = c
        .get(format!("{}/attask/api/v21.0/group/count", sim.base_url()))
        .header("apiKey", API_KEY)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(count["data"]["count"], 10_000, "the demo API key still works");
    assert_eq!(fio_me(&c, &sim).await.status(), StatusCode::OK, "the demo Frame.io tokens still work");
}
