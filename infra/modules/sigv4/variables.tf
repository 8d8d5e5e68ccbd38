variable "project_name" {
  description = "Prefix of every resource name. Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.project_name))
    error_message = "project_name must be 3 to 32 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen."
  }
}

variable "tags" {
  description = "Tags added to every resource that supports tags."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "services" {
  description = "Services that get a role named <project_name>-<service>-role. Orbit and Axon are required because the module grants Orbit the right to call Axon."
  type        = list(string)
  default     = ["orbit", "axon"]
  nullable    = false

  validation {
    condition     = contains(var.services, "orbit") && contains(var.services, "axon")
    error_message = "services must contain \"orbit\" and \"axon\"."
  }

  validation {
    condition     = alltrue([for service in var.services : can(regex("^[a-z][a-z0-9-]{0,19}$", service))]) && length(distinct(var.services)) == length(var.services)
    error_message = "services must be distinct names of 1 to 20 lowercase letters, digits and hyphens, starting with a letter."
  }

  validation {
    condition     = !contains(var.services, "sigv4")
    error_message = "services must not contain \"sigv4\": <project_name>/sigv4/ is the prefix of the shared signing secret, and a service of that name would read it as its own."
  }
}

variable "trusted_service_principal" {
  description = "AWS service principal that may assume the service roles, such as ecs-tasks.amazonaws.com for ECS tasks or lambda.amazonaws.com for Lambda functions."
  type        = string
  default     = "ecs-tasks.amazonaws.com"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?$", var.trusted_service_principal))
    error_message = "trusted_service_principal must be an AWS service principal such as ecs-tasks.amazonaws.com."
  }
}

variable "axon_api_execution_arn" {
  description = "API Gateway execute-api ARN of the Axon resources that Orbit may invoke, in the form arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<method>/<path>. Wildcards are allowed after the API ID only."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:[0-9]{12}:[a-z0-9]{10}/.+$", var.axon_api_execution_arn))
    error_message = "axon_api_execution_arn must be an execute-api ARN with a literal region, account ID and 10-character API ID, such as arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/POST/*."
  }
}

variable "signing_secret_arn" {
  description = "ARN of the shared SigV4 signing secret (the secrets module's signing_secret_arn output)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[^*?]+$", var.signing_secret_arn))
    error_message = "signing_secret_arn must be the full ARN of one Secrets Manager secret, without wildcards."
  }
}

variable "signing_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the signing secret (the secrets module's signing_kms_key_arn output)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", var.signing_kms_key_arn))
    error_message = "signing_kms_key_arn must be a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab."
  }
}

variable "service_kms_key_arns" {
  description = "ARN of each service's own KMS key, keyed by service (the secrets module's service_kms_key_arns output). A service listed here may decrypt the secrets under its own prefix <project_name>/<service>/."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for arn in values(var.service_kms_key_arns) : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[a-zA-Z0-9-]+$", arn))])
    error_message = "service_kms_key_arns must map service names to KMS key ARNs."
  }
}
