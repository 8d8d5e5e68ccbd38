//! `agentsec sign`: sign one request with a key file and send it, or print
//! a presigned URL. Optional changes after signing show a receiver's
//! rejections.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::Context;

use super::client::{http_client, load_keys, parse_header, signed_request, signer};

/// What to change after signing.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Tamper {
    /// Append a character to the path.
    Path,
    /// Change the x-correlation-id header.
    Header,
    /// Flip one bit of the body.
    Body,
}

/// Arguments of `sign`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The URL to call.
    #[arg(long)]
    url: String,
    /// HTTP method.
    #[arg(long, default_value = "GET")]
    method: String,
    /// Key source: a key file path (or secretsmanager:<secret id> where supported).
    #[arg(long, env = "AGENTSEC_KEYS")]
    keys: String,
    /// Credential-scope region.
    #[arg(long, env = "AGENTSEC_REGION", default_value = "us-east-1")]
    region: String,
    /// Credential-scope service.
    #[arg(long, env = "AGENTSEC_SERVICE", default_value = "execute-api")]
    service: String,
    /// Extra header, `Name: value`; repeatable. Headers are signed.
    #[arg(long = "header", short = 'H', value_parser = parse_header)]
    headers: Vec<(String, String)>,
    /// Request body.
    #[arg(long, conflicts_with = "data_file")]
    data: Option<String>,
    /// Read the request body from a file.
    #[arg(long)]
    data_file: Option<PathBuf>,
    /// Print a presigned URL valid for this many seconds instead of sending.
    #[arg(long, value_name = "SECONDS")]
    presign: Option<u64>,
    /// Change one signed part after signing (the receiver must reject it).
    #[arg(long, value_enum)]
    tamper: Option<Tamper>,
    /// Send the same signed request this many times (the receiver must
    /// reject every repeat as a replay).
    #[arg(long, default_value_t = 1)]
    repeat: u32,
}

/// Signs and sends, printing the status and body of each response.
pub async fn run(args: Args) -> anyhow::Result<ExitCode> {
    let keys = load_keys(&args.keys).await?;
    let signer = signer(&keys, &args.region, &args.service)?;
    let method: reqwest::Method = args.method.parse().with_context(|| format!("invalid method {}", args.method))?;

    if let Some(seconds) = args.presign {
        let http_method: http::Method = args.method.parse().with_context(|| format!("invalid method {}", args.method))?;
        let url = signer
            .presign_url(&http_method, &args.url, Duration::from_secs(seconds), SystemTime::now())
            .map_err(|error| anyhow::anyhow!("{error}"))?;
        println!("{url}");
        return Ok(ExitCode::SUCCESS);
    }

    let body = match (&args.data, &args.data_file) {
        (Some(data), _) => data.clone().into_bytes(),
        (None, Some(path)) => std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
        (None, None) => Vec::new(),
    };
    let client = http_client(Duration::from_secs(30))?;
    let mut request = signed_request(&client, &signer, method, &args.url, &args.headers, body.clone(), SystemTime::now())?;
    match args.tamper {
        Some(Tamper::Path) => {
            let url = format!("{}x", request.url().as_str().split('?').next().unwrap_or_default());
            *request.url_mut() = url.parse().context("cannot build the tampered url")?;
        }
        Some(Tamper::Header) => {
            request.headers_mut().insert("x-correlation-id", "tampered-after-signing".parse().context("header value")?);
        }
        Some(Tamper::Body) => {
            let mut changed = body.clone();
            match changed.first_mut() {
                Some(first) => *first ^= 0x01,
                None => changed.push(b'x'),
            }
            *request.body_mut() = Some(changed.into());
        }
        None => {}
    }

    let mut all_ok = true;
    for attempt in 1..=args.repeat.max(1) {
        let copy = request.try_clone().context("cannot copy the signed request")?;
        let response = client.execute(copy).await.with_context(|| format!("cannot reach {}", args.url))?;
        let status = response.status();
        all_ok &= status.is_success();
        let text = response.text().await.unwrap_or_default();
        println!("[{attempt}] HTTP {} {}", status.as_u16(), text.trim());
    }
    Ok(if all_ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
