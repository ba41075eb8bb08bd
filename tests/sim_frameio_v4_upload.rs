//! V4 local uploads over real HTTP: the server chooses the parts (the documented sample
//! reproduced exactly), each part PUT is checked like S3 checks a presigned URL, the status
//! turns `upload_complete` once every part arrived, and the file then downloads its bytes.

#[path = "common/v4.rs"]
mod v4;

use serde_json::{Value, json};
use v4::{AVERY, Cred, demo, fid, get, post};

async fn project_root(base: &str, c: Cred<'_>) -> (String, String) {
    let account = format!("/v4/accounts/{}", fid("@fa-agency"));
    let p = post(base, c, &format!("{account}/workspaces/{}/projects", fid("@ft-agency")), json!({"name": "Uploads"}))
        .await;
    assert_eq!(p.status, 201, "{}", p.body);
    (account, p.data()["root_folder_id"].as_str().unwrap().to_owned())
}

fn bytes(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i.wrapping_mul(31) ^ (i >> 7)) as u8).collect()
}

async fn put(url: &str, acl: Option<&str>, content_type: Option<&str>, body: Vec<u8>) -> reqwest::Response {
    let mut r = v4::http().put(url).body(body);
    if let Some(a) = acl {
        r = r.header("x-amz-acl", a);
    }
    if let Some(t) = content_type {
        r = r.header("content-type", t);
    }
    r.send().await.unwrap()
}

#[tokio::test]
async fn the_documented_sample_uploads_in_three_server_chosen_parts() {
    let sim = demo().await;
    let base = sim.base_url();
    let c = Cred::Legacy(AVERY);
    let (account, root) = project_root(&base, c).await;
    let size = 50_645_990usize;
    let r = post(
        &base,
        c,
        &format!("{account}/folders/{root}/files/local_upload"),
        json!({"name": "spot.mov", "file_size": size}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let file = r.data().clone();
    assert_eq!((file["type"].as_str(), file["status"].as_str()), (Some("file"), Some("created")));
    assert_eq!(file["media_type"], "video/quicktime", "derived from the name");
    assert_eq!(file["file_size"], size);
    let parts = file["upload_urls"].as_array().unwrap();
    let sizes: Vec<u64> = parts.iter().map(|p| p["size"].as_u64().unwrap()).collect();
    assert_eq!(sizes, vec![16_881_997, 16_881_997, 16_881_996]);
    let id = file["id"].as_str().unwrap();
    let status = format!("{account}/files/{id}/status");
    let data = bytes(size);
    let mut offset = 0;
    for (k, p) in parts.iter().enumerate() {
        let url = p["url"].as_str().unwrap();
        assert!(url.starts_with(&format!("{base}/s3/")), "{url}");
        let n = p["size"].as_u64().unwrap() as usize;
        let chunk = data[offset..offset + n].to_vec();
        offset += n;
        let r = put(url, Some("private"), Some("video/quicktime"), chunk).await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
        let s = get(&base, c, &status).await;
        assert_eq!(s.data()["upload_complete"], k == 2, "complete only after the last part");
    }
    let s = get(&base, c, &status).await;
    assert_eq!(s.data()["filetype"], "video/quicktime");
    assert_eq!(s.data()["upload_failed"], false);
    assert!(s.data()["upload_completed_at"].is_string());
    let shown = get(&base, c, &format!("{account}/files/{id}?include=media_links.original")).await;
    assert_eq!(shown.data()["status"], "uploaded");
    let url = shown.data()["media_links"]["original"]["download_url"].as_str().unwrap();
    let got = v4::http().get(url).send().await.unwrap().bytes().await.unwrap();
    assert!(got.len() == size && got[..] == data[..], "the bytes come back");
}

#[tokio::test]
async fn part_puts_are_checked_like_s3() {
    let sim = demo().await;
    let base = sim.base_url();
    let c = Cred::Legacy(AVERY);
    let (account, root) = project_root(&base, c).await;
    let r = post(
        &base,
        c,
        &format!("{account}/folders/{root}/files/local_upload"),
        json!({"name": "brief.txt", "file_size": 11}),
    )
    .await;
    let url = r.data()["upload_urls"][0]["url"].as_str().unwrap().to_owned();
    assert_eq!(r.data()["upload_urls"][0]["size"], 11);
    let denied = put(&url, None, Some("text/plain"), b"hello world".to_vec()).await;
    assert_eq!(denied.status(), 403);
    assert!(denied.text().await.unwrap().contains("<Code>AccessDenied</Code>"));
    let wrong = put(&url, Some("private"), Some("application/octet-stream"), b"hello world".to_vec()).await;
    assert_eq!(wrong.status(), 403);
    assert!(wrong.text().await.unwrap().contains("<Code>SignatureDoesNotMatch</Code>"));
    let none = put(&url, Some("private"), None, b"hello world".to_vec()).await;
    assert_eq!(none.status(), 403, "Content-Type is required");
    let forged = put(
        &url.replace("X-Amz-Signature=", "X-Amz-Signature=0"),
        Some("private"),
        Some("text/plain"),
        b"hello world".to_vec(),
    )
    .await;
    assert_eq!(forged.status(), 403);
    let short = put(&url, Some("private"), Some("text/plain"), b"hello".to_vec()).await;
    assert_eq!(short.status(), 400);
    let id = r.data()["id"].as_str().unwrap();
    let s = get(&base, c, &format!("{account}/files/{id}/status")).await;
    assert_eq!(s.data()["upload_complete"], false);
    assert_eq!(put(&url, Some("private"), Some("text/plain"), b"hello world".to_vec()).await.status(), 200);
    let s = get(&base, c, &format!("{account}/files/{id}/status")).await;
    assert_eq!(s.data()["upload_complete"], true);
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), id).unwrap(), b"hello world");
    let kids = get(&base, c, &format!("{account}/folders/{root}/children?include=media_links.original")).await;
    let file = &kids.data()[0];
    assert_eq!(file["name"], "brief.txt");
    assert!(file["media_links"]["original"]["download_url"].is_string());
}

#[tokio::test]
async fn the_request_has_exactly_name_and_file_size() {
    let sim = demo().await;
    let base = sim.base_url();
    let c = Cred::Legacy(AVERY);
    let (account, root) = project_root(&base, c).await;
    let path = format!("{account}/folders/{root}/files/local_upload");
    let r = post(&base, c, &path, json!({"name": "a.png", "file_size": 10, "media_type": "image/png"})).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.body["errors"][0]["detail"], "Unexpected field: media_type");
    let r = post(&base, c, &path, json!({"name": "a.png", "file_size": 0})).await;
    assert_eq!((r.status.as_u16(), r.detail()), (422, "0 is smaller than inclusive minimum 1"));
    let r = post(&base, c, &path, json!({"name": "a.png"})).await;
    assert_eq!(r.detail(), "Missing field: file_size");
    let r = post(&base, c, &path, json!({"name": "a.png", "file_size": "10"})).await;
    assert_eq!(r.detail(), "Invalid integer. Got: string");
    let r = post(
        &base,
        c,
        &format!("{account}/folders/{}/files/local_upload", fid("@nothing")),
        json!({"name": "a", "file_size": 1}),
    )
    .await;
    assert_eq!(r.status, 404);
    let unknown = post(&base, c, &path, json!({"name": "blob.weird", "file_size": 3})).await;
    assert_eq!(unknown.data()["media_type"], "application/octet-stream");
    let v: Value = unknown.body;
    assert_eq!(v["data"]["upload_urls"].as_array().unwrap().len(), 1);
}
