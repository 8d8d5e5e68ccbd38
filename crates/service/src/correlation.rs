//! Correlation ids: one id per dispatched task, carried in the signed
//! `X-Correlation-ID` header from Orbit to Axon and written in every log
//! line about the request.

use http::HeaderMap;

/// The header that carries the correlation id.
pub const HEADER: &str = "x-correlation-id";

/// The maximum length of a correlation id accepted from a client.
pub const MAX_LEN: usize = 128;

/// Returns the request's correlation id when it is present and well formed:
/// 1 to 128 characters from `A-Z a-z 0-9 - _ . :`.
pub fn from_headers(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(HEADER)?.to_str().ok()?;
    is_valid(value).then(|| value.to_owned())
}

/// Whether `value` is a well-formed correlation id.
pub fn is_valid(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_LEN
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// A new random correlation id (UUID v4).
pub fn generate() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// For logs: the header value when well formed, otherwise a marker that it
/// was absent or malformed (a malformed value is attacker-controlled text and
/// is not logged).
pub fn for_log(headers: &HeaderMap) -> String {
    match headers.get(HEADER) {
        None => String::new(),
        Some(_) => from_headers(headers).unwrap_or_else(|| "<invalid>".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_uuid_and_rejects_junk() {
        assert!(is_valid(&generate()));
        assert!(!is_valid(""));
        assert!(!is_valid("a b"));
        assert!(!is_valid("x\ny"));
        assert!(!is_valid(&"a".repeat(MAX_LEN + 1)));
    }
}
