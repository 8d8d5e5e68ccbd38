//! Axon and Orbit with `--keys secretsmanager:...` under constant traffic:
//! rotations and a Secrets Manager outage fail no request.
//!
//! Needs the service binaries: run `cargo build --workspace --bins` first
//! (`make test` does). Every server listens on 127.0.0.1, and the traffic
//! is bounded in rate, count and time.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use agentsec_keys::rotation::manual;
use agentsec_keys::rotation::{RotationConfig, Rotator};
use agentsec_sigv4::Signer;
use agentsec_testkit::{Moto, Process, free_port, wait_for_port, workspace_binary};
use tokio::sync::Mutex;

/// Requests per second sent to Orbit's POST /dispatch.
const RATE: u64 = 20;
/// The service key poll interval.
const POLL: &str = "1s";

struct Services {
    axon: Process,
    orbit: Process,
    axon_check_url: String,
    dispatch_url: String,
}

fn start_services(moto: &Moto, secret_id: &str) -> Services {
    let keys = format!("secretsmanager:{secret_id}?poll={POLL}");
    let mut env = moto.aws_env();
    env.push(("RUST_LOG".to_owned(), "info".to_owned()));
    let (axon_port, admin_port, orbit_port) = (free_port(), free_port(), free_port());

    let axon_args: Vec<String> = [
        "--listen",
        &format!("127.0.0.1:{axon_port}"),
        "--admin-listen",
        &format!("127.0.0.1:{admin_port}"),
        "--keys",
        &keys,
    ]
    .iter()
    .map(|arg| (*arg).to_owned())
    .collect();
    let axon = Process::start("axon", &workspace_binary("axon"), &axon_args, &env);
    wait_for_port(([127, 0, 0, 1], axon_port).into(), Duration::from_secs(30));

    let orbit_args: Vec<String> = [
        "--listen",
        &format!("127.0.0.1:{orbit_port}"),
        "--axon-url",
        &format!("http://127.0.0.1:{axon_port}"),
        "--keys",
        &keys,
    ]
    .iter()
    .map(|arg| (*arg).to_owned())
    .collect();
    let orbit = Process::start("orbit", &workspace_binary("orbit"), &orbit_args, &env);
    wait_for_port(([127, 0, 0, 1], orbit_port).into(), Duration::from_secs(30));

    Services {
        axon,
        orbit,
        axon_check_url: format!("http://127.0.0.1:{axon_port}/auth/check"),
        dispatch_url: format!("http://127.0.0.1:{orbit_port}/dispatch"),
    }
}

/// The outcome of the traffic: counts, the first failures, and the access
/// key id Axon saw on the last successful dispatch.
#[derive(Default)]
struct Traffic {
    sent: AtomicU64,
    succeeded: AtomicU64,
    failures: Mutex<Vec<String>>,
    last_access_key_id: Mutex<Option<String>>,
}

/// Sends `RATE` dispatches per second for `duration`, each in its own task
/// so that a slow response does not delay the next request.
async fn run_traffic(url: String, duration: Duration, traffic: Arc<Traffic>) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let total = RATE * duration.as_secs();
    let mut ticker = tokio::time::interval(Duration::from_millis(1000 / RATE));
    let mut requests = Vec::with_capacity(usize::try_from(total).unwrap());
    for index in 0..total {
        ticker.tick().await;
        let (client, url, traffic) = (client.clone(), url.clone(), traffic.clone());
        requests.push(tokio::spawn(async move {
            traffic.sent.fetch_add(1, Ordering::Relaxed);
            let body = format!(r#"{{"task": "load", "index": {index}}}"#);
            let result = client.post(&url).header("content-type", "application/json").body(body).send().await;
            match result {
                Ok(response) if response.status().is_success() => {
                    let answer: serde_json::Value =
                        serde_json::from_slice(&response.bytes().await.unwrap_or_default()).unwrap_or_default();
                    traffic.succeeded.fetch_add(1, Ordering::Relaxed);
                    if let Some(id) = answer["access_key_id"].as_str() {
                        *traffic.last_access_key_id.lock().await = Some(id.to_owned());
                    }
                }
                Ok(response) => {
                    let status = response.status();
                    let text = response.text().await.unwrap_or_default();
                    traffic.failures.lock().await.push(format!("request {index}: HTTP {status} {text}"));
                }
                Err(error) => traffic.failures.lock().await.push(format!("request {index}: {error}")),
            }
        }));
    }
    for request in requests {
        request.await.unwrap();
    }
}

