//! The rotation function's handler driven with rotation events against a
//! moto server on 127.0.0.1, compared with the CLI's rotation.

#![allow(clippy::unwrap_used)]

// The Secrets Manager helpers of the keys crate's tests.
#[path = "../../../crates/keys/tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use agentsec_keys::rotation::manual;
use agentsec_keys::rotation::{RotationConfig, RotationError, Rotator, StepOutcome};
use agentsec_rotation_lambda::{HandlerConfig, RotationEvent, RotationHandler};
use agentsec_testkit::Moto;
use aws_sdk_secretsmanager::Client;

const STEPS: [&str; 4] = ["createSecret", "setSecret", "testSecret", "finishSecret"];

fn handler(client: &Client, check_urls: Vec<String>) -> RotationHandler {
    let config = HandlerConfig {
        check_urls,
        test_timeout: Duration::from_secs(3),
        region: "us-east-1".to_owned(),
        service: "execute-api".to_owned(),
    };
    RotationHandler::new(client.clone(), &config).unwrap()
}

fn event(step: &str, secret_id: &str, token: &str) -> RotationEvent {
    let text = serde_json::json!({
        "Step": step,
        "SecretId": secret_id,
        "ClientRequestToken": token,
        "RotationToken": "0f2b8c1e-rotation-token",
    })
    .to_string();
    serde_json::from_str(&text).unwrap()
}

/// Creates a secret with rotation enabled and one AWSCURRENT key.
async fn scheduled_secret(client: &Client, name: &str) -> String {
    common::create_empty_secret(client, name).await;
    common::enable_rotation(client, name).await;
    let (_, value) = common::key_json();
    client.put_secret_value().secret_id(name).secret_string(value).send().await.unwrap();
    common::version_with(client, name, "AWSCURRENT").await.unwrap()
}

/// The label map with version ids replaced by their role, so that two
/// secrets rotated the same way compare equal.
fn shape(labels: &BTreeMap<String, Vec<String>>, original: &str, token: &str) -> Vec<(String, Vec<String>)> {
    let mut shape: Vec<(String, Vec<String>)> = labels
        .iter()
        .map(|(id, stages)| {
            let role = if id == original {
                "original"
            } else if id == token {
                "new"
            } else {
                "other"
            };
            (role.to_owned(), stages.clone())
        })
        .collect();
    shape.sort();
    shape
}

#[tokio::test]
async fn handler_events_reach_same_state_as_cli() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let receiver = common::TestReceiver::start(Vec::new()).await;
    let handler = handler(&client, vec![receiver.check_url()]);

    // The Lambda: each event delivered twice, as Secrets Manager may retry.
    let lambda_secret = "agentsec/lambda";
    let lambda_original = scheduled_secret(&client, lambda_secret).await;
    let token = "3b9f1f0e-8c4d-4a57-9a0e-5f6d7c8b9a01";
    for step in STEPS {
        for attempt in 0..2 {
            let report = handler.handle(&event(step, lambda_secret, token)).await.unwrap();
            if step == "createSecret" {
                receiver.accept(vec![common::key_of(&client, lambda_secret, token).await]);
                let expected = if attempt == 0 { StepOutcome::Created } else { StepOutcome::AlreadyCreated };
                assert_eq!(report.outcome, expected);
            }
        }
    }

    // The CLI's library function on an identical secret.
    let cli_secret = "agentsec/cli";
    let cli_original = scheduled_secret(&client, cli_secret).await;
    receiver.accept(Vec::new());
    let cli_config = RotationConfig { check_urls: Vec::new(), ..RotationConfig::default() };
    let rotator = Rotator::new(client.clone(), cli_config).unwrap();
    let summary = manual::rotate_secret(&rotator, cli_secret, |_| {}).await.unwrap();

    let lambda_shape = shape(&common::labels(&client, lambda_secret).await, &lambda_original, token);
    let cli_shape = shape(&common::labels(&client, cli_secret).await, &cli_original, &summary.version_id);
    assert_eq!(lambda_shape, cli_shape);
    assert_eq!(common::version_with(&client, lambda_secret, "AWSCURRENT").await.as_deref(), Some(token));
    assert_eq!(common::version_with(&client, lambda_secret, "AWSPREVIOUS").await, Some(lambda_original));
    assert_eq!(common::version_count(&client, lambda_secret).await, 2);
}

#[tokio::test]
async fn handler_rejects_secret_without_rotation() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/unscheduled";
    common::create_secret_with_key(&client, name).await;
    let handler = handler(&client, Vec::new());

    let token = "9d0c6c2a-1f4e-4b8a-8f3c-2e1d0c9b8a70";
    let error = handler.handle(&event("createSecret", name, token)).await.expect_err("rotated without a schedule");
    assert!(error.to_string().contains("does not have rotation enabled"), "{error}");
    assert_eq!(common::version_count(&client, name).await, 1);
}

#[tokio::test]
async fn handler_test_failure_keeps_current() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/lambda-failure";
    let original = scheduled_secret(&client, name).await;
    let receiver = common::TestReceiver::start(vec![common::key_of(&client, name, &original).await]).await;
    let handler = handler(&client, vec![receiver.check_url()]);

    let token = "5a4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c";
    handler.handle(&event("createSecret", name, token)).await.unwrap();
    handler.handle(&event("setSecret", name, token)).await.unwrap();
    let error = handler.handle(&event("testSecret", name, token)).await.expect_err("test passed");
    assert!(matches!(error, RotationError::TestFailed(_)), "{error:?}");
    assert_eq!(agentsec_rotation_lambda::diagnostic(&error).error_type, "RotationTestFailed");
    assert_eq!(common::version_with(&client, name, "AWSCURRENT").await, Some(original));
    assert_eq!(common::version_with(&client, name, "AWSPENDING").await.as_deref(), Some(token));

    let error = handler.handle(&event("rotateSecret", name, token)).await.expect_err("accepted an unknown step");
    assert!(error.to_string().contains("invalid rotation step"), "{error}");
}
