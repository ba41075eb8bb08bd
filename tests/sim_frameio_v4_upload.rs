//! V4 local uploads over real HTTP: the server chooses the parts (the documented sample
//! reproduced exactly), each part PUT is checked like S3 checks a presigned URL (S3's XML error
//! codes), parts may come in any order and again, the status turns `upload_complete` once every
//! part arrived, and the file then downloads its bytes from the CDN-like URL (ranges, signature,
//! or a V4 credential instead).

#[path = "common/v4.rs"]
mod v4;

use serde_json::{Value, json};
use v4::{AVERY, BLAKE, Cred, demo, fid, get, post};

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
    let id = r.data()["id"].as_str().unwrap().to_owned();
    let other = post(
        &base,
        c,
        &format!("{account}/folders/{root}/files/local_upload"),
        json!({"name": "other.txt", "file_size": 11}),
    )
    .await;
    let other_sig = other.data()["upload_urls"][0]["url"].as_str().unwrap().split("X-Amz-Signature=").nth(1).unwrap();
    let hello = || b"hello world".to_vec();
    let refused = [
        (put(&url, None, Some("text/plain"), hello()).await, 403, "AccessDenied"),
        (put(&url, Some("public-read"), Some("text/plain"), hello()).await, 403, "AccessDenied"),
        (put(&url, Some("private"), Some("application/octet-stream"), hello()).await, 403, "SignatureDoesNotMatch"),
        // Content-Type is required: it is a signed header.
        (put(&url, Some("private"), None, hello()).await, 403, "SignatureDoesNotMatch"),
        (
            put(&url.replace("X-Amz-Signature=", "X-Amz-Signature=0"), Some("private"), Some("text/plain"), hello())
                .await,
            403,
            "SignatureDoesNotMatch",
        ),
        // Another file's signature does not open this file's part.
        (
            put(
                &format!("{}X-Amz-Signature={other_sig}", url.split("X-Amz-Signature=").next().unwrap()),
                Some("private"),
                Some("text/plain"),
                hello(),
            )
            .await,
            403,
            "SignatureDoesNotMatch",
        ),
        (put(&url, Some("private"), Some("text/plain"), b"hello".to_vec()).await, 400, "EntityTooSmall"),
        (put(&url, Some("private"), Some("text/plain"), b"hello world, again".to_vec()).await, 400, "EntityTooLarge"),
    ];
    for (i, (r, status, code)) in refused.into_iter().enumerate() {
        assert_eq!(r.status(), status, "refusal {i}");
        assert_eq!(r.headers()["content-type"], "application/xml", "refusal {i}");
        let body = r.text().await.unwrap();
        assert!(body.contains(&format!("<Error><Code>{code}</Code>")), "refusal {i}: {body}");
    }
    assert!(wfio::sim::frameio::asset_bytes(&sim.world(), &id).is_none(), "nothing stored by a refused part");
    let id = id.as_str();
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

