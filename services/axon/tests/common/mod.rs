//! Starting the real axon and orbit binaries on 127.0.0.1 for end-to-end
//! tests.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use agentsec_keys::GeneratedKey;
use agentsec_sigv4::{SecretKey, Signer};
use agentsec_testkit::{Process, free_port, wait_for_port, workspace_binary};

/// A scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agentsec-e2e-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Writes keys to `path` atomically (temp file + rename), mode 0600.
pub fn write_keys(path: &Path, keys: &[&GeneratedKey]) {
    use std::os::unix::fs::PermissionsExt;
    let json: Vec<serde_json::Value> = keys
        .iter()
        .map(|key| {
            serde_json::json!({
                "access_key_id": key.access_key_id,
                "secret_access_key": key.secret_access_key.expose_secret(),
            })
        })
        .collect();
    let temp = path.with_extension("tmp");
    std::fs::write(&temp, serde_json::to_vec(&json).expect("json")).expect("write keys");
    std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    std::fs::rename(&temp, path).expect("rename keys");
}

pub fn new_key() -> GeneratedKey {
    agentsec_keys::generate_key().expect("random key")
}

/// A running Axon.
pub struct Axon {
    pub process: Process,
    pub addr: SocketAddr,
    pub admin: SocketAddr,
}

impl Axon {
    pub fn start(keys: &Path, extra: &[&str]) -> Axon {
        let addr: SocketAddr = ([127, 0, 0, 1], free_port()).into();
        let admin: SocketAddr = ([127, 0, 0, 1], free_port()).into();
        let mut args = vec![
            "--keys".to_owned(),
            keys.display().to_string(),
            "--listen".to_owned(),
            addr.to_string(),
            "--admin-listen".to_owned(),
            admin.to_string(),
        ];
        args.extend(extra.iter().map(|arg| (*arg).to_owned()));
        let process = Process::start("axon", &workspace_binary("axon"), &args, &[("RUST_LOG".to_owned(), "info".to_owned())]);
        wait_for_port(addr, Duration::from_secs(20));
        wait_for_port(admin, Duration::from_secs(20));
        Axon { process, addr, admin }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// A running Orbit.
pub struct Orbit {
    pub process: Process,
    pub addr: SocketAddr,
}

impl Orbit {
    pub fn start(keys: &Path, axon: SocketAddr) -> Orbit {
        let addr: SocketAddr = ([127, 0, 0, 1], free_port()).into();
        let args = vec![
            "--keys".to_owned(),
            keys.display().to_string(),
            "--listen".to_owned(),
            addr.to_string(),
            "--axon-url".to_owned(),
            format!("http://{axon}"),
        ];
        let process = Process::start("orbit", &workspace_binary("orbit"), &args, &[("RUST_LOG".to_owned(), "info".to_owned())]);
        wait_for_port(addr, Duration::from_secs(20));
        Orbit { process, addr }
    }

    pub fn dispatch_url(&self) -> String {
        format!("http://{}/dispatch", self.addr)
    }
}

pub fn signer(key: &GeneratedKey) -> Signer {
    Signer::new(&key.access_key_id, &SecretKey::new(key.secret_access_key.expose_secret()), "us-east-1", "execute-api")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("client")
}

/// A POST signed by `signer` at `time`.
pub fn signed_post(client: &reqwest::Client, signer: &Signer, url: &str, body: &str, time: SystemTime) -> reqwest::Request {
    let mut request = client
        .post(url)
        .header("content-type", "application/json")
        .header("x-correlation-id", "e2e-test")
        .body(body.to_owned())
        .build()
        .expect("request");
    signer.sign_reqwest(&mut request, time).expect("sign");
    request
}

/// Status and the `reason` field of the JSON body.
pub async fn outcome(client: &reqwest::Client, request: reqwest::Request) -> (u16, String) {
    let response = client.execute(request).await.expect("response");
    let status = response.status().as_u16();
    let body: serde_json::Value = response.json().await.unwrap_or_default();
    (status, body["reason"].as_str().unwrap_or("").to_owned())
}
