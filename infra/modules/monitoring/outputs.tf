output "log_group_names" {
  description = "Name of each service log group, keyed by service."
  value       = { for service, group in aws_cloudwatch_log_group.this : service => group.name }
}

output "log_group_arns" {
  description = "ARN of each service log group, keyed by service."
  value       = { for service, group in aws_cloudwatch_log_group.this : service => group.arn }
}

output "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the service log groups: kms_key_arn, or the key this module created."
  value       = local.log_kms_key_arn
}

output "metric_namespace" {
  description = "CloudWatch namespace of the security metrics."
  value       = local.metric_namespace
}

output "metric_names" {
  description = "Names of all security metrics: SigV4Rejections, SigV4Replays, AuthorizationDenials and one SigV4Rejections-<reason> per reason code."
  value = concat(
    [for metric in values(local.event_metrics) : metric.metric_name],
    [for reason in local.sigv4_rejection_reasons : "SigV4Rejections-${reason}"],
  )
}

output "alarm_names" {
  description = "Names of the alarms, keyed by alarm (sigv4-rejections, sigv4-replays, authz-denials)."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.alarm_name }
}

output "alarm_arns" {
  description = "ARNs of the alarms, keyed by alarm."
  value       = { for key, alarm in aws_cloudwatch_metric_alarm.this : key => alarm.arn }
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
