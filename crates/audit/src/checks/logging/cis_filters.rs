//! The CIS monitoring controls: which CloudTrail events each metric filter
//! must select.
//!
//! The controls are those of the CIS AWS Foundations Benchmark v3.0.0,
//! section 4 (4.1 to 4.15). A filter meets a control when its pattern
//! selects every sample event of the control and none of its benign sample
//! events. So the CIS pattern, its v1.x forms and rewrites (other
//! whitespace, order, parentheses, an added `eventSource` term) all pass.
//! A pattern that misses an event name, or selects every event, fails.
//!
//! Sample events carry the CloudTrail record fields the CIS patterns test
//! (`eventSource`, `eventName`, `eventType`, `errorCode`, `userIdentity`,
//! `sourceIPAddress`, `additionalEventData`, `responseElements`), per the
//! "CloudTrail record contents" reference
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html>).

use serde_json::{Value, json};

use crate::checks::Check;
use crate::finding::Severity;

/// One CIS monitoring control.
#[derive(Debug, Clone, Copy)]
pub struct CisFilter {
    /// The check that reports the control.
    pub check: &'static Check,

    /// Events the filter must select.
    pub selects: fn() -> Vec<Value>,

    /// Events the filter must not select.
    pub ignores: fn() -> Vec<Value>,
}

/// Builds a plain API call event by an IAM user.
fn call(source: &str, name: &str) -> Value {
    json!({
        "eventVersion": "1.08",
        "eventSource": source,
        "eventName": name,
        "eventType": "AwsApiCall",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10",
        "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice"}
    })
}

fn calls(source: &str, names: &[&str]) -> Vec<Value> {
    names.iter().map(|name| call(source, name)).collect()
}

fn with(mut event: Value, patch: Value) -> Value {
    if let (Some(target), Value::Object(fields)) = (event.as_object_mut(), patch) {
        target.extend(fields);
    }
    event
}

fn console_login(mfa: &str, outcome: &str) -> Value {
    let base = call("signin.amazonaws.com", "ConsoleLogin");
    with(
        base,
        json!({
            "eventType": "AwsConsoleSignIn",
            "additionalEventData": {"MFAUsed": mfa},
            "responseElements": {"ConsoleLogin": outcome}
        }),
    )
}

macro_rules! cis_check {
    ($name:ident, $id:literal, $title:literal, $severity:expr, $cis:literal, $prowler:literal, $rationale:literal) => {
        /// The CIS control of the same title.
        pub const $name: Check = Check {
            id: $id,
            title: $title,
            severity: $severity,
            rationale: $rationale,
            remediation: "On the log group of a multi-Region trail, create a metric filter that selects these events (the CIS pattern works), an alarm on its metric, and an SNS topic with a confirmed subscription as the alarm action.",
            cis: Some($cis),
            prowler: &[$prowler],
        };
    };
}

