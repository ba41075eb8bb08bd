//! V4 lists: `{"data":[…],"links":{"next":…}}`, plus `total_count` when `include_total_count=true`.
//!
//! `page_size` defaults to 50; its maximum is the operation's (100, or 500 on asset lists, as the
//! document's `RequestPageSize`/`AssetRequestPageSize` say); out of range is 422. `links.next` is
//! a relative path carrying only `after` (`/v4/accounts?after=…`), null on the last page. The
//! cursor is opaque: base64url of the offset, page size and sort, so following `links.next`
//! alone keeps the page size and order; a `page_size` or `sort` sent with it wins.

use axum::response::IntoResponse;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::envelope::Req;
use super::errors::{Reply, V4Err};

/// Where a list page starts and how long it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub offset: usize,
    pub size: usize,
    pub sort: Option<String>,
}

pub const DEFAULT_PAGE_SIZE: usize = 50;

fn encode_cursor(offset: usize, size: usize, sort: Option<&str>) -> String {
    URL_SAFE_NO_PAD.encode(json!({"o": offset, "n": size, "s": sort}).to_string())
}

/// The page a list request asks for (`max` is the operation's largest `page_size`).
pub fn page(req: &Req, max: usize) -> Result<Page, V4Err> {
    let mut page = Page { offset: 0, size: DEFAULT_PAGE_SIZE, sort: None };
    if let Some(after) = req.q("after").filter(|a| !a.is_empty()) {
        let bad = || V4Err::field("/after", "Invalid cursor");
        let v: Value =
            URL_SAFE_NO_PAD.decode(after).ok().and_then(|b| serde_json::from_slice(&b).ok()).ok_or_else(bad)?;
        page.offset = v["o"].as_u64().ok_or_else(bad)? as usize;
        page.size = v["n"].as_u64().map_or(DEFAULT_PAGE_SIZE, |n| n as usize).clamp(1, max);
        page.sort = v["s"].as_str().map(str::to_owned);
    }
    if let Some(ps) = req.q("page_size") {
        let n: i64 = ps.trim().parse().map_err(|_| V4Err::field("/page_size", "Invalid integer. Got: string"))?;
        if n < 1 {
            return Err(V4Err::field("/page_size", format!("{n} is smaller than inclusive minimum 1")));
        }
        if n > max as i64 {
            return Err(V4Err::field("/page_size", format!("{n} is larger than inclusive maximum {max}")));
        }
        page.size = n as usize;
    }
    if let Some(s) = req.q("sort").filter(|s| !s.is_empty()) {
        page.sort = Some(s.to_owned());
    }
    if let Some(t) = req.q("include_total_count")
        && t != "true"
        && t != "false"
    {
        return Err(V4Err::field("/include_total_count", "Invalid boolean. Got: string"));
    }
    Ok(page)
}

/// Answer one page of `items` (already sorted by `page.sort`).
pub fn list(req: &Req, page: &Page, items: Vec<Value>) -> Reply {
    let total = items.len();
    let end = page.offset.saturating_add(page.size).min(total);
    let data: Vec<Value> = items.into_iter().skip(page.offset).take(page.size).collect();
    let next =
        (end < total).then(|| format!("{}?after={}", req.path, encode_cursor(end, page.size, page.sort.as_deref())));
    let mut body = json!({"data": data, "links": {"next": next}});
    if req.q("include_total_count") == Some("true") {
        body["total_count"] = json!(total);
    }
    Ok(axum::Json(body).into_response())
}

/// Sort `items` by `spec` (`name_asc`, `created_at_desc`, ...): the field is the spec without
/// its `_asc`/`_desc`, looked up with `key`. Strings compare case-insensitively; ties keep the
/// incoming order.
pub fn sort_items<T>(items: &mut [T], spec: Option<&str>, key: impl Fn(&T, &str) -> String) {
    let Some(spec) = spec else { return };
    let (field, desc) = match (spec.strip_suffix("_asc"), spec.strip_suffix("_desc")) {
        (Some(f), _) => (f, false),
        (_, Some(f)) => (f, true),
        _ => (spec, false),
    };
    items.sort_by(|a, b| {
        let o = key(a, field).to_lowercase().cmp(&key(b, field).to_lowercase());
        if desc { o.reverse() } else { o }
    });
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, Method, Uri};

    use super::*;

    fn req(method: Method, uri: &str, body: &str) -> Req {
        let uri: Uri = uri.parse().unwrap();
        Req::parse(method, &uri, HeaderMap::new(), body.as_bytes()).unwrap()
    }

    #[test]
    fn cursors_carry_offset_size_and_sort() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let r = req(Method::GET, "/v4/accounts?page_size=2&sort=name_asc", "");
        let p = page(&r, 100).unwrap();
        let resp = list(&r, &p, items).unwrap();
        let body = futures::executor::block_on(axum::body::to_bytes(resp.into_body(), 1 << 16)).unwrap();
        let v: Value = serde_json::from_slice(&body).unwrap();
        let next = v["links"]["next"].as_str().unwrap();
        assert!(next.starts_with("/v4/accounts?after="), "{next}");
        let p2 = page(&req(Method::GET, next, ""), 100).unwrap();
        assert_eq!(p2, Page { offset: 2, size: 2, sort: Some("name_asc".into()) });
        assert!(page(&req(Method::GET, "/x?page_size=101", ""), 100).is_err());
        assert!(page(&req(Method::GET, "/x?page_size=0", ""), 100).is_err());
        assert!(page(&req(Method::GET, "/x?after=zzz", ""), 100).is_err());
    }
}
