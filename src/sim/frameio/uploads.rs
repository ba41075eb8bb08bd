//! File uploads (notes §1.4.7): presigned part URLs on the simulator's own S3-like endpoint.
//!
//! A file asset of `filesize` bytes gets `n = max(1, ceil(filesize / 20_000_000))` URLs
//! (inferred from the V4 doc sample, notes §1.4.7); clients cut parts of `ceil(filesize / n)`
//! bytes, the last one taking the remainder. URL shape (absolute, from the request's `Host`):
//!
//! `http://HOST/s3/frameio-uploads/<asset id>/part/<k>?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=86400&X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-acl&X-Amz-Signature=<64 hex>`
//!
//! with `k` counted from 1 like S3 part numbers. A part `PUT` needs no Authorization but must
//! carry `x-amz-acl: private` (else 403 `AccessDenied`) and `content-type` equal to the asset's
//! `filetype` (else 403 `SignatureDoesNotMatch`, as S3 answers a changed signed header; a
//! seeded asset without `filetype` takes a part without `content-type`). A forged
//! or another asset's signature is 403 `SignatureDoesNotMatch`; a body of the wrong size is 400
//! `EntityTooLarge` / `EntityTooSmall`. Errors are S3's XML `<Error><Code>…</Code>…</Error>`.
//! Re-sending a part replaces it. When every part is there, `upload_completed_at` is set and
//! `checksums.xx_hash` follows. URL expiry is not enforced.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::json;

use super::common::{now, parse_query};
use super::store::{FioStore, str_field};
use super::xxh64::{self, Xxh64};
use crate::sim::{Shared, World};

pub const PART_SIZE: u64 = 20_000_000;
const DEFAULT_SIGNING_KEY: &str = "wfio-simulator-frameio-signing-key";

/// How many parts (upload URLs) a file of `filesize` bytes gets.
pub fn part_count(filesize: u64) -> u64 {
    filesize.div_ceil(PART_SIZE).max(1)
}

/// The exact size of part `k` (1-based), as every client computes it.
pub fn part_len(filesize: u64, k: u64) -> u64 {
    let chunk = filesize.div_ceil(part_count(filesize));
    let start = (k - 1).saturating_mul(chunk).min(filesize);
    chunk.min(filesize - start)
}

/// A 64-hex-digit signature of `purpose` for `asset_id` and part `k`, keyed by the world's secret.
pub fn sign(fio: &FioStore, purpose: &str, asset_id: &str, k: u64) -> String {
    let key = if fio.signing_key.is_empty() { DEFAULT_SIGNING_KEY } else { fio.signing_key.as_str() };
    let msg = format!("{key}\n{purpose}\n{asset_id}\n{k}");
    (1..=4u64).map(|seed| format!("{:016x}", xxh64::hash(seed, msg.as_bytes()))).collect()
}

pub fn upload_urls(fio: &FioStore, base: &str, asset_id: &str, filesize: u64) -> Vec<String> {
    (1..=part_count(filesize))
        .map(|k| {
            format!(
                "{base}/s3/frameio-uploads/{asset_id}/part/{k}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=86400\
                 &X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-acl&X-Amz-Signature={}",
                sign(fio, "PUT", asset_id, k)
            )
        })
        .collect()
}

pub fn part_key(asset_id: &str, k: u64) -> String {
    format!("fio/part/{asset_id}/{k}")
}

/// S3's XML error body.
pub fn s3_error(status: StatusCode, code: &'static str, message: &str) -> Response {
    S3Err { status, code, message: message.to_owned() }.into_response()
}

/// An S3 error, answered as `<Error><Code>…</Code><Message>…</Message>…</Error>`.
#[derive(Debug)]
pub struct S3Err {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl IntoResponse for S3Err {
    fn into_response(self) -> Response {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{}</Code><Message>{}</Message>\
             <RequestId>SIMULATOR</RequestId><HostId>wfio-sim</HostId></Error>",
            self.code, self.message
        );
        (self.status, [("content-type", "application/xml")], body).into_response()
    }
}

fn s3(status: StatusCode, code: &'static str, message: &str) -> S3Err {
    S3Err { status, code, message: message.to_owned() }
}

/// The parts of a complete upload, in order; None while any part is missing or sizes disagree.
pub fn complete_parts(world: &World, asset_id: &str) -> Option<Vec<Bytes>> {
    let asset = world.fio.asset(asset_id)?;
    let filesize = asset.get("filesize")?.as_u64()?;
    let parts: Vec<Bytes> =
        (1..=part_count(filesize)).map(|k| world.blobs.get(&part_key(asset_id, k))).collect::<Option<_>>()?;
    (parts.iter().map(|p| p.len() as u64).sum::<u64>() == filesize).then_some(parts)
}

