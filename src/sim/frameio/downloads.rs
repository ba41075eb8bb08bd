//! A complete file's `original`: a presigned, CDN-like URL on the simulator that streams the
//! assembled bytes back.
//!
//! `http://HOST/cdn/frameio-assets/<asset id>/original?Key-Pair-Id=APKASIMULATOR&Signature=<64 hex>`
//!
//! Clients fetch `media_links.original.download_url` with no Authorization header, so the
//! signature alone admits a request; a V4 credential (`v4::auth`) that may see the file in its
//! account works too. Single `Range: bytes=a-b` requests get 206 (large files are downloaded in
//! ranges). Errors are XML like S3's/CloudFront's.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use super::common::parse_query;
use super::store::{FioStore, str_field};
use super::uploads::{complete_parts, s3_error, sign};
use super::v4::{access, auth};
use crate::sim::{Shared, World};

pub fn original_url(fio: &FioStore, base: &str, asset_id: &str) -> String {
    format!(
        "{base}/cdn/frameio-assets/{asset_id}/original?Key-Pair-Id=APKASIMULATOR&Signature={}",
        sign(fio, "GET", asset_id, 0)
    )
}

/// May the request's V4 credential see the file: its account admits the credential (as for any
/// `/v4/accounts/{id}/…` request) and the user may see the file's project.
fn bearer_sees(w: &World, headers: &HeaderMap, asset_id: &str) -> bool {
    let Ok(p) = auth::authenticate(w, headers) else { return false };
    let fio = &w.fio;
    let project = fio.asset(asset_id).and_then(|a| str_field(a, "project_id")).and_then(|id| fio.project(id));
    let Some(account) = project.and_then(|p| str_field(p, "team_id")).and_then(|t| fio.team_account(t)) else {
        return false;
    };
    access::account(fio, &account, &p).is_ok() && access::asset(fio, &account, asset_id, &p.user).is_ok()
}

/// `bytes=a-b`, `bytes=a-`, `bytes=-n` of a `len`-byte file → `[start, end)`.
fn parse_range(spec: &str, len: u64) -> Option<(u64, u64)> {
    let spec = spec.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", n) => {
            let n: u64 = n.parse().ok()?;
            (len.saturating_sub(n), len)
        }
        (a, "") => (a.parse().ok()?, len),
        (a, b) => (a.parse().ok()?, b.parse::<u64>().ok()?.saturating_add(1).min(len)),
    };
    (start < end).then_some((start, end))
}

/// The slices of `parts` covering `[start, end)`, without copying.
fn slice_parts(parts: &[Bytes], start: u64, end: u64) -> Vec<Bytes> {
    let mut out = Vec::new();
    let mut offset = 0u64;
    for p in parts {
        let (lo, hi) = (offset, offset + p.len() as u64);
        offset = hi;
        if hi <= start || lo >= end {
            continue;
        }
        let from = start.saturating_sub(lo) as usize;
        let to = (end.min(hi) - lo) as usize;
        out.push(p.slice(from..to));
    }
    out
}

/// `GET /cdn/frameio-assets/{asset id}/original`.
pub async fn original(
    State(sim): State<Shared>,
    Path(asset_id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let (parts, name, filetype) = {
        let w = sim.lock();
        let query = parse_query(uri.query().unwrap_or(""));
        let signed = query.iter().any(|(k, v)| k == "Signature" && *v == sign(&w.fio, "GET", &asset_id, 0));
        if !signed && !bearer_sees(&w, &headers, &asset_id) {
            return s3_error(StatusCode::FORBIDDEN, "AccessDenied", "Access denied");
        }
        let Some(parts) = complete_parts(&w, &asset_id) else {
            return s3_error(StatusCode::NOT_FOUND, "NoSuchKey", "The specified key does not exist.");
        };
        let asset = w.fio.asset(&asset_id);
        let name = asset.and_then(|a| str_field(a, "name")).unwrap_or("original").to_owned();
        let filetype = asset.and_then(|a| str_field(a, "filetype")).unwrap_or("application/octet-stream").to_owned();
        (parts, name, filetype)
    };
    let len: u64 = parts.iter().map(|p| p.len() as u64).sum();
    let range = headers.get("range").and_then(|v| v.to_str().ok());
    let (status, start, end) = match range {
        None => (StatusCode::OK, 0, len),
        Some(spec) => match parse_range(spec, len) {
            Some((s, e)) => (StatusCode::PARTIAL_CONTENT, s, e),
            None => {
                let mut r = s3_error(
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    "InvalidRange",
                    "The requested range is not satisfiable",
                );
                r.headers_mut().insert(
                    "content-range",
                    HeaderValue::from_str(&format!("bytes */{len}")).unwrap_or(HeaderValue::from_static("bytes */0")),
                );
                return r;
            }
        },
    };
    let chunks = slice_parts(&parts, start, end);
    let body = Body::from_stream(futures::stream::iter(chunks.into_iter().map(Ok::<_, std::convert::Infallible>)));
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    let mut set = |k: &'static str, v: String| {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(k, v);
        }
    };
    set("content-type", filetype);
    set("content-length", (end - start).to_string());
    set("accept-ranges", "bytes".into());
    set("content-disposition", format!("attachment; filename=\"{}\"", name.replace('"', "")));
    if status == StatusCode::PARTIAL_CONTENT {
        set("content-range", format!("bytes {start}-{}/{len}", end - 1));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-9", 100), Some((0, 10)));
        assert_eq!(parse_range("bytes=90-200", 100), Some((90, 100)));
        assert_eq!(parse_range("bytes=-10", 100), Some((90, 100)));
        assert_eq!(parse_range("bytes=50-", 100), Some((50, 100)));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("items=0-1", 100), None);
    }

    #[test]
    fn slices_span_parts() {
        let parts = vec![Bytes::from_static(b"abcd"), Bytes::from_static(b"efgh")];
        let got: Vec<u8> = slice_parts(&parts, 2, 6).concat();
        assert_eq!(got, b"cdef");
        assert_eq!(slice_parts(&parts, 0, 8).concat(), b"abcdefgh");
    }
}
