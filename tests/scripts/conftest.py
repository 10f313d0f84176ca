"""Fixtures of the script tests: a sandbox repo root with fake aws, docker, git, terraform, alpaco-gen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scripts.fakes import Sandbox


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return Sandbox(tmp_path / "repo")
