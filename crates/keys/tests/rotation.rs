//! The rotation library against a moto server on 127.0.0.1: every step can
//! be repeated, a failed test leaves AWSCURRENT alone, and the templates'
//! checks hold.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use agentsec_keys::rotation::manual::{self, CLI_TOKEN_PREFIX};
use agentsec_keys::rotation::{RotationConfig, RotationError, Rotator, Step, StepOutcome, StepRequest};
use agentsec_testkit::Moto;
use aws_sdk_secretsmanager::Client;

fn rotator(client: &Client, check_urls: Vec<String>, test_timeout: Duration) -> Rotator {
    let config = RotationConfig {
        check_urls,
        test_timeout,
        retry_interval: Duration::from_millis(100),
        ..RotationConfig::default()
    };
    Rotator::new(client.clone(), config).unwrap()
}

fn request<'a>(secret_id: &'a str, token: &'a str) -> StepRequest<'a> {
    StepRequest { secret_id, token, rotation_token: None }
}

#[tokio::test]
async fn rotation_repeats_each_step_without_second_key() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let receiver = common::TestReceiver::start(Vec::new()).await;
    let rotator = rotator(&client, vec![receiver.check_url()], Duration::from_secs(5));

    // Stop after step `stop_after`, then run all four again with the same token.
    for stop_after in 0..Step::ALL.len() {
        let name = format!("agentsec/crash-{stop_after}");
        let original = common::create_secret_with_key(&client, &name).await;
        let token = format!("{CLI_TOKEN_PREFIX}{stop_after:032}");

        for step in &Step::ALL[..=stop_after] {
            rotator.run_step(*step, request(&name, &token)).await.unwrap();
            if *step == Step::CreateSecret {
                receiver.accept(vec![common::key_of(&client, &name, &token).await]);
            }
        }
        let pending_value = common::value_of(&client, &name, &token).await;

        for step in Step::ALL {
            let report = rotator.run_step(step, request(&name, &token)).await.unwrap();
            if step == Step::CreateSecret {
                assert_ne!(
                    report.outcome,
                    StepOutcome::Created,
                    "createSecret stored a second key (stopped after {stop_after})"
                );
            }
        }

        let labels = common::labels(&client, &name).await;
        assert_eq!(labels.len(), 2, "stopped after {stop_after}: {labels:?}");
        assert!(labels[&token].contains(&"AWSCURRENT".to_owned()), "stopped after {stop_after}: {labels:?}");
        assert_eq!(labels[&original], ["AWSPREVIOUS"], "stopped after {stop_after}");
        assert_eq!(common::version_count(&client, &name).await, 2, "stopped after {stop_after}");
        assert_eq!(common::value_of(&client, &name, &token).await, pending_value, "stopped after {stop_after}");
    }
}

#[tokio::test]
async fn rotate_secret_resumes_half_done_rotation() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let receiver = common::TestReceiver::start(Vec::new()).await;
    let rotator = rotator(&client, vec![receiver.check_url()], Duration::from_secs(5));

    for stop_after in 0..Step::ALL.len() - 1 {
        let name = format!("agentsec/resume-{stop_after}");
        let original = common::create_secret_with_key(&client, &name).await;
        let token = format!("{CLI_TOKEN_PREFIX}{stop_after:032}");
        for step in &Step::ALL[..=stop_after] {
            rotator.run_step(*step, request(&name, &token)).await.unwrap();
            if *step == Step::CreateSecret {
                receiver.accept(vec![common::key_of(&client, &name, &token).await]);
            }
        }

        let mut printed = Vec::new();
        let summary = manual::rotate_secret(&rotator, &name, |report| printed.push(report.step)).await.unwrap();
        assert!(summary.resumed, "stopped after {stop_after}");
        assert_eq!(summary.version_id, token, "stopped after {stop_after}");
        assert_eq!(printed, Step::ALL, "stopped after {stop_after}");
        assert_eq!(common::version_with(&client, &name, "AWSCURRENT").await.as_deref(), Some(token.as_str()));
        assert_eq!(common::version_with(&client, &name, "AWSPREVIOUS").await, Some(original));
        assert_eq!(common::version_count(&client, &name).await, 2, "stopped after {stop_after}");
    }
}

#[tokio::test]
async fn test_failure_leaves_current_unchanged() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/test-failure";
    let original = common::create_secret_with_key(&client, name).await;
    let original_key = common::key_of(&client, name, &original).await;
    // The receiver accepts only the old key and never reloads.
    let receiver = common::TestReceiver::start(vec![original_key.clone()]).await;
    let rotator = rotator(&client, vec![receiver.check_url()], Duration::from_secs(2));

    let error = manual::rotate_secret(&rotator, name, |_| {}).await.expect_err("rotation passed");
    assert!(matches!(error, RotationError::TestFailed(_)), "{error:?}");
    assert!(error.to_string().contains("AWSCURRENT is unchanged"), "{error}");
    assert_eq!(common::version_with(&client, name, "AWSCURRENT").await, Some(original.clone()));
    let pending = common::version_with(&client, name, "AWSPENDING").await.expect("pending version kept");
    assert_ne!(pending, original);

    // Once the receiver has the pending key, the next run finishes the same version.
    receiver.accept(vec![original_key, common::key_of(&client, name, &pending).await]);
    let summary = manual::rotate_secret(&rotator, name, |_| {}).await.unwrap();
    assert!(summary.resumed);
    assert_eq!(summary.version_id, pending);
    assert_eq!(common::version_with(&client, name, "AWSCURRENT").await, Some(pending));
    assert_eq!(common::version_count(&client, name).await, 2);
}

