//! The verifier: every check of a SigV4-signed request, cheap checks first.
//!
//! [`Verifier::check_head`] runs everything that needs only the request head
//! (size limit, authentication parsing, scope, time, required signed
//! headers, key lookup), so a request that fails there is rejected before
//! its body is read. [`Verifier::check_body`] then hashes the body, rebuilds
//! the canonical request, compares the signature in constant time against
//! every candidate key and records the signature in the replay store.
//! [`Verifier::verify`] runs both.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use http::request::Parts;
use http::{HeaderMap, HeaderName};
use sha2::{Digest, Sha256};

use crate::amz_date::AmzDate;
use crate::authorization::AuthorizationHeader;
use crate::canonical::{self, PathStyle, RequestParts};
use crate::clock::{Clock, SystemClock};
use crate::config::VerifierConfig;
use crate::error::{Reason, VerifyError};
use crate::identity::{AuthMethod, VerifiedIdentity};
use crate::keys::{KeyResolver, VerificationKey};
use crate::presigned::{PresignedParams, PresignedQuery};
use crate::replay::{InMemoryReplayStore, ReplayOutcome, ReplayStore};
use crate::signature::Signature;
use crate::signed_headers::SignedHeaders;

/// The SHA-256 of an empty body, in hex.
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The payload hash value that opts out of body signing.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

const X_AMZ_DATE: HeaderName = HeaderName::from_static("x-amz-date");
const X_AMZ_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-amz-content-sha256");

/// Verifies SigV4-signed requests against a key resolver and a policy.
pub struct Verifier {
    config: VerifierConfig,
    keys: Arc<dyn KeyResolver>,
    replay: Arc<dyn ReplayStore>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier").field("config", &self.config).finish_non_exhaustive()
    }
}

/// The result of [`Verifier::check_head`]: what the body check needs.
#[derive(Debug)]
pub struct PendingRequest {
    access_key_id: String,
    region: String,
    service: String,
    signed_headers: String,
    signature: Signature,
    date: AmzDate,
    /// The header the request date came from, or `None` for presigned URLs.
    date_header: Option<&'static str>,
    presigned_expires: Option<Duration>,
    declared_payload: DeclaredPayload,
    candidates: Vec<Arc<VerificationKey>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum DeclaredPayload {
    /// No `x-amz-content-sha256` header.
    Absent,
    /// `UNSIGNED-PAYLOAD`.
    Unsigned,
    /// A SHA-256, sent as 64 lowercase hex digits.
    Hash([u8; 32]),
}

/// The payload hash line of the canonical request, kept on the stack.
enum PayloadHash {
    /// `UNSIGNED-PAYLOAD` or the SHA-256 of an empty body.
    Fixed(&'static str),
    /// The SHA-256 of the body, as 64 lowercase hex digits.
    Computed([u8; 64]),
}

impl PayloadHash {
    fn of_digest(digest: &[u8; 32]) -> Self {
        Self::Computed(canonical::hex_digits(digest))
    }

    fn as_str(&self) -> &str {
        match self {
            Self::Fixed(text) => text,
            // Hex digits are ASCII, so the conversion cannot fail.
            Self::Computed(digits) => std::str::from_utf8(digits).unwrap_or_default(),
        }
    }
}

/// A verified request: who signed, and the path the handler should see.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The verified identity.
    pub identity: VerifiedIdentity,
    /// The normalized path when it differs from the path as sent (services
    /// other than S3 sign the normalized path, so the handler must route on
    /// it, not on the raw one).
    pub normalized_path: Option<String>,
}

impl PendingRequest {
    /// The access key id the request claims.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }
}

impl Verifier {
    /// Creates a verifier with an in-memory replay store of the default
    /// capacity and the system clock.
    pub fn new(config: VerifierConfig, keys: impl KeyResolver) -> Self {
        Self {
            config,
            keys: Arc::new(keys),
            replay: Arc::new(InMemoryReplayStore::default()),
            clock: Arc::new(SystemClock),
        }
    }

