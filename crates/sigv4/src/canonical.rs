//! The canonical request and string to sign, built from a request as received.
//!
//! Implements AWS's "Create a canonical request for Signature Version 4":
//!
//! ```text
//! HTTPMethod \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
//! ```
//!
//! Rules, applied to the raw bytes on the wire:
//!
//! * **Path.** S3 signs the path exactly as sent (single encoding, no
//!   normalization). Every other service removes `.` and `..` segments and
//!   empty segments (a run of slashes becomes one), keeps a trailing slash,
//!   and then percent-encodes the already-encoded path once more, so `%20`
//!   on the wire becomes `%2520` ("double encoding"). An empty path is `/`.
//! * **Query.** Split on `&`, each pair split at the first `=` (a key
//!   without `=` has an empty value), decoded as HTML forms do (`+` is a
//!   space, `%XX` a byte) and re-encoded strictly: every byte except
//!   `A-Z a-z 0-9 - _ . ~` becomes `%XX` with uppercase hex. Pairs are
//!   sorted by encoded key, then encoded value; repeated keys are all kept.
//!   Empty pairs (`a=1&&b=2`) are skipped. Decoding is byte-exact, never
//!   lossy, so two different byte strings never share a canonical form.
//! * **Headers.** Exactly the names in `SignedHeaders`, in that order, each
//!   `name:value\n` with the values of repeated header lines joined by `,`,
//!   each value trimmed of spaces and tabs at both ends and every inner run
//!   of spaces collapsed to one. `host` comes from the `Host` header, or
//!   from the URI authority (HTTP/2 `:authority`) when there is none. A
//!   signed header absent from the request, a repeated `Host` header, or a
//!   `Host` that contradicts the URI authority is malformed.

use std::borrow::Cow;

use http::{HeaderMap, Method, Uri};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode, percent_encode};
use sha2::{Digest, Sha256};

use crate::amz_date::AmzDate;
use crate::ascii;
use crate::error::VerifyError;
use crate::presigned::SIGNATURE_PARAM;
use crate::signed_headers::SignedHeaders;

/// Bytes that stay unencoded in a query key or value (RFC 3986 unreserved).
const QUERY_SET: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Bytes that stay unencoded in a path: unreserved and `/`.
const PATH_SET: &AsciiSet = &QUERY_SET.remove(b'/');

/// How the path is canonicalized, chosen by the credential scope's service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// Normalize dot segments and slashes, then encode again (all services
    /// but S3).
    NormalizedDoubleEncoded,
    /// Use the path exactly as sent (S3).
    AsSent,
}

/// The parts of a request that the canonical request covers.
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
    /// The request method.
    pub method: &'a Method,
    /// The request target as received.
    pub uri: &'a Uri,
    /// The request headers as received.
    pub headers: &'a HeaderMap,
}

/// Initial capacity of the canonical request beyond the path and query, an
/// estimate for the method, the signed headers, the payload hash and the
/// string to sign that the verifier appends. The buffer still grows when a
/// request needs more.
const CANONICAL_REQUEST_BASE_CAPACITY: usize = 512;

/// Builds the canonical request, as bytes: header values may carry bytes
/// that are not UTF-8 (obs-text), and they are signed as sent.
///
/// `presigned` leaves `X-Amz-Signature` out of the query string.
///
/// # Errors
/// Returns a `malformed` error when a signed header is absent, `Host` is
/// repeated or contradicts the URI authority.
pub fn canonical_request(
    parts: RequestParts<'_>,
    style: PathStyle,
    signed_headers: SignedHeaders<'_>,
    payload_hash: &str,
    presigned: bool,
) -> Result<Vec<u8>, VerifyError> {
    let raw_path = parts.uri.path();
    let raw_query = parts.uri.query().unwrap_or("");
    // Encoding at most triples a byte (`%XX`).
    let capacity = CANONICAL_REQUEST_BASE_CAPACITY + 3 * (raw_path.len() + raw_query.len());

    let mut text = String::with_capacity(capacity);
    text.push_str(parts.method.as_str());
    text.push('\n');

    push_canonical_path(&mut text, raw_path, style);
    text.push('\n');

    push_canonical_query(&mut text, raw_query, presigned);
    text.push('\n');

    let mut out = text.into_bytes();
    push_canonical_headers(&mut out, parts, signed_headers)?;
    out.push(b'\n');

    out.extend_from_slice(signed_headers.as_str().as_bytes());
    out.push(b'\n');
    out.extend_from_slice(payload_hash.as_bytes());
    Ok(out)
}

