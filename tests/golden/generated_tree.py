"""A syrupy extension whose snapshot of a spec's rendered tree is the committed tree `generated/<service>/`.

So there is one golden record: a failing test shows the diff against the committed files, and
`pytest --snapshot-update` writes them through alpaco-gen's own writer (atomic, with its manifest), exactly as
`alpaco-gen render` would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from syrupy.data import SnapshotCollection, SnapshotCollections
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from alpaco_gen import writer
from tests.helpers import REPO

GENERATED = REPO / "generated"
SEPARATOR = "@@@@ alpaco-gen golden file: "  # starts the line naming each file
NOT_RENDERED = (writer.MANIFEST_NAME, ".terraform", ".build")  # the manifest; what terraform runs leave


def serialize_tree(files: dict[str, str]) -> str:
    return "".join(f"{SEPARATOR}{path}\n{text}" for path, text in sorted(files.items()))


def parse_tree(text: str) -> dict[str, str]:
    files = {}
    for chunk in text.split(SEPARATOR)[1:]:
        path, _, content = chunk.partition("\n")
        files[path] = content
    return files


class GeneratedTree(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    write_immediately = True

    @classmethod
    def get_location(cls, *, test_location: Any, index: Any) -> str:
        return str(GENERATED / str(index))

    @classmethod
    def get_snapshot_name(cls, *, test_location: Any, index: Any = 0) -> str:
        return str(index)

    def discover_snapshots(self, *, test_location: Any, ignore_extensions: Any = None) -> SnapshotCollections:
        return SnapshotCollections()  # generated/ is not syrupy's to prune

    def serialize(self, data: Any, **kwargs: Any) -> str:
        return serialize_tree(data)

    def read_snapshot_data_from_location(self, *, snapshot_location: str, snapshot_name: str,
                                         session_id: str) -> str | None:
        root = Path(snapshot_location)
        if not root.is_dir():
            return None
        files = {path.relative_to(GENERATED).as_posix(): path.read_text(encoding="utf-8")
                 for path in sorted(root.rglob("*"))
                 if path.is_file() and not set(path.relative_to(root).parts) & set(NOT_RENDERED)}
        return serialize_tree(files)

    @classmethod
    def write_snapshot_collection(cls, *, snapshot_collection: SnapshotCollection,
                                  name_order: dict[str, int] | None = None) -> None:
        for snapshot in snapshot_collection:
            writer.write(GENERATED, parse_tree(str(snapshot.data)), force=True)
