//! One audit run: every selected check over the account model, then the
//! suppressions, giving a [`Report`].
//!
//! Regional checks run once per audited region. The logging checks judge
//! the account as a whole over the audited regions, because one
//! multi-Region trail and its log group serve them all.

use std::borrow::Cow;

use crate::checks::iam::{self, IamCheckConfig};
use crate::checks::isolation::{self, ProjectNames};
use crate::checks::{ALL_CHECKS, Scope, access_analyzer, app_mesh, logging, network};
use crate::finding::{Finding, Status};
use crate::model::{AccountModel, Collected, RegionModel, calls};
use crate::options::AuditOptions;
use crate::report::{AppliedSuppression, REPORT_SCHEMA_VERSION, Report, ReportEntry};

/// Runs the audit.
///
/// Returns a report for every input, because a missing input becomes an
/// ERROR finding naming the API call, and options that select unknown
/// checks select nothing (call [`AuditOptions::validate`] first to reject
/// them).
///
/// # Examples
///
/// ```
/// use agentsec_audit::model::AccountModel;
/// use agentsec_audit::{AuditOptions, run};
/// use time::macros::{date, datetime};
///
/// let model = AccountModel::new("111122223333", &["eu-west-1"], datetime!(2026-01-01 0:00 UTC));
/// let report = run(&model, &AuditOptions::new("agentsec", date!(2026 - 01 - 02)));
///
/// // Nothing was collected, so the checks could not run.
/// assert_eq!(report.exit_code(), 2);
/// ```
pub fn run(model: &AccountModel, options: &AuditOptions) -> Report {
    let regions = audited_regions(model, options);
    let names = ProjectNames {
        project: options.project_name.clone(),
        services: options.services.clone(),
    };
    let mut findings = Vec::new();

    // IAM is global.
    if options.selects_any(iam::CHECKS) {
        findings.extend(iam_findings(model, options));
    }

    // Regional families.
    for region in &regions {
        let scope = Scope {
            account_id: &model.account_id,
            region: &region.region,
        };
        if options.selects_any(isolation::CHECKS) {
            findings.extend(isolation::run(&model.iam, region, &scope, &names));
        }
        if options.selects_any(network::CHECKS) {
            findings.extend(network::run(&region.ec2, &scope));
        }
        if options.selects_any(app_mesh::CHECKS) {
            findings.extend(app_mesh::run(
                &region.app_mesh,
                &scope,
                &options.project_name,
                &options.services,
            ));
        }
        if options.selects_any(access_analyzer::CHECKS) {
            findings.extend(access_analyzer::run(&region.access_analyzer, &scope));
        }
    }

    // Account-wide logging over the audited regions.
    if options.selects_any(logging::CHECKS) || options.selects_any(logging::cis_filters::CIS_CHECKS)
    {
        if options.regions.is_empty() {
            findings.extend(logging::run(model, &options.project_name));
        } else {
            let view = AccountModel {
                regions: regions
                    .iter()
                    .map(|region| region.as_ref().clone())
                    .collect(),
                iam: Collected::NotCollected,
                ..model.clone_without_parts()
            };
            findings.extend(logging::run(&view, &options.project_name));
        }
    }

    findings.retain(|finding| {
        crate::checks::check_by_id(&finding.check_id).is_some_and(|check| options.selects(check))
    });

    // Group by check, in catalogue order; the sort is stable, so resources
    // keep their order within a check.
    findings.sort_by_key(|finding| {
        ALL_CHECKS
            .iter()
            .position(|check| check.id == finding.check_id)
            .unwrap_or(usize::MAX)
    });
    apply_suppressions(model, options, findings)
}

/// Returns the regions to audit, with an empty region for a requested one
/// the model lacks.
fn audited_regions<'a>(
    model: &'a AccountModel,
    options: &AuditOptions,
) -> Vec<Cow<'a, RegionModel>> {
    if options.regions.is_empty() {
        return model.regions.iter().map(Cow::Borrowed).collect();
    }
    options
        .regions
        .iter()
        .map(|name| match model.region(name) {
            Some(region) => Cow::Borrowed(region),
            None => Cow::Owned(RegionModel::new(name)),
        })
        .collect()
}

fn iam_findings(model: &AccountModel, options: &AuditOptions) -> Vec<Finding> {
    match model.iam.require(calls::IAM, "the account") {
        Ok(iam_model) => {
            let config = IamCheckConfig {
                project: options.project_name.clone(),
                services: options.services.clone(),
                ..IamCheckConfig::for_project(&options.project_name)
            };
            iam::run(iam_model, &config)
        }
        Err(reason) => iam::CHECKS
            .iter()
            .map(|check| check.finding(Status::Error, model.account_arn(), reason.clone()))
            .collect(),
    }
}

fn apply_suppressions(
    model: &AccountModel,
    options: &AuditOptions,
    findings: Vec<Finding>,
) -> Report {
    let mut warnings = Vec::new();
    let mut used = vec![false; options.suppressions.len()];

    for (index, suppression) in options.suppressions.iter().enumerate() {
        if suppression.is_expired(options.today) {
            warnings.push(format!(
                "suppression #{} ({} on {}) expired on {} and was not applied",
                index + 1,
                suppression.check_id,
                suppression.resource,
                suppression.expires
            ));
        }
    }

    let entries = findings
        .into_iter()
        .map(|finding| {
            let found = options
                .suppressions
                .iter()
                .enumerate()
                .find(|(_, suppression)| {
                    !suppression.is_expired(options.today)
                        && suppression.covers(&finding.check_id, &finding.resource)
                });
            let suppression = found.map(|(index, suppression)| {
                used[index] = true;
                AppliedSuppression {
                    reason: suppression.reason.clone(),
                    expires: suppression.expires,
                }
            });
            ReportEntry {
                finding,
                suppression,
            }
        })
        .collect();

    for (index, suppression) in options.suppressions.iter().enumerate() {
        if !used[index] && !suppression.is_expired(options.today) {
            warnings.push(format!(
                "suppression #{} ({} on {}) matched no finding",
                index + 1,
                suppression.check_id,
                suppression.resource
            ));
        }
    }

    Report {
        schema_version: REPORT_SCHEMA_VERSION,
        account_id: model.account_id.clone(),
        collected_at: model.collected_at,
        fail_on: options.fail_on,
        entries,
        warnings,
    }
}