    /// Replaces the replay store (for example, with one shared between
    /// replicas).
    #[must_use]
    pub fn with_replay_store(mut self, store: impl ReplayStore) -> Self {
        self.replay = Arc::new(store);
        self
    }

    /// Replaces the replay store with a shared one.
    #[must_use]
    pub fn with_shared_replay_store(mut self, store: Arc<dyn ReplayStore>) -> Self {
        self.replay = store;
        self
    }

    /// Replaces the clock.
    #[must_use]
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The policy.
    pub fn config(&self) -> &VerifierConfig {
        &self.config
    }

    /// Verifies a request whose body is already in memory.
    ///
    /// # Errors
    /// Returns the first failed check, with its reason.
    pub async fn verify(&self, parts: &Parts, body: &[u8]) -> Result<Verified, VerifyError> {
        let pending = self.check_head(parts).await?;
        if body.len() as u64 > self.config.max_body_bytes() {
            return Err(body_too_large(self.config.max_body_bytes()).with_access_key_id(&pending.access_key_id));
        }
        self.check_body(pending, parts, body).await
    }

    /// Runs every check that needs only the request head.
    ///
    /// # Errors
    /// `body_too_large` when `Content-Length` exceeds the limit; otherwise
    /// the reason of the first failed check.
    pub async fn check_head(&self, parts: &Parts) -> Result<PendingRequest, VerifyError> {
        check_content_length(&parts.headers, self.config.max_body_bytes())?;

        let mut pending = self.parse_authentication(parts)?;
        let with_key = |error: VerifyError| error.with_access_key_id(&pending.access_key_id);

        self.check_scope(&pending).map_err(with_key)?;
        self.check_time(&pending).map_err(with_key)?;
        self.check_required_headers(parts, &pending).map_err(with_key)?;
        pending.declared_payload = self.declared_payload(parts, pending.presigned_expires.is_some()).map_err(with_key)?;
        check_not_streaming(&parts.headers).map_err(with_key)?;

        let resolved = match self.keys.resolve_now(&pending.access_key_id) {
            Some(resolved) => resolved,
            None => self.keys.resolve(&pending.access_key_id).await,
        };
        pending.candidates = match resolved {
            Ok(candidates) if candidates.is_empty() => {
                return Err(with_key(VerifyError::new(Reason::UnknownKey, "unknown access key id")));
            }
            Ok(candidates) => candidates,
            Err(error) => {
                tracing::error!(%error, access_key_id = %pending.access_key_id, "key resolver failed");
                return Err(with_key(VerifyError::new(Reason::Internal, "internal error")));
            }
        };
        Ok(pending)
    }

    /// Checks the body hash and the signature, then records the signature.
    ///
    /// # Errors
    /// `body_hash_mismatch`, `signature_mismatch`, `malformed` (a signed
    /// header is missing), `replayed` or `replay_store_unavailable`.
    pub async fn check_body(&self, pending: PendingRequest, parts: &Parts, body: &[u8]) -> Result<Verified, VerifyError> {
        let with_key = |error: VerifyError| error.with_access_key_id(&pending.access_key_id);

        let (key, signature) = self.check_signature(&pending, parts, body).map_err(with_key)?;
        let expires_at = match pending.presigned_expires {
            Some(expires) => pending.date.to_system_time() + expires,
            None => pending.date.to_system_time() + self.config.clock_skew(),
        };

        let now = self.clock.now();
        let recorded = match self.replay.check_and_record_now(signature.replay_key(), expires_at, now) {
            Some(recorded) => recorded,
            None => self.replay.check_and_record(signature.replay_key(), expires_at, now).await,
        };
        match recorded {
            Ok(ReplayOutcome::Fresh) => {}
            Ok(ReplayOutcome::Replayed) => {
                return Err(with_key(VerifyError::new(Reason::Replayed, "signature already used")));
            }
            Err(error) => {
                tracing::error!(%error, "replay store failed, rejecting request");
                return Err(with_key(VerifyError::new(Reason::ReplayStoreUnavailable, "service unavailable, retry later")));
            }
        }

        let normalized_path = self.normalized_path(parts, &pending.service);
        Ok(Verified {
            identity: VerifiedIdentity {
                access_key_id: pending.access_key_id,
                key_name: key.name().clone(),
                region: pending.region,
                service: pending.service,
                signed_at: pending.date.to_system_time(),
                method: if pending.presigned_expires.is_some() { AuthMethod::Presigned } else { AuthMethod::Header },
            },
            normalized_path,
        })
    }

