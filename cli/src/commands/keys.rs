//! `agentsec keys`: create signing keys.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

/// Key management subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum KeysCommand {
    /// Write a new random key to a key file (mode 0600).
    ///
    /// The access key id is 20 uppercase letters and digits, the secret 40
    /// characters, both from the operating system's CSPRNG. Prints the
    /// access key id and the path, never the secret.
    Init {
        /// The key file to create.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// Runs a keys subcommand.
pub async fn run(command: KeysCommand) -> anyhow::Result<ExitCode> {
    match command {
        KeysCommand::Init { out, force } => {
            let key = agentsec_keys::generate_key()
                .map_err(|error| anyhow::anyhow!("cannot read the operating system random source: {error}"))?;
            key.write_key_file(&out, force).with_context(|| {
                format!("cannot write key file {} (pass --force to replace an existing file)", out.display())
            })?;
            println!("created key {} in {} (mode 0600)", key.access_key_id, out.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}
