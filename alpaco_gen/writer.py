"""Write the rendered tree to disk: atomically, only files the tool owns, refusing to clobber hand edits.

Ownership is recorded in one manifest per rendered tree (`<out_dir>/<service>/.alpaco-gen-manifest.json`,
or `<out_dir>/<service>/<environment>/...`), because several specs render into the same `generated/` and each
render may only prune its own files. The manifest also names the spec that owns the tree (see ownership.py).
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any

from alpaco_gen.fsio import WriteError, io, make_dirs, read, remove_empty_dirs, sha256, stage
from alpaco_gen.ownership import MANIFEST_NAME, Owner, foreign_owner, nested_conflict, nested_trees

HAND_EDITED = "edited by hand since alpaco-gen wrote it; re-run with --force to overwrite"
HAND_EDITED_PRUNE = (
    "edited by hand since alpaco-gen wrote it, and no longer generated; re-run with --force to delete"
)
NOT_OURS = "not created by alpaco-gen; move it away or use --force"


class Action(str, Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    DELETE = "delete"


@dataclass(frozen=True)
class Conflict:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class FileChange:
    """What writing would do to one path (relative to out_dir); `conflict` says why it needs --force."""

    path: str
    action: Action
    content: str | None  # None for DELETE
    current: bytes | None = field(default=None, repr=False)  # bytes on disk now, None when absent
    conflict: str = ""


@dataclass(frozen=True)
class WritePlan:
    out_dir: Path
    changes: tuple[FileChange, ...]
    owned: Mapping[str, Mapping[str, str]]  # tree folder -> {path: sha256} from its manifest
    owner: Owner | None = None
    tree: str | None = None  # the one folder all changes are in, when the render named it
    tree_conflicts: tuple[Conflict, ...] = ()  # the tree is another spec's or environment's

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        return self.tree_conflicts + tuple(Conflict(c.path, c.conflict) for c in self.changes if c.conflict)

    def paths(self, action: Action) -> tuple[str, ...]:
        return tuple(c.path for c in self.changes if c.action is action)


@dataclass(frozen=True)
class WriteResult:
    """`applied` is False when conflicts stopped the write (nothing on disk changed); with force,
    `conflicts` lists what was overridden."""

    applied: bool
    conflicts: tuple[Conflict, ...] = ()
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    diff: str
    foreign: tuple[Conflict, ...] = ()  # the tree is another spec's: rendering it would be refused

    @property
    def stale(self) -> bool:
        return bool(self.changed or self.missing or self.extra or self.foreign)


def plan_write(out_dir: Path, files: Mapping[str, str], owner: Owner | None = None,
               tree: str | None = None) -> WritePlan:
    """Compare the rendered `files` with `out_dir` and the manifests there; reads only, never writes.

    `tree` is the folder all files are in, whose manifest `owner` (the spec rendering it) must own; without
    it, every top-level folder of `files` has its own manifest.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"output directory {out_dir} is not a directory")
    for path in files:
        _check_rendered_path(path)
        if tree and not path.startswith(f"{tree}/"):
            raise WriteError(f"rendered path {path!r} is outside its tree {tree!r}")
    documents = {root: _load_manifest(out_dir, root) for root in sorted({_root(p, tree) for p in files})}
    owned = {root: files_of(document, root) for root, document in documents.items()}
    tree_conflicts: list[Conflict] = []
    if owner and tree:
        reason = foreign_owner(owner, documents[tree], out_dir / tree)
        tree_conflicts += [Conflict(tree, reason)] if reason else []
        tree_conflicts += [Conflict(other, nested_conflict(other)) for other in nested_trees(out_dir, tree)]
    changes = [_plan_file(out_dir, path, files[path], owned, tree) for path in sorted(files)]
    for entries in owned.values():
        for path, digest in sorted(entries.items()):
            current = None if path in files else read(out_dir / path)
            if current is not None:
                hand_edited = sha256(current) != digest
                conflict = HAND_EDITED_PRUNE if hand_edited else ""
                changes.append(FileChange(path, Action.DELETE, None, current, conflict))
    changes.sort(key=lambda c: c.path)
    return WritePlan(out_dir, tuple(changes), owned, owner if tree else None, tree, tuple(tree_conflicts))


def apply_write(plan: WritePlan, force: bool = False) -> WriteResult:
    """Carry out `plan`; with conflicts and no `force`, write nothing and return them.

    `force` overwrites hand edits and unowned files at target paths, but never deletes an unowned file.
    Raises WriteError on I/O failure; the manifest then records exactly what was written.
    """
    conflicts = plan.conflicts
    if conflicts and not force:
        return WriteResult(applied=False, conflicts=conflicts)
    out_dir = plan.out_dir
    writes = [c for c in plan.changes if c.action in (Action.CREATE, Action.UPDATE)]
    # Start from what the manifests claim and update it as each step succeeds, so a failure half-way
    # leaves a manifest that owns what is really on disk (no more, no less).
    tree = plan.tree
    state: dict[str, dict[str, str]] = {top: {} for top in plan.owned}
    for change in plan.changes:
        top, current = _root(change.path, tree), change.current
        if change.action is Action.UNCHANGED and current is not None:
            state[top][change.path] = sha256(current)
        elif change.path in plan.owned[top] and current is not None:
            state[top][change.path] = plan.owned[top][change.path]  # still owned until replaced or deleted
    staged: dict[str, Path] = {}
    created_dirs: list[Path] = []
    finished = False
    try:
        for change in writes:
            target = out_dir / change.path
            with io("create folder for", target):
                make_dirs(target.parent, created_dirs)
            staged[change.path] = stage(target, _encode(change))
        for change in writes:
            with io("replace", out_dir / change.path):
                os.replace(staged[change.path], out_dir / change.path)
            del staged[change.path]
            state[_root(change.path, tree)][change.path] = sha256(_encode(change))
        for change in plan.changes:
            if change.action is Action.DELETE:
                target = out_dir / change.path
                with io("delete", target):
                    target.unlink(missing_ok=True)
                del state[_root(change.path, tree)][change.path]
                remove_empty_dirs(target.parent, out_dir / _root(change.path, tree))
        finished = True
    finally:
        for tmp in staged.values():
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
        for top, entries in state.items():
            _save_manifest(out_dir, top, entries, plan.owner)
        if not finished:
            for directory in reversed(created_dirs):
                with suppress(OSError):  # only succeeds where the failed write left it empty
                    directory.rmdir()
    return WriteResult(
        applied=True,
        conflicts=conflicts,
        created=plan.paths(Action.CREATE),
        updated=plan.paths(Action.UPDATE),
        deleted=plan.paths(Action.DELETE),
        unchanged=plan.paths(Action.UNCHANGED),
    )


