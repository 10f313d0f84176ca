"""A syrupy extension that keeps each rule's expected text output beside its fixtures:
`tests/rules/fixtures/<ID>/fail.txt`, so a change to one rule touches only that rule's folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from syrupy.data import SnapshotCollections
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

FIXTURES = Path(__file__).parent / "fixtures"


class FixtureOutput(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    write_immediately = True

    @classmethod
    def get_location(cls, *, test_location: Any, index: Any) -> str:
        return str(FIXTURES / str(index) / "fail.txt")

    @classmethod
    def get_snapshot_name(cls, *, test_location: Any, index: Any = 0) -> str:
        return str(index)

    def discover_snapshots(self, *, test_location: Any, ignore_extensions: Any = None) -> SnapshotCollections:
        return SnapshotCollections()  # the fixture folders are not syrupy's to prune
