"""The hooks of .pre-commit-hooks.yaml, run by pre-commit itself from this repository as a hook repository.

Offline: pre-commit builds the hook's virtualenv on top of this environment's packages (the hook repository
installs with pip from local files only).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli.support import ORDERS, scratch_project
from tests.helpers import REPO

# What `pip install .` of the hook repository needs.
PACKAGE = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "alpaco_gen", "templates")


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *args], cwd=cwd,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This repository's package as a git repository (a commit of the working tree, edits included)."""
    root = tmp_path_factory.mktemp("hooks")
    for name in PACKAGE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / name)
    git("init", "-q", cwd=root)
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "hooks", cwd=root)
    return root, git("rev-parse", "HEAD", cwd=root)


def pre_commit(project: Path, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(cache), "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1",
           "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)


def test_hooks_pass_on_a_clean_project_and_fail_on_a_broken_spec(hook_repo, tmp_path):
    hooks_dir, rev = hook_repo
    billing = ORDERS.split("environments:")[0].replace("service: orders", "service: billing").replace(
        "region:", "environment: dev\nregion:")
    project = scratch_project(tmp_path / "project", {"specs/orders.yaml": ORDERS, "specs/billing.yaml": billing})
    hooks = [{"id": "alpaco-gen-validate"}, {"id": "alpaco-gen-render-check"}]
    config = {"repos": [{"repo": str(hooks_dir), "rev": rev, "hooks": hooks}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    rendered = subprocess.run([sys.executable, "-m", "alpaco_gen", "render"], cwd=project, capture_output=True,
                              text=True, timeout=120)
    assert rendered.returncode == 0, rendered.stderr
    git("init", "-q", cwd=project)
    git("add", "-A", cwd=project)

    clean = pre_commit(project, tmp_path / "cache")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"^alpaco-gen validate\.+Passed$", clean.stdout, re.M)
    assert re.search(r"^alpaco-gen render --check\.+Passed$", clean.stdout, re.M)

    spec = project / "specs" / "orders.yaml"
    spec.write_text(spec.read_text().replace("api: {memory: 1024}", "api: {memory: 20480}"))
    git("add", "-A", cwd=project)
    broken = pre_commit(project, tmp_path / "cache")
    assert broken.returncode == 1
    assert re.search(r"^alpaco-gen validate\.+Failed$", broken.stdout, re.M)
    assert "error AG202 function-memory-range: [prod]" in broken.stdout
    assert "2 specs, 3 environments: 1 error, 0 warnings" in broken.stdout  # both files, one process
    assert re.search(r"^alpaco-gen render --check\.+Failed$", broken.stdout, re.M)


def test_hook_manifest_is_valid_for_pre_commit():
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest",
                             str(REPO / ".pre-commit-hooks.yaml")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
