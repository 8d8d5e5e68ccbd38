#!/usr/bin/env bash
# Builds the Secrets Manager rotation function and packages it as
# target/lambda/rotation.zip, holding the one executable `bootstrap` that
# the provided.al2023 Lambda runtime starts.
#
# The binary is built for the host target. A deployable build needs the
# function's architecture and a glibc no newer than Amazon Linux 2023's:
# build on an al2023 host of that architecture (arm64 or x86_64), or pass
# the matching target, e.g.
#   CARGO_BUILD_TARGET=aarch64-unknown-linux-gnu scripts/build-rotation-lambda.sh
# with that target's toolchain and linker installed.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -p agentsec-rotation-lambda --bin bootstrap

target_dir=${CARGO_TARGET_DIR:-target}
if [[ -n "${CARGO_BUILD_TARGET:-}" ]]; then
    binary="$target_dir/$CARGO_BUILD_TARGET/release/bootstrap"
else
    binary="$target_dir/release/bootstrap"
fi
out_dir="$target_dir/lambda"
mkdir -p "$out_dir"
zip_file="$(cd "$out_dir" && pwd)/rotation.zip"
rm -f "$zip_file"

# The zip contains `bootstrap` at its root, executable (mode 0755).
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
install -m 0755 "$binary" "$stage/bootstrap"
# The release profile keeps line tables for backtraces; the deployed
# function does not need them. A host `strip` cannot read every foreign
# architecture, so a failure only leaves the binary larger.
if command -v strip >/dev/null 2>&1; then
    strip "$stage/bootstrap" || echo "warning: strip failed, packaging the unstripped binary" >&2
fi
if command -v zip >/dev/null 2>&1; then
    (cd "$stage" && zip -q -X "$zip_file" bootstrap)
else
    python3 - "$stage/bootstrap" "$zip_file" <<'PY'
import sys, zipfile
source, target = sys.argv[1], sys.argv[2]
info = zipfile.ZipInfo("bootstrap", date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = (0o100755 << 16)
info.compress_type = zipfile.ZIP_DEFLATED
with open(source, "rb") as binary, zipfile.ZipFile(target, "w") as archive:
    archive.writestr(info, binary.read())
PY
fi

echo "built $zip_file ($(uname -m) host build of bootstrap)"
