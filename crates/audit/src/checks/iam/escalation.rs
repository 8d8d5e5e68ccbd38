//! Privilege escalation: can a user or role grant itself more permissions?
//!
//! The method list follows Rhino Security Labs' "AWS IAM Privilege
//! Escalation – Methods and Mitigation" (methods 1 to 21) and later public
//! additions (SSM, SageMaker, CodeBuild, CloudFormation stack updates, EC2
//! Instance Connect). A method applies when every one of its actions is
//! allowed on some resource.
//!
//! Each principal is evaluated with the project's evaluator over all of its
//! identity policies and its permissions boundary. The identity policies are
//! the inline and attached managed ones (AWS-managed included) and, for a
//! user, those of its groups. The request is
//! [`RequestContext::for_any_resource`], so an `Allow` on any resource
//! counts, and a `Deny` cancels only if it covers every resource. Conditions the
//! evaluator cannot decide make the method "possible", which fails.
//!
//! Limits: resource scoping is not analysed further, so an `Allow` limited
//! to resources the principal cannot abuse (for example
//! `iam:CreatePolicyVersion` on AWS-managed policy ARNs, which no account
//! can change) still counts. Service-linked roles are reported as not
//! applicable, because only their AWS service can use or change them.

use super::PRIVILEGE_ESCALATION;
use crate::eval::{Decision, PolicySet, RequestContext, Ternary, evaluate};
use crate::finding::{Finding, Status};
use crate::model::{AttachedPolicy, IamIndex, IamModel, InlinePolicy};
use crate::policy::PolicyDocument;

/// One way to escalate privileges: a name and the actions it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EscalationMethod {
    /// Short description.
    pub name: &'static str,

    /// Actions that must all be allowed.
    pub actions: &'static [&'static str],
}

const fn method(name: &'static str, actions: &'static [&'static str]) -> EscalationMethod {
    EscalationMethod { name, actions }
}

/// The escalation methods checked.
pub const ESCALATION_METHODS: &[EscalationMethod] = &[
    method(
        "create a new version of a managed policy",
        &["iam:CreatePolicyVersion"],
    ),
    method(
        "switch a managed policy to another version",
        &["iam:SetDefaultPolicyVersion"],
    ),
    method(
        "pass a role to a new EC2 instance",
        &["iam:PassRole", "ec2:RunInstances"],
    ),
    method(
        "create an access key for another user",
        &["iam:CreateAccessKey"],
    ),
    method(
        "create a console password for a user",
        &["iam:CreateLoginProfile"],
    ),
    method(
        "change a user's console password",
        &["iam:UpdateLoginProfile"],
    ),
    method("attach a policy to a user", &["iam:AttachUserPolicy"]),
    method("attach a policy to a group", &["iam:AttachGroupPolicy"]),
    method("attach a policy to a role", &["iam:AttachRolePolicy"]),
    method("write an inline policy of a user", &["iam:PutUserPolicy"]),
    method("write an inline policy of a group", &["iam:PutGroupPolicy"]),
    method("write an inline policy of a role", &["iam:PutRolePolicy"]),
    method("add a user to a group", &["iam:AddUserToGroup"]),
    method(
        "rewrite a role's trust policy and assume it",
        &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
    ),
    method(
        "pass a role to a new Lambda function and invoke it",
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
    ),
    method(
        "pass a role to a new Lambda function triggered by an event source",
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
    ),
    method(
        "replace the code of an existing Lambda function",
        &["lambda:UpdateFunctionCode"],
    ),
    method(
        "pass a role to a new Glue development endpoint",
        &["iam:PassRole", "glue:CreateDevEndpoint"],
    ),
    method(
        "update an existing Glue development endpoint",
        &["glue:UpdateDevEndpoint"],
    ),
    method(
        "pass a role to a new CloudFormation stack",
        &["iam:PassRole", "cloudformation:CreateStack"],
    ),
    method(
        "pass a role to a new Data Pipeline",
        &[
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
        ],
    ),
    method(
        "update an existing CloudFormation stack",
        &["cloudformation:UpdateStack"],
    ),
    method(
        "pass a role to a new CodeBuild project",
        &[
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuild",
        ],
    ),
    method(
        "pass a role to a new SageMaker notebook",
        &["iam:PassRole", "sagemaker:CreateNotebookInstance"],
    ),
    method(
        "pass a role to a new SageMaker training job",
        &["iam:PassRole", "sagemaker:CreateTrainingJob"],
    ),
    method(
        "pass a role to a new SageMaker processing job",
        &["iam:PassRole", "sagemaker:CreateProcessingJob"],
    ),
    method(
        "open an existing SageMaker notebook",
        &["sagemaker:CreatePresignedNotebookInstanceUrl"],
    ),
    method(
        "run commands on an instance through SSM",
        &["ssm:SendCommand"],
    ),
    method(
        "open a shell on an instance through SSM",
        &["ssm:StartSession"],
    ),
    method(
        "push an SSH key to an instance",
        &["ec2-instance-connect:SendSSHPublicKey"],
    ),
];

/// The policies of one principal, or the inputs that are missing.
struct PrincipalPolicies<'a> {
    identity: Vec<&'a PolicyDocument>,
    boundary: Option<&'a PolicyDocument>,
    missing: Vec<String>,
}

