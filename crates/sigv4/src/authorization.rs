//! The `Authorization` header: `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
//!
//! Follows AWS's "Authenticating requests: using the Authorization header".
//! The three components may come in any order, separated by a comma and
//! optional spaces or tabs, as real clients send them. Each must appear once.
//! SigV4a (`AWS4-ECDSA-P256-SHA256`) is recognised and rejected as not
//! implemented.

use crate::ascii;
use crate::credential::Credential;
use crate::error::{Reason, VerifyError};
use crate::signature::Signature;
use crate::signed_headers::SignedHeaders;

/// The SigV4 algorithm name.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The SigV4a algorithm name, recognised only to reject it explicitly.
pub const ALGORITHM_V4A: &str = "AWS4-ECDSA-P256-SHA256";

/// A parsed `Authorization` header, borrowed from the request.
#[derive(Debug, Clone)]
pub struct AuthorizationHeader<'a> {
    /// The credential scope.
    pub credential: Credential<'a>,
    /// The `SignedHeaders` list.
    pub signed_headers: SignedHeaders<'a>,
    /// The signature to check.
    pub signature: Signature,
}

impl<'a> AuthorizationHeader<'a> {
    /// Parses the header value.
    ///
    /// # Errors
    /// `not_implemented` for SigV4a, `malformed` for anything else that is
    /// not a complete, well-formed SigV4 header.
    pub fn parse(value: &'a str) -> Result<Self, VerifyError> {
        let split = value
            .bytes()
            .position(|b| b == b' ' || b == b'\t')
            .ok_or_else(|| VerifyError::malformed("authorization header has no credential"))?;
        let (algorithm, rest) = (&value[..split], &value[split + 1..]);

        match algorithm {
            ALGORITHM => {}
            ALGORITHM_V4A => {
                return Err(VerifyError::new(
                    Reason::NotImplemented,
                    "sigv4a (AWS4-ECDSA-P256-SHA256) is not supported, sign with AWS4-HMAC-SHA256",
                ));
            }
            _ => {
                return Err(VerifyError::malformed(
                    "unsupported authorization algorithm, expected AWS4-HMAC-SHA256",
                ));
            }
        }

        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for component in ascii::split(rest, b',') {
            let component = component.trim_matches(|c: char| c == ' ' || c == '\t');
            let (name, field) = ascii::split_once(component, b'=')
                .ok_or_else(|| VerifyError::malformed("authorization component without '='"))?;
            let slot = match name {
                "Credential" => &mut credential,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                _ => return Err(VerifyError::malformed("unknown authorization component")),
            };
            if slot.replace(field).is_some() {
                return Err(VerifyError::malformed(format!(
                    "duplicated authorization component: {name}"
                )));
            }
        }

        let credential = credential
            .ok_or_else(|| VerifyError::malformed("missing authorization component: Credential"))?;
        let credential = Credential::parse(credential)?;
        let with_key = |error: VerifyError| error.with_access_key_id(credential.access_key_id);

        let signed_headers = signed_headers
            .ok_or_else(|| VerifyError::malformed("missing authorization component: SignedHeaders"))
            .map_err(with_key)?;
        let signed_headers = SignedHeaders::parse(signed_headers).map_err(with_key)?;

        let signature = signature
            .ok_or_else(|| VerifyError::malformed("missing authorization component: Signature"))
            .map_err(with_key)?;
        let signature = Signature::from_hex(signature)
            .ok_or_else(|| VerifyError::malformed("signature must be 64 lowercase hex digits"))
            .map_err(with_key)?;

        Ok(Self { credential, signed_headers, signature })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    fn header(rest: &str) -> String {
        format!("AWS4-HMAC-SHA256 {rest}")
    }

    #[test]
    fn parses_botocore_spacing() {
        let value = header(&format!(
            "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={SIG}"
        ));
        let parsed = AuthorizationHeader::parse(&value).expect("valid");
        assert_eq!(parsed.credential.access_key_id, "AKIDEXAMPLE");
        assert_eq!(parsed.signed_headers.as_str(), "host;x-amz-date");
        assert_eq!(parsed.signature.to_hex(), SIG);
    }

    #[test]
    fn parses_without_spaces_and_in_any_order() {
        let value = header(&format!(
            "Signature={SIG},SignedHeaders=host,Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"
        ));
        assert!(AuthorizationHeader::parse(&value).is_ok());
    }

    #[test]
    fn rejects_duplicated_component() {
        let value = header(&format!(
            "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, SignedHeaders=host, Signature={SIG}"
        ));
        let error = AuthorizationHeader::parse(&value).expect_err("duplicate");
        assert_eq!(error.reason(), Reason::Malformed);
        assert!(error.message().contains("SignedHeaders"));
    }

    #[test]
    fn rejects_missing_components() {
        for rest in [
            format!("SignedHeaders=host, Signature={SIG}"),
            format!("Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, Signature={SIG}"),
            "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host".to_owned(),
        ] {
            let error = AuthorizationHeader::parse(&header(&rest)).expect_err(&rest);
            assert_eq!(error.reason(), Reason::Malformed, "{rest}");
        }
    }

    #[test]
    fn rejects_sigv4a_as_not_implemented() {
        let value = format!("AWS4-ECDSA-P256-SHA256 Credential=AKID/20150830/service/aws4_request, SignedHeaders=host, Signature={SIG}");
        let error = AuthorizationHeader::parse(&value).expect_err("sigv4a");
        assert_eq!(error.reason(), Reason::NotImplemented);
    }

    #[test]
    fn rejects_other_schemes() {
        for value in ["Bearer abc", "AWS AKID:sig", "AWS4-HMAC-SHA512 Credential=x", "AWS4-HMAC-SHA256"] {
            let error = AuthorizationHeader::parse(value).expect_err(value);
            assert_eq!(error.reason(), Reason::Malformed, "{value}");
        }
    }

    #[test]
    fn rejects_bad_signature_hex() {
        let value = header(
            "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=abc",
        );
        let error = AuthorizationHeader::parse(&value).expect_err("short");
        assert_eq!(error.reason(), Reason::Malformed);
        assert_eq!(error.access_key_id(), Some("AKIDEXAMPLE"));
    }
}
