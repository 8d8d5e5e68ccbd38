//! `agentsec validate-sigv4`: checks that a running receiver accepts a
//! correctly signed request and rejects unsigned, altered, stale, replayed
//! and wrongly scoped ones.

use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use reqwest::Method;

use super::client::{http_client, load_keys, signed_request, signer};

/// Arguments of `validate-sigv4`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Exit status: 0 when every check passes, 1 when a check fails, 2 when the receiver cannot be reached or the keys cannot be loaded.")]
pub struct Args {
    /// The receiver's endpoint to call, for example http://127.0.0.1:8081/reason.
    #[arg(long)]
    url: String,
    /// Key source: a key file path (or secretsmanager:<secret id> where supported).
    #[arg(long, env = "AGENTSEC_KEYS")]
    keys: String,
    /// Credential-scope region the receiver accepts.
    #[arg(long, env = "AGENTSEC_REGION", default_value = "us-east-1")]
    region: String,
    /// Credential-scope service the receiver accepts.
    #[arg(long, env = "AGENTSEC_SERVICE", default_value = "execute-api")]
    service: String,
    /// Timeout of each request, in seconds.
    #[arg(long, default_value_t = 10)]
    timeout_seconds: u64,
}

struct Outcome {
    name: &'static str,
    passed: bool,
    detail: String,
}

/// Runs the checks and prints one PASS or FAIL line per check.
pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let keys = load_keys(&args.keys).await?;
    let signer = signer(&keys, &args.region, &args.service)?;
    let client = http_client(Duration::from_secs(args.timeout_seconds))?;
    let nonce = format!("{:x}", SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    let headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("x-correlation-id".to_owned(), format!("validate-sigv4-{nonce}")),
    ];
    let body = format!("{{\"check\":\"validate-sigv4\",\"nonce\":\"{nonce}\"}}").into_bytes();
    let sign = |url: &str, body: Vec<u8>, time: SystemTime, signer: &agentsec_sigv4::Signer| {
        signed_request(&client, signer, Method::POST, url, &headers, body, time)
    };

    let mut outcomes = Vec::new();

    // 1. A correct request must pass; it is then replayed in check 7.
    let valid = sign(&args.url, body.clone(), SystemTime::now(), &signer)?;
    let replay = valid.try_clone().context("cannot copy the signed request")?;
    let response = client
        .execute(valid)
        .await
        .with_context(|| format!("cannot reach the receiver at {}", args.url))?;
    let status = response.status();
    outcomes.push(Outcome {
        name: "signed request accepted",
        passed: status.is_success(),
        detail: describe(response).await,
    });

    // 2. No signature at all.
    let unsigned = client.post(&args.url).headers(header_map(&headers)).body(body.clone()).build()?;
    outcomes.push(expect_rejection(&client, "unsigned request rejected", unsigned).await);

    // 3-5. One signed part changed after signing.
    let mut path = sign(&args.url, body.clone(), SystemTime::now(), &signer)?;
    let tampered_url = format!("{}x", path.url().as_str().split('?').next().unwrap_or_default());
    *path.url_mut() = tampered_url.parse().context("cannot build the tampered url")?;
    outcomes.push(expect_rejection(&client, "tampered path rejected", path).await);

    let mut header = sign(&args.url, body.clone(), SystemTime::now(), &signer)?;
    header.headers_mut().insert("x-correlation-id", "tampered".parse().context("header value")?);
    outcomes.push(expect_rejection(&client, "tampered header rejected", header).await);

    let mut tampered_body = body.clone();
    if let Some(last) = tampered_body.iter_mut().rev().nth(2) {
        *last ^= 0x01;
    }
    let mut changed = sign(&args.url, body.clone(), SystemTime::now(), &signer)?;
    *changed.body_mut() = Some(tampered_body.into());
    outcomes.push(expect_rejection(&client, "tampered body rejected", changed).await);

    // 6. Signed fifteen minutes ago: outside any sane clock-skew window.
    let stale = sign(&args.url, body.clone(), SystemTime::now() - Duration::from_secs(900), &signer)?;
    outcomes.push(expect_rejection(&client, "stale request rejected", stale).await);

    // 7. The request of check 1, sent again unchanged.
    outcomes.push(expect_rejection(&client, "replayed request rejected", replay).await);

    // 8. Correctly signed, but for a region the receiver does not serve.
    let wrong_scope_signer = super::client::signer(&keys, "xx-invalid-1", &args.service)?;
    let wrong_scope = sign(&args.url, body.clone(), SystemTime::now(), &wrong_scope_signer)?;
    outcomes.push(expect_rejection(&client, "wrongly scoped request rejected", wrong_scope).await);

    let failed = outcomes.iter().filter(|outcome| !outcome.passed).count();
    for outcome in &outcomes {
        let verdict = if outcome.passed { "PASS" } else { "FAIL" };
        println!("{verdict}  {}: {}", outcome.name, outcome.detail);
    }
    println!("{} passed, {failed} failed", outcomes.len() - failed);
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn header_map(headers: &[(String, String)]) -> reqwest::header::HeaderMap {
    let mut map = reqwest::header::HeaderMap::new();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (name.parse::<reqwest::header::HeaderName>(), value.parse()) {
            map.insert(name, value);
        }
    }
    map
}

/// A rejection passes when the status is 400, 401, 403 or 413: the receiver
/// refused the request itself. A 2xx means it accepted, a 404 that the
/// request reached routing unverified, a 5xx that it failed.
async fn expect_rejection(client: &reqwest::Client, name: &'static str, request: reqwest::Request) -> Outcome {
    match client.execute(request).await {
        Ok(response) => {
            let status = response.status().as_u16();
            Outcome { name, passed: matches!(status, 400 | 401 | 403 | 413), detail: describe(response).await }
        }
        Err(error) => Outcome { name, passed: false, detail: format!("request failed: {error}") },
    }
}

async fn describe(response: reqwest::Response) -> String {
    let status = response.status();
    let error_type = response
        .headers()
        .get("x-amzn-errortype")
        .and_then(|value| value.to_str().ok())
        .map(|value| format!(" {value}"))
        .unwrap_or_default();
    let body = response.text().await.unwrap_or_default();
    let reason = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|json| json.get("reason").and_then(|reason| reason.as_str()).map(|reason| format!(" ({reason})")))
        .unwrap_or_default();
    format!("HTTP {}{error_type}{reason}", status.as_u16())
}
