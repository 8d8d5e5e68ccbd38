#!/usr/bin/env bash
# Installs the system tools the tests and the demo need when they are
# missing: curl (an independent SigV4 signer) and redis-server (the shared
# replay store). Uses apt-get, as root or through sudo.
set -euo pipefail

missing=()
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
    run=()
elif command -v sudo >/dev/null 2>&1; then
    run=(sudo)
else
    echo "error: missing ${missing[*]}; install them (apt-get install ${missing[*]}) and retry" >&2
    exit 2
fi
echo "installing ${missing[*]} with apt-get"
"${run[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
