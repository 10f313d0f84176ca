"""Write the rendered tree to disk: atomically, only files the tool owns, refusing to clobber hand edits.

Ownership is recorded in one manifest per rendered tree (`<out_dir>/<service>/.alpaco-gen-manifest.json`,
or `<out_dir>/<service>/<environment>/...`), because several specs render into the same `generated/` and each
render may only prune its own files. The manifest also names the spec that owns the tree (see ownership.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import field
from enum import Enum
from pathlib import Path

from alpaco_gen import journal
from alpaco_gen.fsio import (
    OutsideOutput,
    WriteError,
    io,
    make_dirs,
    read,
    real_folder,
    refuse_outside,
    remove_empty_dirs,
    sha256,
    stage,
)
from alpaco_gen.journal import Deletion, Replacement
from alpaco_gen.manifest import JOURNAL_NAME, check_rendered_path, files_of, load_manifest, save_manifest
from alpaco_gen.ownership import MANIFEST_NAME, Owner, foreign_owner, nested_conflict, nested_trees
from alpaco_gen.records import record

__all__ = ["JOURNAL_NAME", "MANIFEST_NAME", "OutsideOutput", "WriteError", "check", "plan_write", "write"]

HAND_EDITED = "edited by hand since alpaco-gen wrote it; re-run with --force to overwrite"
HAND_EDITED_PRUNE = "edited by hand since alpaco-gen wrote it, and no longer generated; re-run with --force to delete"
NOT_OURS = "not created by alpaco-gen; move it away or use --force"


class Action(str, Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    DELETE = "delete"


@record
class Conflict:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@record
class FileChange:
    """What writing would do to one path (relative to out_dir); `conflict` says why it needs --force."""

    path: str
    action: Action
    content: str | None  # None for DELETE
    current: bytes | None = field(default=None, repr=False)  # bytes on disk now, None when absent
    conflict: str = ""


@record
class WritePlan:
    out_dir: Path
    changes: tuple[FileChange, ...]
    owned: Mapping[str, Mapping[str, str]]  # tree folder -> {path: sha256} from its manifest
    owner: Owner | None = None
    tree: str | None = None  # the one folder all changes are in, when the render named it
    tree_conflicts: tuple[Conflict, ...] = ()  # the tree is another spec's or environment's
    leftovers: tuple[str, ...] = ()  # temp files that killed runs left behind (relative to out_dir)
    interrupted: tuple[str, ...] = ()  # trees whose journal a killed run left: replayed before writing

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        return self.tree_conflicts + tuple(Conflict(c.path, c.conflict) for c in self.changes if c.conflict)

    def paths(self, action: Action) -> tuple[str, ...]:
        return tuple(c.path for c in self.changes if c.action is action)

    def files(self) -> dict[str, str]:
        """The rendered tree the plan was made for."""
        return {c.path: c.content for c in self.changes if c.content is not None and c.action is not Action.DELETE}


@record
class WriteResult:
    """`applied` is False when conflicts stopped the write (nothing on disk changed); with force,
    `conflicts` lists what was overridden."""

    applied: bool
    conflicts: tuple[Conflict, ...] = ()
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    cleaned: tuple[str, ...] = ()  # temp files of killed runs, deleted


@record
class CheckResult:
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    extra: tuple[str, ...]
    diff: str
    foreign: tuple[Conflict, ...] = ()  # the tree is another spec's: rendering it would be refused
    leftovers: tuple[str, ...] = ()
    interrupted: tuple[str, ...] = ()

    @property
    def stale(self) -> bool:
        return bool(self.changed or self.missing or self.extra or self.foreign or self.leftovers or self.interrupted)


def plan_write(out_dir: Path, files: Mapping[str, str], owner: Owner | None = None,
               tree: str | None = None) -> WritePlan:
    """Compare the rendered `files` with `out_dir` and the manifests there; reads only, never writes.

    `tree` is the folder all files are in, whose manifest `owner` (the spec rendering it) must own; without
    it, every top-level folder of `files` has its own manifest. Every path is checked before anything is
    read: one that leads out of `out_dir` through a symlink (a rendered file, the manifest, a manifest
    entry) raises OutsideOutput.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"output directory {out_dir} is not a directory")
    for path in files:
        check_rendered_path(path)
        if tree and not path.startswith(f"{tree}/"):
            raise WriteError(f"rendered path {path!r} is outside its tree {tree!r}")
    real_out = real_folder(out_dir)
    roots = sorted({_root(p, tree) for p in files})
    refuse_outside(real_out, [out_dir / root / MANIFEST_NAME for root in roots])
    documents = {root: load_manifest(out_dir, root) for root in roots}
    owned = {root: files_of(document, root) for root, document in documents.items()}
    every_path = sorted(set(files) | {p for entries in owned.values() for p in entries})
    refuse_outside(real_out, [out_dir / p for p in every_path])
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
    return WritePlan(out_dir, tuple(changes), owned, owner if tree else None, tree, tuple(tree_conflicts),
                     tuple(journal.leftovers(out_dir, roots, every_path)),
                     tuple(root for root in roots if journal.has_journal(out_dir, root)))


