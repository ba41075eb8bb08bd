//! Workfront's error envelope: `{"error":{"class","message","title","msgKey","attributes","code"}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error the simulated Workfront API answers with, in the documented envelope.
#[derive(Debug, Clone, PartialEq)]
pub struct WfError {
    pub status: StatusCode,
    pub class: &'static str,
    pub message: String,
    pub msg_key: &'static str,
}

impl WfError {
    pub fn new(status: StatusCode, class: &'static str, message: impl Into<String>) -> Self {
        Self { status, class, message: message.into(), msg_key: "exception.attask" }
    }

    /// No credential at all: the message Workfront gives a request without a session.
    pub fn not_logged_in() -> Self {
        Self {
            msg_key: "exception.notloggedin",
            ..Self::new(
                StatusCode::UNAUTHORIZED,
                "com.attask.common.AuthenticationException",
                "You are not currently logged in",
            )
        }
    }

    /// A credential that is unknown or expired.
    pub fn bad_credentials() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "com.attask.common.AuthenticationException",
            "That username/password combination wasn't quite right.  Make sure your caps lock isn't on and try again.",
        )
    }

    /// A write by a user whose access level does not allow it. The status is what matters to
    /// clients; the class and message are modelled, not captured from a real instance.
    pub fn no_access() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "com.attask.common.NoAccessException",
            "You do not have sufficient access to perform this action",
        )
    }

    pub fn illegal_argument(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "java.lang.IllegalArgumentException", message)
    }

    pub fn not_found(obj_name: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "com.attask.common.NotFoundException",
            format!("{obj_name} with ID {id} not found"),
        )
    }

    pub fn unknown_object(code: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "com.attask.common.InvalidParameterException",
            format!("Unknown object type {code}"),
        )
    }

    pub fn bad_uri(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "com.attask.common.InvalidParameterException", message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "com.attask.common.AttaskException", message)
    }
}

impl WfError {
    /// The inside of the `error` envelope.
    pub fn body(&self) -> serde_json::Value {
        json!({
            "class": self.class,
            "message": self.message,
            "title": null,
            "msgKey": self.msg_key,
            "attributes": [""],
            "code": 0,
        })
    }
}

impl IntoResponse for WfError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.body() });
        (self.status, axum::Json(body)).into_response()
    }
}
