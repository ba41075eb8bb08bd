//! Every response parser against malformed input (issue 8, "Bad input"): arbitrary bytes
//! (non-UTF-8 included), arbitrary JSON, valid objects with a field removed, retyped or made
//! huge. Each must give a typed error or a value, never a panic. Plus hostile paging numbers
//! from a server, which must not make the client allocate without bound.

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};
use wfio::frameio::FrameioError;
use wfio::frameio::client::error_for;
use wfio::frameio::model as fio;
use wfio::http::retry::parse_retry_after;
use wfio::workfront::WorkfrontError;
use wfio::workfront::client::decode;
use wfio::workfront::model as wf;

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[A-Za-z_:]{0,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What to do to one field of a valid object.
#[derive(Debug, Clone)]
enum Mutation {
    Remove,
    Replace(Value),
    Huge(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::Remove),
        any_json().prop_map(Mutation::Replace),
        (100_000usize..2_000_000).prop_map(Mutation::Huge),
    ]
}

/// Apply mutations to fields picked by index, at the top level or one level down.
fn mutate(mut v: Value, picks: &[(usize, usize, Mutation)]) -> Value {
    for (i, j, m) in picks {
        let Some(obj) = v.as_object_mut() else { break };
        if obj.is_empty() {
            break;
        }
        let key = obj.keys().nth(i % obj.len()).unwrap().clone();
        // Nested objects (and the first element of arrays) get the mutation half the time.
        let target = match obj.get_mut(&key) {
            Some(Value::Object(inner)) if j % 2 == 0 && !inner.is_empty() => {
                let k = inner.keys().nth(j % inner.len()).unwrap().clone();
                apply(inner, k, m);
                continue;
            }
            Some(Value::Array(items)) if j % 2 == 0 && !items.is_empty() => match &mut items[0] {
                Value::Object(inner) if !inner.is_empty() => {
                    let k = inner.keys().nth(j % inner.len()).unwrap().clone();
                    apply(inner, k, m);
                    continue;
                }
                _ => key,
            },
            _ => key,
        };
        apply(obj, target, m);
    }
    v
}

fn apply(obj: &mut serde_json::Map<String, Value>, key: String, m: &Mutation) {
    match m {
        Mutation::Remove => {
            obj.remove(&key);
        }
        Mutation::Replace(x) => {
            obj.insert(key, x.clone());
        }
        Mutation::Huge(n) => {
            obj.insert(key, Value::String("é".repeat(*n / 2)));
        }
    }
}

fn picks() -> impl Strategy<Value = Vec<(usize, usize, Mutation)>> {
    prop::collection::vec((any::<usize>(), any::<usize>(), mutation()), 1..4)
}

/// Parse as the clients do: from the bytes of a response, into a typed model. Never panics;
/// a failure is a value of the error type.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice::<T>(body).map_err(|e| e.to_string())
}

/// Valid samples, the shape the services send.
fn workfront_samples() -> Vec<(&'static str, Value)> {
    vec![
        (
            "task",
            json!({"ID": "t1", "name": "Brief", "projectID": "p", "parentID": null, "numberOfChildren": 0,
                "taskNumber": 1, "status": "NEW",
                "assignments": [{"ID": "a1", "assignedToID": "u1", "teamID": null,
                    "assignedTo": {"ID": "u1", "name": "Ana", "emailAddr": "ana@x.example", "isActive": true},
                    "team": null}],
                "parameterValues": {"DE:This task's integration status": "Active"}}),
        ),
        (
            "project",
            json!({"ID": "p", "name": "Spring", "status": "PLN", "groupID": "g", "templateID": null,
                "group": {"ID": "g", "name": "Marketing"}, "parameterValues": {"DE:Frame.io Project ID": "x"}}),
        ),
        (
            "document",
            json!({"ID": "d", "name": "brief.pdf", "docObjCode": "PROJ", "objID": "p", "projectID": "p",
                "taskID": null, "downloadURL": "/document/download?ID=d",
                "currentVersion": {"ID": "v", "fileName": "brief.pdf", "docSize": 123, "fileType": "application/pdf"}}),
        ),
        ("group", json!({"ID": "g", "name": "Marketing", "description": null, "parameterValues": {}})),
        (
            "team",
            json!({"ID": "t", "name": "Design", "teamMembers": [{"userID": "u", "user": {"ID": "u", "name": "Ana", "emailAddr": "a@x"}}]}),
        ),
        ("status", json!({"value": "CUR", "label": "Current", "equatesWith": "CUR", "color": null, "groupID": null})),
        (
            "category",
            json!({"ID": "c", "name": "Frame.io project", "catObjCode": "PROJ",
                "categoryParameters": [{"parameterID": "p1", "displayOrder": 0}]}),
        ),
        ("parameter", json!({"ID": "p1", "name": "Frame.io Project ID", "displayType": "TEXT"})),
    ]
}

