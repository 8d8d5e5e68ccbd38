//! The HTTP response for a rejected request.
//!
//! The AWS error code travels in the `x-amzn-ErrorType` header, as API
//! Gateway sends it, and in a JSON body with the stable reason code and a
//! short message. Nothing else about the verification reaches the client.

use bytes::Bytes;
use http::{HeaderValue, Response, header};

use crate::error::VerifyError;

/// The header that carries the AWS error code.
pub const ERROR_TYPE_HEADER: &str = "x-amzn-errortype";

/// The JSON error body.
#[derive(Debug, serde::Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    reason: &'a str,
    message: &'a str,
}

/// Builds the rejection response for a verification error.
pub fn rejection_response<B: From<Bytes>>(error: &VerifyError) -> Response<B> {
    let reason = error.reason();
    let body = ErrorBody { code: reason.aws_error_code(), reason: reason.code(), message: error.message() };
    let json = serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec());

    let mut response = Response::new(B::from(Bytes::from(json)));
    *response.status_mut() = reason.http_status();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(ERROR_TYPE_HEADER, HeaderValue::from_static(reason.aws_error_code()));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Reason;

    #[test]
    fn carries_code_in_header_and_body() {
        let error = VerifyError::new(Reason::SignatureMismatch, "signature does not match");
        let response: Response<Bytes> = rejection_response(&error);
        assert_eq!(response.status(), 403);
        assert_eq!(response.headers()[ERROR_TYPE_HEADER], "SignatureDoesNotMatch");
        let body: serde_json::Value = serde_json::from_slice(response.body()).expect("json");
        assert_eq!(body["code"], "SignatureDoesNotMatch");
        assert_eq!(body["reason"], "signature_mismatch");
        assert_eq!(body["message"], "signature does not match");
    }
}
