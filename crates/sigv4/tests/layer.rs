//! The tower layer in a real axum server on 127.0.0.1: rejections are
//! answered before routing and before the body is read.

mod common;

use std::time::{Duration, SystemTime};

use agentsec_sigv4::{SecretKey, SignatureStyle, Signer, VerifierConfig};
use common::raw_http::{RawRequest, send_bytes};
use common::server::{self, ACCESS_KEY_ID, REGION, SECRET_KEY, SERVICE};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn signer() -> Signer {
    Signer::new(ACCESS_KEY_ID, &SecretKey::new(SECRET_KEY), REGION, SERVICE)
}

/// Signs a request for the server at `host` now, as a raw request.
fn signed_raw(host: &str, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> RawRequest {
    let mut builder = http::Request::builder().method(method).uri(format!("http://{host}{target}"));
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let mut request = builder.body(()).expect("request");
    signer().sign(&mut request, body, SignatureStyle::Header, SystemTime::now()).expect("signs");
    let mut raw_headers = vec![("Host".to_owned(), host.to_owned())];
    raw_headers.extend(request.headers().iter().map(|(n, v)| (n.to_string(), v.to_str().expect("ascii").to_owned())));
    RawRequest { method: method.to_owned(), target: target.to_owned(), headers: raw_headers, body: body.to_vec() }
}

fn unsigned(host: &str, target: &str) -> RawRequest {
    RawRequest {
        method: "GET".to_owned(),
        target: target.to_owned(),
        headers: vec![("Host".to_owned(), host.to_owned())],
        body: Vec::new(),
    }
}

#[tokio::test]
async fn unknown_path_rejected_like_known_path() {
    let addr = server::start(server::test_config()).await;
    let host = addr.to_string();
    let known = unsigned(&host, "/reason").send(addr).await;
    let unknown = unsigned(&host, "/admin/secret-route").send(addr).await;
    assert_eq!(known.status, 403);
    assert_eq!(unknown.status, known.status);
    assert_eq!(unknown.body, known.body);
    assert_eq!(unknown.header("x-amzn-errortype"), Some("MissingAuthenticationToken"));
}

#[tokio::test]
async fn rejection_body_has_only_code_reason_message() {
    let addr = server::start(server::test_config()).await;
    let host = addr.to_string();
    let mut request = signed_raw(&host, "GET", "/reason", &[], b"");
    request.target = "/reasons".to_owned();
    let response = request.send(addr).await;
    assert_eq!(response.status, 403);
    let body = response.json();
    let mut keys: Vec<_> = body.as_object().expect("object").keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["code", "message", "reason"]);
    let text = String::from_utf8_lossy(&response.body).to_string();
    assert!(!text.contains("AWS4-HMAC-SHA256\n"), "string to sign leaked: {text}");
    assert!(!text.contains("/reasons\n"), "canonical request leaked: {text}");
}

#[tokio::test]
async fn oversized_content_length_rejected_before_body() {
    let config = VerifierConfig::new([REGION], [SERVICE]).with_max_body_bytes(1024);
    let addr = server::start(config).await;
    let host = addr.to_string();
    let mut request = signed_raw(&host, "POST", "/reason", &[], b"");
    request.headers.push(("Content-Length".to_owned(), (100 * 1024 * 1024).to_string()));

    // Send only the head: the answer must come without any body byte.
    let mut head = request.to_bytes();
    head.truncate(head.len() - request.body.len());
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(&head).await.expect("write head");
    let mut response = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut response))
        .await
        .expect("answered without waiting for the body")
        .expect("read");
    let text = String::from_utf8_lossy(&response[..read]).to_string();
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("body_too_large"), "{text}");
}

#[tokio::test]
async fn chunked_body_over_limit_rejected() {
    let config = VerifierConfig::new([REGION], [SERVICE]).with_max_body_bytes(1024);
    let addr = server::start(config).await;
    let host = addr.to_string();
    let body = vec![b'a'; 4096];
    let mut request = signed_raw(&host, "POST", "/reason", &[], &body);
    request.headers.push(("Transfer-Encoding".to_owned(), "chunked".to_owned()));
    let mut bytes = request.to_bytes();
    bytes.truncate(bytes.len() - body.len());
    bytes.extend_from_slice(format!("{:x}\r\n", body.len()).as_bytes());
    bytes.extend_from_slice(&body);
    bytes.extend_from_slice(b"\r\n0\r\n\r\n");
    let response = send_bytes(addr, &bytes).await;
    assert_eq!(response.status, 413);
    assert_eq!(response.reason(), "body_too_large");
}

#[tokio::test]
async fn sigv4a_and_streaming_not_implemented() {
    let addr = server::start(server::test_config()).await;
    let host = addr.to_string();

    let mut sigv4a = signed_raw(&host, "GET", "/reason", &[], b"");
    let value = sigv4a.header("authorization").expect("authorization").replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256");
    sigv4a.set_header("authorization", &value);
    let response = sigv4a.send(addr).await;
    assert_eq!((response.status, response.reason()), (501, "not_implemented".to_owned()));

    let mut streaming = signed_raw(&host, "PUT", "/reason", &[], b"");
    streaming.set_header("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    let response = streaming.send(addr).await;
    assert_eq!((response.status, response.reason()), (501, "not_implemented".to_owned()));

    let chunked = signed_raw(&host, "PUT", "/reason", &[("content-encoding", "aws-chunked")], b"");
    let response = chunked.send(addr).await;
    assert_eq!((response.status, response.reason()), (501, "not_implemented".to_owned()));
}

#[tokio::test]
async fn unsigned_payload_rejected_by_default() {
    let addr = server::start(server::test_config()).await;
    let host = addr.to_string();
    let mut request = signed_raw(&host, "POST", "/reason", &[], b"{}");
    request.set_header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    let response = request.send(addr).await;
    assert_eq!((response.status, response.reason()), (400, "unsigned_payload".to_owned()));
}

#[tokio::test]
async fn duplicated_host_rejected() {
    let addr = server::start(server::test_config()).await;
    let host = addr.to_string();
    let mut request = signed_raw(&host, "GET", "/reason", &[], b"");
    request.headers.push(("Host".to_owned(), "other.example".to_owned()));
    let response = request.send(addr).await;
    // hyper itself may refuse two Host lines with 400 before the layer runs;
    // either way the request never reaches a handler.
    assert_eq!(response.status, 400);
}

#[tokio::test]
async fn unsigned_amz_header_rejected() {
    let addr = server::start(server::test_config()).await;
    let host = addr.to_string();
    let mut request = signed_raw(&host, "GET", "/reason", &[], b"");
    request.headers.push(("x-amz-meta-injected".to_owned(), "1".to_owned()));
    let response = request.send(addr).await;
    assert_eq!((response.status, response.reason()), (400, "header_not_signed".to_owned()));
}

#[tokio::test]
async fn signed_request_reaches_handler_with_identity() {
    let addr = server::start(server::test_config()).await;
    let host = addr.to_string();
    let response = signed_raw(&host, "POST", "/reason", &[("content-type", "application/json")], b"{\"a\":1}").send(addr).await;
    assert_eq!(response.status, 200, "{}", String::from_utf8_lossy(&response.body));
    let echo = response.json();
    assert_eq!(echo["access_key_id"], ACCESS_KEY_ID);
    assert_eq!(echo["key_name"], "interop");
    assert_eq!(echo["body_len"], 7);
}
