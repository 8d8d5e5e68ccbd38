//! Presigned URLs: SigV4 in the query string (`X-Amz-Algorithm` ... `X-Amz-Signature`).
//!
//! Follows AWS's "Authenticating requests: using query parameters". Each
//! `X-Amz-*` authentication parameter must appear exactly once; the
//! parameter names are case-sensitive, as AWS treats them.

use std::borrow::Cow;
use std::time::Duration;

use crate::amz_date::AmzDate;
use crate::authorization::{ALGORITHM, ALGORITHM_V4A};
use crate::canonical::{form_decode, raw_query_pairs};
use crate::credential::Credential;
use crate::error::{Reason, VerifyError};
use crate::signature::Signature;
use crate::signed_headers::SignedHeaders;

/// The largest `X-Amz-Expires` AWS allows: seven days, in seconds.
pub const MAX_EXPIRES_SECONDS: u64 = 604_800;

/// The query parameter that carries the signature; it is left out of the
/// canonical query string.
pub const SIGNATURE_PARAM: &str = "X-Amz-Signature";

/// The decoded presigned parameters. Values are owned because they are
/// percent-decoded from the query.
#[derive(Debug, Clone)]
pub struct PresignedQuery {
    /// The access key id from `X-Amz-Credential`.
    pub access_key_id: String,
    /// The scope date, `YYYYMMDD`.
    pub scope_date: String,
    /// The scope region.
    pub region: String,
    /// The scope service.
    pub service: String,
    signed_headers: String,
    /// The request time from `X-Amz-Date`.
    pub date: AmzDate,
    /// How long the URL stays valid after `date`.
    pub expires: Duration,
    /// The signature to check.
    pub signature: Signature,
}

/// The presigned authentication parameters of a raw query, decoded in one
/// pass and not yet validated.
#[derive(Debug, Default)]
pub(crate) struct PresignedParams<'a> {
    algorithm: Option<Cow<'a, [u8]>>,
    credential: Option<Cow<'a, [u8]>>,
    date: Option<Cow<'a, [u8]>>,
    expires: Option<Cow<'a, [u8]>>,
    signed_headers: Option<Cow<'a, [u8]>>,
    signature: Option<Cow<'a, [u8]>>,
    /// The first parameter found a second time.
    duplicated: Option<&'static str>,
}

impl<'a> PresignedParams<'a> {
    /// Collects the `X-Amz-*` authentication parameters. Every key is
    /// decoded, but a value only when its key names one of them.
    pub(crate) fn scan(raw_query: &'a str) -> Self {
        let mut params = Self::default();
        for (raw_name, raw_value) in raw_query_pairs(raw_query) {
            let name = form_decode(raw_name);
            let (slot, name) = match &*name {
                b"X-Amz-Algorithm" => (&mut params.algorithm, "X-Amz-Algorithm"),
                b"X-Amz-Credential" => (&mut params.credential, "X-Amz-Credential"),
                b"X-Amz-Date" => (&mut params.date, "X-Amz-Date"),
                b"X-Amz-Expires" => (&mut params.expires, "X-Amz-Expires"),
                b"X-Amz-SignedHeaders" => (&mut params.signed_headers, "X-Amz-SignedHeaders"),
                b"X-Amz-Signature" => (&mut params.signature, "X-Amz-Signature"),
                _ => continue,
            };
            if slot.replace(form_decode(raw_value)).is_some() && params.duplicated.is_none() {
                params.duplicated = Some(name);
            }
        }
        params
    }

    /// Returns whether the query carries presigned authentication.
    pub(crate) fn is_present(&self) -> bool {
        self.algorithm.is_some() || self.signature.is_some() || self.credential.is_some()
    }
}

impl PresignedQuery {
    /// Whether a raw query string carries presigned authentication.
    pub fn is_present(raw_query: &str) -> bool {
        PresignedParams::scan(raw_query).is_present()
    }

    /// Parses the authentication parameters of a raw query string.
    ///
    /// # Errors
    /// `not_implemented` for SigV4a, `malformed` when a parameter is missing,
    /// repeated or invalid.
    pub fn parse(raw_query: &str) -> Result<Self, VerifyError> {
        Self::from_params(PresignedParams::scan(raw_query))
    }

