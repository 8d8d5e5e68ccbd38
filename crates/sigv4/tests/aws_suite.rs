//! The official AWS SigV4 test suite, case by case: every intermediate
//! (canonical request, string to sign, signature) from both the verifier's
//! canonicalizer and the `aws-sigv4` signer, for the header and the query
//! (presigned) variants, and verification of each signed request at the
//! case's timestamp, with signed parts changed afterwards rejected.

mod common;

use agentsec_sigv4::canonical::{self, PathStyle, RequestParts};
use agentsec_sigv4::authorization::AuthorizationHeader;
use agentsec_sigv4::presigned::PresignedQuery;
use agentsec_sigv4::verifier::sha256_hex;
use agentsec_sigv4::{AmzDate, FixedClock, Reason, SecretKey, SigningKey, StaticKeys, VerificationKey, Verifier, VerifierConfig};
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignableBody, SignableRequest, SignatureLocation,
    SigningSettings, UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use bytes::Bytes;
use common::suite::Case;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Variant {
    Header,
    Query,
}

impl Variant {
    fn prefix(self) -> &'static str {
        match self {
            Variant::Header => "header",
            Variant::Query => "query",
        }
    }
}

fn style(case: &Case) -> PathStyle {
    if case.context.normalize { PathStyle::NormalizedDoubleEncoded } else { PathStyle::AsSent }
}

fn expected(case: &Case, variant: Variant, stage: &str) -> String {
    case.text(&format!("{}-{stage}.txt", variant.prefix())).trim_end_matches('\n').to_owned()
}

fn date(case: &Case) -> AmzDate {
    AmzDate::from_system_time(case.context.time()).expect("suite date")
}

/// The canonical request the verifier builds from the case's signed request.
fn canonical_request(case: &Case, variant: Variant) -> String {
    let parsed = case.request(&format!("{}-signed-request.txt", variant.prefix()));
    let (parts, body) = parsed.request.into_parts();
    let request = RequestParts { method: &parts.method, uri: &parts.uri, headers: &parts.headers };
    let bytes = match variant {
        Variant::Header => {
            let value = parts.headers["authorization"].to_str().expect("ascii");
            let header = AuthorizationHeader::parse(value).expect("suite authorization parses");
            let payload = match parts.headers.get("x-amz-content-sha256") {
                Some(value) => value.to_str().expect("ascii").to_owned(),
                None => sha256_hex(&body),
            };
            canonical::canonical_request(request, style(case), header.signed_headers, &payload, false)
        }
        Variant::Query => {
            let query = PresignedQuery::parse(parts.uri.query().expect("query")).expect("suite query parses");
            canonical::canonical_request(request, style(case), query.signed_headers(), &sha256_hex(&body), true)
        }
    };
    String::from_utf8(bytes.expect("canonical request builds")).expect("utf-8")
}

fn check_canonical_request(case: &Case, variant: Variant) {
    assert_eq!(
        canonical_request(case, variant),
        expected(case, variant, "canonical-request"),
        "{}: {variant:?} canonical request",
        case.name
    );
}

fn check_string_to_sign(case: &Case, variant: Variant) {
    let canonical = canonical_request(case, variant);
    let string_to_sign = canonical::string_to_sign(&date(case), &case.context.region, &case.context.service, canonical.as_bytes());
    assert_eq!(string_to_sign, expected(case, variant, "string-to-sign"), "{}: {variant:?} string to sign", case.name);
}

fn check_verifier_signature(case: &Case, variant: Variant) {
    let secret = SecretKey::new(case.context.credentials.secret_access_key.clone());
    let key = SigningKey::derive(&secret, &date(case), &case.context.region, &case.context.service);
    let signature = key.sign(expected(case, variant, "string-to-sign").as_bytes());
    assert_eq!(signature.to_hex(), expected(case, variant, "signature"), "{}: {variant:?} signature", case.name);
}

/// Signs the unsigned request with `aws-sigv4` and returns the signature.
fn aws_sigv4_signature(case: &Case, variant: Variant) -> String {
    let context = &case.context;
    let parsed = case.request("request.txt");
    let (parts, body) = parsed.request.into_parts();

    let credentials = Credentials::new(
        &context.credentials.access_key_id,
        &context.credentials.secret_access_key,
        context.credentials.token.clone(),
        None,
        "suite",
    );
    let identity: Identity = credentials.into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode =
        if context.normalize { PercentEncodingMode::Double } else { PercentEncodingMode::Single };
    settings.uri_path_normalization_mode =
        if context.normalize { UriPathNormalizationMode::Enabled } else { UriPathNormalizationMode::Disabled };
    if context.omit_session_token {
        settings.session_token_mode = SessionTokenMode::Exclude;
    }
    match variant {
        Variant::Header => {
            if context.sign_body {
                settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
            }
        }
        Variant::Query => {
            settings.signature_location = SignatureLocation::QueryParams;
            settings.expires_in = Some(context.expires());
        }
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&context.region)
        .name(&context.service)
        .time(context.time())
        .settings(settings)
        .build()
        .expect("signing params")
        .into();

    let headers: Vec<(&str, &str)> =
        parts.headers.iter().map(|(name, value)| (name.as_str(), value.to_str().expect("ascii"))).collect();
    let uri = parts.uri.to_string();
    let signable = SignableRequest::new(parts.method.as_str(), uri, headers.into_iter(), SignableBody::Bytes(&body))
        .expect("signable request");
    let (_, signature) = sign(signable, &params).expect("aws-sigv4 signs").into_parts();
    signature
}