#[tokio::test]
async fn parts_in_any_order_a_part_sent_again_and_the_cdn_download() {
    let sim = demo().await;
    let base = sim.base_url();
    let c = Cred::Legacy(AVERY);
    let (account, root) = project_root(&base, c).await;
    let size = 20_000_001usize;
    let r = post(
        &base,
        c,
        &format!("{account}/folders/{root}/files/local_upload"),
        json!({"name": "cut.mov", "file_size": size}),
    )
    .await;
    let id = r.data()["id"].as_str().unwrap().to_owned();
    let parts: Vec<(String, usize)> = r.data()["upload_urls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["url"].as_str().unwrap().to_owned(), p["size"].as_u64().unwrap() as usize))
        .collect();
    assert_eq!(parts.iter().map(|p| p.1).collect::<Vec<_>>(), vec![10_000_001, 10_000_000]);
    let data = bytes(size);
    let status = format!("{account}/files/{id}/status");
    // The last part first, then a wrong first part, then the right one again.
    let (last, first) = (&parts[1], &parts[0]);
    assert_eq!(put(&last.0, Some("private"), Some("video/quicktime"), data[first.1..].to_vec()).await.status(), 200);
    assert_eq!(get(&base, c, &status).await.data()["upload_complete"], false, "complete only with every part");
    let wrong = vec![7u8; first.1];
    assert_eq!(put(&first.0, Some("private"), Some("video/quicktime"), wrong).await.status(), 200);
    let done = get(&base, c, &status).await;
    assert_eq!(done.data()["upload_complete"], true);
    let (completed, checksum) = {
        let w = sim.world();
        let a = &w.fio.assets[&id];
        (a["upload_completed_at"].clone(), a["checksums"]["xx_hash"].as_str().unwrap().to_owned())
    };
    assert_eq!(checksum.len(), 16);
    let again = put(&first.0, Some("private"), Some("video/quicktime"), data[..first.1].to_vec()).await;
    assert_eq!(again.status(), 200, "a part may be sent again, replacing the first");
    assert_eq!(wfio::sim::frameio::asset_bytes(&sim.world(), &id).as_deref(), Some(&data[..]));
    {
        let w = sim.world();
        let a = &w.fio.assets[&id];
        assert_eq!(a["upload_completed_at"], completed, "the completion time stays");
        assert_ne!(a["checksums"]["xx_hash"].as_str().unwrap(), checksum, "the checksum follows the bytes");
        assert_eq!(w.blobs.with_prefix(&format!("fio/part/{id}/")).count(), 2);
        assert_eq!(w.blobs.get(&format!("fio/part/{id}/2")).unwrap().len(), 10_000_000);
    }

    let shown = get(&base, c, &format!("{account}/files/{id}?include=media_links.original")).await;
    let url = shown.data()["media_links"]["original"]["download_url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&format!("{base}/cdn/")), "{url}");
    // No Authorization: the signature admits the request, like a CDN URL.
    let got = v4::http().get(&url).send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "video/quicktime");
    assert_eq!(got.headers()["accept-ranges"], "bytes");
    assert!(got.bytes().await.unwrap()[..] == data[..]);
    let range = v4::http().get(&url).header("range", "bytes=9999990-10000010").send().await.unwrap();
    assert_eq!(range.status(), 206, "a range across the two parts");
    assert_eq!(range.headers()["content-range"], format!("bytes 9999990-10000010/{size}"));
    assert_eq!(range.bytes().await.unwrap()[..], data[9_999_990..10_000_011]);
    let beyond = v4::http().get(&url).header("range", format!("bytes={size}-")).send().await.unwrap();
    assert_eq!(beyond.status(), 416);
    let forged = v4::http().get(url.replace("Signature=", "Signature=0")).send().await.unwrap();
    assert_eq!(forged.status(), 403);
    assert!(forged.text().await.unwrap().contains("<Code>AccessDenied</Code>"));
    // Unsigned: a V4 credential that may see the file works instead.
    let unsigned = url.split('?').next().unwrap();
    let cdn = |cred: Cred<'_>| {
        let mut r = v4::http().get(unsigned);
        match cred {
            Cred::Bearer(t) => r = r.bearer_auth(t),
            Cred::Legacy(t) => r = r.bearer_auth(t).header("x-frameio-legacy-token-auth", "true"),
            Cred::None => {}
        }
        async move { r.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(cdn(Cred::Legacy(AVERY)).await, 200, "a legacy token with its header, on its account");
    let t = v4::sign_in(&base, "avery.admin@northwind.example").await;
    assert_eq!(cdn(Cred::Bearer(t["access_token"].as_str().unwrap())).await, 200, "an IMS token");
    assert_eq!(cdn(Cred::Legacy(BLAKE)).await, 403, "not a member of the file's account");
    assert_eq!(cdn(Cred::Bearer(AVERY)).await, 403, "a legacy token without its header is no V4 credential");
    assert_eq!(cdn(Cred::None).await, 403);
}
