//! The inputs of an audit run: project names, region and check selection,
//! severity thresholds, suppressions and today's date.

use time::Date;

use crate::checks::{ALL_CHECKS, Check};
use crate::finding::Severity;
use crate::suppression::Suppression;

/// Error returned when the options select nothing or name unknown items.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    /// A check filter entry matches no check id.
    #[error(
        "check filter {0:?} matches no check id or id prefix; list the ids with the checks command"
    )]
    UnknownCheck(String),

    /// The project name is empty.
    #[error("project name is empty; set the project name that prefixes role, key and secret names")]
    EmptyProject,

    /// The service list is empty.
    #[error("service list is empty; name at least one service (the default is orbit and axon)")]
    NoServices,
}

/// The options of one audit run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditOptions {
    /// The project name that prefixes role, key and secret names.
    pub project_name: String,

    /// The services whose isolation and mesh membership are checked.
    pub services: Vec<String>,

    /// The regions to audit; empty means every region in the model. A
    /// region the model lacks is audited as "nothing collected", so its
    /// checks report ERROR.
    pub regions: Vec<String>,

    /// Check ids or id prefixes to run (`ec2-sg`, `iam-`); empty means all.
    pub checks: Vec<String>,

    /// Findings of checks below this severity are left out of the report.
    pub minimum_severity: Severity,

    /// An unsuppressed FAIL at or above this severity makes the exit code 1.
    pub fail_on: Severity,

    /// Suppressions to apply.
    pub suppressions: Vec<Suppression>,

    /// Today's date, which decides whether a suppression has expired.
    pub today: Date,
}

impl AuditOptions {
    /// Builds options for a project with the default services (`orbit`,
    /// `axon`), every region and check, no suppressions, and exit code 1 on
    /// any failure.
    pub fn new(project_name: &str, today: Date) -> Self {
        Self {
            project_name: project_name.to_owned(),
            services: vec!["orbit".to_owned(), "axon".to_owned()],
            regions: Vec::new(),
            checks: Vec::new(),
            minimum_severity: Severity::Info,
            fail_on: Severity::Info,
            suppressions: Vec::new(),
            today,
        }
    }

    /// Checks that the options name a project, services and known checks.
    ///
    /// # Errors
    ///
    /// Returns [`OptionsError`] for the first problem found.
    pub fn validate(&self) -> Result<(), OptionsError> {
        if self.project_name.trim().is_empty() {
            return Err(OptionsError::EmptyProject);
        }
        if self.services.is_empty() {
            return Err(OptionsError::NoServices);
        }
        for entry in &self.checks {
            if !ALL_CHECKS
                .iter()
                .any(|check| filter_matches(entry, check.id))
            {
                return Err(OptionsError::UnknownCheck(entry.clone()));
            }
        }
        Ok(())
    }

    /// Returns whether the check filter and minimum severity select `check`.
    pub fn selects(&self, check: &Check) -> bool {
        check.severity >= self.minimum_severity
            && (self.checks.is_empty()
                || self
                    .checks
                    .iter()
                    .any(|entry| filter_matches(entry, check.id)))
    }

    /// Returns whether any check of a family is selected.
    pub fn selects_any(&self, family: &[&Check]) -> bool {
        family.iter().any(|check| self.selects(check))
    }
}

/// Returns whether a filter entry selects an id: the id itself, or a prefix
/// that ends at a `-` boundary (`ec2-sg` selects `ec2-sg-open-any-port`,
/// not `ec2-sgx`).
fn filter_matches(entry: &str, id: &str) -> bool {
    if entry.is_empty() {
        return false;
    }
    match id.strip_prefix(entry) {
        Some("") => true,
        Some(rest) => entry.ends_with('-') || rest.starts_with('-'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_prefixes_stop_at_dashes() {
        assert!(filter_matches("ec2-sg", "ec2-sg-open-any-port"));
        assert!(filter_matches("ec2-", "ec2-sg-open-any-port"));
        assert!(filter_matches("iam-root-mfa", "iam-root-mfa"));
        assert!(!filter_matches("ec2-s", "ec2-sg-open-any-port"));
        assert!(!filter_matches("", "iam-root-mfa"));
    }

    #[test]
    fn validate_rejects_unknown_filter() {
        let mut options = AuditOptions::new("agentsec", time::macros::date!(2026 - 01 - 01));
        options.checks = vec!["nope".to_owned()];

        assert_eq!(
            options.validate(),
            Err(OptionsError::UnknownCheck("nope".to_owned()))
        );
    }
}
