//! Signing-key sources and the live key set the services sign and verify
//! with.
//!
//! A [`KeySource`] loads a [`KeySet`]: the key to sign with and every key
//! to accept. [`LiveKeys`] holds the current set behind an atomic pointer,
//! so swapping in a new set never blocks a request, and implements the
//! verifier's key resolver. [`spawn_reloader`] polls a source and swaps in
//! each new set; when a reload fails it keeps the last good set and logs
//! the error.
//!
//! Sources: a local JSON key file ([`file::FileKeySource`]), the default that
//! needs no AWS, and a Secrets Manager secret
//! ([`secretsmanager::SecretsManagerKeySource`]) whose versions
//! [`rotation`] rotates with the four-step protocol.
//!
//! [`source_from_spec`] turns a service's `--keys` value into a source:
//!
//! * `path/to/keys.json`: a key file, re-read every second.
//! * `secretsmanager:<secret name or ARN>`: the secret's AWSCURRENT,
//!   AWSPENDING and AWSPREVIOUS versions, polled every 30 seconds. The
//!   interval is set by `?poll=DURATION` (`secretsmanager:agentsec/orbit?poll=5s`)
//!   or by `AGENTSEC_KEYS_POLL_SECONDS`; the minimum is 1 second.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod file;
pub mod generate;
pub mod key_set;
pub mod live;
pub mod rotation;
pub mod secretsmanager;
pub mod source;

pub use file::FileKeySource;
pub use generate::{GeneratedKey, generate_key};
pub use key_set::{KeyMaterial, KeySet};
pub use live::{LiveKeys, ReloadStats, spawn_reloader};
pub use secretsmanager::SecretsManagerKeySource;
pub use source::{KeySource, KeySourceError, source_from_spec};
