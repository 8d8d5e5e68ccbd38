//! `POST /dispatch`: sign a call to Axon's `/reason` and return its response.

use std::sync::Arc;
use std::time::SystemTime;

use agentsec_keys::LiveKeys;
use agentsec_service::correlation;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// State of the dispatch handler.
#[derive(Debug, Clone)]
pub struct Dispatcher {
    /// The live key set; Orbit signs with its signing key.
    pub keys: Arc<LiveKeys>,
    /// HTTP client with the request timeout.
    pub client: reqwest::Client,
    /// Axon's `/reason` URL.
    pub reason_url: String,
    /// Credential-scope region.
    pub region: String,
    /// Credential-scope service.
    pub service: String,
}

/// Signs the dispatch (body included) and forwards it to Axon.
pub async fn dispatch(State(dispatcher): State<Dispatcher>, headers: HeaderMap, body: Bytes) -> Response {
    let correlation_id = correlation::from_headers(&headers).unwrap_or_else(correlation::generate);
    if serde_json::from_slice::<serde_json::Value>(&body).is_err() {
        return failure(StatusCode::BAD_REQUEST, &correlation_id, "invalid dispatch body: expected JSON", None);
    }

    let keys = dispatcher.keys.current();
    let Some(signer) = keys.signer(&dispatcher.region, &dispatcher.service) else {
        tracing::error!(correlation_id = %correlation_id, "no signing key loaded");
        return failure(StatusCode::INTERNAL_SERVER_ERROR, &correlation_id, "no signing key loaded", None);
    };

    let request = dispatcher
        .client
        .post(&dispatcher.reason_url)
        .header("content-type", "application/json")
        .header(correlation::HEADER, &correlation_id)
        .body(body)
        .build();
    let mut request = match request {
        Ok(request) => request,
        Err(error) => {
            tracing::error!(%error, correlation_id = %correlation_id, "cannot build the request to axon");
            return failure(StatusCode::INTERNAL_SERVER_ERROR, &correlation_id, "cannot build the request to axon", None);
        }
    };
    if let Err(error) = signer.sign_reqwest(&mut request, SystemTime::now()) {
        tracing::error!(%error, correlation_id = %correlation_id, "cannot sign the request to axon");
        return failure(StatusCode::INTERNAL_SERVER_ERROR, &correlation_id, "cannot sign the request to axon", None);
    }

    let response = match dispatcher.client.execute(request).await {
        Ok(response) => response,
        Err(error) => {
            let cause = if error.is_timeout() { "axon timed out" } else { "axon unreachable" };
            tracing::warn!(event = "dispatch_failed", cause, error = %error, correlation_id = %correlation_id, "dispatch failed");
            return failure(StatusCode::BAD_GATEWAY, &correlation_id, cause, None);
        }
    };

    let status = response.status();
    let axon_error = response.headers().get("x-amzn-errortype").and_then(|value| value.to_str().ok()).map(str::to_owned);
    let answer = response.bytes().await.unwrap_or_default();
    if !status.is_success() {
        tracing::warn!(
            event = "dispatch_failed",
            cause = "axon rejected the request",
            axon_status = status.as_u16(),
            axon_error = axon_error.as_deref().unwrap_or(""),
            correlation_id = %correlation_id,
            "dispatch failed"
        );
        let detail = json!({"status": status.as_u16(), "error_type": axon_error});
        return failure(StatusCode::BAD_GATEWAY, &correlation_id, "axon rejected the request", Some(detail));
    }

    tracing::info!(
        event = "dispatched",
        correlation_id = %correlation_id,
        key = keys.signing_key_name().unwrap_or(""),
        "dispatch answered"
    );
    let mut reply = (StatusCode::OK, [("content-type", "application/json")], answer).into_response();
    insert_correlation(&mut reply, &correlation_id);
    reply
}

fn failure(status: StatusCode, correlation_id: &str, error: &str, axon: Option<serde_json::Value>) -> Response {
    let mut body = json!({"error": error, "correlation_id": correlation_id});
    if let Some(axon) = axon {
        body["axon"] = axon;
    }
    let mut response = (status, Json(body)).into_response();
    insert_correlation(&mut response, correlation_id);
    response
}

fn insert_correlation(response: &mut Response, correlation_id: &str) {
    if let Ok(value) = HeaderValue::from_str(correlation_id) {
        response.headers_mut().insert(correlation::HEADER, value);
    }
}
