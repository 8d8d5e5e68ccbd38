//! `agentsec`: the command-line front end of the zero-trust layer.
//!
//! Each subcommand lives in its own file under `commands/`; the logic lives
//! in the library crates.

#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Zero-trust tooling for the Orbit/Axon agent runtime on AWS.
#[derive(Debug, Parser)]
#[command(name = "agentsec", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Audit the account (live, or offline from a snapshot) and report.
    #[command(after_help = commands::audit::EXIT_CODES_HELP)]
    Audit(commands::audit::AuditArgs),
    /// Collect the account configuration live and write a snapshot.
    Collect(commands::collect::Args),
    /// Run only the network and isolation checks of the audit.
    #[command(after_help = commands::audit::EXIT_CODES_HELP)]
    TestIsolation(commands::audit::AuditArgs),
    /// Manage signing keys.
    #[command(subcommand)]
    Keys(commands::keys::KeysCommand),
    /// Check a running SigV4 receiver: signed requests pass, altered ones fail.
    ValidateSigv4(commands::validate_sigv4::Args),
    /// Sign one HTTP request and send it (for manual tests and demos).
    Sign(commands::sign::Args),
    /// Rotate a signing-key secret in Secrets Manager now (createSecret,
    /// setSecret, testSecret, finishSecret), or cancel a stuck rotation.
    RotateSecrets(commands::rotate_secrets::Args),
    /// Local tests only: create a compliant environment in a moto server on
    /// loopback.
    #[command(hide = true)]
    ProvisionLocal(commands::provision::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    commands::init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Audit(args) => commands::audit::run(args).await,
            Command::Collect(args) => commands::collect::run(args).await,
            Command::TestIsolation(args) => commands::test_isolation::run(args).await,
            Command::Keys(command) => commands::keys::run(command).await,
            Command::ValidateSigv4(args) => commands::validate_sigv4::run(args).await,
            Command::Sign(args) => commands::sign::run(args).await,
            Command::RotateSecrets(args) => commands::rotate_secrets::run(args).await,
            Command::ProvisionLocal(args) => commands::provision::run(args).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
