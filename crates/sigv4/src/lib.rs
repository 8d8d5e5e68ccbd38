//! AWS Signature Version 4: signing on the `aws-sigv4` crate, and full
//! server-side verification as a tower layer.
//!
//! No AWS SDK ships a verifier. This crate recomputes the signature of each
//! request from the bytes it received and accepts the request only when it
//! matches, the date is fresh, the scope is allowed, the body hash is right
//! and the signature has not been used before. It follows AWS's
//! "Signature Version 4 signing process" and "Authenticating requests"
//! pages for both the `Authorization` header and presigned URLs.
//!
//! # Canonicalization
//! See [`canonical`] for the exact path, query and header rules. In short:
//! S3 signs the path as sent; every other service normalizes dot segments
//! and slashes and encodes the path again; the query is decoded and
//! strictly re-encoded, then sorted by encoded key and value; exactly the
//! signed headers are used, trimmed, with repeated lines joined by `,`.
//!
//! # Checks, in order
//! 1. `Content-Length` within the limit (`body_too_large`).
//! 2. Authentication present (`missing_authentication`) and well formed
//!    (`malformed`); SigV4a and `aws-chunked` are `not_implemented`.
//! 3. Credential scope: allowed region and service, date equal to the
//!    request date (`scope_not_allowed`).
//! 4. Time: within the clock-skew window, presigned URLs within
//!    `X-Amz-Expires` (`expired`, `clock_skew`).
//! 5. Required signed headers: `host`, the date header, every `x-amz-*`
//!    header present (`header_not_signed`); `UNSIGNED-PAYLOAD` only when
//!    allowed (`unsigned_payload`).
//! 6. Key lookup (`unknown_key`).
//! 7. Body read within the limit (`body_too_large`), hashed, compared with
//!    `x-amz-content-sha256` when sent (`body_hash_mismatch`).
//! 8. Signature, in constant time, against every candidate key
//!    (`signature_mismatch`).
//! 9. Replay store (`replayed`; `replay_store_unavailable` fails closed).
//!
//! Every [`Reason`] maps to an AWS error code and HTTP status; see
//! [`Reason::aws_error_code`] and [`Reason::http_status`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod amz_date;
mod ascii;
pub mod authorization;
pub mod canonical;
pub mod clock;
pub mod config;
pub mod credential;
pub mod error;
pub mod identity;
pub mod keys;
pub mod layer;
pub mod presigned;
pub mod replay;
pub mod response;
pub mod secret;
pub mod sign;
pub mod signature;
pub mod signed_headers;
pub mod verifier;

pub use amz_date::AmzDate;
pub use clock::{Clock, FixedClock, SystemClock};
pub use config::VerifierConfig;
pub use error::{Reason, VerifyError};
pub use identity::{AuthMethod, VerifiedIdentity};
pub use keys::{BoxFuture, KeyResolveError, KeyResolver, StaticKeys, VerificationKey};
pub use layer::{LogRejections, SecurityObserver, SigV4Layer, SigV4Verify};
pub use replay::{InMemoryReplayStore, NoReplayProtection, ReplayKey, ReplayOutcome, ReplayStore, ReplayStoreError};
pub use response::{ERROR_TYPE_HEADER, rejection_response};
pub use secret::{SecretKey, SigningKey};
pub use sign::{SignError, SignatureStyle, Signer};
pub use signature::Signature;
pub use verifier::{PendingRequest, Verified, Verifier};
