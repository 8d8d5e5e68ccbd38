//! Shared pieces of the Secrets Manager tests: a moto server, clients
//! pointed at it, secrets with known keys, and a SigV4 receiver whose
//! accepted keys the test controls.
//!
//! Every AWS client here is configured explicitly (endpoint, region,
//! dummy credentials), so nothing reads the environment or the instance
//! metadata service. Child processes get [`agentsec_testkit::Moto::aws_env`],
//! which sets AWS_ENDPOINT_URL and AWS_EC2_METADATA_DISABLED=true.

#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use agentsec_keys::{KeyMaterial, KeySet, LiveKeys};
use agentsec_sigv4::{SigV4Verify, Verifier, VerifierConfig};
use agentsec_testkit::Moto;
use aws_sdk_secretsmanager::Client;
use aws_sdk_secretsmanager::config::{BehaviorVersion, Credentials, Region};

/// Builds a Secrets Manager client for `moto`, configured without the environment.
pub fn client(moto: &Moto) -> Client {
    let config = aws_sdk_secretsmanager::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .endpoint_url(&moto.endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "moto"))
        .build();
    Client::from_conf(config)
}

/// A new key as the JSON a secret version holds.
pub fn key_json() -> (String, String) {
    let key = agentsec_keys::generate_key().unwrap();
    (key.access_key_id.clone(), key.to_json().to_string())
}

/// Creates a secret with one key as its AWSCURRENT version; returns the
/// version id.
pub async fn create_secret_with_key(client: &Client, name: &str) -> String {
    let (_, value) = key_json();
    let output = client.create_secret().name(name).secret_string(value).send().await.unwrap();
    output.version_id().unwrap().to_owned()
}

/// Creates a secret with no version, as the Terraform module does.
pub async fn create_empty_secret(client: &Client, name: &str) {
    client.create_secret().name(name).send().await.unwrap();
}

/// Turns rotation on for a secret that has no version yet.
///
/// NOTE: moto's RotateSecret without a rotation function labels a new copy
/// of the value AWSCURRENT when the secret has versions, so this is only
/// called before the first version exists.
pub async fn enable_rotation(client: &Client, name: &str) {
    let rules = aws_sdk_secretsmanager::types::RotationRulesType::builder().automatically_after_days(30).build();
    client.rotate_secret().secret_id(name).rotation_rules(rules).send().await.unwrap();
    let described = client.describe_secret().secret_id(name).send().await.unwrap();
    assert_eq!(described.rotation_enabled(), Some(true), "moto did not enable rotation");
}

/// Stores `value` as a new version labelled AWSPENDING.
pub async fn put_pending(client: &Client, name: &str, token: &str, value: &str) {
    client
        .put_secret_value()
        .secret_id(name)
        .client_request_token(token)
        .secret_string(value)
        .version_stages("AWSPENDING")
        .send()
        .await
        .unwrap();
}

/// Moves AWSCURRENT to `to`.
pub async fn promote(client: &Client, name: &str, from: &str, to: &str) {
    client
        .update_secret_version_stage()
        .secret_id(name)
        .version_stage("AWSCURRENT")
        .remove_from_version_id(from)
        .move_to_version_id(to)
        .send()
        .await
        .unwrap();
}

/// Version id to sorted staging labels, from DescribeSecret.
pub async fn labels(client: &Client, name: &str) -> BTreeMap<String, Vec<String>> {
    let described = client.describe_secret().secret_id(name).send().await.unwrap();
    described
        .version_ids_to_stages()
        .map(|map| {
            map.iter()
                .filter(|(_, stages)| !stages.is_empty())
                .map(|(id, stages)| {
                    let mut stages = stages.clone();
                    stages.sort();
                    (id.clone(), stages)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The version carrying `label`.
pub async fn version_with(client: &Client, name: &str, label: &str) -> Option<String> {
    labels(client, name).await.into_iter().find(|(_, stages)| stages.iter().any(|s| s == label)).map(|(id, _)| id)
}

/// Every version id the secret has (ListSecretVersionIds).
pub async fn version_count(client: &Client, name: &str) -> usize {
    let output = client.list_secret_version_ids().secret_id(name).include_deprecated(true).send().await.unwrap();
    output.versions().len()
}

/// The value of one version.
pub async fn value_of(client: &Client, name: &str, version_id: &str) -> String {
    let output = client.get_secret_value().secret_id(name).version_id(version_id).send().await.unwrap();
    output.secret_string().unwrap().to_owned()
}

/// The key stored in one version.
pub async fn key_of(client: &Client, name: &str, version_id: &str) -> KeyMaterial {
    serde_json::from_str(&value_of(client, name, version_id).await).unwrap()
}

/// A SigV4 receiver on 127.0.0.1 with `GET /auth/check`, accepting exactly
/// the keys in `live` (region us-east-1, service execute-api).
pub struct TestReceiver {
    pub addr: SocketAddr,
    pub live: Arc<LiveKeys>,
}

impl TestReceiver {
    pub async fn start(keys: Vec<KeyMaterial>) -> TestReceiver {
        let live = LiveKeys::new(key_set(keys));
        let verifier = Arc::new(Verifier::new(VerifierConfig::new(["us-east-1"], ["execute-api"]), live.clone()));
        let router: axum::Router = axum::Router::new().route("/auth/check", axum::routing::get(|| async { "ok" }));
        let service = SigV4Verify::new(router, verifier);

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let make = axum::ServiceExt::<axum::extract::Request>::into_make_service(service);
            axum::serve(listener, make).await.ok();
        });
        TestReceiver { addr, live }
    }

    pub fn check_url(&self) -> String {
        format!("http://{}/auth/check", self.addr)
    }

    /// Replaces the accepted keys, as a reload would.
    pub fn accept(&self, keys: Vec<KeyMaterial>) {
        self.live.store(key_set(keys));
    }
}

fn key_set(keys: Vec<KeyMaterial>) -> KeySet {
    let named = keys.into_iter().enumerate().map(|(index, key)| (key, format!("test#{index}"))).collect();
    KeySet::new(None, named, "test receiver".to_owned())
}