/// Waits until Orbit returns 200 to a dispatch, so traffic starts on running services.
async fn wait_for_dispatch(url: &str) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let response = client.post(url).header("content-type", "application/json").body("{}").send().await;
        if response.is_ok_and(|response| response.status().is_success()) {
            return;
        }
        assert!(Instant::now() < deadline, "orbit did not answer a dispatch within 30s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Sends one GET /auth/check to Axon signed with `key`; returns the status.
async fn check_with_key(url: &str, key: &agentsec_keys::KeyMaterial) -> u16 {
    let client = reqwest::Client::new();
    let signer = Signer::new(&key.access_key_id, &key.secret_access_key, "us-east-1", "execute-api");
    let mut request = client.get(url).build().unwrap();
    signer.sign_reqwest(&mut request, SystemTime::now()).unwrap();
    client.execute(request).await.unwrap().status().as_u16()
}

async fn assert_no_failures(traffic: &Traffic, services: &Services) {
    let failures = traffic.failures.lock().await;
    if !failures.is_empty() {
        eprintln!("--- axon output ---\n{}", services.axon.output());
        eprintln!("--- orbit output ---\n{}", services.orbit.output());
    }
    assert!(
        failures.is_empty(),
        "{} of {} requests failed, first: {:?}",
        failures.len(),
        traffic.sent.load(Ordering::Relaxed),
        failures.first()
    );
    assert_eq!(traffic.succeeded.load(Ordering::Relaxed), traffic.sent.load(Ordering::Relaxed));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_under_load_fails_no_request() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/orbit-load";
    let original = common::create_secret_with_key(&client, name).await;
    let services = start_services(&moto, name);
    wait_for_dispatch(&services.dispatch_url).await;

    let traffic = Arc::new(Traffic::default());
    let load = tokio::spawn(run_traffic(services.dispatch_url.clone(), Duration::from_secs(60), traffic.clone()));

    // Two rotations, 15 s apart: longer than the services' poll interval, so
    // Orbit signs with the first new key before the second rotation ends.
    let config = RotationConfig {
        check_urls: vec![services.axon_check_url.clone()],
        test_timeout: Duration::from_secs(30),
        ..RotationConfig::default()
    };
    let rotator = Rotator::new(client.clone(), config).unwrap();
    tokio::time::sleep(Duration::from_secs(10)).await;
    let first = manual::rotate_secret(&rotator, name, |_| {}).await.unwrap();
    tokio::time::sleep(Duration::from_secs(15)).await;
    let second = manual::rotate_secret(&rotator, name, |_| {}).await.unwrap();

    load.await.unwrap();
    assert_eq!(traffic.sent.load(Ordering::Relaxed), RATE * 60);
    assert_no_failures(&traffic, &services).await;

    // Orbit signs with the newest key; Axon still accepts the previous one.
    let newest = common::key_of(&client, name, &second.version_id).await;
    assert_eq!(traffic.last_access_key_id.lock().await.as_deref(), Some(newest.access_key_id.as_str()));
    assert_eq!(common::version_with(&client, name, "AWSPREVIOUS").await.as_deref(), Some(first.version_id.as_str()));
    let previous = common::key_of(&client, name, &first.version_id).await;
    assert_eq!(check_with_key(&services.axon_check_url, &previous).await, 200, "axon rejects the AWSPREVIOUS key");

    // The original key lost its label in the second rotation: Axon drops it.
    let original_key = common::key_of(&client, name, &original).await;
    assert_eq!(check_with_key(&services.axon_check_url, &original_key).await, 403, "axon accepts an unlabelled key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn services_keep_serving_when_secrets_manager_stops() {
    let mut moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/orbit-outage";
    common::create_secret_with_key(&client, name).await;
    let services = start_services(&moto, name);
    wait_for_dispatch(&services.dispatch_url).await;

    let traffic = Arc::new(Traffic::default());
    let load = tokio::spawn(run_traffic(services.dispatch_url.clone(), Duration::from_secs(15), traffic.clone()));
    tokio::time::sleep(Duration::from_secs(3)).await;
    moto.process.terminate(Duration::from_secs(5));

    load.await.unwrap();
    assert_no_failures(&traffic, &services).await;
    assert!(services.axon.output().contains("key_reload_failed"), "axon logged no failed reload while moto was down");
    assert!(services.orbit.output().contains("key_reload_failed"), "orbit logged no failed reload while moto was down");
}

#[tokio::test]
async fn services_refuse_to_start_without_the_secret() {
    let moto = Moto::start();
    let keys = "secretsmanager:agentsec/does-not-exist".to_owned();
    let args = vec![
        "--listen".to_owned(),
        format!("127.0.0.1:{}", free_port()),
        "--admin-listen".to_owned(),
        format!("127.0.0.1:{}", free_port()),
        "--keys".to_owned(),
        keys,
    ];
    let mut axon = Process::start("axon-missing-secret", &workspace_binary("axon"), &args, &moto.aws_env());

    let deadline = Instant::now() + Duration::from_secs(60);
    while axon.is_running() {
        assert!(Instant::now() < deadline, "axon kept running without keys");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let output = axon.output();
    assert!(output.contains("agentsec/does-not-exist not found"), "{output}");
}