fn check_aws_sigv4_signature(case: &Case, variant: Variant) {
    assert_eq!(
        aws_sigv4_signature(case, variant),
        expected(case, variant, "signature"),
        "{}: {variant:?} signature from aws-sigv4",
        case.name
    );
}

fn verifier(case: &Case, config: VerifierConfig) -> Verifier {
    let credentials = &case.context.credentials;
    let keys = StaticKeys::new([VerificationKey::new(
        credentials.access_key_id.clone(),
        "suite",
        SecretKey::new(credentials.secret_access_key.clone()),
    )]);
    Verifier::new(config, keys).with_clock(FixedClock(case.context.time()))
}

fn config(case: &Case) -> VerifierConfig {
    let config = VerifierConfig::new([case.context.region.clone()], [case.context.service.clone()]);
    if case.context.normalize {
        config.with_single_encoding_services(Vec::<String>::new())
    } else {
        config.with_single_encoding_services([case.context.service.clone()])
    }
}

fn run<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(future)
}

fn verify(case: &Case, config: VerifierConfig, request: http::Request<Bytes>) -> Result<(), agentsec_sigv4::VerifyError> {
    let verifier = verifier(case, config);
    let (parts, body) = request.into_parts();
    run(verifier.verify(&parts, &body)).map(|_| ())
}

fn signed_request(case: &Case, variant: Variant) -> http::Request<Bytes> {
    case.request(&format!("{}-signed-request.txt", variant.prefix())).request
}

fn check_signed_request_verifies(case: &Case, variant: Variant) {
    let result = verify(case, config(case), signed_request(case, variant));
    if case.context.omit_session_token {
        // The session token was added after signing. The default policy
        // requires every x-amz-* header to be signed, and a token in the query
        // string is part of the canonical query, so both variants are
        // rejected; the header variant verifies once that policy is relaxed.
        let error = result.expect_err("unsigned session token accepted");
        let expected = if variant == Variant::Header { Reason::HeaderNotSigned } else { Reason::SignatureMismatch };
        assert_eq!(error.reason(), expected, "{}: {variant:?}: {error}", case.name);
        if variant == Variant::Header {
            let relaxed = config(case).with_signed_amz_headers_required(false);
            verify(case, relaxed, signed_request(case, variant)).expect("verifies with relaxed policy");
        }
        return;
    }
    if let Err(error) = result {
        panic!("{}: {variant:?} signed request rejected: {error}", case.name);
    }
}

fn rejection(case: &Case, variant: Variant, change: impl FnOnce(&mut http::Request<Bytes>)) -> Reason {
    let mut request = signed_request(case, variant);
    change(&mut request);
    let relaxed = config(case).with_signed_amz_headers_required(!case.context.omit_session_token);
    verify(case, relaxed, request).expect_err("changed request accepted").reason()
}

fn check_changes_rejected(case: &Case, variant: Variant) {
    if case.context.omit_session_token && variant == Variant::Query {
        return;
    }
    let name = &case.name;

    let reason = rejection(case, variant, |request| *request.method_mut() = http::Method::PUT);
    assert_eq!(reason, Reason::SignatureMismatch, "{name}: {variant:?} method");

    let reason = rejection(case, variant, |request| {
        let uri = request.uri().to_string();
        let changed = match uri.split_once('?') {
            Some((path, query)) => format!("{path}x?{query}"),
            None => format!("{uri}x"),
        };
        *request.uri_mut() = changed.parse().expect("uri");
    });
    assert_eq!(reason, Reason::SignatureMismatch, "{name}: {variant:?} path");

    let reason = rejection(case, variant, |request| {
        request.headers_mut().insert("host", "example.amazonaws.org".parse().expect("value"));
    });
    assert_eq!(reason, Reason::SignatureMismatch, "{name}: {variant:?} host");

    if variant == Variant::Header {
        let reason = rejection(case, variant, |request| {
            request.headers_mut().insert("x-amz-date", "20150830T123601Z".parse().expect("value"));
        });
        assert_eq!(reason, Reason::SignatureMismatch, "{name}: date");

        let reason = rejection(case, variant, |request| {
            let value = request.headers()["authorization"].to_str().expect("ascii").to_owned();
            let last = value.chars().last().expect("non-empty");
            let flipped = if last == '0' { '1' } else { '0' };
            let changed = format!("{}{flipped}", &value[..value.len() - 1]);
            request.headers_mut().insert("authorization", changed.parse().expect("value"));
        });
        assert_eq!(reason, Reason::SignatureMismatch, "{name}: signature");
    }
}

