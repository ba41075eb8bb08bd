//! Setting up the integration against the simulator: wfio's custom forms created once and
//! never duplicated (also when answers are lost), and connecting a group with tokens that
//! administer no, one and two Frame.io accounts.

#[path = "common/engine.rs"]
mod engine;

use secrecy::SecretString;
use serde_json::{Value, json};
use url::Url;
use wfio::config::DEMO_API_KEY;
use wfio::frameio::FrameioClient;
use wfio::http::pace::Pacer;
use wfio::http::retry::RetryPolicy;
use wfio::integration::bootstrap::{self, FormIds};
use wfio::integration::{IntegrationError, connect, forms, group_rows};
use wfio::sim::settings::Faults;
use wfio::sim::{SimOptions, Simulator};
use wfio::workfront::{WorkfrontAuth, WorkfrontClient};

const AVERY: &str = "fio-u-demo-2accounts-Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";
const BLAKE: &str = "fio-u-demo-1account-Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5Ja";
const CASEY: &str = "fio-u-demo-noadmin-Cm4Rw9Pt2Xn7Lb5Vq1Hz8Ks3Df6Gj0Ya";

/// The demo seed without wfio's three forms: no CTGY, PARAM, POPT, CTGYPA or OBJCAT rows of
/// them, and no values of their fields on any object.
fn seed_without_forms() -> String {
    let mut seed: Value = serde_json::from_str(wfio::sim::seed::DEMO_SEED).unwrap();
    let objects = seed["workfront"]["objects"].as_object_mut().unwrap();
    let form_ids: Vec<String> = objects["CTGY"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| forms::ALL.iter().any(|f| c["name"] == f.name))
        .map(|c| c["ID"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(form_ids.len(), 3);
    let field_names: Vec<&str> = forms::ALL.iter().flat_map(|f| f.fields.iter().map(|p| p.name)).collect();
    let param_ids: Vec<String> = objects["PARAM"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| field_names.iter().any(|n| p["name"] == *n))
        .map(|p| p["ID"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(param_ids.len(), 13);
    let keep = |code: &str, row: &Value| -> bool {
        let s = |k: &str| row[k].as_str().unwrap_or_default().to_owned();
        match code {
            "CTGY" => !form_ids.contains(&s("ID")),
            "PARAM" => !param_ids.contains(&s("ID")),
            "POPT" => !param_ids.contains(&s("parameterID")),
            "CTGYPA" | "OBJCAT" => !form_ids.contains(&s("categoryID")),
            _ => true,
        }
    };
    for (code, rows) in objects.iter_mut() {
        let rows = rows.as_array_mut().unwrap();
        rows.retain(|r| keep(code, r));
        for r in rows.iter_mut() {
            r.as_object_mut().unwrap().remove("parameterValues");
        }
    }
    seed.to_string()
}

async fn start(seed: String, fault_seed: u64) -> (Simulator, WorkfrontClient) {
    let sim = Simulator::start(SimOptions { seed_json: seed, fault_seed, ..SimOptions::default() }).await.unwrap();
    let base = Url::parse(&sim.base_url()).unwrap();
    let wf = WorkfrontClient::new(&base, "v21.0", WorkfrontAuth::ApiKey(SecretString::from(DEMO_API_KEY)))
        .unwrap()
        .with_retry(RetryPolicy::fast());
    (sim, wf)
}

/// Rows of one object type whose `key` is one of wfio's names.
fn count(sim: &Simulator, code: &str) -> usize {
    let w = sim.world();
    match code {
        "CTGY" => {
            w.wf.table("CTGY").filter(|c| forms::ALL.iter().any(|f| c.get("name") == Some(&json!(f.name)))).count()
        }
        "PARAM" => {
            w.wf.table("PARAM")
                .filter(|p| forms::ALL.iter().flat_map(|f| f.fields).any(|x| p.get("name") == Some(&json!(x.name))))
                .count()
        }
        other => w.wf.table(other).count(),
    }
}

fn counts(sim: &Simulator) -> [usize; 4] {
    [count(sim, "CTGY"), count(sim, "PARAM"), count(sim, "CTGYPA"), count(sim, "POPT")]
}

#[tokio::test]
async fn forms_are_created_once_with_their_fields_and_options() {
    let (sim, wf) = start(seed_without_forms(), 1).await;
    assert_eq!(counts(&sim), [0, 0, 0, 0]);
    assert_eq!(bootstrap::find_forms(&wf).await.unwrap(), None);

    let first = bootstrap::ensure_forms(&wf).await.unwrap();
    assert_eq!(first.created.iter().filter(|c| c.starts_with("form ")).count(), 3, "{:?}", first.created);
    assert_eq!(first.created.iter().filter(|c| c.starts_with("field ")).count(), 13, "{:?}", first.created);
    assert_eq!(counts(&sim), [3, 13, 13, 6]);
    assert_eq!(bootstrap::find_forms(&wf).await.unwrap(), Some(first.ids.clone()));

    // Each form on its object type, with its fields in order; radio and select options.
    {
        let w = sim.world();
        for spec in forms::ALL {
            let id = first.ids.for_obj(spec.obj_code);
            let form = w.wf.get("CTGY", id).unwrap();
            assert_eq!(form.get("catObjCode"), Some(&json!(spec.obj_code)), "{form:?}");
            let mut links: Vec<(i64, String)> =
                w.wf.table("CTGYPA")
                    .filter(|l| l.get("categoryID") == Some(&json!(id)))
                    .map(|l| (l["displayOrder"].as_i64().unwrap(), l["parameterID"].as_str().unwrap().to_owned()))
                    .collect();
            links.sort();
            let names: Vec<String> =
                links.iter().map(|(_, p)| w.wf.get("PARAM", p).unwrap()["name"].as_str().unwrap().to_owned()).collect();
            let want: Vec<&str> = spec.fields.iter().map(|f| f.name).collect();
            assert_eq!(names, want);
            for field in spec.fields {
                let p = w.wf.table("PARAM").find(|p| p.get("name") == Some(&json!(field.name))).unwrap();
                assert_eq!(p.get("displayType"), Some(&json!(field.display_type)));
                let mut options: Vec<(i64, String)> =
                    w.wf.table("POPT")
                        .filter(|o| o.get("parameterID") == p.get("ID"))
                        .map(|o| (o["displayOrder"].as_i64().unwrap(), o["value"].as_str().unwrap().to_owned()))
                        .collect();
                options.sort();
                let values: Vec<&str> = options.iter().map(|(_, v)| v.as_str()).collect();
                assert_eq!(values, field.options, "{}", field.name);
            }
        }
    }

    // Again: nothing created.
    let second = bootstrap::ensure_forms(&wf).await.unwrap();
    assert!(second.created.is_empty(), "{:?}", second.created);
    assert_eq!(second.ids, first.ids);
    assert_eq!(counts(&sim), [3, 13, 13, 6]);
}

#[tokio::test]
async fn a_form_missing_a_field_gets_it_without_duplicating_the_others() {
    let (sim, wf) = start(seed_without_forms(), 1).await;
    let ids: FormIds = bootstrap::ensure_forms(&wf).await.unwrap().ids;
    // Someone took "Frame.io Folder ID" off the task form, and deleted "Frame.io Last Error".
    {
        let mut w = sim.world();
        let folder = w.wf.table("PARAM").find(|p| p.get("name") == Some(&json!(forms::TASK_FOLDER_ID))).unwrap()["ID"]
            .as_str()
            .unwrap()
            .to_owned();
        let link =
            w.wf.table("CTGYPA")
                .find(|l| l.get("parameterID") == Some(&json!(folder)) && l.get("categoryID") == Some(&json!(ids.task)))
                .unwrap()["ID"]
                .as_str()
                .unwrap()
                .to_owned();
        w.wf.remove("CTGYPA", &link);
        let last =
            w.wf.table("PARAM").find(|p| p.get("name") == Some(&json!(forms::PROJECT_LAST_ERROR))).unwrap()["ID"]
                .as_str()
                .unwrap()
                .to_owned();
        let links: Vec<String> =
            w.wf.table("CTGYPA")
                .filter(|l| l.get("parameterID") == Some(&json!(last)))
                .map(|l| l["ID"].as_str().unwrap().to_owned())
                .collect();
        for l in links {
            w.wf.remove("CTGYPA", &l);
        }
        w.wf.remove("PARAM", &last);
    }
    assert_eq!(counts(&sim), [3, 12, 11, 6]);
    let again = bootstrap::ensure_forms(&wf).await.unwrap();
    assert_eq!(again.ids, ids, "the same forms");
    assert!(again.created.contains(&format!("field \"{}\"", forms::PROJECT_LAST_ERROR)), "{:?}", again.created);
    assert!(again.created.iter().any(|c| c.contains(forms::TASK_FORM)), "{:?}", again.created);
    assert_eq!(counts(&sim), [3, 13, 13, 6], "each field once, on its form once");
    let third = bootstrap::ensure_forms(&wf).await.unwrap();
    assert!(third.created.is_empty(), "{:?}", third.created);
}

/// Under lost answers (resets after the server acted) and 5xx, bootstrapping until it
/// succeeds leaves exactly one of each form and field.
#[tokio::test]
async fn forms_are_never_duplicated_when_answers_are_lost() {
    for seed in 1..=12u64 {
        let (sim, wf) = start(seed_without_forms(), seed).await;
        sim.world().settings.faults = Faults { reset_rate: 0.25, error_rate: 0.1, ..Faults::none() };
        let mut tries = 0;
        let ids = loop {
            tries += 1;
            match bootstrap::ensure_forms(&wf).await {
                Ok(b) => break b.ids,
                Err(e) if tries < 20 => assert!(e.is_transient(), "seed {seed}: {e}"),
                Err(e) => panic!("seed {seed}: {e}"),
            }
        };
        sim.world().settings.faults = Faults::none();
        assert_eq!(counts(&sim), [3, 13, 13, 6], "seed {seed} after {tries} tries");
        assert_eq!(bootstrap::find_forms(&wf).await.unwrap(), Some(ids), "seed {seed}");
    }
}

fn fio(sim: &Simulator, token: &str) -> FrameioClient {
    let auth = wfio::frameio::TokenSource::developer_token(SecretString::from(token.to_owned()));
    FrameioClient::new(&Url::parse(&sim.base_url()).unwrap(), auth)
        .unwrap()
        .with_pacer(Pacer::disabled())
        .with_retry(RetryPolicy::fast())
}

#[tokio::test]
async fn connect_with_no_one_and_two_administered_accounts() {
    let (sim, wf) = start(wfio::sim::seed::DEMO_SEED.to_owned(), 1).await;

    let err = connect::check_token(&fio(&sim, CASEY)).await.unwrap_err();
    assert_eq!(err, IntegrationError::NotAdmin);
    assert!(err.to_string().contains("owner or admin"));

    let blake = connect::check_token(&fio(&sim, BLAKE)).await.unwrap();
    assert_eq!(blake.user.email.as_deref(), Some("blake.rivera@northwind.example"));
    let admin: Vec<&str> = blake.administered().iter().map(|a| a.account.name.as_str()).collect();
    assert_eq!(admin, vec!["Blake Rivera Edits"]);

    let avery = connect::check_token(&fio(&sim, AVERY)).await.unwrap();
    let admin: Vec<(&str, &str)> =
        avery.administered().iter().map(|a| (a.account.name.as_str(), a.role.as_str())).collect();
    assert_eq!(admin, vec![("Northwind Agency", "owner"), ("Northwind Studios", "admin")]);
    assert_eq!(avery.accounts.len(), 3, "the member account is listed too, after");
    assert!(!avery.accounts[2].administers());

    // Workspaces of the chosen account, alphabetical; an account without one says what to do.
    // (Avery's developer token works on Northwind Agency, migrated to V4 and not on the Admin
    // Console; Northwind Studios refuses it.)
    let agency = avery.administered()[0].clone();
    let teams = connect::workspaces(&fio(&sim, AVERY), &agency).await.unwrap();
    let names: Vec<&str> = teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["Agency Creative", "Agency Social"]);
    let studios = avery.administered()[1].clone();
    let err = connect::workspaces(&fio(&sim, AVERY), &studios).await.unwrap_err();
    assert!(err.is_auth() && err.to_string().contains("Admin Console"), "{err}");
    let blakes = blake.administered()[0].clone();
    sim.world().fio.teams.retain(|_, t| t.get("name") != Some(&json!("Blake Edits")));
    let err = connect::workspaces(&fio(&sim, BLAKE), &blakes).await.unwrap_err();
    assert!(matches!(err, IntegrationError::NoWorkspaces { .. }), "{err:?}");

    // Write the connection on Creative Services, twice: the same result, the form attached once.
    let ids = bootstrap::ensure_forms(&wf).await.unwrap().ids;
    let group = engine::wf_id("@grp-creative");
    let video = teams.iter().find(|t| t.name == "Agency Social").unwrap();
    for _ in 0..2 {
        let g = connect::write_connection(&wf, &ids, &group, &agency, video, &avery.user).await.unwrap();
        assert_eq!(g.custom_text(forms::GROUP_WORKSPACE_ID), Some(video.id.as_str()));
        assert_eq!(g.custom_text(forms::GROUP_CONNECTED_BY), Some("avery.admin@northwind.example"));
    }
    let attached = sim
        .world()
        .wf
        .table("OBJCAT")
        .filter(|o| o.get("objID") == Some(&json!(group)) && o.get("categoryID") == Some(&json!(ids.group)))
        .count();
    assert_eq!(attached, 1);
    let rows = group_rows(&wf.groups().await.unwrap());
    let creative = rows.iter().find(|r| r.name == "Creative Services").unwrap();
    let c = creative.connection.as_ref().expect("connected now");
    assert_eq!((c.account_name.as_str(), c.workspace_name.as_str()), ("Northwind Agency", "Agency Social"));
    assert!(!c.legacy);
    assert_eq!(rows.iter().filter(|r| r.is_connected()).count(), 2, "Marketing and Creative Services");
    let video = rows.iter().find(|r| r.name == "Video Production").unwrap();
    assert!(video.connection.as_ref().is_some_and(|c| c.legacy), "connected before V4: reconnect");
}
