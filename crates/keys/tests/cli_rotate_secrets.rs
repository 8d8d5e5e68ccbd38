//! `agentsec rotate-secrets` as a process against a moto server on
//! 127.0.0.1: its output, exit codes, and that it prints no secret even at
//! the trace log level.
//!
//! Needs the `agentsec` binary: run `cargo build --workspace --bins` first
//! (`make test` does).

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use agentsec_keys::rotation::manual::CLI_TOKEN_PREFIX;
use agentsec_testkit::{Moto, workspace_binary};

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

async fn agentsec(moto: &Moto, args: &[&str]) -> Run {
    let mut command = Command::new(workspace_binary("agentsec"));
    command.arg("rotate-secrets").args(args).env("RUST_LOG", "trace").env_remove("AWS_PROFILE");
    for (key, value) in moto.aws_env() {
        command.env(key, value);
    }
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[tokio::test]
async fn cli_rotates_and_prints_each_step() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/cli-ok";
    let original = common::create_secret_with_key(&client, name).await;

    let run = agentsec(&moto, &["--secret-id", name]).await;
    assert_eq!(run.code, Some(0), "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    for step in ["createSecret", "setSecret", "testSecret", "finishSecret"] {
        assert!(run.stdout.contains(step), "{step} not printed: {}", run.stdout);
    }
    let current = common::version_with(&client, name, "AWSCURRENT").await.unwrap();
    assert!(current.starts_with(CLI_TOKEN_PREFIX));
    assert!(run.stdout.contains(&format!("version={current}")), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("moved AWSCURRENT from {original}")), "{}", run.stdout);

    for version_id in [original, current] {
        let key = common::key_of(&client, name, &version_id).await;
        let secret = key.secret_access_key.expose_secret();
        assert!(!run.stdout.contains(secret), "stdout shows the secret of {version_id}");
        assert!(!run.stderr.contains(secret), "stderr shows the secret of {version_id}");
    }
}

#[tokio::test]
async fn cli_exits_1_when_test_fails() {
    let moto = Moto::start();
    let client = common::client(&moto);
    let name = "agentsec/cli-test-failure";
    let original = common::create_secret_with_key(&client, name).await;
    let receiver = common::TestReceiver::start(vec![common::key_of(&client, name, &original).await]).await;

    let url = receiver.check_url();
    let run = agentsec(&moto, &["--secret-id", name, "--verify-url", &url, "--test-timeout-seconds", "2"]).await;
    assert_eq!(run.code, Some(1), "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert!(run.stderr.contains("AWSCURRENT is unchanged"), "{}", run.stderr);
    assert_eq!(common::version_with(&client, name, "AWSCURRENT").await, Some(original));

    let pending = common::version_with(&client, name, "AWSPENDING").await.unwrap();
    let key = common::key_of(&client, name, &pending).await;
    assert!(!run.stdout.contains(key.secret_access_key.expose_secret()), "stdout shows the pending secret");
    assert!(!run.stderr.contains(key.secret_access_key.expose_secret()), "stderr shows the pending secret");

    // --cancel drops the pending version's label.
    let run = agentsec(&moto, &["--secret-id", name, "--cancel"]).await;
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains(&pending), "{}", run.stdout);
    assert_eq!(common::version_with(&client, name, "AWSPENDING").await, None);
}

#[tokio::test]
async fn cli_exits_2_on_invalid_input_and_aws_errors() {
    let moto = Moto::start();
    let client = common::client(&moto);

    let run = agentsec(&moto, &["--secret-id", "agentsec/missing"]).await;
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("ResourceNotFoundException"), "{}", run.stderr);

    let run = agentsec(&moto, &["--secret-id", "agentsec/missing", "--verify-url", "not a url"]).await;
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("invalid check URL"), "{}", run.stderr);

    // A pending version from Secrets Manager's own rotation, rotation enabled.
    let name = "agentsec/cli-in-progress";
    common::create_empty_secret(&client, name).await;
    common::enable_rotation(&client, name).await;
    let (_, value) = common::key_json();
    client.put_secret_value().secret_id(name).secret_string(value).send().await.unwrap();
    let (_, pending) = common::key_json();
    common::put_pending(&client, name, "0c6b8f0e-5d4c-4b3a-9a8f-7e6d5c4b3a29", &pending).await;
    let run = agentsec(&moto, &["--secret-id", name]).await;
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("rotation in progress"), "{}", run.stderr);
}
