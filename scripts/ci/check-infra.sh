#!/usr/bin/env bash
# Check the Terraform code under infra/ without a provider or an AWS account.
#
# 1. Create the Python virtual environment .venv-infra in the repository root
#    if it is missing, and install the pinned checkov and python-hcl2 into it.
# 2. Parse every .tf and .tftest.hcl file under infra/ with python-hcl2
#    (scripts/ci/parse_hcl.py).
# 3. Run checkov on infra/ and fail on any failed check. A check is skipped
#    only by a "#checkov:skip=ID:reason" comment inside the resource.
#
# checkov depends on bc-python-hcl2, which installs the same top-level module
# "hcl2" as python-hcl2. In one site-packages the second install would
# overwrite the first. So python-hcl2 goes into its own directory inside the
# virtual environment, and only parse_hcl.py imports it, through PYTHONPATH.
#
# Needs python3 with the venv module, and PyPI on the first run.

set -euo pipefail

readonly CHECKOV_VERSION="3.3.30"
readonly PYTHON_HCL2_VERSION="8.1.4"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly repo_root
readonly venv="$repo_root/.venv-infra"
readonly hcl2_dir="$venv/python-hcl2"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "creating virtual environment $venv"
    python3 -m venv "$venv"
fi

installed_checkov="$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("checkov"))' 2>/dev/null || true)"
if [[ "$installed_checkov" != "$CHECKOV_VERSION" ]]; then
    echo "installing checkov $CHECKOV_VERSION"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi

installed_hcl2="$(PYTHONPATH="$hcl2_dir" "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("python-hcl2"))' 2>/dev/null || true)"
if [[ "$installed_hcl2" != "$PYTHON_HCL2_VERSION" ]]; then
    echo "installing python-hcl2 $PYTHON_HCL2_VERSION into $hcl2_dir"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade \
        --target "$hcl2_dir" "python-hcl2==$PYTHON_HCL2_VERSION"
fi

echo "parsing infra/ with python-hcl2 $PYTHON_HCL2_VERSION"
PYTHONPATH="$hcl2_dir" "$venv/bin/python" "$repo_root/scripts/ci/parse_hcl.py" "$repo_root/infra"

# The scan uses only the checks bundled with checkov. BC_SKIP_MAPPING and
# --skip-download stop it from fetching policy metadata from the Prisma Cloud
# API, and CKV_SKIP_PACKAGE_UPDATE_CHECK stops its query to PyPI for a newer
# version.
echo "running checkov $CHECKOV_VERSION on infra/"
cd "$repo_root"
BC_SKIP_MAPPING=TRUE CKV_SKIP_PACKAGE_UPDATE_CHECK=TRUE \
    "$venv/bin/checkov" -d infra --framework terraform --quiet --compact --skip-download