#[tokio::test]
async fn rotation_of_empty_secret_creates_first_key() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/first";
    common::create_empty_secret(&client, name).await;
    let rotator = rotator(&client, Vec::new(), Duration::from_secs(1));

    let summary = manual::rotate_secret(&rotator, name, |_| {}).await.unwrap();
    assert_eq!(summary.steps[0].outcome, StepOutcome::Created);
    assert_eq!(common::version_with(&client, name, "AWSCURRENT").await, Some(summary.version_id.clone()));
    assert_eq!(common::version_count(&client, name).await, 1);

    // The first version is a valid key.
    let key = common::key_of(&client, name, &summary.version_id).await;
    assert!(key.validate().is_ok());
}

#[tokio::test]
async fn rotate_secret_rejects_foreign_pending_when_enabled() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/scheduled";
    common::create_empty_secret(&client, name).await;
    common::enable_rotation(&client, name).await;
    let (_, first_value) = common::key_json();
    client.put_secret_value().secret_id(name).secret_string(first_value).send().await.unwrap();
    let current = common::version_with(&client, name, "AWSCURRENT").await.unwrap();

    // A pending version with a UUID, as Secrets Manager's rotation creates.
    let foreign = "6f1c9f3e-2b1a-4c5d-9e8f-0a1b2c3d4e5f";
    let (_, pending_value) = common::key_json();
    common::put_pending(&client, name, foreign, &pending_value).await;
    let rotator = rotator(&client, Vec::new(), Duration::from_secs(1));

    let error = manual::rotate_secret(&rotator, name, |_| {}).await.expect_err("rotated over a running rotation");
    assert!(matches!(error, RotationError::InProgress(_)), "{error:?}");
    assert!(error.to_string().contains(foreign), "{error}");
    assert_eq!(common::version_with(&client, name, "AWSPENDING").await.as_deref(), Some(foreign));

    // --cancel removes the label, then a new rotation runs.
    let cancelled = manual::cancel_rotation(&rotator, name).await.unwrap();
    assert_eq!(cancelled.as_deref(), Some(foreign));
    assert_eq!(common::version_with(&client, name, "AWSPENDING").await, None);
    assert_eq!(manual::cancel_rotation(&rotator, name).await.unwrap(), None);

    let summary = manual::rotate_secret(&rotator, name, |_| {}).await.unwrap();
    assert!(!summary.resumed);
    assert!(summary.version_id.starts_with(CLI_TOKEN_PREFIX));
    assert_eq!(common::version_with(&client, name, "AWSPREVIOUS").await, Some(current));
}

#[tokio::test]
async fn steps_enforce_template_checks() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/checks";
    let original = common::create_secret_with_key(&client, name).await;
    let rotator = rotator(&client, Vec::new(), Duration::from_secs(1));

    // A token that is not a version of the secret.
    let unknown = format!("{CLI_TOKEN_PREFIX}{:032}", 7);
    for step in [Step::SetSecret, Step::TestSecret, Step::FinishSecret] {
        let error = rotator.run_step(step, request(name, &unknown)).await.expect_err("accepted an unknown token");
        assert!(error.to_string().contains("is not a version of secret"), "{step}: {error}");
    }

    // The current version: every step is a no-op.
    for step in Step::ALL {
        let report = rotator.run_step(step, request(name, &original)).await.unwrap();
        assert_eq!(report.outcome, StepOutcome::AlreadyCurrent, "{step}");
    }

    // A version that is no longer AWSPENDING (now AWSPREVIOUS).
    let summary = manual::rotate_secret(&rotator, name, |_| {}).await.unwrap();
    let first = summary.version_id;
    manual::rotate_secret(&rotator, name, |_| {}).await.unwrap();
    assert_eq!(common::version_with(&client, name, "AWSPREVIOUS").await.as_deref(), Some(first.as_str()));
    let error =
        rotator.run_step(Step::FinishSecret, request(name, &first)).await.expect_err("finished a stale version");
    assert!(matches!(error, RotationError::InvalidRequest(_)), "{error:?}");
    assert!(error.to_string().contains("is not AWSPENDING"), "{error}");

    // Rotation must be enabled when the configuration requires it.
    let strict =
        Rotator::new(client.clone(), RotationConfig { require_rotation_enabled: true, ..RotationConfig::default() })
            .unwrap();
    let error =
        strict.run_step(Step::CreateSecret, request(name, &unknown)).await.expect_err("rotated without a schedule");
    assert!(error.to_string().contains("does not have rotation enabled"), "{error}");

    // Unknown step names and invalid check URLs.
    assert!("rotateSecret".parse::<Step>().is_err());
    let invalid = RotationConfig { check_urls: vec!["ftp://127.0.0.1/check".to_owned()], ..RotationConfig::default() };
    assert!(Rotator::new(client.clone(), invalid).is_err());
}
