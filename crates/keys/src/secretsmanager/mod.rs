//! Signing keys stored in AWS Secrets Manager.
//!
//! One secret contains one key per version, each a JSON object
//! `{"access_key_id": "...", "secret_access_key": "..."}`. The staging
//! labels decide which version signs and which are accepted
//! (<https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html>):
//!
//! | label       | signs | accepted |
//! |-------------|-------|----------|
//! | AWSCURRENT  | yes   | yes      |
//! | AWSPENDING  | no    | yes      |
//! | AWSPREVIOUS | no    | yes      |
//!
//! [`SecretsManagerKeySource`] polls the label map and fetches each version
//! once. [`crate::rotation`] creates and promotes the versions.
//!
//! The client uses the standard AWS configuration chain: credentials and
//! region from the environment (`AWS_PROFILE`, `AWS_REGION`,
//! `AWS_ENDPOINT_URL`, ...), the shared config files, then the container
//! or instance role.

mod client;
mod source;
mod spec;

/// The AWS SDK client this module uses.
pub use aws_sdk_secretsmanager::Client as SecretsManagerClient;
pub use client::{AwsError, SecretState, load_client, load_default_client};
pub use source::SecretsManagerKeySource;
pub(crate) use source::parse_key;
pub use spec::{DEFAULT_POLL_INTERVAL, MIN_POLL_INTERVAL, POLL_ENV_VAR, SecretsManagerSpec};

/// The staging label of the version services sign with.
pub const AWSCURRENT: &str = "AWSCURRENT";
/// The staging label of a version being rotated in.
pub const AWSPENDING: &str = "AWSPENDING";
/// The staging label Secrets Manager moves to the version that was
/// AWSCURRENT before the last rotation.
pub const AWSPREVIOUS: &str = "AWSPREVIOUS";

/// The prefix of `--keys` values that name a secret.
pub const SCHEME: &str = "secretsmanager:";
