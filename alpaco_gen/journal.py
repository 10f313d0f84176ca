"""The journal that makes a render atomic at the level of the whole tree, even against SIGKILL.

A render stages every new file as a temp file next to its target, then writes the journal (the commit
point: the list of renames and deletions still to do, and the manifest that results), then renames,
deletes, writes the manifest and removes the journal. A run killed before the journal exists leaves the
old tree plus temp files, which the next run deletes; a run killed after it leaves the journal, which the
next run replays to the end. Either way the tree is the old one or the new one, never a mix, and the
manifest matches it, so a killed render never leaves a false "edited by hand".
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from alpaco_gen.fsio import TEMP, WriteError, io, is_temp, load_json, read, refuse_outside, remove_empty_dirs, sha256
from alpaco_gen.manifest import (
    JOURNAL_NAME,
    MANIFEST_NAME,
    check_rendered_path,
    files_of,
    load_manifest,
    owner_fields,
    replace_with,
    save_manifest,
)
from alpaco_gen.records import record

_DIGEST = re.compile(r"[0-9a-f]{64}")


@record
class Replacement:
    temp: str  # paths relative to out_dir
    path: str
    digest: str


@record
class Deletion:
    path: str
    digest: str  # delete only these bytes: anything else was changed since, and is left alone


def journal_path(out_dir: Path, top: str) -> Path:
    return out_dir / top / JOURNAL_NAME


def has_journal(out_dir: Path, top: str) -> bool:
    return os.path.lexists(journal_path(out_dir, top))


def save_journal(out_dir: Path, top: str, replacements: Iterable[Replacement], deletions: Iterable[Deletion],
                 files: Mapping[str, str], owner: Mapping[str, str]) -> None:
    """Commit to a render of `top`: from here on, the next run completes it if this one is killed."""
    document = {
        "generator": "alpaco-gen", "journal": 1, **owner,
        "replace": [{"temp": r.temp, "path": r.path, "sha256": r.digest} for r in replacements],
        "delete": [{"path": d.path, "sha256": d.digest} for d in deletions],
        "files": {path.split("/", 1)[1]: digest for path, digest in sorted(files.items())},
    }
    replace_with(journal_path(out_dir, top), (json.dumps(document, indent=1) + "\n").encode("utf-8"))


def remove_journal(out_dir: Path, top: str) -> None:
    with io("remove", journal_path(out_dir, top)):
        journal_path(out_dir, top).unlink(missing_ok=True)


def replay(out_dir: Path, top: str, real_out: Path) -> None:
    """Finish the render of `top` that a killed run committed to, and make the manifest match the tree."""
    replacements, deletions, final, owner = _load(out_dir, top)
    paths = [r.temp for r in replacements] + [r.path for r in replacements] + [d.path for d in deletions]
    refuse_outside(real_out, [out_dir / p for p in (*paths, *final)])
    try:
        old = files_of(load_manifest(out_dir, top), top)
    except WriteError:
        old = {}  # replaced below by what is really on disk
    for replacement in replacements:
        temp, target = out_dir / replacement.temp, out_dir / replacement.path
        data = read(temp)
        if data is None:
            continue  # renamed before the kill
        with io("replace", target):
            if sha256(data) == replacement.digest:
                os.replace(temp, target)
            else:
                temp.unlink()
    for deletion in deletions:
        target = out_dir / deletion.path
        data = read(target)
        if data is not None and sha256(data) == deletion.digest:
            with io("delete", target):
                target.unlink()
            remove_empty_dirs(target.parent, out_dir / top)
    entries = {}
    for path in sorted(set(final) | set(old)):
        data = read(out_dir / path)
        if data is None:
            continue
        digest = sha256(data)
        if final.get(path) == digest:
            entries[path] = digest
        elif path in old:
            entries[path] = old[path]  # not replaced after all: it stays as the old manifest knew it
    save_manifest(out_dir, top, entries, owner)
    remove_journal(out_dir, top)


def leftovers(out_dir: Path, roots: Iterable[str], paths: Iterable[str]) -> list[str]:
    """Temp files of interrupted runs next to `paths` (relative to out_dir) and in the tree `roots`; temps
    are always created next to their target, so no other folder can hold one."""
    known: dict[str, set[str]] = {root: {MANIFEST_NAME, JOURNAL_NAME} for root in roots}
    for path in paths:
        folder, _, name = path.rpartition("/")
        known.setdefault(folder, {MANIFEST_NAME, JOURNAL_NAME}).add(name)
    found = []
    for folder, names in sorted(known.items()):
        try:
            entries = list(os.scandir(out_dir / folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise WriteError(f"cannot list {out_dir / folder}: {exc.strerror or exc}") from None
        found += [f"{folder}/{entry.name}" for entry in entries
                  if not entry.is_dir(follow_symlinks=False) and is_temp(entry.name, names)]
    return sorted(found)


def _load(out_dir: Path, top: str) -> tuple[list[Replacement], list[Deletion], dict[str, str], dict[str, str]]:
    path = journal_path(out_dir, top)
    document = load_json(path, "alpaco-gen journal")
    try:
        if not isinstance(document, dict):
            raise TypeError("not a mapping")
        replacements = [Replacement(e["temp"], e["path"], e["sha256"]) for e in document["replace"]]
        deletions = [Deletion(e["path"], e["sha256"]) for e in document["delete"]]
        final = {f"{top}/{name}": digest for name, digest in document["files"].items()}
        entries: list[Replacement | Deletion] = [*replacements, *deletions]
        for entry in entries:
            _check_entry(top, entry.path, entry.digest)
        for name, digest in final.items():
            _check_entry(top, name, digest)
        for replacement in replacements:
            temp, target = PurePosixPath(replacement.temp), PurePosixPath(replacement.path)
            match = TEMP.match(temp.name)
            if temp.parent != target.parent or not match or match["name"] != target.name:
                raise TypeError(f"{replacement.temp!r} is not a temp file of {replacement.path!r}")
    except (KeyError, TypeError, AttributeError, WriteError) as exc:
        raise WriteError(f"{path} is not a valid alpaco-gen journal ({exc}); remove it and render again") from None
    return replacements, deletions, final, owner_fields(document)


def _check_entry(top: str, path: object, digest: object) -> None:
    if not isinstance(path, str) or not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
        raise TypeError(f"bad entry {path!r}")
    check_rendered_path(path)
    if not path.startswith(f"{top}/"):
        raise TypeError(f"{path!r} is outside {top}/")
