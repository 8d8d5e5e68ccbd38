//! End to end on 127.0.0.1 with the real axon and orbit binaries (built by
//! `cargo build --workspace --bins`, which `make test` runs first).

mod common;

use std::io::{Read, Write};
use std::time::{Duration, SystemTime};

use agentsec_testkit::RedisServer;
use common::*;

#[tokio::test]
async fn dispatch_through_orbit_succeeds() {
    let dir = scratch("dispatch");
    let key = new_key();
    let keys = dir.join("keys.json");
    write_keys(&keys, &[&key]);
    let axon = Axon::start(&keys, &[]);
    let orbit = Orbit::start(&keys, axon.addr);

    let response = client()
        .post(orbit.dispatch_url())
        .header("x-correlation-id", "task-42")
        .json(&serde_json::json!({"task": "plan"}))
        .send()
        .await
        .expect("dispatch");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-correlation-id"], "task-42");
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["access_key_id"], key.access_key_id.as_str());
    assert_eq!(body["correlation_id"], "task-42");
    assert_eq!(body["key_name"], "file#0");
    assert_eq!(body["task"]["task"], "plan");
}

#[tokio::test]
async fn orbit_reports_unreachable_axon() {
    let dir = scratch("unreachable");
    let keys = dir.join("keys.json");
    write_keys(&keys, &[&new_key()]);
    let closed = ([127, 0, 0, 1], agentsec_testkit::free_port()).into();
    let orbit = Orbit::start(&keys, closed);
    let response = client().post(orbit.dispatch_url()).json(&serde_json::json!({"task": "x"})).send().await.expect("dispatch");
    assert_eq!(response.status(), 502);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"], "axon unreachable");
}

#[tokio::test]
async fn orbit_reports_axon_rejection() {
    let dir = scratch("rejection");
    let axon_keys = dir.join("axon.json");
    let orbit_keys = dir.join("orbit.json");
    write_keys(&axon_keys, &[&new_key()]);
    write_keys(&orbit_keys, &[&new_key()]);
    let axon = Axon::start(&axon_keys, &[]);
    let orbit = Orbit::start(&orbit_keys, axon.addr);
    let response = client().post(orbit.dispatch_url()).json(&serde_json::json!({"task": "x"})).send().await.expect("dispatch");
    assert_eq!(response.status(), 502);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"], "axon rejected the request");
    assert_eq!(body["axon"]["status"], 403);
    assert_eq!(body["axon"]["error_type"], "InvalidClientTokenId");
}

#[tokio::test]
async fn axon_rejects_bad_requests_and_never_logs_the_secret() {
    let dir = scratch("rejects");
    let key = new_key();
    let keys = dir.join("keys.json");
    write_keys(&keys, &[&key]);
    let mut axon = Axon::start(&keys, &[]);
    let orbit = Orbit::start(&keys, axon.addr);
    let client = client();
    let signer = signer(&key);
    let url = axon.url("/reason");

    let unsigned = client.post(&url).body("{}").build().expect("request");
    assert_eq!(outcome(&client, unsigned).await, (403, "missing_authentication".to_owned()));

    let mut path = signed_post(&client, &signer, &url, "{}", SystemTime::now());
    *path.url_mut() = axon.url("/reasom").parse().expect("url");
    assert_eq!(outcome(&client, path).await, (403, "signature_mismatch".to_owned()));

    let mut header = signed_post(&client, &signer, &url, "{}", SystemTime::now());
    header.headers_mut().insert("x-correlation-id", "changed".parse().expect("value"));
    assert_eq!(outcome(&client, header).await, (403, "signature_mismatch".to_owned()));

    let mut body = signed_post(&client, &signer, &url, "{\"a\":1}", SystemTime::now());
    *body.body_mut() = Some("{\"a\":2}".into());
    assert_eq!(outcome(&client, body).await, (400, "body_hash_mismatch".to_owned()));

    let stale = signed_post(&client, &signer, &url, "{}", SystemTime::now() - Duration::from_secs(600));
    assert_eq!(outcome(&client, stale).await, (403, "expired".to_owned()));

    let stranger = new_key();
    let unknown = signed_post(&client, &common::signer(&stranger), &url, "{}", SystemTime::now());
    assert_eq!(outcome(&client, unknown).await, (403, "unknown_key".to_owned()));

    let first = signed_post(&client, &signer, &url, "{}", SystemTime::now());
    let again = first.try_clone().expect("clone");
    assert_eq!(outcome(&client, first).await.0, 200);
    assert_eq!(outcome(&client, again).await, (403, "replayed".to_owned()));

    // A dispatch through Orbit too, so Orbit's log is searched as well.
    let dispatched = client.post(orbit.dispatch_url()).json(&serde_json::json!({"task": "t"})).send().await.expect("dispatch");
    assert_eq!(dispatched.status(), 200);

    tokio::time::sleep(Duration::from_millis(200)).await;
    let secret = key.secret_access_key.expose_secret();
    let axon_log = axon.process.output();
    let orbit_log = orbit.process.output();
    assert!(axon_log.contains("\"event\":\"sigv4_rejected\""), "no security events logged");
    for reason in ["missing_authentication", "signature_mismatch", "body_hash_mismatch", "expired", "unknown_key", "replayed"] {
        assert!(axon_log.contains(&format!("\"reason\":\"{reason}\"")), "no event for {reason}");
    }
    assert!(!axon_log.contains(secret), "axon log contains the secret key");
    assert!(!orbit_log.contains(secret), "orbit log contains the secret key");

    assert_eq!(axon.process.terminate(Duration::from_secs(10)), Some(0), "axon exits cleanly on SIGTERM");
    assert!(axon.process.output().contains("\"message\":\"axon stopped\""));
}