/// The uploaded bytes of a file asset once its upload is complete (for tests).
pub fn asset_bytes(world: &World, asset_id: &str) -> Option<Vec<u8>> {
    complete_parts(world, asset_id).map(|parts| parts.concat())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// Check a part PUT against the asset; Ok(expected size) or the S3 error.
fn admit(world: &World, asset_id: &str, k: u64, uri: &Uri, headers: &HeaderMap) -> Result<u64, S3Err> {
    let query = parse_query(uri.query().unwrap_or(""));
    let signature = query.iter().find(|(q, _)| q == "X-Amz-Signature").map(|(_, v)| v.as_str());
    if signature != Some(sign(&world.fio, "PUT", asset_id, k).as_str()) {
        let msg = "The request signature we calculated does not match the signature you provided.";
        return Err(s3(StatusCode::FORBIDDEN, "SignatureDoesNotMatch", msg));
    }
    let asset = world.fio.asset(asset_id).filter(|a| str_field(a, "type") == Some("file"));
    let Some(asset) = asset else {
        return Err(s3(StatusCode::NOT_FOUND, "NoSuchUpload", "The specified upload does not exist."));
    };
    let filesize = asset.get("filesize").and_then(serde_json::Value::as_u64).unwrap_or(0);
    if k == 0 || k > part_count(filesize) {
        return Err(s3(StatusCode::BAD_REQUEST, "InvalidArgument", "Part number out of range."));
    }
    if header(headers, "x-amz-acl") != Some("private") {
        let msg = "Access Denied: this presigned URL requires the header x-amz-acl: private.";
        return Err(s3(StatusCode::FORBIDDEN, "AccessDenied", msg));
    }
    let sent = header(headers, "content-type").filter(|c| !c.is_empty());
    if sent != str_field(asset, "filetype").filter(|c| !c.is_empty()) {
        let msg = "The request signature we calculated does not match the signature you provided. \
                   The signed content-type header must equal the asset's filetype.";
        return Err(s3(StatusCode::FORBIDDEN, "SignatureDoesNotMatch", msg));
    }
    Ok(part_len(filesize, k))
}

fn wrong_size(got: u64, expected: u64) -> Response {
    let (code, what) = if got > expected { ("EntityTooLarge", "larger") } else { ("EntityTooSmall", "smaller") };
    let msg = format!("Your proposed upload is {what} than this part's size of {expected} bytes (got {got}).");
    s3_error(StatusCode::BAD_REQUEST, code, &msg)
}

/// `PUT /s3/frameio-uploads/{asset id}/part/{k}`: store one part. The body is read once, into
/// one `Bytes`, which the blob store keeps as is.
pub async fn put_part(
    State(sim): State<Shared>,
    Path((asset_id, k)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if method != Method::PUT {
        return s3_error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", "The specified method is not allowed.");
    }
    let Ok(k) = k.parse::<u64>() else {
        return s3_error(StatusCode::NOT_FOUND, "NoSuchKey", "The specified key does not exist.");
    };
    let expected = match admit(&sim.lock(), &asset_id, k, &uri, &headers) {
        Ok(n) => n,
        Err(e) => return e.into_response(),
    };
    if let Some(len) = header(&headers, "content-length").and_then(|v| v.parse::<u64>().ok())
        && len != expected
    {
        return wrong_size(len, expected);
    }
    let data = match axum::body::to_bytes(body, usize::try_from(expected).unwrap_or(usize::MAX).saturating_add(1)).await
    {
        Ok(d) => d,
        Err(_) => return wrong_size(expected + 1, expected),
    };
    if data.len() as u64 != expected {
        return wrong_size(data.len() as u64, expected);
    }
    let etag = format!("\"{:016x}\"", xxh64::hash(k, &data[..data.len().min(4096)]));
    let parts = {
        let mut w = sim.lock();
        if w.fio.asset(&asset_id).is_none() {
            return s3_error(StatusCode::NOT_FOUND, "NoSuchUpload", "The specified upload does not exist.");
        }
        w.blobs.put(part_key(&asset_id, k), data);
        let parts = complete_parts(&w, &asset_id);
        if parts.is_some()
            && let Some(asset) = w.fio.assets.get_mut(&asset_id)
            && asset.get("upload_completed_at").is_none_or(serde_json::Value::is_null)
        {
            asset.insert("upload_completed_at".into(), json!(now()));
        }
        parts
    };
    if let Some(parts) = parts {
        record_checksum(&sim, &asset_id, &parts);
    }
    let mut response = StatusCode::OK.into_response();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert("etag", v);
    }
    response
}

/// Hash the assembled file outside the lock, then record it if no part changed meanwhile.
fn record_checksum(sim: &Shared, asset_id: &str, parts: &[Bytes]) {
    let mut h = Xxh64::new(0);
    for p in parts {
        h.update(p);
    }
    let mut w = sim.lock();
    let same = complete_parts(&w, asset_id).is_some_and(|now| {
        now.len() == parts.len() && now.iter().zip(parts).all(|(a, b)| a.as_ptr() == b.as_ptr() && a.len() == b.len())
    });
    if same && let Some(asset) = w.fio.assets.get_mut(asset_id) {
        asset.insert("checksums".into(), json!({"xx_hash": h.hex()}));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_math_matches_the_clients() {
        assert_eq!(part_count(0), 1);
        assert_eq!(part_count(1), 1);
        assert_eq!(part_count(20_000_000), 1);
        assert_eq!(part_count(20_000_001), 2);
        // The V4 doc sample: 50,645,990 bytes in 3 parts of 16,881,997 / 16,881,997 / 16,881,996.
        assert_eq!(part_count(50_645_990), 3);
        let sizes: Vec<u64> = (1..=3).map(|k| part_len(50_645_990, k)).collect();
        assert_eq!(sizes, vec![16_881_997, 16_881_997, 16_881_996]);
        assert_eq!(part_len(0, 1), 0);
        assert_eq!(part_len(10, 1), 10);
        for size in [20_000_001u64, 40_000_001, 99_999_999] {
            let n = part_count(size);
            assert_eq!((1..=n).map(|k| part_len(size, k)).sum::<u64>(), size);
            assert!((1..=n).all(|k| part_len(size, k) > 0));
        }
    }

    #[test]
    fn signatures_are_per_asset_and_part() {
        let fio = FioStore::default();
        let a = sign(&fio, "PUT", "a", 1);
        assert_eq!(a.len(), 64);
        assert_ne!(a, sign(&fio, "PUT", "b", 1));
        assert_ne!(a, sign(&fio, "PUT", "a", 2));
        assert_eq!(a, sign(&fio, "PUT", "a", 1));
    }
}
