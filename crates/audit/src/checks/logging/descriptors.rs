//! Descriptors of the CloudTrail checks and the service alarm check; the
//! CIS metric filter checks are in [`super::cis_filters`].

use crate::checks::Check;
use crate::finding::Severity;

/// No multi-Region trail is logging.
pub const TRAIL_MULTI_REGION: Check = Check {
    id: "cloudtrail-multi-region-logging",
    title: "A multi-Region trail is logging",
    severity: Severity::High,
    rationale: "Without a logging multi-Region trail, API activity in some regions, or all of them, leaves no record.",
    remediation: "Create a multi-Region trail (or an organization trail) and start logging (cloudtrail:StartLogging).",
    cis: Some("v3.0.0 3.1"),
    prowler: &["cloudtrail_multi_region_enabled"],
};

/// A trail has no log file validation.
pub const TRAIL_LOG_VALIDATION: Check = Check {
    id: "cloudtrail-log-file-validation",
    title: "Trail log file validation is enabled",
    severity: Severity::Medium,
    rationale: "Digest files let an investigator prove that log files were not changed or deleted after delivery.",
    remediation: "Enable log file validation on the trail (EnableLogFileValidation).",
    cis: Some("v3.0.0 3.2"),
    prowler: &["cloudtrail_log_file_validation_enabled"],
};

/// A trail is not encrypted with a KMS key.
pub const TRAIL_KMS: Check = Check {
    id: "cloudtrail-kms-encryption",
    title: "Trail logs are encrypted with a KMS key",
    severity: Severity::Medium,
    rationale: "SSE-KMS adds a key policy between the log bucket's readers and the logs, and records each decryption.",
    remediation: "Set a customer managed KMS key on the trail (KmsKeyId) whose key policy lets CloudTrail encrypt.",
    cis: Some("v3.0.0 3.5"),
    prowler: &["cloudtrail_kms_encryption_enabled"],
};

/// A trail does not deliver to CloudWatch Logs.
pub const TRAIL_CLOUDWATCH: Check = Check {
    id: "cloudtrail-cloudwatch-logs",
    title: "Trail delivers to CloudWatch Logs",
    severity: Severity::Medium,
    rationale: "Metric filters and alarms on API activity need the trail's events in a CloudWatch Logs log group.",
    remediation: "Set CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn on the trail.",
    cis: Some("v1.5.0 3.4"),
    prowler: &["cloudtrail_cloudwatch_logging_enabled"],
};

/// The services' SigV4 rejection alarm is missing.
pub const SIGV4_REJECTIONS_ALARM: Check = Check {
    id: "cloudwatch-sigv4-rejections-alarm",
    title: "SigV4 rejections of the services raise an alarm",
    severity: Severity::High,
    rationale: "Every request the services reject for a bad signature is a security event; without an alarm, forged or replayed calls go unnoticed.",
    remediation: "Create the alarm <project>-sigv4-rejections on metric SigV4Rejections in namespace <project>/Security with an SNS action (the monitoring Terraform module does).",
    cis: None,
    prowler: &[],
};

/// The trail and service alarm checks.
pub const CHECKS: &[&Check] = &[
    &TRAIL_MULTI_REGION,
    &TRAIL_LOG_VALIDATION,
    &TRAIL_KMS,
    &TRAIL_CLOUDWATCH,
    &SIGV4_REJECTIONS_ALARM,
];
