//! A whole rotation run outside Secrets Manager's schedule, for
//! `agentsec rotate-secrets`: pick the token, run the four steps in order,
//! and remove a stuck AWSPENDING label on request.
//!
//! The token of a rotation started here is `agentsec-cli-` followed by 32
//! random hex digits. Secrets Manager's own rotations use a UUID. The
//! prefix lets a later run distinguish its own unfinished rotation from
//! one that Secrets Manager's schedule started:
//!
//! | AWSPENDING (on a version that is not AWSCURRENT) | what [`rotate_secret`] does |
//! |---|---|
//! | none | starts a rotation with a new token |
//! | version id with the `agentsec-cli-` prefix | resumes it with that token |
//! | another version id, rotation enabled | rejects: the rotation function may be running it |
//! | another version id, rotation disabled | resumes it: no function runs it |
//!
//! What cannot be detected: whether the rotation function is still running
//! or has given up. A pending version it left behind blocks the CLI until
//! someone runs [`cancel_rotation`]. Two CLI runs that start at the same
//! moment both create a version, and the one whose AWSPENDING label was
//! taken over fails at the version check of its next step, before any
//! label moves.

use super::steps::StepRequest;
use super::{RotationError, Rotator, Step, StepReport};
use crate::secretsmanager::{AWSPENDING, AwsError, SecretState};

/// The version id prefix of rotations started by [`rotate_secret`].
pub const CLI_TOKEN_PREFIX: &str = "agentsec-cli-";

/// The result of a whole rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationSummary {
    /// The secret's ARN.
    pub secret_arn: String,
    /// The version rotated in, now AWSCURRENT.
    pub version_id: String,
    /// Whether an unfinished rotation was resumed rather than started.
    pub resumed: bool,
    /// The report of each step, in order.
    pub steps: Vec<StepReport>,
}

/// Runs a whole rotation of `secret_id`, or resumes an unfinished one (see
/// the module docs), calling `on_step` after each step.
///
/// # Errors
/// `InProgress` when another rotation has the AWSPENDING label, `TestFailed` when a
/// receiver rejects the new key (AWSCURRENT is unchanged and the pending
/// version stays, so the next run resumes it), and the errors of
/// [`Rotator::run_step`].
pub async fn rotate_secret(
    rotator: &Rotator,
    secret_id: &str,
    mut on_step: impl FnMut(&StepReport),
) -> Result<RotationSummary, RotationError> {
    let state = describe(rotator, secret_id).await?;
    let (token, resumed) = match state.pending_rotation() {
        None => (new_token()?, false),
        Some(pending) if pending.starts_with(CLI_TOKEN_PREFIX) || !state.rotation_enabled => (pending.to_owned(), true),
        Some(pending) => {
            return Err(RotationError::InProgress(format!(
                "secret {secret_id} has a rotation in progress: version {pending} is AWSPENDING and rotation is enabled, so the rotation function may be running it; wait for it to finish, or run with --cancel if it is stuck"
            )));
        }
    };
    if resumed {
        tracing::info!(secret_id, version_id = %token, "resuming an unfinished rotation");
    } else {
        tracing::info!(secret_id, version_id = %token, "starting a rotation");
    }

    let mut steps = Vec::with_capacity(Step::ALL.len());
    for step in Step::ALL {
        let request = StepRequest { secret_id, token: &token, rotation_token: None };
        let report = rotator.run_step(step, request).await?;
        on_step(&report);
        steps.push(report);
    }
    Ok(RotationSummary { secret_arn: state.arn, version_id: token, resumed, steps })
}

/// Removes AWSPENDING from a version that is not AWSCURRENT, ending an
/// unfinished rotation. Returns that version's id, or `None` when no
/// rotation was pending. The version itself stays, without labels; Secrets
/// Manager deletes unlabelled versions on its own.
///
/// # Errors
/// `Aws` when a Secrets Manager call fails.
pub async fn cancel_rotation(rotator: &Rotator, secret_id: &str) -> Result<Option<String>, RotationError> {
    let state = describe(rotator, secret_id).await?;
    let Some(pending) = state.pending_rotation() else {
        return Ok(None);
    };
    rotator
        .client()
        .update_secret_version_stage()
        .secret_id(secret_id)
        .version_stage(AWSPENDING)
        .remove_from_version_id(pending)
        .send()
        .await
        .map_err(|error| RotationError::Aws {
            secret_id: secret_id.to_owned(),
            source: AwsError::from_sdk("UpdateSecretVersionStage", error),
        })?;
    tracing::info!(secret_id, version_id = pending, "removed AWSPENDING, rotation cancelled");
    Ok(Some(pending.to_owned()))
}

async fn describe(rotator: &Rotator, secret_id: &str) -> Result<SecretState, RotationError> {
    SecretState::describe(rotator.client(), secret_id)
        .await
        .map_err(|source| RotationError::Aws { secret_id: secret_id.to_owned(), source })
}

/// `agentsec-cli-` and 32 hex digits from the CSPRNG: 45 characters, within
/// the 32 to 64 that Secrets Manager allows for a ClientRequestToken.
fn new_token() -> Result<String, RotationError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| RotationError::Random(error.to_string()))?;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!("{CLI_TOKEN_PREFIX}{hex}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_token_fits_client_request_token_limits() {
        let token = new_token().expect("random");
        assert!(token.starts_with(CLI_TOKEN_PREFIX));
        assert!((32..=64).contains(&token.len()), "{} characters", token.len());
        assert_ne!(token, new_token().expect("random"));
    }
}
