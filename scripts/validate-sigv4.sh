#!/usr/bin/env bash
# Checks a running SigV4 receiver: runs `agentsec validate-sigv4` and passes
# every argument through, for example
#   scripts/validate-sigv4.sh --url http://127.0.0.1:8081/reason
# Without --keys (or AGENTSEC_KEYS) the keys come from the signing secret
# secretsmanager:$PROJECT_NAME/sigv4/signing-key (PROJECT_NAME defaults to
# agentsec). Exit status: 0 every check passed, 1 a check failed, 2 the
# receiver or the keys could not be reached.
set -euo pipefail

# shellcheck source=lib/agentsec.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/agentsec.sh"

PROJECT_NAME=${PROJECT_NAME:-agentsec}
agentsec=$(find_agentsec) || exit 2

key_args=(--keys "secretsmanager:$PROJECT_NAME/sigv4/signing-key")
if has_option --keys "$@" || [[ -n ${AGENTSEC_KEYS:-} ]]; then
    key_args=()
fi
exec "$agentsec" validate-sigv4 "${key_args[@]}" "$@"
