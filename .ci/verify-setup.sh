#!/usr/bin/env bash
# Installs what tests/verify needs on a fresh machine, inside the repository and from its own files only:
#   node_modules/      npm ci: @cdktf/hcl2json, HashiCorp's HCL parser compiled to WASM (tests/verify/hcl.py)
#   .cache/tf-stub/    the stand-in Terraform providers of tests/verify/stubprovider/ (tests/verify/tfstub.py)
# Needs terraform, node >= 18 with npm, python3 >= 3.10 with venv; network for npm and PyPI on the first run.
# Idempotent: a current stub install is kept (tests reinstall it themselves when its sources change).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stub="$repo/.cache/tf-stub"
cd "$repo"

for tool in terraform node npm python3; do
  command -v "$tool" >/dev/null || { echo "verify-setup: $tool is not on PATH" >&2; exit 1; }
done

npm ci --no-audit --no-fund --loglevel=error

if python3 tests/verify/stubprovider/stamp.py --is-current "$stub"; then
  echo "stub providers: current in $stub"
else
  bash tests/verify/stubprovider/install.sh "$stub" >/dev/null
  echo "stub providers: installed in $stub"
fi