fn check_workfront_model(kind: &str, body: &[u8]) {
    match kind {
        "task" => drop(parse::<wf::Task>(body)),
        "project" => drop(parse::<wf::Project>(body)),
        "document" => drop(parse::<wf::Document>(body)),
        "group" => drop(parse::<wf::Group>(body)),
        "team" => drop(parse::<wf::Team>(body)),
        "status" => drop(parse::<wf::Status>(body)),
        "category" => drop(parse::<wf::Category>(body)),
        _ => drop(parse::<wf::Parameter>(body)),
    }
    // And a list of them, as searches return.
    let list = [b"[".as_slice(), body, b"]"].concat();
    drop(parse::<Vec<wf::Task>>(&list));
    drop(wfio::workfront::documents::documents_from(serde_json::from_slice(&list).unwrap_or(Value::Null)));
}

fn frameio_samples() -> Vec<(&'static str, Value)> {
    vec![
        ("user", json!({"id": "u", "email": "a@x", "name": "Ana", "avatar_url": null})),
        ("account", json!({"id": "acc", "display_name": "Studios", "roles": ["admin"]})),
        ("workspace", json!({"id": "t", "name": "Brand", "account_id": "acc"})),
        ("project", json!({"id": "p", "name": "Spring", "workspace_id": "t", "root_folder_id": "r", "view_url": "v"})),
        (
            "asset",
            json!({"id": "a", "name": "cut.mov", "type": "file", "parent_id": "r", "project_id": "p",
                "file_size": 45_000_000u64, "media_type": "video/quicktime", "status": "created",
                "upload_urls": [{"size": 22_500_000u64, "url": "http://x/s3/1"}, {"size": 22_500_000u64, "url": "http://x/s3/2"}]}),
        ),
    ]
}

