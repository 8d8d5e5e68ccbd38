//! What a verified request proves, handed to the handler in request
//! extensions.

use std::sync::Arc;
use std::time::SystemTime;

/// How the request carried its signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// The `Authorization` header.
    Header,
    /// Presigned URL query parameters.
    Presigned,
}

/// The identity of a verified caller. The layer inserts it into the request
/// extensions before the inner service runs.
#[derive(Debug, Clone)]
pub struct VerifiedIdentity {
    /// The access key id that signed.
    pub access_key_id: String,
    /// Which accepted key matched (see [`crate::VerificationKey::name`]).
    pub key_name: Arc<str>,
    /// The credential scope region.
    pub region: String,
    /// The credential scope service.
    pub service: String,
    /// The request date the signature covers.
    pub signed_at: SystemTime,
    /// Header or presigned authentication.
    pub method: AuthMethod,
}
