//! `agentsec validate-sigv4` against a correct Axon (every check passes) and
//! against a server that accepts everything (it fails, naming the checks).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use agentsec_testkit::{Process, free_port, wait_for_port, workspace_binary};

fn key_file(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agentsec-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("keys.json");
    std::fs::remove_file(&path).ok();
    let status = Command::new(env!("CARGO_BIN_EXE_agentsec"))
        .args(["keys", "init", "--out"])
        .arg(&path)
        .status()
        .expect("run agentsec keys init");
    assert!(status.success());
    path
}

fn validate(url: &str, keys: &PathBuf) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_agentsec"))
        .args(["validate-sigv4", "--url", url, "--keys"])
        .arg(keys)
        .output()
        .expect("run validate-sigv4");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn keys_init_prints_id_not_secret() {
    let path = key_file("init");
    let text = std::fs::read_to_string(&path).expect("key file");
    let key: serde_json::Value = serde_json::from_str(&text).expect("json");
    let secret = key["secret_access_key"].as_str().expect("secret").to_owned();
    std::fs::remove_file(&path).ok();
    let output = Command::new(env!("CARGO_BIN_EXE_agentsec")).args(["keys", "init", "--out"]).arg(&path).output().expect("run");
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(printed.contains("created key AKIA"), "{printed}");
    assert!(!printed.contains(&secret));
    let again = Command::new(env!("CARGO_BIN_EXE_agentsec")).args(["keys", "init", "--out"]).arg(&path).output().expect("run");
    assert_eq!(again.status.code(), Some(2), "existing file must not be overwritten without --force");
}

#[test]
fn validate_sigv4_passes_against_axon() {
    let keys = key_file("axon");
    let addr: SocketAddr = ([127, 0, 0, 1], free_port()).into();
    let admin: SocketAddr = ([127, 0, 0, 1], free_port()).into();
    let args: Vec<String> = vec![
        "--keys".into(),
        keys.display().to_string(),
        "--listen".into(),
        addr.to_string(),
        "--admin-listen".into(),
        admin.to_string(),
    ];
    let _axon = Process::start("axon", &workspace_binary("axon"), &args, &[]);
    wait_for_port(addr, Duration::from_secs(20));

    let (code, output) = validate(&format!("http://{addr}/reason"), &keys);
    assert_eq!(code, 0, "{output}");
    assert_eq!(output.lines().filter(|line| line.starts_with("PASS")).count(), 8, "{output}");
    assert!(output.contains("8 passed, 0 failed"), "{output}");
}

#[tokio::test]
async fn validate_sigv4_fails_against_accept_all_server() {
    let keys = key_file("accept-all");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = axum::Router::new().fallback(|| async { "ok" });
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });

    let url = format!("http://{addr}/reason");
    let (code, output) = tokio::task::spawn_blocking(move || validate(&url, &keys)).await.expect("join");
    assert_eq!(code, 1, "{output}");
    assert!(output.contains("PASS  signed request accepted"), "{output}");
    for check in [
        "unsigned request rejected",
        "tampered path rejected",
        "tampered header rejected",
        "tampered body rejected",
        "stale request rejected",
        "replayed request rejected",
        "wrongly scoped request rejected",
    ] {
        assert!(output.contains(&format!("FAIL  {check}")), "{check} not reported as failed:\n{output}");
    }
}

#[test]
fn validate_sigv4_reports_unreachable_receiver() {
    let keys = key_file("unreachable");
    let (code, _) = validate(&format!("http://127.0.0.1:{}/reason", free_port()), &keys);
    assert_eq!(code, 2);
}
