"""Small helpers shared by tests: spec texts, terraform runs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPECS = sorted((REPO / "specs").glob("*.yaml"))
REFERENCE = REPO / "specs" / "problem_service.yaml"


def terraform(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the terraform binary (on PATH on every machine of this project); a missing binary fails."""
    binary = shutil.which("terraform")
    assert binary, "terraform is not on PATH: install Terraform 1.11 (see README)"
    env = {**os.environ, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    return subprocess.run([binary, *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=env,
                          timeout=300)
