"""The manifest of a generated tree (`<out_dir>/<tree>/.alpaco-gen-manifest.json`): which files alpaco-gen
wrote there, the sha256 of what it wrote, and the spec that owns the tree (see ownership.py).

A manifest is input like any other: a tampered one must not make the writer touch a path outside its
tree, crash it, or claim a file in a way the checks of rendered paths would refuse.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path, PurePosixPath
from typing import Any

from alpaco_gen.fsio import WriteError, io, load_json, read, stage
from alpaco_gen.ownership import MANIFEST_NAME

JOURNAL_NAME = ".alpaco-gen-journal.json"
OWNER_FIELDS = ("spec", "service", "environment")
_DIGEST = re.compile(r"[0-9a-f]{64}")
# Terraform files the user owns beside the generated ones (docs/spec.md, Beyond the spec): alpaco-gen never
# writes, prunes or reports them, and a manifest claiming one is refused like a path out of the tree.
USER_OWNED = re.compile(r"^(.*\.user\.tf|override\.tf|.*_override\.tf)(\.json)?$")


def user_owned(path: str) -> bool:
    """A file name the user owns: `*.user.tf`, or Terraform's override files `override.tf`, `*_override.tf`."""
    return bool(USER_OWNED.match(PurePosixPath(path).name))


def check_rendered_path(path: str) -> None:
    """A path relative to the output folder: `<tree>/...`, POSIX, no `..`, no control characters."""
    pure = PurePosixPath(path)
    if (
        str(pure) != path
        or pure.is_absolute()
        or len(pure.parts) < 2
        or ".." in pure.parts
        or "\\" in path
        or pure.name in (MANIFEST_NAME, JOURNAL_NAME)
        or not path.isprintable()
    ):
        raise WriteError(f"rendered path {path!r} must be a relative POSIX path inside a service folder")
    if user_owned(path):
        raise WriteError(f"rendered path {path!r} has a name reserved for user-owned Terraform "
                         "(`*.user.tf`, `override.tf`, `*_override.tf`)")


def load_manifest(out_dir: Path, top: str) -> dict[str, Any]:
    """The manifest document of the tree `top` ({} when it has none), its file list checked."""
    path = out_dir / top / MANIFEST_NAME
    document = load_json(path, "alpaco-gen manifest")
    if document is None:
        return {}
    try:
        if not isinstance(document, dict) or not isinstance(document.get("files", {}), dict):
            raise TypeError("`files` is not a mapping")
        for name, digest in files_of(document, top).items():
            check_rendered_path(name)
            if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
                raise TypeError(f"{name!r} has no sha256")
    except (TypeError, WriteError) as exc:
        raise WriteError(f"{path} is not a valid alpaco-gen manifest ({exc}); fix or remove it") from None
    return document


def files_of(document: Mapping[str, Any], top: str) -> dict[str, str]:
    """{path relative to out_dir: sha256} of the files a manifest document of tree `top` owns."""
    return {f"{top}/{name}": digest for name, digest in document.get("files", {}).items()}


def owner_fields(document: Mapping[str, Any]) -> dict[str, str]:
    """The owner a manifest (or journal) document records, when it records one as text."""
    return {k: document[k] for k in OWNER_FIELDS if isinstance(document.get(k), str)}


def save_manifest(out_dir: Path, top: str, entries: Mapping[str, str], owner: Mapping[str, str]) -> None:
    """Replace the manifest of `top` atomically (and leave none when nothing is owned and none existed)."""
    path = out_dir / top / MANIFEST_NAME
    old = read(path)
    if old is None and not entries:
        return
    names = {path[len(top) + 1:]: digest for path, digest in entries.items()}
    document: dict[str, Any] = {"generator": "alpaco-gen", "version": 1, "files": names, **owner}
    data = (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if data != old:
        replace_with(path, data)


def replace_with(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temp file and an atomic rename."""
    tmp = stage(path, data)
    try:
        with io("replace", path):
            os.replace(tmp, path)
    finally:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
