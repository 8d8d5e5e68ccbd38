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
    /// Manage signing keys.
    #[command(subcommand)]
    Keys(commands::keys::KeysCommand),
    /// Check a running SigV4 receiver: signed requests pass, altered ones fail.
    ValidateSigv4(commands::validate_sigv4::Args),
    /// Sign one HTTP request and send it (for manual tests and demos).
    Sign(commands::sign::Args),
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
            Command::Keys(command) => commands::keys::run(command).await,
            Command::ValidateSigv4(args) => commands::validate_sigv4::run(args).await,
            Command::Sign(args) => commands::sign::run(args).await,
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