cis_check!(
    UNAUTHORIZED_API_CALLS,
    "cloudwatch-alarm-unauthorized-api-calls",
    "Unauthorized API calls are alarmed",
    Severity::Medium,
    "v3.0.0 4.1",
    "cloudwatch_log_metric_filter_unauthorized_api_calls",
    "Bursts of AccessDenied and UnauthorizedOperation errors show probing with stolen or misconfigured credentials."
);
cis_check!(
    SIGNIN_WITHOUT_MFA,
    "cloudwatch-alarm-console-signin-without-mfa",
    "Console sign-in without MFA is alarmed",
    Severity::Medium,
    "v3.0.0 4.2",
    "cloudwatch_log_metric_filter_sign_in_without_mfa",
    "A console sign-in without MFA is a sign-in protected by a password alone."
);
cis_check!(
    ROOT_USAGE,
    "cloudwatch-alarm-root-usage",
    "Root user activity is alarmed",
    Severity::High,
    "v3.0.0 4.3",
    "cloudwatch_log_metric_filter_root_usage",
    "The root user cannot be restricted by IAM; any use of it should be rare and noticed."
);
cis_check!(
    IAM_POLICY_CHANGES,
    "cloudwatch-alarm-iam-policy-changes",
    "IAM policy changes are alarmed",
    Severity::Medium,
    "v3.0.0 4.4",
    "cloudwatch_log_metric_filter_policy_changes",
    "Changes to IAM policies change who can do what in the account."
);
cis_check!(
    CLOUDTRAIL_CHANGES,
    "cloudwatch-alarm-cloudtrail-changes",
    "CloudTrail configuration changes are alarmed",
    Severity::Medium,
    "v3.0.0 4.5",
    "cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled",
    "Stopping or changing a trail is how an intruder hides what follows."
);
cis_check!(
    CONSOLE_AUTH_FAILURES,
    "cloudwatch-alarm-console-auth-failures",
    "Console authentication failures are alarmed",
    Severity::Medium,
    "v3.0.0 4.6",
    "cloudwatch_log_metric_filter_authentication_failures",
    "Repeated failed console sign-ins show password guessing."
);
cis_check!(
    CMK_DISABLE_DELETION,
    "cloudwatch-alarm-cmk-disable-deletion",
    "Disabling or scheduled deletion of KMS keys is alarmed",
    Severity::Medium,
    "v3.0.0 4.7",
    "cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk",
    "Data encrypted with a disabled or deleted key becomes unreadable."
);
cis_check!(
    S3_BUCKET_POLICY_CHANGES,
    "cloudwatch-alarm-s3-bucket-policy-changes",
    "S3 bucket policy changes are alarmed",
    Severity::Medium,
    "v3.0.0 4.8",
    "cloudwatch_log_metric_filter_for_s3_bucket_policy_changes",
    "A bucket policy or ACL change can expose the bucket's objects."
);
cis_check!(
    CONFIG_CHANGES,
    "cloudwatch-alarm-config-changes",
    "AWS Config configuration changes are alarmed",
    Severity::Medium,
    "v3.0.0 4.9",
    "cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled",
    "Stopping the Config recorder blinds configuration history and compliance rules."
);
cis_check!(
    SECURITY_GROUP_CHANGES,
    "cloudwatch-alarm-security-group-changes",
    "Security group changes are alarmed",
    Severity::Medium,
    "v3.0.0 4.10",
    "cloudwatch_log_metric_filter_security_group_changes",
    "A security group change can open a service to the internet."
);
cis_check!(
    NACL_CHANGES,
    "cloudwatch-alarm-nacl-changes",
    "Network ACL changes are alarmed",
    Severity::Medium,
    "v3.0.0 4.11",
    "cloudwatch_changes_to_network_acls_alarm_configured",
    "A network ACL change can open a subnet to the internet."
);
cis_check!(
    NETWORK_GATEWAY_CHANGES,
    "cloudwatch-alarm-network-gateway-changes",
    "Network gateway changes are alarmed",
    Severity::Medium,
    "v3.0.0 4.12",
    "cloudwatch_changes_to_network_gateways_alarm_configured",
    "A new or reattached gateway can route traffic in from or out to networks nobody planned."
);
cis_check!(
    ROUTE_TABLE_CHANGES,
    "cloudwatch-alarm-route-table-changes",
    "Route table changes are alarmed",
    Severity::Medium,
    "v3.0.0 4.13",
    "cloudwatch_changes_to_network_route_tables_alarm_configured",
    "A route change can send private traffic through an internet gateway."
);
cis_check!(
    VPC_CHANGES,
    "cloudwatch-alarm-vpc-changes",
    "VPC changes are alarmed",
    Severity::Medium,
    "v3.0.0 4.14",
    "cloudwatch_changes_to_vpcs_alarm_configured",
    "VPC and peering changes alter which networks can reach each other."
);
cis_check!(
    ORGANIZATIONS_CHANGES,
    "cloudwatch-alarm-organizations-changes",
    "AWS Organizations changes are alarmed",
    Severity::Medium,
    "v3.0.0 4.15",
    "cloudwatch_log_metric_filter_aws_organizations_changes",
    "Organization changes move accounts and policies that bound every account."
);

