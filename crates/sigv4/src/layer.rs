//! A tower layer that verifies every request before the inner service sees
//! it.
//!
//! Wrap a whole router (not individual routes) so that verification happens
//! before routing: an unsigned request to an unknown path is then rejected
//! exactly like one to a known path, and routes cannot be discovered.
//!
//! The service reads the body, bounded by the configured maximum, because
//! the signature covers it. A request with an oversized `Content-Length` is
//! rejected before any body byte is read; a body that grows past the limit
//! while streaming (chunked transfer) is rejected when it crosses it. On
//! success the inner service receives the verified body (rebuilt with
//! `From<Bytes>`), a [`VerifiedIdentity`] in the request extensions and,
//! for services other than S3, the normalized path that was signed.
//!
//! ```
//! use std::sync::Arc;
//! use agentsec_sigv4::{SecretKey, SigV4Layer, StaticKeys, VerificationKey, Verifier, VerifierConfig};
//! use axum::{Router, routing::get};
//! use tower_layer::Layer;
//!
//! let keys = StaticKeys::new([VerificationKey::new("AKIDEXAMPLE", "example", SecretKey::new("secret"))]);
//! let verifier = Verifier::new(VerifierConfig::new(["us-east-1"], ["execute-api"]), keys);
//! let router: Router = Router::new().route("/reason", get(|| async { "ok" }));
//! let service = SigV4Layer::new(Arc::new(verifier)).layer(router);
//! # let _ = service;
//! ```

use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::request::Parts;
use http::{Request, Response, Uri};
use http_body::Body;
use http_body_util::{BodyExt, Limited, LengthLimitError};
use tower_layer::Layer;
use tower_service::Service;

use crate::error::{Reason, VerifyError};
use crate::identity::VerifiedIdentity;
use crate::keys::BoxFuture;
use crate::response::rejection_response;
use crate::verifier::Verifier;

/// Receives every verification outcome, for security events and metrics.
pub trait SecurityObserver: Send + Sync + 'static {
    /// Called once for each rejected request, before the response is sent.
    fn rejected(&self, parts: &Parts, error: &VerifyError);

    /// Called once for each verified request, before the inner service runs.
    fn accepted(&self, _parts: &Parts, _identity: &VerifiedIdentity) {}
}

/// The default observer: one `sigv4_rejected` warning per rejection, with
/// the reason code, the claimed access key id, the method and the path.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogRejections;

impl SecurityObserver for LogRejections {
    fn rejected(&self, parts: &Parts, error: &VerifyError) {
        tracing::warn!(
            event = "sigv4_rejected",
            reason = error.reason().code(),
            access_key_id = error.access_key_id().unwrap_or(""),
            method = %parts.method,
            path = parts.uri.path(),
            "request rejected"
        );
    }
}

/// Applies [`SigV4Verify`] to a service.
#[derive(Clone)]
pub struct SigV4Layer {
    verifier: Arc<Verifier>,
    observer: Arc<dyn SecurityObserver>,
}

impl SigV4Layer {
    /// Creates the layer with the [`LogRejections`] observer.
    pub fn new(verifier: Arc<Verifier>) -> Self {
        Self { verifier, observer: Arc::new(LogRejections) }
    }

    /// Replaces the observer.
    #[must_use]
    pub fn with_observer(mut self, observer: Arc<dyn SecurityObserver>) -> Self {
        self.observer = observer;
        self
    }
}

impl std::fmt::Debug for SigV4Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigV4Layer").field("verifier", &self.verifier).finish_non_exhaustive()
    }
}

impl<S> Layer<S> for SigV4Layer {
    type Service = SigV4Verify<S>;

    fn layer(&self, inner: S) -> Self::Service {
        SigV4Verify { inner, verifier: self.verifier.clone(), observer: self.observer.clone() }
    }
}

/// A service that verifies the SigV4 signature of every request and sends
/// the rejection responses itself.
#[derive(Clone)]
pub struct SigV4Verify<S> {
    inner: S,
    verifier: Arc<Verifier>,
    observer: Arc<dyn SecurityObserver>,
}

impl<S> SigV4Verify<S> {
    /// Wraps `inner`.
    pub fn new(inner: S, verifier: Arc<Verifier>) -> Self {
        Self { inner, verifier, observer: Arc::new(LogRejections) }
    }

    /// The inner service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S> std::fmt::Debug for SigV4Verify<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigV4Verify").field("verifier", &self.verifier).finish_non_exhaustive()
    }
}

/// The future of [`SigV4Verify`].
pub type ResponseFuture<T, E> = BoxFuture<'static, Result<T, E>>;

impl<S, ReqBody, ResBody> Service<Request<ReqBody>> for SigV4Verify<S>
where
    S: Service<Request<ReqBody>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    ReqBody: Body + From<Bytes> + Send + 'static,
    ReqBody::Data: Send,
    ReqBody::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    ResBody: From<Bytes> + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<ReqBody>) -> Self::Future {
        // The clone is not ready; take the ready service and leave the clone.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let verifier = self.verifier.clone();
        let observer = self.observer.clone();

        Box::pin(async move {
            let (mut parts, body) = request.into_parts();
            let verified = match verify(&verifier, &parts, body).await {
                Ok(verified) => verified,
                Err(error) => {
                    observer.rejected(&parts, &error);
                    return Ok(rejection_response(&error));
                }
            };

            let (verified, body) = verified;
            if let Some(path) = verified.normalized_path
                && let Some(uri) = with_path(&parts.uri, &path)
            {
                parts.uri = uri;
            }
            observer.accepted(&parts, &verified.identity);
            parts.extensions.insert(verified.identity);
            inner.call(Request::from_parts(parts, ReqBody::from(body))).await
        })
    }
}

async fn verify<B>(verifier: &Verifier, parts: &Parts, body: B) -> Result<(crate::Verified, Bytes), VerifyError>
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let pending = verifier.check_head(parts).await?;
    let with_key = |error: VerifyError| error.with_access_key_id(pending.access_key_id());
    let max = verifier.config().max_body_bytes();
    let limit = usize::try_from(max).unwrap_or(usize::MAX);
    let bytes = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) if error.is::<LengthLimitError>() => {
            return Err(with_key(VerifyError::new(
                Reason::BodyTooLarge,
                format!("request body exceeds the maximum of {max} bytes"),
            )));
        }
        Err(error) => {
            tracing::debug!(error = %error, "failed to read request body");
            return Err(with_key(VerifyError::malformed("failed to read the request body")));
        }
    };
    let verified = verifier.check_body(pending, parts, &bytes).await?;
    Ok((verified, bytes))
}

fn with_path(uri: &Uri, path: &str) -> Option<Uri> {
    let path_and_query = match uri.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    let mut uri_parts = uri.clone().into_parts();
    uri_parts.path_and_query = Some(path_and_query.parse().ok()?);
    Uri::from_parts(uri_parts).ok()
}
