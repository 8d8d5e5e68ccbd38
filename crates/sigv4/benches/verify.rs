//! Verify versus sign, measured side by side in one run.
//!
//! For a small GET, a 1 KiB POST and a 1 MiB POST:
//! * `sign/aws-sigv4`: signing with the aws-sigv4 crate (through `Signer`);
//! * `verify/agentsec`: this crate's verifier, key resolution included,
//!   replay store excluded (a benchmark repeats one request);
//! * `verify/scratchstack`: scratchstack-aws-signature verifying the same
//!   request, its signing-key provider returning a precomputed key;
//! * `sha256/body` (1 MiB only): a plain SHA-256 of the body, the floor.
//!
//! Run with `cargo bench -p agentsec-sigv4 --bench verify`.

use std::future::Future;
use std::pin::pin;
use std::str::FromStr;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use agentsec_sigv4::{
    FixedClock, InMemoryReplayStore, NoReplayProtection, SecretKey, SignatureStyle, Signer, StaticKeys, VerificationKey, Verifier,
    VerifierConfig,
};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use scratchstack_aws_principal::User;
use scratchstack_aws_signature::{
    GetSigningKeyRequest, GetSigningKeyResponse, KSecretKey, NO_ADDITIONAL_SIGNED_HEADERS, SignatureOptions,
    service_for_signing_key_fn, sigv4_validate_request,
};
use sha2::{Digest, Sha256};

const KEY_ID: &str = "AKIABENCHMARK0000001";
const SECRET: &str = "benchSecretKey0123456789abcdefghijABCDEF";
const REGION: &str = "us-east-1";
const SERVICE: &str = "execute-api";

fn signing_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_768_473_000)
}

/// Polls a future that is ready at once (every future here is).
fn ready<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

fn unsigned(method: &str, body: &[u8]) -> http::Request<Bytes> {
    http::Request::builder()
        .method(method)
        .uri("http://axon.internal:8081/reason?mode=fast")
        .header("content-type", "application/json")
        .header("x-correlation-id", "3f1c2b7a-0d4e-4c55-9a51-5d2b8f1e6a90")
        .body(Bytes::copy_from_slice(body))
        .expect("request")
}

fn signer() -> Signer {
    // Header signing without x-amz-content-sha256, the form botocore and
    // scratchstack use for services other than S3.
    Signer::new(KEY_ID, &SecretKey::new(SECRET), REGION, SERVICE).with_content_sha256_header(false)
}

/// The request as a server receives it: origin-form URI and Host header.
fn signed(method: &str, body: &[u8]) -> http::Request<Bytes> {
    let mut request = unsigned(method, body);
    signer().sign(&mut request, body, SignatureStyle::Header, signing_time()).expect("signs");
    let (mut parts, body) = request.into_parts();
    parts.headers.insert("host", "axon.internal:8081".parse().expect("host"));
    parts.uri = "/reason?mode=fast".parse().expect("uri");
    http::Request::from_parts(parts, body)
}

fn verifier() -> Verifier {
    let keys = StaticKeys::new([VerificationKey::new(KEY_ID, "bench", SecretKey::new(SECRET))]);
    Verifier::new(VerifierConfig::new([REGION], [SERVICE]).with_max_body_bytes(4 * 1024 * 1024), keys)
        .with_replay_store(NoReplayProtection)
        .with_clock(FixedClock(signing_time()))
}

static CACHED_RESPONSE: std::sync::OnceLock<GetSigningKeyResponse> = std::sync::OnceLock::new();

/// scratchstack's signing-key provider: returns the precomputed key.
async fn cached_signing_key(_request: GetSigningKeyRequest) -> Result<GetSigningKeyResponse, tower::BoxError> {
    CACHED_RESPONSE.get().cloned().ok_or_else(|| "signing key not initialised".into())
}

fn bench_case(c: &mut Criterion, name: &str, method: &str, body: Vec<u8>) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(body.len().max(1) as u64));

    let signer = signer();
    group.bench_function("sign/aws-sigv4", |b| {
        b.iter_batched(
            || unsigned(method, &body),
            |mut request| signer.sign(&mut request, &body, SignatureStyle::Header, signing_time()).expect("signs"),
            BatchSize::SmallInput,
        )
    });

    let request = signed(method, &body);
    let (parts, verified_body) = request.clone().into_parts();
    let verifier = verifier();
    assert!(ready(verifier.verify(&parts, &verified_body)).is_ok(), "benchmark request must verify");
    group.bench_function("verify/agentsec", |b| {
        b.iter(|| ready(verifier.verify(&parts, &verified_body)).expect("verifies"))
    });

    let timestamp: DateTime<Utc> = DateTime::<Utc>::from(signing_time());
    let secret = KSecretKey::from_str(SECRET).expect("secret");
    let cached_key = secret.to_ksigning(timestamp.date_naive(), REGION, SERVICE);
    let user = User::new("aws", "123456789012", "/", "orbit").expect("user");
    let response = GetSigningKeyResponse::builder().principal(user).signing_key(cached_key).build().expect("response");
    CACHED_RESPONSE.get_or_init(|| response);
    let mut provider = service_for_signing_key_fn(cached_signing_key);
    let check = ready(sigv4_validate_request(
        request.clone(),
        REGION,
        SERVICE,
        &mut provider,
        timestamp,
        &NO_ADDITIONAL_SIGNED_HEADERS,
        SignatureOptions::default(),
    ));
    assert!(check.is_ok(), "scratchstack must verify the benchmark request: {:?}", check.err());
    group.bench_function("verify/scratchstack", |b| {
        b.iter_batched(
            || request.clone(),
            |request| {
                ready(sigv4_validate_request(
                    request,
                    REGION,
                    SERVICE,
                    &mut provider,
                    timestamp,
                    &NO_ADDITIONAL_SIGNED_HEADERS,
                    SignatureOptions::default(),
                ))
                .expect("verifies")
            },
            BatchSize::SmallInput,
        )
    });

    if body.len() >= 1024 * 1024 {
        group.bench_function("sha256/body", |b| b.iter(|| Sha256::digest(&body)));
    }
    group.finish();
}

fn bench_replay_store(c: &mut Criterion) {
    let store = InMemoryReplayStore::new(10_000_000);
    let mut counter: u64 = 0;
    c.bench_function("replay/record", |b| {
        b.iter(|| {
            counter += 1;
            let mut bytes = [0u8; 32];
            bytes[..8].copy_from_slice(&counter.to_le_bytes());
            bytes[16] = (counter % 251) as u8;
            let signature = agentsec_sigv4::Signature::from_hex(&hex::encode(bytes)).expect("hex");
            ready(agentsec_sigv4::ReplayStore::check_and_record(
                &store,
                signature.replay_key(),
                signing_time() + Duration::from_secs(300),
                signing_time(),
            ))
            .expect("recorded")
        })
    });
}

fn benches(c: &mut Criterion) {
    bench_case(c, "small-get", "GET", Vec::new());
    bench_case(c, "post-1kib", "POST", vec![b'x'; 1024]);
    bench_case(c, "post-1mib", "POST", vec![b'x'; 1024 * 1024]);
    bench_replay_store(c);
}

criterion_group!(verify, benches);
criterion_main!(verify);