/// Builds the string to sign from the request date, the scope and the
/// canonical request.
pub fn string_to_sign(date: &AmzDate, region: &str, service: &str, canonical_request: &[u8]) -> String {
    let mut out = Vec::with_capacity(160);
    push_string_to_sign(&mut out, date, region, service, &Sha256::digest(canonical_request).into());
    // Every part is a `str` and the hash is hex digits, so this is UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends the string to sign, given the SHA-256 of the canonical request.
pub fn push_string_to_sign(
    out: &mut Vec<u8>,
    date: &AmzDate,
    region: &str,
    service: &str,
    canonical_request_hash: &[u8; 32],
) {
    let algorithm = crate::authorization::ALGORITHM;
    for part in [algorithm, "\n", date.as_str(), "\n", date.date_stamp(), "/", region, "/", service, "/aws4_request\n"] {
        out.extend_from_slice(part.as_bytes());
    }
    out.extend_from_slice(&hex_digits(canonical_request_hash));
}

/// Formats a SHA-256 digest as 64 lowercase hex digits.
pub(crate) fn hex_digits(digest: &[u8; 32]) -> [u8; 64] {
    let mut digits = [0u8; 64];
    // `encode_to_slice` fails only when the output is not twice the input's
    // length, and 64 is twice 32.
    if hex::encode_to_slice(digest, &mut digits).is_err() {
        unreachable!("a SHA-256 encodes to 64 hex digits");
    }
    digits
}

/// Appends the canonical path.
pub fn push_canonical_path(out: &mut String, raw_path: &str, style: PathStyle) {
    match style {
        PathStyle::AsSent if raw_path.is_empty() => out.push('/'),
        PathStyle::AsSent => out.push_str(raw_path),
        PathStyle::NormalizedDoubleEncoded => {
            let normalized = normalize_path(raw_path);
            out.extend(percent_encode(normalized.as_bytes(), PATH_SET));
        }
    }
}

/// Removes `.`, `..` and empty segments from a path, keeping a trailing
/// slash (RFC 3986 section 5.2.4, plus AWS's collapsing of repeated slashes).
///
/// Percent-encoded dots (`%2E`) are not dot segments.
pub fn normalize_path(raw_path: &str) -> Cow<'_, str> {
    if raw_path.is_empty() {
        return Cow::Borrowed("/");
    }
    // Scan bytes: `str::contains` builds a substring searcher and
    // `str::split` calls memchr and memcmp at every slash, which cost more
    // on short paths.
    let bytes = raw_path.as_bytes();
    let needs_work = !raw_path.starts_with('/')
        || bytes.windows(2).any(|pair| pair == b"//")
        || bytes.split(|&byte| byte == b'/').any(|segment| segment == b"." || segment == b"..");
    if !needs_work {
        return Cow::Borrowed(raw_path);
    }

    let mut segments: Vec<&str> = Vec::new();
    for segment in raw_path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }

    let mut out = String::with_capacity(raw_path.len());
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    let ends_with_directory = ["/", "/.", "/.."].iter().any(|end| raw_path.ends_with(end));
    if out.is_empty() || ends_with_directory {
        out.push('/');
    }
    Cow::Owned(out)
}

/// Splits a raw query string into decoded `(key, value)` byte pairs.
///
/// `+` decodes to a space and `%XX` to its byte; an invalid escape is kept
/// as it is. Empty pairs are skipped.
pub fn query_pairs(raw_query: &str) -> impl Iterator<Item = (Cow<'_, [u8]>, Cow<'_, [u8]>)> {
    raw_query_pairs(raw_query).map(|(key, value)| (form_decode(key), form_decode(value)))
}

