//! The plain HTML of the sign-in page and of IMS's error page: no scripts, no styles that
//! matter, readable in a text browser. One form per seeded user, each a POST back to
//! `/ims/authorize/v2` carrying the request's parameters in hidden fields plus `user`; one
//! more form to type an email.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::store::ImsUser;

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn hidden(params: &[(String, String)]) -> String {
    params
        .iter()
        .filter(|(k, _)| k != "user")
        .map(|(k, v)| format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("")
}

/// The sign-in page for `client_name`.
pub fn sign_in(client_name: &str, params: &[(String, String)], users: &[ImsUser]) -> Response {
    let fields = hidden(params);
    let buttons: String = users
        .iter()
        .map(|u| {
            format!(
                "<li><form method=\"post\" action=\"/ims/authorize/v2\">{fields}\
                 <input type=\"hidden\" name=\"user\" value=\"{email}\">\
                 <button type=\"submit\">Sign in as {name}</button> <small>{email}</small></form></li>\n",
                email = escape(&u.email),
                name = escape(&u.name)
            )
        })
        .collect();
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in - Adobe ID (simulated)</title></head>\n\
         <body><h1>Sign in</h1>\n<p>{client} wants to use your Adobe ID. This is the wfio simulator's Adobe IMS: \
         choose a demo user, no password needed.</p>\n<ul>\n{buttons}</ul>\n\
         <form method=\"post\" action=\"/ims/authorize/v2\">{fields}<label>Email address \
         <input type=\"email\" name=\"user\"></label> <button type=\"submit\">Continue</button></form>\n</body></html>\n",
        client = escape(client_name)
    );
    Html(body).into_response()
}

/// IMS's error page (no redirect: the client or redirect cannot be trusted).
pub fn error_page(status: StatusCode, error: &str, description: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error - Adobe ID (simulated)</title></head>\n\
         <body><h1>Something went wrong</h1>\n<p>error: {}</p>\n<p>{}</p>\n</body></html>\n",
        escape(error),
        escape(description)
    );
    (status, Html(body)).into_response()
}
