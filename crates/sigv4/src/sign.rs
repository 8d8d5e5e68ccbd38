//! Signing with the `aws-sigv4` crate: header signing and presigned URLs for
//! `http::Request`s, and header signing for reqwest requests.
//!
//! The payload hash always covers the body (never `UNSIGNED-PAYLOAD`), and
//! the signer adds `x-amz-content-sha256` so the verifier can tell a changed
//! body (`body_hash_mismatch`) from a changed header.

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation,
    SigningSettings, UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

use crate::secret::SecretKey;

/// A signing failure (an invalid URI or header, or an unsupported request).
#[derive(Debug, thiserror::Error)]
#[error("failed to sign request: {0}")]
pub struct SignError(String);

/// Where the signature goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureStyle {
    /// The `Authorization` header.
    Header,
    /// Presigned URL query parameters, valid for this long (1 second to
    /// 7 days).
    Presigned(Duration),
}

/// Signs requests with one access key for one region and service.
#[derive(Clone)]
pub struct Signer {
    identity: Identity,
    access_key_id: String,
    region: String,
    service: String,
    add_content_sha256: bool,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("access_key_id", &self.access_key_id)
            .field("region", &self.region)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// Creates a signer. The secret is copied into the `aws-sigv4`
    /// credentials, which also zeroize it on drop.
    pub fn new(access_key_id: &str, secret: &SecretKey, region: &str, service: &str) -> Self {
        let credentials = Credentials::new(access_key_id, secret.expose_secret(), None, None, "agentsec");
        Self {
            identity: credentials.into(),
            access_key_id: access_key_id.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            add_content_sha256: true,
        }
    }

    /// Whether to add `x-amz-content-sha256` to header-signed requests (on by
    /// default). Botocore and most SDKs leave it out for services other than
    /// S3; the signature covers the body either way.
    #[must_use]
    pub fn with_content_sha256_header(mut self, add: bool) -> Self {
        self.add_content_sha256 = add;
        self
    }

    /// The access key id this signer uses.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// Signs `request` at `time`, covering `body`, by adding headers
    /// (`authorization`, `x-amz-date`, `x-amz-content-sha256`) or query
    /// parameters.
    ///
    /// # Errors
    /// Returns an error when the URI has no authority or a header value is
    /// not valid text.
    pub fn sign<B>(&self, request: &mut http::Request<B>, body: &[u8], style: SignatureStyle, time: SystemTime) -> Result<(), SignError> {
        let settings = self.settings(style);
        let params = v4::SigningParams::builder()
            .identity(&self.identity)
            .region(&self.region)
            .name(&self.service)
            .time(time)
            .settings(settings)
            .build()
            .map_err(|error| SignError(error.to_string()))?
            .into();

        let headers: Vec<(&str, &str)> = request
            .headers()
            .iter()
            .map(|(name, value)| Ok((name.as_str(), value.to_str().map_err(|_| SignError(format!("header value is not text: {name}")))?)))
            .collect::<Result<_, SignError>>()?;
        let uri = request.uri().to_string();
        let signable = SignableRequest::new(request.method().as_str(), uri, headers.into_iter(), SignableBody::Bytes(body))
            .map_err(|error| SignError(error.to_string()))?;

        let (instructions, _signature) =
            sign(signable, &params).map_err(|error| SignError(error.to_string()))?.into_parts();
        instructions.apply_to_request_http1x(request);
        Ok(())
    }

    /// Returns a presigned URL for `method` and `url`, valid for `expires`
    /// from `time`. The URL signs only the `host` header and the hash of an
    /// empty body, so it suits requests without a body.
    ///
    /// # Errors
    /// Returns an error when the URL is invalid.
    pub fn presign_url(&self, method: &http::Method, url: &str, expires: Duration, time: SystemTime) -> Result<String, SignError> {
        let mut request = http::Request::builder()
            .method(method.clone())
            .uri(url)
            .body(())
            .map_err(|error| SignError(error.to_string()))?;
        self.sign(&mut request, &[], SignatureStyle::Presigned(expires), time)?;
        Ok(request.uri().to_string())
    }

    /// Signs a reqwest request at `time`, covering its in-memory body.
    ///
    /// # Errors
    /// Returns an error when the body is a stream (it cannot be hashed
    /// before sending) or a header is not valid text.
    #[cfg(feature = "reqwest")]
    pub fn sign_reqwest(&self, request: &mut reqwest::Request, time: SystemTime) -> Result<(), SignError> {
        let body = match request.body() {
            None => Vec::new(),
            Some(body) => body
                .as_bytes()
                .ok_or_else(|| SignError("streaming bodies cannot be signed, buffer the body first".to_owned()))?
                .to_vec(),
        };
        let mut signable = http::Request::builder()
            .method(request.method().clone())
            .uri(request.url().as_str())
            .body(())
            .map_err(|error| SignError(error.to_string()))?;
        *signable.headers_mut() = request.headers().clone();
        self.sign(&mut signable, &body, SignatureStyle::Header, time)?;

        *request.headers_mut() = signable.headers().clone();
        Ok(())
    }

    fn settings(&self, style: SignatureStyle) -> SigningSettings {
        let mut settings = SigningSettings::default();
        settings.percent_encoding_mode = if self.service == "s3" {
            PercentEncodingMode::Single
        } else {
            PercentEncodingMode::Double
        };
        settings.uri_path_normalization_mode = if self.service == "s3" {
            UriPathNormalizationMode::Disabled
        } else {
            UriPathNormalizationMode::Enabled
        };
        match style {
            SignatureStyle::Header => {
                settings.signature_location = SignatureLocation::Headers;
                if self.add_content_sha256 {
                    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
                }
            }
            SignatureStyle::Presigned(expires) => {
                settings.signature_location = SignatureLocation::QueryParams;
                settings.expires_in = Some(expires);
            }
        }
        settings
    }
}
