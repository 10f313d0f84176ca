#!/usr/bin/env bash
# Installs the checkers the test suite runs that are not Python packages of the main environment:
# npm packages (HashiCorp's HCL parser), the stub Terraform providers, and checkov in its own venv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/verify-setup.sh"
if [ -f "$here/checkov-setup.sh" ]; then
  bash "$here/checkov-setup.sh"
fi
bash "$here/runtime-setup.sh"
