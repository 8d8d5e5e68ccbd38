//! `agentsec-loadgen`: a bounded load generator for Axon on loopback.
//!
//! Every request is a `POST` with a small JSON body, signed with SigV4 just
//! before it is sent (so each has a fresh signature and none is a replay).
//! Runs `--concurrency` workers until `--requests` have been sent or
//! `--seconds` have passed, whichever comes first, then prints one JSON
//! line: requests, errors, requests per second and latency percentiles in
//! microseconds.

#![forbid(unsafe_code)]
#![allow(clippy::print_stdout)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, bail};
use clap::Parser;

/// Drives Axon with signed requests and reports throughput and latency.
#[derive(Debug, Parser)]
#[command(name = "agentsec-loadgen", version, about)]
struct Args {
    /// The URL to call, for example http://127.0.0.1:8081/reason. Only
    /// loopback addresses are accepted.
    #[arg(long)]
    url: String,
    /// Key file to sign with.
    #[arg(long)]
    keys: String,
    /// Concurrent workers.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Stop after this many requests in all.
    #[arg(long, default_value_t = 200_000)]
    requests: u64,
    /// Stop after this many seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// A label printed with the result.
    #[arg(long, default_value = "run")]
    label: String,
    /// Write a new random key to the --keys file (mode 0600) and exit.
    #[arg(long)]
    init_keys: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.init_keys {
        let key = agentsec_keys::generate_key().map_err(|error| anyhow::anyhow!("random source failed: {error}"))?;
        key.write_key_file(std::path::Path::new(&args.keys), true).with_context(|| format!("cannot write {}", args.keys))?;
        return Ok(());
    }
    let url: reqwest::Url = args.url.parse().with_context(|| format!("invalid --url {}", args.url))?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    if !loopback {
        bail!("--url must point at 127.0.0.1, localhost or [::1]; the load generator drives local services only");
    }

    let keys = agentsec_keys::FileKeySource::new(&args.keys).read().map_err(|error| anyhow::anyhow!("{error}"))?;
    let signer = Arc::new(keys.signer("us-east-1", "execute-api").context("the key file has no key")?);
    let client = reqwest::Client::builder().pool_max_idle_per_host(args.concurrency).build()?;

    let sent = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..args.concurrency {
        let (client, signer, sent, url) = (client.clone(), signer.clone(), sent.clone(), args.url.clone());
        let limit = args.requests;
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(8192);
            let mut errors = 0u64;
            while Instant::now() < deadline && sent.fetch_add(1, Ordering::Relaxed) < limit {
                let body = format!("{{\"worker\":{worker},\"n\":{}}}", latencies.len() as u64 + errors);
                let request = client.post(&url).header("content-type", "application/json").body(body).build();
                let Ok(mut request) = request else {
                    errors += 1;
                    continue;
                };
                if signer.sign_reqwest(&mut request, SystemTime::now()).is_err() {
                    errors += 1;
                    continue;
                }
                let begin = Instant::now();
                match client.execute(request).await {
                    Ok(response) if response.status().is_success() => {
                        let _ = response.bytes().await;
                        latencies.push(u32::try_from(begin.elapsed().as_micros()).unwrap_or(u32::MAX));
                    }
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }

    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (mut worker_latencies, worker_errors) = worker.await?;
        latencies.append(&mut worker_latencies);
        errors += worker_errors;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let percentile = |p: f64| -> u32 {
        if latencies.is_empty() {
            return 0;
        }
        let index = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[index.min(latencies.len() - 1)]
    };
    let report = serde_json::json!({
        "label": args.label,
        "requests": latencies.len(),
        "errors": errors,
        "seconds": (elapsed * 1000.0).round() / 1000.0,
        "requests_per_second": (latencies.len() as f64 / elapsed).round(),
        "p50_us": percentile(0.50),
        "p90_us": percentile(0.90),
        "p99_us": percentile(0.99),
        "max_us": latencies.last().copied().unwrap_or(0),
    });
    println!("{report}");
    Ok(())
}