#[tokio::test]
async fn rejection_event_has_required_fields() {
    let dir = scratch("event-fields");
    let key = new_key();
    let keys = dir.join("keys.json");
    write_keys(&keys, &[&key]);
    let axon = Axon::start(&keys, &[]);
    let client = client();
    let mut request = signed_post(&client, &signer(&key), &axon.url("/reason"), "{}", SystemTime::now());
    request.headers_mut().insert("x-correlation-id", "corr-7".parse().expect("value"));
    let _ = outcome(&client, request).await;
    tokio::time::sleep(Duration::from_millis(200)).await;

    let line = axon.process.output().lines().find(|line| line.contains("sigv4_rejected")).map(str::to_owned).expect("event line");
    let event: serde_json::Value = serde_json::from_str(&line).expect("one JSON object per line");
    assert_eq!(event["event"], "sigv4_rejected");
    assert_eq!(event["reason"], "signature_mismatch");
    assert_eq!(event["access_key_id"], key.access_key_id.as_str());
    assert_eq!(event["correlation_id"], "corr-7");
    assert!(event["peer"].as_str().unwrap_or("").starts_with("127.0.0.1:"));
    assert_eq!(event["method"], "POST");
    assert_eq!(event["path"], "/reason");
    assert!(!line.contains("Signature="), "signature logged: {line}");
}

#[tokio::test]
async fn unknown_paths_need_a_signature() {
    let dir = scratch("unknown-paths");
    let key = new_key();
    let keys = dir.join("keys.json");
    write_keys(&keys, &[&key]);
    let axon = Axon::start(&keys, &[]);
    let client = client();

    let known = client.get(axon.url("/reason")).send().await.expect("known");
    let unknown = client.get(axon.url("/internal/admin")).send().await.expect("unknown");
    assert_eq!(known.status(), 403);
    assert_eq!(unknown.status(), 403);
    assert_eq!(known.text().await.expect("body"), unknown.text().await.expect("body"));

    let mut signed = client.get(axon.url("/internal/admin")).build().expect("request");
    signer(&key).sign_reqwest(&mut signed, SystemTime::now()).expect("sign");
    assert_eq!(outcome(&client, signed).await, (403, "access_denied".to_owned()), "signed but not allowed by policy");
}

#[tokio::test]
async fn policy_denies_caller_not_listed() {
    let dir = scratch("policy");
    let allowed = new_key();
    let denied = new_key();
    let keys = dir.join("keys.json");
    write_keys(&keys, &[&allowed, &denied]);
    let policy = dir.join("policy.json");
    let rules = serde_json::json!({"rules": [{"access_key_ids": [allowed.access_key_id], "methods": ["POST"], "paths": ["/reason"]}]});
    std::fs::write(&policy, rules.to_string()).expect("policy");
    let axon = Axon::start(&keys, &["--policy", &policy.display().to_string()]);
    let client = client();
    let url = axon.url("/reason");

    let ok = signed_post(&client, &signer(&allowed), &url, "{}", SystemTime::now());
    assert_eq!(outcome(&client, ok).await.0, 200);

    let response = client.execute(signed_post(&client, &signer(&denied), &url, "{}", SystemTime::now())).await.expect("response");
    assert_eq!(response.status(), 403);
    assert_eq!(response.headers()["x-amzn-errortype"], "AccessDenied");

    tokio::time::sleep(Duration::from_millis(200)).await;
    let log = axon.process.output();
    let event = log.lines().find(|line| line.contains("\"event\":\"authz_denied\"")).expect("authz_denied event");
    assert!(event.contains(&denied.access_key_id), "{event}");
}

