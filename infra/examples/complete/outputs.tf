output "cloudtrail_arn" {
  description = "ARN of the multi-region CloudTrail trail."
  value       = module.security.cloudtrail_arn
}

output "alarm_topic_arn" {
  description = "ARN of the SNS topic that receives the security alarms."
  value       = module.security.alarm_topic_arn
}

output "cis_alarm_names" {
  description = "Names of the CIS alarms, keyed by control name."
  value       = module.security.cis_alarm_names
}

output "service_role_arns" {
  description = "ARN of each service role, keyed by service."
  value       = module.sigv4.role_arns
}

output "signing_secret_arn" {
  description = "ARN of the SigV4 signing secret."
  value       = module.secrets.signing_secret_arn
}

output "rotation_function_name" {
  description = "Name of the rotation function."
  value       = module.secrets.rotation_function_name
}

output "service_log_group_names" {
  description = "Name of each service log group, keyed by service."
  value       = module.monitoring.log_group_names
}

output "security_alarm_names" {
  description = "Names of the service security alarms."
  value       = module.monitoring.alarm_names
}

output "dashboard_name" {
  description = "Name of the security dashboard."
  value       = module.monitoring.dashboard_name
}
