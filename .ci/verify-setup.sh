#!/usr/bin/env bash
# Installs what tests/verify needs on a fresh machine, inside the repository:
#   node_modules/      npm ci: @cdktf/hcl2json, HashiCorp's HCL parser compiled to WASM (tests/verify/hcl.py)
#   .cache/tf-stub/    the stub Terraform providers from ../shared/tf-stub-provider (tests/verify/tfstub.py)
# Needs terraform, node >= 18 with npm, python3 >= 3.10 with venv; network for npm and PyPI on the first run.
# Idempotent: a current stub install is kept (tests reinstall it themselves when shared/ changes).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$(dirname "$repo")/shared"
stub="$repo/.cache/tf-stub"
cd "$repo"

for tool in terraform node npm python3; do
  command -v "$tool" >/dev/null || { echo "verify-setup: $tool is not on PATH" >&2; exit 1; }
done
[ -f "$shared/tf-stub-provider/install.sh" ] || {
  echo "verify-setup: no $shared/tf-stub-provider/install.sh (CI has shared/ beside the clone)" >&2
  exit 1
}

npm ci --no-audit --no-fund --loglevel=error

if python3 -c "import sys; sys.path.insert(0, 'tests/verify'); import tfstub; sys.exit(not tfstub.stub_is_current())"; then
  echo "stub providers: current in $stub"
else
  bash "$shared/tf-stub-provider/install.sh" "$stub" >/dev/null
  echo "stub providers: installed in $stub"
fi