    fn parse_authentication(&self, parts: &Parts) -> Result<PendingRequest, VerifyError> {
        let mut authorizations = parts.headers.get_all(http::header::AUTHORIZATION).iter();
        let authorization = authorizations.next();
        if authorizations.next().is_some() {
            return Err(VerifyError::malformed("duplicated header: authorization"));
        }
        let presigned = PresignedParams::scan(parts.uri.query().unwrap_or(""));

        match (authorization, presigned.is_present()) {
            (None, false) => Err(VerifyError::new(Reason::MissingAuthentication, "missing authentication token")),
            (Some(_), true) => Err(VerifyError::malformed(
                "request has both an authorization header and presigned query parameters",
            )),
            (Some(value), false) => {
                let value = value.to_str().map_err(|_| VerifyError::malformed("authorization header is not ASCII"))?;
                let header = AuthorizationHeader::parse(value)?;
                let key_id = header.credential.access_key_id;
                let date = request_date(&parts.headers).map_err(|error| error.with_access_key_id(key_id))?;
                Ok(PendingRequest {
                    access_key_id: key_id.to_owned(),
                    region: header.credential.region.to_owned(),
                    service: header.credential.service.to_owned(),
                    signed_headers: header.signed_headers.as_str().to_owned(),
                    signature: header.signature,
                    date: date.0,
                    date_header: Some(date.1),
                    presigned_expires: None,
                    declared_payload: DeclaredPayload::Absent,
                    candidates: Vec::new(),
                })
                .and_then(|pending| {
                    if header.credential.date == pending.date.date_stamp() {
                        Ok(pending)
                    } else {
                        Err(VerifyError::new(
                            Reason::ScopeNotAllowed,
                            format!("credential scope date does not match {}", date.1),
                        )
                        .with_access_key_id(key_id))
                    }
                })
            }
            (None, true) => {
                let query = PresignedQuery::from_params(presigned)?;
                if query.scope_date != query.date.date_stamp() {
                    return Err(VerifyError::new(
                        Reason::ScopeNotAllowed,
                        "credential scope date does not match X-Amz-Date",
                    )
                    .with_access_key_id(&query.access_key_id));
                }
                let signed_headers = query.signed_headers().as_str().to_owned();
                Ok(PendingRequest {
                    access_key_id: query.access_key_id,
                    region: query.region,
                    service: query.service,
                    signed_headers,
                    signature: query.signature,
                    date: query.date,
                    date_header: None,
                    presigned_expires: Some(query.expires),
                    declared_payload: DeclaredPayload::Absent,
                    candidates: Vec::new(),
                })
            }
        }
    }

    fn check_scope(&self, pending: &PendingRequest) -> Result<(), VerifyError> {
        if self.config.allows_scope(&pending.region, &pending.service) {
            return Ok(());
        }
        Err(VerifyError::new(
            Reason::ScopeNotAllowed,
            format!("credential scope {}/{} is not allowed", pending.region, pending.service),
        ))
    }

    fn check_time(&self, pending: &PendingRequest) -> Result<(), VerifyError> {
        let now = self.clock.now();
        let signed_at = pending.date.to_system_time();
        let skew = self.config.clock_skew();

        if signed_at > now + skew {
            return Err(VerifyError::new(Reason::ClockSkew, "request date is too far in the future"));
        }
        match pending.presigned_expires {
            Some(expires) if now > signed_at + expires => {
                Err(VerifyError::new(Reason::Expired, "presigned url has expired"))
            }
            None if now > signed_at + skew => Err(VerifyError::new(Reason::Expired, "signature expired")),
            _ => Ok(()),
        }
    }

