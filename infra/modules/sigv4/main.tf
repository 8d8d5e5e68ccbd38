# IAM roles of the Orbit and Axon services: a shared permissions boundary
# that caps what any service role can do, and least-privilege identity
# policies under it. Orbit may invoke Axon's API. Both may read the shared
# SigV4 signing secret, and each service may read the secrets under its own
# prefix <project_name>/<service>/.
#
# Access to a secret also needs the secret's resource policy and the KMS key
# policy to allow it. The secrets module writes those.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  boundary_name = "${var.project_name}-service-boundary"

  # The services that sign or verify requests with the shared signing key.
  signing_services = ["orbit", "axon"]

  # Secrets Manager calls KMS on the caller's behalf, and the ViaService
  # condition keeps the key permissions usable only through Secrets Manager.
  secretsmanager_service = "secretsmanager.${local.region}.amazonaws.com"
}

################################################################################
# Permissions boundary
################################################################################

data "aws_iam_policy_document" "boundary" {
  statement {
    sid = "ReadProjectSecrets"
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
    ]
    resources = ["arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:${var.project_name}/*"]
  }

  # Project keys are recognized by alias, because the key IDs are not known
  # when the boundary is created. KMS evaluates kms:ResourceAliases for
  # operations on a key, and an alias change can take up to five minutes to
  # affect authorization.
  statement {
    sid       = "DecryptWithProjectKeys"
    actions   = ["kms:Decrypt"]
    resources = ["arn:${local.partition}:kms:${local.region}:${local.account_id}:key/*"]

    condition {
      test     = "ForAnyValue:StringLike"
      variable = "kms:ResourceAliases"
      values   = ["alias/${var.project_name}-*"]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.secretsmanager_service]
    }
  }

  statement {
    sid       = "InvokeApisInThisAccount"
    actions   = ["execute-api:Invoke"]
    resources = ["arn:${local.partition}:execute-api:${local.region}:${local.account_id}:*"]
  }

  # Redundant while the statements above are the only allows, but it keeps
  # identity and organization changes out of reach if someone widens them.
  statement {
    sid       = "DenyIdentityAndOrganizationChanges"
    effect    = "Deny"
    actions   = ["iam:*", "organizations:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "boundary" {
  name        = local.boundary_name
  description = "Permissions boundary of the ${var.project_name} service roles: read project secrets, decrypt with project keys through Secrets Manager, invoke APIs in this account."
  policy      = data.aws_iam_policy_document.boundary.json

  tags = var.tags
}

################################################################################
# Service roles
################################################################################

data "aws_iam_policy_document" "assume_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = [var.trusted_service_principal]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = toset(var.services)

  name                 = "${var.project_name}-${each.key}-role"
  description          = "Role of the ${each.key} service of ${var.project_name}."
  assume_role_policy   = data.aws_iam_policy_document.assume_role.json
  permissions_boundary = aws_iam_policy.boundary.arn

  tags = var.tags
}

data "aws_iam_policy_document" "service" {
  for_each = toset(var.services)

  dynamic "statement" {
    for_each = each.key == "orbit" ? [var.axon_api_execution_arn] : []

    content {
      sid       = "InvokeAxonApi"
      actions   = ["execute-api:Invoke"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = contains(local.signing_services, each.key) ? [var.signing_secret_arn] : []

    content {
      sid = "ReadSigningSecret"
      actions = [
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
      ]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = contains(local.signing_services, each.key) ? [var.signing_kms_key_arn] : []

    content {
      sid       = "DecryptSigningSecret"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = [local.secretsmanager_service]
      }
    }
  }

  # Secrets Manager appends "-" and six random characters to a secret name to
  # form its ARN, so the prefix pattern ends with "*".
  statement {
    sid = "ReadOwnSecrets"
    actions = [
      "secretsmanager:DescribeSecret",
      "secretsmanager:GetSecretValue",
    ]
    resources = ["arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:${var.project_name}/${each.key}/*"]
  }

  dynamic "statement" {
    for_each = [for service, arn in var.service_kms_key_arns : arn if service == each.key]

    content {
      sid       = "DecryptOwnSecrets"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = [local.secretsmanager_service]
      }
    }
  }
}

resource "aws_iam_role_policy" "this" {
  for_each = toset(var.services)

  name   = "${var.project_name}-${each.key}-policy"
  role   = aws_iam_role.this[each.key].id
  policy = data.aws_iam_policy_document.service[each.key].json
}