/// Splits a raw query string into `(key, value)` pairs, still encoded. Empty
/// pairs are skipped.
pub(crate) fn raw_query_pairs(raw_query: &str) -> impl Iterator<Item = (&str, &str)> {
    ascii::split(raw_query, b'&').filter(|pair| !pair.is_empty()).map(|pair| ascii::split_once(pair, b'=').unwrap_or((pair, "")))
}

/// Decodes a query key or value as HTML forms do: `+` is a space and `%XX`
/// a byte.
pub(crate) fn form_decode(text: &str) -> Cow<'_, [u8]> {
    if !text.contains(['+', '%']) {
        return Cow::Borrowed(text.as_bytes());
    }
    let spaced: Cow<'_, [u8]> = if text.contains('+') {
        Cow::Owned(text.bytes().map(|b| if b == b'+' { b' ' } else { b }).collect())
    } else {
        Cow::Borrowed(text.as_bytes())
    };
    match percent_decode(&spaced).into() {
        Cow::Borrowed(_) => spaced,
        Cow::Owned(decoded) => Cow::Owned(decoded),
    }
}

/// Appends the canonical query string.
///
/// Pairs that arrive in canonical order are written as they come, with no
/// allocation. Only when a pair sorts before the one written ahead of it
/// does this start over, collect all pairs and sort them.
pub fn push_canonical_query(out: &mut String, raw_query: &str, presigned: bool) {
    let start = out.len();
    let mut previous: Option<EncodedPair<'_>> = None;
    for pair in encoded_query_pairs(raw_query, presigned) {
        if previous.as_ref().is_some_and(|previous| *previous > pair) {
            out.truncate(start);
            push_sorted_query(out, raw_query, presigned);
            return;
        }
        if previous.is_some() {
            out.push('&');
        }
        push_query_pair(out, &pair);
        previous = Some(pair);
    }
}

/// A query key and value, both strictly encoded.
type EncodedPair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Decodes and re-encodes every pair of a raw query, leaving out
/// `X-Amz-Signature` when `presigned`.
fn encoded_query_pairs(raw_query: &str, presigned: bool) -> impl Iterator<Item = EncodedPair<'_>> {
    // Strict encoding maps distinct byte strings to distinct texts, and
    // `X-Amz-Signature` encodes to itself, so comparing the encoded key
    // finds exactly the decoded `X-Amz-Signature`.
    raw_query_pairs(raw_query)
        .map(|(key, value)| (encode_query_part(key), encode_query_part(value)))
        .filter(move |(key, _)| !(presigned && key == SIGNATURE_PARAM))
}

fn push_sorted_query(out: &mut String, raw_query: &str, presigned: bool) {
    let mut pairs: Vec<EncodedPair<'_>> = encoded_query_pairs(raw_query, presigned).collect();
    pairs.sort_unstable();
    for (index, pair) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        push_query_pair(out, pair);
    }
}

fn push_query_pair(out: &mut String, (key, value): &EncodedPair<'_>) {
    out.push_str(key);
    out.push('=');
    out.push_str(value);
}

/// Decodes a raw query key or value and encodes it strictly. A part of only
/// unreserved bytes decodes and encodes to itself, so it is borrowed as is.
fn encode_query_part(raw: &str) -> Cow<'_, str> {
    if raw.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')) {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(percent_encode(&form_decode(raw), QUERY_SET).to_string())
}

/// Appends `name:value\n` for every signed header. Each name is one hash
/// lookup in the header map, whose values come back in the order received,
/// so repeated lines are joined in that order without sorting anything.
fn push_canonical_headers(out: &mut Vec<u8>, parts: RequestParts<'_>, signed_headers: SignedHeaders<'_>) -> Result<(), VerifyError> {
    for name in signed_headers.iter() {
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        if name == "host" {
            let host = host_value(parts)?;
            push_trimmed(out, host.as_bytes());
        } else {
            push_header_values(out, parts.headers, name)?;
        }
        out.push(b'\n');
    }
    Ok(())
}

