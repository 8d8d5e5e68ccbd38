//! The signed API: handlers, and the authorization check that runs after
//! SigV4 verification and before any of them.

use std::sync::Arc;

use agentsec_service::correlation;
use agentsec_sigv4::VerifiedIdentity;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::events::{logged_path, peer};
use crate::metrics::Metrics;
use crate::policy::Policy;

/// State shared by the handlers and the authorization check.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The authorization policy.
    pub policy: Arc<Policy>,
    /// Metrics.
    pub metrics: Arc<Metrics>,
}

/// `GET` and `POST /reason`: the reasoning endpoint.
pub async fn reason(identity: axum::Extension<VerifiedIdentity>, headers: HeaderMap, body: Bytes) -> Json<serde_json::Value> {
    let correlation_id = correlation::from_headers(&headers).unwrap_or_default();
    let task: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
    Json(json!({
        "message": format!("axon reasoned about a task of {} bytes", body.len()),
        "task": task,
        "access_key_id": identity.access_key_id,
        "key_name": identity.key_name.to_string(),
        "correlation_id": correlation_id,
    }))
}

/// `GET /auth/check`: 200 when the caller's key is accepted. The key
/// rotation's testSecret step calls it with the pending key.
pub async fn auth_check(identity: axum::Extension<VerifiedIdentity>) -> Json<serde_json::Value> {
    Json(json!({
        "access_key_id": identity.access_key_id,
        "key_name": identity.key_name.to_string(),
    }))
}

/// Any other path, reached only by a verified and authorized caller.
pub async fn not_found() -> Response {
    error_response(StatusCode::NOT_FOUND, "NotFound", "not_found", "no such route")
}

/// Denies a verified caller the policy does not allow, logging an
/// `authz_denied` event.
pub async fn authorize(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(identity) = request.extensions().get::<VerifiedIdentity>().cloned() else {
        // The SigV4 layer wraps this router, so a request without an
        // identity means a wiring mistake: fail closed.
        tracing::error!("request reached authorization without a verified identity");
        return error_response(StatusCode::FORBIDDEN, "AccessDenied", "access_denied", "access denied");
    };
    let (parts, body) = request.into_parts();
    if state.policy.allows(&identity.access_key_id, parts.method.as_str(), parts.uri.path()) {
        return next.run(Request::from_parts(parts, body)).await;
    }

    tracing::warn!(
        event = "authz_denied",
        reason = "access_denied",
        access_key_id = %identity.access_key_id,
        key_name = %identity.key_name,
        correlation_id = %correlation::for_log(&parts.headers),
        peer = %peer(&parts),
        method = %parts.method,
        path = logged_path(&parts),
        "request denied by policy"
    );
    state.metrics.authz_denied.inc();
    error_response(StatusCode::FORBIDDEN, "AccessDenied", "access_denied", "access denied")
}

/// A JSON error in the same shape as SigV4 rejections.
pub fn error_response(status: StatusCode, code: &'static str, reason: &str, message: &str) -> Response {
    let mut response = (status, Json(json!({"code": code, "reason": reason, "message": message}))).into_response();
    response.headers_mut().insert(agentsec_sigv4::ERROR_TYPE_HEADER, HeaderValue::from_static(code));
    response
}
