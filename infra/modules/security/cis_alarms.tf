# CIS AWS Foundations Benchmark monitoring controls: one metric filter on the
# CloudTrail log group and one alarm per control, both built from the single
# map below. The control numbers are those of CIS v1.4.0 and later (section 4)
# and of v1.2.0 (section 3, which has no Organizations control).
#
# AWS Security Hub controls CloudWatch.1 to CloudWatch.14 fail when a filter
# adds fields or terms to the pattern that CIS gives, so the patterns below are
# kept as CIS writes them. Do not extend them.

locals {
  cis_metric_namespace = "${var.project_name}/CISBenchmark"

  cis_controls = {
    # NOTE: CIS v1.4.0 and later append terms that exclude
    # delivery.logs.amazonaws.com and HeadBucket to this pattern. This module
    # keeps the v1.2.0 pattern, which is the one Security Hub control
    # CloudWatch.2 checks.
    "unauthorized-api-calls" = {
      cis_ids     = "4.1 (v1.2.0: 3.1)"
      description = "Unauthorized API calls"
      pattern     = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }"
    }
    # CIS gives this form for accounts that also sign in through SSO. It
    # counts only successful IAM user sign-ins without MFA, and Security Hub
    # control CloudWatch.3 checks this form.
    "console-signin-without-mfa" = {
      cis_ids     = "4.2 (v1.2.0: 3.2)"
      description = "Management Console sign-in without MFA"
      pattern     = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }"
    }
    "root-account-usage" = {
      cis_ids     = "4.3 (v1.2.0: 3.3)"
      description = "Usage of the root user"
      pattern     = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"
    }
    "iam-policy-changes" = {
      cis_ids     = "4.4 (v1.2.0: 3.4)"
      description = "IAM policy changes"
      pattern     = "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }"
    }
    "cloudtrail-config-changes" = {
      cis_ids     = "4.5 (v1.2.0: 3.5)"
      description = "CloudTrail configuration changes"
      pattern     = "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }"
    }
    "console-authentication-failures" = {
      cis_ids     = "4.6 (v1.2.0: 3.6)"
      description = "Management Console authentication failures"
      pattern     = "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }"
    }
    "cmk-disable-or-deletion" = {
      cis_ids     = "4.7 (v1.2.0: 3.7)"
      description = "Disabling or scheduled deletion of customer managed keys"
      pattern     = "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }"
    }
    "s3-bucket-policy-changes" = {
      cis_ids     = "4.8 (v1.2.0: 3.8)"
      description = "S3 bucket policy changes"
      pattern     = "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }"
    }
    "config-changes" = {
      cis_ids     = "4.9 (v1.2.0: 3.9)"
      description = "AWS Config configuration changes"
      pattern     = "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }"
    }
    "security-group-changes" = {
      cis_ids     = "4.10 (v1.2.0: 3.10)"
      description = "Security group changes"
      pattern     = "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }"
    }
    "nacl-changes" = {
      cis_ids     = "4.11 (v1.2.0: 3.11)"
      description = "Network ACL changes"
      pattern     = "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }"
    }
    "network-gateway-changes" = {
      cis_ids     = "4.12 (v1.2.0: 3.12)"
      description = "Network gateway changes"
      pattern     = "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }"
    }
    # The eventSource term keeps API Gateway's CreateRoute and DeleteRoute
    # calls, which have the same event names, out of this metric.
    "route-table-changes" = {
      cis_ids     = "4.13 (v1.2.0: 3.13)"
      description = "Route table changes"
      pattern     = "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }"
    }
    "vpc-changes" = {
      cis_ids     = "4.14 (v1.2.0: 3.14)"
      description = "VPC changes"
      pattern     = "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }"
    }
    "organizations-changes" = {
      cis_ids     = "4.15"
      description = "AWS Organizations changes"
      pattern     = "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = \"AcceptHandshake\") || ($.eventName = \"AttachPolicy\") || ($.eventName = \"CreateAccount\") || ($.eventName = \"CreateOrganizationalUnit\") || ($.eventName = \"CreatePolicy\") || ($.eventName = \"DeclineHandshake\") || ($.eventName = \"DeleteOrganization\") || ($.eventName = \"DeleteOrganizationalUnit\") || ($.eventName = \"DeletePolicy\") || ($.eventName = \"DetachPolicy\") || ($.eventName = \"DisablePolicyType\") || ($.eventName = \"EnablePolicyType\") || ($.eventName = \"InviteAccountToOrganization\") || ($.eventName = \"LeaveOrganization\") || ($.eventName = \"MoveAccount\") || ($.eventName = \"RemoveAccountFromOrganization\") || ($.eventName = \"UpdatePolicy\") || ($.eventName = \"UpdateOrganizationalUnit\")) }"
    }
  }

  enabled_cis_controls = {
    for name, control in local.cis_controls : name => control
    if lookup(var.cis_alarm_controls, name, true)
  }
}

resource "aws_cloudwatch_log_metric_filter" "cis" {
  for_each = local.enabled_cis_controls

  name           = "${var.project_name}-cis-${each.key}"
  log_group_name = aws_cloudwatch_log_group.cloudtrail.name
  pattern        = each.value.pattern

  metric_transformation {
    name      = each.key
    namespace = local.cis_metric_namespace
    value     = "1"
  }
}

# Threshold 1, statistic Sum and a 300-second period are the alarm settings
# of the CIS remediation steps, so every matching event raises the alarm.
resource "aws_cloudwatch_metric_alarm" "cis" {
  for_each = local.enabled_cis_controls

  alarm_name        = "${var.project_name}-cis-${each.key}"
  alarm_description = "CIS AWS Foundations ${each.value.cis_ids}: ${each.value.description} in CloudTrail log group ${local.trail_log_group_name}."

  namespace           = local.cis_metric_namespace
  metric_name         = aws_cloudwatch_log_metric_filter.cis[each.key].metric_transformation[0].name
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"

  actions_enabled = true
  alarm_actions   = [aws_sns_topic.this.arn]

  tags = var.tags
}
