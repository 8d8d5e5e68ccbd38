//! Offline core of the agentsec account audit.
//!
//! The audit turns an account model into findings:
//!
//! ```text
//! collector (live AWS or snapshot file) -> model -> checks -> findings -> report
//! ```
//!
//! This crate contains the parts that need no network access:
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
//! - [`finding`] and [`checks`] describe the checks and the findings they
//!   produce.
//!
//! Live collection (AWS SDK calls) and report rendering live elsewhere.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod checks;
pub mod eval;
pub mod finding;
pub mod glob;
pub mod model;
pub mod policy;
