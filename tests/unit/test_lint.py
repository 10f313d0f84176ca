"""The package (and, for ruff, everything else) stays clean under the linters configured in pyproject.toml
(a missing linter fails)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.helpers import REPO


def test_ruff_is_clean():
    assert shutil.which("ruff"), "ruff is missing: it is in the dev extra"
    result = subprocess.run(["ruff", "check", "."], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
