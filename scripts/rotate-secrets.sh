#!/usr/bin/env bash
# Rotates the SigV4 signing secret in Secrets Manager now: runs
# `agentsec rotate-secrets` on $SECRET_ID, by default
# $PROJECT_NAME/sigv4/signing-key (PROJECT_NAME defaults to agentsec), and
# passes every argument through, for example
#   scripts/rotate-secrets.sh --verify-url http://127.0.0.1:8081/auth/check
# A --secret-id argument replaces the default.
set -euo pipefail

# shellcheck source=lib/agentsec.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/agentsec.sh"

PROJECT_NAME=${PROJECT_NAME:-agentsec}
SECRET_ID=${SECRET_ID:-$PROJECT_NAME/sigv4/signing-key}
agentsec=$(find_agentsec) || exit 2

secret_args=(--secret-id "$SECRET_ID")
has_option --secret-id "$@" && secret_args=()
exec "$agentsec" rotate-secrets "${secret_args[@]}" "$@"
