//! Verification failures: a stable reason code for each, mapped to the AWS
//! error code and HTTP status a client receives.
//!
//! The reason code is the one name a rejection carries everywhere: in the JSON
//! error body, in the `sigv4_rejected` log event, in the metric label and in
//! the documentation. Codes are `snake_case` and never change meaning.

use std::borrow::Cow;
use std::fmt;

use http::StatusCode;

/// Why a request was rejected.
///
/// Each variant has a stable [`code`](Reason::code), an AWS-style
/// [`aws_error_code`](Reason::aws_error_code) and an
/// [`http_status`](Reason::http_status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// Neither an `Authorization` header nor presigned query parameters.
    MissingAuthentication,
    /// Authentication data present but not parseable, incomplete or
    /// contradictory (duplicated parts, bad hex, bad date, two Host headers).
    Malformed,
    /// A valid request form this verifier does not support: SigV4a or a
    /// streaming (`aws-chunked`) payload.
    NotImplemented,
    /// The access key id is not in the accepted key set.
    UnknownKey,
    /// The request date is older than the clock-skew window, or a presigned
    /// URL is past its `X-Amz-Expires`.
    Expired,
    /// The request date is further in the future than the clock-skew window.
    ClockSkew,
    /// The credential scope names a region or service that is not allowed, or
    /// its date differs from the request date.
    ScopeNotAllowed,
    /// A header that policy requires to be signed (`host`, the date header,
    /// any `x-amz-*` header) is absent from `SignedHeaders`.
    HeaderNotSigned,
    /// `UNSIGNED-PAYLOAD` was sent but the verifier is configured to require
    /// a signed payload.
    UnsignedPayload,
    /// The recomputed signature differs from the one sent.
    SignatureMismatch,
    /// `x-amz-content-sha256` differs from the SHA-256 of the body received.
    BodyHashMismatch,
    /// The signature was already accepted within its validity window.
    Replayed,
    /// The body, or its declared `Content-Length`, exceeds the configured
    /// maximum.
    BodyTooLarge,
    /// The replay store could not record the signature (full, or a shared
    /// store unreachable), so the request is rejected rather than risk a
    /// replay.
    ReplayStoreUnavailable,
    /// The key resolver or the body stream failed on the server side.
    Internal,
}

impl Reason {
    /// Every reason, in documentation order.
    pub const ALL: [Reason; 15] = [
        Reason::MissingAuthentication,
        Reason::Malformed,
        Reason::NotImplemented,
        Reason::UnknownKey,
        Reason::Expired,
        Reason::ClockSkew,
        Reason::ScopeNotAllowed,
        Reason::HeaderNotSigned,
        Reason::UnsignedPayload,
        Reason::SignatureMismatch,
        Reason::BodyHashMismatch,
        Reason::Replayed,
        Reason::BodyTooLarge,
        Reason::ReplayStoreUnavailable,
        Reason::Internal,
    ];

    /// The stable `snake_case` reason code.
    pub fn code(self) -> &'static str {
        match self {
            Reason::MissingAuthentication => "missing_authentication",
            Reason::Malformed => "malformed",
            Reason::NotImplemented => "not_implemented",
            Reason::UnknownKey => "unknown_key",
            Reason::Expired => "expired",
            Reason::ClockSkew => "clock_skew",
            Reason::ScopeNotAllowed => "scope_not_allowed",
            Reason::HeaderNotSigned => "header_not_signed",
            Reason::UnsignedPayload => "unsigned_payload",
            Reason::SignatureMismatch => "signature_mismatch",
            Reason::BodyHashMismatch => "body_hash_mismatch",
            Reason::Replayed => "replayed",
            Reason::BodyTooLarge => "body_too_large",
            Reason::ReplayStoreUnavailable => "replay_store_unavailable",
            Reason::Internal => "internal_error",
        }
    }

    /// The AWS-style error code sent in `x-amzn-ErrorType` and the JSON body.
    pub fn aws_error_code(self) -> &'static str {
        match self {
            Reason::MissingAuthentication => "MissingAuthenticationToken",
            Reason::Malformed | Reason::HeaderNotSigned => "IncompleteSignature",
            Reason::NotImplemented => "NotImplemented",
            Reason::UnknownKey => "InvalidClientTokenId",
            Reason::Expired => "RequestExpired",
            Reason::ClockSkew => "RequestTimeTooSkewed",
            Reason::ScopeNotAllowed | Reason::SignatureMismatch => "SignatureDoesNotMatch",
            Reason::UnsignedPayload => "InvalidRequest",
            Reason::BodyHashMismatch => "XAmzContentSHA256Mismatch",
            Reason::Replayed => "RequestReplayed",
            Reason::BodyTooLarge => "RequestEntityTooLarge",
            Reason::ReplayStoreUnavailable => "ServiceUnavailable",
            Reason::Internal => "InternalFailure",
        }
    }

    /// The HTTP status of the rejection.
    pub fn http_status(self) -> StatusCode {
        match self {
            Reason::Malformed
            | Reason::HeaderNotSigned
            | Reason::UnsignedPayload
            | Reason::BodyHashMismatch => StatusCode::BAD_REQUEST,
            Reason::MissingAuthentication
            | Reason::UnknownKey
            | Reason::Expired
            | Reason::ClockSkew
            | Reason::ScopeNotAllowed
            | Reason::SignatureMismatch
            | Reason::Replayed => StatusCode::FORBIDDEN,
            Reason::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Reason::NotImplemented => StatusCode::NOT_IMPLEMENTED,
            Reason::ReplayStoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Reason::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A rejected request: the reason and a short message that is safe to send
/// to the client.
///
/// The message names the item that failed (`missing header: x-amz-date`) and
/// never contains a secret, the expected signature or the canonical request.
#[derive(Debug, Clone)]
pub struct VerifyError {
    reason: Reason,
    message: Cow<'static, str>,
    access_key_id: Option<String>,
}

impl VerifyError {
    /// Creates an error with a reason and a client-safe message.
    pub fn new(reason: Reason, message: impl Into<Cow<'static, str>>) -> Self {
        Self { reason, message: message.into(), access_key_id: None }
    }

    pub(crate) fn malformed(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(Reason::Malformed, message)
    }

    /// Attaches the access key id the request claimed, once it is parsed.
    #[must_use]
    pub fn with_access_key_id(mut self, access_key_id: &str) -> Self {
        self.access_key_id = Some(access_key_id.to_owned());
        self
    }

    /// The reason for the rejection.
    pub fn reason(&self) -> Reason {
        self.reason
    }

    /// The client-safe message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The access key id the request claimed, when it got that far.
    pub fn access_key_id(&self) -> Option<&str> {
        self.access_key_id.as_deref()
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.reason.code(), self.message)
    }
}

impl std::error::Error for VerifyError {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn reason_codes_are_unique() {
        let codes: HashSet<_> = Reason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), Reason::ALL.len());
    }

    #[test]
    fn reason_codes_are_snake_case() {
        for reason in Reason::ALL {
            let code = reason.code();
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{code} is not snake_case"
            );
        }
    }

    #[test]
    fn statuses_are_client_or_server_errors() {
        for reason in Reason::ALL {
            let status = reason.http_status();
            assert!(status.is_client_error() || status.is_server_error(), "{reason}");
        }
    }
}
