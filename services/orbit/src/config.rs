//! Orbit's command line; every flag can also be set by its environment
//! variable.

use std::net::SocketAddr;

/// Orbit, the dispatcher. Signs every call to Axon with SigV4.
#[derive(Debug, clap::Parser)]
#[command(name = "orbit", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "ORBIT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Axon's base URL.
    #[arg(long, env = "ORBIT_AXON_URL", default_value = "http://127.0.0.1:8081")]
    pub axon_url: String,

    /// Key source: a path to a JSON key file (mode 0600), or
    /// secretsmanager:<secret id or ARN>. Orbit signs with the first key
    /// (or AWSCURRENT).
    #[arg(long, env = "ORBIT_KEYS", default_value = "keys.json")]
    pub keys: String,

    /// Credential-scope region to sign for.
    #[arg(long, env = "ORBIT_REGION", default_value = "us-east-1")]
    pub region: String,

    /// Credential-scope service to sign for.
    #[arg(long, env = "ORBIT_SERVICE", default_value = "execute-api")]
    pub service: String,

    /// Time limit for a call to Axon, in seconds.
    #[arg(long, env = "ORBIT_REQUEST_TIMEOUT_SECONDS", default_value_t = 10)]
    pub request_timeout_seconds: u64,

    /// Time limit for a client to send the request line and headers, in
    /// seconds; slower connections are closed.
    #[arg(long, env = "ORBIT_HEADER_TIMEOUT_SECONDS", default_value_t = 10)]
    pub header_timeout_seconds: u64,

    /// Largest dispatch body accepted, in bytes.
    #[arg(long, env = "ORBIT_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
}
