//! Writes the benchmark's generated account (10,000 managed policies, 5,000
//! security groups, 2,000 roles) as a snapshot directory, for measuring
//! `agentsec audit --snapshot DIR` as a whole process.
//!
//! Run with `cargo run --release -p agentsec-audit --example synthetic_snapshot -- DIR`.

#![allow(clippy::print_stderr)]

use std::path::PathBuf;
use std::process::ExitCode;

use agentsec_audit::snapshot;
use agentsec_audit::testing::synthetic_account;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: synthetic_snapshot DIR");
        return ExitCode::from(2);
    };
    let model = synthetic_account(10_000, 5_000, 2_000);
    match snapshot::write(&dir, &model) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