fn check_frameio_model(kind: &str, body: &[u8]) {
    match kind {
        "user" => drop(parse::<fio::User>(body)),
        "account" => drop(parse::<fio::Account>(body)),
        "workspace" => drop(parse::<fio::Workspace>(body)),
        "project" => drop(parse::<fio::Project>(body)),
        _ => {
            if let Ok(asset) = parse::<fio::Asset>(body) {
                // What the uploader computes from an asset must not panic either.
                let size = asset.file_size.unwrap_or(0);
                if let Some(ranges) = fio::part_ranges(size, &asset.upload_urls) {
                    assert!(ranges.iter().all(|(a, b)| a <= b && *b <= size));
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Any status and any bytes: Workfront's decoder answers data or a typed error.
    #[test]
    fn workfront_decode_never_panics(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..512)) {
        let out = decode(status, &body);
        if !(200..300).contains(&status) {
            prop_assert!(out.is_err());
        }
        if let Err(e) = out {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    /// Any JSON under any status, including error envelopes of the wrong shape.
    #[test]
    fn workfront_decode_of_any_json(status in 100u16..600, v in any_json(), wrap in 0u8..3) {
        let v = match wrap {
            0 => v,
            1 => json!({"data": v}),
            _ => json!({"error": v}),
        };
        let out = decode(status, &serde_json::to_vec(&v).unwrap());
        match out {
            Ok(_) => prop_assert!((200..300).contains(&status)),
            Err(
                WorkfrontError::Auth { message }
                | WorkfrontError::Forbidden { message }
                | WorkfrontError::Api { message, .. },
            ) => prop_assert!(message.len() <= 2_000),
            Err(WorkfrontError::Malformed { detail }) => prop_assert!(!detail.is_empty()),
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    #[test]
    fn workfront_models_of_damaged_objects(which in 0usize..8, picks in picks()) {
        let (kind, sample) = workfront_samples().swap_remove(which);
        let body = serde_json::to_vec(&mutate(sample, &picks)).unwrap();
        check_workfront_model(kind, &body);
        // Through the envelope, as the client reads it.
        let enveloped = [br#"{"data":"#.as_slice(), &body, b"}"].concat();
        prop_assert!(decode(200, &enveloped).is_ok());
    }

    #[test]
    fn workfront_models_of_any_json_or_bytes(which in 0usize..8, v in any_json(), raw in prop::collection::vec(any::<u8>(), 0..256)) {
        let (kind, _) = workfront_samples().swap_remove(which);
        check_workfront_model(kind, &serde_json::to_vec(&v).unwrap());
        check_workfront_model(kind, &raw);
    }

    /// Frame.io's error mapping: the status decides the type, whatever the body.
    #[test]
    fn frameio_error_for_never_panics(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..512), v in any_json()) {
        for bytes in [body, serde_json::to_vec(&v).unwrap(), serde_json::to_vec(&json!({"errors": [v]})).unwrap()] {
            let e = error_for(status, &bytes);
            let ok = match status {
                401 => matches!(e, FrameioError::Unauthorized { .. }),
                403 => matches!(e, FrameioError::Forbidden { .. }),
                404 => matches!(e, FrameioError::NotFound { .. }),
                429 => e == FrameioError::RateLimited,
                s if s >= 500 => matches!(e, FrameioError::Server { .. }),
                _ => matches!(e, FrameioError::Invalid { .. }),
            };
            prop_assert!(ok, "{status}: {e:?}");
            prop_assert!(e.to_string().len() <= 2_000);
        }
    }

    #[test]
    fn frameio_models_of_damaged_objects(which in 0usize..5, picks in picks()) {
        let (kind, sample) = frameio_samples().swap_remove(which);
        check_frameio_model(kind, &serde_json::to_vec(&mutate(sample, &picks)).unwrap());
    }

    #[test]
    fn frameio_models_of_any_json_or_bytes(which in 0usize..5, v in any_json(), raw in prop::collection::vec(any::<u8>(), 0..256)) {
        let (kind, _) = frameio_samples().swap_remove(which);
        check_frameio_model(kind, &serde_json::to_vec(&v).unwrap());
        check_frameio_model(kind, &raw);
    }

    /// Part boundaries for any part sizes a server could send: contiguous and covering the file
    /// exactly, or refused (never an overflow, a gap or an overlap).
    #[test]
    fn part_ranges_cover_the_file_or_are_refused(size in any::<u64>(), sizes in prop::collection::vec(any::<u64>(), 0..50)) {
        let parts: Vec<fio::UploadUrl> = sizes.iter().map(|&s| fio::UploadUrl { size: s, url: "u".into() }).collect();
        if let Some(ranges) = fio::part_ranges(size, &parts) {
            prop_assert_eq!(ranges.len(), parts.len());
            let mut at = 0u64;
            for (a, b) in &ranges {
                prop_assert_eq!(*a, at);
                prop_assert!(a <= b);
                at = *b;
            }
            prop_assert_eq!(at, size);
        }
        // A split that adds up is always taken.
        let half = size / 2;
        let exact = [fio::UploadUrl { size: half, url: "a".into() }, fio::UploadUrl { size: size - half, url: "b".into() }];
        prop_assert!(fio::part_ranges(size, &exact).is_some());
    }

    #[test]
    fn retry_after_of_any_text(s in ".{0,64}", n in any::<u64>()) {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let _ = parse_retry_after(&s, now);
        prop_assert_eq!(parse_retry_after(&n.to_string(), now), Some(Duration::from_secs(n)));
    }
}

#[test]
fn huge_and_non_utf8_bodies_are_typed_errors() {
    let huge = format!(r#"{{"error":{{"class":"x","message":"{}"}}}}"#, "m".repeat(5_000_000));
    let err = decode(500, huge.as_bytes()).unwrap_err();
    assert!(matches!(&err, WorkfrontError::Api { status: 500, .. }));
    assert!(err.to_string().len() < 2_000, "a huge message is cut for people: {}", err.to_string().len());
    let fio_huge = format!(r#"{{"errors":[{{"detail":"{}"}}]}}"#, "d".repeat(5_000_000));
    assert!(error_for(422, fio_huge.as_bytes()).to_string().len() < 2_000);
    // A huge string where a number belongs: serde quotes the unexpected value; the message
    // stays short (and a secret in a mistyped field is not carried in full).
    let docs = json!([{"ID": "d", "name": "n", "currentVersion": {"ID": "v", "docSize": "9".repeat(3_000_000)}}]);
    let err = wfio::workfront::documents::documents_from(docs).unwrap_err();
    assert!(matches!(&err, WorkfrontError::Malformed { .. }));
    assert!(err.to_string().len() < 2_000, "{}", err.to_string().len());
    let bad_utf8 = [b'{', b'"', b'd', b'a', b't', b'a', b'"', b':', b'"', 0xff, 0xfe, b'"', b'}'];
    assert!(matches!(decode(200, &bad_utf8), Err(WorkfrontError::Malformed { .. })));
    assert!(matches!(error_for(400, &bad_utf8), FrameioError::Invalid { status: 400, .. }));
    assert!(parse_retry_after("\u{0}\u{ffff}", SystemTime::now()).is_none());
    assert!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", SystemTime::now()).is_some(), "a past date is no wait");
}

/// A server that answers each request with the headers and JSON body `answer` gives its path.
type Answer = (Vec<(&'static str, String)>, &'static str);

async fn hostile(answer: fn(&str) -> Answer) -> String {
    use axum::response::IntoResponse;
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri| async move {
        let (headers, body) = answer(uri.path());
        let mut r = ([("content-type", "application/json")], body).into_response();
        for (k, v) in headers {
            r.headers_mut().insert(k, v.parse().unwrap());
        }
        r
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    base
}

#[tokio::test]
async fn absurd_paging_numbers_are_malformed_not_a_flood_of_requests() {
    use secrecy::SecretString;
    let base = hostile(|_| (vec![("total-pages", u64::MAX.to_string()), ("page-number", "1".into())], "[]")).await;
    let fio = wfio::frameio::FrameioClient::new(
        &url::Url::parse(&base).unwrap(),
        wfio::frameio::TokenSource::developer_token(SecretString::from("t")),
    )
    .unwrap()
    .with_retry(wfio::http::retry::RetryPolicy::NONE);
    let err = tokio::time::timeout(Duration::from_secs(5), fio.accounts()).await.expect("answers at once").unwrap_err();
    assert!(matches!(err, FrameioError::Malformed { .. }), "{err:?}");

    // Workfront: a full first page and a count of 10^15.
    let base = hostile(|path| {
        if path.ends_with("/count") {
            (vec![], r#"{"data":{"count":1000000000000000}}"#)
        } else {
            (vec![], r#"{"data":[{"ID":"g","name":"G"}]}"#)
        }
    })
    .await;
    let auth = wfio::workfront::WorkfrontAuth::ApiKey(SecretString::from("k"));
    let wf = wfio::workfront::WorkfrontClient::new(&url::Url::parse(&base).unwrap(), "v21.0", auth)
        .unwrap()
        .with_page_size(1);
    assert_eq!(wf.count("group", &[]).await.unwrap(), 1_000_000_000_000_000);
    let err = tokio::time::timeout(Duration::from_secs(5), wf.groups()).await.expect("answers at once").unwrap_err();
    assert!(matches!(&err, WorkfrontError::Malformed { detail } if detail.contains("count")), "{err:?}");
}
