"""Shared fixtures of the verification suite: the committed generated roots and a per-tool summary line."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

# The checkers beside this file (tfstub, hcl, provider_schema, ...) are imported by name from the tests.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "generated"

_summaries: dict[str, list[str]] = defaultdict(list)


def service_dirs() -> list[Path]:
    """Every committed generated service folder (generated/<service>/ with a terraform/ root)."""
    return sorted(p.parent for p in GENERATED.glob("*/terraform") if p.is_dir())


def terraform_roots() -> list[Path]:
    return [d / "terraform" for d in service_dirs()]


@pytest.fixture(scope="session")
def summary():
    """Call summary(tool, text) to print `tool: text` in the end-of-run summary (issue: one line per tool)."""

    def add(tool: str, text: str) -> None:
        _summaries[tool].append(text)

    return add


def pytest_terminal_summary(terminalreporter):
    if not _summaries:
        return
    terminalreporter.section("verification summary")
    for tool in sorted(_summaries):
        for text in _summaries[tool]:
            terminalreporter.write_line(f"{tool}: {text}")
