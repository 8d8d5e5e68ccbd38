//! Shared pieces of the subcommands that send signed requests.

use std::time::{Duration, SystemTime};

use agentsec_keys::{KeySet, source_from_spec};
use agentsec_sigv4::Signer;
use anyhow::{Context, anyhow};

/// Loads the key set named by a `--keys` value.
pub async fn load_keys(spec: &str) -> anyhow::Result<KeySet> {
    let source = source_from_spec(spec).map_err(|error| anyhow!("{error}"))?;
    source.load().await.map_err(|error| anyhow!("{error}"))
}

/// The signer for the key set's signing key.
pub fn signer(keys: &KeySet, region: &str, service: &str) -> anyhow::Result<Signer> {
    keys.signer(region, service).ok_or_else(|| anyhow!("the key source has no signing key"))
}

/// An HTTP client for loopback receivers.
pub fn http_client(timeout: Duration) -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder().timeout(timeout).build().context("cannot build the HTTP client")
}

/// Builds a request and signs it at `time`.
pub fn signed_request(
    client: &reqwest::Client,
    signer: &Signer,
    method: reqwest::Method,
    url: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
    time: SystemTime,
) -> anyhow::Result<reqwest::Request> {
    let mut builder = client.request(method, url).body(body);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let mut request = builder.build().with_context(|| format!("invalid request to {url}"))?;
    signer.sign_reqwest(&mut request, time).map_err(|error| anyhow!("{error}"))?;
    Ok(request)
}

/// Parses `Name: value`.
pub fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text.split_once(':').ok_or_else(|| format!("invalid header {text:?}, expected 'Name: value'"))?;
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}
