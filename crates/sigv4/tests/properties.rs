//! Property tests: random requests signed with `aws-sigv4` verify; any
//! single change to a signed part is rejected; the parsers never panic on
//! arbitrary input.

mod common;

use agentsec_sigv4::authorization::AuthorizationHeader;
use agentsec_sigv4::canonical;
use agentsec_sigv4::credential::Credential;
use agentsec_sigv4::presigned::PresignedQuery;
use agentsec_sigv4::{AmzDate, Reason, SignatureStyle};
use common::signing::{signed, verify};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::prelude::*;

const STRICT: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A path segment: unreserved and reserved characters, spaces and
/// non-ASCII text, percent-encoded where a URI needs it.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9._~-]{1,12}",
        "[a-z+=:@!$&'()*,;]{1,8}",
        "[a-z é€ሴ]{1,6}".prop_map(|text| utf8_percent_encode(&text, STRICT).to_string()),
        Just(".".to_owned()),
        Just("..".to_owned()),
        Just(String::new()),
    ]
}

fn path() -> impl Strategy<Value = String> {
    (prop::collection::vec(segment(), 0..5), any::<bool>()).prop_map(|(segments, trailing)| {
        let mut path = format!("/{}", segments.join("/"));
        if trailing && !path.ends_with('/') {
            path.push('/');
        }
        path
    })
}

/// A query string with strictly encoded keys and values, repeated keys
/// and empty values.
fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(("[a-cé ~+=&]{0,4}", "[a-z0-9 é+=&/~]{0,6}"), 0..6).prop_map(|pairs| {
        pairs
            .into_iter()
            .filter(|(key, _)| !key.is_empty())
            .map(|(key, value)| format!("{}={}", utf8_percent_encode(&key, STRICT), utf8_percent_encode(&value, STRICT)))
            .collect::<Vec<_>>()
            .join("&")
    })
}

fn header_value() -> impl Strategy<Value = String> {
    "[!-~]([ !-~]{0,20}[!-~])?"
}

#[derive(Debug, Clone)]
struct RandomRequest {
    method: &'static str,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RandomRequest {
    fn uri(&self) -> String {
        if self.query.is_empty() {
            format!("http://api.example.com:8443{}", self.path)
        } else {
            format!("http://api.example.com:8443{}?{}", self.path, self.query)
        }
    }

    fn sign(&self, style: SignatureStyle) -> http::Request<bytes::Bytes> {
        let headers: Vec<(&str, &str)> = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        signed(self.method, &self.uri(), &headers, &self.body, style)
    }
}

fn request() -> impl Strategy<Value = RandomRequest> {
    (
        prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH"]),
        path(),
        query(),
        prop::collection::vec(("x-[a-z]{1,8}", header_value()), 0..4),
        prop::collection::vec(any::<u8>(), 0..2048),
    )
        .prop_map(|(method, path, query, headers, body)| RandomRequest { method, path, query, headers, body })
}

/// A request whose path has only plain segments, so that changing one
/// character always changes the canonical path.
fn plain_request() -> impl Strategy<Value = RandomRequest> {
    (request(), prop::collection::vec("[a-z0-9]{1,8}", 1..4), "[a-z]{1,4}=[a-z0-9]{1,6}").prop_map(
        |(mut request, segments, query)| {
            request.path = format!("/{}", segments.join("/"));
            request.query = query;
            request
        },
    )
}

fn change_char(text: &str, index: usize) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = index % bytes.len();
    bytes[at] = if bytes[at] == b'z' { b'y' } else { b'z' };
    String::from_utf8(bytes).expect("ascii")
}

