//! Lists: a bare JSON array plus `page-number`, `per-page`, `total`, `total-pages` and `link`
//! on every list response, even a single or empty page (notes §2.1; fioctl reads them on every list).
//!
//! Query: `page` (1-based, default 1) and `page_size` (default 50, as users saw in issue #20; capped
//! at 100 like V4, since v2's cap is not documented). Values that are not positive integers fall
//! back to the defaults. `sort=field` / `sort=-field` (dotted paths like `user.email`) orders
//! the whole list before paging. The headers follow the scrivener_headers convention that the
//! names come from: `total-pages` is at least 1, and `link` lists `first`, `last`, then `prev`
//! and `next` where they exist, as absolute URLs that keep the other query parameters and end
//! in `page=N&page_size=P` (GitHub style).

use std::cmp::Ordering;

use axum::http::HeaderValue;
use axum::response::IntoResponse;
use serde_json::Value;

use super::ctx::{Reply, Req};

pub const DEFAULT_PAGE_SIZE: usize = 50;
pub const MAX_PAGE_SIZE: usize = 100;

fn positive(req: &Req, key: &str) -> Option<usize> {
    req.q(key).and_then(|v| v.trim().parse::<usize>().ok()).filter(|n| *n > 0)
}

/// Sort by a dotted path, `-` first for descending. Strings compare case-insensitively.
pub fn sort_by(items: &mut [Value], spec: &str) {
    let (desc, path) = match spec.strip_prefix('-') {
        Some(p) => (true, p),
        None => (false, spec),
    };
    let pointer = format!("/{}", path.replace('.', "/"));
    items.sort_by(|a, b| {
        let o = cmp_values(a.pointer(&pointer), b.pointer(&pointer));
        if desc { o.reverse() } else { o }
    });
}

fn cmp_values(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::String(x)), Some(Value::String(y))) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            x.as_f64().unwrap_or(0.0).partial_cmp(&y.as_f64().unwrap_or(0.0)).unwrap_or(Ordering::Equal)
        }
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (None | Some(Value::Null), None | Some(Value::Null)) => Ordering::Equal,
        (None | Some(Value::Null), _) => Ordering::Less,
        (_, None | Some(Value::Null)) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// Answer a list: sort, cut the requested page, add the paging headers.
pub fn list(req: &Req, mut items: Vec<Value>) -> Reply {
    if let Some(spec) = req.q("sort").filter(|s| !s.is_empty()) {
        sort_by(&mut items, spec);
    }
    let per_page = positive(req, "page_size").unwrap_or(DEFAULT_PAGE_SIZE).min(MAX_PAGE_SIZE);
    let page = positive(req, "page").unwrap_or(1);
    let total = items.len();
    let total_pages = total.div_ceil(per_page).max(1);
    let page_items: Vec<Value> = items.into_iter().skip((page - 1).saturating_mul(per_page)).take(per_page).collect();
    let mut response = axum::Json(Value::Array(page_items)).into_response();
    let h = response.headers_mut();
    h.insert("page-number", HeaderValue::from(page));
    h.insert("per-page", HeaderValue::from(per_page));
    h.insert("total", HeaderValue::from(total));
    h.insert("total-pages", HeaderValue::from(total_pages));
    if let Ok(v) = HeaderValue::from_str(&link_header(req, page, per_page, total_pages)) {
        h.insert("link", v);
    }
    Ok(response)
}

fn link_header(req: &Req, page: usize, per_page: usize, total_pages: usize) -> String {
    let mut rels = vec![(1, "first"), (total_pages, "last")];
    if page > 1 && page <= total_pages {
        rels.push((page - 1, "prev"));
    }
    if page < total_pages {
        rels.push((page + 1, "next"));
    }
    rels.into_iter()
        .map(|(n, rel)| format!("<{}>; rel=\"{rel}\"", page_url(req, n, per_page)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn page_url(req: &Req, page: usize, per_page: usize) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in req.query.iter().filter(|(k, _)| k != "page" && k != "page_size") {
        q.append_pair(k, v);
    }
    q.append_pair("page", &page.to_string());
    q.append_pair("page_size", &per_page.to_string());
    format!("{}{}?{}", req.base(), req.path, q.finish())
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, Method, Uri};
    use serde_json::json;

    use super::*;

    fn req(q: &str) -> Req {
        let uri: Uri = format!("/v2/accounts?{q}").parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert("host", "127.0.0.1:9".parse().unwrap());
        Req::parse(Method::GET, &uri, h, b"").unwrap()
    }

    #[test]
    fn pages_and_links() {
        let items: Vec<Value> = (0..5).map(|i| json!({"n": i})).collect();
        let r = list(&req("page_size=2&page=2"), items).unwrap();
        let h = r.headers();
        assert_eq!(h["page-number"], "2");
        assert_eq!(h["per-page"], "2");
        assert_eq!(h["total"], "5");
        assert_eq!(h["total-pages"], "3");
        let link = h["link"].to_str().unwrap();
        assert!(link.contains("<http://127.0.0.1:9/v2/accounts?page=3&page_size=2>; rel=\"next\""), "{link}");
        assert!(link.contains("rel=\"prev\"") && link.contains("rel=\"first\"") && link.contains("rel=\"last\""));
    }

    #[test]
    fn empty_list_has_one_page() {
        let r = list(&req(""), vec![]).unwrap();
        assert_eq!(r.headers()["total-pages"], "1");
        assert_eq!(r.headers()["per-page"], "50");
        assert!(!r.headers()["link"].to_str().unwrap().contains("next"));
    }

    #[test]
    fn sorts_by_dotted_paths() {
        let mut v = vec![json!({"user": {"email": "b@x"}}), json!({"user": {"email": "A@x"}})];
        sort_by(&mut v, "user.email");
        assert_eq!(v[0]["user"]["email"], "A@x");
        sort_by(&mut v, "-user.email");
        assert_eq!(v[0]["user"]["email"], "b@x");
    }
}