    /// Validates parameters collected by [`PresignedParams::scan`].
    pub(crate) fn from_params(params: PresignedParams<'_>) -> Result<Self, VerifyError> {
        let PresignedParams { algorithm, credential, date, expires, signed_headers, signature, duplicated } = params;
        if let Some(name) = duplicated {
            return Err(VerifyError::malformed(format!("duplicated query parameter: {name}")));
        }

        let algorithm = required(algorithm, "X-Amz-Algorithm")?;
        match algorithm.as_str() {
            ALGORITHM => {}
            ALGORITHM_V4A => {
                return Err(VerifyError::new(
                    Reason::NotImplemented,
                    "sigv4a (AWS4-ECDSA-P256-SHA256) is not supported, sign with AWS4-HMAC-SHA256",
                ));
            }
            _ => return Err(VerifyError::malformed("unsupported X-Amz-Algorithm, expected AWS4-HMAC-SHA256")),
        }

        let credential = required(credential, "X-Amz-Credential")?;
        let parsed = Credential::parse(&credential)?;
        let access_key_id = parsed.access_key_id.to_owned();
        let scope_date = parsed.date.to_owned();
        let region = parsed.region.to_owned();
        let service = parsed.service.to_owned();
        let with_key = |error: VerifyError| error.with_access_key_id(&access_key_id);

        let date = required(date, "X-Amz-Date").map_err(with_key)?;
        let date = AmzDate::parse(&date)
            .ok_or_else(|| VerifyError::malformed("X-Amz-Date must be YYYYMMDDTHHMMSSZ"))
            .map_err(with_key)?;

        let expires = required(expires, "X-Amz-Expires").map_err(with_key)?;
        let expires = parse_expires(&expires).map_err(with_key)?;

        let signed_headers = required(signed_headers, "X-Amz-SignedHeaders").map_err(with_key)?;
        SignedHeaders::parse(&signed_headers).map_err(with_key)?;

        let signature = required(signature, "X-Amz-Signature").map_err(with_key)?;
        let signature = Signature::from_hex(&signature)
            .ok_or_else(|| VerifyError::malformed("X-Amz-Signature must be 64 lowercase hex digits"))
            .map_err(with_key)?;

        Ok(Self { access_key_id, scope_date, region, service, signed_headers, date, expires, signature })
    }

    /// The `X-Amz-SignedHeaders` list.
    pub fn signed_headers(&self) -> SignedHeaders<'_> {
        // `parse` validated the list.
        SignedHeaders::new_unchecked(&self.signed_headers)
    }
}

fn required(value: Option<Cow<'_, [u8]>>, name: &'static str) -> Result<String, VerifyError> {
    let value = value.ok_or_else(|| VerifyError::malformed(format!("missing query parameter: {name}")))?;
    String::from_utf8(value.into_owned())
        .map_err(|_| VerifyError::malformed(format!("query parameter is not UTF-8: {name}")))
}

fn parse_expires(text: &str) -> Result<Duration, VerifyError> {
    let seconds: u64 = if !text.is_empty() && text.len() <= 10 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().unwrap_or(0)
    } else {
        0
    };
    if !(1..=MAX_EXPIRES_SECONDS).contains(&seconds) {
        return Err(VerifyError::malformed(format!(
            "X-Amz-Expires must be an integer from 1 to {MAX_EXPIRES_SECONDS}"
        )));
    }
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d";

    fn query(expires: &str) -> String {
        format!(
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires={expires}&X-Amz-Signature={SIG}"
        )
    }

    #[test]
    fn parses_suite_query() {
        let parsed = PresignedQuery::parse(&query("3600")).expect("valid");
        assert_eq!(parsed.access_key_id, "AKIDEXAMPLE");
        assert_eq!(parsed.service, "service");
        assert_eq!(parsed.expires, Duration::from_secs(3600));
        assert_eq!(parsed.signed_headers().as_str(), "host");
    }

    #[test]
    fn rejects_expires_out_of_range() {
        for expires in ["0", "604801", "-1", "1e3", "", "99999999999"] {
            let error = PresignedQuery::parse(&query(expires)).expect_err(expires);
            assert_eq!(error.reason(), Reason::Malformed, "{expires}");
        }
        assert!(PresignedQuery::parse(&query("604800")).is_ok());
    }

    #[test]
    fn rejects_duplicated_parameter() {
        let text = format!("{}&X-Amz-Date=20150830T123600Z", query("60"));
        let error = PresignedQuery::parse(&text).expect_err("duplicate");
        assert!(error.message().contains("X-Amz-Date"), "{}", error.message());
    }

    #[test]
    fn reports_first_duplicated_parameter() {
        let text = format!("{}&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60", query("60"));
        let error = PresignedQuery::parse(&text).expect_err("duplicate");
        assert_eq!(error.message(), "duplicated query parameter: X-Amz-Date");
    }

    #[test]
    fn detects_presence() {
        assert!(PresignedQuery::is_present(&query("60")));
        assert!(!PresignedQuery::is_present("a=b&x-amz-signature=1"));
    }
}
