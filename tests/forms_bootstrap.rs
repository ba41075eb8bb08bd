//! wfio's custom forms on a Workfront instance that has none: created once, then found again with
//! one search for the forms and one for the fields, whatever their number.

#[path = "common/engine.rs"]
mod engine;

use serde_json::Value;
use wfio::integration::bootstrap;
use wfio::integration::forms::ALL;
use wfio::sim::seed::DEMO_SEED;
use wfio::sim::{SimOptions, Simulator};

/// The demo organisation without any custom form.
fn seed_without_forms() -> String {
    let mut seed: Value = serde_json::from_str(DEMO_SEED).unwrap();
    let objects = seed["workfront"]["objects"].as_object_mut().unwrap();
    for code in ["CTGY", "PARAM", "CTGYPA", "POPT", "OBJCAT"] {
        objects.remove(code);
    }
    for rows in objects.values_mut() {
        for row in rows.as_array_mut().unwrap() {
            let row = row.as_object_mut().unwrap();
            row.remove("categoryID");
            row.remove("parameterValues");
        }
    }
    seed.to_string()
}

#[tokio::test]
async fn forms_are_created_once_then_found_in_one_round_trip() {
    let sim = Simulator::start(SimOptions { seed_json: seed_without_forms(), ..SimOptions::default() }).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ctx = engine::context_for(&sim, dir.path());

    let first = bootstrap::ensure_forms(&ctx.wf).await.unwrap();
    let fields: usize = ALL.iter().map(|f| f.fields.len()).sum();
    let forms_made = first.created.iter().filter(|c| c.starts_with("form ")).count();
    let fields_made = first.created.iter().filter(|c| c.starts_with("field ")).count();
    assert_eq!((forms_made, fields_made), (ALL.len(), fields), "{:?}", first.created);
    assert!(![&first.ids.group, &first.ids.task, &first.ids.project].iter().any(|id| id.is_empty()));

    sim.shared().infra().lock_log().clear();
    let again = bootstrap::ensure_forms(&ctx.wf).await.unwrap();
    assert!(again.created.is_empty(), "{:?}", again.created);
    assert_eq!(again.ids, first.ids);
    let requests = sim.shared().infra().lock_log().counters().total;
    assert_eq!(requests, 4, "a search and a count for the forms, and for the fields");
    assert_eq!(bootstrap::find_forms(&ctx.wf).await.unwrap(), Some(first.ids));
}
