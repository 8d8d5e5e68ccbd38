//! botocore, an independent SigV4 signer, against a real axum server on
//! 127.0.0.1 wrapped in the layer: every tricky request verifies, every
//! change to a signed part is rejected with the right reason, and a replay
//! is rejected.
//!
//! Needs the project's Python environment (`scripts/dev/python-env.sh`, run
//! by `make test`) or `AGENTSEC_PYTHON` pointing at a Python with botocore.

mod common;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use base64_lite::{decode, encode};
use common::cases::{Case, cases};
use common::raw_http::RawRequest;
use common::server::{self, ACCESS_KEY_ID, REGION, SECRET_KEY, SERVICE};

mod base64_lite {
    //! Standard base64, enough for passing bodies to and from Python.
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let value = (u32::from(chunk[0]) << 16)
                | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
                | u32::from(*chunk.get(2).unwrap_or(&0));
            for index in 0..4 {
                if index <= chunk.len() {
                    out.push(char::from(ALPHABET[((value >> (18 - 6 * index)) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    pub fn decode(text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() / 4 * 3);
        let mut buffer = 0u32;
        let mut bits = 0;
        for byte in text.bytes().filter(|b| *b != b'=') {
            let value = ALPHABET.iter().position(|c| *c == byte).expect("base64 digit") as u32;
            buffer = (buffer << 6) | value;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((buffer >> bits) as u8);
                buffer &= (1 << bits) - 1;
            }
        }
        out
    }
}

fn python() -> PathBuf {
    if let Ok(path) = std::env::var("AGENTSEC_PYTHON") {
        return PathBuf::from(path);
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
    assert!(
        venv.exists(),
        "botocore is needed: run scripts/dev/python-env.sh (or `make test`) to create .venv, or set AGENTSEC_PYTHON"
    );
    venv
}

/// Signs the cases with botocore for a server at `addr`.
fn sign_with_botocore(addr: SocketAddr, cases: &[Case]) -> Vec<RawRequest> {
    let host = addr.to_string();
    let requests: Vec<serde_json::Value> = cases
        .iter()
        .map(|case| {
            let mut headers = vec![serde_json::json!(["Host", host])];
            headers.extend(case.headers.iter().map(|(name, value)| serde_json::json!([name, value])));
            serde_json::json!({
                "method": case.method,
                "url": format!("http://{host}{}", case.target),
                "headers": headers,
                "body_b64": encode(&case.body),
            })
        })
        .collect();
    let spec = serde_json::json!({
        "access_key_id": ACCESS_KEY_ID,
        "secret_access_key": SECRET_KEY,
        "region": REGION,
        "service": SERVICE,
        "requests": requests,
    });

    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/python/botocore_sign.py");
    let mut child = Command::new(python())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start python");
    child.stdin.take().expect("stdin").write_all(spec.to_string().as_bytes()).expect("write spec");
    let output = child.wait_with_output().expect("python finishes");
    assert!(output.status.success(), "botocore signer failed: {}", String::from_utf8_lossy(&output.stderr));

    let signed: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("signer output is JSON");
    signed
        .into_iter()
        .map(|request| RawRequest {
            method: request["method"].as_str().expect("method").to_owned(),
            target: request["target"].as_str().expect("target").to_owned(),
            headers: request["headers"]
                .as_array()
                .expect("headers")
                .iter()
                .map(|pair| (pair[0].as_str().expect("name").to_owned(), pair[1].as_str().expect("value").to_owned()))
                .collect(),
            body: decode(request["body_b64"].as_str().expect("body")),
        })
        .collect()
}

#[tokio::test]
async fn botocore_requests_verify() {
    let addr = server::start(server::test_config()).await;
    let cases = cases();
    let signed = sign_with_botocore(addr, &cases);

    for (case, request) in cases.iter().zip(&signed) {
        let response = request.send(addr).await;
        assert_eq!(response.status, 200, "{}: {}", case.name, String::from_utf8_lossy(&response.body));
        let echo = response.json();
        assert_eq!(echo["body_len"], case.body.len(), "{}: body length", case.name);
        assert_eq!(echo["access_key_id"], ACCESS_KEY_ID, "{}: identity", case.name);
    }
}

#[tokio::test]
async fn botocore_dot_segments_reach_handler_normalized() {
    let addr = server::start(server::test_config()).await;
    let case = cases().into_iter().find(|case| case.name == "dot segments").expect("case");
    let request = &sign_with_botocore(addr, &[case])[0];
    let response = request.send(addr).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["path"], "/a/c");
}

/// Sends `request` changed by `change` and returns the status and reason.
async fn send_changed(addr: SocketAddr, request: &RawRequest, change: impl FnOnce(&mut RawRequest)) -> (u16, String) {
    let mut changed = request.clone();
    change(&mut changed);
    let response = changed.send(addr).await;
    (response.status, response.reason())
}

fn replace_last(text: &str, from: char, to: char) -> String {
    let index = text.rfind(from).unwrap_or_else(|| panic!("{from:?} not in {text}"));
    format!("{}{to}{}", &text[..index], &text[index + from.len_utf8()..])
}

#[tokio::test]
async fn botocore_changed_parts_rejected() {
    let addr = server::start(server::test_config()).await;
    let selected: Vec<Case> = cases()
        .into_iter()
        .filter(|case| matches!(case.name, "reserved characters in query values" | "repeated header lines" | "1 KiB body"))
        .collect();
    let signed = sign_with_botocore(addr, &selected);
    let (query_request, header_request, body_request) = (&signed[0], &signed[1], &signed[2]);
    let mismatch = (403, "signature_mismatch".to_owned());

    let path = send_changed(addr, query_request, |r| r.target = r.target.replacen("/q", "/r", 1)).await;
    assert_eq!(path, mismatch, "one path character");

    let query = send_changed(addr, query_request, |r| r.target = replace_last(&r.target, 'e', 'f')).await;
    assert_eq!(query, mismatch, "one query character");

    let header = send_changed(addr, header_request, |r| {
        for (name, value) in &mut r.headers {
            if name == "X-Dup" && value == "second value" {
                *value = "second valuf".to_owned();
            }
        }
    })
    .await;
    assert_eq!(header, mismatch, "one header value");

    let body = send_changed(addr, body_request, |r| r.body[512] ^= 1).await;
    assert_eq!(body, mismatch, "one body byte");

    let method = send_changed(addr, body_request, |r| r.method = "PUT".to_owned()).await;
    assert_eq!(method, mismatch, "method");

    let date = send_changed(addr, header_request, |r| {
        let date = r.header("X-Amz-Date").expect("date").to_owned();
        let changed = if date.ends_with("0Z") { replace_last(&date, '0', '1') } else { format!("{}0Z", &date[..date.len() - 2]) };
        r.set_header("X-Amz-Date", &changed);
    })
    .await;
    assert_eq!(date, mismatch, "date");

    let scope = send_changed(addr, header_request, |r| {
        let value = r.header("Authorization").expect("authorization").replace("/us-east-1/", "/us-west-2/");
        r.set_header("Authorization", &value);
    })
    .await;
    assert_eq!(scope, mismatch, "scope region (allowed, but not the one signed)");

    let disallowed = send_changed(addr, header_request, |r| {
        let value = r.header("Authorization").expect("authorization").replace("/us-east-1/", "/eu-north-1/");
        r.set_header("Authorization", &value);
    })
    .await;
    assert_eq!(disallowed, (403, "scope_not_allowed".to_owned()), "scope region not allowed");

    let signature = send_changed(addr, header_request, |r| {
        let value = r.header("Authorization").expect("authorization").to_owned();
        let last = value.chars().last().expect("non-empty");
        let flipped = if last == 'a' { 'b' } else { 'a' };
        r.set_header("Authorization", &format!("{}{flipped}", &value[..value.len() - 1]));
    })
    .await;
    assert_eq!(signature, mismatch, "signature");

    // The unchanged requests still verify: the rejections above recorded nothing.
    for request in &signed {
        assert_eq!(request.send(addr).await.status, 200);
    }
}

#[tokio::test]
async fn botocore_request_replay_rejected() {
    let addr = server::start(server::test_config()).await;
    let case = cases().into_iter().find(|case| case.name == "1 KiB body").expect("case");
    let request = &sign_with_botocore(addr, &[case])[0];

    let first = request.send(addr).await;
    assert_eq!(first.status, 200);

    let second = request.send(addr).await;
    assert_eq!(second.status, 403);
    assert_eq!(second.reason(), "replayed");
    assert_eq!(second.header("x-amzn-errortype"), Some("RequestReplayed"));
}
