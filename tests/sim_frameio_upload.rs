//! Frame.io assets and uploads against the simulator over real HTTP: folders and files, the
//! presigned part URLs on `/s3/`, their S3 errors, completion, and the bytes coming back.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use wfio::sim::settings::RateLimits;
use wfio::sim::{SimOptions, Simulator};

const AVERY: &str = "fio-u-demo-2accounts-Xq7Lm2Vb9Rt4Nc8Kp3Hs6Wd1Zf5Gj0Ya";
const BLAKE: &str = "fio-u-demo-1account-Bv3Qn8Tr1Lm6Xc4Zp9Hd2Kw7Sf0Gy5Ja";

fn fid(name: &str) -> String {
    wfio::sim::ids::frameio_id_for(name)
}

async fn demo() -> Simulator {
    let sim = Simulator::start(SimOptions::default()).await.unwrap();
    sim.world().settings.rate_limits = RateLimits::Off;
    sim
}

/// `/v2{path}` as Avery (or `token`), with a JSON body. Returns status and body.
async fn api(sim: &Simulator, token: &str, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
    let r = reqwest::Client::new()
        .request(method, format!("{}/v2{path}", sim.base_url()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

/// A part PUT the way frameioclient sends it: raw bytes, `content-type` and `x-amz-acl`, no auth.
async fn put_part(url: &str, bytes: Vec<u8>, content_type: Option<&str>, acl: Option<&str>) -> (StatusCode, String) {
    let mut req = reqwest::Client::new().put(url).body(bytes);
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    if let Some(acl) = acl {
        req = req.header("x-amz-acl", acl);
    }
    let r = req.send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// Deterministic, non-repeating-looking test bytes.
fn bytes_of(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// Create a file asset in the demo project's root; returns the asset.
async fn new_file(sim: &Simulator, name: &str, filetype: &str, size: usize) -> Value {
    let root = fid("@fasset-holiday-root");
    let body = json!({"type": "file", "name": name, "filetype": filetype, "filesize": size});
    let (status, asset) = api(sim, AVERY, Method::POST, &format!("/assets/{root}/children"), body).await;
    assert_eq!(status, 200, "{asset}");
    asset
}

fn urls(asset: &Value) -> Vec<String> {
    asset["upload_urls"].as_array().unwrap().iter().map(|u| u.as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn folders_and_files_are_created_under_folders() {
    let sim = demo().await;
    let root = fid("@fasset-holiday-root");
    let project = fid("@fproj-holiday");
    let (status, folder) =
        api(&sim, AVERY, Method::POST, &format!("/assets/{root}/children"), json!({"type": "folder", "name": "Docs"}))
            .await;
    assert_eq!(status, 200);
    assert_eq!((folder["_type"].as_str(), folder["type"].as_str()), (Some("folder"), Some("folder")));
    assert_eq!(
        (folder["parent_id"].as_str(), folder["parent_asset_id"].as_str()),
        (Some(root.as_str()), Some(root.as_str()))
    );
    assert_eq!(folder["project_id"], project);
    assert_eq!(
        (folder["account_id"].clone(), folder["team_id"].clone()),
        (json!(fid("@fa-studios")), json!(fid("@ft-brand")))
    );
    let folder_id = folder["id"].as_str().unwrap();

    // Form-encoded, as the docs allow.
    let form = reqwest::Client::new()
        .post(format!("{}/v2/assets/{folder_id}/children", sim.base_url()))
        .bearer_auth(AVERY)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("type=file&name=brief.pdf&filetype=application%2Fpdf&filesize=123456")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    let file: Value = form.json().await.unwrap();
    assert_eq!((file["_type"].as_str(), file["filesize"].as_u64()), (Some("file"), Some(123_456)));
    assert_eq!(file["filetype"], "application/pdf");
    assert!(file["upload_completed_at"].is_null() && file["original"].is_null());
    assert_eq!(urls(&file).len(), 1);
    assert!(urls(&file)[0].starts_with(&format!(
        "{}/s3/frameio-uploads/{}/part/1?",
        sim.base_url(),
        file["id"].as_str().unwrap()
    )));
    assert!(urls(&file)[0].contains("X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-acl&X-Amz-Signature="));

    let children = format!("/assets/{folder_id}/children");
    for bad in [
        json!({"name": "x"}),
        json!({"type": "folder"}),
        json!({"type": "file", "name": "x"}),
        json!({"type": "file", "name": "x", "filesize": "big"}),
    ] {
        let (status, body) = api(&sim, AVERY, Method::POST, &children, bad.clone()).await;
        assert_eq!(status, 422, "{bad} -> {body}");
        assert_eq!(body["code"], 422);
    }
    let (status, _) = api(
        &sim,
        AVERY,
        Method::POST,
        &format!("/assets/{}/children", file["id"].as_str().unwrap()),
        json!({"type": "folder", "name": "x"}),
    )
    .await;
    assert_eq!(status, 422, "the parent must be a folder");
    let (status, _) = api(&sim, BLAKE, Method::POST, &children, json!({"type": "folder", "name": "x"})).await;
    assert_eq!(status, 403);
    let (status, _) = api(
        &sim,
        AVERY,
        Method::POST,
        &format!("/assets/{}/children", fid("@nope")),
        json!({"type": "folder", "name": "x"}),
    )
    .await;
    assert_eq!(status, 404);

    let (_, kids) = api(&sim, AVERY, Method::GET, &format!("/assets/{root}/children?type=folder"), json!({})).await;
    let names: Vec<&str> = kids.as_array().unwrap().iter().map(|k| k["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 3, "Script, Edit and Docs: {names:?}");
    let (_, docs) = api(&sim, AVERY, Method::GET, &format!("/assets/{folder_id}"), json!({})).await;
    assert_eq!(docs["item_count"], 1);

    let (status, renamed) =
        api(&sim, AVERY, Method::PUT, &format!("/assets/{folder_id}"), json!({"name": "Documents"})).await;
    assert_eq!((status.as_u16(), renamed["name"].as_str()), (200, Some("Documents")));
    let (status, gone) = api(&sim, AVERY, Method::DELETE, &format!("/assets/{folder_id}"), json!({})).await;
    assert_eq!((status.as_u16(), gone["id"].as_str()), (200, Some(folder_id)));
    let (status, _) =
        api(&sim, AVERY, Method::GET, &format!("/assets/{}", file["id"].as_str().unwrap()), json!({})).await;
    assert_eq!(status, 404, "deleting a folder deletes what is in it");
    let (status, back) = api(&sim, AVERY, Method::PUT, &format!("/assets/{folder_id}/restore"), json!({})).await;
    assert_eq!((status.as_u16(), back["deleted_at"].is_null()), (200, true));
    let (status, _) =
        api(&sim, AVERY, Method::GET, &format!("/assets/{}", file["id"].as_str().unwrap()), json!({})).await;
    assert_eq!(status, 200, "restored with its folder");
    let body = json!({"asset_ids": [folder_id, root, fid("@nope")]});
    let (status, batch) = api(&sim, AVERY, Method::DELETE, "/batch/assets", body).await;
    assert_eq!(status, 200);
    assert_eq!(batch["error"].as_object().unwrap().len(), 2, "the root folder and an unknown id: {batch}");
}

#[tokio::test]
async fn a_multi_part_upload_round_trips_the_bytes() {
    let sim = demo().await;
    let size = 45_000_001;
    let data = bytes_of(size, 7);
    let asset = new_file(&sim, "spot.mov", "video/quicktime", size).await;
    let id = asset["id"].as_str().unwrap().to_owned();
    let urls = urls(&asset);
    assert_eq!(urls.len(), 3, "ceil(45,000,001 / 20,000,000)");
    let chunk = size.div_ceil(urls.len());
    assert_eq!(chunk, 15_000_001);

    for (i, url) in urls.iter().enumerate().rev() {
        let part = data[i * chunk..((i + 1) * chunk).min(size)].to_vec();
        let (status, body) = put_part(url, part, Some("video/quicktime"), Some("private")).await;
        assert_eq!(status, 200, "{body}");
        let (_, now) = api(&sim, AVERY, Method::GET, &format!("/assets/{id}"), json!({})).await;
        assert_eq!(now["upload_completed_at"].is_null(), i > 0, "complete only after the last part");
    }
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), &id).as_deref(), Some(&data[..]));
    assert_eq!(sim.world().blobs.get(&format!("fio/part/{id}/3")).unwrap().len(), 14_999_999);

    let (_, done) = api(&sim, AVERY, Method::GET, &format!("/assets/{id}"), json!({})).await;
    assert!(done["upload_completed_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(done["checksums"]["xx_hash"].as_str().map(str::len), Some(16));
    let original = done["original"].as_str().unwrap();
    // Clients download `original` without auth, like a CDN URL.
    let got = reqwest::get(original).await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "video/quicktime");
    assert_eq!(got.bytes().await.unwrap().as_ref(), &data[..]);
    let range = reqwest::Client::new().get(original).header("range", "bytes=14999990-15000010").send().await.unwrap();
    assert_eq!(range.status(), 206);
    assert_eq!(range.bytes().await.unwrap().as_ref(), &data[14_999_990..15_000_011]);
    let forged = original.replace("Signature=", "Signature=0");
    assert_eq!(reqwest::get(&forged).await.unwrap().status(), 403);
    let unsigned = original.split('?').next().unwrap();
    let with_token = reqwest::Client::new().get(unsigned).bearer_auth(AVERY).send().await.unwrap();
    assert_eq!(with_token.status(), 200, "a bearer token of a user who sees the asset works too");
    assert_eq!(reqwest::Client::new().get(unsigned).bearer_auth(BLAKE).send().await.unwrap().status(), 403);
    let (_, project) = api(&sim, AVERY, Method::GET, &format!("/projects/{}", fid("@fproj-holiday")), json!({})).await;
    assert_eq!((project["file_count"].as_u64(), project["storage"].as_u64()), (Some(1), Some(size as u64)));
}

#[tokio::test]
async fn a_small_file_is_one_part_and_a_retried_part_replaces_the_first() {
    let sim = demo().await;
    let data = bytes_of(1000, 3);
    let asset = new_file(&sim, "note.txt", "text/plain", 1000).await;
    let id = asset["id"].as_str().unwrap().to_owned();
    let url = &urls(&asset)[0];
    let (status, _) = put_part(url, bytes_of(1000, 99), Some("text/plain"), Some("private")).await;
    assert_eq!(status, 200);
    let first = api(&sim, AVERY, Method::GET, &format!("/assets/{id}"), json!({})).await.1;
    let (status, _) = put_part(url, data.clone(), Some("text/plain"), Some("private")).await;
    assert_eq!(status, 200, "a part may be sent again");
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), &id), Some(data));
    let second = api(&sim, AVERY, Method::GET, &format!("/assets/{id}"), json!({})).await.1;
    assert_eq!(first["upload_completed_at"], second["upload_completed_at"], "completion time stays");
    assert_ne!(first["checksums"], second["checksums"], "the checksum follows the bytes");
    assert_eq!(sim.world().blobs.with_prefix(&format!("fio/part/{id}/")).count(), 1);
}

#[tokio::test]
async fn part_puts_enforce_the_signed_headers_size_and_signature() {
    let sim = demo().await;
    let asset = new_file(&sim, "cut.mp4", "video/mp4", 2048).await;
    let other = new_file(&sim, "other.mp4", "video/mp4", 2048).await;
    let id = asset["id"].as_str().unwrap().to_owned();
    let url = urls(&asset)[0].clone();
    let data = bytes_of(2048, 5);

    let (status, body) = put_part(&url, data.clone(), Some("video/mp4"), None).await;
    assert_eq!(status, 403);
    assert!(body.contains("<Error><Code>AccessDenied</Code>"), "{body}");
    let (status, body) = put_part(&url, data.clone(), Some("video/mp4"), Some("public-read")).await;
    assert_eq!((status.as_u16(), body.contains("AccessDenied")), (403, true));
    let (status, body) = put_part(&url, data.clone(), Some("application/octet-stream"), Some("private")).await;
    assert_eq!(status, 403);
    assert!(body.contains("<Code>SignatureDoesNotMatch</Code>"), "{body}");
    let (status, body) = put_part(&url, data.clone(), None, Some("private")).await;
    assert_eq!((status.as_u16(), body.contains("SignatureDoesNotMatch")), (403, true));
    let (status, body) = put_part(&url, data[..100].to_vec(), Some("video/mp4"), Some("private")).await;
    assert_eq!(status, 400);
    assert!(body.contains("<Code>EntityTooSmall</Code>"), "{body}");
    let (status, body) = put_part(&url, bytes_of(4096, 1), Some("video/mp4"), Some("private")).await;
    assert_eq!((status.as_u16(), body.contains("EntityTooLarge")), (400, true));
    // Another asset's signature does not open this asset's part.
    let other_sig = urls(&other)[0].split("X-Amz-Signature=").nth(1).unwrap().to_owned();
    let forged = format!("{}X-Amz-Signature={other_sig}", url.split("X-Amz-Signature=").next().unwrap());
    let (status, body) = put_part(&forged, data.clone(), Some("video/mp4"), Some("private")).await;
    assert_eq!((status.as_u16(), body.contains("SignatureDoesNotMatch")), (403, true));
    assert!(wfio::sim::frameio::asset_bytes(&sim.world(), &id).is_none(), "nothing stored by a refused part");
    let (status, _) = put_part(&url, data.clone(), Some("video/mp4"), Some("private")).await;
    assert_eq!(status, 200);
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), &id), Some(data));
}

#[tokio::test]
async fn a_file_without_filetype_takes_parts_without_content_type() {
    // fioctl leaves `filetype` out of the create body and then sends no content-type.
    let sim = demo().await;
    let root = fid("@fasset-holiday-root");
    let (_, asset) = api(
        &sim,
        AVERY,
        Method::POST,
        &format!("/assets/{root}/children"),
        json!({"type": "file", "name": "raw.bin", "filesize": 10}),
    )
    .await;
    assert!(asset["filetype"].is_null());
    let (status, body) = put_part(&urls(&asset)[0], bytes_of(10, 2), None, Some("private")).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) =
        api(&sim, BLAKE, Method::GET, &format!("/assets/{}", asset["id"].as_str().unwrap()), json!({})).await;
    assert_eq!(status, 403);
}
