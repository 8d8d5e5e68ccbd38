//! testSecret's receiver checks: a GET signed with the pending key to each
//! check URL, retried until every receiver returns 2xx or the test timeout
//! ends.
//!
//! Each attempt is signed anew, because receivers reject a repeated
//! signature as a replay. A receiver that returns 401 or 403 has usually
//! not loaded the pending version yet: it polls the secret on its own
//! interval, so the test timeout must be longer than that interval.

use std::time::{Instant, SystemTime};

use agentsec_sigv4::Signer;

use super::{RotationError, Rotator};
use crate::key_set::KeyMaterial;

pub(super) async fn check_receivers(
    rotator: &Rotator,
    secret_id: &str,
    token: &str,
    key: &KeyMaterial,
) -> Result<(), RotationError> {
    let config = &rotator.config;
    if config.check_urls.is_empty() {
        // NOTE: with no check URLs, testSecret only checks that the pending
        // value is a valid key; nothing proves a receiver accepts it.
        tracing::warn!(secret_id, version_id = token, "no receiver check URLs configured, testing the key format only");
        return Ok(());
    }

    let signer = Signer::new(&key.access_key_id, &key.secret_access_key, &config.region, &config.service);
    let deadline = Instant::now() + config.test_timeout;
    for url in &config.check_urls {
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let failure = match check_once(&rotator.http, &signer, url).await {
                Ok(()) => {
                    tracing::info!(secret_id, version_id = token, url, attempts, "receiver accepted the pending key");
                    break;
                }
                Err(failure) => failure,
            };
            if Instant::now() + config.retry_interval >= deadline {
                tracing::error!(secret_id, version_id = token, url, attempts, %failure, "receiver did not accept the pending key");
                return Err(RotationError::TestFailed(format!(
                    "receiver {url} did not accept pending version {token} of secret {secret_id} within {}s ({attempts} attempts, last: {failure}); AWSCURRENT is unchanged",
                    config.test_timeout.as_secs()
                )));
            }
            tracing::debug!(secret_id, version_id = token, url, attempts, %failure, "receiver rejected the pending key, retrying");
            tokio::time::sleep(config.retry_interval).await;
        }
    }
    Ok(())
}

/// Sends one signed GET and returns why it failed, if it did.
async fn check_once(http: &reqwest::Client, signer: &Signer, url: &str) -> Result<(), String> {
    let mut request = http.get(url).build().map_err(|error| format!("invalid request: {error}"))?;
    signer.sign_reqwest(&mut request, SystemTime::now()).map_err(|error| format!("cannot sign: {error}"))?;
    let response = http.execute(request).await.map_err(|error| format!("request failed: {error}"))?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let error_type = response
        .headers()
        .get(agentsec_sigv4::ERROR_TYPE_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(|value| format!(" {value}"))
        .unwrap_or_default();
    Err(format!("HTTP {}{error_type}", status.as_u16()))
}