/// The checks of the fifteen controls, in CIS order.
pub const CIS_CHECKS: &[&Check] = &[
    &UNAUTHORIZED_API_CALLS,
    &SIGNIN_WITHOUT_MFA,
    &ROOT_USAGE,
    &IAM_POLICY_CHANGES,
    &CLOUDTRAIL_CHANGES,
    &CONSOLE_AUTH_FAILURES,
    &CMK_DISABLE_DELETION,
    &S3_BUCKET_POLICY_CHANGES,
    &CONFIG_CHANGES,
    &SECURITY_GROUP_CHANGES,
    &NACL_CHANGES,
    &NETWORK_GATEWAY_CHANGES,
    &ROUTE_TABLE_CHANGES,
    &VPC_CHANGES,
    &ORGANIZATIONS_CHANGES,
];

/// The fifteen controls, in CIS order.
pub const CIS_FILTERS: &[CisFilter] = &[
    CisFilter {
        check: &UNAUTHORIZED_API_CALLS,
        selects: || {
            vec![
                with(
                    call("ec2.amazonaws.com", "RunInstances"),
                    json!({"errorCode": "Client.UnauthorizedOperation"}),
                ),
                with(
                    call("s3.amazonaws.com", "GetObject"),
                    json!({"errorCode": "AccessDenied"}),
                ),
            ]
        },
        ignores: || vec![call("s3.amazonaws.com", "GetObject")],
    },
    CisFilter {
        check: &SIGNIN_WITHOUT_MFA,
        selects: || vec![console_login("No", "Success")],
        ignores: || vec![console_login("Yes", "Success")],
    },
    CisFilter {
        check: &ROOT_USAGE,
        selects: || {
            vec![with(
                call("s3.amazonaws.com", "ListBuckets"),
                json!({"userIdentity": {"type": "Root", "arn": "arn:aws:iam::111122223333:root"}}),
            )]
        },
        ignores: || vec![call("s3.amazonaws.com", "ListBuckets")],
    },
    CisFilter {
        check: &IAM_POLICY_CHANGES,
        selects: || {
            calls(
                "iam.amazonaws.com",
                &[
                    "DeleteGroupPolicy",
                    "DeleteRolePolicy",
                    "DeleteUserPolicy",
                    "PutGroupPolicy",
                    "PutRolePolicy",
                    "PutUserPolicy",
                    "CreatePolicy",
                    "DeletePolicy",
                    "CreatePolicyVersion",
                    "DeletePolicyVersion",
                    "AttachRolePolicy",
                    "DetachRolePolicy",
                    "AttachUserPolicy",
                    "DetachUserPolicy",
                    "AttachGroupPolicy",
                    "DetachGroupPolicy",
                ],
            )
        },
        ignores: || calls("iam.amazonaws.com", &["ListPolicies", "GetPolicy"]),
    },
    CisFilter {
        check: &CLOUDTRAIL_CHANGES,
        selects: || {
            calls(
                "cloudtrail.amazonaws.com",
                &[
                    "CreateTrail",
                    "UpdateTrail",
                    "DeleteTrail",
                    "StartLogging",
                    "StopLogging",
                ],
            )
        },
        ignores: || {
            calls(
                "cloudtrail.amazonaws.com",
                &["DescribeTrails", "LookupEvents"],
            )
        },
    },
    CisFilter {
        check: &CONSOLE_AUTH_FAILURES,
        selects: || {
            vec![with(
                console_login("No", "Failure"),
                json!({"errorMessage": "Failed authentication"}),
            )]
        },
        ignores: || vec![console_login("Yes", "Success")],
    },
    CisFilter {
        check: &CMK_DISABLE_DELETION,
        selects: || calls("kms.amazonaws.com", &["DisableKey", "ScheduleKeyDeletion"]),
        ignores: || calls("kms.amazonaws.com", &["Decrypt", "EnableKey"]),
    },
    CisFilter {
        check: &S3_BUCKET_POLICY_CHANGES,
        selects: || {
            calls(
                "s3.amazonaws.com",
                &[
                    "PutBucketAcl",
                    "PutBucketPolicy",
                    "PutBucketCors",
                    "PutBucketLifecycle",
                    "PutBucketReplication",
                    "DeleteBucketPolicy",
                    "DeleteBucketCors",
                    "DeleteBucketLifecycle",
                    "DeleteBucketReplication",
                ],
            )
        },
        ignores: || calls("s3.amazonaws.com", &["GetObject", "GetBucketPolicy"]),
    },
    CisFilter {
        check: &CONFIG_CHANGES,
        selects: || {
            calls(
                "config.amazonaws.com",
                &[
                    "StopConfigurationRecorder",
                    "DeleteDeliveryChannel",
                    "PutDeliveryChannel",
                    "PutConfigurationRecorder",
                ],
            )
        },
        ignores: || calls("config.amazonaws.com", &["DescribeConfigurationRecorders"]),
    },
    CisFilter {
        check: &SECURITY_GROUP_CHANGES,
        selects: || {
            calls(
                "ec2.amazonaws.com",
                &[
                    "AuthorizeSecurityGroupIngress",
                    "AuthorizeSecurityGroupEgress",
                    "RevokeSecurityGroupIngress",
                    "RevokeSecurityGroupEgress",
                    "CreateSecurityGroup",
                    "DeleteSecurityGroup",
                ],
            )
        },
        ignores: || calls("ec2.amazonaws.com", &["DescribeSecurityGroups"]),
    },
    CisFilter {
        check: &NACL_CHANGES,
        selects: || {
            calls(
                "ec2.amazonaws.com",
                &[
                    "CreateNetworkAcl",
                    "CreateNetworkAclEntry",
                    "DeleteNetworkAcl",
                    "DeleteNetworkAclEntry",
                    "ReplaceNetworkAclEntry",
                    "ReplaceNetworkAclAssociation",
                ],
            )
        },
        ignores: || calls("ec2.amazonaws.com", &["DescribeNetworkAcls"]),
    },
    CisFilter {
        check: &NETWORK_GATEWAY_CHANGES,
        selects: || {
            calls(
                "ec2.amazonaws.com",
                &[
                    "CreateCustomerGateway",
                    "DeleteCustomerGateway",
                    "AttachInternetGateway",
                    "CreateInternetGateway",
                    "DeleteInternetGateway",
                    "DetachInternetGateway",
                ],
            )
        },
        ignores: || calls("ec2.amazonaws.com", &["DescribeInternetGateways"]),
    },
    CisFilter {
        check: &ROUTE_TABLE_CHANGES,
        selects: || {
            calls(
                "ec2.amazonaws.com",
                &[
                    "CreateRoute",
                    "CreateRouteTable",
                    "ReplaceRoute",
                    "ReplaceRouteTableAssociation",
                    "DeleteRouteTable",
                    "DeleteRoute",
                    "DisassociateRouteTable",
                ],
            )
        },
        ignores: || calls("ec2.amazonaws.com", &["DescribeRouteTables"]),
    },
    CisFilter {
        check: &VPC_CHANGES,
        selects: || {
            calls(
                "ec2.amazonaws.com",
                &[
                    "CreateVpc",
                    "DeleteVpc",
                    "ModifyVpcAttribute",
                    "AcceptVpcPeeringConnection",
                    "CreateVpcPeeringConnection",
                    "DeleteVpcPeeringConnection",
                    "RejectVpcPeeringConnection",
                    "AttachClassicLinkVpc",
                    "DetachClassicLinkVpc",
                    "DisableVpcClassicLink",
                    "EnableVpcClassicLink",
                ],
            )
        },
        ignores: || calls("ec2.amazonaws.com", &["DescribeVpcs"]),
    },
    CisFilter {
        check: &ORGANIZATIONS_CHANGES,
        selects: || {
            calls(
                "organizations.amazonaws.com",
                &[
                    "AcceptHandshake",
                    "AttachPolicy",
                    "CreateAccount",
                    "CreateOrganizationalUnit",
                    "CreatePolicy",
                    "DeclineHandshake",
                    "DeleteOrganization",
                    "DeleteOrganizationalUnit",
                    "DeletePolicy",
                    "DetachPolicy",
                    "DisablePolicyType",
                    "EnablePolicyType",
                    "InviteAccountToOrganization",
                    "LeaveOrganization",
                    "MoveAccount",
                    "RemoveAccountFromOrganization",
                    "UpdatePolicy",
                    "UpdateOrganizationalUnit",
                ],
            )
        },
        ignores: || {
            calls(
                "organizations.amazonaws.com",
                &["DescribeOrganization", "ListAccounts"],
            )
        },
    },
];