    fn check_required_headers(&self, parts: &Parts, pending: &PendingRequest) -> Result<(), VerifyError> {
        let signed = SignedHeaders::new_unchecked(&pending.signed_headers);
        if !signed.contains("host") {
            return Err(VerifyError::new(Reason::HeaderNotSigned, "header must be signed: host"));
        }
        if let Some(date_header) = pending.date_header
            && !signed.contains(date_header)
        {
            return Err(VerifyError::new(Reason::HeaderNotSigned, format!("header must be signed: {date_header}")));
        }
        if self.config.requires_signed_amz_headers() {
            for name in parts.headers.keys() {
                if name.as_str().starts_with("x-amz-") && !signed.contains(name.as_str()) {
                    return Err(VerifyError::new(
                        Reason::HeaderNotSigned,
                        format!("header must be signed: {}", name.as_str()),
                    ));
                }
            }
        }
        Ok(())
    }

    fn declared_payload(&self, parts: &Parts, presigned: bool) -> Result<DeclaredPayload, VerifyError> {
        let mut values = parts.headers.get_all(X_AMZ_CONTENT_SHA256).iter();
        let Some(value) = values.next() else {
            return Ok(DeclaredPayload::Absent);
        };
        if values.next().is_some() {
            return Err(VerifyError::malformed("duplicated header: x-amz-content-sha256"));
        }
        let value = value.to_str().unwrap_or("");
        if value.starts_with("STREAMING-") {
            return Err(VerifyError::new(
                Reason::NotImplemented,
                "streaming (aws-chunked) payload signing is not supported",
            ));
        }
        if value == UNSIGNED_PAYLOAD {
            if presigned || self.config.allows_unsigned_payload() {
                return Ok(DeclaredPayload::Unsigned);
            }
            return Err(VerifyError::new(
                Reason::UnsignedPayload,
                "unsigned payload is not accepted, sign the body",
            ));
        }
        let mut digest = [0u8; 32];
        if value.len() == 64
            && value.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            && hex::decode_to_slice(value, &mut digest).is_ok()
        {
            return Ok(DeclaredPayload::Hash(digest));
        }
        Err(VerifyError::malformed("x-amz-content-sha256 must be 64 lowercase hex digits or UNSIGNED-PAYLOAD"))
    }

    fn check_signature(
        &self,
        pending: &PendingRequest,
        parts: &Parts,
        body: &[u8],
    ) -> Result<(Arc<VerificationKey>, Signature), VerifyError> {
        let payload_hash = self.payload_hash(pending, body)?;
        let style = if self.config.uses_single_encoding(&pending.service) {
            PathStyle::AsSent
        } else {
            PathStyle::NormalizedDoubleEncoded
        };
        let request = RequestParts { method: &parts.method, uri: &parts.uri, headers: &parts.headers };
        let signed = SignedHeaders::new_unchecked(&pending.signed_headers);
        let mut buffer =
            canonical::canonical_request(request, style, signed, payload_hash.as_str(), pending.presigned_expires.is_some())?;

        // The string to sign goes after the canonical request in the same
        // buffer, which saves an allocation.
        let canonical_request_length = buffer.len();
        let canonical_request_hash: [u8; 32] = Sha256::digest(&buffer).into();
        canonical::push_string_to_sign(&mut buffer, &pending.date, &pending.region, &pending.service, &canonical_request_hash);
        let (canonical_request, string_to_sign) = buffer.split_at(canonical_request_length);

        // Try every candidate so the time taken does not depend on which one
        // matched.
        let mut matched = None;
        for candidate in &pending.candidates {
            let key = candidate.signing_key(&pending.date, &pending.region, &pending.service);
            let expected = key.sign(string_to_sign);
            if expected.ct_eq(&pending.signature) && matched.is_none() {
                matched = Some((candidate.clone(), expected));
            }
        }
        if let Some(found) = matched {
            return Ok(found);
        }

        // NOTE: the expected signature is deliberately not logged: with it,
        // anyone who reads debug logs could replay the tampered request.
        tracing::debug!(
            access_key_id = %pending.access_key_id,
            canonical_request = %String::from_utf8_lossy(canonical_request),
            string_to_sign = %String::from_utf8_lossy(string_to_sign),
            "signature mismatch"
        );
        Err(VerifyError::new(Reason::SignatureMismatch, "signature does not match"))
    }

