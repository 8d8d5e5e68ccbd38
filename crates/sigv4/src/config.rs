//! Verification policy: what a verifier accepts beyond a correct signature.

use std::time::Duration;

/// The default clock-skew window: five minutes, as AWS services use.
pub const DEFAULT_CLOCK_SKEW: Duration = Duration::from_secs(300);

/// The default maximum body size: 8 MiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 8 * 1024 * 1024;

/// Verification policy.
///
/// ```
/// use agentsec_sigv4::VerifierConfig;
/// use std::time::Duration;
///
/// let config = VerifierConfig::new(["us-east-1"], ["execute-api"])
///     .with_clock_skew(Duration::from_secs(120))
///     .with_max_body_bytes(64 * 1024);
/// assert!(config.allows_scope("us-east-1", "execute-api"));
/// assert!(!config.allows_scope("eu-west-1", "execute-api"));
/// ```
#[derive(Debug, Clone)]
pub struct VerifierConfig {
    allowed_regions: Vec<String>,
    allowed_services: Vec<String>,
    clock_skew: Duration,
    max_body_bytes: u64,
    allow_unsigned_payload: bool,
    require_signed_amz_headers: bool,
    single_encoding_services: Vec<String>,
}

impl VerifierConfig {
    /// Creates a policy that accepts these credential-scope regions and
    /// services, with the defaults: 5-minute skew, 8 MiB bodies, signed
    /// payloads only, every `x-amz-*` header signed, single path encoding
    /// for `s3` only.
    pub fn new<R, S>(regions: R, services: S) -> Self
    where
        R: IntoIterator,
        R::Item: Into<String>,
        S: IntoIterator,
        S::Item: Into<String>,
    {
        Self {
            allowed_regions: regions.into_iter().map(Into::into).collect(),
            allowed_services: services.into_iter().map(Into::into).collect(),
            clock_skew: DEFAULT_CLOCK_SKEW,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            allow_unsigned_payload: false,
            require_signed_amz_headers: true,
            single_encoding_services: vec!["s3".to_owned()],
        }
    }

    /// Sets how far the request date may be from the verifier's clock.
    #[must_use]
    pub fn with_clock_skew(mut self, skew: Duration) -> Self {
        self.clock_skew = skew;
        self
    }

    /// Sets the largest body accepted, in bytes.
    #[must_use]
    pub fn with_max_body_bytes(mut self, max: u64) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// Accepts `x-amz-content-sha256: UNSIGNED-PAYLOAD` on header-signed
    /// requests. Off by default: the body then is not covered by the
    /// signature.
    #[must_use]
    pub fn with_unsigned_payload(mut self, allow: bool) -> Self {
        self.allow_unsigned_payload = allow;
        self
    }

    /// Requires every `x-amz-*` header present on a request to be signed
    /// (on by default). `host` and the date header are always required.
    #[must_use]
    pub fn with_signed_amz_headers_required(mut self, require: bool) -> Self {
        self.require_signed_amz_headers = require;
        self
    }

    /// Sets the services whose paths are signed as sent (single encoding, no
    /// normalization). The default is `s3`.
    #[must_use]
    pub fn with_single_encoding_services<S>(mut self, services: S) -> Self
    where
        S: IntoIterator,
        S::Item: Into<String>,
    {
        self.single_encoding_services = services.into_iter().map(Into::into).collect();
        self
    }

    /// Whether a credential scope's region and service are allowed.
    pub fn allows_scope(&self, region: &str, service: &str) -> bool {
        self.allowed_regions.iter().any(|allowed| allowed == region)
            && self.allowed_services.iter().any(|allowed| allowed == service)
    }

    /// The clock-skew window.
    pub fn clock_skew(&self) -> Duration {
        self.clock_skew
    }

    /// The largest body accepted, in bytes.
    pub fn max_body_bytes(&self) -> u64 {
        self.max_body_bytes
    }

    /// Whether `UNSIGNED-PAYLOAD` is accepted on header-signed requests.
    pub fn allows_unsigned_payload(&self) -> bool {
        self.allow_unsigned_payload
    }

    /// Whether every present `x-amz-*` header must be signed.
    pub fn requires_signed_amz_headers(&self) -> bool {
        self.require_signed_amz_headers
    }

    /// Whether `service` signs paths as sent.
    pub fn uses_single_encoding(&self, service: &str) -> bool {
        self.single_encoding_services.iter().any(|single| single == service)
    }
}
