//! The Secrets Manager key source against a moto server on 127.0.0.1.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use agentsec_keys::secretsmanager::{SecretsManagerKeySource, SecretsManagerSpec};
use agentsec_keys::{KeySource, KeySourceError, LiveKeys, spawn_reloader};
use agentsec_testkit::Moto;

fn source(moto: &Moto, secret_id: &str, poll: Duration) -> SecretsManagerKeySource {
    let spec = SecretsManagerSpec { secret_id: secret_id.to_owned(), poll_interval: poll };
    SecretsManagerKeySource::new(spec).with_client(common::client(moto))
}

/// The accepted keys' names in the source's order: AWSCURRENT, then
/// AWSPENDING, then AWSPREVIOUS.
fn key_names(set: &agentsec_keys::KeySet) -> Vec<String> {
    set.accepted().iter().map(|key| key.name().to_string()).collect()
}

#[tokio::test]
async fn source_rejects_missing_secret() {
    let moto = Moto::start();
    let error = source(&moto, "agentsec/missing", Duration::from_secs(30)).load().await.expect_err("loaded");
    assert!(matches!(error, KeySourceError::Invalid(_)), "{error:?}");
    assert!(error.to_string().contains("agentsec/missing not found"), "{error}");
}

#[tokio::test]
async fn source_rejects_secret_without_current_version() {
    let moto = Moto::start();
    let client = common::client(&moto);
    common::create_empty_secret(&client, "agentsec/empty").await;

    let error = source(&moto, "agentsec/empty", Duration::from_secs(30)).load().await.expect_err("loaded");
    let message = error.to_string();
    assert!(message.contains("no AWSCURRENT version"), "{message}");
    assert!(message.contains("agentsec rotate-secrets --secret-id agentsec/empty"), "{message}");
}

#[tokio::test]
async fn live_keys_refuse_to_start_without_keys() {
    let moto = Moto::start();
    let missing = source(&moto, "agentsec/none", Duration::from_secs(30));
    assert!(LiveKeys::load(&missing).await.is_err());
}

#[tokio::test]
async fn source_follows_labels_and_fetches_each_version_once() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/orbit";
    let first = common::create_secret_with_key(&client, name).await;
    let first_key = common::key_of(&client, name, &first).await;
    let source = source(&moto, name, Duration::from_secs(30));

    // Only AWSCURRENT: it signs and is the one accepted key.
    let set = source.load().await.unwrap();
    assert_eq!(set.signing_key().map(|key| key.access_key_id.clone()), Some(first_key.access_key_id.clone()));
    assert_eq!(set.signing_key_name(), Some(format!("{first} (AWSCURRENT)").as_str()));
    assert_eq!(set.accepted().len(), 1);
    assert_eq!(source.get_secret_value_calls(), 1);

    // A new AWSPENDING version is accepted but does not sign.
    let second = "agentsec-test-0000000000000000000000000000000002";
    let (second_id, second_value) = common::key_json();
    common::put_pending(&client, name, second, &second_value).await;
    let set = source.load().await.unwrap();
    assert_eq!(set.signing_key().map(|key| key.access_key_id.clone()), Some(first_key.access_key_id.clone()));
    assert_eq!(key_names(&set), [format!("{first} (AWSCURRENT)"), format!("{second} (AWSPENDING)")]);
    assert_eq!(set.lookup(&second_id).len(), 1);
    assert_eq!(source.get_secret_value_calls(), 2);

    // Promoting it: the new version signs, the old one stays as AWSPREVIOUS.
    // moto leaves AWSPENDING on the promoted version, which counts once.
    common::promote(&client, name, &first, second).await;
    let set = source.load().await.unwrap();
    assert_eq!(set.signing_key().map(|key| key.access_key_id.clone()), Some(second_id.clone()));
    assert_eq!(set.accepted().len(), 2);
    assert_eq!(set.lookup(&first_key.access_key_id).len(), 1);
    assert_eq!(set.lookup(&second_id).len(), 1);
    assert!(key_names(&set).contains(&format!("{first} (AWSPREVIOUS)")), "{:?}", key_names(&set));

    // More polls with no change fetch nothing.
    for _ in 0..3 {
        source.load().await.unwrap();
    }
    assert_eq!(source.get_secret_value_calls(), 2);
}

#[tokio::test]
async fn reloader_keeps_last_good_set_when_moto_stops() {
    let mut moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/axon";
    common::create_secret_with_key(&client, name).await;
    let source = Arc::new(source(&moto, name, Duration::from_secs(1)));
    let live = LiveKeys::load(source.as_ref()).await.unwrap();
    let before = live.current();
    let reloader = spawn_reloader(source.clone(), live.clone());

    moto.process.terminate(Duration::from_secs(5));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while live.stats().failures.load(Ordering::Relaxed) == 0 {
        assert!(tokio::time::Instant::now() < deadline, "no reload failure recorded after moto stopped");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    let after = live.current();
    assert!(after.same_keys(&before), "the key set changed while Secrets Manager was unreachable");
    assert!(after.signing_key().is_some());
    reloader.abort();
}

#[tokio::test]
async fn source_from_spec_builds_secretsmanager_source() {
    let source = agentsec_keys::source_from_spec("secretsmanager:agentsec/orbit?poll=2s").unwrap();
    assert_eq!(source.describe(), "secretsmanager:agentsec/orbit");
    assert_eq!(source.poll_interval(), Duration::from_secs(2));

    let error = agentsec_keys::source_from_spec("secretsmanager:").err().expect("accepted an empty secret id");
    assert!(error.to_string().contains("missing secret id"), "{error}");
}
