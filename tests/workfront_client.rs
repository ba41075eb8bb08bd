//! The Workfront client against the simulator, over real HTTP.

use secrecy::SecretString;
use serde_json::{Value, json};
use url::Url;
use wfio::config::DEMO_API_KEY;
use wfio::sim::{SimOptions, Simulator};
use wfio::workfront::{WorkfrontAuth, WorkfrontClient, WorkfrontError};

/// A seed with `n` groups and the demo's API key.
fn seed_with_groups(n: usize) -> String {
    let groups: Vec<Value> = (0..n).map(|i| json!({"ID": format!("@g{i}"), "name": format!("Group {i:03}")})).collect();
    json!({
        "workfront": {
            "apiKeys": {DEMO_API_KEY: "@admin"},
            "objects": {"USER": [{"ID": "@admin", "name": "Admin"}], "GROUP": groups}
        }
    })
    .to_string()
}

async fn sim(seed: String) -> Simulator {
    Simulator::start(SimOptions { seed_json: seed, ..SimOptions::default() }).await.unwrap()
}

fn client(sim: &Simulator, key: &str) -> WorkfrontClient {
    let base = Url::parse(&sim.base_url()).unwrap();
    WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::ApiKey(SecretString::from(key.to_owned()))).unwrap()
}

#[tokio::test]
async fn pages_through_more_than_one_page_of_groups() {
    let sim = sim(seed_with_groups(25)).await;
    let groups = client(&sim, DEMO_API_KEY).with_page_size(10).groups().await.unwrap();
    assert_eq!(groups.len(), 25);
    let mut ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    let in_order = ids.clone();
    ids.sort();
    assert_eq!(ids, in_order, "pages come back in ID order");
    ids.dedup();
    assert_eq!(ids.len(), 25, "no group twice");
}

#[tokio::test]
async fn exact_multiple_of_the_page_size() {
    let sim = sim(seed_with_groups(20)).await;
    let groups = client(&sim, DEMO_API_KEY).with_page_size(10).with_concurrency(1).groups().await.unwrap();
    assert_eq!(groups.len(), 20);
}

#[tokio::test]
async fn bad_api_key_is_an_authentication_error() {
    let sim = sim(seed_with_groups(1)).await;
    let err = client(&sim, "wrong").groups().await.unwrap_err();
    match &err {
        WorkfrontError::Auth { message } => assert!(message.contains("caps lock"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(!err.to_string().contains("wrong"), "the key is not in the message");
}

#[tokio::test]
async fn unreachable_server_is_a_transport_error() {
    let sim = sim(seed_with_groups(1)).await;
    let c = client(&sim, DEMO_API_KEY);
    sim.shutdown().await;
    let err = c.groups().await.unwrap_err();
    assert!(matches!(err, WorkfrontError::Transport { .. }), "{err:?}");
    assert!(err.is_transient());
}

#[tokio::test]
async fn demo_groups_carry_their_frameio_connection() {
    let sim = Simulator::start(SimOptions::default()).await.unwrap();
    let groups = client(&sim, DEMO_API_KEY).groups().await.unwrap();
    let rows = wfio::integration::group_rows(&groups);
    let marketing = rows.iter().find(|g| g.name == "Marketing").unwrap();
    let c = marketing.connection.as_ref().expect("Marketing is connected in the demo");
    assert_eq!(c.team_name, "Brand Studio");
    assert_eq!(c.account_name, "Northwind Studios");
    assert!(rows.iter().filter(|g| g.connection.is_none()).count() >= 7);
    assert_eq!(rows[0].name, "Creative Services", "alphabetical");
}