    fn payload_hash(&self, pending: &PendingRequest, body: &[u8]) -> Result<PayloadHash, VerifyError> {
        match &pending.declared_payload {
            DeclaredPayload::Unsigned => Ok(PayloadHash::Fixed(UNSIGNED_PAYLOAD)),
            DeclaredPayload::Hash(declared) => {
                let actual: [u8; 32] = Sha256::digest(body).into();
                if &actual != declared {
                    return Err(VerifyError::new(
                        Reason::BodyHashMismatch,
                        "x-amz-content-sha256 does not match the body",
                    ));
                }
                Ok(PayloadHash::of_digest(&actual))
            }
            // AWS's rule for presigned S3 URLs: the payload is not signed.
            DeclaredPayload::Absent if pending.presigned_expires.is_some() && pending.service == "s3" => {
                Ok(PayloadHash::Fixed(UNSIGNED_PAYLOAD))
            }
            DeclaredPayload::Absent if body.is_empty() => Ok(PayloadHash::Fixed(EMPTY_SHA256)),
            DeclaredPayload::Absent => Ok(PayloadHash::of_digest(&Sha256::digest(body).into())),
        }
    }

    fn normalized_path(&self, parts: &Parts, service: &str) -> Option<String> {
        if self.config.uses_single_encoding(service) {
            return None;
        }
        let raw = parts.uri.path();
        match canonical::normalize_path(raw) {
            Cow::Owned(normalized) if normalized != raw => Some(normalized),
            _ => None,
        }
    }
}

/// The SHA-256 of `body` as lowercase hex.
pub fn sha256_hex(body: &[u8]) -> String {
    if body.is_empty() {
        return EMPTY_SHA256.to_owned();
    }
    PayloadHash::of_digest(&Sha256::digest(body).into()).as_str().to_owned()
}

fn body_too_large(max: u64) -> VerifyError {
    VerifyError::new(Reason::BodyTooLarge, format!("request body exceeds the maximum of {max} bytes"))
}

fn check_content_length(headers: &HeaderMap, max: u64) -> Result<(), VerifyError> {
    let Some(value) = headers.get(http::header::CONTENT_LENGTH) else {
        return Ok(());
    };
    let length: u64 = value
        .to_str()
        .ok()
        .and_then(|text| text.parse().ok())
        .ok_or_else(|| VerifyError::malformed("invalid header: content-length"))?;
    if length > max {
        return Err(body_too_large(max));
    }
    Ok(())
}

fn check_not_streaming(headers: &HeaderMap) -> Result<(), VerifyError> {
    let chunked = headers.get_all(http::header::CONTENT_ENCODING).iter().any(|value| {
        value.to_str().is_ok_and(|text| text.split(',').any(|coding| coding.trim().eq_ignore_ascii_case("aws-chunked")))
    });
    if chunked {
        return Err(VerifyError::new(Reason::NotImplemented, "aws-chunked content encoding is not supported"));
    }
    Ok(())
}

/// Returns the request date and the name of the header it came from:
/// `x-amz-date`, or `date` in ISO 8601 basic format.
fn request_date(headers: &HeaderMap) -> Result<(AmzDate, &'static str), VerifyError> {
    let amz_dates = headers.get_all(X_AMZ_DATE);
    let (name, mut values) = if amz_dates.iter().next().is_some() {
        ("x-amz-date", amz_dates.iter())
    } else {
        ("date", headers.get_all(http::header::DATE).iter())
    };
    let value = values.next().ok_or_else(|| VerifyError::malformed("missing header: x-amz-date"))?;
    if values.next().is_some() {
        return Err(VerifyError::malformed(format!("duplicated header: {name}")));
    }
    let date = value
        .to_str()
        .ok()
        .and_then(AmzDate::parse)
        .ok_or_else(|| VerifyError::malformed(format!("invalid header: {name}, expected YYYYMMDDTHHMMSSZ")))?;
    Ok((date, name))
}
