//! Statement-shape checks on customer-managed and inline policies.
//!
//! Each check looks for `Allow` statements that cover all resources
//! (`Resource` with a wildcard-only pattern such as `*`, or any
//! `NotResource`) and grant, respectively:
//!
//! - `*` ([`FULL_ADMIN`]);
//! - `service:*` ([`SERVICE_WILDCARD`]);
//! - anything through `NotAction` ([`NOT_ACTION_ALLOW`]);
//! - a partly wildcarded action such as `iam:Pass*` or `s3:*Object`
//!   ([`WILDCARD_ACTION`]);
//! - one of [`SENSITIVE_READ_ACTIONS`], by name or by pattern
//!   ([`SENSITIVE_READ`]).
//!
//! A grant that an unconditional `Deny` of the same policy removes on all
//! resources does not count. Only the default version of a managed policy
//! counts, because IAM applies no other; AWS-managed policies are out of
//! scope since the account cannot change them. A conditional `Allow` still
//! fails, and the message marks it as conditional.

use super::{FULL_ADMIN, NOT_ACTION_ALLOW, SENSITIVE_READ, SERVICE_WILDCARD, WILDCARD_ACTION};
use crate::checks::Check;
use crate::finding::{Finding, Status};
use crate::glob;
use crate::model::{IamModel, InlinePolicy};
use crate::policy::{ActionElement, Effect, PolicyDocument, ResourceElement, Statement};

/// Actions that read secrets or data, checked by [`SENSITIVE_READ`].
pub const SENSITIVE_READ_ACTIONS: &[&str] = &[
    "secretsmanager:GetSecretValue",
    "kms:Decrypt",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "ssm:GetParameterHistory",
    "s3:GetObject",
];

/// A policy document to examine, with where it comes from.
struct Subject<'a> {
    /// The ARN findings point at: the managed policy, or the inline policy's owner.
    resource: &'a str,

    /// The policy name used in messages.
    label: String,

    /// The document, or why it is missing.
    document: Result<&'a PolicyDocument, String>,
}

fn subjects(model: &IamModel) -> Vec<Subject<'_>> {
    let mut subjects = Vec::new();

    for policy in model
        .managed_policies
        .iter()
        .filter(|p| !p.is_aws_managed())
    {
        let document = match policy.default_version() {
            Some(version) => Ok(&version.document),
            None => Err(format!(
                "default version {} of managed policy {} was not collected",
                policy.default_version_id, policy.name
            )),
        };
        subjects.push(Subject {
            resource: &policy.arn,
            label: format!(
                "managed policy {} ({})",
                policy.name, policy.default_version_id
            ),
            document,
        });
    }

    for user in &model.users {
        push_inline(
            &mut subjects,
            "user",
            &user.name,
            &user.arn,
            &user.inline_policies,
        );
    }
    for group in &model.groups {
        push_inline(
            &mut subjects,
            "group",
            &group.name,
            &group.arn,
            &group.inline_policies,
        );
    }
    for role in &model.roles {
        push_inline(
            &mut subjects,
            "role",
            &role.name,
            &role.arn,
            &role.inline_policies,
        );
    }
    subjects
}

fn push_inline<'a>(
    subjects: &mut Vec<Subject<'a>>,
    kind: &str,
    owner: &str,
    arn: &'a str,
    policies: &'a [InlinePolicy],
) {
    for policy in policies {
        subjects.push(Subject {
            resource: arn,
            label: format!("inline policy {} of {kind} {owner}", policy.name),
            document: Ok(&policy.document),
        });
    }
}

/// Returns whether an `Allow` statement covers every resource.
fn covers_all_resources(statement: &Statement) -> bool {
    match &statement.resource {
        Some(ResourceElement::Resource(patterns)) => {
            patterns.iter().any(|p| glob::is_wildcard_only(p))
        }
        Some(ResourceElement::NotResource(_)) => true,
        None => false,
    }
}

/// Returns whether an unconditional `Deny` in the document removes
/// `action_text` (an action name, or an action pattern read as text) on
/// every resource.
fn denied_everywhere(document: &PolicyDocument, action_text: &str) -> bool {
    document.statements.iter().any(|statement| {
        let covers_action = match &statement.action {
            ActionElement::Action(patterns) => patterns
                .iter()
                .any(|p| glob::matches_ignore_case(p, action_text)),
            ActionElement::NotAction(patterns) => !patterns
                .iter()
                .any(|p| glob::matches_ignore_case(p, action_text)),
        };
        statement.effect == Effect::Deny
            && statement.condition.is_empty()
            && covers_all_resources(statement)
            && covers_action
    })
}

