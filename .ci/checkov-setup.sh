#!/usr/bin/env bash
# Creates a private virtualenv for checkov (default .cache/checkov-venv at the repo root).
#
# Why a separate venv: checkov pins exact versions of bc-python-hcl2, boto3 and friends that conflict with the
# project's own dev environment (python-hcl2 8.x, a current boto3). Tests find the venv through CHECKOV_VENV or the
# default path; tests/verify/checkov_run.py runs checkov offline from it.
#
# Idempotent: does nothing when the venv already holds the pinned version.
set -euo pipefail

CHECKOV_VERSION="${CHECKOV_VERSION:-3.3.30}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${CHECKOV_VENV:-$repo/.cache/checkov-venv}"
python="${PYTHON:-python3}"

if [ -x "$venv/bin/checkov" ] && [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("checkov"))' 2>/dev/null)" = "$CHECKOV_VERSION" ]; then
  echo "checkov $CHECKOV_VERSION already in $venv"
  exit 0
fi

rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
echo "checkov $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("checkov"))') installed in $venv"
