//! Rotations log step names, secrets and version ids, never a secret value:
//! two rotations and key reloads run with every log level on, and the
//! captured output is searched for each secret access key that was created.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use agentsec_keys::KeySource;
use agentsec_keys::rotation::manual;
use agentsec_keys::rotation::{RotationConfig, Rotator};
use agentsec_keys::secretsmanager::{SecretsManagerKeySource, SecretsManagerSpec};
use agentsec_testkit::Moto;

#[derive(Clone, Default)]
struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLogs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

// One thread, so that every task logs through the subscriber set here.
#[tokio::test(flavor = "current_thread")]
async fn rotation_logs_contain_no_secret() {
    let logs = CapturedLogs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/logged";
    let original = common::create_secret_with_key(&client, name).await;
    let receiver = common::TestReceiver::start(Vec::new()).await;
    let config = RotationConfig {
        check_urls: vec![receiver.check_url()],
        test_timeout: Duration::from_secs(2),
        retry_interval: Duration::from_millis(100),
        ..RotationConfig::default()
    };
    let rotator = Rotator::new(client.clone(), config).unwrap();
    let spec = SecretsManagerSpec { secret_id: name.to_owned(), poll_interval: Duration::from_secs(1) };
    let source = SecretsManagerKeySource::new(spec).with_client(client.clone());
    source.load().await.unwrap();

    // First run: the receiver rejects the new key, so testSecret fails and
    // logs its retries. Second run: it accepts, and the rotation finishes.
    assert!(manual::rotate_secret(&rotator, name, |_| {}).await.is_err());
    let pending = common::version_with(&client, name, "AWSPENDING").await.unwrap();
    source.load().await.unwrap();
    receiver.accept(vec![common::key_of(&client, name, &pending).await]);
    let first = manual::rotate_secret(&rotator, name, |_| {}).await.unwrap();
    source.load().await.unwrap();

    // A third rotation through the last step, then a reload.
    receiver.accept(Vec::new());
    let third_config = RotationConfig { check_urls: Vec::new(), ..RotationConfig::default() };
    let second =
        manual::rotate_secret(&Rotator::new(client.clone(), third_config).unwrap(), name, |_| {}).await.unwrap();
    source.load().await.unwrap();

    let text = logs.text();
    assert!(text.contains("rotation step finished"), "no rotation log captured");
    assert!(text.contains(&second.version_id), "version ids are not logged");
    // The AWS SDK's own trace output is captured too.
    assert!(text.contains("PutSecretValue"), "no AWS SDK trace captured");
    for version_id in [original, first.version_id, second.version_id] {
        let key = common::key_of(&client, name, &version_id).await;
        let secret = key.secret_access_key.expose_secret();
        assert!(!text.contains(secret), "the secret access key of version {version_id} appears in the logs");
        assert!(
            !text.contains(&common::value_of(&client, name, &version_id).await),
            "the value of {version_id} is logged"
        );
    }
}
