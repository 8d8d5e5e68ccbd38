output "role_arns" {
  description = "ARN of each service role, keyed by service. Pass it to the secrets module's service_role_arns."
  value       = { for service, role in aws_iam_role.this : service => role.arn }
}

output "role_names" {
  description = "Name of each service role, keyed by service."
  value       = { for service, role in aws_iam_role.this : service => role.name }
}

output "permissions_boundary_arn" {
  description = "ARN of the managed policy that is the permissions boundary of every service role."
  value       = aws_iam_policy.boundary.arn
}

output "permissions_boundary_name" {
  description = "Name of the permissions boundary policy."
  value       = aws_iam_policy.boundary.name
}

output "role_policy_names" {
  description = "Name of each service role's inline identity policy, keyed by service."
  value       = { for service, policy in aws_iam_role_policy.this : service => policy.name }
}
