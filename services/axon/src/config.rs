//! Axon's command line; every flag can also be set by its environment
//! variable.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Axon, the reasoning service. Every request on the main listener must be
/// SigV4-signed with an accepted key before it is routed.
#[derive(Debug, clap::Parser)]
#[command(name = "axon", version, about)]
pub struct Config {
    /// Address of the main listener (signed API).
    #[arg(long, env = "AXON_LISTEN", default_value = "127.0.0.1:8081")]
    pub listen: SocketAddr,

    /// Address of the admin listener (/healthz, /metrics; no signature).
    #[arg(long, env = "AXON_ADMIN_LISTEN", default_value = "127.0.0.1:9081")]
    pub admin_listen: SocketAddr,

    /// Key source: a path to a JSON key file (mode 0600), or
    /// secretsmanager:<secret id or ARN>. Every key in it is accepted.
    #[arg(long, env = "AXON_KEYS", default_value = "keys.json")]
    pub keys: String,

    /// Credential-scope regions accepted, comma-separated.
    #[arg(long, env = "AXON_REGION", default_value = "us-east-1", value_delimiter = ',')]
    pub region: Vec<String>,

    /// Credential-scope services accepted, comma-separated.
    #[arg(long, env = "AXON_SERVICE", default_value = "execute-api", value_delimiter = ',')]
    pub service: Vec<String>,

    /// Largest request body accepted, in bytes; larger requests get 413.
    #[arg(long, env = "AXON_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: u64,

    /// How far a request's signing date may be from Axon's clock, in seconds.
    #[arg(long, env = "AXON_CLOCK_SKEW_SECONDS", default_value_t = 300)]
    pub clock_skew_seconds: u64,

    /// Authorization policy file (JSON); without it any verified key may
    /// call GET and POST /reason.
    #[arg(long, env = "AXON_POLICY")]
    pub policy: Option<PathBuf>,

    /// Where accepted signatures are recorded: `memory` (this process) or
    /// `redis://HOST:PORT` (shared by replicas; requests are rejected with
    /// 503 while Redis is unreachable).
    #[arg(long, env = "AXON_REPLAY_STORE", default_value = "memory")]
    pub replay_store: String,

    /// Maximum number of signatures in the in-memory replay store; when it
    /// is full of unexpired ones, requests are rejected (503).
    #[arg(long, env = "AXON_REPLAY_CAPACITY", default_value_t = agentsec_sigv4::replay::DEFAULT_REPLAY_CAPACITY)]
    pub replay_capacity: usize,

    /// Time limit for a whole request (reading the body included), in
    /// seconds; slower requests get 408.
    #[arg(long, env = "AXON_REQUEST_TIMEOUT_SECONDS", default_value_t = 30)]
    pub request_timeout_seconds: u64,

    /// Time limit for a client to send the request line and headers, in
    /// seconds; slower connections are closed.
    #[arg(long, env = "AXON_HEADER_TIMEOUT_SECONDS", default_value_t = 10)]
    pub header_timeout_seconds: u64,

    /// Serve without SigV4 verification. Only for the load benchmark's
    /// baseline; never in deployment. The process logs a warning.
    #[arg(long, env = "AXON_INSECURE_NO_VERIFY", hide = true)]
    pub insecure_no_verify: bool,
}