def apply_write(plan: WritePlan, force: bool = False) -> WriteResult:
    """Carry out `plan`; with conflicts and no `force`, write nothing and return them. A render a killed run
    committed to (its journal, see journal.py) is completed first, and the plan made again.

    `force` overwrites hand edits and unowned files at target paths, but never deletes an unowned file.
    Raises WriteError on I/O failure; the manifest then records exactly what was written.
    """
    if plan.interrupted:
        real_out = real_folder(plan.out_dir)
        for root in plan.interrupted:
            journal.replay(plan.out_dir, root, real_out)
        plan = plan_write(plan.out_dir, plan.files(), plan.owner, plan.tree)
    conflicts = plan.conflicts
    if conflicts and not force:
        return WriteResult(applied=False, conflicts=conflicts)
    out_dir, tree = plan.out_dir, plan.tree
    for leftover in plan.leftovers:
        with io("delete", out_dir / leftover):
            (out_dir / leftover).unlink(missing_ok=True)
    writes = [c for c in plan.changes if c.action in (Action.CREATE, Action.UPDATE)]
    deletes = [c for c in plan.changes if c.action is Action.DELETE]
    owners = {top: plan.owner.fields(out_dir / top) if plan.owner else {} for top in plan.owned}
    # Start from what the manifests claim and update it as each step succeeds, so a failure half-way
    # leaves a manifest that owns what is really on disk (no more, no less).
    state: dict[str, dict[str, str]] = {top: {} for top in plan.owned}
    for change in plan.changes:
        top, current = _root(change.path, tree), change.current
        if change.action is Action.UNCHANGED and current is not None:
            state[top][change.path] = sha256(current)
        elif change.path in plan.owned[top] and current is not None:
            state[top][change.path] = plan.owned[top][change.path]  # still owned until replaced or deleted
    staged: dict[str, Path] = {}
    created_dirs: list[Path] = []
    committed: list[str] = []
    finished = False
    try:
        for change in writes:
            target = out_dir / change.path
            with io("create folder for", target):
                make_dirs(target.parent, created_dirs)
            staged[change.path] = stage(target, _encode(change))
        for top in sorted(plan.owned):  # the commit point: from here a killed run is completed by the next
            mine = [c for c in plan.changes if _root(c.path, tree) == top]
            if any(c.action is not Action.UNCHANGED for c in mine):
                journal.save_journal(out_dir, top, [
                    Replacement(staged[c.path].relative_to(out_dir).as_posix(), c.path, sha256(_encode(c)))
                    for c in mine if c.path in staged], [
                    Deletion(c.path, sha256(c.current or b"")) for c in mine if c.action is Action.DELETE],
                    {c.path: sha256(_encode(c)) for c in mine if c.action is not Action.DELETE}, owners[top])
                committed.append(top)
        for change in writes:
            with io("replace", out_dir / change.path):
                os.replace(staged[change.path], out_dir / change.path)
            del staged[change.path]
            state[_root(change.path, tree)][change.path] = sha256(_encode(change))
        for change in deletes:
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
            save_manifest(out_dir, top, entries, owners[top])
        for top in committed:  # the manifest now says what is on disk: nothing left to replay
            journal.remove_journal(out_dir, top)
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
        cleaned=plan.leftovers,
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
        leftovers=plan.leftovers,
        interrupted=plan.interrupted,
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


def _diff(change: FileChange) -> str:
    import difflib  # only --check prints diffs

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


