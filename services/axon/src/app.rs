//! Assembles Axon's two listeners' services.

use std::sync::Arc;
use std::time::{Duration, Instant};

use agentsec_sigv4::{SigV4Layer, Verifier};
use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use http::StatusCode;
use tower_http::timeout::TimeoutLayer;
use tower_layer::Layer;

use crate::events::AxonObserver;
use crate::metrics::Metrics;
use crate::routes::{self, AppState};

/// The main listener: latency metric, then a whole-request timeout, then
/// SigV4 verification of every request (before routing, so unknown paths
/// need a signature too), then authorization, then the routes.
pub fn main_router(state: AppState, verifier: Option<Arc<Verifier>>, timeout: Duration) -> Router {
    let api = Router::new()
        .route("/reason", get(routes::reason).post(routes::reason))
        .route(crate::policy::AUTH_CHECK_PATH, get(routes::auth_check))
        .fallback(routes::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), routes::authorize))
        .with_state(state.clone());

    let verified = match verifier {
        Some(verifier) => {
            let observer = Arc::new(AxonObserver::new(state.metrics.clone()));
            Router::new().fallback_service(SigV4Layer::new(verifier).with_observer(observer).layer(api))
        }
        None => Router::new().fallback_service(api.layer(middleware::from_fn(insert_unverified_identity))),
    };

    verified
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(middleware::from_fn_with_state(state.metrics, record_latency))
}

/// The admin listener: health and metrics, no signature.
pub fn admin_router(metrics: Arc<Metrics>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }))
        .route("/metrics", get(render_metrics))
        .with_state(metrics)
}

async fn render_metrics(State(metrics): State<Arc<Metrics>>) -> Response {
    let mut response = Response::new(axum::body::Body::from(metrics.render()));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}

async fn record_latency(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.latency.observe(started.elapsed().as_secs_f64());
    response
}

/// Benchmark baseline only: stands in for verification with a fixed
/// identity, so the same router runs without the SigV4 layer.
async fn insert_unverified_identity(mut request: Request, next: Next) -> Response {
    request.extensions_mut().insert(agentsec_sigv4::VerifiedIdentity {
        access_key_id: "UNVERIFIED".to_owned(),
        key_name: Arc::from("none"),
        region: String::new(),
        service: String::new(),
        signed_at: std::time::SystemTime::now(),
        method: agentsec_sigv4::AuthMethod::Header,
    });
    next.run(request).await
}