def write(out_dir: Path, files: Mapping[str, str], force: bool = False) -> WriteResult:
    """Plan and apply in one call."""
    return apply_write(plan_write(out_dir, files), force=force)


def check(out_dir: Path, files: Mapping[str, str], owner: Owner | None = None, tree: str | None = None) -> CheckResult:
    """For `render --check`: what writing would change, with a git-style unified diff; writes nothing."""
    plan = plan_write(out_dir, files, owner, tree)
    diff = "".join(_diff(c) for c in plan.changes if c.action is not Action.UNCHANGED)
    return CheckResult(
        changed=plan.paths(Action.UPDATE),
        missing=plan.paths(Action.CREATE),
        extra=plan.paths(Action.DELETE),
        diff=diff,
        foreign=plan.tree_conflicts,
    )


def _plan_file(out_dir: Path, path: str, content: str, owned: Mapping[str, Mapping[str, str]],
               tree: str | None) -> FileChange:
    current = read(out_dir / path)
    if current is None:
        return FileChange(path, Action.CREATE, content)
    if current == content.encode("utf-8"):
        # Identical bytes: nothing to write, so adopting an unowned copy (e.g. a lost manifest) is harmless.
        return FileChange(path, Action.UNCHANGED, content, current)
    digest = owned[_root(path, tree)].get(path)
    conflict = NOT_OURS if digest is None else HAND_EDITED if sha256(current) != digest else ""
    return FileChange(path, Action.UPDATE, content, current, conflict)


def _check_rendered_path(path: str) -> None:
    pure = PurePosixPath(path)
    if (
        str(pure) != path
        or pure.is_absolute()
        or len(pure.parts) < 2
        or ".." in pure.parts
        or "\\" in path
        or pure.name == MANIFEST_NAME
    ):
        raise WriteError(f"rendered path {path!r} must be a relative POSIX path inside a service folder")


def _load_manifest(out_dir: Path, top: str) -> dict[str, Any]:
    """The manifest document of the tree `top` ({} when it has none), its file list checked."""
    path = out_dir / top / MANIFEST_NAME
    raw = read(path)
    if raw is None:
        return {}
    try:
        document = json.loads(raw.decode("utf-8"))
        for name, digest in files_of(document, top).items():
            _check_rendered_path(name)
            if not isinstance(digest, str):
                raise TypeError(name)
    except (ValueError, KeyError, TypeError, AttributeError, WriteError) as exc:
        raise WriteError(f"{path} is not a valid alpaco-gen manifest ({exc}); fix or remove it") from exc
    return document  # type: ignore[no-any-return]


def files_of(document: Mapping[str, Any], top: str) -> dict[str, str]:
    """{path relative to out_dir: sha256} of the files a manifest document of tree `top` owns."""
    return {f"{top}/{name}": digest for name, digest in document.get("files", {}).items()}


def _save_manifest(out_dir: Path, top: str, entries: Mapping[str, str], owner: Owner | None) -> None:
    path = out_dir / top / MANIFEST_NAME
    old = read(path)
    if old is None and not entries:
        return
    names = {path[len(top) + 1:]: digest for path, digest in entries.items()}
    document: dict[str, Any] = {"generator": "alpaco-gen", "version": 1, "files": names}
    if owner:
        document.update(owner.fields(out_dir / top))
    data = (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")
    if data != old:
        tmp = stage(path, data)
        try:
            with io("replace", path):
                os.replace(tmp, path)
        finally:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)


def _diff(change: FileChange) -> str:
    old = (change.current or b"").decode("utf-8", errors="replace").splitlines(keepends=True)
    new = (change.content or "").splitlines(keepends=True)
    before = "/dev/null" if change.action is Action.CREATE else f"a/{change.path}"
    after = "/dev/null" if change.action is Action.DELETE else f"b/{change.path}"
    lines = difflib.unified_diff(old, new, fromfile=before, tofile=after)
    no_eol = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith("\n") else line + no_eol for line in lines)


def _encode(change: FileChange) -> bytes:
    return (change.content or "").encode("utf-8")


def _root(path: str, tree: str | None) -> str:
    """The tree whose manifest owns `path`: `tree` when given, else the path's top-level folder."""
    return tree if tree and path.startswith(f"{tree}/") else path.split("/", 1)[0]