/// Appends the trimmed values of every `name` header line, joined by `,`.
fn push_header_values(out: &mut Vec<u8>, headers: &HeaderMap, name: &str) -> Result<(), VerifyError> {
    let mut values = headers.get_all(name).iter();
    let Some(first) = values.next() else {
        return Err(VerifyError::malformed(format!("signed header missing from request: {name}")));
    };
    push_trimmed(out, first.as_bytes());
    for value in values {
        out.push(b',');
        push_trimmed(out, value.as_bytes());
    }
    Ok(())
}

/// Returns the host the request was sent to, from `Host` or the URI
/// authority.
///
/// # Errors
/// Returns a `malformed` error when neither is present, `Host` is repeated,
/// or both are present and differ.
pub fn host_value(parts: RequestParts<'_>) -> Result<Cow<'_, str>, VerifyError> {
    let mut hosts = parts.headers.get_all(http::header::HOST).iter();
    let header = hosts.next();
    if hosts.next().is_some() {
        return Err(VerifyError::malformed("duplicated header: host"));
    }
    let authority = parts.uri.authority().map(|authority| authority.as_str());
    match (header, authority) {
        (Some(header), authority) => {
            let header = header
                .to_str()
                .map_err(|_| VerifyError::malformed("invalid header: host"))?;
            if authority.is_some_and(|authority| !authority.eq_ignore_ascii_case(header.trim())) {
                return Err(VerifyError::malformed("host header does not match the request authority"));
            }
            Ok(Cow::Borrowed(header))
        }
        (None, Some(authority)) => Ok(Cow::Borrowed(authority)),
        (None, None) => Err(VerifyError::malformed("missing header: host")),
    }
}

/// Appends a header value with outer spaces and tabs trimmed and inner runs
/// of spaces collapsed.
fn push_trimmed(out: &mut Vec<u8>, value: &[u8]) {
    let start = value.iter().position(|b| !matches!(b, b' ' | b'\t')).unwrap_or(value.len());
    let end = value.iter().rposition(|b| !matches!(b, b' ' | b'\t')).map_or(start, |i| i + 1);
    let value = &value[start..end];
    if !value.windows(2).any(|pair| pair == b"  ") {
        out.extend_from_slice(value);
        return;
    }
    let mut previous_space = false;
    for &byte in value {
        let space = byte == b' ';
        if !(space && previous_space) {
            out.push(byte);
        }
        previous_space = space;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(raw: &str, style: PathStyle) -> String {
        let mut out = String::new();
        push_canonical_path(&mut out, raw, style);
        out
    }

    fn query(raw: &str) -> String {
        let mut out = String::new();
        push_canonical_query(&mut out, raw, false);
        out
    }

    #[test]
    fn normalizes_dot_segments_and_slashes() {
        for (raw, expected) in [
            ("", "/"),
            ("/", "/"),
            ("/example/..", "/"),
            ("/example1/example2/../..", "/"),
            ("/./", "/"),
            ("/./example", "/example"),
            ("//example//", "/example/"),
            ("/a/b/c/./../../g", "/a/g"),
            ("/a/b/..", "/a/"),
            ("/a/.", "/a/"),
            ("/../a", "/a"),
            ("/a%2E%2E/b", "/a%2E%2E/b"),
            ("/a/..b/.c", "/a/..b/.c"),
        ] {
            assert_eq!(normalize_path(raw), expected, "{raw}");
        }
    }

    #[test]
    fn double_encodes_non_s3_paths() {
        assert_eq!(path("/example%20space/", PathStyle::NormalizedDoubleEncoded), "/example%2520space/");
        assert_eq!(path("/a+b=c:d", PathStyle::NormalizedDoubleEncoded), "/a%2Bb%3Dc%3Ad");
        assert_eq!(path("/-._~", PathStyle::NormalizedDoubleEncoded), "/-._~");
    }

    #[test]
    fn keeps_s3_paths_as_sent() {
        assert_eq!(path("/example%20space/", PathStyle::AsSent), "/example%20space/");
        assert_eq!(path("//a/../b", PathStyle::AsSent), "//a/../b");
        assert_eq!(path("", PathStyle::AsSent), "/");
    }

    #[test]
    fn sorts_query_after_encoding() {
        // "%E1%88%B4" sorts before "Param" once encoded, though the decoded
        // character sorts after it.
        assert_eq!(
            query("Param-3=Value3&Param=Value2&%E1%88%B4=Value1"),
            "%E1%88%B4=Value1&Param=Value2&Param-3=Value3"
        );
    }

    #[test]
    fn sorts_repeated_keys_by_value() {
        assert_eq!(query("a=2&a=1&a=10"), "a=1&a=10&a=2");
    }

    #[test]
    fn drops_signature_from_presigned_query() {
        let mut out = String::new();
        push_canonical_query(&mut out, "b=2&X-Amz-Signature=abc&a=1&X%2DAmz%2DSignature=def&x-amz-signature=1", true);
        assert_eq!(out, "a=1&b=2&x-amz-signature=1");
    }

    #[test]
    fn keeps_signature_in_header_signed_query() {
        assert_eq!(query("X-Amz-Signature=abc"), "X-Amz-Signature=abc");
    }

    #[test]
    fn keeps_sorted_query_in_order() {
        assert_eq!(query("a=1&a=2&b=&c=%2F"), "a=1&a=2&b=&c=%2F");
    }

    #[test]
    fn sorts_query_found_unsorted_late() {
        let mut out = String::from("GET\n/\n");
        push_canonical_query(&mut out, "a=1&b=2&c=3&a=0", false);
        assert_eq!(out, "GET\n/\na=0&a=1&b=2&c=3");
    }

    #[test]
    fn encodes_reserved_characters_in_values() {
        assert_eq!(query("k=a%2Bb%3Dc%26d%2F"), "k=a%2Bb%3Dc%26d%2F");
        assert_eq!(query("k=a+b"), "k=a%20b");
        assert_eq!(query("k=a%20b"), "k=a%20b");
        assert_eq!(query("k=%7e"), "k=~");
    }

    #[test]
    fn handles_keys_without_equals_and_empty_pairs() {
        assert_eq!(query("flag&a=1&&b="), "a=1&b=&flag=");
    }

    #[test]
    fn decodes_bytes_without_loss() {
        assert_eq!(query("k=%FF"), "k=%FF");
        assert_ne!(query("k=%FF"), query("k=%FE"));
        assert_eq!(query("k=%zz"), "k=%25zz");
    }

    #[test]
    fn trims_and_collapses_header_values() {
        let mut out = Vec::new();
        push_trimmed(&mut out, b"  \t\"a   b   c\"  ");
        assert_eq!(out, b"\"a b c\"");
    }

    #[test]
    fn rejects_duplicated_host() {
        let uri: Uri = "/".parse().expect("uri");
        let mut headers = HeaderMap::new();
        headers.append("host", "a".parse().expect("value"));
        headers.append("host", "b".parse().expect("value"));
        let parts = RequestParts { method: &Method::GET, uri: &uri, headers: &headers };
        let error = host_value(parts).expect_err("duplicate");
        assert_eq!(error.message(), "duplicated header: host");
    }

    #[test]
    fn takes_host_from_authority() {
        let uri: Uri = "https://example.com:8443/".parse().expect("uri");
        let headers = HeaderMap::new();
        let parts = RequestParts { method: &Method::GET, uri: &uri, headers: &headers };
        assert_eq!(host_value(parts).expect("host"), "example.com:8443");
    }

    #[test]
    fn rejects_host_contradicting_authority() {
        let uri: Uri = "https://example.com/".parse().expect("uri");
        let mut headers = HeaderMap::new();
        headers.insert("host", "evil.example".parse().expect("value"));
        let parts = RequestParts { method: &Method::GET, uri: &uri, headers: &headers };
        assert!(host_value(parts).is_err());
    }
}
