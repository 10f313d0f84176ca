#!/usr/bin/env bash
# Installs what tests/verify needs on a fresh machine, inside the repository and from its own files only:
#   node_modules/      npm ci: @cdktf/hcl2json, HashiCorp's HCL parser compiled to WASM (tests/verify/hcl.py)
#   .cache/tf-stub/    the stand-in Terraform providers of tests/verify/stubprovider/ (tests/verify/tfstub.py)
# Needs terraform, node >= 18 with npm, python3 >= 3.10 with venv; network for npm and PyPI on the first run.
# Idempotent: current npm packages and a current stub install are kept (tests reinstall the stubs themselves
# when their sources change).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stub="$repo/.cache/tf-stub"
cd "$repo"

for tool in terraform node npm python3; do
  command -v "$tool" >/dev/null || { echo "verify-setup: $tool is not on PATH" >&2; exit 1; }
done

# npm ci empties node_modules first: skip it when node_modules already holds exactly the locked versions
if python3 - <<'PY'
import json, sys
def versions(path):
    return {k: v.get("version") for k, v in json.load(open(path))["packages"].items() if k}
try:
    sys.exit(versions("package-lock.json") != versions("node_modules/.package-lock.json"))
except (OSError, ValueError, KeyError):
    sys.exit(1)
PY
then
  echo "npm packages: current in node_modules"
else
  npm ci --no-audit --no-fund --loglevel=error
fi

if python3 tests/verify/stubprovider/stamp.py --is-current "$stub"; then
  echo "stub providers: current in $stub"
else
  bash tests/verify/stubprovider/install.sh "$stub" >/dev/null
  echo "stub providers: installed in $stub"
fi
