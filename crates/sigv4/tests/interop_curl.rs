//! curl's `--aws-sigv4`, an independent SigV4 signer, against a real axum
//! server on 127.0.0.1 wrapped in the layer.
//!
//! curl signs and sends each request to a capture listener on loopback; the
//! captured bytes are then sent, unchanged or with one signed part changed,
//! to the server. Needs `curl` 7.75 or later on the PATH.
//!
//! curl 7.88 (Debian 12) signs the path and query as sent, without AWS's
//! normalization, double encoding or query sorting, and lists a repeated
//! header twice in `SignedHeaders`. The cases below are therefore requests
//! already in canonical form, tricky paths under S3's as-sent rule, and a
//! repeated header that must be either verified (a conforming curl) or
//! rejected as malformed (curl 7.88), never accepted wrongly.

mod common;

use std::net::SocketAddr;
use std::process::Command;

use common::cases::{Case, curl_cases, curl_s3_path_cases};
use common::raw_http::{RawRequest, capture_one};
use common::server::{self, ACCESS_KEY_ID, REGION, SECRET_KEY, SERVICE};

/// Has curl sign `case` and returns the request exactly as curl sent it.
async fn sign_with_curl(case: &Case, service: &str) -> RawRequest {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind capture listener");
    let addr = listener.local_addr().expect("addr");
    let capture = tokio::spawn(capture_one(listener));

    let body_file = tempfile_with(&case.body);
    let mut command = Command::new("curl");
    command
        .args(["-sS", "--path-as-is", "--max-time", "20"])
        .args(["--aws-sigv4", &format!("aws:amz:{REGION}:{service}")])
        .args(["--user", &format!("{ACCESS_KEY_ID}:{SECRET_KEY}")])
        .args(["-X", case.method]);
    for (name, value) in &case.headers {
        command.args(["-H", &format!("{name}: {value}")]);
    }
    if case.method == "POST" {
        command.args(["--data-binary", &format!("@{}", body_file.display())]);
    }
    command.arg(format!("http://{addr}{}", case.target));

    let output = tokio::task::spawn_blocking(move || command.output()).await.expect("join").expect("run curl");
    assert!(output.status.success(), "{}: curl failed: {}", case.name, String::from_utf8_lossy(&output.stderr));
    std::fs::remove_file(&body_file).ok();
    RawRequest::parse(&capture.await.expect("capture task"))
}

fn tempfile_with(bytes: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("agentsec-curl-body-{}-{}", std::process::id(), rand_suffix()));
    std::fs::write(&path, bytes).expect("write body file");
    path
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

async fn start() -> SocketAddr {
    server::start(server::test_config()).await
}

#[tokio::test]
async fn curl_requests_verify() {
    let addr = start().await;
    let mut failures = Vec::new();
    for case in curl_cases() {
        let request = sign_with_curl(&case, SERVICE).await;
        let response = request.send(addr).await;
        if response.status != 200 {
            failures.push(format!("{}: {} {}", case.name, response.status, String::from_utf8_lossy(&response.body)));
            continue;
        }
        assert_eq!(response.json()["body_len"], case.body.len(), "{}: body length", case.name);
    }
    assert!(failures.is_empty(), "rejected curl requests:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn curl_changed_parts_rejected() {
    let addr = start().await;
    let case = curl_cases().into_iter().find(|case| case.name == "1 KiB body").expect("case");
    let request = sign_with_curl(&case, SERVICE).await;
    let mismatch = (403, "signature_mismatch".to_owned());

    let mut changed = request.clone();
    changed.body[100] ^= 0x20;
    let response = changed.send(addr).await;
    let expected_body_reason = if request.header("x-amz-content-sha256").is_some() { "body_hash_mismatch" } else { "signature_mismatch" };
    let expected_status = if expected_body_reason == "body_hash_mismatch" { 400 } else { 403 };
    assert_eq!((response.status, response.reason()), (expected_status, expected_body_reason.to_owned()), "one body byte");

    let mut changed = request.clone();
    changed.target = "/reasoN".to_owned();
    let response = changed.send(addr).await;
    assert_eq!((response.status, response.reason()), mismatch, "one path character");

    let mut changed = request.clone();
    changed.method = "PUT".to_owned();
    let response = changed.send(addr).await;
    assert_eq!((response.status, response.reason()), mismatch, "method");

    let first = request.send(addr).await;
    assert_eq!(first.status, 200, "{}", String::from_utf8_lossy(&first.body));
    let replay = request.send(addr).await;
    assert_eq!((replay.status, replay.reason()), (403, "replayed".to_owned()), "replay");
}

#[tokio::test]
async fn curl_s3_paths_verify() {
    let config = agentsec_sigv4::VerifierConfig::new([REGION], ["s3"]);
    let addr = server::start(config).await;
    let mut failures = Vec::new();
    for case in curl_s3_path_cases() {
        let request = sign_with_curl(&case, "s3").await;
        let response = request.send(addr).await;
        if response.status != 200 {
            failures.push(format!("{}: {} {}", case.name, response.status, String::from_utf8_lossy(&response.body)));
            continue;
        }
        let path = case.target.split('?').next().unwrap_or_default();
        assert_eq!(response.json()["path"], path, "{}: S3 paths reach the handler as sent", case.name);
    }
    assert!(failures.is_empty(), "rejected curl requests:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn curl_repeated_header_never_misverified() {
    let addr = start().await;
    let case = Case {
        name: "repeated header lines",
        method: "GET",
        target: "/h",
        headers: vec![("X-Dup", "first"), ("X-Dup", "second")],
        body: Vec::new(),
    };
    let request = sign_with_curl(&case, SERVICE).await;
    let response = request.send(addr).await;
    let outcome = (response.status, response.reason());
    let conforming = outcome.0 == 200;
    let curl_788 = outcome == (400, "malformed".to_owned());
    assert!(conforming || curl_788, "unexpected outcome {outcome:?}: {}", String::from_utf8_lossy(&response.body));
}
