# All four agentsec modules wired together for one account and region.
#
# The modules pass ARNs to each other in both directions (the secrets module
# needs the service roles of the sigv4 module, and the sigv4 module needs the
# keys and the secret of the secrets module). Terraform resolves this because
# no resource depends on itself through the chain: the roles come first, then
# the keys and the secret, then the roles' identity policies.

provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}

module "security" {
  source = "../../modules/security"

  project_name          = var.project_name
  alarm_email_addresses = var.alarm_email_addresses
}

module "sigv4" {
  source = "../../modules/sigv4"

  project_name           = var.project_name
  axon_api_execution_arn = var.axon_api_execution_arn
  signing_secret_arn     = module.secrets.signing_secret_arn
  signing_kms_key_arn    = module.secrets.signing_kms_key_arn
  service_kms_key_arns   = module.secrets.service_kms_key_arns
}

module "secrets" {
  source = "../../modules/secrets"

  project_name      = var.project_name
  service_role_arns = module.sigv4.role_arns
  admin_role_arns   = var.admin_role_arns

  # AWS Config records the secret's metadata, so its role must not fall
  # under the secret policy's deny.
  auditor_role_arns = concat([module.security.config_role_arn], var.auditor_role_arns)

  lambda_package_path       = var.lambda_package_path
  lambda_architecture       = var.lambda_architecture
  lambda_subnet_ids         = var.lambda_subnet_ids
  lambda_security_group_ids = var.lambda_security_group_ids
  receiver_check_urls       = var.receiver_check_urls
}

module "monitoring" {
  source = "../../modules/monitoring"

  project_name        = var.project_name
  alarm_sns_topic_arn = module.security.alarm_topic_arn
}
