//! A real axum server on 127.0.0.1 wrapped in the SigV4 layer. Every path is
//! routed to one handler that echoes what it received.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use agentsec_sigv4::{SecretKey, SigV4Layer, StaticKeys, VerificationKey, VerifiedIdentity, Verifier, VerifierConfig};
use axum::body::Bytes;
use axum::extract::Request;
use axum::{Json, Router};
use sha2::{Digest, Sha256};
use tower_layer::Layer;

pub const ACCESS_KEY_ID: &str = "AKIAINTEROPTEST00001";
pub const SECRET_KEY: &str = "interopSecretKey0123456789abcdefghijABCD";
pub const REGION: &str = "us-east-1";
pub const SERVICE: &str = "execute-api";

/// The policy the interop server uses: two regions allowed, so that changing
/// the scope region is a signature mismatch, not a scope rejection.
pub fn test_config() -> VerifierConfig {
    VerifierConfig::new([REGION, "us-west-2"], [SERVICE]).with_max_body_bytes(8 * 1024 * 1024)
}

async fn echo(request: Request) -> Json<serde_json::Value> {
    let identity = request.extensions().get::<VerifiedIdentity>().cloned();
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or("").to_owned();
    let body: Bytes = axum::body::to_bytes(request.into_body(), usize::MAX).await.unwrap_or_default();
    Json(serde_json::json!({
        "method": method,
        "path": path,
        "query": query,
        "body_sha256": hex::encode(Sha256::digest(&body)),
        "body_len": body.len(),
        "access_key_id": identity.as_ref().map(|identity| identity.access_key_id.clone()),
        "key_name": identity.as_ref().map(|identity| identity.key_name.to_string()),
    }))
}

/// Starts the server and returns its address. It runs until the test's
/// runtime shuts down.
pub async fn start(config: VerifierConfig) -> SocketAddr {
    let keys = StaticKeys::new([VerificationKey::new(ACCESS_KEY_ID, "interop", SecretKey::new(SECRET_KEY))]);
    let verifier = Arc::new(Verifier::new(config, keys));
    let router: Router = Router::new().fallback(echo);
    let service = SigV4Layer::new(verifier).layer(router);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        let make = axum::ServiceExt::<axum::extract::Request>::into_make_service(service);
        axum::serve(listener, make).await.ok();
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    addr
}