/// The offending patterns or actions a check found in one statement.
type Hits = Vec<String>;

/// Finds a check's hits in one statement.
type HitFinder = fn(&Statement) -> Hits;

fn action_patterns(statement: &Statement) -> &[String] {
    match &statement.action {
        ActionElement::Action(patterns) => &patterns.0,
        ActionElement::NotAction(_) => &[],
    }
}

fn is_service_wildcard(pattern: &str) -> bool {
    pattern.split_once(':').is_some_and(|(service, action)| {
        !service.is_empty() && !glob::has_wildcard(service) && glob::is_wildcard_only(action)
    })
}

fn full_admin_hits(statement: &Statement) -> Hits {
    action_patterns(statement)
        .iter()
        .filter(|p| glob::is_wildcard_only(p))
        .cloned()
        .collect()
}

fn service_wildcard_hits(statement: &Statement) -> Hits {
    action_patterns(statement)
        .iter()
        .filter(|p| is_service_wildcard(p))
        .cloned()
        .collect()
}

fn not_action_hits(statement: &Statement) -> Hits {
    match &statement.action {
        ActionElement::NotAction(patterns) => vec![format!("NotAction {:?}", patterns.0)],
        ActionElement::Action(_) => Vec::new(),
    }
}

fn wildcard_action_hits(statement: &Statement) -> Hits {
    action_patterns(statement)
        .iter()
        .filter(|p| glob::has_wildcard(p) && !glob::is_wildcard_only(p) && !is_service_wildcard(p))
        .cloned()
        .collect()
}

fn sensitive_read_hits(statement: &Statement) -> Hits {
    SENSITIVE_READ_ACTIONS
        .iter()
        .filter(|action| crate::eval::action_covers(&statement.action, action))
        .map(|action| (*action).to_owned())
        .collect()
}

/// Runs the five shape checks on every customer-managed and inline policy.
pub fn run(model: &IamModel) -> Vec<Finding> {
    let subjects = subjects(model);
    let checks: [(&Check, HitFinder); 5] = [
        (&FULL_ADMIN, full_admin_hits),
        (&SERVICE_WILDCARD, service_wildcard_hits),
        (&NOT_ACTION_ALLOW, not_action_hits),
        (&WILDCARD_ACTION, wildcard_action_hits),
        (&SENSITIVE_READ, sensitive_read_hits),
    ];

    let mut findings = Vec::new();
    for (check, hits_of) in checks {
        for subject in &subjects {
            findings.push(examine(check, hits_of, subject));
        }
    }
    findings
}

fn examine(check: &Check, hits_of: HitFinder, subject: &Subject<'_>) -> Finding {
    let document = match subject.document {
        Ok(document) => document,
        Err(ref reason) => return check.finding(Status::Error, subject.resource, reason.clone()),
    };

    let mut problems = Vec::new();
    for (index, statement) in document.statements.iter().enumerate() {
        if statement.effect != Effect::Allow || !covers_all_resources(statement) {
            continue;
        }
        let hits: Vec<String> = hits_of(statement)
            .into_iter()
            .filter(|hit| !denied_everywhere(document, deny_probe(hit)))
            .collect();
        if hits.is_empty() {
            continue;
        }
        let conditional = if statement.condition.is_empty() {
            ""
        } else {
            " under conditions"
        };
        problems.push(format!(
            "{} allows {}{conditional}",
            statement.label(index),
            hits.join(", ")
        ));
    }

    if problems.is_empty() {
        check.finding(
            Status::Pass,
            subject.resource,
            format!("{}: no such grant on all resources", subject.label),
        )
    } else {
        check.finding(
            Status::Fail,
            subject.resource,
            format!(
                "{}: {} on all resources",
                subject.label,
                problems.join("; ")
            ),
        )
    }
}

/// The text a `Deny` must cover to cancel a hit; a NotAction hit is
/// cancelled only by a deny of everything.
fn deny_probe(hit: &str) -> &str {
    if hit.starts_with("NotAction ") {
        "*"
    } else {
        hit
    }
}