impl<'a> PrincipalPolicies<'a> {
    fn new() -> Self {
        Self {
            identity: Vec::new(),
            boundary: None,
            missing: Vec::new(),
        }
    }

    fn add_inline(&mut self, policies: &'a [InlinePolicy]) {
        self.identity
            .extend(policies.iter().map(|policy| &policy.document));
    }

    fn add_attached(&mut self, index: &IamIndex<'a>, attached: &'a [AttachedPolicy]) {
        for policy in attached {
            match managed_document(index, &policy.arn) {
                Some(document) => self.identity.push(document),
                None => self.missing.push(format!("managed policy {}", policy.arn)),
            }
        }
    }

    fn set_boundary(&mut self, index: &IamIndex<'a>, arn: Option<&'a String>) {
        if let Some(arn) = arn {
            match managed_document(index, arn) {
                Some(document) => self.boundary = Some(document),
                None => self.missing.push(format!("permissions boundary {arn}")),
            }
        }
    }
}

fn managed_document<'a>(index: &IamIndex<'a>, arn: &str) -> Option<&'a PolicyDocument> {
    index
        .managed_policy(arn)
        .and_then(|policy| policy.default_version())
        .map(|version| &version.document)
}

/// Runs the escalation check on every user and role.
pub fn run(model: &IamModel) -> Vec<Finding> {
    let index = IamIndex::new(model);
    let mut findings = Vec::new();

    for user in &model.users {
        let mut policies = PrincipalPolicies::new();
        policies.add_inline(&user.inline_policies);
        policies.add_attached(&index, &user.attached_policies);
        for group_name in &user.groups {
            match index.group(group_name) {
                Some(group) => {
                    policies.add_inline(&group.inline_policies);
                    policies.add_attached(&index, &group.attached_policies);
                }
                None => policies.missing.push(format!("group {group_name}")),
            }
        }
        policies.set_boundary(&index, user.permissions_boundary_arn.as_ref());
        findings.push(examine(
            &format!("user {}", user.name),
            &user.arn,
            &policies,
        ));
    }

    for role in &model.roles {
        if role.is_service_linked() {
            findings.push(PRIVILEGE_ESCALATION.finding(
                Status::NotApplicable,
                &role.arn,
                format!(
                    "role {} is service-linked; only its AWS service can use it",
                    role.name
                ),
            ));
            continue;
        }
        let mut policies = PrincipalPolicies::new();
        policies.add_inline(&role.inline_policies);
        policies.add_attached(&index, &role.attached_policies);
        policies.set_boundary(&index, role.permissions_boundary_arn.as_ref());
        findings.push(examine(
            &format!("role {}", role.name),
            &role.arn,
            &policies,
        ));
    }
    findings
}

fn examine(label: &str, arn: &str, policies: &PrincipalPolicies<'_>) -> Finding {
    if !policies.missing.is_empty() {
        return PRIVILEGE_ESCALATION.finding(
            Status::Error,
            arn,
            format!("{label}: not in the model: {}", policies.missing.join(", ")),
        );
    }

    let set = PolicySet {
        identity_policies: policies.identity.clone(),
        permissions_boundary: policies.boundary,
        resource_policy: None,
    };
    let allowed = |action: &str| -> Result<Ternary, String> {
        let context =
            RequestContext::for_any_resource(arn, action).map_err(|error| error.to_string())?;
        Ok(match evaluate(&set, &context) {
            Decision::Allowed => Ternary::True,
            Decision::AllowedUnderConditions { .. } => Ternary::Unknown,
            Decision::Denied(_) => Ternary::False,
        })
    };

    let mut certain = Vec::new();
    let mut possible = Vec::new();
    for method in ESCALATION_METHODS {
        let mut verdict = Ternary::True;
        for action in method.actions {
            match allowed(action) {
                Ok(value) => verdict = verdict.and(value),
                Err(error) => {
                    return PRIVILEGE_ESCALATION.finding(
                        Status::Error,
                        arn,
                        format!("{label}: {error}"),
                    );
                }
            }
        }
        match verdict {
            Ternary::True => certain.push(method.name),
            Ternary::Unknown => possible.push(method.name),
            Ternary::False => {}
        }
    }

    if certain.is_empty() && possible.is_empty() {
        return PRIVILEGE_ESCALATION.finding(
            Status::Pass,
            arn,
            format!("{label}: no escalation method is allowed"),
        );
    }
    let mut parts = Vec::new();
    if !certain.is_empty() {
        parts.push(format!("can {}", certain.join("; ")));
    }
    if !possible.is_empty() {
        parts.push(format!(
            "under undecided conditions can possibly {}",
            possible.join("; ")
        ));
    }
    PRIVILEGE_ESCALATION.finding(
        Status::Fail,
        arn,
        format!("{label}: {}", parts.join("; and ")),
    )
}