fn reject_reason(request: &http::Request<bytes::Bytes>) -> Reason {
    verify(request).expect_err("changed request accepted").reason()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn signed_requests_verify(request in request()) {
        let signed = request.sign(SignatureStyle::Header);
        if let Err(error) = verify(&signed) {
            prop_assert!(false, "{} {}: {error}", request.method, request.uri());
        }
    }

    #[test]
    fn presigned_requests_verify(request in request()) {
        let mut request = request;
        request.body.clear();
        let signed = request.sign(SignatureStyle::Presigned(std::time::Duration::from_secs(300)));
        if let Err(error) = verify(&signed) {
            prop_assert!(false, "{} {}: {error}", request.method, request.uri());
        }
    }

    #[test]
    fn changed_signed_parts_rejected(request in plain_request(), index in any::<usize>(), part in 0usize..5) {
        let signed = request.sign(SignatureStyle::Header);
        let (mut parts, mut body) = signed.into_parts();
        match part {
            0 => parts.method = if parts.method == http::Method::GET { http::Method::HEAD } else { http::Method::GET },
            1 => {
                let path = change_char(&request.path[1..], index);
                parts.uri = format!("/{path}?{}", request.query).parse().expect("uri");
            }
            2 => {
                let query = change_char(&request.query, index);
                parts.uri = format!("{}?{query}", request.path).parse().expect("uri");
            }
            3 => {
                let date = parts.headers["x-amz-date"].to_str().expect("ascii").to_owned();
                let changed = if date.ends_with("0Z") { date.replace("0Z", "1Z") } else { format!("{}0Z", &date[..14]) };
                parts.headers.insert("x-amz-date", changed.parse().expect("value"));
            }
            _ => {
                let mut bytes = body.to_vec();
                if bytes.is_empty() {
                    bytes.push(0);
                } else {
                    let at = index % bytes.len();
                    bytes[at] ^= 1;
                }
                body = bytes.into();
            }
        }
        let reason = reject_reason(&http::Request::from_parts(parts, body));
        let expected = if part == 4 { Reason::BodyHashMismatch } else { Reason::SignatureMismatch };
        prop_assert_eq!(reason, expected);
    }

    #[test]
    fn authorization_parser_never_panics(text in ".{0,300}") {
        let _ = AuthorizationHeader::parse(&text);
        let _ = AuthorizationHeader::parse(&format!("AWS4-HMAC-SHA256 {text}"));
    }

    #[test]
    fn presigned_parser_never_panics(text in "[ -~]{0,300}") {
        let _ = PresignedQuery::is_present(&text);
        let _ = PresignedQuery::parse(&text);
        let _ = PresignedQuery::parse(&format!("X-Amz-Algorithm=AWS4-HMAC-SHA256&{text}"));
    }

    #[test]
    fn small_parsers_never_panic(text in ".{0,64}") {
        let _ = AmzDate::parse(&text);
        let _ = Credential::parse(&text);
        let _ = agentsec_sigv4::signed_headers::SignedHeaders::parse(&text);
        let _ = agentsec_sigv4::Signature::from_hex(&text);
    }

    #[test]
    fn canonical_query_ignores_pair_order(
        (pairs, shuffled) in prop::collection::vec("[ab%2F+=~]{0,6}", 0..8)
            .prop_flat_map(|pairs| (Just(pairs.clone()), Just(pairs).prop_shuffle()))
    ) {
        let mut in_order = String::new();
        canonical::push_canonical_query(&mut in_order, &pairs.join("&"), false);
        let mut reordered = String::new();
        canonical::push_canonical_query(&mut reordered, &shuffled.join("&"), false);
        prop_assert_eq!(in_order, reordered);
    }

    #[test]
    fn canonicalizer_never_panics(path in "[ -~]{0,80}", query in "[ -~]{0,80}") {
        let mut out = String::new();
        canonical::push_canonical_path(&mut out, &path, canonical::PathStyle::NormalizedDoubleEncoded);
        canonical::push_canonical_path(&mut out, &path, canonical::PathStyle::AsSent);
        canonical::push_canonical_query(&mut out, &query, false);
        canonical::push_canonical_query(&mut out, &query, true);
    }

    #[test]
    fn verifier_never_panics_on_arbitrary_headers(authorization in "[ -~]{0,200}", date in "[ -~]{0,20}", sha in "[ -~]{0,70}") {
        let mut builder = http::Request::builder().uri("/x").header("host", "a");
        if let Ok(value) = http::HeaderValue::from_str(&authorization) {
            builder = builder.header("authorization", value);
        }
        if let Ok(value) = http::HeaderValue::from_str(&date) {
            builder = builder.header("x-amz-date", value);
        }
        if let Ok(value) = http::HeaderValue::from_str(&sha) {
            builder = builder.header("x-amz-content-sha256", value);
        }
        let request = builder.body(bytes::Bytes::new()).expect("request");
        prop_assert!(verify(&request).is_err());
    }
}
