//! One module per subcommand.

pub mod audit;
mod audit_live;
pub mod client;
pub mod collect;
pub mod keys;
pub mod provision;
mod provision_iam;
mod provision_logging;
mod provision_network;
mod provision_secrets;
pub mod rotate_secrets;
pub mod sign;
pub mod test_isolation;
pub mod validate_sigv4;

/// Sends logs (warnings and errors by default, `RUST_LOG` to change) to
/// stderr so that stdout carries only the command's output.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}