fn run_case(name: &str) {
    let case = Case::load(name);
    for variant in [Variant::Header, Variant::Query] {
        if case.context.omit_session_token && variant == Variant::Query {
            // The suite adds X-Amz-Security-Token to the query after signing.
            // The verifier signs every query parameter but X-Amz-Signature, so
            // its canonical request differs and the URL is rejected below.
            let canonical = canonical_request(&case, variant);
            assert!(canonical.contains("X-Amz-Security-Token="), "{}: token not in canonical query", case.name);
        } else {
            check_canonical_request(&case, variant);
            check_string_to_sign(&case, variant);
        }
        check_verifier_signature(&case, variant);
        check_aws_sigv4_signature(&case, variant);
        check_signed_request_verifies(&case, variant);
        check_changes_rejected(&case, variant);
    }
}

macro_rules! suite_cases {
    ($($test:ident => $case:literal,)*) => {
        $(
            #[test]
            fn $test() {
                run_case($case);
            }
        )*
    };
}

suite_cases! {
    get_header_key_duplicate => "get-header-key-duplicate",
    get_header_value_multiline => "get-header-value-multiline",
    get_header_value_order => "get-header-value-order",
    get_header_value_trim => "get-header-value-trim",
    get_relative_normalized => "get-relative-normalized",
    get_relative_relative_normalized => "get-relative-relative-normalized",
    get_relative_relative_unnormalized => "get-relative-relative-unnormalized",
    get_relative_unnormalized => "get-relative-unnormalized",
    get_slash_dot_slash_normalized => "get-slash-dot-slash-normalized",
    get_slash_dot_slash_unnormalized => "get-slash-dot-slash-unnormalized",
    get_slash_normalized => "get-slash-normalized",
    get_slash_pointless_dot_normalized => "get-slash-pointless-dot-normalized",
    get_slash_pointless_dot_unnormalized => "get-slash-pointless-dot-unnormalized",
    get_slash_unnormalized => "get-slash-unnormalized",
    get_slashes_normalized => "get-slashes-normalized",
    get_slashes_unnormalized => "get-slashes-unnormalized",
    get_space_unnormalized => "get-space-unnormalized",
    get_unreserved => "get-unreserved",
    get_vanilla => "get-vanilla",
    get_vanilla_empty_query_key => "get-vanilla-empty-query-key",
    get_vanilla_query => "get-vanilla-query",
    get_vanilla_query_order_encoded => "get-vanilla-query-order-encoded",
    get_vanilla_query_order_key_case => "get-vanilla-query-order-key-case",
    get_vanilla_query_unreserved => "get-vanilla-query-unreserved",
    get_vanilla_utf8_query => "get-vanilla-utf8-query",
    get_vanilla_with_session_token => "get-vanilla-with-session-token",
    post_header_key_case => "post-header-key-case",
    post_header_key_sort => "post-header-key-sort",
    post_header_value_case => "post-header-value-case",
    post_sts_header_after => "post-sts-header-after",
    post_sts_header_before => "post-sts-header-before",
    post_vanilla => "post-vanilla",
    post_vanilla_empty_query_value => "post-vanilla-empty-query-value",
    post_vanilla_query => "post-vanilla-query",
    post_x_www_form_urlencoded => "post-x-www-form-urlencoded",
    post_x_www_form_urlencoded_parameters => "post-x-www-form-urlencoded-parameters",
}

const RAW_PATH_REASON: &str = "the request line carries a raw space or UTF-8 byte, which HTTP/1.1 cannot; \
percent-encoded for the wire, the path is then encoded twice (normalize=true), so the suite's \
single-encoded canonical path no longer applies";

#[test]
#[ignore = "raw space in the request path cannot be carried by HTTP/1.1 (see RAW_PATH_REASON)"]
fn get_space_normalized() {
    let _ = RAW_PATH_REASON;
    run_case("get-space-normalized");
}

#[test]
#[ignore = "raw UTF-8 in the request path cannot be carried by HTTP/1.1 (see RAW_PATH_REASON)"]
fn get_utf8() {
    run_case("get-utf8");
}

#[test]
fn suite_has_every_case_listed() {
    let mut names: Vec<String> = std::fs::read_dir(common::suite::suite_dir())
        .expect("suite folder")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 38, "suite case count changed: {names:?}");
}
