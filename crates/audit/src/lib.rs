//! Offline core of the agentsec account audit.
//!
//! The audit turns an account model into findings:
//!
//! ```text
//! collector (live AWS or snapshot file) -> model -> checks -> findings -> report
//! ```
//!
//! The parts before [`collect`] need no network access:
//!
//! - [`policy`] parses IAM policy documents, as JSON objects or as the
//!   percent-encoded strings that the IAM API returns.
//! - [`glob`] matches IAM wildcard patterns (`*` and `?`).
//! - [`eval`] is the project's own IAM policy evaluator. It answers
//!   isolation questions with three outcomes (allowed, denied, allowed only
//!   under conditions it cannot decide), so that an undecidable condition
//!   fails closed.
//! - [`model`] is the serializable IAM part of the account model, with a
//!   loader for the output of `aws iam get-account-authorization-details`.
//! - [`model`] also contains the regional parts of [`model::AccountModel`]
//!   (EC2/VPC, KMS, Secrets Manager, CloudTrail, monitoring, Access
//!   Analyzer, App Mesh); [`snapshot`] writes and reads it as files.
//! - [`finding`] and [`checks`] describe the checks and the findings they
//!   produce.
//! - [`run`] runs the selected checks with [`AuditOptions`] and
//!   [`suppression`]s into a [`report::Report`], which [`report`] renders
//!   as text, JSON, SARIF, JUnit XML or HTML and turns into an exit code.
//!
//! - [`collect`] fills the model from the live AWS APIs with the SDK for
//!   Rust: paginated, concurrent within a limit, retried on throttling.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod checks;
pub mod collect;
pub mod eval;
pub mod finding;
pub mod glob;
pub mod model;
pub mod options;
pub mod policy;
pub mod report;
mod runner;
pub mod snapshot;
pub mod suppression;
#[doc(hidden)]
pub mod testing;

pub use options::{AuditOptions, OptionsError};
pub use runner::run;
