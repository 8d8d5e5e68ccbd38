#!/usr/bin/env python3
"""Parse every Terraform file under a directory with python-hcl2 and report failures.

Terraform files are the .tf files and the .tftest.hcl test files.

Prints one line per file with the top-level block types it contains, then a
summary. Exits 1 if any file fails to parse, and 2 if the directory is
missing or contains no Terraform file, so that a wrong path cannot pass as a
clean run.

Usage: parse_hcl.py DIRECTORY
"""

import sys
from pathlib import Path

import hcl2
from lark.exceptions import LarkError

TERRAFORM_FILE_PATTERNS = ("*.tf", "*.tftest.hcl")


def parse_file(path: Path) -> dict:
    """Parse one HCL file and return its content as python-hcl2's dict."""
    with path.open(encoding="utf-8") as handle:
        return hcl2.load(handle)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: parse_hcl.py DIRECTORY", file=sys.stderr)
        return 2

    root = Path(argv[1])
    if not root.is_dir():
        print(f"directory not found: {root}", file=sys.stderr)
        return 2

    paths = sorted(
        path
        for pattern in TERRAFORM_FILE_PATTERNS
        for path in root.rglob(pattern)
        if ".terraform" not in path.parts
    )
    if not paths:
        print(f"no Terraform files found under {root}", file=sys.stderr)
        return 2

    failures = 0
    for path in paths:
        # LarkError is a syntax error. ValueError is invalid UTF-8 or a value
        # that python-hcl2 cannot convert.
        try:
            content = parse_file(path)
        except (LarkError, ValueError, OSError) as error:
            failures += 1
            print(f"failed to parse {path}: {type(error).__name__}: {error}", file=sys.stderr)
            continue

        block_types = ", ".join(sorted(key for key in content if not key.startswith("__"))) or "no blocks"
        print(f"parsed {path} ({block_types})")

    print(f"{len(paths) - failures} parsed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
