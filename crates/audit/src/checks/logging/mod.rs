//! Logging and monitoring checks: CloudTrail ([`trails`]), the CIS metric
//! filters with their alarms ([`alarms`], [`cis_filters`]) and the
//! services' SigV4 rejection alarm.
//!
//! These checks judge the account as a whole, because a multi-Region trail
//! and its log group serve every region. Their findings point at the trail,
//! the log group or the account.

pub mod alarms;
pub mod cis_filters;
mod descriptors;
pub mod filter_pattern;
pub mod trails;

pub use descriptors::*;

use crate::finding::Finding;
use crate::model::AccountModel;

/// Runs every logging and monitoring check.
pub fn run(model: &AccountModel, project: &str) -> Vec<Finding> {
    let inventory = trails::TrailInventory::gather(model);
    let mut findings = trails::run(model, &inventory);
    findings.extend(alarms::cis(model, &inventory));
    findings.extend(alarms::sigv4_rejections(model, project));
    findings
}

#[cfg(test)]
mod tests;
