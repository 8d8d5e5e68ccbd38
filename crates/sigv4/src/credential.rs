//! The credential scope: `<access key id>/<YYYYMMDD>/<region>/<service>/aws4_request`.
//!
//! Parsed from the `Credential=` field of the `Authorization` header or from
//! the `X-Amz-Credential` query parameter. Policy checks (allowed regions and
//! services, date equal to the request date) live in the verifier, not here.

use crate::error::VerifyError;

/// The terminator that ends every SigV4 credential scope.
pub const TERMINATOR: &str = "aws4_request";

/// A parsed credential, borrowed from the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credential<'a> {
    /// The access key id that names the secret key.
    pub access_key_id: &'a str,
    /// The scope date, `YYYYMMDD`.
    pub date: &'a str,
    /// The scope region.
    pub region: &'a str,
    /// The scope service.
    pub service: &'a str,
}

impl<'a> Credential<'a> {
    /// Parses `AKID/YYYYMMDD/region/service/aws4_request`.
    ///
    /// # Errors
    /// Returns a `malformed` error naming the part that is missing or invalid.
    pub fn parse(text: &'a str) -> Result<Self, VerifyError> {
        let mut parts = [""; 5];
        let mut rest = text;
        for (index, part) in parts.iter_mut().enumerate() {
            match crate::ascii::split_once(rest, b'/') {
                Some((before, after)) if index < 4 => {
                    *part = before;
                    rest = after;
                }
                None if index == 4 => *part = rest,
                _ => {
                    return Err(VerifyError::malformed(
                        "credential must have five parts: access key id/date/region/service/aws4_request",
                    ));
                }
            }
        }
        let [access_key_id, date, region, service, terminator] = parts;

        if access_key_id.is_empty()
            || access_key_id.len() > 128
            || !access_key_id.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(VerifyError::malformed("invalid access key id in credential"));
        }
        if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
            return Err(VerifyError::malformed("invalid credential scope date, expected YYYYMMDD")
                .with_access_key_id(access_key_id));
        }
        if !is_scope_name(region) {
            return Err(VerifyError::malformed("invalid credential scope region")
                .with_access_key_id(access_key_id));
        }
        if !is_scope_name(service) {
            return Err(VerifyError::malformed("invalid credential scope service")
                .with_access_key_id(access_key_id));
        }
        if terminator != TERMINATOR {
            return Err(VerifyError::malformed("credential scope must end with aws4_request")
                .with_access_key_id(access_key_id));
        }

        Ok(Self { access_key_id, date, region, service })
    }
}

fn is_scope_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_five_parts() {
        let credential = Credential::parse("AKIDEXAMPLE/20150830/us-east-1/service/aws4_request")
            .expect("valid");
        assert_eq!(credential.access_key_id, "AKIDEXAMPLE");
        assert_eq!(credential.date, "20150830");
        assert_eq!(credential.region, "us-east-1");
        assert_eq!(credential.service, "service");
    }

    #[test]
    fn rejects_bad_credentials() {
        for text in [
            "AKIDEXAMPLE/20150830/us-east-1/service",
            "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request/extra",
            "AKIDEXAMPLE/20150830/us-east-1/service/aws4_requesT",
            "AKIDEXAMPLE/2015083/us-east-1/service/aws4_request",
            "/20150830/us-east-1/service/aws4_request",
            "AKID EXAMPLE/20150830/us-east-1/service/aws4_request",
            "AKIDEXAMPLE/20150830//service/aws4_request",
            "AKIDEXAMPLE/20150830/US-EAST-1/service/aws4_request",
            "",
        ] {
            let error = Credential::parse(text).expect_err(text);
            assert_eq!(error.reason(), crate::Reason::Malformed, "{text}");
        }
    }
}
