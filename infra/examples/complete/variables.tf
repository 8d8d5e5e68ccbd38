variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "us-east-1"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region code such as us-east-1."
  }
}

variable "project_name" {
  description = "Prefix of every resource name. Lowercase letters, digits and hyphens."
  type        = string
  default     = "agentsec"
  nullable    = false
}

variable "tags" {
  description = "Tags that the provider adds to every resource."
  type        = map(string)
  default     = { Project = "agentsec" }
  nullable    = false
}

variable "alarm_email_addresses" {
  description = "Email addresses subscribed to the security alarm topic."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "admin_role_arns" {
  description = "IAM roles that administer the signing secret, such as the role that runs this configuration."
  type        = list(string)
  nullable    = false
}

variable "auditor_role_arns" {
  description = "IAM roles, besides the AWS Config role, that read the signing secret's metadata and policy, such as the role that runs the agentsec audit."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "axon_api_execution_arn" {
  description = "execute-api ARN of the Axon resources that Orbit may invoke, such as arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/*."
  type        = string
  nullable    = false
}

variable "lambda_package_path" {
  description = "Path of the rotation function's zip archive, built from lambda/rotation."
  type        = string
  nullable    = false
}

variable "lambda_architecture" {
  description = "Instruction set that the rotation function's package was built for: arm64 or x86_64."
  type        = string
  default     = "arm64"
  nullable    = false
}

variable "lambda_subnet_ids" {
  description = "Subnets of the rotation function, with a route to Secrets Manager and to the receivers."
  type        = list(string)
  nullable    = false
}

variable "lambda_security_group_ids" {
  description = "Security groups of the rotation function."
  type        = list(string)
  nullable    = false
}

variable "receiver_check_urls" {
  description = "Authenticated check endpoints of the services that verify signatures, called with the pending key in the testSecret step."
  type        = list(string)
  nullable    = false
}
