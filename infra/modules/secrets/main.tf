# KMS keys of the service secrets and of the shared SigV4 signing secret.
#
# Every key policy follows the split of the AWS default key policy: the
# account gets key administration only, and only the named roles may use the
# key. Key use is also limited to requests that Secrets Manager makes on the
# caller's behalf (kms:ViaService), and for the signing key to the signing
# secret's encryption context.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  account_root_arn = "arn:${local.partition}:iam::${local.account_id}:root"

  secretsmanager_service = "secretsmanager.${local.region}.amazonaws.com"

  # lookup() instead of an index, so that a missing role reaches the
  # preconditions below and their error message.
  orbit_role_arn = lookup(var.service_role_arns, "orbit", "")
  axon_role_arn  = lookup(var.service_role_arns, "axon", "")

  signing_secret_name = "${var.project_name}/sigv4/signing-key"

  # Secrets Manager appends "-" and six random characters to the name, and
  # puts the secret ARN into the encryption context of every KMS request.
  signing_secret_arn_pattern = "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:${local.signing_secret_name}-??????"

  rotation_function_name = "${var.project_name}-sigv4-rotation"
  rotation_role_name     = "${var.project_name}-rotation-role"
  rotation_log_group     = "/aws/lambda/${local.rotation_function_name}"

  # Key administration without key use: the "Allow access for Key
  # Administrators" action list of the AWS default key policy, written out
  # without wildcards. kms:CreateGrant is left out because a grant can hand
  # out kms:Decrypt.
  kms_administration_actions = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]

  # The "Allow use of the key" action list of the AWS default key policy,
  # written out without wildcards.
  kms_use_actions = [
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
  ]
}

################################################################################
# Per-service keys
################################################################################

data "aws_iam_policy_document" "service_key" {
  #checkov:skip=CKV_AWS_111:This document is a KMS key policy. In a key policy the resource "*" means this key only, and KMS rejects any other resource value.
  #checkov:skip=CKV_AWS_356:This document is a KMS key policy. In a key policy the resource "*" means this key only, and KMS rejects any other resource value.
  for_each = toset(var.services)

  statement {
    sid       = "KeyAdministration"
    actions   = local.kms_administration_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }
  }

  statement {
    sid       = "ServiceRoleUseThroughSecretsManager"
    actions   = local.kms_use_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [lookup(var.service_role_arns, each.key, "")]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.secretsmanager_service]
    }
  }

  lifecycle {
    precondition {
      condition     = endswith(lookup(var.service_role_arns, each.key, ""), ":role/${var.project_name}-${each.key}-role")
      error_message = "service_role_arns must contain the ARN of the role ${var.project_name}-${each.key}-role under the key \"${each.key}\"."
    }
  }
}

resource "aws_kms_key" "service" {
  for_each = toset(var.services)

  description             = "${var.project_name}: secrets of the ${each.key} service under ${var.project_name}/${each.key}/"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.service_key[each.key].json

  tags = var.tags
}

resource "aws_kms_alias" "service" {
  for_each = toset(var.services)

  name          = "alias/${var.project_name}-${each.key}"
  target_key_id = aws_kms_key.service[each.key].key_id
}

################################################################################
# Signing key
################################################################################

data "aws_iam_policy_document" "signing_key" {
  #checkov:skip=CKV_AWS_111:This document is a KMS key policy. In a key policy the resource "*" means this key only, and KMS rejects any other resource value.
  #checkov:skip=CKV_AWS_356:This document is a KMS key policy. In a key policy the resource "*" means this key only, and KMS rejects any other resource value.
  statement {
    sid       = "KeyAdministration"
    actions   = local.kms_administration_actions
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root_arn]
    }
  }

  # Orbit signs and Axon verifies, so both only read the secret.
  statement {
    sid       = "ServicesDecryptSigningSecret"
    actions   = ["kms:Decrypt"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.orbit_role_arn, local.axon_role_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.secretsmanager_service]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:SecretARN"
      values   = [local.signing_secret_arn_pattern]
    }
  }

  # PutSecretValue needs GenerateDataKey for the new version, and the other
  # rotation steps read versions with Decrypt.
  statement {
    sid       = "RotationFunctionUseSigningSecret"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.rotation.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = [local.secretsmanager_service]
    }

    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:SecretARN"
      values   = [local.signing_secret_arn_pattern]
    }
  }

  lifecycle {
    precondition {
      condition     = endswith(local.orbit_role_arn, ":role/${var.project_name}-orbit-role") && endswith(local.axon_role_arn, ":role/${var.project_name}-axon-role")
      error_message = "service_role_arns must contain the ARNs of the roles ${var.project_name}-orbit-role and ${var.project_name}-axon-role under the keys \"orbit\" and \"axon\"."
    }
  }
}

resource "aws_kms_key" "signing" {
  description             = "${var.project_name}: SigV4 signing secret ${local.signing_secret_name}"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.signing_key.json

  tags = var.tags
}

resource "aws_kms_alias" "signing" {
  name          = "alias/${var.project_name}-sigv4-signing"
  target_key_id = aws_kms_key.signing.key_id
}