#[test]
fn oversized_body_rejected_before_it_is_read() {
    let dir = scratch("oversized");
    let key = new_key();
    let keys = dir.join("keys.json");
    write_keys(&keys, &[&key]);
    let axon = Axon::start(&keys, &["--max-body-bytes", "1024"]);

    let mut stream = std::net::TcpStream::connect(axon.addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let head = format!(
        "POST /reason HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n",
        axon.addr
    );
    stream.write_all(head.as_bytes()).expect("write head");
    let mut response = [0u8; 1024];
    let read = stream.read(&mut response).expect("answer without the body");
    let text = String::from_utf8_lossy(&response[..read]);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("body_too_large"), "{text}");
}

#[tokio::test]
async fn replicas_share_replay_protection_through_redis() {
    let dir = scratch("redis");
    let key = new_key();
    let keys = dir.join("keys.json");
    write_keys(&keys, &[&key]);
    let mut redis = RedisServer::start();
    let store = ["--replay-store", redis.url.as_str()];
    let first = Axon::start(&keys, &store);
    let second = Axon::start(&keys, &store);
    let client = client();
    let signer = signer(&key);

    let request = signed_post(&client, &signer, &first.url("/reason"), "{\"n\":1}", SystemTime::now());
    // Replicas sit behind one host name; keep the signed Host header.
    let mut replay = request.try_clone().expect("clone");
    *replay.url_mut() = second.url("/reason").parse().expect("url");
    replay.headers_mut().insert("host", first.addr.to_string().parse().expect("host"));
    assert_eq!(outcome(&client, request).await.0, 200);
    assert_eq!(outcome(&client, replay).await, (403, "replayed".to_owned()), "replayed to the other replica");

    // Redis gone: fail closed.
    redis.process.terminate(Duration::from_secs(5));
    let after = signed_post(&client, &signer, &first.url("/reason"), "{\"n\":2}", SystemTime::now());
    assert_eq!(outcome(&client, after).await, (503, "replay_store_unavailable".to_owned()));
}

#[tokio::test]
async fn key_file_change_picked_up_without_failed_requests() {
    let dir = scratch("reload");
    let old = new_key();
    let new = new_key();
    let keys = dir.join("keys.json");
    write_keys(&keys, &[&old]);
    let axon = Axon::start(&keys, &[]);
    let orbit = Orbit::start(&keys, axon.addr);
    let client = client();

    let traffic = {
        let client = client.clone();
        let url = orbit.dispatch_url();
        tokio::spawn(async move {
            let mut results = Vec::new();
            // Bounded: 20 requests per second for 8 seconds.
            for n in 0..160 {
                let response = client.post(&url).json(&serde_json::json!({"n": n})).send().await;
                let outcome = match response {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let body: serde_json::Value = response.json().await.unwrap_or_default();
                        (status, body["access_key_id"].as_str().unwrap_or("").to_owned())
                    }
                    Err(error) => (0, error.to_string()),
                };
                results.push(outcome);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            results
        })
    };

    // Accept the new key everywhere first, then sign with it.
    tokio::time::sleep(Duration::from_secs(2)).await;
    write_keys(&keys, &[&old, &new]);
    tokio::time::sleep(Duration::from_secs(3)).await;
    write_keys(&keys, &[&new, &old]);

    let results = traffic.await.expect("traffic");
    let failures: Vec<_> = results.iter().filter(|(status, _)| *status != 200).collect();
    assert!(failures.is_empty(), "failed requests during the key change: {failures:?}");
    assert_eq!(results.first().map(|r| r.1.as_str()), Some(old.access_key_id.as_str()));
    assert_eq!(results.last().map(|r| r.1.as_str()), Some(new.access_key_id.as_str()), "orbit signs with the new key");
    assert!(axon.process.output().contains("\"event\":\"keys_reloaded\""));
}

#[test]
fn slow_headers_connection_closed() {
    let dir = scratch("slow-headers");
    let keys = dir.join("keys.json");
    write_keys(&keys, &[&new_key()]);
    let axon = Axon::start(&keys, &["--header-timeout-seconds", "1"]);

    let mut stream = std::net::TcpStream::connect(axon.addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    stream.write_all(b"GET /reason HTTP/1.1\r\nHost: 127.0.0.1\r\n").expect("partial head");
    let started = std::time::Instant::now();
    let mut buffer = [0u8; 256];
    let read = stream.read(&mut buffer);
    assert!(read.is_ok(), "connection still open after 5 s: {read:?}");
    assert!(started.elapsed() < Duration::from_secs(4), "closed only after {:?}", started.elapsed());
}
