//! Signing helpers for tests: requests signed with the `aws-sigv4` crate
//! through [`agentsec_sigv4::Signer`], verified in memory.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use agentsec_sigv4::{
    FixedClock, SecretKey, SignatureStyle, Signer, StaticKeys, VerificationKey, Verified, Verifier, VerifierConfig,
    VerifyError,
};
use bytes::Bytes;

pub const KEY_ID: &str = "AKIAPROPERTYTEST0001";
pub const SECRET: &str = "propertySecretKey0123456789abcdefghijAB";
pub const REGION: &str = "us-east-1";
pub const SERVICE: &str = "execute-api";

/// 2026-01-15T10:30:00Z.
pub fn signing_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_768_473_000)
}

pub fn signer(service: &str) -> Signer {
    Signer::new(KEY_ID, &SecretKey::new(SECRET), REGION, service)
}

pub fn verifier_for(service: &str, now: SystemTime) -> Verifier {
    let keys = StaticKeys::new([VerificationKey::new(KEY_ID, "primary", SecretKey::new(SECRET))]);
    Verifier::new(VerifierConfig::new([REGION], [service]), keys).with_clock(FixedClock(now))
}

pub fn verifier() -> Verifier {
    verifier_for(SERVICE, signing_time())
}

/// Builds and signs a request; `uri` must be absolute (`http://host/path`).
pub fn signed(method: &str, uri: &str, headers: &[(&str, &str)], body: &[u8], style: SignatureStyle) -> http::Request<Bytes> {
    signed_by(&signer(SERVICE), method, uri, headers, body, style)
}

pub fn signed_by(signer: &Signer, method: &str, uri: &str, headers: &[(&str, &str)], body: &[u8], style: SignatureStyle) -> http::Request<Bytes> {
    let mut builder = http::Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let mut request = builder.body(Bytes::copy_from_slice(body)).expect("request builds");
    signer.sign(&mut request, body, style, signing_time()).expect("aws-sigv4 signs");
    as_received(request)
}

/// Turns a client request into what a server receives: origin-form URI and
/// a Host header.
pub fn as_received(request: http::Request<Bytes>) -> http::Request<Bytes> {
    let (mut parts, body) = request.into_parts();
    if let Some(authority) = parts.uri.authority().cloned() {
        if !parts.headers.contains_key("host") {
            parts.headers.insert("host", authority.as_str().parse().expect("host value"));
        }
        let path_and_query = parts.uri.path_and_query().map(|pq| pq.as_str().to_owned()).unwrap_or_else(|| "/".to_owned());
        parts.uri = path_and_query.parse().expect("origin-form uri");
    }
    http::Request::from_parts(parts, body)
}

pub fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(future)
}

pub fn verify_with(verifier: &Verifier, request: &http::Request<Bytes>) -> Result<Verified, VerifyError> {
    let (parts, body) = request.clone().into_parts();
    run(verifier.verify(&parts, &body))
}

pub fn verify(request: &http::Request<Bytes>) -> Result<Verified, VerifyError> {
    verify_with(&verifier(), request)
}
